"""Writes of the presentations: rooms from the round's panels, the generated schedule (through the
pure judging.scheduling), staff's changes by form, and the notices with their .ics files."""

from collections import defaultdict
from datetime import datetime, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from submissions.enums import ApplicationStatus

from .. import emails, scheduling, signals
from ..enums import ConflictAnswer
from ..models import Assignment, Panel, PresentationSchedule, PresentationSlot, Room
from ..presentation_times import breaks_between
from ..selectors import presentations_between_for_schedule
from .assignments import round_conflicts


def settings_of(schedule: PresentationSchedule) -> scheduling.Settings:
    return scheduling.Settings(
        starts_at=schedule.starts_at,
        ends_at=schedule.ends_at,
        slot_length=timedelta(minutes=schedule.slot_minutes),
        changeover=timedelta(minutes=schedule.changeover_minutes),
        breaks=breaks_between(schedule.breaks, schedule.starts_at, schedule.ends_at),
    )


def finalists_of(schedule: PresentationSchedule):
    return (
        schedule.round.cycle.applications.filter(status=ApplicationStatus.SHORTLISTED)
        .select_related("category", "organisation")
        .order_by("category__position", "reference", "pk")
    )


def create_rooms(*, schedule: PresentationSchedule) -> list[Room]:
    """One room for all the round's panel judges, or one room per category with its panel's judges.
    Rooms that exist are kept (staff may have edited them)."""
    if schedule.rooms.exists():
        return list(schedule.rooms.all())
    panels = list(Panel.objects.filter(round=schedule.round).select_related("category").prefetch_related("judges"))
    panels.sort(key=lambda panel: panel.category.position)
    if schedule.room_per_category:
        groups = [(panel.category.name, panel.category, set(panel.judges.all())) for panel in panels]
    else:
        groups = [(_("Main room"), None, {judge for panel in panels for judge in panel.judges.all()})]
    rooms = []
    for position, (name, category, judges) in enumerate(groups):
        room = Room.objects.create(schedule=schedule, position=position, name=name, category=category)
        room.judges.set(judges)
        rooms.append(room)
    return rooms


def _room_items(schedule) -> list[scheduling.RoomItem]:
    return [
        scheduling.RoomItem(
            id=room.pk,
            judges=frozenset(judge.pk for judge in room.judges.all()),
            categories=frozenset({room.category_id}) if room.category_id else frozenset(),
        )
        for room in schedule.rooms.prefetch_related("judges")
    ]


def _conflicts(schedule) -> dict[int, set[int]]:
    """application id → judges with a conflict: declared ones, and every recusal in the cycle."""
    by_application: defaultdict[int, set[int]] = defaultdict(set)
    for conflict in round_conflicts(schedule.round):
        by_application[conflict.application_id].add(conflict.judge_id)
    recused = Assignment.objects.filter(
        round__cycle_id=schedule.round.cycle_id, conflict_answer=ConflictAnswer.RECUSED
    ).values_list("application_id", "judge_id")
    for application_id, judge_id in recused:
        by_application[application_id].add(judge_id)
    return by_application


def _finalist_items(schedule, applications) -> list[scheduling.FinalistItem]:
    conflicts = _conflicts(schedule)
    return [
        scheduling.FinalistItem(id=a.pk, category_id=a.category_id, conflicts=frozenset(conflicts[a.pk]))
        for a in applications
    ]


@transaction.atomic
def generate_schedule(*, schedule: PresentationSchedule) -> scheduling.Plan:
    """Place every finalist; keep each application's slot row (and so its calendar UID), raising its
    SEQUENCE when its time or room changes. A finalist that no longer fits loses its slot and is in
    ``plan.unplaced`` for staff."""
    schedule = PresentationSchedule.objects.select_for_update().select_related("round__cycle").get(pk=schedule.pk)
    create_rooms(schedule=schedule)
    applications = list(finalists_of(schedule))
    plan = scheduling.schedule(
        settings=settings_of(schedule), rooms=_room_items(schedule), finalists=_finalist_items(schedule, applications)
    )
    existing = {slot.application_id: slot for slot in schedule.slots.all()}
    placed = {slot.finalist_id for slot in plan.slots}
    schedule.slots.exclude(application_id__in=placed).delete()
    for item in plan.slots:
        _store(schedule, existing.get(item.finalist_id), item)
    return plan


def _store(schedule, slot: PresentationSlot | None, item: scheduling.Slot) -> None:
    if slot is None:
        slot = PresentationSlot(schedule=schedule, application_id=item.finalist_id)
    elif (slot.room_id, slot.starts_at, slot.ends_at) != (item.room_id, item.starts_at, item.ends_at):
        slot.sequence += 1
    slot.room_id, slot.starts_at, slot.ends_at = item.room_id, item.starts_at, item.ends_at
    slot.save()
    slot.stepping_out.set(item.stepping_out)


def _plan_of(schedule) -> scheduling.Plan:
    rooms = {room.pk: room for room in schedule.rooms.prefetch_related("judges")}
    slots = []
    for slot in schedule.slots.prefetch_related("stepping_out"):
        out = frozenset(user.pk for user in slot.stepping_out.all())
        judges = frozenset(judge.pk for judge in rooms[slot.room_id].judges.all()) - out
        slots.append(scheduling.Slot(slot.application_id, slot.room_id, slot.starts_at, slot.ends_at, judges, out))
    return scheduling.Plan(slots=slots, unplaced=[])


PROBLEM_WORDS = {
    scheduling.OVERLAP: _lazy("%(finalist)s and %(other)s would be in room %(room)s at the same time"),
    scheduling.JUDGE_IN_TWO_PLACES: _lazy("%(judge)s would be in two rooms at once (%(finalist)s and %(other)s)"),
    scheduling.OUTSIDE_WINDOW: _lazy("%(finalist)s would fall outside the presentation hours"),
    scheduling.DURING_BREAK: _lazy("%(finalist)s would fall in a break"),
    scheduling.CONFLICTED_JUDGE: _lazy("a judge with a conflict of interest would hear %(finalist)s"),
    scheduling.ROOM_REFUSES_CATEGORY: _lazy("room %(room)s does not take the category of %(finalist)s"),
    scheduling.NO_JUDGE: _lazy("no judge would be left to hear %(finalist)s"),
}


def _problem_words(problems, schedule, applications) -> list[str]:
    """The broken rules in the person's language, naming finalists by reference, rooms and judges by name."""
    rooms = {room.pk: room for room in schedule.rooms.prefetch_related("judges")}
    judges = {judge.pk: judge for room in rooms.values() for judge in room.judges.all()}
    return [
        PROBLEM_WORDS[problem.code]
        % {
            "finalist": str(applications[problem.finalist]),
            "other": str(applications.get(problem.other, "")),
            "room": rooms[problem.room].name if problem.room in rooms else "",
            "judge": str(judges.get(problem.judge, "")),
        }
        for problem in problems
    ]


@transaction.atomic
def move_slot(*, slot: PresentationSlot, room: Room, starts_at: datetime, video_url: str = "") -> PresentationSlot:
    """Staff move a presentation to another room or time (a form, no dragging). The whole schedule
    must still keep every rule; the change raises the SEQUENCE, and if the times were already sent,
    the finalist and the judges concerned get the update at once."""
    schedule = PresentationSchedule.objects.select_for_update().get(pk=slot.schedule_id)
    if room.schedule_id != schedule.pk:
        raise ValidationError(_("Choose a room of this schedule."))
    ends_at = starts_at + timedelta(minutes=schedule.slot_minutes)
    old_room = slot.room
    conflicts = _conflicts(schedule)[slot.application_id]
    room_judges = frozenset(judge.pk for judge in room.judges.all())
    moved = scheduling.Slot(
        slot.application_id, room.pk, starts_at, ends_at, room_judges - conflicts, room_judges & conflicts
    )
    plan = _plan_of(schedule)
    plan = scheduling.Plan(slots=[s for s in plan.slots if s.finalist_id != slot.application_id] + [moved], unplaced=[])
    applications = finalists_of(schedule).filter(pk__in=[s.finalist_id for s in plan.slots])
    problems = scheduling.check(
        plan,
        settings=settings_of(schedule),
        rooms=_room_items(schedule),
        finalists=_finalist_items(schedule, applications),
    )
    if problems:
        words = "; ".join(_problem_words(problems, schedule, {a.pk: a for a in applications}))
        raise ValidationError(_("This change breaks the schedule's rules: %(problems)s") % {"problems": words})
    changed = (slot.room_id, slot.starts_at, slot.ends_at, slot.video_url) != (room.pk, starts_at, ends_at, video_url)
    slot.room, slot.starts_at, slot.ends_at, slot.video_url = room, starts_at, ends_at, video_url
    was_sent = slot.sent_sequence is not None
    if changed:
        slot.sequence += 1
    slot.full_clean()
    slot.save()
    slot.stepping_out.set(moved.stepping_out)
    if changed and was_sent:
        send_notices(schedule=schedule, extra_judges=set(old_room.judges.all()))
    return slot


def send_notices(*, schedule: PresentationSchedule, extra_judges=()) -> int:
    """E-mail the times with an .ics file to the finalists and judges of every presentation whose
    latest change has not been sent yet (the first time: all of them). A judge gets one e-mail with
    all their presentations; a change is sent as an update (same UID, higher SEQUENCE). Returns how
    many presentations were sent."""
    slots = list(presentations_between_for_schedule(schedule))
    changed = [slot for slot in slots if slot.sent_sequence != slot.sequence]
    if not changed:
        return 0
    for slot in changed:
        update = slot.sent_sequence is not None
        queued = [
            emails.send_finalist_notice(slot=slot, user=membership.user, update=update)
            for membership in slot.application.organisation.memberships.all()
        ]
        signals.presentation_sent.send(sender=PresentationSlot, slot=slot, update=update, emails=queued)
    judges = {judge for slot in changed for judge in slot.judges} | set(extra_judges)
    for judge in sorted(judges, key=lambda user: user.pk):
        theirs = [slot for slot in slots if judge in slot.judges]
        update = any(slot.sent_sequence is not None for slot in theirs) or judge in extra_judges
        emails.send_judge_notice(judge=judge, slots=theirs, update=update, cycle=schedule.round.cycle)
    for slot in changed:
        PresentationSlot.objects.filter(pk=slot.pk).update(sent_sequence=slot.sequence)
    return len(changed)
