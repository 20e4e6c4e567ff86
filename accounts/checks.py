from django.conf import settings
from django.core.checks import Tags, Warning, register


@register(Tags.security, deploy=True)
def field_encryption_key_check(app_configs, **kwargs):
    """Without FIELD_ENCRYPTION_KEY the authenticator secrets are encrypted with a key derived from
    SECRET_KEY: replacing SECRET_KEY without keeping the old one in SECRET_KEY_FALLBACKS would make
    every authenticator app unusable."""
    if settings.FIELD_ENCRYPTION_KEYS:
        return []
    return [
        Warning(
            "FIELD_ENCRYPTION_KEY is not set: authenticator secrets are encrypted with a key derived from SECRET_KEY.",
            hint=(
                "Set FIELD_ENCRYPTION_KEY to a Fernet key (python -c 'from cryptography.fernet import Fernet; "
                "print(Fernet.generate_key().decode())'), or keep every former SECRET_KEY in SECRET_KEY_FALLBACKS."
            ),
            id="accounts.W001",
        )
    ]
