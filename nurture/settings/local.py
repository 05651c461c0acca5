"""Laptop settings: debug on, embedded defaults, static files straight from the finders."""
from .base import *  # noqa: F403
from .base import INSTALLED_APPS, TOOLING_APPS, env

DEBUG = env.bool("DEBUG", default=True)
WHITENOISE_USE_FINDERS = True

INSTALLED_APPS = [*INSTALLED_APPS, *TOOLING_APPS]
