"""The staff dashboard (inside admin) and the local-government report (staff and province viewers).

Who may read which province is decided by submissions.rules (``submissions.view_province_report``);
a province the person may not read answers 404, as if it did not exist.
"""

from django.contrib import admin
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from accounts.admin_tools import SafeCSV, SafeXLSX
from accounts.audit import record_event
from accounts.rules import is_staff_member
from awards.enums import Phase
from awards.models import Cycle
from awards.selectors import current_cycle, current_phase
from submissions.models import Province, ProvinceViewerScope
from submissions.resources import LocalGovernmentResource
from submissions.selectors import thai_order

from .panels import dashboard as dashboard_panels
from .reports import local_government_applications, local_government_report

EXPORT_FORMATS = {
    "csv": ("text/csv; charset=utf-8", lambda dataset: SafeCSV().export_data(dataset).encode("utf-8")),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", SafeXLSX().export_data),
}


def _chosen_cycle(request, cycles) -> Cycle | None:
    """The edition asked for (``?cycle=<slug>``), else the current one, else the newest."""
    wanted = request.GET.get("cycle")
    if wanted:
        for cycle in cycles:
            if cycle.slug == wanted:
                return cycle
        raise Http404
    current = current_cycle()
    return next((c for c in cycles if current and c.pk == current.pk), cycles[0] if cycles else None)


def dashboard(request):
    """The staff dashboard for one edition (a switcher picks another); reached through admin_view."""
    cycles = list(Cycle.objects.prefetch_related("milestones").order_by("-year", "slug"))
    cycle = _chosen_cycle(request, cycles)
    context = {
        **admin.site.each_context(request),
        "title": _("Dashboard"),
        "cycles": cycles,
        "cycle": cycle,
        "panels": dashboard_panels(cycle) if cycle else [],
        "votes_elsewhere": _votes_elsewhere(cycles, cycle),
    }
    return render(request, "admin/backoffice/dashboard.html", context)


def _votes_elsewhere(cycles, cycle) -> list[Cycle]:
    """The other published editions whose page invites the public to vote now (their voting phase,
    the rule the public pages follow), so that staff looking at the live edition see them too."""
    return [
        other
        for other in cycles
        if other.is_published and (cycle is None or other.pk != cycle.pk) and current_phase(other) == Phase.VOTING
    ]


@login_required
def local_governments(request, code: str | None = None, fmt: str | None = None):
    """Staff: every province (``?province=<code>`` narrows it). A province viewer: their own
    province only (the list sends them there). Anyone else: 404."""
    province = get_object_or_404(Province, code=code) if code else None
    if province is None and not is_staff_member(request.user):
        scope = ProvinceViewerScope.objects.filter(user=request.user).select_related("province").first()
        if scope is None:
            if request.user.has_perm("submissions.view_dla_report"):
                return render(request, "backoffice/no_province.html", status=403)
            raise Http404
        return redirect("backoffice:local_governments_province", code=scope.province.code)
    if province is not None and not request.user.has_perm("submissions.view_province_report", province):
        raise Http404
    if province is None and request.GET.get("province"):
        url = reverse("backoffice:local_governments_province", args=[request.GET["province"]])
        return redirect(url + (f"?{urlencode({'cycle': request.GET['cycle']})}" if request.GET.get("cycle") else ""))
    staff = is_staff_member(request.user)
    # Staff also read editions not yet published (the dashboard links here for any edition).
    cycles = list((Cycle.objects.all() if staff else Cycle.objects.filter(is_published=True)).order_by("-year", "slug"))
    cycle = _chosen_cycle(request, cycles)
    if cycle is None:
        raise Http404
    if fmt is not None:
        return _download(request, cycle=cycle, province=province, fmt=fmt)
    context = {
        "report": local_government_report(cycle=cycle, province=province),
        "cycles": cycles,
        "cycle": cycle,
        "provinces": Province.objects.order_by(thai_order("name_th")) if staff else [],
    }
    return render(request, "backoffice/local_governments.html", context)


def _download(request, *, cycle, province, fmt: str) -> HttpResponse:
    if fmt not in EXPORT_FORMATS:
        raise Http404
    content_type, render_file = EXPORT_FORMATS[fmt]
    dataset = LocalGovernmentResource().export(queryset=local_government_applications(cycle=cycle, province=province))
    record_event(
        actor=request.user,
        action="export.local_governments",
        target=province,
        detail={"cycle": cycle.slug, "format": fmt, "rows": len(dataset)},
        request=request,
    )
    response = HttpResponse(render_file(dataset), content_type=content_type)
    name = f"local-governments-{cycle.slug}{'-' + province.code if province else ''}.{fmt}"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
