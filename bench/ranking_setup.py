"""Set-up and in-process measurements for bench/ranking.py, run inside Django with the bench's
environment after migrate and seed_demo:

    python bench/ranking_setup.py APPLICATIONS JUDGES PASSWORD OUTPUT.json

Builds, in the 2022 edition (its published rubric: 12 criteria, dimension 2 scaled from 25 to 30),
an open final round with APPLICATIONS submitted applications spread over the 7 categories, each
answering the 2022 form (its start date, summary and twelve long answers, one per criterion), JUDGES
judges on every panel, every judge assigned to every application with a submitted scorecard of 12
scores. The rows are written with bulk_create (the scoring services would take an hour for 180,000
scores; they are not what is measured). Then measures in this process the ranking of the largest
category (median of 20 after warm-up), the ICC of its matrix, and the queries of its staff page.
Writes the figures and the paths to fetch over HTTP to OUTPUT.json.
"""

import json
import os
import random
import statistics
import sys
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from allauth.account.models import EmailAddress  # noqa: E402
from allauth.mfa.base.internal.flows import post_authentication  # noqa: E402
from allauth.mfa.models import Authenticator  # noqa: E402
from allauth.mfa.totp.internal.auth import TOTP  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test import Client, RequestFactory  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils import timezone  # noqa: E402

from accounts.enums import Role  # noqa: E402
from accounts.models import User  # noqa: E402
from accounts.services import create_user, grant_role  # noqa: E402
from awards.enums import FieldKind  # noqa: E402
from awards.models import Criterion, Cycle, Field  # noqa: E402
from demo.accounts import DEMO_TOTP_SECRET  # noqa: E402
from judging.enums import AssignmentSource, ConflictAnswer, RoundKind, ScorecardStatus  # noqa: E402
from judging.models import Assignment, Panel, Round, Score, Scorecard  # noqa: E402
from judging.ranking import leaderboard_detail  # noqa: E402
from judging.stats import icc  # noqa: E402
from judging.totals import max_steps  # noqa: E402
from submissions.enums import ApplicationStatus  # noqa: E402
from submissions.models import Answer, Application, Organisation, Province  # noqa: E402

RUNS, WARM_UP = 20, 3


def median_ms(function) -> float:
    for _ in range(WARM_UP):
        function()
    times = []
    for _ in range(RUNS):
        started = time.perf_counter()
        function()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def make_judges(count: int, password: str) -> list[User]:
    judges = []
    for number in range(1, count + 1):
        email = f"bench-judge{number}@example.com"
        user = create_user(email=email, password=password, full_name=f"กรรมการทดสอบ {number}")
        EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
        grant_role(user=user, role=Role.JUDGE)
        TOTP.activate(user, DEMO_TOTP_SECRET)  # judges use two-factor authentication
        judges.append(user)
    return judges


def make_applications(cycle: Cycle, count: int) -> list[Application]:
    province = Province.objects.get(code="10")
    organisations = Organisation.objects.bulk_create(
        Organisation(
            name=f"หน่วยงานทดสอบ {n}",
            kind="city_municipality",
            province=province,
            address="ทดสอบ",
            contact_name="ผู้ประสานงาน",
            contact_phone="02 000 0000",
        )
        for n in range(count // 10 + 1)
    )
    categories = list(cycle.categories.order_by("position"))
    now = timezone.now()
    return Application.objects.bulk_create(
        Application(
            cycle=cycle,
            category=categories[n % len(categories)],
            organisation=organisations[n // 10],
            reference=f"BENCH-{categories[n % len(categories)].code}-{n:05d}",
            status=ApplicationStatus.SUBMITTED,
            title_th=f"โครงการทดสอบที่ {n}",
            submitted_at=now,
        )
        for n in range(count)
    )


def make_answers(cycle: Cycle, applications) -> None:
    """Each application's answers to the form, in the shapes submissions.fieldkinds stores: the start
    date (ISO), the public summary and every long answer (about 1,500 characters, as applicants write)."""
    fields = list(Field.objects.filter(cycle=cycle, retired=False).exclude(kind=FieldKind.FILE))
    sentence = "ระบบบริการเมืองอัจฉริยะช่วยให้ประชาชนได้รับบริการรวดเร็วขึ้นและลดต้นทุนของหน่วยงาน "
    values = {
        "started_on": "2021-06-01",
        "summary": sentence * 4,
        **{f.key: sentence * 18 for f in fields if f.kind == FieldKind.LONG_TEXT and f.key.startswith("answer_")},
    }
    asked = [f for f in fields if f.key in values]
    batch = []
    for application in applications:
        batch += [Answer(application=application, field=f, value=values[f.key]) for f in asked]
        if len(batch) >= 20_000:
            Answer.objects.bulk_create(batch)
            batch = []
    Answer.objects.bulk_create(batch)


def make_scores(round: Round, applications, judges) -> None:
    criteria = list(
        Criterion.objects.filter(dimension__rubric=round.rubric).order_by("dimension__position", "position")
    )
    tops = [max_steps(c.max_points, round.rubric.score_step) for c in criteria]
    generator = random.Random(2565)
    assignments = Assignment.objects.bulk_create(
        Assignment(
            round=round,
            judge=judge,
            application=application,
            source=AssignmentSource.AUTOMATIC,
            conflict_answer=ConflictAnswer.NO_CONFLICT,
            answered_at=timezone.now(),
        )
        for application in applications
        for judge in judges
    )
    now = timezone.now()
    cards = Scorecard.objects.bulk_create(
        Scorecard(assignment=a, status=ScorecardStatus.SUBMITTED, submitted_at=now) for a in assignments
    )
    quality = {application.pk: generator.uniform(0.3, 0.95) for application in applications}
    leniency = {judge.pk: generator.uniform(-0.1, 0.1) for judge in judges}
    batch = []
    for card, assignment in zip(cards, assignments, strict=True):
        share = quality[assignment.application_id] + leniency[assignment.judge_id]
        for criterion, top in zip(criteria, tops, strict=True):
            steps = max(0, min(top, int(top * (share + generator.uniform(-0.1, 0.1)) + 0.5)))
            batch.append(Score(scorecard=card, criterion=criterion, steps=steps))
        if len(batch) >= 20_000:
            Score.objects.bulk_create(batch)
            batch = []
    Score.objects.bulk_create(batch)


@transaction.atomic
def build(count: int, judge_count: int, password: str) -> tuple[Round, list[User]]:
    cycle = Cycle.objects.get(slug="2022")
    now = timezone.now()
    round = Round.objects.create(
        cycle=cycle,
        position=9,
        kind=RoundKind.FINAL,
        rubric=cycle.rubrics.get(),
        opens_at=now - timedelta(days=1),
        closes_at=now + timedelta(days=30),
        judges_per_application=judge_count,
        judge_cap=count,
    )
    judges = make_judges(judge_count, password)
    for category in cycle.categories.all():
        Panel.objects.create(round=round, category=category).judges.set(judges)
    applications = make_applications(cycle, count)
    make_answers(cycle, applications)
    make_scores(round, applications, judges)
    return round, judges


def passed_second_factor(client: Client, user: User) -> None:
    """The session passes the staff user's (demo) authenticator as allauth's code step does."""
    request = RequestFactory().get("/")
    request.session, request.user = client.session, user
    post_authentication(request, Authenticator.objects.get(user=user, type=Authenticator.Type.TOTP))
    request.session.save()


def main() -> None:
    count, judge_count, password, output = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3], Path(sys.argv[4])
    started = time.perf_counter()
    round, judges = build(count, judge_count, password)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    built_s = time.perf_counter() - started
    category = max(round.cycle.categories.all(), key=lambda c: c.applications.count())
    board = leaderboard_detail(round, category)
    matrix = [[float(cell.total) for cell in row.cells] for row in board.rows]
    staff = User.objects.get(email="staff@example.com")
    client = Client()
    client.force_login(staff)
    passed_second_factor(client, staff)
    page = reverse("judging:leaderboard", args=[round.pk, category.code])
    with CaptureQueriesContext(connection) as queries:
        status = client.get(page, SERVER_NAME="127.0.0.1").status_code
    if status != 200:
        raise RuntimeError(f"the staff leaderboard page answered {status} in process")
    figures = {
        "built_s": round_(built_s),
        "category": category.code,
        "rows": len(board.rows),
        "leaderboard_ms": round_(median_ms(lambda: leaderboard_detail(round, category))),
        "icc_ms": round_(median_ms(lambda: icc(matrix))),
        "queries": len(queries.captured_queries),
        "page_status": status,
        "page": page,
        "judge": judges[0].email,
    }
    output.write_text(json.dumps(figures))


def round_(value: float) -> float:
    return float(f"{value:.1f}")


if __name__ == "__main__":
    main()
