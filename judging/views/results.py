"""The public results of a cycle: the winners, each decision's SHA-256 and its canonical JSON.
Public from the announcement milestone on; before that only the chair and staff see them."""

from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render

from awards.models import Cycle

from ..results import announced, cycle_decisions, results_visible


def _visible_cycle(request, slug: str) -> Cycle:
    cycle = get_object_or_404(Cycle.objects.prefetch_related("milestones"), slug=slug, is_published=True)
    if not results_visible(cycle, request.user):
        raise Http404
    return cycle


def results(request, slug):
    cycle = _visible_cycle(request, slug)
    context = {"cycle": cycle, "decisions": list(cycle_decisions(cycle)), "announced": announced(cycle)}
    return render(request, "judging/results.html", context)


def decision_json(request, slug, pk):
    cycle = _visible_cycle(request, slug)
    decision = get_object_or_404(cycle_decisions(cycle), pk=pk)
    response = HttpResponse(decision.data.encode("utf-8"), content_type="application/json")
    response["Content-Disposition"] = f'attachment; filename="{cycle.slug}-decision-{decision.pk}.json"'
    return response
