"""The confirmation forms of the admin actions that generate documents."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from awards.models import Prize
from judging.models import Round


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
        self.fields["prize"].queryset = Prize.objects.filter(cycle_id__in=cycle_ids).select_related("category")
