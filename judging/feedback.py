"""Reads of the feedback to applicants: what one application's feedback says, and what the chair
may release.

An application's feedback reports the last round in which it was judged (submitted scorecards that
count: neither recused nor withdrawn for a conflict, as in the ranking). Every figure is the mean
over those judges, computed by the rubric rule (``totals.py``): a criterion's mean in points, a
dimension's mean scaled by ``totals.step_value``, the total's exact mean rounded once. The
category's mean is the mean of the judged applications' exact means, left out when fewer than
``MIN_FOR_CATEGORY_MEAN`` applications of the category were judged (with fewer, an applicant could
work out another's score). The rank band says how far up the category the application stands
(ties share the better band); no other application's figure is ever part of the result.

The judges' comments are shown only as the chair released them (``ReleasedComment``, the text the
chair approved), each judge named by a letter ("Judge A") that is stable for the application: the
judges in the order of their assignments.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from fractions import Fraction

from django.db.models import Count, F, Sum
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy

from awards.enums import MilestoneKind
from awards.models import Category, Criterion, Cycle
from awards.selectors import milestone_of
from core.pdf import render_pdf
from submissions.enums import ENTERED_STATUSES
from submissions.models import Application

from .enums import AssignmentStatus, ConflictAnswer, ScorecardStatus
from .models import PanelSummary, ReleasedComment, Round, Score, Scorecard
from .totals import DimensionRule, mean, rounded, step_value, to_points

# Below this many judged applications in a category its mean is not shown.
MIN_FOR_CATEGORY_MEAN = 5

# (share of the category, label): the first band whose share the rank is within.
BANDS = (
    (10, pgettext_lazy("rank band", "Top 10 %")),
    (25, pgettext_lazy("rank band", "Top 25 %")),
    (50, pgettext_lazy("rank band", "Top 50 %")),
)
REST = pgettext_lazy("rank band", "The rest of the category")


def counted_scorecards():
    """The scorecards that count, as in the ranking: submitted, the assignment active (not withdrawn
    for a conflict that surfaced later) and not recused, of an application still in the competition."""
    return Scorecard.objects.filter(
        status=ScorecardStatus.SUBMITTED,
        assignment__status=AssignmentStatus.ACTIVE,
        assignment__application__status__in=ENTERED_STATUSES,
    ).exclude(assignment__conflict_answer=ConflictAnswer.RECUSED)


def feedback_opens_at(cycle: Cycle) -> datetime | None:
    milestone = milestone_of(cycle, MilestoneKind.FEEDBACK)
    return milestone.starts_at if milestone else None


def feedback_open(cycle: Cycle, at: datetime | None = None) -> bool:
    opens = feedback_opens_at(cycle)
    return opens is not None and opens <= (at or timezone.now())


def feedback_round(application: Application) -> Round | None:
    """The last round in which the application was judged (None if it never was)."""
    judged = counted_scorecards().filter(assignment__application=application).values("assignment__round_id")
    return Round.objects.filter(pk__in=judged).select_related("rubric", "cycle").order_by("-position").first()


def band_of(rank: int, judged: int) -> str:
    """The band of ``rank`` (1 is first) among ``judged`` applications: within the top 10 % of the
    category, 25 %, 50 %, or the rest."""
    for share, label in BANDS:
        if rank * 100 <= judged * share:
            return str(label)
    return str(REST)


@dataclass(frozen=True)
class Line:
    number: str  # "2" for a dimension, "2.1" for a criterion
    name: str
    score: Decimal
    maximum: Decimal
    comments: list[tuple[str, str]] = field(default_factory=list)  # (judge's letter, text)


@dataclass(frozen=True)
class Feedback:
    application: Application
    round: Round
    judges: int
    total: Decimal
    full_marks: Decimal
    dimensions: list[tuple[Line, list[Line]]]  # each dimension with its criteria
    category_mean: Decimal | None
    judged_in_category: int
    band: str
    overall_comments: list[tuple[str, str]]  # (judge's letter, text)
    summary: str | None


def _rubric(round: Round):
    """The round's dimensions, each as the rule's ``DimensionRule`` with its criteria; one query."""
    criteria = Criterion.objects.filter(dimension__rubric_id=round.rubric_id).select_related("dimension")
    grouped = defaultdict(list)
    for criterion in criteria.order_by("dimension__position", "position"):
        grouped[criterion.dimension].append(criterion)
    return [
        (DimensionRule(id=d.pk, points=d.points, criteria_max={c.pk: c.max_points for c in items}), d, items)
        for d, items in grouped.items()
    ]


def _category_sums(round: Round, category: Category) -> tuple[dict, dict]:
    """Per application of the category: the counted scorecards (how many) and each criterion's summed
    steps over them, aggregated in SQL (two queries whatever the number of applications)."""
    cards = counted_scorecards().filter(assignment__round=round, assignment__application__category=category)
    counts = cards.values(app=F("assignment__application_id")).annotate(n=Count("pk")).order_by()
    judges = {row["app"]: row["n"] for row in counts}
    steps: dict[int, dict[int, int]] = defaultdict(dict)
    rows = (
        Score.objects.filter(scorecard__in=cards)
        .values("criterion_id", app=F("scorecard__assignment__application_id"))
        .annotate(total=Sum("steps"))
        .order_by()
    )
    for row in rows:
        steps[row["app"]][row["criterion_id"]] = row["total"]
    return judges, steps


def _exact_mean(rules, steps: dict[int, int], judges: int, step: Decimal) -> Fraction:
    return (
        sum(
            (sum((steps.get(c, 0) for c in rule.criteria_max), 0) * step_value(rule, step) for rule, _d, _c in rules),
            Fraction(0),
        )
        / judges
    )


def _letters(round: Round, application: Application) -> dict[int, str]:
    """Each counted scorecard's judge letter, in the order of the assignments: A, B, C, ..."""
    ids = (
        counted_scorecards()
        .filter(assignment__round=round, assignment__application=application)
        .order_by("assignment_id")
        .values_list("pk", flat=True)
    )
    return {pk: _("Judge %(letter)s") % {"letter": chr(ord("A") + index)} for index, pk in enumerate(ids)}


def _released(round: Round, application: Application, letters: dict[int, str]):
    """The released comments by criterion (None: overall), each with its judge's letter, and the
    released summary; a comment of a scorecard that no longer counts is left out."""
    by_criterion, summary = defaultdict(list), None
    released = ReleasedComment.objects.filter(round=round, application=application).order_by("scorecard__assignment_id")
    for comment in released:
        if comment.scorecard_id is None:
            summary = comment.text
        elif comment.scorecard_id in letters:
            by_criterion[comment.criterion_id].append((letters[comment.scorecard_id], comment.text))
    return by_criterion, summary


def application_feedback(application: Application) -> Feedback | None:
    """The application's feedback, or None if it was never judged. A constant number of queries."""
    round = feedback_round(application)
    if round is None:
        return None
    rules, step = _rubric(round), round.rubric.score_step
    judges, steps = _category_sums(round, application.category)
    means = {app: _exact_mean(rules, steps[app], count, step) for app, count in judges.items()}
    mine, count = steps[application.pk], judges[application.pk]
    letters = _letters(round, application)
    comments, summary = _released(round, application, letters)
    dimensions = []
    for rule, dimension, criteria in rules:
        scaled = sum((mine.get(c.pk, 0) for c in criteria), 0) * step_value(rule, step) / count
        lines = [
            Line(
                f"{dimension.position}.{c.position}",
                c.name,
                rounded(to_points(mine.get(c.pk, 0), step) / count),
                c.max_points,
                comments.get(c.pk, []),
            )
            for c in criteria
        ]
        dimensions.append((Line(str(dimension.position), dimension.name, rounded(scaled), dimension.points), lines))
    rank = 1 + sum(1 for value in means.values() if value > means[application.pk])
    return Feedback(
        application=application,
        round=round,
        judges=count,
        total=rounded(means[application.pk]),
        full_marks=sum((rule.points for rule, _d, _c in rules), Decimal(0)),
        dimensions=dimensions,
        category_mean=mean(list(means.values())) if len(means) >= MIN_FOR_CATEGORY_MEAN else None,
        judged_in_category=len(means),
        band=band_of(rank, len(means)),
        overall_comments=comments.get(None, []),
        summary=summary,
    )


def feedback_pdf(feedback: Feedback, language: str) -> bytes:
    """The feedback PDF's bytes in ``language``: what the worker stores and the samples show."""
    return render_pdf(
        template="judging/feedback/pdf.html",
        context={"feedback": feedback, "issued_on": timezone.localdate()},
        language=language,
    )


def sample_application() -> Application | None:
    """A judged application to show a feedback PDF of (one with released comments first), or None."""
    judged = counted_scorecards().values("assignment__application_id")
    released = ReleasedComment.objects.filter(application_id__in=judged).order_by("pk").first()
    if released is not None:
        return released.application
    return Application.objects.filter(pk__in=judged).order_by("pk").first()


@dataclass(frozen=True)
class Releasable:
    """One comment the chair may release: its form key, the judge's letter (or the summary's), where
    it applies, the text now, and whether that text is the one released."""

    key: str
    application: Application
    who: str
    where: str
    text: str
    released: bool
    changed: bool  # released earlier with another text (the judge edited it since)


def releasable_comments(round: Round, category: Category) -> list[Releasable]:
    """Every non-empty comment of the category's counted scorecards in the round, and each chair's
    summary, with what is released now: the chair's screen, in a constant number of queries."""
    cards = list(
        counted_scorecards()
        .filter(assignment__round=round, assignment__application__category=category)
        .select_related("assignment__application")
        .order_by("assignment__application__reference", "assignment__application_id", "assignment_id")
    )
    scores = (
        Score.objects.filter(scorecard__in=[c.pk for c in cards])
        .exclude(comment="")
        .select_related("criterion__dimension")
        .order_by("criterion__dimension__position", "criterion__position")
    )
    by_card = defaultdict(list)
    for score in scores:
        by_card[score.scorecard_id].append(score)
    released = {
        (r.application_id, r.scorecard_id, r.criterion_id): r.text
        for r in ReleasedComment.objects.filter(round=round, application__category=category)
    }
    summaries = {
        s.application_id: s
        for s in PanelSummary.objects.filter(round=round, application__category=category).exclude(text="")
    }
    items, letter_of = [], defaultdict(dict)
    for card in cards:
        application = card.assignment.application
        letters = letter_of[application.pk]
        letters[card.pk] = chr(ord("A") + len(letters))
        who = _("Judge %(letter)s") % {"letter": letters[card.pk]}
        entries = [
            (f"c{card.pk}-{s.criterion_id}", s.criterion_id, _number(s.criterion), s.comment) for s in by_card[card.pk]
        ]
        if card.comment.strip():
            entries.append((f"c{card.pk}", None, _("Overall comment"), card.comment))
        for key, criterion_id, where, text in entries:
            items.append(
                _item(key, application, who, where, text, released.get((application.pk, card.pk, criterion_id)))
            )
    seen = []
    for card in cards:
        application = card.assignment.application
        if application.pk in summaries and application.pk not in seen:
            seen.append(application.pk)
            text = summaries[application.pk].text
            items.append(
                _item(
                    f"s{application.pk}",
                    application,
                    _("The chair"),
                    _("Summary of the panel's view"),
                    text,
                    released.get((application.pk, None, None)),
                )
            )
    return items


def _number(criterion: Criterion) -> str:
    return f"{criterion.dimension.position}.{criterion.position} {criterion.name}"


def _item(key, application, who, where, text, released_text) -> Releasable:
    return Releasable(
        key=key,
        application=application,
        who=who,
        where=where,
        text=text,
        released=released_text == text,
        changed=released_text is not None and released_text != text,
    )


def judged_application_ids(cycle: Cycle) -> set[int]:
    """The applications of the cycle that at least one counted scorecard judged."""
    return set(
        counted_scorecards()
        .filter(assignment__round__cycle=cycle)
        .values_list("assignment__application_id", flat=True)
        .distinct()
    )


def feedback_due_cycles(at: datetime | None = None) -> list[Cycle]:
    """The cycles whose feedback milestone has come."""
    at = at or timezone.now()
    return list(Cycle.objects.filter(milestones__kind=MilestoneKind.FEEDBACK, milestones__starts_at__lte=at))
