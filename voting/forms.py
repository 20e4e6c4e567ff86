from django import forms
from django.utils.translation import gettext_lazy as _

from .enums import VerifierKind
from .models import Poll


class PollAdminForm(forms.ModelForm):
    """The poll in admin, its proofs as a row of boxes to tick (stored as a list of VerifierKind)."""

    proofs = forms.TypedMultipleChoiceField(
        label=_("how voters prove who they are"),
        choices=VerifierKind.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=Poll._meta.get_field("proofs").help_text,
    )

    class Meta:
        model = Poll
        fields = [
            "cycle",
            "opens_at",
            "closes_at",
            "period",
            "show_counts",
            "proofs",
            "same_proof_for_everyone",
            "retention_days",
        ]


class CodeRequestForm(forms.Form):
    email = forms.EmailField(
        label=_("Your e-mail address"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email", "inputmode": "email"}),
    )
    consent = forms.BooleanField(
        label=_("I have read the privacy notice above and agree that my e-mail address is used to verify my vote."),
        required=True,
        error_messages={"required": _("Please tick the box to agree before we send a code.")},
    )


class PhoneCodeRequestForm(forms.Form):
    phone = forms.CharField(
        label=_("Your mobile number"),
        max_length=30,
        help_text=_("A Thai mobile number, for example 081 234 5678."),
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel", "type": "tel"}),
    )
    consent = forms.BooleanField(
        label=_("I have read the privacy notice above and agree that my mobile number is used to verify my vote."),
        required=True,
        error_messages={"required": _("Please tick the box to agree before we send a code.")},
    )


class ProviderConsentForm(forms.Form):
    consent = forms.BooleanField(
        label=_("I have read the privacy notice above and agree to prove who I am this way to verify my vote."),
        required=True,
        error_messages={"required": _("Please tick the box to agree before you continue.")},
    )


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("The 6-digit code we sent you"),
        min_length=6,
        max_length=12,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "pattern": "[0-9 ]*"}),
    )


class VoidForm(forms.Form):
    reason = forms.ChoiceField(label=_("Reason"))
    note = forms.CharField(label=_("Note"), max_length=300, required=False)
    votes = forms.CharField(widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        from .enums import VoidReason

        super().__init__(*args, **kwargs)
        self.fields["reason"].choices = VoidReason.choices

    def vote_ids(self) -> list[int]:
        return [int(part) for part in self.cleaned_data["votes"].split(",") if part.strip().isdigit()]
