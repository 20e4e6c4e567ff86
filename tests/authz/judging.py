"""Rows of the judges' area (/judging/): judges only (404 for everyone else); an assignment, its
scorecard and files only for its own judge, and never once their declaration shows a conflict."""

from core.thai import format_thai_date_input

from . import Redirect, Row, everyone, expect

JUDGES = {"judge": 200, "conflicted_judge": 200, "chair": 200}
RANKERS = {"chair": 200, "staff": 200}


def board(w):
    return {"round_pk": w.round.pk, "code": w.submitted.category.code}


def discussion(w):
    return {"round_pk": w.round.pk, "application_pk": w.submitted.pk}


def assignment(w):
    return {"pk": w.assignment.pk}


def score_page(w):
    return {"pk": w.assignment.pk}


def points_data(w):
    return {
        f"c{w.criterion.pk}-points": "3",
        f"c{w.criterion.pk}-comment": "",
        f"c{w.second_criterion.pk}-points": "5",
        f"c{w.second_criterion.pk}-comment": "",
        "overall-comment": "",
    }


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
    # The judge's copy of the application as submitted (a PDF rendered for the assignment's judge).
    Row(
        "judging:application_pdf",
        kwargs=assignment,
        get=expect(404, judge=200),
        post=expect(404, judge=405),
    ),
    # The conflicted judge's own assignment: no copy once their declaration shows the conflict.
    Row(
        "judging:application_pdf",
        variant="declared conflict",
        kwargs=lambda w: {"pk": w.conflicted_assignment.pk},
        get=expect(404),
        post=expect(404),
    ),
    # A file of another application of the same organisation, through the judge's assignment.
    Row(
        "judging:attachment",
        variant="another application's file",
        kwargs=lambda w: {"pk": w.assignment.pk, "attachment_pk": w.draft_attachment.pk},
        get=expect(404),
        post=expect(404),
    ),
    # Rankings: the committee chair and staff only (404 for everyone else).
    Row("judging:rankings", get=expect(404, **RANKERS), post=expect(404, **RANKERS)),
    Row("judging:leaderboard", kwargs=board, get=expect(404, **RANKERS), post=expect(404, **RANKERS)),
    # A POST without "confirm" is the confirmation step: it shows what would happen, writes nothing.
    Row(
        "judging:finalise",
        kwargs=board,
        get=expect(405, anonymous=405),
        post=expect(404, **RANKERS),
        data=lambda w: {"prize": w.judged_prize.pk, "application": w.submitted.pk},
    ),
    Row(
        "judging:finalise",
        variant="confirmed",
        kwargs=board,
        get=expect(405, anonymous=405),
        post=expect(
            404,
            chair=Redirect("judging:leaderboard", kwargs=board),
            staff=Redirect("judging:leaderboard", kwargs=board),
        ),
        data=lambda w: {"prize": w.judged_prize.pk, "application": w.submitted.pk, "confirm": "", "reason": "สูงสุด"},
        writers=("chair", "staff"),
    ),
    # Withdrawing a decision (to correct a result): staff only, with a reason; the Popular Vote's
    # decision has no leaderboard, so staff go back to the rankings.
    Row(
        "judging:withdraw_decision",
        kwargs=lambda w: {"pk": w.decision.pk},
        get=expect(405, anonymous=405),
        post=expect(404, staff=Redirect("judging:rankings")),
        data=lambda w: {"reason": "คะแนนบันทึกผิด"},
        writers=("staff",),
    ),
    # The panel's discussion: the chair (a panel member) takes part, staff read only; the judge's
    # scorecard is still a draft (independence first: 404 until they submit), the conflicted judge
    # never gets in. The world's category already has a decision, so the discussion is closed: the
    # chair's message is refused on the page (200) and nothing is written.
    Row(
        "judging:discussion",
        kwargs=discussion,
        get=expect(404, **RANKERS),
        post=expect(404, chair=200),
        data=lambda w: {"body": "@กรรมการ ขอความเห็นเรื่องมิติที่ 2"},
    ),
    # A file of the discussed application, for those who read the discussion (the judge's draft: 404).
    Row(
        "judging:discussion_attachment",
        kwargs=lambda w: {**discussion(w), "attachment_pk": w.submitted_attachment.pk},
        get=expect(404, **RANKERS),
        post=expect(404, chair=405, staff=405),
    ),
    # Another application's file, through the discussion's address: never.
    Row(
        "judging:discussion_attachment",
        variant="another application's file",
        kwargs=lambda w: {**discussion(w), "attachment_pk": w.draft_attachment.pk},
        get=expect(404),
        post=expect(404),
    ),
    # Feedback to applicants: the chair releases a category's comments (the world's scorecard is a
    # draft, so nothing is releasable: saving records the audit event only).
    Row(
        "judging:feedback_approval",
        kwargs=board,
        get=expect(404, chair=200),
        post=expect(404, chair=Redirect("judging:feedback_approval", kwargs=board)),
        writers=("chair",),
    ),
    # The applicant area's feedback: the list for anyone with an organisation, the PDF for the
    # application's organisation only, and only from the feedback milestone on (the draft's edition
    # has not reached it: 404 for its own applicant too).
    Row("my_feedback", get=expect(404, applicant=200, other_applicant=200), post=expect(405, anonymous=405)),
    Row(
        "my_feedback_pdf",
        kwargs=lambda w: {"pk": w.submitted.pk},
        get=expect(404, applicant=200),
        post=expect(405, anonymous=405),
    ),
    Row(
        "my_feedback_pdf",
        variant="before the milestone",
        kwargs=lambda w: {"pk": w.draft.pk},
        get=expect(404),
        post=expect(405, anonymous=405),
    ),
    # An export is recorded in the audit log: a write, so a POST.
    Row(
        "judging:export",
        kwargs=lambda w: {**board(w), "what": "scores", "fmt": "csv"},
        get=expect(405, anonymous=405),
        post=expect(404, **RANKERS),
        writers=("chair", "staff"),
    ),
    # Results before the announcement (the edition has none yet): the chair and staff only.
    Row(
        "results:cycle",
        kwargs=lambda w: {"slug": w.judged_cycle.slug},
        get=expect(404, anonymous=404, **RANKERS),
        post=everyone(405),  # GET and HEAD only
    ),
    Row(
        "results:decision_json",
        kwargs=lambda w: {"slug": w.judged_cycle.slug, "pk": w.decision.pk},
        get=expect(404, anonymous=404, **RANKERS),
        post=expect(404, anonymous=404, **RANKERS),
    ),
    Row(
        "results:decision",
        kwargs=lambda w: {"slug": w.judged_cycle.slug, "pk": w.decision.pk},
        get=expect(404, anonymous=404, **RANKERS),
        post=everyone(405),  # GET and HEAD only
    ),
    Row(
        "results:og_image",
        kwargs=lambda w: {"slug": w.judged_cycle.slug, "pk": w.decision.pk},
        get=expect(404, anonymous=404, **RANKERS),
        post=everyone(405),
    ),
    # The winner has no cover image and is no finalist: 404 even for the chair and staff.
    Row(
        "results:cover",
        kwargs=lambda w: {"slug": w.judged_cycle.slug, "pk": w.decision.application_id},
        get=expect(404, anonymous=404),
        post=everyone(405),
    ),
    # A finalist's published cover (the world's finalist consented): before the announcement, only the
    # chair and staff see the results, so only they get it.
    Row(
        "results:cover",
        kwargs=lambda w: {"slug": w.judged_cycle.slug, "pk": w.finalist.pk},
        get=expect(404, anonymous=404, chair=200, staff=200),
        post=everyone(405),
        variant="a finalist's published cover",
    ),
]


# Shortlist and presentations: the judge's agenda (judges), the finalist's slot (the applicant, whose
# organisation presents), and the staff pages (staff only; 404 for everyone else).
def final_round(w):
    return {"pk": w.final_round.pk}


def schedule_data(w):
    return {
        "day": format_thai_date_input(w.presentation_day),
        "starts": "10:00",
        "ends": "15:00",
        "slot_minutes": "20",
        "changeover_minutes": "10",
        "breaks": "12:00-13:00",
        "video_url": "https://meet.example.org/scsa",
    }


STAFF_SCHEDULE = Redirect("judging:staff_schedule", kwargs=final_round)

ROWS += [
    Row("judging:agenda", get=expect(404, **JUDGES), post=expect(404, **JUDGES)),
    Row("my_presentation", get=expect(404, applicant=200), post=expect(404, applicant=200)),
    Row("judging:staff_index", get=expect(404, staff=200), post=expect(404, staff=200)),
    # POST without "confirm" is the confirmation step: it shows what would happen, writes nothing.
    Row(
        "judging:staff_shortlist",
        kwargs=lambda w: {"pk": w.round.pk},
        get=expect(404, staff=200),
        post=expect(404, staff=200),
        data=lambda w: {"application": [w.submitted.pk], "review": ""},
    ),
    Row(
        "judging:staff_schedule",
        kwargs=final_round,
        get=expect(404, staff=200),
        post=expect(404, staff=STAFF_SCHEDULE),
        data=schedule_data,
        writers=("staff",),
    ),
    Row(
        "judging:staff_send_notices",
        kwargs=final_round,
        get=expect(404, staff=STAFF_SCHEDULE),
        post=expect(404, staff=STAFF_SCHEDULE),
        writers=("staff",),
    ),
    Row(
        "judging:staff_move_slot",
        kwargs=lambda w: {"pk": w.slot.pk},
        get=expect(404, staff=200),
        post=expect(404, staff=STAFF_SCHEDULE),
        data=lambda w: {"room": w.room.pk, "day": format_thai_date_input(w.presentation_day), "starts": "13:00"},
        writers=("staff",),
    ),
]
