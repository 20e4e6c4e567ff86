"""The conflict gate, the scoring page with its autosave endpoint, and the application's files.

Every view first looks the assignment up through ``assignment_for`` (404 for anyone else, for a
recused judge, and, except at the gate, before the conflict answer), then calls one service per write:
the scoring page and its autosave both save through ``save_scorecard``.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from awards.models import Criterion
from core.formats import points as points_text
from core.storage import serves_files
from submissions.evidence import wants_inline
from submissions.views.attachments import attachment_response

from ..enums import ConflictAnswer, ScorecardStatus
from ..forms import ConflictForm, OverallCommentForm, ScoreForm
from ..models import Scorecard
from ..reading import ApplicationReading, readable_attachment, reading
from ..rules import assignment_for, declaration_missing
from ..selectors import ScorecardSheet, scorecard_sheet
from ..services import scoring
from .decorators import judge_required


@judge_required
def assignment(request, pk):
    assignment = assignment_for(request.user, pk)
    if response := _declaration_redirect(request, assignment):
        return response
    if assignment.conflict_answer == ConflictAnswer.NO_CONFLICT:
        return redirect("judging:score", pk=assignment.pk)
    form = ConflictForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        recuse = form.cleaned_data["answer"] == ConflictForm.RECUSE
        try:
            scoring.answer_conflict(
                assignment=assignment, by=request.user, recuse=recuse, reason=form.cleaned_data["recusal_reason"]
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            if not recuse:
                return redirect("judging:score", pk=assignment.pk)
            messages.info(request, _("You recused yourself from this application; staff will assign another judge."))
            return redirect("judging:dashboard")
    # In a blind round the gate names neither the organisation nor its partners: the judge's declaration
    # of interests has been checked against them (assignment_for), and the judge recuses on what is shown.
    blind = assignment.round.blind
    partners = [] if blind else assignment.application.partners.select_related("province")
    context = {"assignment": assignment, "form": form, "partners": partners, "blind": blind}
    return render(request, "judging/assignment.html", context)


def _declaration_redirect(request, assignment):
    """A redirect to the declaration of interests when the judge has not made it for this cycle yet."""
    if not declaration_missing(request.user, assignment):
        return None
    messages.info(request, _("Declare your interests for this award first; then you can open its applications."))
    return redirect("judging:declaration", cycle_slug=assignment.round.cycle.slug)


def _score_forms(sheet: ScorecardSheet, data=None) -> dict[int, ScoreForm]:
    """criterion id → its score form, filled with what the judge saved (or, posted, typed)."""
    forms = {}
    for block in sheet.blocks:
        for line in block.lines:
            initial = {"points": points_text(line.points), "comment": line.comment} if line.points is not None else {}
            forms[line.criterion.pk] = ScoreForm(data, initial=initial, criterion=line.criterion, step=sheet.step)
    return forms


def _editable(assignment, scorecard: Scorecard | None) -> bool:
    return assignment.round.is_open() and (scorecard is None or scorecard.status == ScorecardStatus.DRAFT)


def _save(request, assignment, forms: dict[int, ScoreForm], overall, *, submit: bool) -> None:
    """One service saves every scored criterion and the overall comment, and submits if asked; its
    refusals are put beside their criterion (or at the top) and raised again, so that the page is
    shown again as typed."""
    by_key = {scoring.score_key(pk): form for pk, form in forms.items()}
    try:
        scoring.save_scorecard(
            assignment=assignment,
            steps={pk: form.steps for pk, form in forms.items()},
            comments={pk: form.cleaned_data["comment"] for pk, form in forms.items()},
            overall_comment=overall.cleaned_data["comment"],
            submit=submit,
            by=request.user,
        )
    except ValidationError as error:
        if not hasattr(error, "error_dict"):
            raise
        for key, errors in error.error_dict.items():
            by_key[key].add_error("points", errors)
        raise ValidationError(_("Some scores were not saved; see the messages beside them.")) from error


@judge_required
def score(request, pk):
    assignment = assignment_for(request.user, pk, answered=True)
    if response := _declaration_redirect(request, assignment):
        return response
    read = reading(assignment.application, round=assignment.round)
    sheet = scorecard_sheet(assignment=assignment, readings=read)
    editable = _editable(assignment, sheet.scorecard)
    posted = request.POST if request.method == "POST" and editable else None
    forms = _score_forms(sheet, posted)
    overall = OverallCommentForm(posted, prefix="overall", initial={"comment": sheet.comment})
    problems = []
    if request.method == "POST" and not editable:
        problems = [_("This scorecard can no longer be changed.")]
    if posted is not None:
        # Every form is validated (a list, not a short-circuit) so each shows its own message.
        if all([form.is_valid() for form in forms.values()] + [overall.is_valid()]):
            # "submit" saves the draft and asks for confirmation; "confirm_submit" (from there) submits.
            submitted = "confirm_submit" in request.POST
            try:
                _save(request, assignment, forms, overall, submit=submitted)
                if "submit" in request.POST:
                    scoring.refuse_unless_complete(scoring.scorecard_for(assignment=assignment))
            except ValidationError as error:
                problems = error.messages
                # A submission refused for unscored criteria keeps the draft it saved: show its totals.
                sheet = scorecard_sheet(assignment=assignment, readings=read)
            else:
                if "submit" in request.POST:
                    return _render_confirmation(request, assignment)
                messages.success(request, _("Your scorecard was submitted.") if submitted else _("Scores saved."))
                return redirect("judging:score", pk=assignment.pk)
        else:
            problems = [_("Some scores could not be saved; see the messages beside them.")]
    return _render_score(request, assignment, sheet, read, forms, overall, editable, problems)


def _render_confirmation(request, assignment):
    """The submission's confirmation step: the total and the criteria left at zero, with every typed
    value repeated in hidden fields (the draft is saved too, so going back loses nothing)."""
    sheet = scorecard_sheet(assignment=assignment)
    lines = [line for block in sheet.blocks for line in block.lines]
    hidden = [
        (name, value)
        for name, values in request.POST.lists()
        if name not in ("csrfmiddlewaretoken", "submit", "save", "confirm_submit")
        for value in values
    ]
    context = {
        "assignment": assignment,
        "application": assignment.application,
        "total": sheet.totals.total,
        "total_points": points_text(sheet.total_points),
        "zeros": [line for line in lines if line.points == 0],
        "hidden": hidden,
    }
    return render(request, "judging/score_confirm.html", context)


def _render_score(
    request, assignment, sheet: ScorecardSheet, read: ApplicationReading, forms, overall, editable, problems
):
    context = {
        "assignment": assignment,
        "application": assignment.application,
        "reading": read,
        "scorecard": sheet.scorecard,
        # Each dimension with its criteria's lines, each line with its form (templates cannot look
        # a form up by criterion).
        "blocks": [(block, [(line, forms[line.criterion.pk]) for line in block.lines]) for block in sheet.blocks],
        "overall": overall,
        "totals": sheet.totals,
        "total_points": points_text(sheet.total_points),
        "step": points_text(sheet.step),
        "editable": editable,
        "problems": problems,
        "evidence": read.evidence_for(assignment),
        "submitted_pdf_url": reverse("judging:application_pdf", args=[assignment.pk]),
    }
    return render(request, "judging/score.html", context)


@judge_required
def save_score(request, pk, criterion_pk):
    """The autosave of one criterion (htmx): its status, and the server's totals as out-of-band swaps."""
    assignment = assignment_for(request.user, pk, answered=True)
    criterion = get_object_or_404(Criterion, pk=criterion_pk, dimension__rubric_id=assignment.round.rubric_id)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    if response := _declaration_redirect(request, assignment):
        return response
    form, saved = ScoreForm(request.POST, criterion=criterion, step=assignment.round.rubric.score_step), False
    if form.is_valid() and form.steps is not None:
        try:
            scoring.save_scorecard(
                assignment=assignment,
                steps={criterion.pk: form.steps},
                comments={criterion.pk: form.cleaned_data["comment"]},
                by=request.user,
            )
        except ValidationError as error:
            # A refusal of the score itself comes keyed by the criterion; the scorecard's as is.
            errors = getattr(error, "error_dict", {}).get(scoring.score_key(criterion.pk), error)
            form.add_error("points", errors)
        else:
            saved = True
    if not request.headers.get("HX-Request"):
        return redirect("judging:score", pk=assignment.pk)
    sheet = scorecard_sheet(assignment=assignment)
    line = sheet.line(criterion.pk)
    context = {"criterion": criterion, "form": form, "saved_at": line.saved_at if saved else None, "oob": True}
    context["totals"] = sheet.totals
    return render(request, "judging/_score_status.html", context)


@judge_required
@serves_files
def attachment(request, pk, attachment_pk):
    assignment = assignment_for(request.user, pk, answered=True)
    # Only a file the judge may read: a general attachment or one answering a question they read
    # (in a blind round, never an identifying one).
    file = readable_attachment(assignment.application, round=assignment.round, attachment_pk=attachment_pk)
    if file is None:
        raise Http404
    if request.method not in ("GET", "HEAD"):
        return HttpResponseNotAllowed(["GET", "HEAD"])
    return attachment_response(file, inline=wants_inline(request))
