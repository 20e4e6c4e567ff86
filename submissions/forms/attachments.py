from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from ..filetypes import FileKind, Rejection
from ..services.attachments import MESSAGES, file_too_large, megabytes, named_refusal

# Canonical extensions, the other common spelling of JPEG, and the MIME types (which cover every
# spelling a browser knows). Only a hint for the file picker: the server decides by content.
ACCEPT = ",".join([*(f".{kind.extension}" for kind in FileKind), ".jpeg", *(kind.mime_type for kind in FileKind)])


class AttachmentForm(forms.Form):
    """One file. `stopped_size` is set when the upload handler stopped reading an over-large file,
    which is then missing from request.FILES: the form says why instead of "choose a file"."""

    file = forms.FileField(
        label=_("File"),
        widget=forms.FileInput(attrs={"accept": ACCEPT}),
        error_messages={"required": _("Choose a file to upload."), "empty": MESSAGES[Rejection.EMPTY]},
    )

    identifying = forms.BooleanField(
        label=_("This file shows who we are (a logo, a letterhead, names): keep it from judges in a blind round"),
        required=False,
    )

    def __init__(self, *args, stopped_size: int | None = None, stopped_name: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.stopped_size, self.stopped_name = stopped_size, stopped_name
        self.fields["file"].required = stopped_size is None
        self.fields["file"].help_text = _(
            "PDF, JPEG, PNG, Word (.docx), Excel (.xlsx) or PowerPoint (.pptx), up to %(limit)s MB each; "
            "at most %(count)s files."
        ) % {"limit": megabytes(settings.ATTACHMENT_MAX_BYTES), "count": settings.ATTACHMENT_MAX_COUNT}

    def clean_file(self):
        if self.stopped_size is not None:
            raise named_refusal(self.stopped_name, file_too_large(self.stopped_size))
        return self.cleaned_data["file"]
