"""Staff pages of the shortlist and the presentations, under /judging/staff/: the proposal with its
confirmation step, the schedule's settings with the generator, the printable grid, and a form to
move one presentation. 404 for anyone who is not staff."""

from datetime import timedelta
from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from accounts.rules import is_staff_member
from awards.enums import MilestoneKind
from submissions.models import Application

from .. import scheduling
from .. import shortlist as rule
from ..enums import RoundKind
from ..forms_presentations import MoveSlotForm, ScheduleForm
from ..models import PresentationSchedule, PresentationSlot, Round
from ..selectors import presentations_between_for_schedule
from ..services import presentations, shortlist

REASONS = {
    scheduling.NO_ROOM_FOR_CATEGORY: gettext_lazy("no room takes its category"),
    scheduling.EVERY_JUDGE_CONFLICTED: gettext_lazy(
        "every judge of the rooms that take its category has a conflict of interest"
    ),
    scheduling.WINDOW_FULL: gettext_lazy("no free time is left in the window"),
}


PROPOSAL_NOTES = {
    rule.WITHIN: "",
    rule.TIED_AT_CUT: gettext_lazy("Tied at the cut: more than N advance unless you untick some"),
    rule.BELOW_CUT: gettext_lazy("Below the cut"),
    rule.BELOW_MINIMUM: gettext_lazy("Below the minimum total"),
    rule.NO_SCORES: gettext_lazy("No submitted scorecard"),
    rule.NO_RULE: gettext_lazy("The round has no advancement rule: choose by hand"),
}


def staff_required(view):
    @login_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not is_staff_member(request.user):
            raise Http404
        return view(request, *args, **kwargs)

    return wrapper


@staff_required
def index(request):
    rounds = Round.objects.select_related("cycle", "presentation_schedule").order_by(
        "-cycle__year", "cycle__slug", "position"
    )
    return render(request, "judging/staff/index.html", {"rounds": rounds})


def _chosen(request) -> set[int]:
    return {int(value) for value in request.POST.getlist("application") if value.isdigit()}


@staff_required
def shortlist_page(request, pk):
    """GET: the rule's proposal per category, ties at the cut marked; staff tick and untick.
    POST "review": the confirmation step. POST "confirm": the service, once."""
    round = get_object_or_404(Round.objects.select_related("cycle", "rubric"), pk=pk, kind=RoundKind.SCREENING)
    categories = shortlist.shortlist_proposal(round=round)
    rows = [proposal for block in categories for proposal in block.proposals]
    if request.method == "POST" and round.shortlist_confirmed_at is None:
        chosen, reason, problems = _chosen(request), request.POST.get("reason", ""), []
        if "confirm" in request.POST:
            try:
                final = shortlist.confirm_shortlist(
                    round=round, application_ids=chosen, by=request.user, request=request, reason=reason
                )
            except ValidationError as error:
                problems = error.messages
            else:
                messages.success(
                    request, _("The shortlist is confirmed, the organisations are told, and the final round is open.")
                )
                return redirect("judging:staff_schedule", pk=final.pk)
        context = {
            "round": round,
            "advancing": [p.row for p in rows if p.row.application_id in chosen],
            "others": [p.row for p in rows if p.row.application_id not in chosen],
            "tie_broken": rule.tie_broken_by_hand(rows, chosen),
            "reason": reason,
            "problems": problems,
        }
        return render(request, "judging/staff/shortlist_confirm.html", context)
    blocks = [(block.category, [(p, PROPOSAL_NOTES[p.reason]) for p in block.proposals]) for block in categories]
    return render(request, "judging/staff/shortlist.html", {"round": round, "blocks": blocks})


def _grid(slots):
    """Rows of (start, [slot or None per room]) for the printable grid."""
    rooms = sorted({slot.room for slot in slots}, key=lambda room: (room.position, room.pk))
    starts = sorted({slot.starts_at for slot in slots})
    at = {(slot.starts_at, slot.room_id): slot for slot in slots}
    return rooms, [(start, [at.get((start, room.pk)) for room in rooms]) for start in starts]


@staff_required
def schedule_page(request, pk):
    round = get_object_or_404(Round.objects.select_related("cycle"), pk=pk)
    schedule = PresentationSchedule.objects.filter(round=round).first()
    initial = {} if schedule else _initial(round)
    form = ScheduleForm(request.POST or None, instance=schedule or PresentationSchedule(round=round), initial=initial)
    if request.method == "POST" and form.is_valid():
        schedule = form.save()
        plan = presentations.generate_schedule(schedule=schedule)
        messages.success(
            request,
            ngettext("%(count)s presentation scheduled.", "%(count)s presentations scheduled.", len(plan.slots))
            % {"count": len(plan.slots)},
        )
        if plan.unplaced:
            messages.warning(request, _shortfall_message(plan))
        return redirect("judging:staff_schedule", pk=round.pk)
    slots = list(presentations_between_for_schedule(schedule)) if schedule else []
    rooms, grid = _grid(slots)
    unsent = sum(slot.sent_sequence != slot.sequence for slot in slots)
    context = {
        "round": round,
        "schedule": schedule,
        "form": form,
        "rooms": rooms,
        "grid": grid,
        "slots": slots,
        "unsent": unsent,
    }
    return render(request, "judging/staff/schedule.html", context)


def _initial(round) -> dict:
    """A new schedule starts from the cycle's published presentation window, lunch kept free."""
    milestone = round.cycle.milestones.filter(kind=MilestoneKind.PRESENTATIONS).first()
    if milestone is None:
        return {"breaks": "12:00-13:00"}
    start = timezone.localtime(milestone.starts_at)
    end = timezone.localtime(milestone.ends_at) if milestone.ends_at else start + timedelta(hours=5)
    return {"day": start.date(), "starts": start.time(), "ends": end.time(), "breaks": "12:00-13:00"}


def _shortfall_message(plan) -> str:
    by_id = {}
    for item in plan.unplaced:
        by_id.setdefault(REASONS[item.reason], []).append(item.finalist_id)
    references = dict(
        Application.objects.filter(pk__in=[u.finalist_id for u in plan.unplaced]).values_list("pk", "reference")
    )
    parts = [f"{', '.join(references[i] or str(i) for i in ids)}: {reason}" for reason, ids in by_id.items()]
    counted = ngettext(
        "%(count)s finalist does not fit (%(details)s).",
        "%(count)s finalists do not fit (%(details)s).",
        len(plan.unplaced),
    ) % {"count": len(plan.unplaced), "details": "; ".join(parts)}
    advice = _(
        "Lengthen the window, shorten the slots or the changeover, add a room, or change a room's judges, "
        "then generate again."
    )
    return f"{counted} {advice}"


@staff_required
def send_notices(request, pk):
    schedule = get_object_or_404(PresentationSchedule, round_id=pk)
    if request.method != "POST":
        return redirect("judging:staff_schedule", pk=pk)
    sent = presentations.send_notices(schedule=schedule)
    messages.success(
        request,
        ngettext(
            "The times of %(count)s presentation were sent.", "The times of %(count)s presentations were sent.", sent
        )
        % {"count": sent},
    )
    return redirect("judging:staff_schedule", pk=pk)


@staff_required
def move_slot(request, pk):
    slot = get_object_or_404(PresentationSlot.objects.select_related("room", "application", "schedule__round"), pk=pk)
    form = MoveSlotForm(request.POST or None, slot=slot)
    if request.method == "POST" and form.is_valid():
        try:
            presentations.move_slot(
                slot=slot,
                room=form.cleaned_data["room"],
                starts_at=form.starts_at,
                video_url=form.cleaned_data["video_url"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request, _("The presentation was moved; if its time had been sent, the update has gone out.")
            )
            return redirect("judging:staff_schedule", pk=slot.schedule.round_id)
    return render(request, "judging/staff/move_slot.html", {"slot": slot, "form": form})
