"""The search words follow the application: re-cut when an entered application or its organisation is
saved (a draft's autosaves cost nothing here).

Seeding saves the same application many times (each answer, its consent, its scores, its status);
within ``indexing_deferred`` a save only notes what to re-cut, and each application is cut once when
the block ends. Outside it, which is every request and task, a save re-cuts at once."""

from contextlib import contextmanager
from contextvars import ContextVar

from django.db.models.signals import post_save

from submissions.enums import ENTERED_STATUSES
from submissions.models import Application, Organisation

# The applications and organisations saved within ``indexing_deferred``; None outside it.
_deferred: ContextVar[tuple[set, set] | None] = ContextVar("showcase_deferred_indexing", default=None)


def _application_saved(sender, instance: Application, raw=False, **kwargs):
    if raw or instance.status not in ENTERED_STATUSES:
        return
    deferred = _deferred.get()
    if deferred is not None:
        deferred[0].add(instance.pk)
        return
    from .services import index

    index(instance)


def _organisation_saved(sender, instance: Organisation, raw=False, **kwargs):
    if raw:
        return
    deferred = _deferred.get()
    if deferred is not None:
        deferred[1].add(instance.pk)
        return
    _index_entered(Application.objects.filter(organisation=instance))


def _index_entered(applications) -> int:
    from .services import index

    entered = applications.filter(status__in=ENTERED_STATUSES).select_related("organisation__province", "category")
    return sum(1 for application in entered if index(application))


@contextmanager
def indexing_deferred():
    """Within the block, saves of entered applications and of organisations are noted, not indexed;
    when it ends, each application they concern that is entered then is indexed once, as it is then.
    For seeding; a block that raises indexes nothing (its transaction is rolled back)."""
    applications, organisations = set(), set()
    token = _deferred.set((applications, organisations))
    try:
        yield
    finally:
        _deferred.reset(token)
    saved = Application.objects.filter(pk__in=applications) | Application.objects.filter(
        organisation_id__in=organisations
    )
    _index_entered(saved)


def connect() -> None:
    post_save.connect(_application_saved, sender=Application, dispatch_uid="showcase.index_application")
    post_save.connect(_organisation_saved, sender=Organisation, dispatch_uid="showcase.index_organisation")
