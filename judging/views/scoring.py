"""The conflict gate, the scoring page with its autosave endpoint, and the application's files.

Every view first looks the assignment up through ``assignment_for`` (404 for anyone else, for a
recused judge, and, except at the gate, before the conflict answer), then calls one service per write.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from awards.models import Criterion, Dimension, Section
from awards.selectors import rubric_table
from core.formats import points as points_text
from submissions.views.attachments import attachment_response

from ..enums import ConflictAnswer, ScorecardStatus
from ..forms import ConflictForm, OverallCommentForm, ScoreForm
from ..models import Scorecard
from ..services import scoring
from ..totals import DimensionRule, Totals, totals
from .access import assignment_for, declaration_missing, judge_required


@judge_required
def assignment(request, pk):
    assignment = assignment_for(request.user, pk)
    if response := declaration_missing(request, assignment):
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
    partners = assignment.application.partners.select_related("province")
    return render(request, "judging/assignment.html", {"assignment": assignment, "form": form, "partners": partners})


@dataclass
class CriterionRow:
    criterion: Criterion
    maximum: str
    form: ScoreForm
    readings: list[tuple[Section, object]]  # the sections this criterion reads, each with the answer


@dataclass
class DimensionBlock:
    dimension: Dimension
    subtotal: Decimal
    rows: list[CriterionRow]


def _scorecard_of(assignment) -> Scorecard | None:
    return Scorecard.objects.filter(assignment=assignment).first()


def _scores_of(scorecard: Scorecard | None) -> dict:
    return {score.criterion_id: score for score in scorecard.scores.all()} if scorecard else {}


def _rubric_rows(assignment):
    """The rubric's dimensions that have criteria, in order (two queries)."""
    return [row for row in rubric_table(assignment.round.rubric).rows if row.criteria]


def _totals(rows, scores: dict, step) -> Totals:
    rules = [
        DimensionRule(
            id=row.dimension.pk, points=row.dimension.points, criteria_max={c.pk: c.max_points for c in row.criteria}
        )
        for row in rows
    ]
    return totals(dimensions=rules, steps={pk: score.steps for pk, score in scores.items()}, step=step)


def _readings(assignment) -> dict[int, list]:
    """criterion id → [(section, answer or None)], from two queries whatever the number of criteria."""
    links = (
        Section.criteria.through.objects.filter(criterion__dimension__rubric_id=assignment.round.rubric_id)
        .select_related("section")
        .order_by("section__position")
    )
    answers = {answer.section_id: answer for answer in assignment.application.answers.all()}
    readings: dict[int, list] = {}
    for link in links:
        readings.setdefault(link.criterion_id, []).append((link.section, answers.get(link.section_id)))
    return readings


def _score_forms(rows, scores: dict, step, data=None) -> list[ScoreForm]:
    forms = []
    for row in rows:
        for criterion in row.criteria:
            score = scores.get(criterion.pk)
            initial = {"points": points_text(score.steps * step), "comment": score.comment} if score else {}
            forms.append(ScoreForm(data, initial=initial, criterion=criterion, step=step))
    return forms


def _editable(assignment, scorecard: Scorecard | None) -> bool:
    round_ = assignment.round
    is_open = round_.opens_at <= timezone.now() <= round_.closes_at
    return is_open and (scorecard is None or scorecard.status == ScorecardStatus.DRAFT)


def _save_all(request, assignment, forms, overall) -> None:
    """Save every scored criterion and the overall comment, then submit if asked; a refusal is put
    beside its criterion (or at the top) and raised so that the page is shown again as typed."""
    scorecard = scoring.scorecard_for(assignment=assignment)
    failed = False
    for form in forms:
        if form.steps is None:
            continue
        try:
            scoring.record_score(
                scorecard=scorecard, criterion=form.criterion, steps=form.steps,
                comment=form.cleaned_data["comment"], by=request.user,
            )  # fmt: skip
        except ValidationError as error:
            form.add_error("points", error)
            failed = True
    scoring.record_overall_comment(scorecard=scorecard, comment=overall.cleaned_data["comment"], by=request.user)
    if failed:
        raise ValidationError(_("Some scores were not saved; see the messages beside them."))
    if "submit" in request.POST:
        scoring.submit_scorecard(scorecard=scorecard, by=request.user)


@judge_required
def score(request, pk):
    assignment = assignment_for(request.user, pk, answered=True)
    if response := declaration_missing(request, assignment):
        return response
    scorecard = _scorecard_of(assignment)
    editable = _editable(assignment, scorecard)
    rows, scores, step = _rubric_rows(assignment), _scores_of(scorecard), assignment.round.rubric.score_step
    posted = request.POST if request.method == "POST" and editable else None
    forms = _score_forms(rows, scores, step, posted)
    overall = OverallCommentForm(posted, prefix="overall", initial={"comment": scorecard.comment if scorecard else ""})
    problems = []
    if request.method == "POST" and not editable:
        problems = [_("This scorecard can no longer be changed.")]
    if posted is not None:
        # Every form is validated (a list, not a short-circuit) so each shows its own message.
        if all([form.is_valid() for form in forms] + [overall.is_valid()]):
            try:
                _save_all(request, assignment, forms, overall)
            except ValidationError as error:
                problems = error.messages
            else:
                submitted = "submit" in request.POST
                messages.success(request, _("Your scorecard was submitted.") if submitted else _("Scores saved."))
                return redirect("judging:score", pk=assignment.pk)
        else:
            problems = [_("Some scores could not be saved; see the messages beside them.")]
        scorecard = _scorecard_of(assignment)
        scores = _scores_of(scorecard)
    return _render_score(request, assignment, scorecard, rows, forms, overall, scores, step, editable, problems)


def _render_score(request, assignment, scorecard, rows, forms, overall, scores, step, editable, problems):
    by_criterion, readings = {form.criterion.pk: form for form in forms}, _readings(assignment)
    figures = _totals(rows, scores, step)
    blocks = [
        DimensionBlock(
            dimension=row.dimension,
            subtotal=figures.dimensions[row.dimension.pk],
            rows=[
                CriterionRow(c, points_text(c.max_points), by_criterion[c.pk], readings.get(c.pk, []))
                for c in row.criteria
            ],
        )
        for row in rows
    ]
    context = {
        "assignment": assignment,
        "application": assignment.application,
        "scorecard": scorecard,
        "blocks": blocks,
        "overall": overall,
        "totals": figures,
        "total_points": points_text(sum((row.dimension.points for row in rows), Decimal(0))),
        "step": points_text(step),
        "editable": editable,
        "problems": problems,
        "attachments": assignment.application.attachments.all(),
    }
    return render(request, "judging/score.html", context)


@judge_required
def save_score(request, pk, criterion_pk):
    """The autosave of one criterion (htmx): its status, and the server's totals as out-of-band swaps."""
    assignment = assignment_for(request.user, pk, answered=True)
    criterion = get_object_or_404(Criterion, pk=criterion_pk, dimension__rubric_id=assignment.round.rubric_id)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    if response := declaration_missing(request, assignment):
        return response
    step = assignment.round.rubric.score_step
    form, saved = ScoreForm(request.POST, criterion=criterion, step=step), None
    if form.is_valid() and form.steps is not None:
        try:
            scorecard = scoring.scorecard_for(assignment=assignment)
            saved = scoring.record_score(
                scorecard=scorecard, criterion=criterion, steps=form.steps,
                comment=form.cleaned_data["comment"], by=request.user,
            )  # fmt: skip
        except ValidationError as error:
            form.add_error("points", error)
    if not request.headers.get("HX-Request"):
        return redirect("judging:score", pk=assignment.pk)
    rows = _rubric_rows(assignment)
    context = {"criterion": criterion, "form": form, "saved": saved, "oob": True}
    context["totals"] = _totals(rows, _scores_of(_scorecard_of(assignment)), step)
    return render(request, "judging/_score_status.html", context)


@judge_required
def attachment(request, pk, attachment_pk):
    assignment = assignment_for(request.user, pk, answered=True)
    file = assignment.application.attachments.filter(pk=attachment_pk).first()
    if file is None:
        raise Http404
    if request.method not in ("GET", "HEAD"):
        return HttpResponseNotAllowed(["GET", "HEAD"])
    return attachment_response(file)
