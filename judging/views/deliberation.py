"""The panel's discussion of one application in one round, with the chair's summary.

404 for anyone who may not read it (``judging.deliberation.can_read``): a judge before submitting
their own scorecard, a judge of another application, applicants. Staff read without writing.
Messages are plain text: the template escapes them and keeps their line breaks.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from core.storage import serves_files
from submissions.evidence import wants_inline
from submissions.models import Application
from submissions.views.attachments import attachment_response

from .. import deliberation as reads
from ..forms_deliberation import MessageForm, SummaryForm
from ..models import Round
from ..reading import reader_of, reading
from ..services import deliberation


def _thread_for(user, round_pk: int, application_pk: int) -> tuple[Round, Application]:
    round = get_object_or_404(Round.objects.select_related("cycle"), pk=round_pk)
    application = get_object_or_404(
        Application.objects.select_related("organisation__province", "category", "cycle"),
        pk=application_pk,
        cycle_id=round.cycle_id,
    )
    if not reads.can_read(user, round, application):
        raise Http404
    return round, application


@login_required
def discussion(request, round_pk, application_pk):
    round, application = _thread_for(request.user, round_pk, application_pk)
    takes_part = reads.can_take_part(request.user, round, application)
    summarises = reads.can_summarise(request.user)
    closed = reads.discussion_closed(round, application)
    summary = reads.summary_of(round, application)
    message_form = MessageForm()
    summary_form = SummaryForm(initial={"text": summary.text, "public": summary.public} if summary else None)
    if request.method == "POST":
        if not takes_part or ("summary" in request.POST and not summarises):
            raise Http404
        if "summary" in request.POST:
            summary_form = SummaryForm(request.POST)
            form, write = summary_form, _write_summary
        else:
            message_form = MessageForm(request.POST)
            form, write = message_form, _write_message
        if form.is_valid():
            try:
                write(request, round, application, form.cleaned_data)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                return redirect("judging:discussion", round_pk=round.pk, application_pk=application.pk)
    # Judges read the application as they scored it (blind if the round is); staff read all of it.
    reader, blind = reader_of(request.user, round)
    read = reading(application, round=round, reader=reader, blind=blind)
    context = {
        "round": round,
        "application": application,
        "reading": read,
        "evidence": read.discussion_evidence(round),
        "thread": reads.thread(round, application),
        "summary": summary,
        "closed": closed,
        "takes_part": takes_part,
        "summarises": summarises,
        "message_form": message_form,
        "summary_form": summary_form,
        "panel": reads.panel_members(round, application),
    }
    return render(request, "judging/discussion.html", context)


@login_required
@serves_files
def discussion_attachment(request, round_pk, application_pk, attachment_pk):
    """A file of the application for whoever reads its discussion: only one this reader may open
    (judges as they scored it, blind if the round is; staff any), 404 otherwise."""
    round, application = _thread_for(request.user, round_pk, application_pk)
    reader, blind = reader_of(request.user, round)
    files = reading(application, round=round, reader=reader, blind=blind).files
    file = next((file for file in files if file.pk == attachment_pk), None)
    if file is None:
        raise Http404
    if request.method not in ("GET", "HEAD"):
        return HttpResponseNotAllowed(["GET", "HEAD"])
    return attachment_response(file, inline=wants_inline(request))


def _write_message(request, round, application, data) -> None:
    deliberation.post_message(round=round, application=application, by=request.user, body=data["body"])
    messages.success(request, _("Your message was posted."))


def _write_summary(request, round, application, data) -> None:
    deliberation.write_summary(
        round=round, application=application, by=request.user, text=data["text"], public=data["public"], request=request
    )
    messages.success(request, _("The panel's summary was saved."))
