import random
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from judging.scheduling import (
    EVERY_JUDGE_CONFLICTED,
    JUDGE_IN_TWO_PLACES,
    NO_ROOM_FOR_CATEGORY,
    WINDOW_FULL,
    FinalistItem,
    Problem,
    RoomItem,
    Settings,
    Unplaced,
    check,
    grid,
    schedule,
)

BANGKOK = ZoneInfo("Asia/Bangkok")


def at(hour, minute=0):
    return datetime(2022, 9, 14, hour, minute, tzinfo=BANGKOK)


# 14 September 2565, 10:00–15:00 with lunch 12:00–13:00, as in the 2022 call.
DAY = Settings(
    starts_at=at(10),
    ends_at=at(15),
    slot_length=timedelta(minutes=20),
    changeover=timedelta(minutes=10),
    breaks=((at(12), at(13)),),
)


def test_grid_keeps_the_window_the_changeover_and_the_break():
    assert grid(DAY) == [at(10), at(10, 30), at(11), at(11, 30), at(13), at(13, 30), at(14), at(14, 30)]


def test_grid_moves_a_slot_that_would_run_into_a_break_to_the_break_end():
    settings = Settings(
        starts_at=at(10), ends_at=at(12), slot_length=timedelta(minutes=40), breaks=((at(11), at(11, 15)),)
    )
    assert grid(settings) == [at(10), at(11, 15)]


def test_schedule_one_room_places_finalists_one_after_another():
    room = RoomItem(id=1, judges=frozenset({10, 11, 12}))
    finalists = [FinalistItem(id=i, category_id=1) for i in range(1, 4)]
    plan = schedule(settings=DAY, rooms=[room], finalists=finalists)
    assert [(s.finalist_id, s.starts_at, s.ends_at) for s in plan.slots] == [
        (1, at(10), at(10, 20)),
        (2, at(10, 30), at(10, 50)),
        (3, at(11), at(11, 20)),
    ]
    assert plan.complete
    assert check(plan, settings=DAY, rooms=[room], finalists=finalists) == []


def test_schedule_one_room_per_category_runs_rooms_in_parallel():
    rooms = [
        RoomItem(id=1, judges=frozenset({10}), categories=frozenset({1})),
        RoomItem(id=2, judges=frozenset({20}), categories=frozenset({2})),
    ]
    finalists = [FinalistItem(1, 1), FinalistItem(2, 2), FinalistItem(3, 1)]
    plan = schedule(settings=DAY, rooms=rooms, finalists=finalists)
    assert [(s.finalist_id, s.room_id, s.starts_at) for s in plan.slots] == [
        (1, 1, at(10)),
        (2, 2, at(10)),
        (3, 1, at(10, 30)),
    ]


def test_schedule_never_puts_a_judge_in_two_rooms_at_once():
    # Judge 99 sits on both category rooms: the two rooms can never run at the same start.
    rooms = [
        RoomItem(id=1, judges=frozenset({10, 99}), categories=frozenset({1})),
        RoomItem(id=2, judges=frozenset({20, 99}), categories=frozenset({2})),
    ]
    finalists = [FinalistItem(1, 1), FinalistItem(2, 2)]
    plan = schedule(settings=DAY, rooms=rooms, finalists=finalists)
    assert [(s.finalist_id, s.starts_at) for s in plan.slots] == [(1, at(10)), (2, at(10, 30))]
    assert check(plan, settings=DAY, rooms=rooms, finalists=finalists) == []


def test_schedule_prefers_a_room_without_the_conflicted_judge():
    rooms = [RoomItem(id=1, judges=frozenset({10, 11})), RoomItem(id=2, judges=frozenset({20, 21}))]
    plan = schedule(settings=DAY, rooms=rooms, finalists=[FinalistItem(1, 1, conflicts=frozenset({10}))])
    assert (plan.slots[0].room_id, plan.slots[0].judges, plan.slots[0].stepping_out) == (2, {20, 21}, frozenset())


def test_schedule_has_a_conflicted_judge_step_out_when_only_their_room_can_hear_it():
    room = RoomItem(id=1, judges=frozenset({10, 11, 12}))
    plan = schedule(settings=DAY, rooms=[room], finalists=[FinalistItem(1, 1, conflicts=frozenset({11}))])
    assert (plan.slots[0].judges, plan.slots[0].stepping_out) == ({10, 12}, {11})


def test_schedule_reports_each_finalist_that_does_not_fit_with_the_reason():
    rooms = [RoomItem(id=1, judges=frozenset({10}), categories=frozenset({1}))]
    finalists = [FinalistItem(i, 1) for i in range(1, 10)] + [
        FinalistItem(20, 2),
        FinalistItem(21, 1, conflicts=frozenset({10})),
    ]
    plan = schedule(settings=DAY, rooms=rooms, finalists=finalists)
    assert len(plan.slots) == 8
    assert plan.unplaced == [
        Unplaced(9, WINDOW_FULL),
        Unplaced(20, NO_ROOM_FOR_CATEGORY),
        Unplaced(21, EVERY_JUDGE_CONFLICTED),
    ]
    assert not plan.complete


def test_schedule_refuses_a_finalist_listed_twice():
    with pytest.raises(ValueError):
        schedule(settings=DAY, rooms=[RoomItem(1, frozenset({1}))], finalists=[FinalistItem(1, 1), FinalistItem(1, 1)])


def test_settings_refuse_a_window_that_ends_before_it_starts():
    with pytest.raises(ValueError):
        Settings(starts_at=at(15), ends_at=at(10), slot_length=timedelta(minutes=20))


def test_check_finds_a_double_booked_judge():
    rooms = [RoomItem(id=1, judges=frozenset({10})), RoomItem(id=2, judges=frozenset({10}))]
    finalists = [FinalistItem(1, 1), FinalistItem(2, 1)]
    plan = schedule(settings=DAY, rooms=rooms, finalists=finalists)
    moved = plan.slots[1].__class__(2, 2, at(10), at(10, 20), frozenset({10}))
    broken = plan.__class__(slots=[plan.slots[0], moved], unplaced=[])
    [problem] = check(broken, settings=DAY, rooms=rooms, finalists=finalists)
    assert problem == Problem(JUDGE_IN_TWO_PLACES, 1, other=2, judge=10)
    assert str(problem) == "judge 10 in two places: 1 and 2"


@pytest.mark.parametrize("seed", range(60))
def test_schedule_keeps_every_invariant_on_random_input(seed):
    rng = random.Random(seed)
    categories = list(range(1, rng.randint(1, 7) + 1))
    judges = list(range(100, 100 + rng.randint(1, 12)))
    per_category = rng.random() < 0.5
    rooms = [
        RoomItem(
            id=i + 1,
            judges=frozenset(rng.sample(judges, rng.randint(1, len(judges)))),
            categories=frozenset({category}) if per_category else frozenset(),
        )
        for i, category in enumerate(categories if per_category else categories[: rng.randint(1, 3)])
    ]
    finalists = [
        FinalistItem(
            id=i,
            category_id=rng.choice(categories),
            conflicts=frozenset(rng.sample(judges, rng.randint(0, min(2, len(judges))))),
        )
        for i in range(rng.randint(0, 40))
    ]
    start = at(9)
    breaks = tuple(
        (at(h, 0), at(h, rng.choice([15, 30, 45]))) for h in sorted(rng.sample(range(10, 16), rng.randint(0, 2)))
    )
    settings = Settings(
        starts_at=start,
        ends_at=start + timedelta(hours=rng.randint(1, 8)),
        slot_length=timedelta(minutes=rng.choice([10, 15, 20, 30])),
        changeover=timedelta(minutes=rng.choice([0, 5, 10])),
        breaks=breaks,
    )
    plan = schedule(settings=settings, rooms=rooms, finalists=finalists)
    assert check(plan, settings=settings, rooms=rooms, finalists=finalists) == []
    placed = [slot.finalist_id for slot in plan.slots] + [u.finalist_id for u in plan.unplaced]
    assert sorted(placed) == [f.id for f in finalists]  # each finalist once: placed or reported
    for slot in plan.slots:
        room = next(r for r in rooms if r.id == slot.room_id)
        conflicts = next(f for f in finalists if f.id == slot.finalist_id).conflicts
        assert slot.judges | slot.stepping_out == room.judges
        assert slot.stepping_out == room.judges & conflicts
    for unplaced in plan.unplaced:
        if unplaced.reason != WINDOW_FULL:
            continue
        # Reported as not fitting for lack of time: at every start, every room that could hear it is
        # taken, or one of the judges who would sit in is in another room then.
        finalist = next(f for f in finalists if f.id == unplaced.finalist_id)
        for start in plan.starts:
            at_start = [s for s in plan.slots if s.starts_at == start]
            for room in rooms:
                sitting = room.judges - finalist.conflicts
                if not room.takes(finalist.category_id) or not sitting:
                    continue
                busy = any(s.room_id == room.id for s in at_start) or any(sitting & s.judges for s in at_start)
                assert busy
