"""The judging part of the demo (seed_demo): an edition in its screening round, with submitted
applications and the demo judges assigned, so that a judge can score right after `make run`. The
edition asks the live form (every kind of question, identifying ones among them) and its screening
round is blind."""

from datetime import date, datetime, time, timedelta

from django.utils import timezone

from awards.enums import MilestoneKind
from awards.models import Cycle
from awards.selectors import current_rubric
from core.deadlines import end_of_day
from demo.submissions import submitted_application
from judging.enums import RoundKind
from judging.models import Panel, Round
from judging.services.assignments import run_automatic_assignment

# Each submitting organisation's two projects (its own titles: no two demo projects share one).
PROJECTS = [
    [
        ("smart-mobility", "ระบบจองคิวรถรับส่งผู้สูงอายุไปโรงพยาบาล"),
        ("smart-environment", "ระบบแยกขยะอัจฉริยะในตลาดสด"),
    ],
    [
        ("smart-mobility", "รถโดยสารรับส่งนักเรียนติดตามตำแหน่งผ่าน GPS"),
        ("smart-environment", "ระบบตรวจวัดน้ำเสียก่อนปล่อยลงคลองแบบเรียลไทม์"),
    ],
]


def _at(day: date, hour: int = 0) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour)))


def _submit_projects(cycle: Cycle, organisation, user, projects: list[tuple[str, str]]) -> None:
    for category_slug, title in projects:
        submitted_application(
            organisation=organisation,
            cycle=cycle,
            category_slug=category_slug,
            title=title,
            by=user,
            started_on=date(2023, 1, 1),
        )


def _move_timeline_to_judging(cycle: Cycle, today: date) -> None:
    """The call closed ten days ago; the screening round runs until twenty days from now."""
    moments = {
        MilestoneKind.APPLICATIONS_OPEN: (_at(today - timedelta(days=60)), None),
        MilestoneKind.SUBMISSION_DEADLINE: (end_of_day(today - timedelta(days=10)), None),
        MilestoneKind.SHORTLIST_ANNOUNCEMENT: (_at(today + timedelta(days=21)), None),
        MilestoneKind.RESULTS: (_at(today + timedelta(days=30)), None),
    }
    for kind, (starts_at, ends_at) in moments.items():
        cycle.milestones.filter(kind=kind).update(starts_at=starts_at, ends_at=ends_at)
    cycle.milestones.exclude(kind__in=moments).delete()


def _make_blind(round: Round) -> None:
    """The screening round is blind: judges read the answers without the questions that identify
    the applicant (the live form's province, contact, partners and logo). ``Round.blind`` comes with
    judging's migration 0004_round_blind; before it, the round stays as it is."""
    if hasattr(round, "blind"):
        round.blind = True
        round.save(update_fields=["blind"])


def load_judging_demo(*, cycle: Cycle, submitters: list[tuple], judges: list, today: date) -> Round:
    """``submitters``: (organisation, user) pairs whose projects are submitted while the call is
    open; then the call closes and the screening round opens with every judge on every panel."""
    for (organisation, user), projects in zip(submitters, PROJECTS, strict=True):
        _submit_projects(cycle, organisation, user, projects)
    _move_timeline_to_judging(cycle, today)
    round = Round.objects.create(
        cycle=cycle,
        position=1,
        kind=RoundKind.SCREENING,
        rubric=current_rubric(cycle),
        opens_at=_at(today - timedelta(days=9)),
        closes_at=_at(today + timedelta(days=20), 23),
        judges_per_application=2,
        judge_cap=10,
    )
    _make_blind(round)
    for category in cycle.categories.all():
        panel = Panel.objects.create(round=round, category=category)
        panel.judges.set(judges)
    run_automatic_assignment(round=round)
    return round
