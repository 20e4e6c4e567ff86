import uuid

from django import forms
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from awards.models import Category

from ..enums import PartnerKind
from ..models import FACT_FIELDS, Application, Province


class StartApplicationForm(forms.Form):
    # No category is chosen for the applicant: the list starts empty unless they came from a category's
    # "Apply in ..." link, which names it.
    category = forms.ModelChoiceField(
        label=_("Category"), queryset=Category.objects.none(), empty_label=_("Choose a category")
    )
    title_th = forms.CharField(label=_("Project title (Thai)"), max_length=300)

    def __init__(self, *args, cycle, category_slug: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        categories = cycle.categories.order_by("position")
        self.fields["category"].queryset = categories
        self.fields["category"].label_from_instance = lambda category: category.name
        self.fields["category"].initial = categories.filter(slug=category_slug).first() if category_slug else None


def new_editor() -> str:
    """A name for one opened form (one browser tab), so that its own autosaves are not conflicts."""
    return uuid.uuid4().hex


class FactsForm(forms.ModelForm):
    """The project's own columns (titles, category) and the consent to publish; every other fact is a
    question of the form, answered on its section's page. The consent is not a column the form
    writes: the view hands it to save_facts, which changes it through the consent service."""

    version = forms.IntegerField(widget=forms.HiddenInput)
    editor = forms.CharField(widget=forms.HiddenInput, max_length=32, initial=new_editor, required=False)
    publish_consent = forms.BooleanField(required=False)

    class Meta:
        model = Application
        fields = list(FACT_FIELDS)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = self.instance.cycle.categories.order_by("position")
        self.fields["category"].label_from_instance = lambda category: category.name
        self.fields["category"].empty_label = None
        self.fields["version"].initial = self.instance.version
        consent = Application._meta.get_field("publish_consent")
        self.fields["publish_consent"].label = capfirst(consent.verbose_name)
        self.fields["publish_consent"].help_text = consent.help_text
        self.fields["publish_consent"].initial = self.instance.publish_consent


class PartnerForm(forms.Form):
    name = forms.CharField(label=_("Partner"), max_length=300)
    kind = forms.ChoiceField(label=_("Type"), choices=PartnerKind.choices)
    province = forms.ModelChoiceField(label=_("Province"), queryset=Province.objects.all(), required=False)


PartnerFormSet = forms.formset_factory(PartnerForm, extra=2, can_delete=True, max_num=30, validate_max=True)
