"""The public results of a cycle: the announcement (winners as cards, the other finalists, how the
result was decided), each decision's SHA-256 and canonical JSON, its Open Graph picture and the
winners' published cover images. Public from the announcement milestone on; before that only the
chair and staff see them."""

from urllib.parse import urlencode

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db.models import Q
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import get_language
from django.views.decorators.http import require_safe

from awards.models import Cycle
from core.og_image import og_png
from core.pagecache import public_page
from core.storage import serves_files
from submissions.enums import FINALIST_STATUSES
from submissions.models import Application
from submissions.views.consent import published_cover

from ..announcement import announcement
from ..results import announced, cycle_corrections, cycle_decisions, og_image_name, results_visible


def _visible_cycle(request, slug: str) -> Cycle:
    cycle = get_object_or_404(Cycle.objects.prefetch_related("milestones"), slug=slug, is_published=True)
    if not results_visible(cycle, request.user):
        raise Http404
    return cycle


def _absolute(path: str) -> str:
    """An address for other sites (share links, og:image): from SITE_URL, never from the request's
    Host header, which a visitor controls."""
    return settings.SITE_URL + path


def share_links(url: str, text: str) -> dict[str, str]:
    """Plain links to each site's own share page: nothing is loaded from those sites here."""
    return {
        "line": "https://social-plugins.line.me/lineit/share?" + urlencode({"url": url}),
        "facebook": "https://www.facebook.com/sharer/sharer.php?" + urlencode({"u": url}),
        "x": "https://x.com/intent/post?" + urlencode({"url": url, "text": text}),
    }


def _share(cycle: Cycle, decision) -> dict:
    url = _absolute(reverse("results:decision", args=[cycle.slug, decision.pk]))
    title = decision.application.title_en if get_language() == "en" and decision.application.title_en else ""
    text = f"{decision.prize.name}: {title or decision.application.title_th}"
    return {"url": url, "links": share_links(url, text), "text": text}


@require_safe
@public_page(edition="slug")
def results(request, slug, pk=None):
    """The announcement; with ``pk`` the same page, shared for one result (its Open Graph tags)."""
    cycle = _visible_cycle(request, slug)
    page = announcement(cycle)
    corrections: dict[int, list] = {}
    for withdrawn in cycle_corrections(cycle):
        corrections.setdefault(withdrawn.prize_id, []).append(withdrawn)
    for decision in page.decisions:
        decision.share = _share(cycle, decision)
        decision.corrections = corrections.pop(decision.prize_id, [])
    featured = next((d for d in page.decisions if d.pk == pk), None) if pk is not None else None
    if pk is not None and featured is None:
        raise Http404
    featured = featured or (page.decisions[0] if page.decisions else None)
    context = {
        "cycle": cycle,
        "page": page,
        "decisions": page.decisions,
        "announced": announced(cycle),
        # Awards whose decision was withdrawn and not finalised again yet.
        "pending_corrections": [withdrawn for rows in corrections.values() for withdrawn in rows],
        "featured": featured,
        "page_url": _absolute(request.path),
        "og_image": _absolute(reverse("results:og_image", args=[cycle.slug, featured.pk])) if featured else "",
    }
    return render(request, "judging/results.html", context)


def decision_json(request, slug, pk):
    cycle = _visible_cycle(request, slug)
    decision = get_object_or_404(cycle_decisions(cycle), pk=pk)
    response = HttpResponse(decision.data.encode("utf-8"), content_type="application/json")
    response["Content-Disposition"] = f'attachment; filename="{cycle.slug}-decision-{decision.pk}.json"'
    return response


@require_safe
@serves_files
def og_image(request, slug, pk):
    """The result's Open Graph picture (1200 × 630 PNG): the award, the project, the edition."""
    cycle = _visible_cycle(request, slug)
    decision = get_object_or_404(cycle_decisions(cycle), pk=pk)
    name = og_image_name(decision.sha256, get_language())
    if not default_storage.exists(name):
        application = decision.application
        title = application.title_en if get_language() == "en" and application.title_en else application.title_th
        heading = decision.prize.name
        if decision.prize.category:
            heading = f"{heading} · {decision.prize.category.name}"
        picture = og_png(heading=heading, title=title, footer=cycle.name)
        # Two first requests at once may both draw it; the storage keeps one name or the other.
        name = default_storage.save(name, ContentFile(picture))
    response = FileResponse(default_storage.open(name, "rb"), content_type="image/png")
    response["Cache-Control"] = "public, max-age=86400"
    return response


@require_safe
@serves_files
def cover(request, slug, pk):
    """A winner's or finalist's cover image, only when the organisation agreed to publish it."""
    cycle = _visible_cycle(request, slug)
    shown = Q(status__in=FINALIST_STATUSES) | Q(decisions__isnull=False)  # a finalist or a winner
    application = get_object_or_404(Application.objects.filter(shown, cycle=cycle).distinct(), pk=pk)
    return published_cover(application)
