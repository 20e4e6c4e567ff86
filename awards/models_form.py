"""The application form of a cycle as data: typed fields grouped in sections, edited by staff.

A field says what it asks (its kind and limits), for which categories, on which condition (one level:
another field's answer), who may read its answers (``visibility``; ``identifying`` ones are withheld
from judges in a blind round), which criteria of the rubric read it, and which eligibility rule its
answer must meet at submission. Answers live in ``submissions.Answer``; they are read through
``submissions.answers`` and checked by ``submissions.fieldkinds``.
"""

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core import formats

from .enums import FieldKind, FieldRule, Visibility
from .models import Bilingual, Category, Criterion, Cycle, Section

KEY_VALIDATOR = RegexValidator(
    r"^[a-z][a-z0-9_]*$", _("Use lower-case English letters, digits and _ only, starting with a letter.")
)

# Kinds whose answer is a number (their minimum, maximum and decimals apply).
NUMERIC_KINDS = frozenset({FieldKind.NUMBER, FieldKind.MONEY})
# Kinds that offer the options listed in ``choices``.
CHOICE_KINDS = frozenset({FieldKind.CHOICE, FieldKind.CHOICES})
# Kinds whose answer is text with a length limit.
TEXT_KINDS = frozenset({FieldKind.SHORT_TEXT, FieldKind.LONG_TEXT})
# What each rule applies to.
RULE_KINDS = {
    FieldRule.MONTHS_BEFORE_DEADLINE: {FieldKind.DATE},
    FieldRule.AT_LEAST: NUMERIC_KINDS,
    FieldRule.AT_MOST: NUMERIC_KINDS,
    FieldRule.MUST_BE_YES: {FieldKind.YES_NO},
}


class Field(Bilingual):
    """One question of a cycle's application form."""

    cycle = models.ForeignKey(Cycle, on_delete=models.CASCADE, related_name="fields", verbose_name=_("cycle"))
    section = models.ForeignKey(Section, on_delete=models.CASCADE, related_name="fields", verbose_name=_("section"))
    key = models.CharField(
        _("key"),
        max_length=50,
        validators=[KEY_VALIDATOR],
        help_text=_("A short English name for exports and conditions, unique in the edition, e.g. started_on."),
    )
    position = models.PositiveSmallIntegerField(_("order"), default=0)
    kind = models.CharField(_("kind"), max_length=20, choices=FieldKind.choices)
    name_th = models.CharField(_("question (Thai)"), max_length=300)
    name_en = models.CharField(_("question (English)"), max_length=300, blank=True)
    help_th = models.TextField(_("hint (Thai)"), blank=True)
    help_en = models.TextField(_("hint (English)"), blank=True)
    required = models.BooleanField(_("required"), default=False)
    max_chars = models.PositiveIntegerField(
        _("length limit (characters)"), null=True, blank=True, validators=[MinValueValidator(1)]
    )
    unit_th = models.CharField(_("unit (Thai)"), max_length=50, blank=True)
    unit_en = models.CharField(_("unit (English)"), max_length=50, blank=True)
    min_value = models.DecimalField(_("minimum"), max_digits=16, decimal_places=4, null=True, blank=True)
    max_value = models.DecimalField(_("maximum"), max_digits=16, decimal_places=4, null=True, blank=True)
    decimals = models.PositiveSmallIntegerField(_("decimal places"), default=0, validators=[MaxValueValidator(4)])
    # [{"value": "bus", "th": "รถโดยสาร", "en": "Bus"}, ...] for choices; for a repeating group, its
    # columns: [{"key": "name", "th": "ชื่อ", "en": "Name", "choices": [...]}] (a column with choices
    # is a choice, any other is short text).
    choices = models.JSONField(_("options"), default=list, blank=True)
    columns = models.JSONField(_("columns of the group"), default=list, blank=True)
    max_rows = models.PositiveSmallIntegerField(_("most rows or files"), null=True, blank=True)
    file_kinds = models.JSONField(
        _("file kinds allowed"), default=list, blank=True, help_text=_("Empty: every kind the site accepts.")
    )
    max_file_mb = models.PositiveSmallIntegerField(_("size limit per file (MB)"), null=True, blank=True)
    categories = models.ManyToManyField(
        Category,
        related_name="+",
        blank=True,
        verbose_name=_("only for the categories"),
        help_text=_("Empty: every category."),
    )
    condition_field = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="dependants",
        verbose_name=_("shown only when the question"),
    )
    condition_values = models.JSONField(
        _("has one of the answers"), default=list, blank=True, help_text=_("Option values, or yes / no.")
    )
    visibility = models.CharField(
        _("who may read the answers"), max_length=10, choices=Visibility.choices, default=Visibility.JUDGES
    )
    identifying = models.BooleanField(
        _("identifies the organisation"),
        default=False,
        help_text=_("Withheld from judges in a blind round (names, logos, province, people)."),
    )
    rule = models.CharField(_("eligibility rule"), max_length=30, choices=FieldRule.choices, blank=True)
    rule_value = models.DecimalField(_("N of the rule"), max_digits=16, decimal_places=4, null=True, blank=True)
    rule_message_th = models.CharField(_("message when the rule fails (Thai)"), max_length=400, blank=True)
    rule_message_en = models.CharField(_("message when the rule fails (English)"), max_length=400, blank=True)
    criteria = models.ManyToManyField(
        Criterion, related_name="fields", blank=True, verbose_name=_("criteria that read it")
    )
    # A field replaced by another (its kind could not change once answered) is kept with its answers
    # and left out of new forms.
    retired = models.BooleanField(_("retired"), default=False)
    replaced_by = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("replaced by")
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("question of the application form")
        verbose_name_plural = _("questions of the application form")
        ordering = ["section__position", "position", "id"]
        constraints = [models.UniqueConstraint(fields=["cycle", "key"], name="awards_field_unique_key")]

    def __str__(self):
        return self.name_th

    @property
    def help(self) -> str:
        return self.localized("help")

    @property
    def unit(self) -> str:
        return self.localized("unit")

    @property
    def rule_message(self) -> str:
        return self.localized("rule_message")

    def rule_sentence(self, *, date_text: str = "") -> str:
        """The staff's message for the rule: ``{n}`` in it becomes the rule's N, ``{date}`` the latest
        date that qualifies (for a months-before-the-deadline rule)."""
        n = self.rule_value
        n_text = formats.grouped(int(n) if n is not None and n == int(n) else n)
        return self.rule_message.replace("{n}", n_text).replace("{date}", date_text)

    @property
    def is_file(self) -> bool:
        return self.kind == FieldKind.FILE

    def option_label(self, value: str) -> str:
        for option in self.choices:
            if option.get("value") == value:
                return localized_option(option)
        return value

    def clean(self):
        errors = {}
        if self.section_id and self.cycle_id and self.section.cycle_id != self.cycle_id:
            errors["section"] = _("Choose a section of this edition.")
        if self.kind in CHOICE_KINDS and not self.choices:
            errors["choices"] = _("List the options to choose from.")
        values = [option.get("value") for option in self.choices if isinstance(option, dict)]
        if len(values) != len(set(values)) or len(values) != len(self.choices or []):
            errors["choices"] = _("Each option needs its own value.")
        if self.kind == FieldKind.GROUP and not self.columns:
            errors["columns"] = _("List the columns of the group.")
        if self.min_value is not None and self.max_value is not None and self.min_value > self.max_value:
            errors["max_value"] = _("The maximum is smaller than the minimum.")
        if self.rule and self.kind not in RULE_KINDS.get(self.rule, ()):
            errors["rule"] = _("This rule does not apply to this kind of question.")
        if self.rule and self.rule != FieldRule.MUST_BE_YES and self.rule_value is None:
            errors["rule_value"] = _("Give the N of the rule.")
        if self.rule and not self.rule_message_th:
            errors["rule_message_th"] = _("Write the message applicants read when the rule fails.")
        if self.condition_field_id:
            condition = self.condition_field
            if condition.pk == self.pk:
                errors["condition_field"] = _("A question cannot depend on itself.")
            elif condition.cycle_id != self.cycle_id:
                errors["condition_field"] = _("Choose a question of this edition.")
            elif condition.condition_field_id:
                errors["condition_field"] = _("That question is itself conditional: one level of conditions only.")
            elif condition.kind not in CHOICE_KINDS | {FieldKind.YES_NO}:
                errors["condition_field"] = _("A condition can only depend on a choice or a yes/no question.")
            elif not self.condition_values:
                errors["condition_values"] = _("Give the answers that show this question.")
        if errors:
            raise ValidationError(errors)


def localized_option(entry: dict) -> str:
    """An option's (or a group column's) label in the active language: English when asked and given,
    else Thai, else its value or key."""
    if (get_language() or "th").startswith("en") and entry.get("en"):
        return entry["en"]
    return entry.get("th") or entry.get("value") or entry.get("key", "")
