"""Every kind of e-mail the platform sends (one folder of templates/emails/ each) ends with the sender
block, in the recipient's language: an edition's e-mails with that edition's block, the others
(account e-mails, vote codes, the test e-mail) with the live edition's."""

from datetime import timedelta
from pathlib import Path
from types import SimpleNamespace

import pytest
from allauth.core import context as allauth_context
from django.conf import settings
from django.utils import timezone

from accounts.adapter import AccountAdapter
from accounts.enrolment import send_enrolment_link
from core.emails import send_test_email
from core.models import OutboundEmail
from documents import emails as documents_emails
from documents.enums import LetterKind
from documents.letters import issue_letter
from judging import emails as judging_emails
from judging.models import DiscussionMessage
from reminders import emails as reminder_emails
from reminders.enums import ReminderKind
from submissions import emails as submission_emails
from tests.factories import (
    ApplicationFactory,
    AssignmentFactory,
    ChallengeFactory,
    CycleFactory,
    DeadlineExtensionFactory,
    InvitationFactory,
    MembershipFactory,
    PresentationSlotFactory,
    RoundFactory,
    UserFactory,
)
from voting import emails as voting_emails

pytestmark = pytest.mark.django_db
KINDS = sorted(path.name for path in (Path(settings.BASE_DIR) / "templates" / "emails").iterdir() if path.is_dir())
EDITION = {
    "contact_office_th": "ฝ่ายประกวดรางวัลเมืองอัจฉริยะ",
    "contact_office_en": "Smart City Awards Office",
    "contact_phone": "0 2026 2333",
    "contact_phone_extension": "5103",
    "contact_email": "awards@depa.or.th",
    "is_archived": True,  # not the live edition: its e-mails must still carry its own block
}
LIVE = {"contact_office_th": "สำนักงานประจำปีปัจจุบัน", "contact_office_en": "Office of the live edition", "year": 2027}
BLOCKS = {
    ("edition", "th"): [
        "ขอแสดงความนับถือ",
        "",
        EDITION["contact_office_th"],
        "โทรศัพท์ 0 2026 2333 ต่อ 5103",
        "อีเมล awards@depa.or.th",
    ],
    ("edition", "en"): [
        "Yours sincerely",
        "",
        EDITION["contact_office_en"],
        "Telephone 0 2026 2333 ext. 5103",
        "E-mail awards@depa.or.th",
    ],
    ("live", "th"): ["ขอแสดงความนับถือ", "", LIVE["contact_office_th"]],
    ("live", "en"): ["Yours sincerely", "", LIVE["contact_office_en"]],
}


def _application(user):
    application = ApplicationFactory(cycle=CycleFactory(**EDITION), reference="SCSA2569-ENV-001")
    MembershipFactory(user=user, organisation=application.organisation)
    return application


def _slot(user):
    slot = PresentationSlotFactory(schedule__round=RoundFactory(rubric__cycle=CycleFactory(**EDITION), position=2))
    MembershipFactory(user=user, organisation=slot.application.organisation)
    return slot


# How each kind is sent (its app's own function) and whose block it must end with.
SENDERS: dict = {}


def sends(kind: str, whose: str):
    def register(function):
        SENDERS[kind] = (function, whose)
        return function

    return register


@sends("invitation", "live")
def invitation(user):
    submission_emails.send_invitation(invitation=InvitationFactory(email=user.email, invited_by=UserFactory()))


@sends("submission_confirmation", "edition")
def submission_confirmation(user):
    submission_emails.send_submission_confirmation(application=_application(user))


@sends("staff_message", "edition")
def staff_message(user):
    submission_emails.send_staff_message(application=_application(user), subject="เรื่อง", message="ข้อความ")


@sends("shortlist_advanced", "edition")
def shortlist_advanced(user):
    judging_emails.send_shortlist_result(application=_application(user), advanced=True)


@sends("shortlist_not_advanced", "edition")
def shortlist_not_advanced(user):
    judging_emails.send_shortlist_result(application=_application(user), advanced=False)


@sends("discussion_mention", "edition")
def discussion_mention(user):
    cycle = CycleFactory(**EDITION)
    application = ApplicationFactory(cycle=cycle, reference="SCSA2569-ENV-002")
    message = DiscussionMessage.objects.create(
        application=application, round=RoundFactory(rubric__cycle=cycle), author=UserFactory(), body="@กรรมการ"
    )
    judging_emails.send_mention(user=user, message=message)


@sends("feedback_ready", "edition")
def feedback_ready(user):
    judging_emails.send_feedback_ready(application=_application(user))


@sends("presentation_finalist", "edition")
def presentation_finalist(user):
    judging_emails.send_finalist_notice(slot=_slot(user), user=user, update=False)


@sends("presentation_judge", "edition")
def presentation_judge(user):
    slot = _slot(UserFactory())
    judging_emails.send_judge_notice(judge=user, slots=[slot], update=False, cycle=slot.application.cycle)


@sends("letter_results", "edition")
def letter_results(user):
    application = _application(user)
    letter, _new = issue_letter(application=application, kind=LetterKind.RESULTS, language=user.language)
    documents_emails.send_results_letter(user=user, letter=letter)


@sends("conflict_withdrawn", "edition")
def conflict_withdrawn(user):
    assignment = AssignmentFactory(
        round=RoundFactory(rubric__cycle=CycleFactory(**EDITION)),
        status="withdrawn",
        withdrawal_reason="province: 30: เทศบาลนครนครราชสีมา",
    )
    judging_emails.send_conflict_withdrawn(staff_user=user, assignment=assignment)


@sends("reminder_draft", "edition")
def reminder_draft(user):
    applications = [_application(user)]
    reminder_emails.send_draft_reminder(
        user=user, kind=ReminderKind.DRAFT_1D, deadline=timezone.now(), applications=applications
    )


@sends("reminder_extension", "edition")
def reminder_extension(user):
    application = _application(user)
    extension = DeadlineExtensionFactory(milestone=application.cycle.milestones.get())
    reminder_emails.send_extension_announcement(user=user, extension=extension, applications=[application])


@sends("reminder_scoring", "edition")
def reminder_scoring(user):
    rounds = [{"round": RoundFactory(rubric__cycle=CycleFactory(**EDITION)), "count": 2}]
    closes_at = timezone.now() + timedelta(days=1)
    reminder_emails.send_scoring_reminder(user=user, kind=ReminderKind.SCORING_1D, closes_at=closes_at, rounds=rounds)


@sends("reminder_presentation", "edition")
def reminder_presentation(user):
    slot = _slot(user)
    reminder_emails.send_presentation_reminder(user=user, starts_at=slot.starts_at, slots=[slot])


@sends("test", "live")
def staff_test_email(user):
    send_test_email(user=user)


@sends("two_factor_enrolment", "live")
def two_factor_enrolment(user):
    send_enrolment_link(user=user)


@sends("vote_code", "live")
def vote_code(user):
    voting_emails.send_code(challenge=ChallengeFactory(email=user.email, language=user.language), code="123456")


ALLAUTH = ("account_", "mfa_", "socialaccount_")


def allauth_email(prefix: str):
    """One of allauth's e-mails, with what allauth puts in its context; it belongs to no edition."""

    def send(user):
        context = {"user": user, "activate_url": "https://x/confirm/", "password_reset_url": "https://x/reset/"}
        context |= {"signup_url": "https://x/signup/", "code": "Q7K2MX", "timestamp": timezone.now()}
        context |= {"from_email": "a@example.com", "to_email": user.email, "deleted_email": "a@example.com"}
        context |= {"provider": SimpleNamespace(name="ThaiD")}  # an identity linked or unlinked
        AccountAdapter().send_mail(prefix, user.email, context)

    return send, "live"


def sender_for(kind: str):
    if kind.startswith(ALLAUTH):
        app, name = kind.split("_", 1)
        return allauth_email(f"{app}/email/{name}")
    return SENDERS[kind]


def test_every_email_kind_is_covered():
    ours = {kind for kind in KINDS if not kind.startswith(ALLAUTH)}
    assert ours == set(SENDERS)
    assert len(KINDS) == len(SENDERS) + 20  # and every e-mail allauth can send


@pytest.mark.parametrize("language", ["th", "en"])
@pytest.mark.parametrize("kind", KINDS)
def test_every_email_ends_with_the_sender_block(kind, language, rf):
    CycleFactory(**LIVE)
    user = UserFactory(language=language)
    send, whose = sender_for(kind)
    with allauth_context.request_context(rf.get("/")):
        send(user)

    email = OutboundEmail.objects.filter(to=user.email).get()
    block = BLOCKS[(whose, language)]
    assert email.language == language
    assert email.body_text.rstrip().splitlines()[-len(block) :] == block
    sender_cell = email.body_html.split('class="email-sender"', 1)[1]
    assert 'class="email-body"' in email.body_html.split('class="email-sender"', 1)[0]
    assert block[0] in sender_cell and block[2] in sender_cell
    assert block[-1] in sender_cell
    assert "</td></tr>\n</table>" in sender_cell  # nothing after the block inside the message
