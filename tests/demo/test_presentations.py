import pytest
from django.utils import timezone

from judging.models import Round
from judging.services.shortlist import shortlist_proposal

pytestmark = pytest.mark.django_db


def test_seed_demo_loads_an_edition_ready_to_shortlist_with_a_tie_at_the_cut(demo):
    round = Round.objects.get(cycle__slug="demo-finalists")
    proposal = {
        block.category.code: [(p.row.reference, p.reason) for p in block.proposals]
        for block in shortlist_proposal(round=round)
    }
    prefix = f"DEMOF{timezone.localdate().year - 1 + 543}-MOB"
    assert round.shortlist_confirmed_at is None
    assert proposal["MOB"] == [
        (f"{prefix}-001", "within"),
        (f"{prefix}-002", "tied_at_cut"),
        (f"{prefix}-003", "tied_at_cut"),
        (f"{prefix}-004", "below_cut"),
    ]
