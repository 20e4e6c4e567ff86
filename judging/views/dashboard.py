"""The judge's dashboard and declaration of interests."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from awards.models import Cycle

from ..enums import ConflictAnswer, ScorecardStatus
from ..forms import DeclarationForm
from ..models import Assignment, Declaration, Round
from ..services.declarations import declare_interests
from .decorators import judge_required


def _rounds_of(user):
    return Round.objects.filter(Q(panels__judges=user) | Q(assignments__judge=user))


def _open_assignments(user, now):
    return (
        Assignment.objects.filter(Round.open_at(now, via="round__"), judge=user)
        .exclude(conflict_answer=ConflictAnswer.RECUSED)
        .select_related("round__cycle", "application__category", "application__organisation", "scorecard")
        .order_by("round__closes_at", "application__category__position", "application__reference", "pk")
    )


def _group(assignment) -> str:
    if assignment.withdrawn:
        return "withdrawn"
    if assignment.conflict_answer == ConflictAnswer.PENDING:
        return "to_answer"
    scorecard = getattr(assignment, "scorecard", None)
    return "submitted" if scorecard and scorecard.status == ScorecardStatus.SUBMITTED else "in_progress"


@judge_required
def dashboard(request):
    now = timezone.now()
    groups = {"to_answer": [], "in_progress": [], "submitted": [], "withdrawn": []}
    for assignment in _open_assignments(request.user, now):
        groups[_group(assignment)].append(assignment)
    current = _rounds_of(request.user).filter(closes_at__gte=now).values("cycle_id")
    declared = Declaration.objects.filter(judge=request.user).values("cycle_id")
    to_declare = Cycle.objects.filter(pk__in=current).exclude(pk__in=declared).order_by("-year", "slug")
    return render(request, "judging/dashboard.html", {"nav": "judging", "to_declare": list(to_declare), **groups})


@judge_required
def declaration(request, cycle_slug):
    cycle = get_object_or_404(Cycle, slug=cycle_slug)
    if not _rounds_of(request.user).filter(cycle=cycle).exists():
        raise Http404
    existing = Declaration.objects.filter(judge=request.user, cycle=cycle).prefetch_related("provinces").first()
    initial = {"organisations": existing.organisations, "provinces": list(existing.provinces.all())} if existing else {}
    form = DeclarationForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            declare_interests(judge=request.user, cycle=cycle, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Your declaration of interests was saved."))
            return redirect("judging:dashboard")
    return render(
        request, "judging/declaration.html", {"nav": "judging", "cycle": cycle, "form": form, "existing": existing}
    )
