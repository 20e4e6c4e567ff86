"""The retention of applications (PDPA), enforced: once a cycle's retention has ended
(``awards.selectors.purge_due_at``: ``Cycle.retention_years`` after its results), its applications,
their answers, partners, attachments and stored files go, with everything other apps hold about them
(their ``retention.py``: judges' scores and declarations, presentations, documents, the vote ledger,
reminders). The winners stay as the public record (organisation, project title, category, reference,
and, if the organisation agreed to publish them, its answers to the questions marked public and its
cover image); every other answer of a winner, its files (those answering a question included) and
who wrote what go.

Each cycle is purged once, in one transaction that first claims it (``applications_purged_at``), so a
rerun, a retry or a second beat never purges it twice; the counts are kept on the cycle, in the audit
log and in the log.
"""

import logging
from functools import partial

from django.db import transaction
from django.utils import timezone

from accounts.audit import record_event
from awards.enums import FieldKind, Visibility
from awards.models import Cycle
from awards.selectors import purge_due_at
from core.storage import storage_errors

from ..models import Answer, Application, Attachment, Invitation, Organisation, Partner
from ..retention import Purge, kept_applications, purgers

logger = logging.getLogger(__name__)
AUDIT_ACTION = "retention.purge_applications"

# What a winner keeps: what the public results and the Popular Vote pages show. Everything else of the
# application is blanked; its public answers (``public_answers``) and the cover image stay only if the
# organisation agreed to publish them (``publish_consent``).
PRIVATE_FACTS = {
    "extended_until": None,
    "extension_reason": "",
    "facts_editor": "",
    "created_by": None,
    "withdrawn_at": None,
    "withdrawn_by": None,
}
UNPUBLISHED = {"cover_image": ""}


def cycles_due(*, now=None) -> list[Cycle]:
    """The cycles whose retention has ended and whose applications have not been purged yet."""
    now = now or timezone.now()
    candidates = Cycle.objects.filter(applications_purged_at__isnull=True).prefetch_related("milestones")
    due = [(cycle, purge_due_at(cycle)) for cycle in candidates.order_by("year", "pk")]
    return [cycle for cycle, at in due if at is not None and at <= now]


def purge_expired_applications(*, now=None, dry_run: bool = False) -> dict[str, dict]:
    """Purge every cycle that is due (the nightly task); ``dry_run`` does each purge in a transaction
    that is rolled back, so it reports exactly what would go and changes nothing. Returns the counts
    per cycle slug."""
    now = now or timezone.now()
    results = {}
    for cycle in cycles_due(now=now):
        counts = purge_cycle(cycle=cycle, now=now, dry_run=dry_run)
        if counts is not None:
            results[cycle.slug] = counts
    return results


class _DryRun(Exception):
    def __init__(self, counts: dict):
        self.counts = counts


def purge_cycle(*, cycle: Cycle, now=None, dry_run: bool = False) -> dict | None:
    """Purge one cycle's applications now, whatever its date (``purge_expired_applications`` decides
    which are due). None if it was purged already."""
    now = now or timezone.now()
    try:
        with transaction.atomic():
            claimed = Cycle.objects.filter(pk=cycle.pk, applications_purged_at__isnull=True).update(
                applications_purged_at=now
            )
            if not claimed:
                return None
            purge = Purge(cycle=cycle, kept=kept_applications(cycle))
            for remove in purgers():
                remove(purge)
            _purge_applications(purge)
            counts = purge.counts()
            Cycle.objects.filter(pk=cycle.pk).update(purge_counts=counts)
            record_event(actor=None, action=AUDIT_ACTION, target=cycle, detail={"cycle": cycle.slug, **counts})
            if dry_run:
                raise _DryRun(counts)
            transaction.on_commit(partial(_delete_files, purge.files))
    except _DryRun as rolled_back:
        return rolled_back.counts
    logger.info("purged the applications of the cycle %s: %s", cycle.slug, counts)
    return counts


def _purge_applications(purge: Purge) -> None:
    """The applications of the cycle: the winners blanked but for their public record, the rest deleted
    with their answers, partners and attachments; then the organisations no one is left to look after."""
    cycle = purge.cycle
    applications = Application.objects.filter(cycle=cycle)
    ids = applications.values("pk")
    organisations = list(applications.values_list("organisation_id", flat=True).distinct())
    # The history first, while the applications still say which rows were theirs.
    purge.delete_history(Answer.history.filter(application_id__in=ids))
    purge.delete_history(Attachment.history.filter(application_id__in=ids))
    purge.delete_history(Application.history.filter(cycle_id=cycle.pk))
    attachments = Attachment.objects.filter(application__cycle=cycle)
    purge.forget_files(attachments, "file")
    purge.delete(attachments)
    kept_answers = public_answers(purge.kept)
    purge.delete(Answer.objects.filter(application__cycle=cycle).exclude(pk__in=list(kept_answers)))
    purge.anonymise(Answer.objects.filter(pk__in=list(kept_answers)), editor="", updated_by=None)
    purge.delete(Partner.objects.filter(application__cycle=cycle))
    gone = applications.exclude(pk__in=purge.kept)
    unpublished = applications.filter(pk__in=purge.kept, publish_consent=False)
    purge.forget_files(gone, "cover_image")
    purge.forget_files(unpublished, "cover_image")
    purge.delete(gone)
    purge.anonymise(applications.filter(pk__in=purge.kept), **PRIVATE_FACTS)
    unpublished.update(**UNPUBLISHED)
    _purge_organisations(purge, organisations)


def public_answers(kept: frozenset[int]) -> set[int]:
    """The ids of the answers a winner keeps: to the questions marked public, of an organisation that
    consents to publishing them (a file question's answer is its attachments, which all go)."""
    return set(
        Answer.objects.filter(
            application_id__in=kept,
            application__publish_consent=True,
            field__visibility=Visibility.PUBLIC,
        )
        .exclude(field__kind=FieldKind.FILE)
        .values_list("pk", flat=True)
    )


def _purge_organisations(purge: Purge, ids: list[int]) -> None:
    """An organisation of these applications that has no members left (every account erased or moved)
    and no application in a cycle still kept: deleted if it has no application left, else (a winner's)
    reduced to its name, province and address. An organisation with members is theirs to keep up to
    date and stays as it is."""
    still_kept = Application.objects.filter(cycle__applications_purged_at__isnull=True).values("organisation_id")
    orphans = Organisation.objects.filter(pk__in=ids, memberships__isnull=True).exclude(pk__in=still_kept)
    orphan_ids = list(orphans.values_list("pk", flat=True))
    if not orphan_ids:
        return
    purge.delete_history(Organisation.history.filter(id__in=orphan_ids))
    empty = Organisation.objects.filter(pk__in=orphan_ids, applications__isnull=True)
    purge.delete(Invitation.objects.filter(organisation__in=empty))
    purge.delete(empty)
    purge.anonymise(Organisation.objects.filter(pk__in=orphan_ids), contact_name="", contact_phone="")


def _delete_files(files: list[tuple[object, str]]) -> None:
    """After the commit: a file that cannot be deleted now is logged and left to the weekly report of
    files without a row (submissions.tasks.report_orphaned_attachment_files)."""
    failed = 0
    for storage, name in files:
        try:
            storage.delete(name)
        except storage_errors() as error:
            failed += 1
            logger.warning("a purged file could not be deleted (%s): %s", type(error).__name__, name)
    if failed:
        logger.warning("%s of %s purged files could not be deleted", failed, len(files))
