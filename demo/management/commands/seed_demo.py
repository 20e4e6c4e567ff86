"""Load the demo: the 2022 edition as published, a live edition open for applications, demo users.

Running it again changes nothing: an edition or a user that exists is left as it is (the live
edition's dates are set relative to the day of the first run and then kept).
"""

from datetime import date, datetime, time, timedelta
from decimal import Decimal

from allauth.account.models import EmailAddress
from django.contrib.auth.hashers import make_password
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone, translation

from accounts.enums import Role
from accounts.models import User
from accounts.services import create_user, grant_role
from awards.enums import MilestoneKind, PrizeKind
from awards.models import Category, Criterion, Cycle, Dimension, Milestone, Prize, Rubric
from awards.services import extend_milestone
from core.deadlines import end_of_day, is_end_of_day
from demo import awards as data
from demo.accounts import banner_lines, load_two_factor_demo
from demo.backoffice import load_backoffice_demo
from demo.documents import load_documents_demo
from demo.forms import build_2022_form, build_live_form
from demo.judging import load_judging_demo
from demo.past_results import load_2022_results
from demo.presentations import load_presentations_demo
from demo.results import load_results_demo
from demo.showcase import load_showcase_demo
from demo.submissions import draft_application, submitted_application
from demo.voting import load_voting_demo
from showcase.receivers import indexing_deferred
from submissions.enums import OrganisationKind
from submissions.models import Province
from submissions.services.organisations import create_organisation
from submissions.services.provinces import ensure_provinces

DEMO_PASSWORD = "demo-award-2026"

# The demo applicants' organisations (two different ones, as the two applicants are).
DEMO_ORGANISATIONS = {
    "applicant1@example.com": {
        "name": "เทศบาลนครตัวอย่าง",
        "name_en": "Example City Municipality",
        "kind": OrganisationKind.CITY_MUNICIPALITY,
        "province": "30",
        "address": "1 ถนนราชดำเนิน ตำบลในเมือง อำเภอเมือง จังหวัดนครราชสีมา 30000",
        "contact_name": "สมชาย ใจดี",
        "contact_phone": "044 000 000",
    },
    "applicant2@example.com": {
        "name": "บริษัท เมืองอัจฉริยะ จำกัด",
        "name_en": "Smart City Co., Ltd.",
        "kind": OrganisationKind.COMPANY,
        "province": "10",
        "address": "99 ถนนพระราม 4 แขวงคลองเตย เขตคลองเตย กรุงเทพมหานคร 10110",
        "contact_name": "สมหญิง รักเมือง",
        "contact_phone": "02 000 0000",
    },
}

# (e-mail, full name, roles)
DEMO_USERS = [
    ("staff@example.com", "เจ้าหน้าที่ ดีป้า (Staff)", [Role.STAFF]),
    ("chair@example.com", "ประธานกรรมการ (Chair)", [Role.CHAIR, Role.JUDGE]),
    ("judge1@example.com", "กรรมการ คนที่หนึ่ง (Judge 1)", [Role.JUDGE]),
    ("judge2@example.com", "กรรมการ คนที่สอง (Judge 2)", [Role.JUDGE]),
    ("applicant1@example.com", "สมชาย ใจดี, เทศบาลนครตัวอย่าง (Applicant 1)", [Role.APPLICANT]),
    ("applicant2@example.com", "สมหญิง รักเมือง, บริษัท เมืองอัจฉริยะ จำกัด (Applicant 2)", [Role.APPLICANT]),
    ("province@example.com", "ท้องถิ่นจังหวัดนครราชสีมา (Province viewer)", [Role.PROVINCE_VIEWER]),
]


def local(day: date, at: time = time(0, 0)) -> datetime:
    return timezone.make_aware(datetime.combine(day, at))


class Command(BaseCommand):
    help = "Load the demo editions and users (safe to run again: nothing that exists is changed)."

    def add_arguments(self, parser):
        parser.add_argument("--banner", action="store_true", help="Print the address and the demo log-ins.")

    def handle(self, *args, **options):
        self.load()
        if options["banner"]:
            self.print_banner()

    def print_banner(self):
        lines = [
            "",
            "  Smart City Solution Awards: the demo is starting (web, Celery worker and beat).",
            "",
            "    Open  http://127.0.0.1:8000/          (Thai; English at http://127.0.0.1:8000/en/)",
            "          http://127.0.0.1:8000/demo/     the live edition, open for applications",
            "          http://127.0.0.1:8000/2022/     the 2022 edition as published",
            "          http://127.0.0.1:8000/demo-results/results/  the results announcement",
            "          http://127.0.0.1:8000/vote/demo-vote/  the Popular Vote",
            "          http://127.0.0.1:8000/solutions/  the showcase of solutions",
            "          http://127.0.0.1:8000/my/       applicants: organisation and applications",
            "          http://127.0.0.1:8000/judging/  judges: score the edition in its screening round",
            "          http://127.0.0.1:8000/judging/rankings/  chair and staff: leaderboards, finalise winners",
            "          http://127.0.0.1:8000/admin/    administration (staff); its dashboard at /admin/dashboard/",
            "          http://127.0.0.1:8000/reports/local-governments/  which local governments applied",
            "          http://127.0.0.1:8000/healthz   database, cache, broker and storage",
            "",
            f"    Demo log-ins, password for all: {DEMO_PASSWORD}",
        ]
        with translation.override("en"):
            lines += [f"      {', '.join(str(r.label) for r in roles):<24} {email}" for email, _n, roles in DEMO_USERS]
        lines += banner_lines("staff@example.com")
        lines += ["", "    E-mails go to var/mail/ and to the e-mail outbox in admin. Ctrl-C stops everything.", ""]
        self.stdout.write("\n".join(lines))

    @transaction.atomic
    def load(self):
        # Seeding saves each application many times (answers, consents, scores, status): its search
        # words are cut once, when the editions are in place, not on every save.
        with indexing_deferred():
            ensure_provinces()
            today = timezone.localdate()
            if self.load_2022():
                self.stdout.write("Loaded the 2022 edition at /2022/")
            if self.load_live_demo(today):
                self.stdout.write(
                    "Loaded the live demo edition: the home page / leads with it, its page is /demo/ "
                    "(open for applications)"
                )
            # The demo accounts share their password: it is hashed once, not once per account.
            demo_hash = ""
            for email, name, roles in DEMO_USERS:
                if not User.objects.filter(email=email).exists():
                    demo_hash = demo_hash or make_password(DEMO_PASSWORD)
                    user = create_user(email=email, password=None, password_hash=demo_hash, full_name=name)
                    # Demo people may log in at once: their address counts as verified.
                    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
                    for role in roles:
                        grant_role(user=user, role=role)
                    if email in DEMO_ORGANISATIONS:
                        self.load_organisation(user, **DEMO_ORGANISATIONS[email])
            load_two_factor_demo(emails=[email for email, _name, _roles in DEMO_USERS])
            if load_2022_results():
                self.stdout.write("Recorded the 2022 winners (demo data) at /2022/results/")
            if self.load_judging_edition(today):
                self.stdout.write("Loaded an edition in its screening round at /demo-judging/ (judges can score)")
            load_backoffice_demo()
            if load_presentations_demo(create_cycle=self.create_cycle, today=today):
                self.stdout.write("Loaded an edition ready to shortlist at /demo-finalists/ (staff: /judging/staff/)")
            load_results_demo(command=self, today=today)  # /demo-results/: a scored final round for the chair
            load_voting_demo(today=today, stdout=self.stdout)
            load_documents_demo()  # every demo edition exists by now and gets a certificate design
        load_showcase_demo()  # last: the search words of every entered application
        self.stdout.write(self.style.SUCCESS("Demo data is in place."))

    def load_judging_edition(self, today: date) -> bool:
        if Cycle.objects.filter(slug="demo-judging").exists():
            return False
        # Last year's edition, so that the home page keeps leading with the one open for applications.
        cycle = self.create_cycle(
            slug="demo-judging",
            year=today.year - 1,
            suffix_th=" (สาธิตการพิจารณา)",
            suffix_en=" (judging demo)",
            archived=False,
            form=build_live_form,
        )
        deadline = end_of_day(today + timedelta(days=1))
        self.create_milestones(
            cycle,
            [
                (MilestoneKind.APPLICATIONS_OPEN, local(today - timedelta(days=60)), None, "", ""),
                (MilestoneKind.SUBMISSION_DEADLINE, deadline, None, "", ""),
                (MilestoneKind.SHORTLIST_ANNOUNCEMENT, local(today + timedelta(days=21)), None, "", ""),
                (MilestoneKind.RESULTS, local(today + timedelta(days=30)), None, "", ""),
            ],
        )
        submitters = [
            (user.membership.organisation, user)
            for user in User.objects.filter(email__in=DEMO_ORGANISATIONS).order_by("email")
        ]
        judges = list(User.objects.filter(email__in=["judge1@example.com", "judge2@example.com", "chair@example.com"]))
        load_judging_demo(cycle=cycle, submitters=submitters, judges=judges, today=today)
        return True

    def load_2022(self) -> bool:
        if Cycle.objects.filter(slug="2022").exists():
            return False
        cycle = self.create_cycle(slug="2022", year=2022, suffix_th="", suffix_en="", archived=True)
        milestones = [
            (MilestoneKind.BRIEFING, local(date(2022, 7, 1)), None, "รับฟังรายละเอียดย้อนหลังได้", "Recording available"),
            (MilestoneKind.SUBMISSION_DEADLINE, end_of_day(date(2022, 7, 30)), None, "", ""),
            (MilestoneKind.SHORTLIST_ANNOUNCEMENT, local(date(2022, 9, 5)), None, "", ""),
            (
                MilestoneKind.PRESENTATIONS,
                local(date(2022, 9, 14), time(10)),
                local(date(2022, 9, 14), time(15)),
                "ออนไลน์",
                "Online",
            ),
            (MilestoneKind.RESULTS, local(date(2022, 9, 15)), None, "", ""),
        ]
        self.create_milestones(cycle, milestones)
        Milestone.objects.filter(cycle=cycle, kind=MilestoneKind.BRIEFING).update(link="https://bit.ly/31O72CY")
        deadline = cycle.milestones.get(kind=MilestoneKind.SUBMISSION_DEADLINE)
        extend_milestone(
            milestone=deadline,
            new_at=end_of_day(date(2022, 8, 31)),
            reason_th="ขยายระยะเวลารับสมัคร",
            reason_en="Application period extended",
        )
        return True

    def load_live_demo(self, today: date) -> bool:
        if Cycle.objects.filter(slug="demo").exists():
            return False
        cycle = self.create_cycle(
            slug="demo",
            year=today.year,
            suffix_th=" (ฉบับสาธิต)",
            suffix_en=" (demo)",
            archived=False,
            form=build_live_form,
        )
        deadline = today + timedelta(days=45)
        milestones = [
            (MilestoneKind.BRIEFING, local(today - timedelta(days=14), time(10)), None, "ออนไลน์", "Online"),
            (MilestoneKind.APPLICATIONS_OPEN, local(today - timedelta(days=7)), None, "", ""),
            (MilestoneKind.SUBMISSION_DEADLINE, end_of_day(deadline), None, "", ""),
            (MilestoneKind.SHORTLIST_ANNOUNCEMENT, local(deadline + timedelta(days=7)), None, "", ""),
            (
                MilestoneKind.VOTING,
                local(deadline + timedelta(days=8)),
                end_of_day(deadline + timedelta(days=20)),
                "",
                "",
            ),
            (
                MilestoneKind.PRESENTATIONS,
                local(deadline + timedelta(days=14), time(10)),
                local(deadline + timedelta(days=14), time(15)),
                "ออนไลน์",
                "Online",
            ),
            (MilestoneKind.RESULTS, local(deadline + timedelta(days=21)), None, "", ""),
        ]
        self.create_milestones(cycle, milestones)
        return True

    def load_organisation(self, user, *, province, **profile):
        organisation = create_organisation(user=user, province=Province.objects.get(code=province), **profile)
        live = Cycle.objects.get(slug="demo")
        if profile["kind"] == OrganisationKind.CITY_MUNICIPALITY:
            # A draft begun and an application submitted, so that the applicant pages show both.
            draft_application(
                organisation=organisation,
                cycle=live,
                category_slug="smart-mobility",
                title="ระบบติดตามรถโดยสารประจำทางแบบเรียลไทม์",
                by=user,
                started_on=date(2024, 3, 1),
            )
            self.load_submitted_application(organisation, live, user)

    def load_submitted_application(self, organisation, cycle, user):
        submitted_application(
            organisation=organisation,
            cycle=cycle,
            category_slug="smart-environment",
            title="ระบบเตือนภัยน้ำท่วมชุมชนด้วยเซนเซอร์วัดระดับน้ำ",
            by=user,
            started_on=date(2023, 6, 1),
            area_served="เขตเทศบาลนครตัวอย่าง 27 ชุมชน",
            population_served="120,000",
        )

    def create_cycle(
        self, *, slug, year, suffix_th, suffix_en, archived, reference_prefix="SCSA", form=build_2022_form
    ) -> Cycle:
        """An edition of the 2022 call: its categories, prizes and rubric, and the application form
        ``form`` builds (demo/forms.py: the 2022 form, or the live edition's with every kind)."""
        cycle = Cycle(
            slug=slug,
            year=year,
            reference_prefix=reference_prefix,
            name_th=f"โครงการ The Smart City Solution Awards {year}{suffix_th}",
            name_en=f"The Smart City Solution Awards {year}{suffix_en}",
            organiser_th=data.ORGANISER_TH,
            organiser_en=data.ORGANISER_EN,
            concept_th=data.CONCEPT_TH,
            concept_en=data.CONCEPT_EN,
            description_th=data.DESCRIPTION_TH,
            description_en=data.DESCRIPTION_EN,
            eligibility_th=data.ELIGIBILITY_TH,
            eligibility_en=data.ELIGIBILITY_EN,
            is_published=True,
            is_archived=archived,
            **data.CONTACT,
        )
        cycle.full_clean()
        cycle.save()
        self.create_categories_and_prizes(cycle)
        form(cycle, self.create_rubric(cycle))
        return cycle

    def create_categories_and_prizes(self, cycle: Cycle) -> None:
        for position, (slug, code, name_th, name_en, desc_th, desc_en) in enumerate(data.CATEGORIES, start=1):
            category = Category.objects.create(
                cycle=cycle,
                slug=slug,
                code=code,
                position=position,
                name_th=name_th,
                name_en=name_en,
                description_th=desc_th,
                description_en=desc_en,
            )
            Prize.objects.create(
                cycle=cycle, kind=PrizeKind.CATEGORY, category=category, position=position, **data.CATEGORY_PRIZE
            )
        Prize.objects.create(
            cycle=cycle, kind=PrizeKind.POPULAR_VOTE, position=len(data.CATEGORIES) + 1, **data.POPULAR_VOTE_PRIZE
        )

    def create_rubric(self, cycle: Cycle) -> dict[tuple[int, int], Criterion]:
        """The published rubric; returns its criteria by (dimension, criterion) position for the form."""
        rubric = Rubric.objects.create(cycle=cycle, version=1, score_step=Decimal("0.5"))
        criteria = {}
        for d_no, (name_th, name_en, points, items) in enumerate(data.RUBRIC, start=1):
            dimension = Dimension.objects.create(
                rubric=rubric, position=d_no, name_th=name_th, name_en=name_en, points=Decimal(points)
            )
            for c_no, (c_th, c_en, maximum) in enumerate(items, start=1):
                criteria[(d_no, c_no)] = Criterion.objects.create(
                    dimension=dimension, position=c_no, name_th=c_th, name_en=c_en, max_points=Decimal(maximum)
                )
        return criteria

    def create_milestones(self, cycle: Cycle, milestones) -> None:
        for kind, starts_at, ends_at, note_th, note_en in milestones:
            milestone = Milestone(
                cycle=cycle,
                kind=kind,
                starts_at=starts_at,
                ends_at=ends_at,
                note_th=note_th,
                note_en=note_en,
                show_time=starts_at.time() != time(0, 0) and not is_end_of_day(starts_at),
            )
            milestone.full_clean()
            milestone.save()
