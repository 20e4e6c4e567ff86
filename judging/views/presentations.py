"""The presentations as people see them: a judge's day, a finalist's slot (under /my/), and the
staff's whole grid (printable). Anyone else gets 404."""

from itertools import groupby

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone

from submissions.selectors import membership_of

from ..models import Assignment
from ..selectors import slots_of_judge, slots_of_organisation
from .decorators import judge_required


def _by_day(slots):
    return [(day, list(items)) for day, items in groupby(slots, key=lambda slot: timezone.localdate(slot.starts_at))]


@judge_required
def agenda(request):
    """The presentations this judge hears, by day, each with the room's link and the application's
    page (the judge's assignment in that round) one click away."""
    slots = list(slots_of_judge(request.user))
    assignments = dict(
        Assignment.objects.filter(
            judge=request.user, round_id__in={slot.schedule.round_id for slot in slots}
        ).values_list("application_id", "pk")
    )
    for slot in slots:
        slot.assignment_pk = assignments.get(slot.application_id)
    return render(request, "judging/agenda.html", {"nav": "agenda", "days": _by_day(slots)})


@login_required
def my_presentation(request):
    """A finalist's presentations: when, where, how to join. 404 for anyone without one."""
    membership = membership_of(request.user)
    slots = list(slots_of_organisation(membership.organisation_id)) if membership else []
    if not slots:
        raise Http404
    return render(request, "judging/my_presentation.html", {"slots": slots})
