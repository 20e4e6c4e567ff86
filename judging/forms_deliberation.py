"""Forms of the panel's discussion: a message, and the chair's summary."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .services.deliberation import MAX_LENGTH


class MessageForm(forms.Form):
    body = forms.CharField(
        label=_("Your message"),
        help_text=_(
            "Plain text. Mention a panel member with @ and their name or the first part of their e-mail address."
        ),
        max_length=MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4, "class": "form-control"}),
    )


class SummaryForm(forms.Form):
    text = forms.CharField(
        label=_("Summary of the panel's view"),
        max_length=MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 6, "class": "form-control"}),
    )
    public = forms.BooleanField(
        label=_("Publish this summary with the decision"),
        help_text=_("Otherwise only its SHA-256, with the discussion's, is public."),
        required=False,
        widget=forms.CheckboxInput(attrs={"class": "form-check-input"}),
    )
