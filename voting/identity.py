"""Pure functions over a voter's identity: normalising an address, its keyed hashes, the network of
an IP address. Nothing here touches the database."""

import ipaddress

from django.conf import settings

from core.hashing import keyed_hash as core_keyed_hash

from .domains import DOTLESS_PROVIDERS


def normalise_email(email: str) -> str:
    """The form uniqueness is decided on: trimmed and lower-cased (mailbox names are case-blind in
    practice everywhere voters come from)."""
    return email.strip().lower()


def loose_email(email: str) -> str:
    """A looser form for review: no +tag, no dots in the local part, googlemail = gmail. Two
    addresses with the same loose form are near-identical and probably one person."""
    local, _sep, domain = normalise_email(email).rpartition("@")
    local = local.split("+", 1)[0].replace(".", "")
    if domain == "googlemail.com":
        domain = "gmail.com"
    return f"{local}@{domain}"


def keyed_hash(value: str, *, purpose: str) -> str:
    """HMAC-SHA256 with settings.VOTE_HASH_KEY; ``purpose`` keeps hashes of different uses apart."""
    return core_keyed_hash(value, key=settings.VOTE_HASH_KEY, purpose=purpose)


def email_hash(email: str) -> str:
    return keyed_hash(normalise_email(email), purpose="email")


def email_similarity_hash(email: str) -> str:
    return keyed_hash(loose_email(email), purpose="email-loose")


def phone_hash(e164: str) -> str:
    """The keyed hash of a mobile number already in E.164 form (core.phones.normalise_mobile)."""
    return keyed_hash(e164, purpose="phone")


def email_domain(email: str) -> str:
    return normalise_email(email).rpartition("@")[2]


def is_dotless(domain: str) -> bool:
    return domain in DOTLESS_PROVIDERS


def network_of(ip: str | None) -> str:
    """The /24 of an IPv4 address or the /48 of an IPv6 one ('' when unknown)."""
    if not ip:
        return ""
    try:
        address = ipaddress.ip_address(ip)
    except ValueError:
        return ""
    if address.version == 4:
        # The /24 by hand: every vote of a burst computes it, and this is a third of ip_network's cost.
        return str(address).rpartition(".")[0] + ".0/24"
    return str(ipaddress.ip_network((address, 48), strict=False))
