"""The world the authorisation matrix requests its URLs in: the personas of tests/conftest.py (same
e-mails, names and roles) and real objects they own, built once per test module.

What is in it (attribute names are what the rows' ``kwargs`` use):

- ``open_cycle``: an edition open for applications (deadline in 30 days) with two sections:
  ``section`` holds ``field`` (a long answer), the second ``unanswered_field`` (required, so the
  draft cannot be submitted) and ``file_field`` (a file question).
- ``organisation``: the applicant's organisation (the applicant owns it); ``colleague``: its editor,
  ``colleague_membership``; ``invitation``: an open invitation from it to the province viewer's e-mail.
- ``draft``: the applicant's draft in the open edition, with ``answer`` (to ``field``), a partner, a
  cover picture, ``draft_attachment`` (general) and ``draft_field_attachment`` (the answer to
  ``file_field``).
- ``other_organisation`` and ``other_draft``: the other applicant's own organisation and draft.
- ``judged_cycle``: an edition past its deadline in its screening ``round`` (open now), rubric with
  ``criterion`` and ``second_criterion``; ``submitted``: the applicant's submitted application there,
  with ``submitted_attachment``.
- ``assignment``: the judge's assignment to ``submitted``, declared (no conflict), answered, with a draft
  ``scorecard`` holding one score.
- ``conflicted_assignment``: the conflicted judge's assignment to the same application; their
  declaration names the applicant's organisation, so the application is closed to them.
- The chair (a judge too) is on no panel and holds no assignment.
- ``poll``: the judged edition's Popular Vote, open now; its finalists are ``finalist`` (the
  applicant's, with a cover it consented to publish) and ``other_finalist`` (no consent); ``vote`` by
  ``voter`` for ``finalist``; ``new_voter``, verified, who has not voted; ``void``: a voided vote.
- A TOTP authenticator and recovery codes for every persona who must use 2FA (``authenticator`` is
  staff's); ``province_scope``: the province viewer reads Bangkok; ``reminder``; ``email``: an
  outbound e-mail with an attachment (the judge's calendar).
- One object of every model admin lists (e-mail address, consent, audit event, outbound e-mail, axes
  records, ...), so that the admin family's change pages open on something real.
"""

from dataclasses import dataclass, field
from datetime import datetime, time, timedelta
from decimal import Decimal

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from accounts.audit import record_event
from accounts.enums import Role
from accounts.services import record_consent
from awards.enums import FieldKind, MilestoneKind
from awards.services import extend_milestone
from core.emails import queue_rendered_email
from judging.enums import AssignmentSource, ConflictAnswer, RoundKind
from judging.services import scoring
from judging.services.decisions import finalise_prize
from judging.services.declarations import declare_interests
from submissions.enums import ApplicationStatus, MemberRole, PartnerKind
from submissions.models import Application, Province
from submissions.services.attachments import add_attachment, set_cover_image
from submissions.services.provinces import ensure_provinces

from ..factories import (
    AnswerFactory,
    ApplicationFactory,
    AssignmentFactory,
    CategoryFactory,
    CertificateDesignFactory,
    CriterionFactory,
    CycleFactory,
    DecisionFactory,
    DimensionFactory,
    DocumentBatchFactory,
    DocumentFactory,
    EmailAddressFactory,
    FieldFactory,
    InvitationFactory,
    MembershipFactory,
    PanelFactory,
    PartnerFactory,
    PresentationScheduleFactory,
    PresentationSlotFactory,
    PrizeFactory,
    ProvinceViewerScopeFactory,
    ReminderFactory,
    RoomFactory,
    RoundFactory,
    RubricFactory,
    SectionFactory,
    SignatoryFactory,
    UserFactory,
    VoteVoidFactory,
    png_bytes,
)
from ..submissions.test_filetypes import image_bytes, minimal_pdf

# The personas of tests/conftest.py, built the same way (keep the two in step).
PERSONA_DATA = {
    "applicant": ("applicant@example.com", "สมชาย ใจดี", [Role.APPLICANT]),
    "other_applicant": ("other.applicant@example.com", "สมหญิง รักเมือง", [Role.APPLICANT]),
    "judge": ("judge@example.com", "กรรมการ หนึ่ง", [Role.JUDGE]),
    "conflicted_judge": ("conflicted.judge@example.com", "กรรมการ สอง", [Role.JUDGE]),
    "chair": ("chair@example.com", "ประธาน", [Role.CHAIR, Role.JUDGE]),
    "staff": ("staff@example.com", "เจ้าหน้าที่", [Role.STAFF]),
    "province_viewer": ("province@example.com", "ท้องถิ่นจังหวัด", [Role.PROVINCE_VIEWER]),
}
PERSONAS = ("anonymous", *PERSONA_DATA)


@dataclass
class World:
    users: dict = field(default_factory=dict)  # persona name -> User (no entry for "anonymous")
    # The first object of each admin model (tests/authz/admin.py), read once: tests change nothing
    # that outlives their savepoint.
    first_objects: dict = field(default_factory=dict)

    def __getattr__(self, name):  # objects are set as attributes by build_world
        raise AttributeError(f"the authorisation world has no {name!r}; add it in tests/authz/world.py")


def _upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content)


def build_world() -> World:
    ensure_provinces()
    w = World()
    for name, (email, full_name, roles) in PERSONA_DATA.items():
        w.users[name] = UserFactory(email=email, full_name=full_name, roles=roles)
        # As after a sign-up through allauth: the address is known and verified.
        EmailAddressFactory(user=w.users[name], email=email)
    applicant = w.users["applicant"]
    bangkok = Province.objects.get(code="10")

    # The open edition and the applicant's organisation, draft and files.
    w.open_cycle = CycleFactory(slug="open-cycle")
    w.open_category = CategoryFactory(cycle=w.open_cycle)
    PrizeFactory(cycle=w.open_cycle, category=w.open_category)
    w.section = SectionFactory(cycle=w.open_cycle, position=1)
    w.field = FieldFactory(section=w.section, key="background")
    second_section = SectionFactory(cycle=w.open_cycle, position=2)
    # Required and left unanswered: the draft cannot be submitted (the matrix's refused submit).
    w.unanswered_field = FieldFactory(section=second_section, key="results")
    w.file_field = FieldFactory(
        section=second_section,
        key="photos",
        kind=FieldKind.FILE,
        required=False,
        max_chars=None,
        file_kinds=["pdf", "png"],
        max_rows=3,
    )
    w.membership = MembershipFactory(user=applicant, role=MemberRole.OWNER)
    w.organisation = w.membership.organisation
    w.colleague = UserFactory(email="colleague@example.com", full_name="สมศรี ทำงาน")
    w.colleague_membership = MembershipFactory(user=w.colleague, organisation=w.organisation, role=MemberRole.EDITOR)
    w.invitation = InvitationFactory(
        organisation=w.organisation, email=PERSONA_DATA["province_viewer"][0], invited_by=applicant
    )
    w.draft = ApplicationFactory(
        cycle=w.open_cycle, category=w.open_category, organisation=w.organisation, created_by=applicant
    )
    w.answer = AnswerFactory(application=w.draft, field=w.field, value="ปัญหาที่เมืองพบ")
    PartnerFactory(application=w.draft, name="บริษัท พันธมิตร จำกัด", kind=PartnerKind.COMPANY, province=bangkok)
    w.draft_attachment = add_attachment(
        application=w.draft, uploaded_file=_upload("แผนงาน.pdf", minimal_pdf()), by=applicant
    )
    w.draft_field_attachment = _field_attachment(w.draft, w.file_field, applicant)
    set_cover_image(application=w.draft, uploaded_file=_upload("ปก.png", image_bytes("PNG")), by=applicant)

    other = w.users["other_applicant"]
    w.other_membership = MembershipFactory(user=other, role=MemberRole.OWNER)
    w.other_organisation = w.other_membership.organisation
    w.other_draft = ApplicationFactory(
        cycle=w.open_cycle, category=w.open_category, organisation=w.other_organisation, created_by=other
    )

    # The edition in judging: the applicant's submitted application, a judge scoring it, and a judge
    # whose declaration names the applicant's organisation.
    now = timezone.now()
    rubric = RubricFactory(score_step=Decimal("0.5"))
    w.judged_cycle = rubric.cycle
    w.judged_cycle.slug = "judged-cycle"
    w.judged_cycle.save()
    dimension = DimensionFactory(rubric=rubric, points=Decimal(10))
    w.criterion = CriterionFactory(dimension=dimension, position=1, max_points=Decimal(4))
    w.second_criterion = CriterionFactory(dimension=dimension, position=2, max_points=Decimal(6))
    w.round = RoundFactory(
        cycle=w.judged_cycle,
        position=1,
        kind=RoundKind.SCREENING,
        rubric=rubric,
        opens_at=now - timedelta(days=1),
        closes_at=now + timedelta(days=7),
    )
    w.submitted = ApplicationFactory(
        cycle=w.judged_cycle,
        organisation=w.organisation,
        created_by=applicant,
        deadline=now + timedelta(days=1),
        title_th="ส่งแล้ว",
    )
    w.submitted_attachment = add_attachment(
        application=w.submitted, uploaded_file=_upload("ส่งแล้ว.pdf", minimal_pdf()), by=applicant
    )
    w.judged_field = FieldFactory(section__cycle=w.judged_cycle, key="background")
    w.judged_field.criteria.add(w.criterion)
    w.submitted_answer = AnswerFactory(application=w.submitted, field=w.judged_field, value="ผลลัพธ์ที่วัดได้")
    w.judged_cycle.milestones.update(starts_at=now - timedelta(days=2))
    Application.objects.filter(pk=w.submitted.pk).update(status=ApplicationStatus.SUBMITTED, reference="T-0001")
    w.submitted.refresh_from_db()

    judge, conflicted = w.users["judge"], w.users["conflicted_judge"]
    w.declaration = declare_interests(judge=judge, cycle=w.judged_cycle, organisations="", provinces=[])
    declare_interests(judge=conflicted, cycle=w.judged_cycle, organisations=w.organisation.name, provinces=[])
    w.assignment = AssignmentFactory(
        round=w.round, judge=judge, application=w.submitted, source=AssignmentSource.AUTOMATIC
    )
    scoring.answer_conflict(assignment=w.assignment, by=judge, recuse=False)
    w.scorecard = scoring.scorecard_for(assignment=w.assignment)
    w.score = scoring.record_score(scorecard=w.scorecard, criterion=w.criterion, steps=4, comment="ดี", by=judge)
    w.conflicted_assignment = AssignmentFactory(
        round=w.round, judge=conflicted, application=w.submitted, source=AssignmentSource.MANUAL
    )
    assert w.conflicted_assignment.conflict_answer == ConflictAnswer.PENDING
    # The category's award (the chair and staff may finalise it) and a recorded Popular Vote winner.
    w.judged_prize = PrizeFactory(cycle=w.judged_cycle, category=w.submitted.category)
    popular = PrizeFactory(cycle=w.judged_cycle, kind="popular_vote", category=None)
    w.decision = finalise_prize(prize=popular, application=w.submitted, by=w.users["staff"], data={"votes": 1})

    # The presentations: the cycle's final round with a schedule, one room where the judge sits, and
    # the slot of a shortlisted application of the applicant's organisation.
    w.final_round = RoundFactory(
        cycle=w.judged_cycle,
        position=2,
        kind=RoundKind.FINAL,
        rubric=rubric,
        opens_at=now - timedelta(days=1),
        closes_at=now + timedelta(days=30),
    )
    w.presentation_day = timezone.localdate(now) + timedelta(days=10)
    at_ten = timezone.make_aware(datetime.combine(w.presentation_day, time(10)))
    w.schedule = PresentationScheduleFactory(
        round=w.final_round,
        starts_at=at_ten,
        ends_at=at_ten + timedelta(hours=5),
        breaks="12:00-13:00",
        video_url="https://meet.example.org/scsa",
    )
    w.room = RoomFactory(schedule=w.schedule, name="ห้องหลัก", judges=[judge])
    w.finalist = ApplicationFactory(cycle=w.judged_cycle, organisation=w.organisation, created_by=applicant)
    Application.objects.filter(pk=w.finalist.pk).update(status=ApplicationStatus.SHORTLISTED, reference="T-0002")
    w.slot = PresentationSlotFactory(
        schedule=w.schedule,
        room=w.room,
        application=w.finalist,
        starts_at=at_ten,
        ends_at=at_ten + timedelta(minutes=20),
    )

    # Something in every other table admin lists.
    deadline = w.open_cycle.milestones.get(kind=MilestoneKind.SUBMISSION_DEADLINE)
    extend_milestone(milestone=deadline, new_at=deadline.starts_at + timedelta(days=1), by=w.users["staff"])
    record_consent(user=applicant, purpose=_first_purpose(), notice_version="1")
    record_event(actor=w.users["staff"], action="export.applications", target=w.submitted)
    from judging.ics import judge_attachment

    w.email = queue_rendered_email(
        kind="test",
        to=applicant.email,
        language="th",
        subject="ทดสอบ",
        text="ทดสอบ",
        attachments=[judge_attachment(judge)],
    )
    AccessAttempt.objects.create(
        username=applicant.email, ip_address="127.0.0.1", user_agent="test", failures_since_start=1
    )
    AccessLog.objects.create(username=applicant.email, ip_address="127.0.0.1", user_agent="test")
    AccessFailureLog.objects.create(username=applicant.email, ip_address="127.0.0.1", user_agent="test")
    _documents(w)
    _merged_apps(w)
    _feedback(w)
    return w


def _feedback(w: World) -> None:
    """Feedback to applicants: the judged edition's feedback milestone has passed and the submitted
    application's PDF is rendered; the open edition's comes in 60 days, and the draft's PDF (which no
    sweep would make: it stands in for any PDF before the milestone) must not be served before it."""
    from django.core.files.base import ContentFile

    from awards.models import Milestone
    from judging.models import FeedbackDocument, ReleasedComment

    now = timezone.now()
    Milestone.objects.create(cycle=w.judged_cycle, kind=MilestoneKind.FEEDBACK, starts_at=now - timedelta(days=1))
    Milestone.objects.create(cycle=w.open_cycle, kind=MilestoneKind.FEEDBACK, starts_at=now + timedelta(days=60))
    for application in (w.submitted, w.draft):
        for language in ("th", "en"):
            document = FeedbackDocument(application=application, round=w.round, language=language, requested_at=now)
            document.file.save("feedback.pdf", ContentFile(minimal_pdf()), save=False)
            document.rendered_at = now
            document.save()
    # The chair's summary released to the submitted application (admin reads it).
    ReleasedComment.objects.create(
        round=w.round, application=w.submitted, text="สรุปของประธาน", approved_by=w.users["chair"], approved_at=now
    )


def _merged_apps(w: World) -> None:
    """What the Popular Vote, 2FA, the back office and reminders need: a poll of the judged edition
    (open now, counts shown live) whose finalist is ``w.finalist`` with one verified voter's vote; a
    TOTP authenticator for every persona who must use 2FA (as ``login_as`` would make); the province
    viewer's scope (Bangkok); a reminder sent to the applicant."""
    from allauth.mfa.models import Authenticator
    from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    from accounts.two_factor import two_factor_required
    from voting.enums import VoidReason

    from ..factories import FinalistFactory, PollFactory, VoteFactory, VoterFactory

    # Its counts are shown live, so its integrity report and ledger are public already.
    w.poll = PollFactory(cycle=w.judged_cycle, show_counts=True)
    w.finalist.refresh_from_db()
    w.vote = VoteFactory(application=w.finalist)
    w.voter = w.vote.voter
    w.other_finalist = FinalistFactory(cycle=w.judged_cycle, organisation=w.other_organisation)
    # A vote for the other finalist that staff voided in the fraud review.
    w.void = VoteVoidFactory(
        vote=VoteFactory(application=w.other_finalist), reason=VoidReason.values[0], voided_by=w.users["staff"]
    )
    w.new_voter = VoterFactory()
    # The finalist consented to show its cover in the gallery.
    # (set directly: the service refuses changes once an application is submitted).
    w.finalist.publish_consent = True
    w.finalist.cover_image.save("cover.png", _upload("ปก.png", image_bytes("PNG")), save=False)
    w.finalist.save(update_fields=["publish_consent", "cover_image"])
    for user in w.users.values():
        if two_factor_required(user):
            TOTP.activate(user, generate_totp_secret())
            RecoveryCodes.activate(user)
    w.authenticator = Authenticator.objects.get(user=w.users["staff"], type=Authenticator.Type.TOTP)
    w.province_scope = ProvinceViewerScopeFactory(
        user=w.users["province_viewer"], province=Province.objects.get(code="10")
    )
    w.reminder = ReminderFactory(
        recipient=w.users["applicant"], kind=_first_reminder_kind(), deadline=timezone.now(), cycle=w.open_cycle
    )


def _first_reminder_kind():
    from reminders.enums import ReminderKind

    return next(iter(ReminderKind))


def _documents(w: World) -> None:
    """A finished score sheet of the judge, a committee book, a certificate of the submitted
    application (the files are small stand-ins: the matrix asks who may fetch them, not how they look)."""
    from django.core.files.base import ContentFile

    from documents.enums import DocumentKind, DocumentStatus
    from documents.models import Letter
    from documents.services import issue_certificate

    staff = w.users["staff"]
    PanelFactory(round=w.round, category=w.submitted.category, judges=[w.users["judge"]])
    batch = DocumentBatchFactory(label="world", requested_by=staff)
    prize = PrizeFactory(cycle=w.judged_cycle, category=w.submitted.category)
    w.certificate = issue_certificate(prize=prize, application=w.submitted, language="th", by=staff)
    design = CertificateDesignFactory(cycle=w.judged_cycle)
    SignatoryFactory(design=design)
    # The organiser's emblem, which every page's header shows (public, /documents/emblem/<slug>/).
    design.emblem.save("emblem.png", ContentFile(png_bytes()))
    # A recorded winner (judging.Decision), which "certificates for the winners" reads.
    DecisionFactory(
        prize=prize, application=w.submitted, decided_by=staff, decided_at=timezone.now(), data="{}", sha256="0" * 64
    )
    targets = {
        "score_sheet": {"kind": DocumentKind.SCORE_SHEET, "assignment": w.assignment},
        "committee_book": {
            "kind": DocumentKind.COMMITTEE_BOOK,
            "round": w.round,
            "category": w.submitted.category,
            "assignment": None,
        },
    }
    for name, target in targets.items():
        document = DocumentFactory(status=DocumentStatus.DONE, requested_by=staff, batch=batch, **target)
        document.file.save("document.pdf", ContentFile(minimal_pdf()))
        setattr(w, name, document)
    # The results letter that finalising the decision issued to the applicant's organisation, stored.
    w.letter = Letter.objects.filter(application=w.submitted).order_by("pk").first()
    w.letter.file.save("letter.pdf", ContentFile(minimal_pdf()), save=False)
    Letter.objects.filter(pk=w.letter.pk).update(file=w.letter.file.name, rendered_at=timezone.now())


def _field_attachment(application, file_field, by):
    """A file answering ``file_field``, uploaded through the applicants' service."""
    upload = _upload("ภาพ.png", image_bytes("PNG"))
    return add_attachment(application=application, uploaded_file=upload, by=by, field=file_field)


def _first_purpose():
    from accounts.enums import ConsentPurpose

    return next(iter(ConsentPurpose))
