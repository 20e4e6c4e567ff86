"""A factory for every model; tests build exactly the data they need."""

from datetime import timedelta
from decimal import Decimal

import factory
from django.utils import timezone

from accounts.enums import Role
from accounts.models import User
from accounts.services import grant_role
from awards.enums import MilestoneKind, PrizeKind
from awards.models import Category, Criterion, Cycle, DeadlineExtension, Dimension, Milestone, Prize, Rubric, Section
from judging.enums import RoundKind
from judging.models import Round
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
    from submissions.services.reference import ensure_provinces

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
