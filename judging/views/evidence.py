"""The application as submitted, in PDF, for a judge of one of their assignments.

Not the staff's copy (documents' "application as submitted", which names the organisation and
carries the staff-only answers and the contact details): the judge's copy prints only what the judge
reads on the scoring page (judging.reading), blind in a blind round. It is one application's pages,
rendered on request in the judge's language, so that it always matches what the page shows.
"""

from django.http import HttpResponse, HttpResponseNotAllowed
from django.utils.cache import patch_cache_control
from django.utils.http import content_disposition_header
from django.utils.translation import get_language

from core.pdf import render_pdf

from ..reading import reading
from ..rules import assignment_for
from .decorators import judge_required


@judge_required
def application_pdf(request, pk):
    assignment = assignment_for(request.user, pk, answered=True)
    if request.method not in ("GET", "HEAD"):
        return HttpResponseNotAllowed(["GET", "HEAD"])
    read = reading(assignment.application, round=assignment.round)
    partners = [] if read.blind else list(assignment.application.partners.select_related("province"))
    context = {"application": assignment.application, "round": assignment.round, "reading": read, "partners": partners}
    pdf = render_pdf(template="judging/pdf/application.html", context=context, language=get_language())
    response = HttpResponse(pdf, content_type="application/pdf")
    # Named by what the judge may know: the reference (in a blind round, the organisation never).
    name = f"{assignment.application.reference or f'application-{assignment.application.pk}'}.pdf"
    response["Content-Disposition"] = content_disposition_header(False, name)
    response["X-Content-Type-Options"] = "nosniff"
    patch_cache_control(response, private=True, no_store=True)
    return response
