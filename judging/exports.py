"""Exports for staff and the chair: every judge's criterion scores and comments, and the ranking,
as tablib datasets (the library under django-import-export) written to CSV or XLSX."""

from django.utils.translation import gettext as _
from tablib import Dataset

from awards.models import Category
from core.exports import buddhist_title, iso_title
from core.formats import buddhist_moment, iso_moment

from .enums import AssignmentStatus, ConflictAnswer, ScorecardStatus
from .models import Round, Score
from .ranking import Leaderboard

FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def _text(value: str) -> str:
    """Text as a spreadsheet shows it, never as a formula: a cell starting with =, +, -, @ or a tab is
    prefixed with an apostrophe (titles, names and comments come from applicants and judges)."""
    return f"'{value}" if value and value[0] in "=+-@\t\r" else value


def scores_dataset(round: Round, category: Category) -> Dataset:
    """One row per criterion score of every submitted scorecard that counts in the ranking (not
    recused, not withdrawn for a conflict), with its comment, in one query."""
    scores = (
        Score.objects.filter(
            scorecard__status=ScorecardStatus.SUBMITTED,
            scorecard__assignment__round=round,
            scorecard__assignment__application__category=category,
        )
        .exclude(scorecard__assignment__conflict_answer=ConflictAnswer.RECUSED)
        .exclude(scorecard__assignment__status=AssignmentStatus.WITHDRAWN)
        .select_related(
            "criterion__dimension", "scorecard__assignment__judge", "scorecard__assignment__application__organisation"
        )
        .order_by(
            "scorecard__assignment__application__reference",
            "scorecard__assignment__judge_id",
            "criterion__dimension__position",
            "criterion__position",
        )
    )
    step = round.rubric.score_step
    data = Dataset(
        headers=[
            _("reference"),
            _("project"),
            _("organisation"),
            _("judge"),
            _("judge's e-mail"),
            _("criterion"),
            _("points"),
            _("maximum"),
            _("comment"),
            _("overall comment"),
            str(iso_title(_("submitted at"))),
            str(buddhist_title(_("submitted at"))),
        ]
    )
    for score in scores:
        card, criterion = score.scorecard, score.criterion
        application, judge = card.assignment.application, card.assignment.judge
        data.append(
            [
                application.reference,
                _text(application.title_th),
                _text(application.organisation.name),
                _text(judge.full_name),
                judge.email,
                f"{criterion.dimension.position}.{criterion.position}",
                str(score.steps * step),
                str(criterion.max_points),
                _text(score.comment),
                _text(card.comment),
                iso_moment(card.submitted_at),
                buddhist_moment(card.submitted_at),
            ]
        )
    data.title = _("Scores")
    return data


def ranking_dataset(board: Leaderboard) -> Dataset:
    judges = [_text(name) for _id, name in board.judges]
    headers = [_("rank"), _("tied"), _("reference"), _("project"), _("organisation"), _("judges"), _("mean")]
    headers += [_("median"), _("spread"), _("normalised"), _("normalised rank")]
    headers += [_("dimension %(number)s") % {"number": n} for n in board.dimension_numbers] + judges
    data = Dataset(headers=headers)
    for row in board.rows:
        dimensions = dict(row.dimensions)
        totals = {cell.judge_id: str(cell.total) + (" *" if cell.outlier else "") for cell in row.cells}
        data.append(
            [
                row.rank,
                _("yes") if row.tied else "",
                row.reference,
                _text(row.title),
                _text(row.organisation),
                row.judges,
                str(row.mean),
                str(row.median),
                f"{row.spread:.2f}",
                "" if row.normalised is None else f"{row.normalised:.2f}",
                row.normalised_rank or "",
            ]
            + [str(dimensions.get(n, "")) for n in board.dimension_numbers]
            + [totals.get(judge_id, "") for judge_id, _name in board.judges]
        )
    data.title = _("Ranking")
    return data
