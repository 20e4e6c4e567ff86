"""What the judges' side removes when a cycle's retention ends (see submissions.retention): every
scorecard, score and comment, every assignment with its conflict answer, the panels' discussions and
the chair's summaries, the judges' declarations of interests and the presentations, with their
history, and the feedback to applicants (the comments released, the PDFs with their files, the
record of the e-mail), and the results' Open Graph pictures. The winners' decisions stay: the public
results page shows them, and their frozen JSON keeps the ranking (judges pseudonymised) that anyone
can check against its SHA-256, so no score is needed after the purge."""

from django.conf import settings
from django.core.files.storage import default_storage

from submissions.retention import Purge, keeper, purger

from .models import (
    Assignment,
    Decision,
    Declaration,
    DiscussionMessage,
    FeedbackDocument,
    FeedbackNotice,
    PanelSummary,
    PresentationSlot,
    ReleasedComment,
    Round,
    Score,
    Scorecard,
)
from .results import og_image_name


@keeper
def winners(cycle):
    return Decision.objects.filter(prize__cycle=cycle).values_list("application_id", flat=True)


@purger
def purge_judging(purge: Purge) -> None:
    cycle = purge.cycle
    rounds = Round.objects.filter(cycle=cycle).values("pk")
    assignments = Assignment.objects.filter(round__cycle=cycle)
    scorecards = Scorecard.objects.filter(assignment__round__cycle=cycle)
    slots = PresentationSlot.objects.filter(schedule__round__cycle=cycle)
    # The feedback first: its released comments point at the scorecards deleted below.
    feedback = FeedbackDocument.objects.filter(application__cycle=cycle)
    purge.forget_files(feedback, "file")
    purge.delete(feedback)
    purge.delete(FeedbackNotice.objects.filter(application__cycle=cycle))
    purge.delete(ReleasedComment.objects.filter(round__cycle=cycle))
    purge.delete_history(Score.history.filter(scorecard_id__in=scorecards.values("pk")))
    purge.delete_history(Scorecard.history.filter(assignment_id__in=assignments.values("pk")))
    purge.delete_history(Assignment.history.filter(round_id__in=rounds))
    purge.delete_history(PresentationSlot.history.filter(schedule__round__cycle=cycle))
    purge.delete_history(Declaration.history.filter(cycle_id=cycle.pk))
    purge.delete_history(PanelSummary.history.filter(round_id__in=rounds))
    messages = DiscussionMessage.objects.filter(round__cycle=cycle)
    purge.delete(DiscussionMessage.notified.through.objects.filter(discussionmessage__in=messages), counted=False)
    purge.delete(messages)
    purge.delete(PanelSummary.objects.filter(round__cycle=cycle))
    purge.delete(Score.objects.filter(scorecard__assignment__round__cycle=cycle))
    purge.delete(scorecards)
    purge.delete(assignments)
    purge.delete(PresentationSlot.stepping_out.through.objects.filter(presentationslot__in=slots), counted=False)
    purge.delete(slots)
    purge.delete(Declaration.provinces.through.objects.filter(declaration__cycle=cycle), counted=False)
    purge.delete(Declaration.objects.filter(cycle=cycle))
    forget_og_pictures(purge)


def forget_og_pictures(purge: Purge) -> None:
    """The pictures drawn for the cycle's results, one per decision (withdrawn ones too) and language.
    They are files without rows, so only those drawn are noted (the purge counts files deleted); a
    kept winner's picture is drawn again from its decision when the results page is next shared."""
    hashes = set(Decision.objects.filter(prize__cycle=purge.cycle).values_list("sha256", flat=True))
    names = [og_image_name(sha256, language) for sha256 in sorted(hashes) for language, _name in settings.LANGUAGES]
    purge.files += [(default_storage, name) for name in names if default_storage.exists(name)]
