"""Writes of judging by judges: the declaration of interests, made before any application of a cycle
is opened and read by the automatic assignment to keep conflicted judges away."""

from collections.abc import Iterable

from django.db import transaction

from awards.models import Cycle
from submissions.models import Province

from ..models import Declaration
from .withdrawals import withdraw_conflicted_assignments


@transaction.atomic
def declare_interests(*, judge, cycle: Cycle, organisations: str, provinces: Iterable[Province]) -> Declaration:
    """Create or replace the judge's declaration for the cycle (one per judge and cycle; history kept).
    An assignment the new declaration conflicts with is withdrawn (staff are told once)."""
    names = "\n".join(line.strip() for line in organisations.splitlines() if line.strip())
    declaration = Declaration.objects.filter(judge=judge, cycle=cycle).first() or Declaration(judge=judge, cycle=cycle)
    declaration.organisations = names
    declaration.full_clean()
    declaration._history_user = judge
    declaration.save()
    declaration.provinces.set(provinces)
    withdraw_conflicted_assignments(cycle_id=cycle.pk, judge=judge)
    return declaration
