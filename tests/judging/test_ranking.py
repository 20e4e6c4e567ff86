import random
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from judging.enums import ScorecardStatus
from judging.ranking import leaderboard, leaderboard_detail
from judging.totals import DimensionRule, totals
from tests.factories import ApplicationFactory, CategoryFactory, CycleFactory, UserFactory

from .scored import criteria_of, make_round, rubric_2022, scorecard, scored_category
from .test_stats import SHROUT_FLEISS

pytestmark = pytest.mark.django_db


def refs(rows):
    return [row.reference for row in rows]


def test_leaderboard_ranks_by_mean_with_median_judges_and_spread():
    round, category, _apps, _judges = scored_category(
        {
            "A": {"j1": [8, 8, 8], "j2": [6, 6, 6], "j3": [7, 7, 7]},  # totals 24, 18, 21
            "B": {"j1": [9, 9, 9], "j2": [9, 9, 9], "j3": [3, 3, 3]},  # 27, 27, 9
        }
    )
    # Equal means and equal dimensions 3 and 2: the median (the last declared step) decides.
    b, a = leaderboard(round, category)
    assert (b.reference, b.judges, b.mean, b.median, b.rank, b.tied) == (
        "B",
        3,
        Decimal("21.00"),
        Decimal("27.00"),
        1,
        False,
    )
    assert (a.reference, a.judges, a.mean, a.median, a.rank, a.tied) == (
        "A",
        3,
        Decimal("21.00"),
        Decimal("21.00"),
        2,
        False,
    )
    assert a.spread == 2.45  # population standard deviation of 24, 18, 21
    assert b.spread == 8.49


def test_tie_break_declared_default_is_dimension_three_then_two_then_median():
    # Equal means (20); A wins dimension 3, B wins dimension 2: dimension 3 decides.
    round, category, _apps, _judges = scored_category(
        {
            "A": {"j1": [5, 5, 10], "j2": [5, 5, 10]},
            "B": {"j1": [5, 10, 5], "j2": [5, 10, 5]},
            "C": {"j1": [10, 5, 5], "j2": [10, 5, 5]},
        }
    )
    rows = leaderboard(round, category)
    assert refs(rows) == ["A", "B", "C"]
    assert [row.rank for row in rows] == [1, 2, 3]
    assert not any(row.tied for row in rows)


def test_tie_break_follows_the_round_setting():
    round, category, _apps, _judges = scored_category(
        {"A": {"j1": [5, 5, 10]}, "B": {"j1": [5, 10, 5]}}, tie_break="dimension:2"
    )
    assert refs(leaderboard(round, category)) == ["B", "A"]


def test_rows_still_equal_after_the_tie_break_share_a_rank():
    round, category, _apps, _judges = scored_category(
        {"A": {"j1": [5, 5, 5]}, "B": {"j1": [5, 5, 5]}, "C": {"j1": [9, 9, 9]}, "D": {"j1": [1, 1, 1]}}
    )
    rows = leaderboard(round, category)
    assert [(row.reference, row.rank, row.tied) for row in rows] == [
        ("C", 1, False),
        ("A", 2, True),
        ("B", 2, True),
        ("D", 4, False),
    ]


def test_normalised_ranking_removes_a_lenient_judge_and_the_page_notes_the_different_winner():
    # j1 is lenient and scored only A and B; j2 and j3 scored B and C. On raw means A wins (j1's
    # high scores), but within each judge A is never above B.
    round, category, _apps, _judges = scored_category(
        {
            "A": {"j1": [10, 10, 9]},  # 29
            "B": {"j1": [10, 10, 10], "j2": [5, 5, 5], "j3": [5, 5, 6]},  # 30, 15, 16 → mean 20.33
            "C": {"j2": [4, 4, 4], "j3": [4, 4, 5]},  # 12, 13
        },
        judges_per_application=2,
    )
    board = leaderboard_detail(round, category)
    rows = {row.reference: row for row in board.rows}
    assert refs(board.rows) == ["A", "B", "C"]
    # z-scores: j1 A −1, B +1; j2 B +1, C −1; j3 B +1, C −1 → A −1, B +1, C −1 → 0, 100, 0.
    assert (rows["A"].normalised, rows["B"].normalised, rows["C"].normalised) == (0.0, 100.0, 0.0)
    assert rows["B"].normalised_rank == 1
    assert board.winners == {"mean": ["A"], "median": ["A"], "normalised": ["B"]}
    assert board.winners_differ is True


def test_outlier_is_judged_against_the_other_judges_only():
    # Five judges: 18, 19, 20, 21 and 5. Including itself the 5 is within 2 SD of the mean (it
    # inflates the SD); against the others (mean 19.5, SD 1.29) it is far out.
    table = {"A": {f"j{i}": steps for i, steps in enumerate([[6, 6, 6], [6, 6, 7], [6, 7, 7], [7, 7, 7], [1, 2, 2]])}}
    table["B"] = {f"j{i}": [5, 5, 5] for i in range(5)}
    round, category, _apps, judges = scored_category(table, judges_per_application=5)
    board = leaderboard_detail(round, category)
    row = next(row for row in board.rows if row.reference == "A")
    flagged = {cell.judge_id for cell in row.cells if cell.outlier}
    assert flagged == {judges["j4"].pk}
    assert board.outliers == 1
    assert "other judges" in board.outlier_rule or "กรรมการคนอื่น" in board.outlier_rule


def test_a_close_score_is_not_an_outlier_even_when_the_others_agree_exactly():
    round, category, _apps, _judges = scored_category(
        {"A": {"j1": [5, 5, 5], "j2": [5, 5, 5], "j3": [5, 5, 6]}, "B": {"j1": [1, 1, 1]}}
    )
    assert not any(cell.outlier for row in leaderboard(round, category) for cell in row.cells)


def test_icc_is_two_way_when_every_judge_scored_every_application():
    table = {
        ref: {f"j{j}": [value, 0, 0] for j, value in enumerate(row)}
        for ref, row in zip("ABCDEF", SHROUT_FLEISS, strict=True)
    }
    round, category, _apps, _judges = scored_category(table, judges_per_application=4)
    board = leaderboard_detail(round, category)
    assert board.icc_model == "two-way"
    assert {key: round_(value) for key, value in board.icc.items()} == {
        "ICC1": 0.17,
        "ICC2": 0.29,
        "ICC3": 0.71,
        "ICC1k": 0.44,
        "ICC2k": 0.62,
        "ICC3k": 0.91,
    }


def round_(value):
    return round(value, 2)


def test_icc_is_one_way_when_judges_differ_between_applications():
    round, category, _apps, _judges = scored_category(
        {
            "A": {"j1": [9, 0, 0], "j2": [8, 0, 0]},
            "B": {"j3": [2, 0, 0], "j4": [3, 0, 0]},
            "C": {"j1": [5, 0, 0], "j4": [6, 0, 0]},
        },
        judges_per_application=2,
    )
    board = leaderboard_detail(round, category)
    assert board.icc_model == "one-way"
    assert set(board.icc) == {"ICC1", "ICC1k"}
    assert board.icc_rows == 3


def test_only_submitted_scorecards_of_this_round_and_category_count():
    round, category, apps, judges = scored_category({"A": {"j1": [5, 5, 5]}})
    scorecard(round, apps["A"], UserFactory(), [10, 10, 10], status=ScorecardStatus.DRAFT)
    other = ApplicationFactory(cycle=round.cycle, category=CategoryFactory(cycle=round.cycle), status="submitted")
    scorecard(round, other, judges["j1"], [1, 1, 1])
    rows = leaderboard(round, category)
    assert [(row.reference, row.judges, row.mean) for row in rows] == [("A", 1, Decimal("15.00"))]


def test_totals_agree_exactly_with_the_scorecard_totals_on_the_2022_rubric():
    cycle = CycleFactory()
    category = CategoryFactory(cycle=cycle)
    rubric = rubric_2022(cycle)
    round = make_round(rubric)
    criteria = criteria_of(rubric)
    rules = [
        DimensionRule(d.pk, d.points, {c.pk: c.max_points for c in criteria if c.dimension_id == d.pk})
        for d in rubric.dimensions.order_by("position")
    ]
    maxima = [int(c.max_points / rubric.score_step) for c in criteria]
    generator = random.Random(2565)
    expected = {}
    judges = [UserFactory() for _ in range(3)]
    for number in range(6):
        application = ApplicationFactory(cycle=cycle, category=category, status="submitted", reference=f"R{number}")
        for judge in judges:
            steps = [generator.randint(0, top) for top in maxima]
            scorecard(round, application, judge, steps)
            exact = totals(
                dimensions=rules, steps={c.pk: s for c, s in zip(criteria, steps, strict=True)}, step=rubric.score_step
            )
            expected[(application.pk, judge.pk)] = exact.total
    found = {
        (row.application_id, cell.judge_id): cell.total for row in leaderboard(round, category) for cell in row.cells
    }
    assert found == expected


def test_full_marks_on_the_2022_rubric_are_100():
    cycle = CycleFactory()
    category = CategoryFactory(cycle=cycle)
    rubric = rubric_2022(cycle)
    round = make_round(rubric)
    application = ApplicationFactory(cycle=cycle, category=category, status="submitted", reference="FULL")
    scorecard(round, application, UserFactory(), [int(c.max_points * 2) for c in criteria_of(rubric)])
    [row] = leaderboard(round, category)
    assert (row.mean, dict(row.dimensions)) == (
        Decimal("100.00"),
        {1: Decimal("10.00"), 2: Decimal("30.00"), 3: Decimal("40.00"), 4: Decimal("20.00")},
    )


def _queries_for(count):
    table = {f"Q{count}-{i}": {f"j{j}": [i % 10, 5, 5] for j in range(3)} for i in range(count)}
    round, category, _apps, _judges = scored_category(table)
    with CaptureQueriesContext(connection) as context:
        rows = leaderboard_detail(round, category).rows
    assert len(rows) == count
    return len(context.captured_queries)


def test_leaderboard_queries_do_not_grow_with_applications():
    assert _queries_for(1) == _queries_for(3) == 4
