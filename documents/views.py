"""Downloads of generated documents (only for those allowed: 404 otherwise), a judge's own score
sheets, an applicant's official letters, and the public verification page of certificates."""

from django.contrib.auth.decorators import login_required
from django.http import FileResponse
from django.shortcuts import render
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_safe

from core.storage import serves_files

from . import selectors
from .models import Certificate
from .rendering.letter import letter_subject


@require_safe
@login_required
@serves_files
def download(request, pk):
    """Streams the stored file (local disk or object storage) to someone allowed to have it."""
    document = selectors.document_for(request.user, pk)
    return _pdf_response(document.file, document.filename())


def _pdf_response(file, filename: str) -> FileResponse:
    response = FileResponse(file.open("rb"), as_attachment=True, filename=filename, content_type="application/pdf")
    response["X-Content-Type-Options"] = "nosniff"
    patch_cache_control(response, private=True, no_store=True)
    return response


@require_safe
@login_required
def my_letters(request):
    """The official letters addressed to the applicant's organisations: date, number and subject."""
    letters = [(letter, letter_subject(letter)) for letter in selectors.letters_of(request.user)]
    return render(request, "documents/letters.html", {"letters": letters, "nav": "letters"})


@require_safe
@login_required
@serves_files
def letter_download(request, pk):
    letter = selectors.letter_for(request.user, pk)
    return _pdf_response(letter.file, letter.filename())


@require_safe
@login_required
def my_documents(request):
    return render(request, "documents/mine.html", {"documents": selectors.score_sheets_of(request.user)})


@require_safe
def verify(request, code):
    """Anyone holding a certificate can check it here: a known code shows what it certifies; any
    other code is refused with a 404 that says the certificate could not be confirmed."""
    certificate = (
        Certificate.objects.select_related("prize__category", "application__organisation", "application__cycle")
        .filter(code=code)
        .first()
    )
    if certificate is None:
        return render(request, "documents/verify_refused.html", status=404)
    return render(request, "documents/verify.html", selectors.verification_facts(certificate))


@require_safe
@serves_files
def emblem(request, slug):
    """The organiser's emblem that heads every page: public, as it is on the certificates. Staff's
    images are checked by content when uploaded (documents/images.py)."""
    design = selectors.emblem_of(slug)
    response = FileResponse(design.emblem.open("rb"))
    response["X-Content-Type-Options"] = "nosniff"
    patch_cache_control(response, public=True, max_age=3600)
    return response
