"""The forms staff build an application form with (the admin's section and question pages).

Options and the columns of a repeating group are typed as lines, not as JSON:

    options            value | Thai | English         e.g.  bus | รถโดยสาร | Bus
    columns            key | Thai | English           a text column
                       - value | Thai | English        under a column: one of its options (it becomes a choice)

The English is optional. ``parse_options`` / ``parse_columns`` read the lines and say which line is
wrong and why; ``options_text`` / ``columns_text`` write the stored lists back as lines.
"""

import re

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from .enums import FieldKind
from .models import Category, Criterion, Cycle, Field, Section
from .models_form import CHOICE_KINDS

# The kinds of file the site accepts (submissions.filetypes.FileKind, whose values these are: awards
# must not import submissions, and the test of this module checks that the two lists agree).
FILE_KINDS = [
    ("pdf", "PDF"),
    ("jpeg", "JPEG"),
    ("png", "PNG"),
    ("docx", "Word (.docx)"),
    ("xlsx", "Excel (.xlsx)"),
    ("pptx", "PowerPoint (.pptx)"),
]
OPTION_VALUE = re.compile(r"^[A-Za-z0-9_-]+$")
COLUMN_KEY = re.compile(r"^[a-z][a-z0-9_]*$")
YES_NO_VALUES = ("yes", "no")


def _parts(line: str, number: int) -> tuple[str, str, str]:
    parts = [part.strip() for part in line.split("|")]
    if len(parts) not in (2, 3) or not parts[0] or not parts[1]:
        raise ValidationError(
            _("Line %(number)s: write it as “value | Thai | English” (the English may be left out).")
            % {"number": number}
        )
    return parts[0], parts[1], parts[2] if len(parts) == 3 else ""


def _option(line: str, number: int) -> dict:
    value, thai, english = _parts(line, number)
    if not OPTION_VALUE.match(value):
        raise ValidationError(
            _("Line %(number)s: the value “%(value)s” may hold only English letters, digits, - and _.")
            % {"number": number, "value": value}
        )
    return {"value": value, "th": thai, "en": english}


def _lines(text: str):
    for number, line in enumerate((text or "").splitlines(), start=1):
        if line.strip():
            yield number, line.strip()


def _no_repeats(items: list[dict], name: str, numbers: list[int]) -> None:
    seen = set()
    for item, number in zip(items, numbers, strict=True):
        if item[name] in seen:
            raise ValidationError(
                _("Line %(number)s: “%(value)s” is listed twice.") % {"number": number, "value": item[name]}
            )
        seen.add(item[name])


def parse_options(text: str) -> list[dict]:
    """[{"value", "th", "en"}, ...] from lines "value | Thai | English"."""
    options, numbers = [], []
    for number, line in _lines(text):
        options.append(_option(line, number))
        numbers.append(number)
    _no_repeats(options, "value", numbers)
    return options


def options_text(options: list[dict]) -> str:
    return "\n".join(_line(option.get("value", ""), option) for option in options or [])


def _line(first: str, item: dict) -> str:
    return " | ".join([first, item.get("th", "")] + ([item["en"]] if item.get("en") else []))


def parse_columns(text: str) -> list[dict]:
    """[{"key", "th", "en", "choices"?}, ...] from column lines, each followed by its options, if any,
    on lines that start with "-"."""
    columns, numbers = [], []
    for number, line in _lines(text):
        if line.startswith("-"):
            if not columns:
                raise ValidationError(
                    _("Line %(number)s: an option (a line starting with -) must follow its column.")
                    % {"number": number}
                )
            columns[-1].setdefault("choices", []).append(_option(line[1:], number))
            continue
        key, thai, english = _parts(line, number)
        if not COLUMN_KEY.match(key):
            raise ValidationError(
                _("Line %(number)s: the column key “%(value)s” may hold only lower-case English letters, digits and _.")
                % {"number": number, "value": key}
            )
        columns.append({"key": key, "th": thai, "en": english})
        numbers.append(number)
    _no_repeats(columns, "key", numbers)
    return columns


def columns_text(columns: list[dict]) -> str:
    lines = []
    for column in columns or []:
        lines.append(_line(column.get("key", ""), column))
        lines += ["- " + _line(option.get("value", ""), option) for option in column.get("choices") or []]
    return "\n".join(lines)


class ModelErrorsShown:
    """A form that shows every error of the model's ``clean()``: one about a setting the form does not
    hold (an inline row has no options box) goes to the top of the form, named by its label, instead
    of failing the page."""

    def _update_errors(self, errors):
        if hasattr(errors, "error_dict"):
            kept, moved = {}, []
            for name, problems in errors.error_dict.items():
                if name in self.errors:
                    # The form already says what is wrong with what was typed there (the model saw
                    # the setting as it was before, since a refused value is never set).
                    continue
                if name == NON_FIELD_ERRORS or name in self.fields:
                    kept[name] = problems
                else:
                    label = capfirst(self._meta.model._meta.get_field(name).verbose_name)
                    moved += [f"{label}: {message}" for problem in problems for message in problem.messages]
            if moved:
                kept.setdefault(NON_FIELD_ERRORS, []).extend(ValidationError(message) for message in moved)
            errors = ValidationError(kept)
        super()._update_errors(errors)


def refuse_kind_change_when_answered(form) -> None:
    """A question's kind cannot change once it has answers (they would no longer mean what they say);
    staff replace the question instead. Answers are reached through the reverse relation, so that
    awards imports nothing of submissions."""
    field = form.instance
    if field.pk is None or "kind" not in form.changed_data:
        return
    if Field.objects.get(pk=field.pk).answers.exists():
        form.add_error(
            "kind",
            _(
                "This question already has answers, so its kind cannot change. Use “Replace this question” "
                "on its page: a new question takes its place in the form and the answers stay with this one."
            ),
        )
    kind = form.cleaned_data.get("kind")
    dependants = field.dependants.filter(retired=False)
    if kind and kind not in CHOICE_KINDS | {FieldKind.YES_NO} and dependants.exists():
        form.add_error(
            "kind",
            _("Other questions are shown depending on this one's answer (%(keys)s): it must stay a choice.")
            % {"keys": ", ".join(dependants.values_list("key", flat=True))},
        )


def refuse_taken_key(form, cycle_id) -> None:
    key = form.cleaned_data.get("key")
    if key and cycle_id and Field.objects.filter(cycle_id=cycle_id, key=key).exclude(pk=form.instance.pk).exists():
        form.add_error("key", _("Another question of this edition has this key."))


class FieldRowForm(ModelErrorsShown, forms.ModelForm):
    """One question as a row of its section's page: its edition is the section's."""

    class Meta:
        model = Field
        fields = [
            "position",
            "kind",
            "key",
            "name_th",
            "name_en",
            "help_th",
            "help_en",
            "required",
            "max_chars",
            "unit_th",
            "unit_en",
            "min_value",
            "max_value",
            "visibility",
            "identifying",
        ]
        labels = {"min_value": _("lowest number allowed"), "max_value": _("highest number allowed")}
        widgets = {
            "help_th": forms.Textarea(attrs={"rows": 2, "cols": 30}),
            "help_en": forms.Textarea(attrs={"rows": 2, "cols": 30}),
        }

    def clean(self):
        cleaned = super().clean()
        try:
            section = self.instance.section
        except Section.DoesNotExist:
            section = None
        if section is not None and section.cycle_id:
            self.instance.cycle_id = section.cycle_id
            refuse_taken_key(self, section.cycle_id)
        refuse_kind_change_when_answered(self)
        return cleaned


class RowsOfOneEdition(forms.BaseInlineFormSet):
    """The questions of one section: no key twice among the rows."""

    def clean(self):
        super().clean()
        seen = set()
        for form in self.forms:
            key = getattr(form, "cleaned_data", {}).get("key")
            if not key or form.cleaned_data.get("DELETE"):
                continue
            if key in seen:
                form.add_error("key", _("Another question of this edition has this key."))
            seen.add(key)


class CategoryChoices(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return obj.name_th


class CriterionChoices(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return _("version %(version)s · %(criterion)s") % {
            "version": obj.dimension.rubric.version,
            "criterion": obj,
        }


class FieldForm(ModelErrorsShown, forms.ModelForm):
    """A question's whole page: options and columns as lines, file kinds as boxes, categories and
    criteria of its own edition, a condition on another question of it."""

    choices = forms.CharField(
        label=_("options"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_(
            "One option a line: value | Thai | English, e.g. bus | รถโดยสาร | Bus. The English may be left out."
        ),
    )
    columns = forms.CharField(
        label=_("columns of the group"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_(
            "One column a line: key | Thai | English, e.g. name | ชื่อหน่วยงาน | Name. A column answered by "
            "choosing lists its options on the lines under it, each starting with -, e.g. - public | ภาครัฐ | Public."
        ),
    )
    file_kinds = forms.MultipleChoiceField(
        label=_("file kinds allowed"),
        choices=FILE_KINDS,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("None ticked: every kind the site accepts."),
    )
    condition_values = forms.CharField(
        label=_("has one of the answers"),
        required=False,
        help_text=_("The values of the options that show this question, separated by commas; or yes / no."),
    )

    class Meta:
        model = Field
        fields = [
            "cycle",
            "section",
            "position",
            "key",
            "kind",
            "name_th",
            "name_en",
            "help_th",
            "help_en",
            "required",
            "max_chars",
            "unit_th",
            "unit_en",
            "min_value",
            "max_value",
            "decimals",
            "choices",
            "columns",
            "max_rows",
            "file_kinds",
            "max_file_mb",
            "categories",
            "visibility",
            "identifying",
            "criteria",
            "condition_field",
            "condition_values",
            "rule",
            "rule_value",
            "rule_message_th",
            "rule_message_en",
        ]
        labels = FieldRowForm.Meta.labels
        widgets = {"categories": forms.CheckboxSelectMultiple, "criteria": forms.CheckboxSelectMultiple}
        field_classes = {"categories": CategoryChoices, "criteria": CriterionChoices}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial["choices"] = options_text(self.instance.choices)
            self.initial["columns"] = columns_text(self.instance.columns)
            self.initial["condition_values"] = ", ".join(self.instance.condition_values or [])
        cycle = self._cycle()
        if cycle is not None:
            self.limit_to(cycle)
        else:
            # The add page opened without an edition: everything, each named with its edition; the
            # checks in clean() keep what is chosen to the question's edition.
            self.fields["section"].queryset = Section.objects.select_related("cycle")
            self.fields["section"].label_from_instance = lambda section: f"{section.cycle.slug} · {section}"
            self.fields["categories"].queryset = Category.objects.select_related("cycle")
            self.fields["categories"].label_from_instance = lambda c: f"{c.cycle.slug} · {c.name_th}"
            self.fields["criteria"].queryset = Criterion.objects.select_related("dimension__rubric__cycle")
            self.fields["condition_field"].queryset = Field.objects.filter(retired=False).select_related("cycle")

    def _cycle(self) -> Cycle | None:
        """The question's edition: its own, or the one the add page was opened for (?cycle= or
        ?section=), or the one chosen in the posted form."""
        if self.instance.cycle_id:
            return self.instance.cycle
        chosen = self.data.get(self.add_prefix("cycle")) if self.is_bound else self.initial.get("cycle")
        if chosen and str(chosen).isdigit():
            return Cycle.objects.filter(pk=chosen).first()
        section = self.initial.get("section")
        if section and str(section).isdigit():
            return Cycle.objects.filter(sections__pk=section).first()
        return None

    def limit_to(self, cycle: Cycle) -> None:
        """Offer only what belongs to the question's edition."""
        self.fields["cycle"].initial = cycle.pk
        self.fields["section"].queryset = Section.objects.filter(cycle=cycle)
        self.fields["categories"].queryset = Category.objects.filter(cycle=cycle)
        self.fields["criteria"].queryset = Criterion.objects.filter(dimension__rubric__cycle=cycle).select_related(
            "dimension__rubric"
        )
        conditions = Field.objects.filter(
            cycle=cycle, retired=False, condition_field__isnull=True, kind__in=CHOICE_KINDS | {FieldKind.YES_NO}
        )
        self.fields["condition_field"].queryset = conditions.exclude(pk=self.instance.pk)

    def clean_choices(self):
        return parse_options(self.cleaned_data["choices"])

    def clean_columns(self):
        return parse_columns(self.cleaned_data["columns"])

    def clean_condition_values(self):
        return [value.strip() for value in self.cleaned_data["condition_values"].split(",") if value.strip()]

    def clean(self):
        cleaned = super().clean()
        cycle = cleaned.get("cycle")
        refuse_taken_key(self, cycle.pk if cycle else None)
        refuse_kind_change_when_answered(self)
        self._refuse_removing_answered_options(cleaned)
        if cycle is not None:
            self._refuse_other_editions(cycle, cleaned)
        self._refuse_unknown_condition_values(cleaned)
        return cleaned

    def _refuse_removing_answered_options(self, cleaned: dict) -> None:
        """An option some applicant chose stays (its label may change): removing it would leave their
        answer naming an option the form no longer has."""
        field = self.instance
        if field.pk is None or "choices" not in cleaned or field.kind not in CHOICE_KINDS:
            return
        kept = {option["value"] for option in cleaned["choices"]}
        chosen = set()
        for value in Field.objects.get(pk=field.pk).answers.values_list("value", flat=True):
            chosen.update(value if isinstance(value, list) else [value])
        removed = sorted(value for value in chosen - kept if isinstance(value, str) and value)
        if removed:
            self.add_error(
                "choices",
                _("Applicants chose %(values)s: keep these options (their labels may change).")
                % {"values": ", ".join(removed)},
            )

    def _refuse_other_editions(self, cycle: Cycle, cleaned: dict) -> None:
        if any(category.cycle_id != cycle.pk for category in cleaned.get("categories") or []):
            self.add_error("categories", _("Choose categories of this edition."))
        if any(criterion.dimension.rubric.cycle_id != cycle.pk for criterion in cleaned.get("criteria") or []):
            self.add_error("criteria", _("Choose criteria of this edition's rubric."))

    def _refuse_unknown_condition_values(self, cleaned: dict) -> None:
        condition, values = cleaned.get("condition_field"), cleaned.get("condition_values") or []
        if condition is None:
            if values:
                self.add_error("condition_values", _("Choose the question these answers belong to."))
            return
        known = YES_NO_VALUES if condition.kind == FieldKind.YES_NO else [o["value"] for o in condition.choices]
        unknown = [value for value in values if value not in known]
        if unknown:
            self.add_error(
                "condition_values",
                _("“%(values)s” is not an answer of that question; its answers are: %(known)s.")
                % {"values": ", ".join(unknown), "known": ", ".join(known)},
            )


class CopyFormSource(forms.Form):
    """Which edition's application form to copy (the admin's action on an edition)."""

    source = forms.ModelChoiceField(
        label=_("copy the application form of"),
        queryset=Cycle.objects.none(),
        help_text=_("Its sections and current questions, with their limits, rules, conditions and rubric links."),
    )

    def __init__(self, *args, target: Cycle, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["source"].queryset = (
            Cycle.objects.filter(fields__retired=False).exclude(pk=target.pk).distinct().order_by("-year", "slug")
        )
