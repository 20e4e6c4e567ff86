from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from core.pagecache import public_page

from . import selectors
from .enums import MilestoneKind, Phase, PrizeKind


@require_safe
@public_page()
def home(request):
    cycle = selectors.current_cycle()
    earlier = selectors.public_cycles().filter(is_archived=True).order_by("-year")
    context = {"cycle": cycle, "earlier_cycles": earlier, "Phase": Phase}
    if cycle is not None:
        context["categories"] = list(cycle.categories.order_by("position", "id"))
        context["phase"] = selectors.current_phase(cycle)
        context["timeline"] = selectors.timeline(cycle)
        context["deadline"] = selectors.milestone_of(cycle, MilestoneKind.SUBMISSION_DEADLINE)
    return render(request, "awards/home.html", context)


@require_safe
@public_page(edition="slug")
def cycle_detail(request, slug):
    cycle = get_object_or_404(selectors.public_cycles(), slug=slug)
    rubric = selectors.current_rubric(cycle)
    table = selectors.rubric_table(rubric) if rubric else None
    prizes = list(cycle.prizes.select_related("category").order_by("position", "id"))
    phase = selectors.current_phase(cycle)
    context = {
        "cycle": cycle,
        "phase": phase,
        # Whether any winner was recorded (judging's decisions, reached through the prizes' reverse
        # relation, so that the competition never imports judging): without one, no results link.
        "has_results": phase == Phase.RESULTS and cycle.prizes.filter(decisions__isnull=False).exists(),
        "Phase": Phase,
        "categories": list(cycle.categories.order_by("position", "id")),
        "category_prizes": [p for p in prizes if p.kind == PrizeKind.CATEGORY],
        "other_prizes": [p for p in prizes if p.kind != PrizeKind.CATEGORY],
        "reward": next((p.reward for p in prizes if p.reward), ""),
        "timeline": selectors.timeline(cycle),
        "rubric_table": table,
        "eligibility_rules": selectors.eligibility_rules(cycle),
        "show_staff_warnings": request.user.is_authenticated and request.user.is_staff,
    }
    return render(request, "awards/cycle_detail.html", context)
