"""Forms of the organisation pages: the profile and the invitation of a colleague."""

from django import forms
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from core.thai import thai_sort_key

from ..enums import MemberRole
from ..models import Organisation, Province


def province_choices() -> list[tuple[int | str, str]]:
    """Provinces by the name people read: Thai dictionary order in Thai, alphabetical in English."""
    provinces = list(Province.objects.all())
    if (get_language() or "th").startswith("en"):
        provinces.sort(key=lambda province: province.name_en)
    else:
        provinces.sort(key=lambda province: thai_sort_key(province.name_th))
    return [("", "---------"), *((province.pk, province.name) for province in provinces)]


class OrganisationForm(forms.ModelForm):
    class Meta:
        model = Organisation
        fields = ["name", "name_en", "kind", "province", "address", "contact_name", "contact_phone"]
        widgets = {
            "address": forms.Textarea(attrs={"rows": 3}),
            "contact_phone": forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
        }
        help_texts = {
            "name": _("The official name, as on your letterhead."),
            "name_en": _("Optional; shown on English pages and certificates."),
            "contact_name": _("The person the organiser may call about your applications."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Choices are built per request so that names and their order follow the page's language.
        self.fields["province"].choices = province_choices()


class InviteForm(forms.Form):
    email = forms.EmailField(
        label=_("E-mail address"),
        widget=forms.EmailInput(attrs={"autocomplete": "off"}),
        help_text=_("They accept by logging in (or signing up) with this address."),
    )
    role = forms.ChoiceField(
        label=_("Role"),
        choices=MemberRole.choices,
        initial=MemberRole.EDITOR,
        help_text=_("Editors write applications; owners also manage the profile and the members."),
    )
