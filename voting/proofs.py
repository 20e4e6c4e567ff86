"""Which of a poll's proofs this site can offer now. A poll may accept a proof whose means is not set
up here (a demo poll, or staff ticking LINE before its client is registered): the verification page
offers only the proofs that work, and admin warns staff of the others.

- e-mail: always (mail is part of every set-up);
- SMS: when a gateway sends (core.sms: a provider's HTTP API, or the development adapter writing to
  ``var/sms/``), not when SMS is ``disabled``;
- LINE, ThaiD: when their OpenID Connect provider is configured (voting.oidc.identity_providers).
"""

from django.conf import settings

from .enums import VerifierKind
from .oidc import PROVIDER_PROOFS, identity_providers

SENDING_SMS_BACKENDS = {"http", "file"}


def sms_configured() -> bool:
    return settings.SMS.get("BACKEND") in SENDING_SMS_BACKENDS


def providers_for(request, proofs) -> dict[str, str]:
    """voting.oidc.identity_providers, looked up only when ``proofs`` name LINE or ThaiD (allauth
    reads its apps from the database)."""
    return identity_providers(request) if set(proofs) & set(PROVIDER_PROOFS) else {}


def configured_proofs(request, wanted=None, *, providers=None) -> set[str]:
    """The proofs among ``wanted`` (all of them when None) that work on this site now; ``providers``
    when the caller has already looked them up (providers_for)."""
    wanted = set(VerifierKind.values if wanted is None else wanted)
    ready = {VerifierKind.EMAIL.value}
    if sms_configured():
        ready.add(VerifierKind.SMS.value)
    ready |= set(providers_for(request, wanted) if providers is None else providers)
    return ready & wanted


def offered_choices(request, poll, *, providers=None) -> list[tuple[str, str]]:
    """The poll's proofs that work now, in the order and with the names of ``poll.proof_choices``."""
    ready = configured_proofs(request, poll.proofs, providers=providers)
    return [(kind, label) for kind, label in poll.proof_choices if kind in ready]


def unconfigured_proofs(request, proofs=None) -> list[tuple[str, str]]:
    """The proofs among ``proofs`` (all of them when None) that do not work on this site now, as
    (kind, name) in VerifierKind's order."""
    proofs = VerifierKind.values if proofs is None else proofs
    ready = configured_proofs(request, proofs)
    return [(kind, str(label)) for kind, label in VerifierKind.choices if kind in proofs and kind not in ready]
