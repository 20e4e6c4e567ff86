"""The judge's dashboard and declaration of interests."""

from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from awards.models import Cycle

from ..forms import DeclarationForm
from ..models import Declaration, Round
from ..selectors import DASHBOARD_GROUPS, dashboard_groups
from ..services.declarations import declare_interests
from .decorators import judge_required


def _rounds_of(user):
    return Round.objects.filter(Q(panels__judges=user) | Q(assignments__judge=user))


def _page_number(value: str | None) -> int:
    return int(value) if value and value.isascii() and value.isdigit() and len(value) < 7 else 1


def _page_query(pages: dict[str, int], name: str, number: int | None) -> str | None:
    """The query string of the dashboard with group ``name`` at page ``number``, the others kept."""
    if number is None:
        return None
    wanted = {**pages, name: number}
    return "?" + urlencode({key: value for key, value in wanted.items() if value > 1})


@judge_required
def dashboard(request):
    now = timezone.now()
    pages = {name: _page_number(request.GET.get(name)) for name in DASHBOARD_GROUPS}
    groups = dashboard_groups(request.user, now, pages)
    current = _rounds_of(request.user).filter(closes_at__gte=now).values("cycle_id")
    declared = Declaration.objects.filter(judge=request.user).values("cycle_id")
    to_declare = Cycle.objects.filter(pk__in=current).exclude(pk__in=declared).order_by("-year", "slug")
    pages = {name: group.number for name, group in groups.items()}
    paging = {
        name: {"previous": _page_query(pages, name, group.previous), "next": _page_query(pages, name, group.next)}
        for name, group in groups.items()
    }
    context = {name: group.assignments for name, group in groups.items()}
    return render(
        request,
        "judging/dashboard.html",
        {"nav": "judging", "to_declare": list(to_declare), "groups": groups, "paging": paging, **context},
    )


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
