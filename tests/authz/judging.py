"""Rows of the judges' area (/judging/): judges only (404 for everyone else); an assignment, its
scorecard and files only for its own judge, and never once their declaration shows a conflict."""

from . import Redirect, Row, expect

JUDGES = {"judge": 200, "conflicted_judge": 200, "chair": 200}


def assignment(w):
    return {"pk": w.assignment.pk}


def score_page(w):
    return {"pk": w.assignment.pk}


def points_data(w):
    return {
        f"c{w.criterion.pk}-points": "3", f"c{w.criterion.pk}-comment": "",
        f"c{w.second_criterion.pk}-points": "5", f"c{w.second_criterion.pk}-comment": "",
        "overall-comment": "",
    }  # fmt: skip


ROWS = [
    Row("judging:dashboard", get=expect(404, **JUDGES), post=expect(404, **JUDGES)),
    # The declaration of a cycle: for the judges of its rounds (the chair judges none of them).
    Row(
        "judging:declaration",
        kwargs=lambda w: {"cycle_slug": w.judged_cycle.slug},
        get=expect(404, judge=200, conflicted_judge=200),
        post=expect(404, judge=Redirect("judging:dashboard"), conflicted_judge=Redirect("judging:dashboard")),
        data=lambda w: {"organisations": "", "provinces": []},
        writers=("judge", "conflicted_judge"),
    ),
    # The judge answered "no conflict", so the gate sends them on to the scorecard.
    Row(
        "judging:assignment",
        kwargs=assignment,
        get=expect(404, judge=Redirect("judging:score", kwargs=score_page)),
        post=expect(404, judge=Redirect("judging:score", kwargs=score_page)),
    ),
    # The conflicted judge's own assignment: their declaration names the applicant's organisation.
    Row(
        "judging:assignment",
        variant="declared conflict",
        kwargs=lambda w: {"pk": w.conflicted_assignment.pk},
        get=expect(404),
        post=expect(404),
        data=lambda w: {"answer": "no_conflict"},
    ),
    Row(
        "judging:score",
        kwargs=assignment,
        get=expect(404, judge=200),
        post=expect(404, judge=Redirect("judging:score", kwargs=score_page)),
        data=points_data,
        writers=("judge",),
    ),
    Row(
        "judging:score",
        variant="declared conflict",
        kwargs=lambda w: {"pk": w.conflicted_assignment.pk},
        get=expect(404),
        post=expect(404),
        data=points_data,
    ),
    Row(
        "judging:save_score",
        kwargs=lambda w: {"pk": w.assignment.pk, "criterion_pk": w.criterion.pk},
        get=expect(404, judge=405),
        post=expect(404, judge=Redirect("judging:score", kwargs=score_page)),
        data=lambda w: {f"c{w.criterion.pk}-points": "2.5", f"c{w.criterion.pk}-comment": ""},
        writers=("judge",),
    ),
    Row(
        "judging:attachment",
        kwargs=lambda w: {"pk": w.assignment.pk, "attachment_pk": w.submitted_attachment.pk},
        get=expect(404, judge=200),
        post=expect(404, judge=405),
    ),
    # A file of another application of the same organisation, through the judge's assignment.
    Row(
        "judging:attachment",
        variant="another application's file",
        kwargs=lambda w: {"pk": w.assignment.pk, "attachment_pk": w.draft_attachment.pk},
        get=expect(404),
        post=expect(404),
    ),
]
