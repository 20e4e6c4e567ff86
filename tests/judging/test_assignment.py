import random
from collections import Counter

import pytest

from judging.assignment import (
    CAPS_REACHED,
    NOT_ENOUGH_ELIGIBLE_JUDGES,
    AppItem,
    AssignmentPlan,
    JudgeItem,
    Shortfall,
    assign,
)


def judge(judge_id, *, cap=10, categories=()):
    return JudgeItem(id=judge_id, categories=frozenset(categories), cap=cap)


def apps(*ids, category_id=1):
    return [AppItem(id=app_id, category_id=category_id) for app_id in ids]


# Coverage and load


def test_assign_gives_every_application_k_judges_least_loaded_first():
    plan = assign(applications=apps(1, 2), judges=[judge(1), judge(2), judge(3)], conflicts=set(), k=2)

    # Application 1 takes judges 1 and 2 (all idle, lowest ids); application 2 then takes idle judge 3
    # and judge 1, the lowest id among those with one assignment.
    assert plan == AssignmentPlan(new_pairs=[(1, 1), (1, 2), (2, 1), (3, 2)], load={1: 2, 2: 1, 3: 1}, shortfalls=[])
    assert plan.complete is True


def test_assign_balances_load_of_interchangeable_judges():
    plan = assign(
        applications=apps(*range(1, 21)), judges=[judge(j, cap=100) for j in range(1, 8)], conflicts=set(), k=3
    )

    # 60 assignments over 7 judges: four judges get 9 and three get 8.
    assert sorted(plan.load.values()) == [8, 8, 8, 9, 9, 9, 9]
    assert plan.complete is True


def test_assign_serves_scarce_applications_first():
    # Application 2 (category 1) can only have judge 1; application 1 (category 2) can have either.
    # Taken in id order, application 1 would use judge 1's only place and leave application 2 empty.
    judges = [judge(1, cap=1), judge(2, cap=1, categories={2})]
    applications = [AppItem(id=1, category_id=2), AppItem(id=2, category_id=1)]

    plan = assign(applications=applications, judges=judges, conflicts=set(), k=1)

    assert plan == AssignmentPlan(new_pairs=[(1, 2), (2, 1)], load={1: 1, 2: 1}, shortfalls=[])


def test_assign_k_zero_assigns_nothing():
    plan = assign(applications=apps(1, 2), judges=[judge(1), judge(2)], conflicts=set(), k=0)

    assert plan == AssignmentPlan(new_pairs=[], load={1: 0, 2: 0}, shortfalls=[])


def test_assign_no_applications_assigns_nothing():
    plan = assign(applications=[], judges=[judge(1)], conflicts=set(), k=3)

    assert plan == AssignmentPlan(new_pairs=[], load={1: 0}, shortfalls=[])


# Caps, conflicts and categories


def test_assign_keeps_caps_exactly_and_reports_the_rest():
    plan = assign(applications=apps(1, 2, 3), judges=[judge(1, cap=2), judge(2, cap=2)], conflicts=set(), k=2)

    assert plan == AssignmentPlan(
        new_pairs=[(1, 1), (1, 2), (2, 1), (2, 2)],
        load={1: 2, 2: 2},
        shortfalls=[Shortfall(application_id=3, assigned=0, needed=2, reason=CAPS_REACHED)],
    )
    assert plan.complete is False


def test_assign_judge_with_cap_zero_gets_nothing():
    plan = assign(applications=apps(1), judges=[judge(1, cap=0), judge(2)], conflicts=set(), k=1)

    assert plan == AssignmentPlan(new_pairs=[(2, 1)], load={1: 0, 2: 1}, shortfalls=[])


def test_assign_never_assigns_a_conflict():
    plan = assign(applications=apps(10), judges=[judge(1), judge(2), judge(3)], conflicts={(1, 10)}, k=2)

    assert plan == AssignmentPlan(new_pairs=[(2, 10), (3, 10)], load={1: 0, 2: 1, 3: 1}, shortfalls=[])


def test_assign_respects_category_knowledge():
    judges = [judge(1, categories={1}), judge(2, categories={2}), judge(3)]
    applications = [AppItem(id=10, category_id=1), AppItem(id=20, category_id=2)]

    plan = assign(applications=applications, judges=judges, conflicts=set(), k=2)

    assert plan == AssignmentPlan(
        new_pairs=[(1, 10), (2, 20), (3, 10), (3, 20)], load={1: 1, 2: 1, 3: 2}, shortfalls=[]
    )


# Existing assignments


def test_assign_keeps_and_counts_existing_pairs():
    plan = assign(
        applications=apps(10, 20), judges=[judge(1), judge(2), judge(3)], conflicts=set(), k=2, existing={(1, 10)}
    )

    # Application 10 needs one more judge besides judge 1; judge 1's existing assignment counts in the
    # load, so application 20 takes idle judge 3 first.
    assert plan == AssignmentPlan(new_pairs=[(1, 20), (2, 10), (3, 20)], load={1: 2, 2: 1, 3: 1}, shortfalls=[])


def test_assign_existing_pairs_count_toward_caps():
    plan = assign(
        applications=apps(10, 20), judges=[judge(1, cap=1), judge(2)], conflicts=set(), k=1, existing={(1, 99)}
    )

    assert plan == AssignmentPlan(new_pairs=[(2, 10), (2, 20)], load={1: 1, 2: 2}, shortfalls=[])


def test_assign_existing_pair_of_unlisted_judge_counts_toward_k():
    plan = assign(applications=apps(10), judges=[judge(1)], conflicts=set(), k=2, existing={(7, 10)})

    assert plan == AssignmentPlan(new_pairs=[(1, 10)], load={1: 1}, shortfalls=[])


def test_assign_existing_pairs_over_k_or_cap_are_kept_untouched():
    existing = {(1, 10), (2, 10), (1, 20)}

    plan = assign(
        applications=apps(10, 20), judges=[judge(1, cap=1), judge(2, cap=5)], conflicts=set(), k=1, existing=existing
    )

    assert plan == AssignmentPlan(new_pairs=[], load={1: 2, 2: 1}, shortfalls=[])


# Shortfalls


def test_assign_reports_not_enough_eligible_judges_for_unknown_category():
    applications = [AppItem(id=10, category_id=1), AppItem(id=20, category_id=3)]

    plan = assign(
        applications=applications, judges=[judge(1, categories={1}), judge(2, categories={1, 2})], conflicts=set(), k=2
    )

    assert plan == AssignmentPlan(
        new_pairs=[(1, 10), (2, 10)],
        load={1: 1, 2: 1},
        shortfalls=[Shortfall(application_id=20, assigned=0, needed=2, reason=NOT_ENOUGH_ELIGIBLE_JUDGES)],
    )


def test_assign_reports_not_enough_eligible_judges_because_of_conflicts():
    plan = assign(applications=apps(10), judges=[judge(1), judge(2), judge(3)], conflicts={(1, 10), (3, 10)}, k=2)

    assert plan == AssignmentPlan(
        new_pairs=[(2, 10)],
        load={1: 0, 2: 1, 3: 0},
        shortfalls=[Shortfall(application_id=10, assigned=1, needed=2, reason=NOT_ENOUGH_ELIGIBLE_JUDGES)],
    )


def test_assign_counts_existing_judges_as_eligible_in_shortfall_reason():
    # Judge 1 was put on application 10 by hand and judge 2 is full: caps are what stands in the way.
    plan = assign(applications=apps(10), judges=[judge(1), judge(2, cap=0)], conflicts=set(), k=2, existing={(1, 10)})

    assert plan.shortfalls == [Shortfall(application_id=10, assigned=1, needed=2, reason=CAPS_REACHED)]


def test_assign_without_judges_reports_every_application():
    plan = assign(applications=apps(2, 1), judges=[], conflicts=set(), k=2)

    assert plan == AssignmentPlan(
        new_pairs=[],
        load={},
        shortfalls=[
            Shortfall(application_id=1, assigned=0, needed=2, reason=NOT_ENOUGH_ELIGIBLE_JUDGES),
            Shortfall(application_id=2, assigned=0, needed=2, reason=NOT_ENOUGH_ELIGIBLE_JUDGES),
        ],
    )


# Refusals


def test_assign_refuses_negative_k():
    with pytest.raises(ValueError, match="^k must be zero or more, not -1$"):
        assign(applications=apps(1), judges=[judge(1)], conflicts=set(), k=-1)


def test_assign_refuses_repeated_judges():
    with pytest.raises(ValueError, match=r"^each judge must be listed once; repeated ids: \[2\]$"):
        assign(applications=apps(1), judges=[judge(2), judge(1), judge(2)], conflicts=set(), k=1)


def test_assign_refuses_repeated_applications():
    with pytest.raises(ValueError, match=r"^each application must be listed once; repeated ids: \[1\]$"):
        assign(applications=apps(1, 1), judges=[judge(1)], conflicts=set(), k=1)


def test_judge_item_refuses_negative_cap():
    with pytest.raises(ValueError, match="^judge 3: cap must be zero or more, not -1$"):
        judge(3, cap=-1)


# Determinism


def _random_case(rng, *, applications, judges, categories):
    app_items = [AppItem(id=app_id, category_id=rng.randrange(categories)) for app_id in range(1, applications + 1)]
    judge_items = [
        JudgeItem(
            id=judge_id,
            categories=frozenset(rng.sample(range(categories), rng.randint(0, categories))),
            cap=rng.randint(0, 4),
        )
        for judge_id in range(1, judges + 1)
    ]
    pairs = [(j.id, a.id) for j in judge_items for a in app_items]
    conflicts = {pair for pair in pairs if rng.random() < 0.15}
    existing = {pair for pair in pairs if pair not in conflicts and rng.random() < 0.05}
    return app_items, judge_items, conflicts, existing


def test_assign_same_input_gives_same_plan():
    applications, judges, conflicts, existing = _random_case(random.Random(7), applications=40, judges=8, categories=3)

    first = assign(applications=applications, judges=judges, conflicts=conflicts, k=3, existing=existing)
    second = assign(applications=applications, judges=judges, conflicts=conflicts, k=3, existing=existing)

    assert first == second


def test_assign_input_order_does_not_change_plan():
    rng = random.Random(11)
    applications, judges, conflicts, existing = _random_case(rng, applications=40, judges=8, categories=3)
    expected = assign(applications=applications, judges=judges, conflicts=conflicts, k=3, existing=existing)
    rng.shuffle(judges)
    rng.shuffle(applications)

    plan = assign(applications=applications, judges=judges, conflicts=conflicts, k=3, existing=existing)

    assert plan == expected


# Invariants over many random small cases


def _check_invariants(plan, applications, judges, conflicts, existing, k):
    new = set(plan.new_pairs)
    assert len(new) == len(plan.new_pairs)
    assert new.isdisjoint(conflicts)
    assert new.isdisjoint(existing)
    all_pairs = new | existing
    by_id = {j.id: j for j in judges}
    category = {a.id: a.category_id for a in applications}
    assert all(by_id[j].knows(category[a]) for j, a in new)
    per_judge = Counter(j for j, _ in all_pairs if j in by_id)
    assert plan.load == {j.id: per_judge[j.id] for j in judges}
    existing_per_judge = Counter(j for j, _ in existing)
    assert all(plan.load[j.id] <= max(j.cap, existing_per_judge[j.id]) for j in judges)
    per_app = Counter(a for _, a in all_pairs)
    existing_per_app = Counter(a for _, a in existing)
    assert all(per_app[a.id] <= max(k, existing_per_app[a.id]) for a in applications)
    short = {a.id for a in applications if per_app[a.id] < k}
    assert [s.application_id for s in plan.shortfalls] == sorted(short)
    for shortfall in plan.shortfalls:
        _check_shortfall(shortfall, plan, by_id, category, conflicts, all_pairs, k)


def _check_shortfall(shortfall, plan, by_id, category, conflicts, all_pairs, k):
    app_id = shortfall.application_id
    on_app = {j for j, a in all_pairs if a == app_id}
    eligible = [
        j
        for j in by_id.values()
        if j.knows(category[app_id]) and (j.id, app_id) not in conflicts and j.id not in on_app
    ]
    # Nobody who could still take the application has room left.
    assert [j.id for j in eligible if plan.load[j.id] < j.cap] == []
    assert shortfall.assigned == len(on_app)
    assert shortfall.needed == k
    expected_reason = NOT_ENOUGH_ELIGIBLE_JUDGES if len(on_app) + len(eligible) < k else CAPS_REACHED
    assert shortfall.reason == expected_reason


def test_assign_random_small_cases_keep_invariants():
    for seed in range(500):
        rng = random.Random(seed)
        case = _random_case(
            rng, applications=rng.randint(0, 12), judges=rng.randint(0, 6), categories=rng.randint(1, 3)
        )
        applications, judges, conflicts, existing = case
        k = rng.randint(0, 3)

        plan = assign(applications=applications, judges=judges, conflicts=conflicts, k=k, existing=existing)

        _check_invariants(plan, applications, judges, conflicts, existing, k)


# Scale: the largest cycle in MISSION.md


def test_assign_largest_cycle_is_covered_within_caps():
    rng = random.Random(2022)
    applications = [AppItem(id=app_id, category_id=app_id % 7) for app_id in range(1, 3001)]
    # 42 judges know two neighbouring categories each, 8 know all seven; 50 × 200 places for 9,000 needed.
    judges = [JudgeItem(id=j, categories=frozenset({j % 7, (j + 1) % 7}), cap=200) for j in range(1, 43)]
    judges += [JudgeItem(id=j, categories=frozenset(), cap=200) for j in range(43, 51)]
    conflicts = {(rng.randint(1, 50), rng.randint(1, 3000)) for _ in range(1500)}

    plan = assign(applications=applications, judges=judges, conflicts=conflicts, k=3)

    assert plan.complete is True
    assert len(plan.new_pairs) == 9000
    assert Counter(a for _, a in plan.new_pairs) == {app_id: 3 for app_id in range(1, 3001)}
    assert max(plan.load.values()) <= 200
    assert set(plan.new_pairs).isdisjoint(conflicts)
