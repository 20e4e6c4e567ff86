"""Presentation scheduling for the finalists of a round. Pure: plain dataclasses in and out.

The model layer turns the schedule's settings, rooms (with their judges) and the shortlisted
applications (with the judges each conflicts with) into the items below, calls `schedule()`, and
stores the slots. Nothing here reads the clock or the database, so the same input gives the same plan.

How it works:

* Every room uses the same grid of start times: from the window's start, one slot length plus the
  changeover after each slot; a slot that would overlap a break starts when the break ends; a slot
  must end by the window's end. A common grid makes "at the same time" mean "at the same start".
* A room takes the categories it lists (none listed: every category).
* A judge who sits in two rooms can be in only one of them at a time: at a given start, a room runs
  only if none of its judges is present in another room's slot at that start.
* A judge with a conflict of interest never sits in while that application presents. A room without
  a conflicted judge is preferred; if every room that takes the category has one, the conflicted
  judges step out for that slot (they are listed in ``Slot.stepping_out`` and are free meanwhile).
  A room where every judge conflicts cannot hear the application.
* Finalists are placed in the order given (the caller orders them by category and reference), each
  at the earliest start where a room can hear it, then in the room with fewest judges stepping out.

Finalists that cannot be placed are reported with a reason, never dropped silently.
"""

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta

# Stable codes: the model layer translates them; never change their spelling.
NO_ROOM_FOR_CATEGORY = "no_room_for_category"
EVERY_JUDGE_CONFLICTED = "every_judge_conflicted"
WINDOW_FULL = "window_full"


@dataclass(frozen=True)
class RoomItem:
    id: int
    judges: frozenset[int]
    categories: frozenset[int] = frozenset()

    def takes(self, category_id: int) -> bool:
        return not self.categories or category_id in self.categories


@dataclass(frozen=True)
class FinalistItem:
    id: int
    category_id: int
    conflicts: frozenset[int] = frozenset()  # judges with a conflict of interest


@dataclass(frozen=True)
class Settings:
    starts_at: datetime
    ends_at: datetime
    slot_length: timedelta
    changeover: timedelta = timedelta(0)
    breaks: tuple[tuple[datetime, datetime], ...] = ()

    def __post_init__(self):
        if self.ends_at <= self.starts_at:
            raise ValueError("the window must end after it starts")
        if self.slot_length <= timedelta(0):
            raise ValueError("the slot length must be positive")
        if self.changeover < timedelta(0):
            raise ValueError("the changeover cannot be negative")
        for start, end in self.breaks:
            if end <= start:
                raise ValueError(f"a break must end after it starts: {start}–{end}")


@dataclass(frozen=True)
class Slot:
    finalist_id: int
    room_id: int
    starts_at: datetime
    ends_at: datetime
    judges: frozenset[int]  # the judges sitting in for this presentation
    stepping_out: frozenset[int] = frozenset()  # the room's judges who leave for it (conflicts)


@dataclass(frozen=True)
class Unplaced:
    finalist_id: int
    reason: str


@dataclass(frozen=True)
class Plan:
    slots: list[Slot]
    unplaced: list[Unplaced]
    starts: list[datetime] = field(default_factory=list)  # the grid every room uses

    @property
    def complete(self) -> bool:
        return not self.unplaced


def grid(settings: Settings) -> list[datetime]:
    """The start times of the slots that fit in the window around the breaks."""
    starts, at = [], settings.starts_at
    breaks = sorted(settings.breaks)
    while at + settings.slot_length <= settings.ends_at:
        clash = next((b for b in breaks if at < b[1] and b[0] < at + settings.slot_length), None)
        if clash is not None:
            at = clash[1]
            continue
        starts.append(at)
        at += settings.slot_length + settings.changeover
    return starts


def schedule(*, settings: Settings, rooms: Sequence[RoomItem], finalists: Sequence[FinalistItem]) -> Plan:
    """Place every finalist in a room at a start of the grid; report those that do not fit."""
    _refuse_bad_input(rooms, finalists)
    starts = grid(settings)
    taken: set[tuple[int, int]] = set()  # (start index, room id)
    present: dict[int, set[int]] = {index: set() for index in range(len(starts))}  # judges sitting in
    slots, unplaced = [], []
    for finalist in finalists:
        accepting = [room for room in rooms if room.takes(finalist.category_id)]
        hearing = [room for room in accepting if room.judges - finalist.conflicts]
        choice = _earliest(starts, hearing, finalist, taken, present)
        if choice is None:
            unplaced.append(Unplaced(finalist.id, _reason(accepting, hearing)))
            continue
        index, room = choice
        sitting = room.judges - finalist.conflicts
        taken.add((index, room.id))
        present[index] |= sitting
        end = starts[index] + settings.slot_length
        slots.append(Slot(finalist.id, room.id, starts[index], end, sitting, room.judges & finalist.conflicts))
    return Plan(slots=slots, unplaced=unplaced, starts=starts)


def _refuse_bad_input(rooms: Sequence[RoomItem], finalists: Sequence[FinalistItem]) -> None:
    for kind, ids in (("room", [r.id for r in rooms]), ("finalist", [f.id for f in finalists])):
        if len(set(ids)) != len(ids):
            raise ValueError(f"each {kind} must be listed once")


def _earliest(starts, rooms, finalist, taken, present):
    """The earliest (start index, room) free for this finalist; fewest judges stepping out first."""
    for index in range(len(starts)):
        free = [
            room
            for room in rooms
            if (index, room.id) not in taken and not ((room.judges - finalist.conflicts) & present[index])
        ]
        if free:
            room = min(free, key=lambda r: (len(r.judges & finalist.conflicts), rooms.index(r)))
            return index, room
    return None


def _reason(accepting: list[RoomItem], hearing: list[RoomItem]) -> str:
    if not accepting:
        return NO_ROOM_FOR_CATEGORY
    if not hearing:
        return EVERY_JUDGE_CONFLICTED
    return WINDOW_FULL


# What `check` can find broken (stable codes: the model layer words them for people).
OVERLAP = "overlap"
JUDGE_IN_TWO_PLACES = "judge_in_two_places"
OUTSIDE_WINDOW = "outside_window"
DURING_BREAK = "during_break"
CONFLICTED_JUDGE = "conflicted_judge"
ROOM_REFUSES_CATEGORY = "room_refuses_category"
NO_JUDGE = "no_judge"


@dataclass(frozen=True)
class Problem:
    """One broken rule of a plan: its code and the ids it concerns."""

    code: str
    finalist: int
    other: int | None = None
    room: int | None = None
    judge: int | None = None

    def __str__(self) -> str:
        match self.code:
            case "overlap":
                return f"room {self.room}: {self.finalist} and {self.other} overlap"
            case "judge_in_two_places":
                return f"judge {self.judge} in two places: {self.finalist} and {self.other}"
            case "room_refuses_category":
                return f"{self.finalist}: room {self.room} does not take its category"
        return f"{self.finalist}: {self.code.replace('_', ' ')}"


def check(
    plan: Plan, *, settings: Settings, rooms: Sequence[RoomItem], finalists: Sequence[FinalistItem]
) -> list[Problem]:
    """Every broken invariant of a plan (empty when the plan is sound). Used by the tests and by the
    staff's manual changes, which must keep the same rules as the generator."""
    by_room = {room.id: room for room in rooms}
    by_finalist = {finalist.id: finalist for finalist in finalists}
    problems = []
    for slot in plan.slots:
        problems += _slot_problems(slot, settings, by_room[slot.room_id], by_finalist[slot.finalist_id])
    for i, a in enumerate(plan.slots):
        for b in plan.slots[i + 1 :]:
            if a.starts_at < b.ends_at and b.starts_at < a.ends_at:
                if a.room_id == b.room_id:
                    problems.append(Problem(OVERLAP, a.finalist_id, other=b.finalist_id, room=a.room_id))
                for judge in sorted(a.judges & b.judges):
                    problems.append(Problem(JUDGE_IN_TWO_PLACES, a.finalist_id, other=b.finalist_id, judge=judge))
    return problems


def _slot_problems(slot: Slot, settings: Settings, room: RoomItem, finalist: FinalistItem) -> list[Problem]:
    problems = []
    if slot.starts_at < settings.starts_at or slot.ends_at > settings.ends_at:
        problems.append(Problem(OUTSIDE_WINDOW, finalist.id))
    if any(slot.starts_at < end and start < slot.ends_at for start, end in settings.breaks):
        problems.append(Problem(DURING_BREAK, finalist.id))
    if slot.judges & finalist.conflicts:
        problems.append(Problem(CONFLICTED_JUDGE, finalist.id))
    if not room.takes(finalist.category_id):
        problems.append(Problem(ROOM_REFUSES_CATEGORY, finalist.id, room=room.id))
    if not slot.judges:
        problems.append(Problem(NO_JUDGE, finalist.id))
    return problems
