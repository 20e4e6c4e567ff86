"""The judge's dashboard at any size: each group counted, read a page at a time, and a query count that
does not grow with the assignments."""

import itertools
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from judging.enums import AssignmentSource, ConflictAnswer, ScorecardStatus
from judging.models import Assignment, Scorecard
from judging.selectors import DASHBOARD_PAGE_SIZE
from judging.services.declarations import declare_interests
from submissions.enums import ApplicationStatus
from tests.factories import ApplicationFactory, AssignmentFactory, RoundFactory

pytestmark = pytest.mark.django_db

_serial = itertools.count()


def open_round():
    now = timezone.now()
    return RoundFactory(opens_at=now - timedelta(days=1), closes_at=now + timedelta(days=7))


def assign_many(round_, judge, how_many, **fields):
    """``how_many`` assignments of the judge in ``round_``, each on its own submitted application, with
    their references in order (so that a page's content is known)."""
    assignments = []
    for _ in range(how_many):
        application = ApplicationFactory(
            cycle=round_.cycle, status=ApplicationStatus.SUBMITTED, reference=f"T-{next(_serial):05d}"
        )
        assignments.append(
            AssignmentFactory(
                round=round_, judge=judge, application=application, source=AssignmentSource.AUTOMATIC, **fields
            )
        )
    return assignments


def references(response, group):
    return [a.application.reference for a in response.context[group]]


def test_the_dashboard_query_count_is_the_same_for_one_assignment_and_many(judge, login_as):
    client = login_as(judge)
    counts = []
    for how_many in (1, DASHBOARD_PAGE_SIZE + 12):
        Assignment.objects.all().delete()
        round_ = open_round()
        declare_interests(judge=judge, cycle=round_.cycle, organisations="", provinces=[])
        assign_many(round_, judge, how_many)
        assign_many(round_, judge, how_many, conflict_answer=ConflictAnswer.NO_CONFLICT)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(reverse("judging:dashboard"))
        assert response.status_code == 200
        assert response.context["groups"]["to_answer"].count == how_many
        counts.append(len(queries))

    assert counts[0] == counts[1]


def test_each_group_is_counted_and_read_a_page_at_a_time(judge, login_as):
    round_ = open_round()
    declare_interests(judge=judge, cycle=round_.cycle, organisations="", provinces=[])
    pending = assign_many(round_, judge, DASHBOARD_PAGE_SIZE + 5)
    drafts = assign_many(round_, judge, 2, conflict_answer=ConflictAnswer.NO_CONFLICT)
    Scorecard.objects.create(assignment=drafts[0], status=ScorecardStatus.DRAFT)
    done = assign_many(round_, judge, 1, conflict_answer=ConflictAnswer.NO_CONFLICT)
    Scorecard.objects.create(assignment=done[0], status=ScorecardStatus.SUBMITTED, submitted_at=timezone.now())
    assign_many(round_, judge, 1, conflict_answer=ConflictAnswer.RECUSED, recusal_reason="ญาติ")
    client = login_as(judge)
    url = reverse("judging:dashboard")

    first = client.get(url)
    second = client.get(url, {"to_answer": 2, "submitted": 1})
    past_the_end = client.get(url, {"to_answer": 99})
    nonsense = client.get(url, {"to_answer": "²", "in_progress": "-1"})

    order = [a.application.reference for a in pending]
    groups = first.context["groups"]
    assert (groups["to_answer"].count, groups["in_progress"].count, groups["submitted"].count) == (
        DASHBOARD_PAGE_SIZE + 5,
        2,
        1,
    )
    assert references(first, "to_answer") == order[:DASHBOARD_PAGE_SIZE]
    assert references(first, "in_progress") == [a.application.reference for a in drafts]
    assert references(first, "submitted") == [done[0].application.reference]
    page = first.content.decode()
    assert f">{DASHBOARD_PAGE_SIZE + 5}</span>" in page
    assert 'href="?to_answer=2"' in page
    assert references(second, "to_answer") == order[DASHBOARD_PAGE_SIZE:]
    assert 'href="?"' in second.content.decode()  # back to page 1, the others at their first page
    assert references(past_the_end, "to_answer") == order[DASHBOARD_PAGE_SIZE:]
    assert references(nonsense, "to_answer") == order[:DASHBOARD_PAGE_SIZE]
    assert references(nonsense, "in_progress") == [a.application.reference for a in drafts]


def test_a_page_link_keeps_the_page_of_the_other_groups(judge, login_as):
    round_ = open_round()
    declare_interests(judge=judge, cycle=round_.cycle, organisations="", provinces=[])
    assign_many(round_, judge, DASHBOARD_PAGE_SIZE + 1)
    assign_many(round_, judge, DASHBOARD_PAGE_SIZE + 1, conflict_answer=ConflictAnswer.NO_CONFLICT)

    response = login_as(judge).get(reverse("judging:dashboard"), {"in_progress": 2})

    page = response.content.decode()
    assert 'href="?to_answer=2&amp;in_progress=2"' in page
    assert 'href="?"' in page  # in progress back to its first page
    assert len(response.context["in_progress"]) == 1
