"""The confirmation forms of the admin actions that generate documents, and the forms of a cycle's
certificate design (images checked by content)."""

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.functional import lazy
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from awards.models import Prize
from judging.models import Round
from submissions.filetypes import MiB, safe_storage_name
from submissions.services.attachments import megabytes

from . import images
from .images import ImageProblem
from .models import MAX_PARTNER_LOGOS, MAX_SIGNATORIES, CertificateDesign, PartnerLogo, Signatory


class ConfirmForm(forms.Form):
    def __init__(self, *args, cycle_ids=(), **kwargs):
        super().__init__(*args, **kwargs)


class GenerateForm(ConfirmForm):
    languages = forms.MultipleChoiceField(
        label=_("Languages"),
        choices=settings.LANGUAGES,
        initial=["th"],
        widget=forms.CheckboxSelectMultiple,
    )


class SummaryForm(GenerateForm):
    round = forms.ModelChoiceField(label=_("Judging round"), queryset=Round.objects.none())

    def __init__(self, *args, cycle_ids=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["round"].queryset = Round.objects.filter(cycle_id__in=cycle_ids).select_related("cycle")


class CertificateForm(GenerateForm):
    prize = forms.ModelChoiceField(label=_("Award"), queryset=Prize.objects.none())

    def __init__(self, *args, cycle_ids=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["prize"].queryset = Prize.objects.filter(cycle_id__in=cycle_ids).select_related("category", "cycle")


# Refusals of an image upload, by the code documents/images.py gives (what happened, what to do).
IMAGE_MESSAGES = {
    ImageProblem.NOT_AN_IMAGE: _(
        "This file is not a PNG or JPEG image (its content was checked, not its name). "
        "Save the picture as PNG or JPEG and upload it again."
    ),
    ImageProblem.TOO_LARGE: _(
        "The image is %(size)s MB; the limit is %(limit)s MB. Make it smaller and upload it again."
    ),
    ImageProblem.TOO_MANY_PIXELS: _(
        "The image is %(width)s × %(height)s pixels; the limit is %(limit)s pixels on each side. "
        "Make it smaller and upload it again."
    ),
    ImageProblem.BROKEN: _(
        "The image could not be read: the file is damaged or incomplete. Save it again and upload it."
    ),
}


def _image_help() -> str:
    return gettext("PNG or JPEG, up to %(limit)s MB.") % {"limit": megabytes(images.MAX_BYTES)}


# Fields are made when the module is imported: the help text is put in the reader's language when shown.
IMAGE_HELP = lazy(_image_help, str)()


class ImagePreviewInput(forms.ClearableFileInput):
    """A file input that shows the stored image itself (a small copy drawn into the page: no address
    serves the private storage) instead of a link to it."""

    template_name = "django/forms/widgets/file.html"

    def render(self, name, value, attrs=None, renderer=None):
        field = super().render(name, None, attrs, renderer)
        if not self.is_initial(value):
            return field
        try:
            preview = format_html('<img class="image-preview" src="{}" alt="">', images.preview_data_uri(value))
        except (OSError, ValueError):
            preview = format_html('<span class="errornote">{}</span>', _("The stored image cannot be read."))
        clear = ""
        if not self.is_required:
            clear = format_html(
                '<label class="image-clear"><input type="checkbox" name="{}" id="{}"> {}</label>',
                self.clear_checkbox_name(name),
                self.clear_checkbox_id(self.clear_checkbox_name(name)),
                _("Remove this image"),
            )
        return format_html('<div class="image-upload">{}{}{}</div>', preview, clear, field)


class ImageUploadField(forms.FileField):
    """A PNG or JPEG, checked by content (documents/images.py) and renamed at random with the
    extension of what it is."""

    widget = ImagePreviewInput

    def __init__(self, **kwargs):
        kwargs.setdefault("help_text", IMAGE_HELP)
        super().__init__(**kwargs)
        self.widget.attrs.setdefault("accept", "image/png,image/jpeg,.png,.jpg,.jpeg")

    def clean(self, data, initial=None):
        value = super().clean(data, initial)
        if isinstance(value, UploadedFile):
            try:
                kind = images.check_image(value)
            except images.RejectedImage as rejection:
                params = rejection.params
                if rejection.code == ImageProblem.TOO_LARGE:
                    # Never rounded down to the limit itself: "2.1 MB", not "2 MB; the limit is 2 MB".
                    shown = max(params["size"], params["limit"] + MiB // 10)
                    params = {"size": megabytes(shown), "limit": megabytes(params["limit"])}
                raise ValidationError(IMAGE_MESSAGES[rejection.code], code=rejection.code, params=params) from None
            value.name = safe_storage_name(value.name, kind)
        return value


class CertificateDesignForm(forms.ModelForm):
    emblem = ImageUploadField(label=_("emblem of the organiser"), required=False)

    class Meta:
        model = CertificateDesign
        fields = [
            "cycle",
            "emblem",
            "opening_th",
            "opening_en",
            "citation_th",
            "citation_en",
            "closing_th",
            "closing_en",
        ]


class SignatoryForm(forms.ModelForm):
    signature = ImageUploadField(label=_("signature"), required=False)

    class Meta:
        model = Signatory
        fields = ["order", "name_th", "name_en", "position_th", "position_en", "signature"]


class PartnerLogoForm(forms.ModelForm):
    image = ImageUploadField(label=_("logo"))

    class Meta:
        model = PartnerLogo
        fields = ["order", "name_th", "name_en", "image"]


class _AtMost(forms.BaseInlineFormSet):
    """Inline rows kept (filled in and not deleted) must number between ``least`` and ``most``."""

    least, most, message = 0, 0, ""

    def clean(self):
        super().clean()
        kept = [form for form in self.forms if form.cleaned_data and not form.cleaned_data.get("DELETE")]
        if not self.least <= len(kept) <= self.most:
            raise ValidationError(self.message, code="count")


class SignatoryFormSet(_AtMost):
    least, most = 1, MAX_SIGNATORIES
    message = _("A certificate is signed by one to three people: keep between one and three signatories.")


class PartnerLogoFormSet(_AtMost):
    least, most = 0, MAX_PARTNER_LOGOS
    message = _("A certificate has room for three partners' logos at most.")
