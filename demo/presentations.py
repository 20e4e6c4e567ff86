"""The shortlist and presentations part of the demo (seed_demo): an edition whose screening round has
closed with every scorecard submitted, so that staff can review the proposed shortlist (with a tie
at the cut), confirm it, and schedule the finalists' online presentations right after `make run`."""

from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.utils import timezone

from accounts.enums import Role
from accounts.models import User
from awards.enums import MilestoneKind
from awards.models import Cycle, Milestone
from awards.selectors import current_rubric
from awards.services import lock_rubric
from core.deadlines import end_of_day
from demo.submissions import submitted_application
from judging.enums import ConflictAnswer, RoundKind, ScorecardStatus
from judging.models import Assignment, Panel, Round, Score, Scorecard
from judging.services.assignments import run_automatic_assignment
from submissions.models import Membership

SLUG = "demo-finalists"
# (category slug, applicant's e-mail, title, share of full marks each judge gives)
PROJECTS = [
    ("smart-mobility", "applicant1@example.com", "รถโดยสารไฟฟ้าเชื่อมชุมชนกับตัวเมือง", 0.9),
    ("smart-mobility", "applicant2@example.com", "ระบบสัญญาณไฟจราจรปรับตามปริมาณรถ", 0.8),
    ("smart-mobility", "applicant1@example.com", "แอปแจ้งเวลารถสองแถวแบบเรียลไทม์", 0.8),
    ("smart-mobility", "applicant2@example.com", "ที่จอดรถอัจฉริยะบริเวณตลาด", 0.5),
    ("smart-environment", "applicant2@example.com", "ไฟส่องสว่างสาธารณะ LED หรี่แสงอัตโนมัติ", 0.85),
    ("smart-environment", "applicant1@example.com", "รถเก็บขยะตามเส้นทางอัจฉริยะ", 0.7),
    ("smart-environment", "applicant2@example.com", "ระบบรดน้ำต้นไม้สาธารณะอัตโนมัติ", 0.45),
]


def _at(day: date, hour: int = 0) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour)))


def _milestones(cycle: Cycle, today: date, *, open_: bool) -> None:
    """While loading, the call is open; then it closed, the shortlist is due and presentations are
    a week away (10:00–15:00, as in 2022)."""
    deadline = end_of_day(today + timedelta(days=1) if open_ else today - timedelta(days=20))
    moments = {
        MilestoneKind.APPLICATIONS_OPEN: (_at(today - timedelta(days=60)), None),
        MilestoneKind.SUBMISSION_DEADLINE: (deadline, None),
        MilestoneKind.SHORTLIST_ANNOUNCEMENT: (_at(today + timedelta(days=1)), None),
        MilestoneKind.PRESENTATIONS: (_at(today + timedelta(days=7), 10), _at(today + timedelta(days=7), 15)),
        MilestoneKind.RESULTS: (_at(today + timedelta(days=8)), None),
    }
    for kind, (starts_at, ends_at) in moments.items():
        Milestone.objects.update_or_create(
            cycle=cycle, kind=kind, defaults={"starts_at": starts_at, "ends_at": ends_at, "show_time": bool(ends_at)}
        )


def _submit(cycle: Cycle) -> list[tuple]:
    entered = []
    for category_slug, email, title, share in PROJECTS:
        user = User.objects.get(email=email)
        organisation = Membership.objects.get(user=user).organisation
        application = submitted_application(
            organisation=organisation,
            cycle=cycle,
            category_slug=category_slug,
            title=title,
            by=user,
            started_on=date(2023, 1, 1),
        )
        entered.append((application, share))
    return entered


def _score(round: Round, entered: list[tuple]) -> None:
    """Every judge scores every criterion at the project's share of its maximum (in whole steps)."""
    step = round.rubric.score_step
    criteria = [c for d in round.rubric.dimensions.prefetch_related("criteria") for c in d.criteria.all()]
    shares = {application.pk: share for application, share in entered}
    lock_rubric(rubric=round.rubric)
    for assignment in Assignment.objects.filter(round=round):
        assignment.conflict_answer = ConflictAnswer.NO_CONFLICT
        assignment.answered_at = timezone.now()
        assignment.save(update_fields=["conflict_answer", "answered_at"])
        card = Scorecard.objects.create(
            assignment=assignment, status=ScorecardStatus.SUBMITTED, submitted_at=timezone.now()
        )
        share = Decimal(str(shares[assignment.application_id]))
        Score.objects.bulk_create(
            Score(scorecard=card, criterion=c, steps=int(c.max_points * share / step)) for c in criteria
        )


def load_presentations_demo(*, create_cycle, today: date) -> Cycle | None:
    """``create_cycle``: seed_demo's edition maker (categories, prizes, rubric, the 2022 form). Returns the
    new edition, or None when it is already there (running seed_demo again changes nothing)."""
    if Cycle.objects.filter(slug=SLUG).exists():
        return None
    # The judging and results demos are the same year: another prefix keeps the references apart.
    cycle = create_cycle(
        slug=SLUG,
        year=today.year - 1,
        suffix_th=" (สาธิตการคัดเลือกและนำเสนอผลงาน)",
        suffix_en=" (shortlist and presentations demo)",
        archived=False,
        reference_prefix="DEMOF",
    )
    _milestones(cycle, today, open_=True)
    entered = _submit(cycle)
    now = timezone.now()
    round = Round.objects.create(
        cycle=cycle,
        position=1,
        kind=RoundKind.SCREENING,
        rubric=current_rubric(cycle),
        opens_at=now - timedelta(days=19),
        closes_at=now + timedelta(days=1),
        judges_per_application=3,
        judge_cap=20,
        advance_top_n=2,
    )
    judges = list(User.objects.filter(groups__name=Role.JUDGE.value).order_by("email"))
    for category in cycle.categories.filter(applications__cycle=cycle).distinct():
        Panel.objects.create(round=round, category=category).judges.set(judges)
    run_automatic_assignment(round=round)
    _score(round, entered)
    Round.objects.filter(pk=round.pk).update(closes_at=now - timedelta(days=2))
    _milestones(cycle, today, open_=False)
    return cycle
