"""Production mode refuses unsafe configuration, starts with the README's list of variables alone, and
a safe one passes Django's deployment checks.

Each case starts a fresh process, because settings are read once at start-up, with an environment of
its own (only PATH and HOME are inherited): the variables a case sets are all there is. A refusal
stops ``manage.py`` while it imports the settings (0.4 s a case here); what passes loads every app and
runs the system checks (2 s), so a case that needs ``check --deploy`` runs that alone: it runs every
check ``check`` runs, and more."""

import os
import subprocess
import sys

import pytest
from django.conf import settings

GOOD_KEY = "k8#Qz1vR!p3Lm9@Xw2eT7yU4iO0aS6dF5gH8jK1lZ3xC9vB2nM7qW4eR6tY8uI0oP"
PRODUCTION = {
    "DJANGO_ENV": "production",
    "ALLOWED_HOSTS": "awards.example.org",
    "EMAIL_HOST": "smtp.example.org",
    "SITE_URL": "https://awards.example.org",
}
# The services; `check` does not connect to them.
SERVICES = {"DATABASE_URL": "postgres://awards@127.0.0.1:5432/awards", "REDIS_URL": "redis://127.0.0.1:6379/0"}


def _run(command: list[str], env: dict[str, str]) -> subprocess.CompletedProcess:
    base = {name: os.environ[name] for name in ("PATH", "HOME") if name in os.environ}
    return subprocess.run(
        [sys.executable, *command],
        cwd=settings.BASE_DIR,
        env={**base, **env},
        capture_output=True,
        text=True,
        timeout=60,
    )


def manage(*args: str, **env: str) -> subprocess.CompletedProcess:
    return _run(["manage.py", *args], env)


def settings_module(code: str, **env: str) -> subprocess.CompletedProcess:
    """Import config.settings (as ``settings``) in a fresh process, then run ``code``; Django is not
    set up: for a value the settings module decides alone (0.3 s, against 1.5 s for ``manage.py shell``)."""
    return _run(["-c", f"import config.settings as settings\n{code}"], env)


def test_production_refuses_default_secret_key():
    result = manage("check", **PRODUCTION)
    assert result.returncode != 0
    assert "Set SECRET_KEY to a long random value when DJANGO_ENV=production." in result.stderr


def test_production_refuses_debug_on():
    result = manage("check", **PRODUCTION, SECRET_KEY=GOOD_KEY, DEBUG="true")
    assert result.returncode != 0
    assert "DEBUG must be off when DJANGO_ENV=production." in result.stderr


def test_production_refuses_nonsense_boolean():
    result = manage("check", **PRODUCTION, SECRET_KEY=GOOD_KEY, DEBUG="maybe")
    assert result.returncode != 0
    assert "DEBUG must be a boolean (true/false), not 'maybe'" in result.stderr


FIELD_KEY = "kTgyQm9FZ3ZfZkV2cjV4U2hQcm1NZ3dBa0N3bWZ0eXo="


def test_production_check_deploy_prints_no_warning():
    result = manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        **PRODUCTION,
        **SERVICES,
        SECRET_KEY=GOOD_KEY,
        FIELD_ENCRYPTION_KEY=FIELD_KEY,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "System check identified no issues (0 silenced)."
    assert "WARNING" not in result.stderr


def test_production_starts_with_the_required_variables_alone():
    # README "Production": these seven and nothing else; every later setting has a safe default.
    required = {**PRODUCTION, **SERVICES, "SECRET_KEY": GOOD_KEY}
    assert sorted(required) == [
        "ALLOWED_HOSTS",
        "DATABASE_URL",
        "DJANGO_ENV",
        "EMAIL_HOST",
        "REDIS_URL",
        "SECRET_KEY",
        "SITE_URL",
    ]

    result = manage("check", "--deploy", **required)

    assert result.returncode == 0, result.stderr
    # The one warning left is the key of authenticator secrets, derived from SECRET_KEY until set.
    assert "accounts.W001" in result.stderr
    assert "1 issue" in result.stdout + result.stderr, result.stdout + result.stderr


@pytest.mark.parametrize("missing", ["DATABASE_URL", "REDIS_URL"])
def test_production_starts_without_a_service_url_but_check_deploy_warns(missing):
    environment = {**PRODUCTION, **SERVICES, "SECRET_KEY": GOOD_KEY, "FIELD_ENCRYPTION_KEY": FIELD_KEY}
    del environment[missing]

    deploy = manage("check", "--deploy", **environment)

    assert deploy.returncode == 0, deploy.stderr  # it starts: no check fails
    warning = {"DATABASE_URL": "core.W002", "REDIS_URL": "core.W003"}[missing]
    assert f"{warning}) {missing} is not set" in deploy.stderr, deploy.stderr


def test_production_refuses_missing_site_url():
    without_site = {k: v for k, v in PRODUCTION.items() if k != "SITE_URL"}
    result = manage("check", **without_site, SECRET_KEY=GOOD_KEY)
    assert result.returncode != 0
    assert "Set SITE_URL (e.g. https://awards.example.org) when DJANGO_ENV=production." in result.stderr


def test_production_starts_without_a_field_encryption_key_but_check_deploy_warns():
    deploy = manage("check", "--deploy", **PRODUCTION, SECRET_KEY=GOOD_KEY)
    assert deploy.returncode == 0, deploy.stderr  # it starts: no check fails
    assert "accounts.W001" in deploy.stderr


def test_production_check_deploy_warns_on_a_loopback_site_url():
    loopback = manage(
        "check",
        "--deploy",
        **{**PRODUCTION, "SITE_URL": "http://127.0.0.1"},
        SECRET_KEY=GOOD_KEY,
        FIELD_ENCRYPTION_KEY=FIELD_KEY,
    )
    assert loopback.returncode == 0 and "core.W001" in loopback.stderr
    assert "SITE_URL is 'http://127.0.0.1'" in loopback.stderr
    # Unset, SITE_URL is refused in production (test_production_refuses_missing_site_url).


def test_production_refuses_a_field_encryption_key_that_is_no_fernet_key():
    result = manage("check", **PRODUCTION, SECRET_KEY=GOOD_KEY, FIELD_ENCRYPTION_KEY="too-short")
    assert result.returncode != 0
    assert "FIELD_ENCRYPTION_KEY must be Fernet keys" in result.stderr


def test_production_refuses_missing_mail_server():
    settings_without_mail = {k: v for k, v in PRODUCTION.items() if k != "EMAIL_HOST"}
    result = manage("check", **settings_without_mail, SECRET_KEY=GOOD_KEY)
    assert result.returncode != 0
    assert "Set EMAIL_HOST" in result.stderr


def test_development_defaults_start_without_any_service():
    result = manage("check", DJANGO_ENV="development")
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize("value", ["staging", "prod"])
def test_unknown_environment_refused(value):
    result = manage("check", DJANGO_ENV=value)
    assert result.returncode != 0
    assert "DJANGO_ENV must be 'development' or 'production'" in result.stderr
