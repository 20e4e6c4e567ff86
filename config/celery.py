"""The Celery application and the one beat schedule of the platform.

Every periodic job is one entry in ``app.conf.beat_schedule`` below, with a comment saying why it
runs and how often. Later issues add their entries here (deadline reminders, vote tallies).
"""

import os

from celery import Celery
from celery.schedules import crontab
from celery.signals import before_task_publish
from kombu.transport import TRANSPORT_ALIASES

from core.filebroker import SCHEME as FILE_BROKER_SCHEME

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
# The file-system broker of the embedded defaults, whose messages are written whole (core/filebroker.py).
TRANSPORT_ALIASES[FILE_BROKER_SCHEME] = "core.filebroker:Transport"

app = Celery("awards")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

app.conf.beat_schedule = {
    # The outbox sweep, every minute: e-mails never handed to the broker (it was down when they were
    # queued) or whose message it lost are sent within about a minute; a send that failed is tried
    # again after its backoff, one a dead worker left "sending" after core.emails.STUCK_AFTER. Each
    # message is claimed with a conditional update, so a rerun or a second beat never sends one twice.
    "retry-unsent-emails": {
        "task": "core.tasks.retry_unsent_emails",
        "schedule": crontab(minute="*"),
    },
    # The vote-code SMS sweep, every minute: an SMS code whose task never reached a worker (the broker
    # was down) is sent while the code is still fresh; the claim is conditional, so never twice.
    "retry-unsent-vote-sms": {
        "task": "voting.tasks.retry_unsent_sms",
        "schedule": crontab(minute="*"),
    },
    # The documents sweep, every minute: a PDF job past its lease (2 minutes, renewed every 30 s while
    # it renders) lost its worker or its queue message, and is queued again; one whose worker died
    # three times is failed for staff. Claims are conditional updates: one rendering per job. On the
    # default queue, so that a backlog of renderings in the pdf queue does not hold it up.
    "requeue-stalled-documents": {
        "task": "documents.tasks.requeue_stalled_documents",
        "schedule": crontab(minute="*"),
        "options": {"queue": "default"},
    },
    # PDPA retention, nightly: delete accounts never verified and blank old IP addresses in the audit
    # and log-in records (periods are settings.RETENTION_*). Deleting the same rows twice is harmless.
    "apply-retention": {
        "task": "accounts.tasks.apply_retention",
        "schedule": crontab(hour=3, minute=30),
    },
    # PDPA retention of applications, nightly: every cycle past its retention (Cycle.retention_years
    # after its results) loses its applications, files, scores and vote ledger, the winners' public
    # record kept (submissions/services/retention.py). Each cycle is claimed first: purged once.
    "purge-expired-applications": {
        "task": "submissions.tasks.purge_expired_applications",
        "schedule": crontab(hour=3, minute=45),
    },
    # The one reminder sweep (reminders/services.py): decides what is due now (drafts before the
    # deadline, extension announcements, judges before a round closes, presentations) and claims each
    # reminder in the ledger before sending, so a rerun or a second beat never sends one twice.
    "sweep-reminders": {
        "task": "reminders.tasks.sweep_reminders",
        "schedule": crontab(minute="*/5"),
    },
    # Conflicts that surface mid-round without a declaration (an organisation's province changed, a
    # partner added by staff), every 5 minutes: the assignment is withdrawn and staff are told within
    # minutes (a judge's own declaration withdraws at once). Only active assignments are read: a rerun
    # withdraws and sends nothing more.
    "sweep-conflicts": {
        "task": "judging.tasks.sweep_conflicts",
        "schedule": crontab(minute="*/5"),
    },
    # Feedback to applicants, every 5 minutes: from a cycle's feedback milestone on, a PDF per judged
    # application and language is asked for (once: one row each) and rendered on the pdf queue, one
    # whose task was lost is queued again, and each organisation is e-mailed once its PDFs are
    # rendered (claimed by a unique row, so a rerun or a second beat never sends twice).
    "release-feedback": {
        "task": "judging.tasks.release_feedback",
        "schedule": crontab(minute="*/5"),
    },
    # Attachment files without a row, weekly (Sunday night): a file is deleted only after its row's
    # deletion commits, so a process that died in between leaves one behind. The sweep logs a warning
    # with the count and records it in the audit log; it deletes nothing (staff decide). Read-only.
    "report-orphaned-attachment-files": {
        "task": "submissions.tasks.report_orphaned_attachment_files",
        "schedule": crontab(day_of_week="sunday", hour=4, minute=0),
    },
    # Voters' e-mail addresses are kept only until a Popular Vote closes plus its retention days;
    # once a day this blanks those that are due and deletes old one-time codes (idempotent).
    "purge-voter-emails": {
        "task": "voting.tasks.purge_voter_emails",
        "schedule": crontab(hour=3, minute=15),
    },
}


@before_task_publish.connect(sender="core.tasks.retry_unsent_emails")
def _beat_heartbeat(**kwargs):
    """Beat's heartbeat for /healthz: only beat queues the outbox sweep, every minute, so the time it
    last did is the time beat was last seen alive (core/health.py)."""
    from core.health import record_heartbeat

    record_heartbeat("beat")
