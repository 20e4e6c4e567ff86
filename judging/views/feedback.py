"""Feedback to applicants: the chair's screen that releases the judges' comments of one category in
one round (/judging/feedback/<round>/<category>/), and the applicant's feedback under /my/feedback/
(the list with when feedback comes, and the PDF from the feedback milestone on). Anyone else gets 404.
"""

from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from accounts.rules import is_chair
from awards.models import Category
from core.storage import serves_files
from submissions.enums import ENTERED_STATUSES
from submissions.models import Application
from submissions.selectors import membership_of

from ..feedback import counted_scorecards, feedback_open, feedback_opens_at, releasable_comments
from ..models import FeedbackDocument, Round
from ..services.feedback import release_comments


def chair_required(view):
    """Logged in (else the log-in page) and the committee chair (else 404)."""

    @login_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not is_chair(request.user):
            raise Http404
        return view(request, *args, **kwargs)

    return wrapper


@chair_required
def approval(request, round_pk, code):
    """Every comment of the category's judges in the round, and each summary, with a box to release
    it; saving releases the ticked ones (the text shown) and withdraws the others."""
    round = get_object_or_404(Round.objects.select_related("cycle", "rubric"), pk=round_pk)
    category = get_object_or_404(Category, cycle_id=round.cycle_id, code=code)
    if request.method == "POST":
        count = release_comments(
            round=round, category=category, keys=set(request.POST.getlist("release")), by=request.user, request=request
        )
        messages.success(request, _("Saved: %(count)s comments released to applicants.") % {"count": count})
        return redirect("judging:feedback_approval", round_pk=round.pk, code=category.code)
    items = releasable_comments(round, category)
    groups = {}
    for item in items:
        groups.setdefault(item.application.pk, (item.application, []))[1].append(item)
    context = {
        "nav": "rankings",
        "round": round,
        "category": category,
        "groups": list(groups.values()),
        "opens_at": feedback_opens_at(round.cycle),
    }
    return render(request, "judging/feedback/approval.html", context)


def _organisation_id(request) -> int:
    membership = membership_of(request.user)
    if membership is None:
        raise Http404
    return membership.organisation_id


@require_safe
@login_required
def my_feedback(request):
    """The organisation's applications, each with its feedback: when it comes, or the PDF."""
    organisation_id = _organisation_id(request)
    applications = list(
        Application.objects.filter(organisation_id=organisation_id, status__in=ENTERED_STATUSES)
        .select_related("cycle", "category")
        .prefetch_related("cycle__milestones")
        .order_by("-cycle__year", "reference")
    )
    ids = [a.pk for a in applications]
    judged = set(
        counted_scorecards()
        .filter(assignment__application_id__in=ids)
        .values_list("assignment__application_id", flat=True)
    )
    ready = set(
        FeedbackDocument.objects.filter(
            application_id__in=ids, language=get_language()[:2], rendered_at__isnull=False
        ).values_list("application_id", flat=True)
    )
    now = timezone.now()
    rows = [
        {
            "application": a,
            "opens_at": feedback_opens_at(a.cycle),
            "open": feedback_open(a.cycle, now),
            "judged": a.pk in judged,
            "ready": a.pk in ready,
        }
        for a in applications
    ]
    return render(request, "judging/feedback/mine.html", {"rows": rows, "nav": "feedback"})


@require_safe
@login_required
@serves_files
def my_feedback_pdf(request, pk):
    """The feedback PDF in the reader's language: only for the application's organisation, only from
    the feedback milestone on, and only once rendered (never an older rendering being replaced)."""
    application = get_object_or_404(
        Application.objects.select_related("cycle").prefetch_related("cycle__milestones"),
        pk=pk,
        organisation_id=_organisation_id(request),
    )
    if not feedback_open(application.cycle):
        raise Http404
    document = get_object_or_404(
        FeedbackDocument, application=application, language=get_language()[:2], rendered_at__isnull=False
    )
    reference = application.reference or str(application.pk)
    response = FileResponse(
        document.file.open("rb"),
        as_attachment=True,
        filename=f"feedback-{reference}-{document.language}.pdf",
        content_type="application/pdf",
    )
    response["X-Content-Type-Options"] = "nosniff"
    patch_cache_control(response, private=True, no_store=True)
    return response
