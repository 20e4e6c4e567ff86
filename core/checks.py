"""Deployment checks (``manage.py check --deploy``) of the platform's own settings.

Production refuses to start only without what it cannot run safely at all (config/settings.py);
the embedded defaults of the database and of Redis still start, for one machine (a staging box, a
bench), and are warned about here.
"""

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


# Not tagged "database": Django runs those checks only when asked for a database.
@register(deploy=True)
def database_url_check(app_configs, **kwargs):
    if settings.DATABASE_URL:
        return []
    return [
        Warning(
            "DATABASE_URL is not set: the database is SQLite under VAR_DIR, on this machine only.",
            hint="Set DATABASE_URL=postgres://… so that every web and worker process shares one database.",
            id="core.W002",
        )
    ]


@register(Tags.caches, deploy=True)
def redis_url_check(app_configs, **kwargs):
    if settings.REDIS_URL:
        return []
    return [
        Warning(
            "REDIS_URL is not set: the cache, the rate limits and the task queue are those of this machine only.",
            hint="Set REDIS_URL=redis://… so that every web and worker process shares them.",
            id="core.W003",
        )
    ]
