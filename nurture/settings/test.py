"""Test settings: the real database from DATABASE_URL (PostgreSQL in CI), SQLite otherwise."""
from .base import *  # noqa: F403
from .base import DATABASES, INSTALLED_APPS, TOOLING_APPS, env

DEBUG = False
SECRET_KEY = "test-only-key"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True

if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # An in-memory database per test run; the file under var/ is for make run.
    DATABASES["default"] = {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}

# Tasks run in-process unless a test starts a real worker (see outreach tests).
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=True)
CELERY_TASK_EAGER_PROPAGATES = True

INSTALLED_APPS = [*INSTALLED_APPS, *TOOLING_APPS]

# The webhook tests post to a real HTTP server on 127.0.0.1 (outreach/webhooks/tests).
WEBHOOK_ALLOW_LOOPBACK = True
# Career watch's tests serve their feeds from 127.0.0.1 (outreach/watch/tests/feed_server.py).
WATCH_FEEDS_ALLOWED_PRIVATE_HOSTS = ["127.0.0.1"]
