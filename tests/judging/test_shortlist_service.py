import re
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from accounts.models import AuditEvent
from core.models import OutboundEmail
from judging.enums import RoundKind
from judging.models import Assignment, Round
from judging.services.shortlist import confirm_shortlist, leaderboard, shortlist_proposal
from submissions.enums import ApplicationStatus
from tests.i18n import thai

pytestmark = pytest.mark.django_db


def test_leaderboard_ranks_by_the_mean_of_submitted_scorecards_ties_sharing_a_rank(edition):
    a = edition.enter("MOB-1", [9, 7])
    b = edition.enter("MOB-2", [8, 8])
    c = edition.enter("MOB-3", [5, 6])
    rows = leaderboard(edition.round, edition.category("MOB"))
    assert [(r.application_id, r.mean, r.rank, r.tied, r.judges) for r in rows] == [
        (a.pk, Decimal("8.00"), 1, True, 2),
        (b.pk, Decimal("8.00"), 1, True, 2),
        (c.pk, Decimal("5.50"), 3, False, 2),
    ]


def test_shortlist_proposal_shows_the_tie_at_the_cut(edition):
    edition.round.advance_top_n = 1
    edition.enter("MOB-1", [9, 7])
    edition.enter("MOB-2", [8, 8])
    edition.enter("MOB-3", [5, 6])
    [block] = shortlist_proposal(round=edition.round)
    assert [(p.row.reference, p.proposed, p.reason) for p in block.proposals] == [
        ("MOB-1", True, "tied_at_cut"),
        ("MOB-2", True, "tied_at_cut"),
        ("MOB-3", False, "below_cut"),
    ]


def test_confirm_shortlist_sets_statuses_tells_everyone_in_their_language_and_opens_the_final(edition, staff):
    kept = edition.enter("MOB-1", [9, 9], language="en")
    dropped = edition.enter("MOB-2", [3, 3], language="th")
    final = confirm_shortlist(round=edition.round, application_ids={kept.pk}, by=staff, reason=" ตามเกณฑ์ ")
    kept.refresh_from_db()
    dropped.refresh_from_db()
    assert (kept.status, dropped.status) == (ApplicationStatus.SHORTLISTED, ApplicationStatus.SUBMITTED)
    mails = {m.kind: (m.language, m.subject) for m in OutboundEmail.objects.all()}
    assert mails == {
        "shortlist_advanced": ("en", "Congratulations: MOB-1 advances to the final round"),
        "shortlist_not_advanced": ("th", "ผลการพิจารณารอบแรกของ MOB-2"),
    }
    assert final.kind == RoundKind.FINAL
    assert sorted(Assignment.objects.filter(round=final).values_list("application_id", flat=True)) == [kept.pk, kept.pk]
    assert AuditEvent.objects.get(action="shortlist.confirm").detail == {
        "shortlisted": ["MOB-1"],
        "not_advanced": ["MOB-2"],
        "reason": "ตามเกณฑ์",
    }
    assert Round.objects.get(pk=edition.round.pk).shortlist_reason == "ตามเกณฑ์"


TIE_REFUSAL = "An application tied at the cut is left out: give the committee's reason for breaking the tie."


def test_confirm_shortlist_leaving_out_a_tie_at_the_cut_needs_the_committees_reason(edition, staff):
    edition.round.advance_top_n = 1
    edition.round.save()
    first, second = edition.enter("MOB-1", [9, 9]), edition.enter("MOB-2", [9, 9])
    with pytest.raises(ValidationError, match=re.escape(thai(TIE_REFUSAL))):
        confirm_shortlist(round=edition.round, application_ids={first.pk}, by=staff, reason=" ")
    assert not OutboundEmail.objects.exists()
    # Both tied applications advancing follows the rule: no reason is needed.
    confirm_shortlist(round=edition.round, application_ids={first.pk, second.pk}, by=staff)


def test_confirm_shortlist_twice_is_refused(edition, staff):
    kept = edition.enter("MOB-1", [9, 9])
    confirm_shortlist(round=edition.round, application_ids={kept.pk}, by=staff)
    with pytest.raises(ValidationError, match=thai("This round's shortlist was already confirmed.")):
        confirm_shortlist(round=Round.objects.get(pk=edition.round.pk), application_ids={kept.pk}, by=staff)
    assert OutboundEmail.objects.count() == 1


def test_confirm_shortlist_refuses_an_application_of_another_round(edition, staff):
    from tests.factories import ApplicationFactory

    stranger = ApplicationFactory(status=ApplicationStatus.SUBMITTED)
    not_in_round = thai("Some chosen applications are not in this round; reload the page and try again.")
    with pytest.raises(ValidationError, match=not_in_round):
        confirm_shortlist(round=edition.round, application_ids={stranger.pk}, by=staff)


def test_shortlist_proposal_lists_an_application_no_judge_has_scored(edition):
    edition.enter("MOB-1", [9, 9])
    edition.enter("MOB-2", [])
    [block] = shortlist_proposal(round=edition.round)
    assert [(p.row.reference, p.proposed, p.reason) for p in block.proposals] == [
        ("MOB-1", True, "within"),
        ("MOB-2", False, "no_scores"),
    ]
