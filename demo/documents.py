"""The documents part of the demo (seed_demo): the judging demo edition gets a signatory for its
certificates, and the chair's scorecards are scored and submitted, so that staff can print score
sheets, summaries, a committee book and certificates from admin right after `make run`."""

from accounts.models import User
from awards.models import Cycle
from judging.enums import ConflictAnswer
from judging.models import Assignment, Declaration
from judging.services.declarations import declare_interests
from judging.services.scoring import answer_conflict, record_score, scorecard_for, submit_scorecard
from judging.totals import max_steps

SIGNATORY = {
    "signatory_name_th": "นายตัวอย่าง ลงนาม",
    "signatory_name_en": "Mr Example Signatory",
    "signatory_title_th": "ผู้อำนวยการใหญ่ สำนักงานส่งเสริมเศรษฐกิจดิจิทัล",
    "signatory_title_en": "President and CEO, Digital Economy Promotion Agency",
}
COMMENT = "ตัวอย่างความเห็นของกรรมการสำหรับการสาธิตการพิมพ์แบบให้คะแนน"


def _score_every_criterion(assignment: Assignment, chair) -> None:
    if assignment.conflict_answer != ConflictAnswer.NO_CONFLICT:
        answer_conflict(assignment=assignment, by=chair, recuse=False)
    scorecard = scorecard_for(assignment=assignment)
    rubric = assignment.round.rubric
    for dimension in rubric.dimensions.prefetch_related("criteria"):
        for criterion in dimension.criteria.all():
            # Four fifths of full marks, in whole steps: a plausible, clearly demo score.
            steps = max_steps(criterion.max_points, rubric.score_step) * 4 // 5
            record_score(scorecard=scorecard, criterion=criterion, steps=steps, comment=COMMENT, by=chair)
    submit_scorecard(scorecard=scorecard, by=chair)


def load_documents_demo() -> bool:
    """Idempotent: a cycle with its signatory and scorecards already submitted is left as it is."""
    cycle = Cycle.objects.filter(slug="demo-judging").first()
    chair = User.objects.filter(email="chair@example.com").first()
    if cycle is None or chair is None:
        return False
    changed = not cycle.signatory_name_th
    if changed:
        Cycle.objects.filter(pk=cycle.pk).update(**SIGNATORY)
    pending = Assignment.objects.filter(round__cycle=cycle, judge=chair, scorecard__isnull=True).select_related(
        "round__rubric"
    )
    if pending and not Declaration.objects.filter(judge=chair, cycle=cycle).exists():
        declare_interests(judge=chair, cycle=cycle, organisations="", provinces=[])
    for assignment in pending:
        _score_every_criterion(assignment, chair)
        changed = True
    return changed
