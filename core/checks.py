"""Deployment checks of the settings the platform itself adds (``manage.py check --deploy``)."""

import ipaddress
from urllib.parse import urlsplit

from django.conf import settings
from django.core.checks import Tags, Warning, register

LOCAL_NAMES = {"localhost", "localhost.localdomain"}


def is_local_address(url: str) -> bool:
    """Whether ``url`` names no public host: empty, ``localhost``, a loopback or unspecified address."""
    host = (urlsplit(url).hostname or "").lower()
    if not host or host in LOCAL_NAMES or host.endswith(".localhost"):
        return True
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return False
    return address.is_loopback or address.is_unspecified


@register(Tags.security, deploy=True)
def site_url_check(app_configs, **kwargs):
    """SITE_URL is printed where no request tells the host: the QR code of every certificate, and the
    links in e-mails. Left at its development default, each would point at the server's own machine."""
    if not is_local_address(settings.SITE_URL):
        return []
    return [
        Warning(
            f"SITE_URL is {settings.SITE_URL!r}, not a public address: certificates' QR codes and the links "
            "in e-mails would point at this machine instead of the public site.",
            hint="Set SITE_URL to the site's public address, e.g. SITE_URL=https://awards.example.org",
            id="core.W001",
        )
    ]
