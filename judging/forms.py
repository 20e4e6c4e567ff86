"""Judges' forms: the declaration of interests, the conflict answer, and one score per criterion.

A score is typed in points (3.5) and kept in whole steps of the rubric (7 steps of 0.5); the
conversion is exact (fractions), so 3.3 with a step of 0.5 is refused rather than rounded.
"""

from decimal import Decimal
from fractions import Fraction

from django import forms
from django.core.validators import MaxValueValidator
from django.utils.translation import gettext_lazy as _

from core.formats import points as points_text
from submissions.enums import Region
from submissions.models import Province


class DeclarationForm(forms.Form):
    organisations = forms.CharField(
        label=_("Organisations and companies you work for, advise or have a stake in"),
        help_text=_("One per line. Leave empty if there are none."),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6, "class": "form-control"}),
    )
    provinces = forms.ModelMultipleChoiceField(
        label=_("Provinces you are tied to (home, work, family)"),
        help_text=_("Tick every province that applies; type in the box to find one quickly."),
        queryset=Province.objects.order_by("name_th"),
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._provinces = list(self.fields["provinces"].queryset)
        # Plain (pk, name) choices, read once: the checkboxes are grouped by region below.
        self.fields["provinces"].widget.choices = [(province.pk, province.name) for province in self._provinces]

    @property
    def province_groups(self) -> list[tuple[str, list[tuple]]]:
        """The province checkboxes by region, each with the Thai and English names it is found by
        (the filter box on top of the list reads them)."""
        by_pk = {province.pk: province for province in self._provinces}
        grouped: dict[str, list[tuple]] = {}
        for option in self["provinces"]:
            province = by_pk[int(str(option.data["value"]))]
            grouped.setdefault(province.region, []).append((option, f"{province.name_th} {province.name_en}"))
        return [(label, grouped[value]) for value, label in Region.choices if value in grouped]


class ConflictForm(forms.Form):
    NO_CONFLICT, RECUSE = "no_conflict", "recuse"

    answer = forms.ChoiceField(choices=[(NO_CONFLICT, NO_CONFLICT), (RECUSE, RECUSE)])
    recusal_reason = forms.CharField(
        label=_("Reason for recusing yourself"),
        help_text=_("Needed only if you recuse yourself; staff read it and assign another judge."),
        required=False,
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 3, "class": "form-control"}),
    )


class ScoreForm(forms.Form):
    """One criterion's score and comment; the prefix names the criterion (``c12-points``)."""

    points = forms.DecimalField(label=_("Score"), required=False, min_value=0)
    comment = forms.CharField(
        label=_("Comment"), required=False, widget=forms.Textarea(attrs={"rows": 2, "class": "form-control"})
    )

    def __init__(self, *args, criterion, step: Decimal, **kwargs):
        super().__init__(*args, prefix=f"c{criterion.pk}", **kwargs)
        self.criterion, self.step = criterion, step
        points = self.fields["points"]
        points.max_value = criterion.max_points
        points.validators.append(MaxValueValidator(criterion.max_points))
        points.widget.attrs.update(
            {
                "min": "0",
                "max": points_text(criterion.max_points),
                "step": points_text(step),
                "class": "form-control score-input",
            }
        )

    def clean_points(self):
        points = self.cleaned_data["points"]
        if points is not None and (Fraction(points) / Fraction(self.step)).denominator != 1:
            raise forms.ValidationError(
                _("Scores go in steps of %(step)s: give, for example, %(low)s or %(high)s."),
                params=self._neighbours(points),
            )
        return points

    def clean(self):
        data = super().clean()
        if data.get("points") is None and data.get("comment", "").strip() and "points" not in self.errors:
            self.add_error("points", _("Give a score as well: a comment is saved with its score."))
        return data

    def _neighbours(self, points: Decimal) -> dict:
        below = int(Fraction(points) / Fraction(self.step))
        return {
            "step": points_text(self.step),
            "low": points_text(below * self.step),
            "high": points_text(min((below + 1) * self.step, self.criterion.max_points)),
        }

    @property
    def steps(self) -> int | None:
        """The cleaned score in whole steps, or None when left empty."""
        points = self.cleaned_data.get("points")
        return None if points is None else int(Fraction(points) / Fraction(self.step))


class OverallCommentForm(forms.Form):
    comment = forms.CharField(
        label=_("Overall comment"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4, "class": "form-control"}),
    )
