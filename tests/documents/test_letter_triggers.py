"""Each event issues its letter and the e-mail that announces it carries the letter: a submission
(acknowledgement), a confirmed shortlist (shortlisted / not shortlisted), presentations sent
(invitation, re-issued when the time changes) and a finalised result (results, with its own e-mail).
The tasks run in the test's process (tests/conftest.py) once the transaction "commits"."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from core.models import OutboundEmail
from documents.enums import LetterKind
from documents.letters import LETTER
from documents.models import Letter
from judging.models import PresentationSlot
from judging.services.decisions import finalise_prize
from judging.services.presentations import generate_schedule, move_slot, send_notices
from judging.services.shortlist import confirm_shortlist
from submissions.services import applications as submissions
from tests.factories import PrizeFactory
from tests.judging.conftest import Edition
from tests.poppler import pdftotext, squashed
from tests.submissions.helpers import add
from tests.submissions.test_applications import complete, make_cycle, make_organisation

pytestmark = pytest.mark.django_db
BANGKOK = ZoneInfo("Asia/Bangkok")


@pytest.fixture
def edition(judge, chair):
    return Edition([judge, chair])


def _attached_letters(email: OutboundEmail) -> list[int]:
    return [item["object_id"] for item in email.attachments if item["kind"] == LETTER]


def _sent_letter(mailoutbox, to: str, letter: Letter) -> bytes:
    """The letter's PDF in the message the worker sent to ``to``."""
    [message] = [message for message in mailoutbox if message.to == [to]]
    [content] = [content for name, content, _type in message.attachments if name == letter.filename()]
    return content


def test_submission_sends_the_acknowledgement_letter_with_the_confirmation(
    applicant, mailoutbox, django_capture_on_commit_callbacks
):
    cycle = make_cycle()
    application = submissions.start_application(
        organisation=make_organisation(applicant),
        cycle=cycle,
        category=cycle.categories.get(),
        title_th="ระบบรถโดยสารอัจฉริยะ",
        by=applicant,
    )
    add(application, applicant)
    complete(application, applicant)

    with django_capture_on_commit_callbacks(execute=True):
        submissions.submit_application(application=application, by=applicant)

    letter = Letter.objects.get(application=application)
    email = OutboundEmail.objects.get(kind="submission_confirmation")
    pdf = _sent_letter(mailoutbox, applicant.email, letter)
    assert (letter.kind, letter.language, letter.number) == (LetterKind.ACKNOWLEDGEMENT, "th", 1)
    assert _attached_letters(email) == [letter.pk]
    assert email.status == OutboundEmail.Status.SENT
    assert pdf.startswith(b"%PDF")
    letter.refresh_from_db()
    assert letter.rendered_at is not None and letter.file.read() == pdf


@pytest.mark.poppler
def test_confirmed_shortlist_sends_each_organisation_its_letter_in_its_language(
    edition, staff, mailoutbox, django_capture_on_commit_callbacks
):
    kept = edition.enter("MOB-1", [9, 9], language="en")
    dropped = edition.enter("MOB-2", [3, 3], language="th")

    with django_capture_on_commit_callbacks(execute=True):
        confirm_shortlist(round=edition.round, application_ids={kept.pk}, by=staff)

    shortlisted = Letter.objects.get(application=kept)
    not_shortlisted = Letter.objects.get(application=dropped)
    assert (shortlisted.kind, shortlisted.language) == (LetterKind.SHORTLISTED, "en")
    assert (not_shortlisted.kind, not_shortlisted.language) == (LetterKind.NOT_SHORTLISTED, "th")
    assert sorted([shortlisted.number, not_shortlisted.number]) == [1, 2]
    for letter, kind in [(shortlisted, "shortlist_advanced"), (not_shortlisted, "shortlist_not_advanced")]:
        email = OutboundEmail.objects.get(kind=kind)
        assert _attached_letters(email) == [letter.pk]
    dropped_member = dropped.organisation.memberships.get().user
    text = squashed(pdftotext(_sent_letter(mailoutbox, dropped_member.email, not_shortlisted)))
    assert squashed("ผลงานของท่านไม่ได้รับการคัดเลือกเข้าสู่รอบสุดท้าย") in text


@pytest.mark.poppler
def test_presentations_sent_invite_by_letter_and_a_moved_slot_reissues_it_under_its_number(
    edition, staff, mailoutbox, django_capture_on_commit_callbacks
):
    apps = [edition.enter(f"MOB-{i}", [9, 9]) for i in range(1, 3)]
    final = confirm_shortlist(round=edition.round, application_ids={a.pk for a in apps}, by=staff)
    schedule = edition.schedule(final)
    generate_schedule(schedule=schedule)
    member = apps[1].organisation.memberships.get().user

    with django_capture_on_commit_callbacks(execute=True):
        send_notices(schedule=schedule)
    invitation = Letter.objects.get(application=apps[1], kind=LetterKind.INVITATION)
    first = squashed(pdftotext(_sent_letter(mailoutbox, member.email, invitation)))
    mailoutbox.clear()
    slot = PresentationSlot.objects.get(application=apps[1])
    with django_capture_on_commit_callbacks(execute=True):
        move_slot(slot=slot, room=slot.room, starts_at=datetime(2022, 9, 14, 13, tzinfo=BANGKOK))
    reissued = Letter.objects.get(application=apps[1], kind=LetterKind.INVITATION)
    second = squashed(pdftotext(_sent_letter(mailoutbox, member.email, reissued)))

    assert squashed("วันที่ ๑๔ กันยายน ๒๕๖๕ เวลา ๑๐.๓๐ – ๑๐.๕๐ น.") in first
    assert squashed("https://meet.example.org/scsa") in first
    assert (reissued.pk, reissued.number, reissued.reissue_count) == (invitation.pk, invitation.number, 1)
    assert squashed("เวลา ๑๓.๐๐ – ๑๓.๒๐ น.") in second
    assert squashed("ฉบับออกใหม่ แทนฉบับลงวันที่") in second
    assert _attached_letters(OutboundEmail.objects.filter(kind="presentation_finalist", to=member.email).last()) == [
        invitation.pk
    ]


@pytest.mark.poppler
def test_a_finalised_result_sends_the_results_letter_in_its_own_email(
    edition, staff, mailoutbox, django_capture_on_commit_callbacks
):
    winner = edition.enter("MOB-1", [9, 9])
    prize = PrizeFactory(cycle=edition.cycle, category=winner.category, level_th="ดีเด่น")

    with django_capture_on_commit_callbacks(execute=True):
        finalise_prize(prize=prize, application=winner, by=staff, data={"rank": 1})

    letter = Letter.objects.get(application=winner)
    email = OutboundEmail.objects.get(kind="letter_results")
    member = winner.organisation.memberships.get().user
    text = squashed(pdftotext(_sent_letter(mailoutbox, member.email, letter)))
    assert letter.kind == LetterKind.RESULTS
    assert _attached_letters(email) == [letter.pk]
    assert email.subject == "แจ้งผลการตัดสินรางวัล: MOB-1"
    assert squashed("ขอแสดงความยินดีที่ผลงานของท่านได้รับรางวัลดีเด่น") in text
