"""Automatic assignment of judges to applications for one round. Pure: plain dataclasses in and out.

The model layer turns applications, judges, declared conflicts and the round's existing assignments into
the items below, calls `assign()`, and stores `AssignmentPlan.new_pairs`. Nothing here reads the clock,
the database or a random source, so the same input always gives the same plan.

The method is greedy and deterministic:

* An application may get a judge who knows its category (a judge with no categories knows them all),
  has no conflict with it, is not on it already, and is under their cap for the round.
* Applications are filled hardest first: fewest eligible judges to spare beyond the number still needed
  (with no existing assignments, simply the fewest eligible judges), then by id. Filling the easy ones
  first would spend the few judges that a specialised or much-conflicted application depends on.
* Each application takes the eligible judges with the fewest assignments so far, ties broken by judge id,
  which keeps the load level when judges are interchangeable (max − min ≤ 1).

Greedy is not a maximum matching: in rare tangled cases moving one assignment elsewhere could fill a
shortfall. What it does guarantee is that every reported shortfall has no eligible judge with room left,
so staff see exactly which applications need a decision (raise a cap, add a judge, assign by hand).
"""

from collections import defaultdict
from collections.abc import Iterable, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass

# Stable codes: the model layer and the staff pages translate them; never change their spelling.
NOT_ENOUGH_ELIGIBLE_JUDGES = "not_enough_eligible_judges"
CAPS_REACHED = "caps_reached"

Pair = tuple[int, int]  # (judge_id, application_id)


@dataclass(frozen=True)
class AppItem:
    id: int
    category_id: int


@dataclass(frozen=True)
class JudgeItem:
    id: int
    categories: frozenset[int]
    cap: int

    def __post_init__(self):
        if self.cap < 0:
            raise ValueError(f"judge {self.id}: cap must be zero or more, not {self.cap}")

    def knows(self, category_id: int) -> bool:
        """An empty set of categories means the judge may judge every category."""
        return not self.categories or category_id in self.categories


@dataclass(frozen=True)
class Shortfall:
    application_id: int
    assigned: int
    needed: int
    reason: str


@dataclass(frozen=True)
class AssignmentPlan:
    new_pairs: list[Pair]
    load: dict[int, int]
    shortfalls: list[Shortfall]

    @property
    def complete(self) -> bool:
        return not self.shortfalls


def assign(
    *,
    applications: Sequence[AppItem],
    judges: Sequence[JudgeItem],
    conflicts: AbstractSet[Pair],
    k: int,
    existing: AbstractSet[Pair] = frozenset(),
) -> AssignmentPlan:
    """Give every application `k` judges in total, counting the `existing` pairs, which are kept as they are.

    `existing` pairs count toward the application's `k` even when their judge is not in `judges` (staff
    may have assigned someone by hand), and toward a listed judge's load and cap even when their
    application is not in `applications` (a cap is for the whole round). A judge whose existing load is
    already over their cap gets nothing new; their pairs are not taken away.
    """
    _refuse_bad_input(applications, judges, k)
    load = _initial_load(judges, existing)
    caps = {judge.id: judge.cap for judge in judges}
    on_application = _judges_by_application(existing)
    eligible = {app.id: _eligible(app, judges, conflicts, on_application[app.id]) for app in applications}
    new_pairs, shortfalls = [], []
    for app in sorted(applications, key=lambda app: _difficulty(app, eligible, on_application, k)):
        already = len(on_application[app.id])
        chosen = _pick(eligible[app.id], load, caps, need=k - already)
        for judge_id in chosen:
            load[judge_id] += 1
            new_pairs.append((judge_id, app.id))
        if already + len(chosen) < k:
            shortfalls.append(_shortfall(app.id, already + len(chosen), already + len(eligible[app.id]), k))
    return AssignmentPlan(
        new_pairs=sorted(new_pairs),
        load=load,
        shortfalls=sorted(shortfalls, key=lambda shortfall: shortfall.application_id),
    )


def _refuse_bad_input(applications: Sequence[AppItem], judges: Sequence[JudgeItem], k: int) -> None:
    # These are programming errors in the caller, not situations to report to staff as shortfalls.
    if k < 0:
        raise ValueError(f"k must be zero or more, not {k}")
    for kind, ids in (("application", [app.id for app in applications]), ("judge", [judge.id for judge in judges])):
        if len(set(ids)) != len(ids):
            raise ValueError(f"each {kind} must be listed once; repeated ids: {sorted(_repeated(ids))}")


def _repeated(ids: Iterable[int]) -> set[int]:
    seen, repeated = set(), set()
    for item in ids:
        (repeated if item in seen else seen).add(item)
    return repeated


def _initial_load(judges: Sequence[JudgeItem], existing: AbstractSet[Pair]) -> dict[int, int]:
    load = {judge.id: 0 for judge in judges}
    for judge_id, _application_id in existing:
        if judge_id in load:
            load[judge_id] += 1
    return load


def _judges_by_application(existing: AbstractSet[Pair]) -> defaultdict[int, set[int]]:
    on_application: defaultdict[int, set[int]] = defaultdict(set)
    for judge_id, application_id in existing:
        on_application[application_id].add(judge_id)
    return on_application


def _eligible(app: AppItem, judges: Sequence[JudgeItem], conflicts: AbstractSet[Pair], already: set[int]) -> list[int]:
    """Judges who could be added to `app` if they had room: caps are checked at the moment of picking."""
    return [
        judge.id
        for judge in judges
        if judge.knows(app.category_id) and (judge.id, app.id) not in conflicts and judge.id not in already
    ]


def _difficulty(app: AppItem, eligible: dict[int, list[int]], on_application: dict[int, set[int]], k: int):
    # Spare eligible judges beyond what the application still needs: zero means every one of them is
    # required, so it must be served before others take their capacity.
    candidates = len(eligible[app.id])
    still_needed = max(k - len(on_application.get(app.id, ())), 0)
    return (candidates - still_needed, candidates, app.id)


def _pick(candidates: list[int], load: dict[int, int], caps: dict[int, int], *, need: int) -> list[int]:
    # Taking the `need` least-loaded judges at once equals picking them one by one: adding one to a
    # chosen judge's load cannot move another candidate ahead of a judge already chosen.
    if need <= 0:
        return []
    with_room = [judge_id for judge_id in candidates if load[judge_id] < caps[judge_id]]
    return sorted(with_room, key=lambda judge_id: (load[judge_id], judge_id))[:need]


def _shortfall(application_id: int, assigned: int, eligible_in_total: int, k: int) -> Shortfall:
    # "Eligible in total" counts the judges already on the application too: if even all of them
    # together are fewer than k, no cap could ever be raised far enough, and staff must add judges
    # who know the category or resolve conflicts instead.
    reason = NOT_ENOUGH_ELIGIBLE_JUDGES if eligible_in_total < k else CAPS_REACHED
    return Shortfall(application_id=application_id, assigned=assigned, needed=k, reason=reason)
