"""Authenticator secrets are stored encrypted (FIELD_ENCRYPTION_KEY, rotatable; derived from
SECRET_KEY when unset, with a deploy warning); secrets stored in clear before still work."""

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from cryptography.fernet import Fernet
from django.core.checks import run_checks

from scripts.totp import totp

pytestmark = pytest.mark.django_db
OLD_KEY = Fernet.generate_key().decode()
NEW_KEY = Fernet.generate_key().decode()


def test_secrets_at_rest_the_stored_value_is_not_the_secret(applicant):
    secret = generate_totp_secret()

    TOTP.activate(applicant, secret)

    stored = Authenticator.objects.get(user=applicant, type="totp").data["secret"]
    assert secret not in stored


def test_secrets_at_rest_a_code_from_the_secret_verifies(applicant):
    secret = generate_totp_secret()
    TOTP.activate(applicant, secret)

    authenticator = TOTP(Authenticator.objects.get(user=applicant, type="totp"))

    assert authenticator.validate_code(totp(secret)) is True


def test_secrets_at_rest_rotation_keeps_old_secrets_readable(applicant, settings):
    settings.FIELD_ENCRYPTION_KEYS = [OLD_KEY]
    secret = generate_totp_secret()
    TOTP.activate(applicant, secret)
    settings.FIELD_ENCRYPTION_KEYS = [NEW_KEY, OLD_KEY]

    authenticator = TOTP(Authenticator.objects.get(user=applicant, type="totp"))

    assert authenticator.validate_code(totp(secret)) is True


def test_secrets_at_rest_new_secrets_use_the_first_key(applicant, settings):
    settings.FIELD_ENCRYPTION_KEYS = [NEW_KEY, OLD_KEY]
    secret = generate_totp_secret()

    TOTP.activate(applicant, secret)

    stored = Authenticator.objects.get(user=applicant, type="totp").data["secret"]
    assert Fernet(NEW_KEY.encode()).decrypt(stored.encode()).decode() == secret


def test_secrets_at_rest_a_secret_stored_in_clear_still_verifies(applicant):
    secret = generate_totp_secret()
    authenticator = Authenticator.objects.create(user=applicant, type="totp", data={"secret": secret})

    assert TOTP(authenticator).validate_code(totp(secret)) is True


def test_secrets_at_rest_recovery_codes_still_work(applicant):
    from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes

    TOTP.activate(applicant, generate_totp_secret())
    codes = RecoveryCodes.activate(applicant)

    assert codes.validate_code(codes.get_unused_codes()[0]) is True


def test_secrets_at_rest_deploy_check_warns_when_the_key_is_derived(settings):
    settings.FIELD_ENCRYPTION_KEYS = []

    ids = [message.id for message in run_checks(include_deployment_checks=True)]

    assert "accounts.W001" in ids


def test_secrets_at_rest_deploy_check_is_quiet_with_a_key(settings):
    settings.FIELD_ENCRYPTION_KEYS = [NEW_KEY]

    ids = [message.id for message in run_checks(include_deployment_checks=True)]

    assert "accounts.W001" not in ids
