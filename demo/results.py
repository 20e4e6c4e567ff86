"""The results part of the demo (seed_demo): an edition whose final round is scored and closed, so
that after `make run` the chair (chair@example.com) opens /judging/rankings/, finalises a winner,
and the public results page /demo-results/results/ shows it with its SHA-256 and JSON. The two
leading Smart Mobility projects have a panel discussion, the first a public summary by the chair.

The three demo judges scored every application of Smart Mobility (all six ICCs apply); Smart
Environment has two of them per application, in turn (the one-way ICC). The applications come from
the demo applicants' two organisations. Scores go through the judges'
own services while the round is open; then the round closes and the results are announced today.

Feedback to applicants: the judges wrote comments on the two leading Smart Mobility projects and a
weaker Smart Environment one; the chair released all but one of them (a remark meant for the panel
stays unreleased) and the summary of the first; the feedback milestone has passed, so beat's next
sweep (within five minutes) asks for the feedback PDFs (the worker renders them and e-mails the
applicants) and each demo applicant downloads theirs at /my/feedback/.
"""

import random
from datetime import date, datetime, time, timedelta

from django.utils import timezone

from accounts.models import User
from awards.enums import MilestoneKind
from awards.models import Cycle, Milestone
from awards.selectors import current_rubric
from core.deadlines import end_of_day
from demo.submissions import submitted_application
from judging.enums import AssignmentSource, RoundKind
from judging.feedback import releasable_comments
from judging.models import Assignment, Panel, Round
from judging.services.deliberation import post_message, write_summary
from judging.services.feedback import release_comments
from judging.services.scoring import (
    answer_conflict,
    record_overall_comment,
    record_score,
    scorecard_for,
    submit_scorecard,
)
from judging.totals import max_steps
from submissions.services.consent import give_showcase_consent

SLUG = "demo-results"
JUDGE_EMAILS = ["chair@example.com", "judge1@example.com", "judge2@example.com"]
APPLICANT_EMAILS = ["applicant1@example.com", "applicant2@example.com"]
# (category slug, Thai title, quality 0..1); the demo applicants' two organisations take turns.
PROJECTS = [
    ("smart-mobility", "ระบบจองคิวรถโดยสารสาธารณะล่วงหน้า", 0.86),
    ("smart-mobility", "ป้ายรถเมล์อัจฉริยะแสดงเวลารถมาถึง", 0.84),
    ("smart-mobility", "ระบบจัดการสัญญาณไฟจราจรด้วยปัญญาประดิษฐ์", 0.72),
    ("smart-mobility", "จักรยานสาธารณะเชื่อมต่อรถไฟฟ้า", 0.61),
    ("smart-mobility", "แอปพลิเคชันแจ้งเหตุบนถนน", 0.55),
    ("smart-environment", "ระบบตรวจวัดฝุ่น PM2.5 ทั่วเมือง", 0.8),
    ("smart-environment", "ธนาคารขยะรีไซเคิลออนไลน์", 0.7),
    ("smart-environment", "ระบบเตือนน้ำป่าไหลหลาก", 0.66),
]
# Each judge's leniency as a share of full marks (the third judge is the severe one that the
# normalised ranking corrects and the outlier rule may flag).
LENIENCY = [0.0, 0.04, -0.1]


def _at(day: date, hour: int = 0) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour)))


def _in_order(emails: list[str]) -> list[User]:
    return sorted(User.objects.filter(email__in=emails), key=lambda user: emails.index(user.email))


# The judges' comments (by project and judge's index): on the first criterion, and overall.
COMMENTS = {
    "ระบบจองคิวรถโดยสารสาธารณะล่วงหน้า": {
        0: ("ระบุปัญหาของผู้โดยสารได้ชัดเจน มีข้อมูลเวลารอรถก่อนและหลังใช้ระบบ", "ผลงานโดดเด่น ควรเผยแพร่เป็นต้นแบบ"),
        1: ("ข้อมูลนำร่องครบถ้วน", "ควรจัดทำแผนขยายผลไปยังอำเภออื่น"),
    },
    "ป้ายรถเมล์อัจฉริยะแสดงเวลารถมาถึง": {
        2: ("ใช้ข้อมูลเปิดของเมืองได้ดี", "ควรวัดผลความพึงพอใจของผู้ใช้ให้ชัดเจนขึ้น"),
    },
    "ระบบเตือนน้ำป่าไหลหลาก": {
        0: ("ปัญหาสำคัญต่อชุมชน แต่ยังขาดข้อมูลเหตุการณ์ที่ผ่านมา", "ควรเพิ่มข้อมูลการแจ้งเตือนที่เกิดขึ้นจริง"),
    },
}
# A remark the chair keeps for the panel: never released, so never in any feedback.
UNRELEASED = "หมายเหตุสำหรับคณะกรรมการเท่านั้น: เทียบกับผลงานปีก่อนของหน่วยงานเดียวกัน"


def _comments(assignment, judge_index: int) -> tuple[str, str]:
    return COMMENTS.get(assignment.application.title_th, {}).get(judge_index, ("", ""))


def _score_all(round: Round, judges: list[User], qualities: dict[int, float]) -> None:
    """Every assignment scored criterion by criterion through the judges' services, with the demo's
    comments, then submitted."""
    criteria = [c for d in round.rubric.dimensions.order_by("position") for c in d.criteria.order_by("position")]
    noise = random.Random(2565)
    leniency = {judge.pk: LENIENCY[i % len(LENIENCY)] for i, judge in enumerate(judges)}
    index = {judge.pk: i for i, judge in enumerate(judges)}
    for assignment in round.assignments.select_related("judge", "application").order_by(
        "application__reference", "judge_id"
    ):
        answer_conflict(assignment=assignment, by=assignment.judge, recuse=False)
        scorecard = scorecard_for(assignment=assignment)
        first, overall = _comments(assignment, index[assignment.judge_id])
        for number, criterion in enumerate(criteria):
            top = max_steps(criterion.max_points, round.rubric.score_step)
            share = qualities[assignment.application_id] + leniency[assignment.judge_id] + noise.uniform(-0.08, 0.08)
            steps = max(0, min(top, int(top * share + 0.5)))
            comment = first if number == 0 else ""
            if number == 1 and overall and index[assignment.judge_id] == 0:
                comment = UNRELEASED
            record_score(scorecard=scorecard, criterion=criterion, steps=steps, comment=comment, by=assignment.judge)
        if overall:
            record_overall_comment(scorecard=scorecard, comment=overall, by=assignment.judge)
        submit_scorecard(scorecard=scorecard, by=assignment.judge)


# The panel's discussion of the two leading Smart Mobility projects (the judges have submitted, so
# they may take part), and the chair's summary of the first, marked public.
DISCUSSION = {
    "ระบบจองคิวรถโดยสารสาธารณะล่วงหน้า": [
        (1, "ลดเวลารอรถได้จริงตามข้อมูลนำร่อง 6 เดือน แต่แผนขยายผลไปอำเภออื่นยังไม่ชัด"),
        (2, "เห็นด้วย ข้อมูลผู้ใช้ชัดเจนที่สุดในด้านนี้ ควรถามเรื่องงบประมาณดูแลระบบระยะยาว"),
        (0, "ในการนำเสนอหน่วยงานตอบเรื่องงบประมาณแล้ว มีแผนร่วมกับ อบจ. สามปี"),
    ],
    "ป้ายรถเมล์อัจฉริยะแสดงเวลารถมาถึง": [
        (2, "คะแนนใกล้กับอันดับหนึ่งมาก จุดเด่นคือใช้ข้อมูลเปิดของเมือง"),
    ],
}
SUMMARY = (
    "คณะกรรมการเห็นพ้องว่าระบบจองคิวรถโดยสารสาธารณะล่วงหน้าแก้ปัญหาของประชาชนได้จริง มีข้อมูลผลลัพธ์ชัดเจน "
    "และมีแผนงบประมาณดูแลระบบร่วมกับ อบจ. ข้อเสนอแนะ: จัดทำแผนขยายผลไปยังอำเภออื่น"
)


def _deliberate(round: Round, judges: list[User]) -> None:
    for title, lines in DISCUSSION.items():
        application = round.cycle.applications.get(title_th=title)
        for judge_index, body in lines:
            post_message(round=round, application=application, by=judges[judge_index], body=body)
    first = round.cycle.applications.get(title_th=next(iter(DISCUSSION)))
    write_summary(round=round, application=first, by=judges[0], text=SUMMARY, public=True)


def _release_feedback(round: Round, chair: User) -> None:
    """The chair releases every comment but the panel-only remark, and the first project's summary."""
    for category in round.cycle.categories.all():
        keys = {item.key for item in releasable_comments(round, category) if item.text != UNRELEASED}
        if keys:
            release_comments(round=round, category=category, keys=keys, by=chair)


def _assign(round: Round, judges: list[User]) -> None:
    """Smart Mobility: every judge on every application; elsewhere two of the three, in turn."""
    for index, application in enumerate(round.cycle.applications.select_related("category").order_by("reference")):
        mobility = application.category.slug == "smart-mobility"
        chosen = judges if mobility else [judges[(index + i) % len(judges)] for i in range(2)]
        for judge in chosen:
            Assignment.objects.create(round=round, judge=judge, application=application, source=AssignmentSource.MANUAL)


def load_results_demo(*, command, today: date) -> bool:
    """``command``: seed_demo's command, whose create_cycle/create_milestones make editions alike."""
    if Cycle.objects.filter(slug=SLUG).exists():
        return False
    # The judging demo is the same year: another prefix keeps the application references apart.
    cycle = command.create_cycle(
        slug=SLUG,
        year=today.year - 1,
        suffix_th=" (สาธิตผลการตัดสิน)",
        suffix_en=" (results demo)",
        archived=False,
        reference_prefix="DEMO",
    )
    command.create_milestones(
        cycle,
        [
            (MilestoneKind.APPLICATIONS_OPEN, _at(today - timedelta(days=90)), None, "", ""),
            (MilestoneKind.SUBMISSION_DEADLINE, end_of_day(today + timedelta(days=1)), None, "", ""),
            (MilestoneKind.RESULTS, _at(today), None, "", ""),
            (MilestoneKind.FEEDBACK, _at(today), None, "", ""),
        ],
    )
    judges, applicants = _in_order(JUDGE_EMAILS), _in_order(APPLICANT_EMAILS)
    for number, (category_slug, title, _quality) in enumerate(PROJECTS):
        applicant = applicants[number % len(applicants)]
        application = submitted_application(
            organisation=applicant.membership.organisation,
            cycle=cycle,
            category_slug=category_slug,
            title=title,
            by=applicant,
            started_on=date(2022, 1, 1),
        )
        # Every project but the last agrees to the showcase: once the results are out (today) they
        # are listed at /solutions/ as entrants; the last shows that without consent nothing is.
        if number < len(PROJECTS) - 1:
            give_showcase_consent(application=application, by=applicant)
    round = Round.objects.create(
        cycle=cycle,
        position=1,
        kind=RoundKind.FINAL,
        rubric=current_rubric(cycle),
        # Open for a day on either side while the judges score: seed_demo may start just before
        # midnight and score after it.
        opens_at=_at(today - timedelta(days=1)),
        closes_at=_at(today + timedelta(days=2)),
        judges_per_application=2,
        judge_cap=20,
    )
    for category in cycle.categories.filter(slug__in={p[0] for p in PROJECTS}):
        Panel.objects.create(round=round, category=category).judges.set(judges)
    _assign(round, judges)
    titles = {title: quality for _category, title, quality in PROJECTS}
    _score_all(round, judges, {a.pk: titles[a.title_th] for a in cycle.applications.all()})
    _deliberate(round, judges)
    # The call closed and the round ended before today; the results are announced today.
    Milestone.objects.filter(cycle=cycle, kind=MilestoneKind.SUBMISSION_DEADLINE).update(
        starts_at=end_of_day(today - timedelta(days=40))
    )
    Round.objects.filter(pk=round.pk).update(
        opens_at=_at(today - timedelta(days=20)), closes_at=_at(today - timedelta(days=5), 23)
    )
    # The feedback milestone is today: beat's sweep (every five minutes) asks the worker for the PDFs,
    # so the seeding renders none itself (a test's seeding would render them all in its own process).
    _release_feedback(round, judges[0])
    return True
