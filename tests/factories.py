"""A factory for every model; tests build exactly the data they need."""

import hashlib
import io
from datetime import timedelta
from decimal import Decimal

import factory
from django.utils import timezone
from PIL import Image

from accounts.enums import ConsentPurpose, Role
from accounts.models import User
from accounts.services import grant_role
from awards.enums import MilestoneKind, PrizeKind
from awards.models import Category, Criterion, Cycle, DeadlineExtension, Dimension, Milestone, Prize, Rubric, Section
from documents.enums import DocumentKind
from judging.enums import AssignmentSource, ConflictAnswer, RoundKind, ScorecardStatus
from judging.models import Round
from reminders.enums import ReminderKind
from submissions.enums import ApplicationStatus, PartnerKind
from voting.enums import VoidReason
from voting.identity import email_hash, email_similarity_hash


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.com")
    full_name = factory.Faker("name")
    language = "th"
    password = factory.django.Password("correct-horse-battery")

    @factory.post_generation
    def roles(self, create, extracted, **kwargs):
        for role in extracted or []:
            grant_role(user=self, role=Role(role))


class EmailAddressFactory(factory.django.DjangoModelFactory):
    """The user's own address, verified and primary (as after the link in the sign-up e-mail)."""

    class Meta:
        model = "account.EmailAddress"

    user = factory.SubFactory(UserFactory)
    email = factory.SelfAttribute("user.email")
    verified = True
    primary = True


class AuditEventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "accounts.AuditEvent"

    action = "auth.login"
    ip_address = "203.0.113.1"


class ConsentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "accounts.Consent"

    user = factory.SubFactory(UserFactory)
    purpose = ConsentPurpose.ACCOUNT
    notice_version = "2026-11"


class CycleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Cycle

    slug = factory.Sequence(lambda n: f"cycle-{n}")
    year = 2026
    name_th = factory.Sequence(lambda n: f"รางวัลทดสอบ {n}")
    name_en = factory.Sequence(lambda n: f"Test award {n}")
    organiser_th = "สำนักงานส่งเสริมเศรษฐกิจดิจิทัล"
    organiser_en = "Digital Economy Promotion Agency"
    description_th = "รายละเอียดรางวัล"
    description_en = "About the award"
    eligibility_th = "หน่วยงานภาครัฐและเอกชน"
    eligibility_en = "Public and private organisations"
    is_published = True


class CategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Category

    cycle = factory.SubFactory(CycleFactory)
    slug = factory.Sequence(lambda n: f"category-{n}")
    code = factory.Sequence(lambda n: f"C{n:02d}")
    position = factory.Sequence(int)
    name_th = factory.Sequence(lambda n: f"ด้าน {n}")
    name_en = factory.Sequence(lambda n: f"Category {n}")


class PrizeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Prize

    cycle = factory.SubFactory(CycleFactory)
    kind = PrizeKind.CATEGORY
    category = factory.SubFactory(CategoryFactory, cycle=factory.SelfAttribute("..cycle"))
    name_th = "รางวัลดีเด่น"
    name_en = "Outstanding award"


class MilestoneFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Milestone

    cycle = factory.SubFactory(CycleFactory)
    kind = MilestoneKind.SUBMISSION_DEADLINE
    starts_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=30))


class DeadlineExtensionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DeadlineExtension

    milestone = factory.SubFactory(MilestoneFactory)
    previous_at = factory.LazyAttribute(lambda o: o.milestone.starts_at - timedelta(days=30))
    new_at = factory.LazyAttribute(lambda o: o.milestone.starts_at)


class RubricFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Rubric

    cycle = factory.SubFactory(CycleFactory)
    version = 1


class RoundFactory(factory.django.DjangoModelFactory):
    """A screening round of the rubric's edition, open from now for a week."""

    class Meta:
        model = Round

    rubric = factory.SubFactory(RubricFactory)
    cycle = factory.SelfAttribute("rubric.cycle")
    position = 1
    kind = RoundKind.SCREENING
    opens_at = factory.LazyFunction(timezone.now)
    closes_at = factory.LazyAttribute(lambda o: o.opens_at + timedelta(days=7))


class DimensionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Dimension

    rubric = factory.SubFactory(RubricFactory)
    position = factory.Sequence(lambda n: n + 1)
    name_th = factory.Sequence(lambda n: f"มิติ {n}")
    points = Decimal(10)


class CriterionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Criterion

    dimension = factory.SubFactory(DimensionFactory)
    position = factory.Sequence(lambda n: n + 1)
    name_th = factory.Sequence(lambda n: f"หัวข้อ {n}")
    max_points = Decimal(5)


class SectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Section

    cycle = factory.SubFactory(CycleFactory)
    position = factory.Sequence(lambda n: n + 1)
    name_th = factory.Sequence(lambda n: f"หัวข้อในใบสมัคร {n}")


def _bangkok():
    from submissions.models import Province
    from submissions.services.provinces import ensure_provinces

    # A transactional test's flush empties the table the migration filled.
    ensure_provinces()
    return Province.objects.get(code="10")


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "submissions.Organisation"

    name = factory.Sequence(lambda n: f"เทศบาลนครทดสอบ {n}")
    name_en = factory.Sequence(lambda n: f"Test City Municipality {n}")
    kind = "city_municipality"
    province = factory.LazyFunction(_bangkok)
    address = "1 ถนนราชดำเนิน"
    contact_name = "สมชาย ใจดี"
    contact_phone = "02 123 4567"


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "submissions.Membership"

    user = factory.SubFactory(UserFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    role = "editor"


class InvitationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "submissions.Invitation"

    organisation = factory.SubFactory(OrganisationFactory)
    email = factory.Sequence(lambda n: f"invited{n}@example.com")
    role = "editor"


class ApplicationFactory(factory.django.DjangoModelFactory):
    """A draft in a cycle with a category and a submission deadline (`deadline=`; default in 30 days)."""

    class Meta:
        model = "submissions.Application"
        skip_postgeneration_save = True

    cycle = factory.SubFactory(CycleFactory)
    category = factory.SubFactory(CategoryFactory, cycle=factory.SelfAttribute("..cycle"))
    organisation = factory.SubFactory(OrganisationFactory)
    title_th = "ระบบแจ้งเหตุอัจฉริยะ"

    @factory.post_generation
    def deadline(self, create, extracted, **kwargs):
        starts_at = extracted or timezone.now() + timedelta(days=30)
        # One deadline per cycle: the cycle's other applications share it.
        Milestone.objects.get_or_create(
            cycle=self.cycle, kind=MilestoneKind.SUBMISSION_DEADLINE, defaults={"starts_at": starts_at}
        )


class FieldFactory(factory.django.DjangoModelFactory):
    """A question of a cycle's form: a long answer of 3,000 characters, required, read by judges,
    unless told otherwise (``kind=``, ``key=``, ``visibility=``, ...)."""

    class Meta:
        model = "awards.Field"

    section = factory.SubFactory(SectionFactory)
    cycle = factory.SelfAttribute("section.cycle")
    key = factory.Sequence(lambda n: f"question_{n}")
    position = factory.Sequence(lambda n: n + 1)
    kind = "long_text"
    name_th = factory.Sequence(lambda n: f"คำถาม {n}")
    required = True
    max_chars = 3000


class AnswerFactory(factory.django.DjangoModelFactory):
    """An answer as stored (``value`` in the shape of submissions.fieldkinds)."""

    class Meta:
        model = "submissions.Answer"

    application = factory.SubFactory(ApplicationFactory)
    field = factory.SubFactory(FieldFactory, section__cycle=factory.SelfAttribute("...application.cycle"))
    value = "ปัญหาที่เมืองพบ"


def facts_field(cycle, key="started_on", **options):
    """The 2022 call's start-date question with its six-month rule (demo/forms.py), in its own section."""
    from demo.forms import FACTS

    _key, kind, name_th, name_en, defaults = next(item for item in FACTS if item[0] == key)
    section = SectionFactory(cycle=cycle, position=options.pop("section_position", 99))
    return FieldFactory(
        section=section,
        key=key,
        kind=kind,
        name_th=name_th,
        name_en=name_en,
        **{"required": False, "max_chars": None, **defaults, **options},
    )


class PartnerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "submissions.Partner"

    application = factory.SubFactory(ApplicationFactory)
    name = factory.Sequence(lambda n: f"บริษัท พันธมิตร {n} จำกัด")
    kind = PartnerKind.COMPANY


def minimal_pdf() -> bytes:
    """A one-page PDF with a correct cross-reference table."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>",
    ]
    pdf = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(pdf))
        pdf += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref_at = len(pdf)
    pdf += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    pdf += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    pdf += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref_at)
    return bytes(pdf)


ONE_PAGE_PDF = minimal_pdf()


class AttachmentFactory(factory.django.DjangoModelFactory):
    """A stored one-page PDF, written to the default storage (private: served only through a view
    that checks permission). Tests that build one use a ``media`` fixture for a folder of their own.
    ``size`` and ``sha256`` describe ONE_PAGE_PDF: pass them too when passing other ``file__data``."""

    class Meta:
        model = "submissions.Attachment"

    application = factory.SubFactory(ApplicationFactory)
    file = factory.django.FileField(data=ONE_PAGE_PDF, filename="plan.pdf")
    original_name = "แผนผังระบบ.pdf"
    kind = "pdf"
    size = len(ONE_PAGE_PDF)
    sha256 = hashlib.sha256(ONE_PAGE_PDF).hexdigest()
    uploaded_by = None


class ProvinceViewerScopeFactory(factory.django.DjangoModelFactory):
    """A province viewer's one province (Bangkok unless given)."""

    class Meta:
        model = "submissions.ProvinceViewerScope"

    user = factory.SubFactory(UserFactory)
    province = factory.LazyFunction(_bangkok)


# Judging (judging/).
class PanelFactory(factory.django.DjangoModelFactory):
    """A category's panel in a round; ``judges=[...]`` seats them."""

    class Meta:
        model = "judging.Panel"
        skip_postgeneration_save = True

    round = factory.SubFactory(RoundFactory)
    category = factory.SubFactory(CategoryFactory, cycle=factory.SelfAttribute("..round.cycle"))

    @factory.post_generation
    def judges(self, create, extracted, **kwargs):
        if extracted:
            self.judges.set(extracted)


class DeclarationFactory(factory.django.DjangoModelFactory):
    """A judge's declaration of interests for a cycle (none unless ``organisations`` is given)."""

    class Meta:
        model = "judging.Declaration"

    judge = factory.SubFactory(UserFactory)
    cycle = factory.SubFactory(CycleFactory)
    organisations = ""


class AssignmentFactory(factory.django.DjangoModelFactory):
    """A judge assigned by staff to a submitted application of the round's cycle; the conflict of
    interest is not answered yet (``conflict_answer=ConflictAnswer.NO_CONFLICT`` for a judge who may score)."""

    class Meta:
        model = "judging.Assignment"

    round = factory.SubFactory(RoundFactory)
    judge = factory.SubFactory(UserFactory)
    application = factory.SubFactory(
        ApplicationFactory, cycle=factory.SelfAttribute("..round.cycle"), status=ApplicationStatus.SUBMITTED
    )
    source = AssignmentSource.MANUAL


class ScorecardFactory(factory.django.DjangoModelFactory):
    """A draft scorecard of a judge who declared no conflict; ``submitted=True`` for a submitted one."""

    class Meta:
        model = "judging.Scorecard"

    class Params:
        submitted = factory.Trait(status=ScorecardStatus.SUBMITTED, submitted_at=factory.LazyFunction(timezone.now))

    assignment = factory.SubFactory(AssignmentFactory, conflict_answer=ConflictAnswer.NO_CONFLICT)
    status = ScorecardStatus.DRAFT


class ScoreFactory(factory.django.DjangoModelFactory):
    """A criterion's score in steps, for a criterion of the scorecard's round's rubric unless given."""

    class Meta:
        model = "judging.Score"

    scorecard = factory.SubFactory(ScorecardFactory)
    criterion = factory.SubFactory(
        CriterionFactory, dimension__rubric=factory.SelfAttribute("...scorecard.assignment.round.rubric")
    )
    steps = 1


class DecisionFactory(factory.django.DjangoModelFactory):
    """A winner recorded for a prize (the frozen data is a stand-in: tests of the decision service
    make real ones)."""

    class Meta:
        model = "judging.Decision"

    prize = factory.SubFactory(PrizeFactory)
    application = factory.SubFactory(
        ApplicationFactory,
        cycle=factory.SelfAttribute("..prize.cycle"),
        category=factory.SelfAttribute("..prize.category"),
        status=ApplicationStatus.SUBMITTED,
    )
    decided_by = factory.SubFactory(UserFactory)
    decided_at = factory.LazyFunction(timezone.now)
    data = "{}"
    sha256 = "0" * 64


class PresentationScheduleFactory(factory.django.DjangoModelFactory):
    """The presentations of a final round: tomorrow from 09:00 to 17:00 (the machine's clock)."""

    class Meta:
        model = "judging.PresentationSchedule"

    round = factory.SubFactory(RoundFactory, kind=RoundKind.FINAL, position=2)
    starts_at = factory.LazyFunction(
        lambda: (timezone.now() + timedelta(days=1)).replace(hour=9, minute=0, second=0, microsecond=0)
    )
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + timedelta(hours=8))


class RoomFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "judging.Room"
        skip_postgeneration_save = True

    schedule = factory.SubFactory(PresentationScheduleFactory)
    name = factory.Sequence(lambda n: f"ห้อง {n}")

    @factory.post_generation
    def judges(self, create, extracted, **kwargs):
        if extracted:
            self.judges.set(extracted)


class PresentationSlotFactory(factory.django.DjangoModelFactory):
    """A finalist's presentation at the start of the schedule, in a room of its own unless given."""

    class Meta:
        model = "judging.PresentationSlot"

    schedule = factory.SubFactory(PresentationScheduleFactory)
    room = factory.SubFactory(RoomFactory, schedule=factory.SelfAttribute("..schedule"))
    application = factory.SubFactory(
        ApplicationFactory,
        cycle=factory.SelfAttribute("..schedule.round.cycle"),
        status=ApplicationStatus.SHORTLISTED,
    )
    starts_at = factory.SelfAttribute("schedule.starts_at")
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + timedelta(minutes=20))


# Documents (documents/).
class DocumentBatchFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "documents.DocumentBatch"

    label = factory.Sequence(lambda n: f"batch {n}")
    requested_by = factory.SubFactory(UserFactory)


class DocumentFactory(factory.django.DjangoModelFactory):
    """A queued score sheet; other kinds name their own targets (``kind=..., round=...,
    assignment=None``)."""

    class Meta:
        model = "documents.Document"

    kind = DocumentKind.SCORE_SHEET
    language = "th"
    assignment = factory.SubFactory(AssignmentFactory)


class CertificateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "documents.Certificate"

    prize = factory.SubFactory(PrizeFactory)
    application = factory.SubFactory(
        ApplicationFactory,
        cycle=factory.SelfAttribute("..prize.cycle"),
        category=factory.SelfAttribute("..prize.category"),
        status=ApplicationStatus.SUBMITTED,
    )
    language = "th"
    awarded_on = factory.LazyFunction(lambda: timezone.localdate())
    issued_by = factory.SubFactory(UserFactory)


def png_bytes(colour: str = "#1d3a6e", size: tuple[int, int] = (120, 60)) -> bytes:
    """A small real PNG (drawn by Pillow) for the image fields: logos, emblems, signatures."""
    out = io.BytesIO()
    Image.new("RGB", size, colour).save(out, format="PNG")
    return out.getvalue()


class CertificateDesignFactory(factory.django.DjangoModelFactory):
    """A cycle's certificate design with the default wording and no images."""

    class Meta:
        model = "documents.CertificateDesign"

    cycle = factory.SubFactory(CycleFactory)


class SignatoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "documents.Signatory"

    design = factory.SubFactory(CertificateDesignFactory)
    order = factory.Sequence(int)
    name_th = "นายสมชาย ใจดี"
    name_en = "Mr Somchai Jaidee"
    position_th = "ผู้อำนวยการใหญ่"
    position_en = "President and CEO"
    signature = factory.django.FileField(filename="signature.png", data=png_bytes())


class PartnerLogoFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "documents.PartnerLogo"

    design = factory.SubFactory(CertificateDesignFactory)
    order = factory.Sequence(int)
    name_th = factory.Sequence(lambda n: f"หน่วยงานร่วมจัด {n}")
    name_en = factory.Sequence(lambda n: f"Partner {n}")
    image = factory.django.FileField(filename="logo.png", data=png_bytes())


# Reminders (reminders/).
class ReminderFactory(factory.django.DjangoModelFactory):
    """A draft reminder claimed for a deadline in three days."""

    class Meta:
        model = "reminders.Reminder"

    recipient = factory.SubFactory(UserFactory)
    kind = ReminderKind.DRAFT_3D
    deadline = factory.LazyFunction(lambda: timezone.now() + timedelta(days=3))
    cycle = factory.SubFactory(CycleFactory)


# The Popular Vote (voting/).
class PollFactory(factory.django.DjangoModelFactory):
    """An open vote (opened an hour ago, closing in a week) of a new cycle."""

    class Meta:
        model = "voting.Poll"

    cycle = factory.SubFactory(CycleFactory)
    opens_at = factory.LazyFunction(lambda: timezone.now() - timedelta(hours=1))
    closes_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=7))
    period = "cycle"


class FinalistFactory(ApplicationFactory):
    """A shortlisted application: a finalist of its cycle's Popular Vote."""

    status = "shortlisted"
    reference = factory.Sequence(lambda n: f"SCSA-F-{n:04d}")


class VoterFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "voting.Voter"

    kind = "email"
    email = factory.Sequence(lambda n: f"voter{n}@example.com")
    identity_hash = factory.LazyAttribute(lambda o: email_hash(o.email))
    similarity_hash = factory.LazyAttribute(lambda o: email_similarity_hash(o.email))
    domain = factory.LazyAttribute(lambda o: o.email.rpartition("@")[2])
    consent_notice_version = "2026-11"
    consented_at = factory.LazyFunction(timezone.now)


class VoteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "voting.Vote"

    voter = factory.SubFactory(VoterFactory)
    application = factory.SubFactory(FinalistFactory)
    cycle = factory.SelfAttribute("application.cycle")
    ip = "203.0.113.7"
    network = "203.0.113.0/24"


class VoteVoidFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "voting.VoteVoid"

    vote = factory.SubFactory(VoteFactory)
    reason = VoidReason.BURST
    voided_by = factory.SubFactory(UserFactory)


class ChallengeFactory(factory.django.DjangoModelFactory):
    """A code sent to an e-mail address a minute ago, valid for ten minutes."""

    class Meta:
        model = "voting.Challenge"

    email = factory.Sequence(lambda n: f"asked{n}@example.com")
    identity_hash = factory.LazyAttribute(lambda o: email_hash(o.email))
    code_hash = "0" * 64
    notice_version = "2026-11"
    consented_at = factory.LazyAttribute(lambda o: o.created_at)
    created_at = factory.LazyFunction(lambda: timezone.now() - timedelta(minutes=1))
    expires_at = factory.LazyAttribute(lambda o: o.created_at + timedelta(minutes=10))
