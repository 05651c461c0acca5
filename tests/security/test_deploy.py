"""Production settings: Django's deployment checklist passes, and missing secrets stop the start."""
import os
import subprocess
import sys

import pytest
from django.conf import settings

GOOD_KEY = "k3y-" + "x9Qz!7pL" * 8  # 68 random-looking characters, like a real generated key


def _manage(*args: str, **env: str) -> subprocess.CompletedProcess:
    unset = {"SECRET_KEY", "ALLOWED_HOSTS", "DEBUG", "DJANGO_ALLOW_ASYNC_UNSAFE", "DJANGO_SETTINGS_MODULE"}
    environment = {k: v for k, v in os.environ.items() if k not in unset}
    environment.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", *args, "--settings=nurture.settings.production"],
        cwd=settings.BASE_DIR, env=environment, capture_output=True, text=True, timeout=120,
    )


def test_deploy_checklist_is_clean():
    result = _manage("check", "--deploy", "--fail-level=WARNING", SECRET_KEY=GOOD_KEY, ALLOWED_HOSTS="crm.example.com")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


@pytest.mark.parametrize(
    ("env", "complaint"),
    [
        ({"ALLOWED_HOSTS": "crm.example.com"}, "SECRET_KEY"),
        ({"SECRET_KEY": "too-short", "ALLOWED_HOSTS": "crm.example.com"}, "SECRET_KEY"),
        ({"SECRET_KEY": GOOD_KEY}, "ALLOWED_HOSTS"),
    ],
    ids=["no secret key", "short secret key", "no allowed hosts"],
)
def test_production_refuses_to_start_without_its_secrets(env, complaint):
    result = _manage("check", **env)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert complaint in result.stderr
