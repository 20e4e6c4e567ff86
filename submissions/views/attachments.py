"""Views of the applicant area: attachments. Thin: each calls one service or selector.

Every view looks the application or attachment up through the selectors first, so another
organisation's gets a 404 whatever the method, before any uploaded byte is read.
"""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.cache import patch_cache_control
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.csrf import csrf_exempt, csrf_protect

from core.storage import serves_files

from .. import selectors
from ..evidence import INLINE_KINDS, wants_inline
from ..filetypes import FileKind
from ..forms import answers as answer_forms
from ..forms.attachments import AttachmentForm
from ..rules import can_edit_application
from ..services import attachments as services
from ..uploads import MaxSizeUploadHandler

# Signed object-storage links are for one click, not for sharing.
SIGNED_URL_SECONDS = 60

KIND_LABELS = {
    FileKind.PDF: "PDF",
    FileKind.JPEG: gettext_lazy("JPEG image"),
    FileKind.PNG: gettext_lazy("PNG image"),
    FileKind.DOCX: "Word",
    FileKind.XLSX: "Excel",
    FileKind.PPTX: "PowerPoint",
}


@csrf_exempt
@login_required
def attachments(request, pk):
    """The list and the upload form. The size-limiting handler must be in place before the body is
    read, and CsrfViewMiddleware would read it first: hence csrf_exempt here and csrf_protect below,
    as Django's documentation on changing upload handlers describes."""
    application = selectors.application_for(request.user, pk)
    upload_limit = MaxSizeUploadHandler(request)
    request.upload_handlers.insert(0, upload_limit)
    return _attachments(request, application, upload_limit)


@csrf_protect
def _attachments(request, application, upload_limit: MaxSizeUploadHandler):
    form, status = AttachmentForm(), 200
    if request.method == "POST":
        data, files = request.POST, request.FILES  # Reading them runs the upload handlers.
        stopped_size = upload_limit.request_size if upload_limit.exceeded else None
        stopped_name = upload_limit.file_name if upload_limit.exceeded else ""
        if data.get("field"):
            field = selectors.form_field(application, data["field"])
            return _question_upload(request, application, field, stopped_size, stopped_name)
        form = AttachmentForm(data, files, stopped_size=stopped_size, stopped_name=stopped_name)
        if form.is_valid():
            try:
                attachment = services.add_attachment(
                    application=application,
                    uploaded_file=form.cleaned_data["file"],
                    by=request.user,
                    identifying=form.cleaned_data["identifying"],
                )
            except ValidationError as error:
                form.add_error("file", refusal_naming(form.cleaned_data["file"], error))
                # The storage failed, not the file: 503 tells monitoring and the browser the same.
                if error.code == services.STORAGE_UNAVAILABLE:
                    status = 503
            else:
                messages.success(request, _("“%(name)s” was added.") % {"name": attachment.original_name})
                return redirect("submissions:attachments", pk=application.pk)
    return render(request, "submissions/attachments.html", _list_context(request, application, form), status=status)


def _question_upload(request, application, field, stopped_size: int | None, stopped_name: str = ""):
    """A file for a file question of the form: added, back to its section; refused, its section's
    page with the refusal beside the question (the file question's own kinds, size and number)."""
    if not field.is_file:
        raise Http404
    upload = request.FILES.get("file")
    try:
        if stopped_size is not None:
            raise services.file_too_large(stopped_size, services.question_size_limit(field))
        if upload is None:
            raise ValidationError(_("Choose a file to upload."), code="required")
        attachment = services.add_attachment(
            application=application, uploaded_file=upload, by=request.user, field=field
        )
    except ValidationError as error:
        name = upload.name if upload is not None else stopped_name
        refusal = " ".join(services.named_refusal(name, error).messages)
        status = 503 if error.code == services.STORAGE_UNAVAILABLE else 200
        return _section_with_refusal(request, application, field, refusal, status)
    messages.success(request, _("“%(name)s” was added.") % {"name": attachment.original_name})
    return redirect(_section_url(application, field))


def _section_url(application, field) -> str:
    return reverse("submissions:section", args=[application.pk, field.section.position]) + f"#q-{field.key}"


def _section_with_refusal(request, application, field, refusal: str, status: int):
    # Imported here: the section page lives with the application views, which import nothing of these.
    from .applications import section_page

    controls = answer_forms.controls(selectors.section_form(application, field.section), errors={field.key: refusal})
    return section_page(request, application, field.section, controls, status=status)


def refusal_naming(uploaded_file, error: ValidationError) -> ValidationError:
    """The refusal of a file, naming it: with several files to upload, "this file" alone does not say
    which one to fix."""
    return services.named_refusal(uploaded_file.name if uploaded_file is not None else "", error)


def _list_context(request, application, form) -> dict:
    # The files of file questions are listed with their question, on its section's page.
    files = list(application.attachments.filter(field__isnull=True).select_related("uploaded_by"))
    for attachment in files:
        attachment.kind_label = KIND_LABELS.get(attachment.kind, attachment.kind)
    return {
        "nav": "dashboard",
        "application": application,
        "deadline": selectors.effective_deadline(application),
        "editable": can_edit_application(request.user, application),
        "attachments": files,
        "max_count": settings.ATTACHMENT_MAX_COUNT,
        "full": len(files) >= settings.ATTACHMENT_MAX_COUNT,
        "form": form,
    }


@login_required
@serves_files
def download_attachment(request, pk, attachment_pk):
    attachment = selectors.attachment_for(request.user, pk, attachment_pk)
    if request.method not in ("GET", "HEAD"):
        return HttpResponseNotAllowed(["GET", "HEAD"])
    return attachment_response(attachment, inline=wants_inline(request))


def attachment_response(attachment, *, inline: bool = False):
    """The file itself, for someone already allowed to see it (applicants here, staff in admin).
    ``inline`` shows a PDF or an image in the browser (its PDF viewer, an image tag) instead of
    saving it; any other kind is always a download."""
    kind = FileKind(attachment.kind)
    as_attachment = not (inline and kind in INLINE_KINDS)
    if _is_object_storage(attachment.file.storage):
        response = redirect(_signed_url(attachment, kind, as_attachment=as_attachment))
    else:
        response = FileResponse(
            attachment.file.open("rb"),
            as_attachment=as_attachment,
            filename=attachment.original_name,
            content_type=kind.mime_type,
        )
        response["X-Content-Type-Options"] = "nosniff"
    patch_cache_control(response, private=True, no_store=True)
    return response


@login_required
def delete_attachment(request, pk, attachment_pk):
    attachment = selectors.attachment_for(request.user, pk, attachment_pk)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    name, field = attachment.original_name, attachment.field
    try:
        services.delete_attachment(attachment=attachment, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("“%(name)s” was deleted.") % {"name": name})
    if field is not None:
        return redirect(_section_url(attachment.application, field))
    return redirect("submissions:attachments", pk=pk)


def _is_object_storage(storage) -> bool:
    # Imported here: boto3 is heavy and only loaded when S3 is configured.
    from storages.backends.s3 import S3Storage

    return isinstance(storage, S3Storage)


def _signed_url(attachment, kind: FileKind, *, as_attachment: bool = True) -> str:
    """A link straight to the object store, valid for a minute, that downloads (or shows) the file
    under its display name."""
    parameters = {
        "ResponseContentDisposition": content_disposition_header(as_attachment, attachment.original_name),
        "ResponseContentType": kind.mime_type,
    }
    return attachment.file.storage.url(attachment.file.name, parameters=parameters, expire=SIGNED_URL_SECONDS)


@login_required
@serves_files
def cover_image(request, pk):
    """GET: the cover picture (only for the organisation's members); POST: replace it."""
    application = selectors.application_for(request.user, pk)
    if request.method == "POST":
        upload = request.FILES.get("cover_image")
        try:
            if upload is None:
                raise ValidationError(_("Choose a picture to upload."))
            services.set_cover_image(application=application, uploaded_file=upload, by=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(refusal_naming(upload, error).messages))
        else:
            messages.success(request, _("The cover image was saved."))
        return redirect("submissions:facts", pk=pk)
    if request.method not in ("GET", "HEAD") or not application.cover_image:
        raise Http404
    kind = FileKind.PNG if application.cover_image.name.endswith(".png") else FileKind.JPEG
    response = FileResponse(application.cover_image.open("rb"), content_type=kind.mime_type)
    response["X-Content-Type-Options"] = "nosniff"
    patch_cache_control(response, private=True, no_store=True)
    return response


urlpatterns = [
    path("applications/<int:pk>/cover/", cover_image, name="cover_image"),
    path("applications/<int:pk>/attachments/", attachments, name="attachments"),
    path("applications/<int:pk>/attachments/<int:attachment_pk>/", download_attachment, name="download_attachment"),
    path("applications/<int:pk>/attachments/<int:attachment_pk>/delete/", delete_attachment, name="delete_attachment"),
]
