"""Official letters when things go wrong: a letter whose rendering keeps failing is tried
``MAX_ATTEMPTS`` times by the sweep, then failed and left to staff, who read its error in admin and
render it again (audited); the e-mail that carries it fails in the outbox with the same cause and is
sent, with its letter, once staff render the letter again. Time passing is arranged by moving the
letter's dates into the past; its task is "lost" by issuing it outside a committed transaction."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

from accounts.models import AuditEvent
from core.emails import MAX_ATTEMPTS as MAX_EMAIL_ATTEMPTS
from core.emails import email_user
from core.models import OutboundEmail
from documents.enums import LetterKind
from documents.letters import MAX_ATTEMPTS, issue_letter, letter_attachment, queue_unrendered_letters, render_again
from documents.models import Letter, Signatory
from tests.factories import CategoryFactory, CycleFactory, SignatoryFactory, UserFactory

from .conftest import make_application
from .test_admin import post_action
from .test_letters import letterhead  # noqa: F401 - a fixture

pytestmark = pytest.mark.django_db

GONE = "certificates/signatures/gone.png"


@pytest.fixture
def broken(letterhead):  # noqa: F811 - the fixture imported above
    """The cycle's signature points at a file no longer in storage: every rendering of its letters
    fails, as bad data (a file deleted by hand, a bucket restored without it) would make it fail."""
    Signatory.objects.filter(design__cycle=letterhead).update(signature=GONE)
    return letterhead


def _lost_letter(cycle, category, number=1, language="th") -> Letter:
    letter, _new = issue_letter(
        application=make_application(cycle, category, number), kind=LetterKind.ACKNOWLEDGEMENT, language=language
    )
    return letter


def _later() -> None:
    """Minutes pass: every letter is past UNRENDERED_AFTER, every attempt past ATTEMPT_OVER_AFTER."""
    now = timezone.now()
    Letter.objects.update(issued_at=now - timedelta(minutes=3))
    Letter.objects.exclude(last_attempt_at=None).update(last_attempt_at=now - timedelta(minutes=4))


def _sweeps(count: int) -> list[int]:
    """The beat's sweep run ``count`` times, minutes apart; its tasks run in this process."""
    queued = []
    for _sweep in range(count):
        _later()
        queued.append(queue_unrendered_letters())
    return queued


def test_a_letter_that_keeps_failing_is_tried_three_times_then_failed_and_no_longer_queued(broken, category):
    letter = _lost_letter(broken, category)

    queued = _sweeps(MAX_ATTEMPTS + 2)

    letter.refresh_from_db()
    assert queued == [1, 1, 1, 0, 0]
    assert (letter.attempts, letter.rendered_at, letter.file.name) == (MAX_ATTEMPTS, None, "")
    assert letter.failed_at is not None
    assert letter.error.startswith("FileNotFoundError: ")
    assert GONE in letter.error


def test_a_letter_that_failed_once_keeps_its_error_and_is_tried_again_not_failed(broken, category):
    letter = _lost_letter(broken, category)

    assert _sweeps(1) == [1]

    letter.refresh_from_db()
    assert (letter.attempts, letter.failed_at, letter.rendered_at) == (1, None, None)
    assert letter.error.startswith("FileNotFoundError: ")


def test_a_letter_that_renders_fine_is_rendered_once_and_left_alone(letterhead, category):  # noqa: F811
    letter = _lost_letter(letterhead, category)

    queued = _sweeps(3)

    letter.refresh_from_db()
    assert queued == [1, 0, 0]
    assert (letter.attempts, letter.error, letter.failed_at) == (1, "", None)
    assert letter.rendered_at is not None and letter.file.read().startswith(b"%PDF")


def test_sweep_leaves_an_attempt_still_running_alone(letterhead, category):  # noqa: F811
    letter = _lost_letter(letterhead, category)
    Letter.objects.filter(pk=letter.pk).update(
        issued_at=timezone.now() - timedelta(minutes=3), attempts=1, last_attempt_at=timezone.now()
    )

    assert queue_unrendered_letters() == 0

    letter.refresh_from_db()
    assert (letter.attempts, letter.rendered_at, letter.failed_at) == (1, None, None)


def test_a_letter_whose_worker_died_on_every_attempt_is_failed_saying_so(letterhead, category):  # noqa: F811
    letter = _lost_letter(letterhead, category)
    Letter.objects.filter(pk=letter.pk).update(attempts=MAX_ATTEMPTS, last_attempt_at=timezone.now())

    with translation.override("en"):
        queued = _sweeps(1)

    letter.refresh_from_db()
    assert queued == [0]
    assert (letter.attempts, letter.rendered_at) == (MAX_ATTEMPTS, None)
    assert letter.failed_at is not None
    assert letter.error == (
        "The worker stopped while rendering this letter (see the worker's log: memory, time limit). "
        "Render it again once the cause is fixed."
    )


def test_staff_see_a_failed_letter_with_its_error_and_render_it_again_from_admin(
    broken, category, staff, login_as, committed
):
    failed = _lost_letter(broken, category, 1)
    waiting = _lost_letter(broken, category, 2)
    _sweeps(MAX_ATTEMPTS)
    Letter.objects.filter(pk=waiting.pk).update(attempts=0, error="", failed_at=None, last_attempt_at=None)
    client = login_as(staff)

    listing = client.get("/admin/documents/letter/?state=failed").content.decode()
    page = client.get(f"/admin/documents/letter/{failed.pk}/change/").content.decode()
    Signatory.objects.filter(design__cycle=broken).update(signature="")  # staff fix the cause
    with committed(execute=True):
        post_action(client, "letter", "render_again", [failed.pk])

    assert failed.reference in listing and waiting.reference not in listing
    assert "FileNotFoundError" in listing and GONE in page
    failed.refresh_from_db()
    assert (failed.attempts, failed.error, failed.failed_at) == (1, "", None)
    assert failed.rendered_at is not None and failed.file.read().startswith(b"%PDF")
    event = AuditEvent.objects.get(action="letter.render_again")
    assert (event.actor, event.detail["attempts"]) == (staff, MAX_ATTEMPTS)
    assert event.detail["error"].startswith("FileNotFoundError: ")


def test_render_again_leaves_a_stored_letter_as_it_is(letterhead, category, staff, committed):  # noqa: F811
    letter = _lost_letter(letterhead, category)
    _sweeps(1)
    stored = Letter.objects.get(pk=letter.pk)

    with committed(execute=True):
        count = render_again(letters=Letter.objects.filter(pk=letter.pk), by=staff)

    letter.refresh_from_db()
    assert count == 0
    assert (letter.file.name, letter.rendered_at, letter.attempts) == (stored.file.name, stored.rendered_at, 1)
    assert AuditEvent.objects.filter(action="letter.render_again").count() == 0


def test_an_email_whose_letter_cannot_be_rendered_fails_and_is_sent_with_it_once_rendered_again(
    broken, category, staff, committed, mailoutbox
):
    letter = _lost_letter(broken, category)
    member = UserFactory(language="th")
    with committed(execute=True):
        email = email_user(
            user=member, kind="test", template="test", context={}, attachments=[letter_attachment(letter)]
        )

    email.refresh_from_db()
    # A missing file is an OSError, which the outbox takes for a passing trouble: it tries every attempt
    # (here at once, the tasks being eager; a worker waits 1, 2, 4, 8 minutes), then leaves it failed.
    assert (email.status, email.attempts) == (OutboundEmail.Status.FAILED, MAX_EMAIL_ATTEMPTS)
    assert email.last_error.startswith("FileNotFoundError: ")
    assert mailoutbox == []

    Signatory.objects.filter(design__cycle=broken).update(signature="")  # staff fix the cause
    with committed(execute=True):
        render_again(letters=Letter.objects.filter(pk=letter.pk), by=staff)

    email.refresh_from_db()
    letter.refresh_from_db()
    assert email.status == OutboundEmail.Status.SENT
    [message] = mailoutbox
    [(name, content, _type)] = message.attachments
    assert (name, content) == (letter.filename(), letter.file.read())
    assert content.startswith(b"%PDF")


def test_render_again_sends_again_only_the_failed_emails_that_carry_its_letters(
    broken, category, staff, committed, mailoutbox
):
    letter = _lost_letter(broken, category)
    other_cycle = CycleFactory()
    elsewhere = _lost_letter(other_cycle, CategoryFactory(cycle=other_cycle), 9)
    SignatoryFactory(design__cycle=other_cycle, signature=GONE)
    member = UserFactory(language="th")
    with committed(execute=True):
        mine = email_user(
            user=member, kind="test", template="test", context={}, attachments=[letter_attachment(letter)]
        )
        other = email_user(
            user=member, kind="test", template="test", context={}, attachments=[letter_attachment(elsewhere)]
        )

    Signatory.objects.update(signature="")
    with committed(execute=True):
        render_again(letters=Letter.objects.filter(pk=letter.pk), by=staff)

    mine.refresh_from_db()
    other.refresh_from_db()
    assert (mine.status, other.status) == (OutboundEmail.Status.SENT, OutboundEmail.Status.FAILED)
    assert len(mailoutbox) == 1


def test_failed_letters_list_takes_as_many_queries_for_three_letters_as_for_one(broken, category, staff, login_as):
    client = login_as(staff)
    url = "/admin/documents/letter/?state=failed"
    _lost_letter(broken, category, 1)
    _sweeps(MAX_ATTEMPTS)
    with CaptureQueriesContext(connection) as one:
        assert client.get(url).content.decode().count("FileNotFoundError") == 1
    _lost_letter(broken, category, 2), _lost_letter(broken, category, 3)
    Letter.objects.update(attempts=0, failed_at=None, last_attempt_at=None)
    _sweeps(MAX_ATTEMPTS)
    with CaptureQueriesContext(connection) as three:
        assert client.get(url).content.decode().count("FileNotFoundError") == 3

    assert len(three) == len(one)
