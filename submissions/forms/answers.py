"""The controls of one section of the applicant's form, ready for the template: what each question
shows (the saved answer, or what was just posted when the page comes back with a refusal), its
options, rows, limits, hint, error and conflict.

Nothing here checks or saves an answer: the view collects what was posted (``posted_answers``) and
hands it to ``services.answers.save_section``, which reads it through ``submissions.fieldkinds``.
"""

from dataclasses import dataclass
from dataclasses import field as dataclass_field
from datetime import date, datetime
from decimal import Decimal

from django.utils.translation import gettext_lazy as _

from awards.enums import FieldKind
from core import formats
from core.thai import thai_sort_key

from .. import fieldkinds
from ..answers import Asked
from ..filetypes import FileKind
from ..provinces import PROVINCES
from ..services.attachments import kinds_text, megabytes, question_size_limit

# A choice of more options than this is a list to pick from rather than a row of radio buttons.
MOST_RADIOS = 6
# Empty rows a repeating group offers below its answered ones.
EMPTY_ROWS = 2
# The most rows a posted group is read up to (a group without max_rows).
MOST_ROWS = 100
VERSION_SUFFIX = "__version"
TEMPLATES = {
    FieldKind.SHORT_TEXT: "text",
    FieldKind.URL: "text",
    FieldKind.EMAIL: "text",
    FieldKind.NUMBER: "text",
    FieldKind.MONEY: "text",
    FieldKind.DATE: "text",
    FieldKind.LONG_TEXT: "textarea",
    FieldKind.CHOICE: "choice",
    FieldKind.YES_NO: "choice",
    FieldKind.CHOICES: "choices",
    FieldKind.PROVINCE: "select",
    FieldKind.GROUP: "group",
    FieldKind.FILE: "file",
}


@dataclass
class Option:
    value: str
    label: str
    checked: bool = False


@dataclass
class Cell:
    name: str
    label: str
    value: str
    options: list[Option] | None = None


@dataclass
class Control:
    """One question as the section page shows it."""

    asked: Asked
    text: str = ""
    selected: list[str] = dataclass_field(default_factory=list)
    rows: list[list[Cell]] = dataclass_field(default_factory=list)
    version: int = 0
    error: str = ""
    conflict: object = None  # services.editing.EditConflict
    saved_at: datetime | None = None  # when this request saved it

    @property
    def described_by(self) -> str:
        """The ids that describe the question's input: its hint, its refusal and its save status."""
        ids = [f"help-{self.key}"] if self.field.help else []
        ids += [f"format-{self.key}"] if self.format_hint else []
        ids += [f"error-{self.key}"] if self.error else []
        ids += [] if self.field.is_file else [f"status-{self.key}"]
        return " ".join(ids)

    @property
    def field(self):
        return self.asked.shown.field

    @property
    def key(self) -> str:
        return self.field.key

    @property
    def hidden(self) -> bool:
        return self.asked.hidden

    @property
    def files(self) -> list:
        return self.asked.shown.files

    @property
    def template(self) -> str:
        return f"submissions/questions/_{TEMPLATES[self.field.kind]}.html"

    @property
    def input_id(self) -> str:
        return f"id_{self.key}"

    @property
    def label(self) -> str:
        return self.field.name

    @property
    def input_type(self) -> str:
        return {FieldKind.URL: "url", FieldKind.EMAIL: "email"}.get(self.field.kind, "text")

    @property
    def inputmode(self) -> str:
        kind = self.field.kind
        if kind in (FieldKind.NUMBER, FieldKind.MONEY):
            whole = kind == FieldKind.NUMBER and not self.field.decimals
            return "numeric" if whole else "decimal"
        return {FieldKind.URL: "url", FieldKind.EMAIL: "email", FieldKind.DATE: "numeric"}.get(kind, "")

    @property
    def unit(self) -> str:
        if self.field.kind == FieldKind.MONEY:
            return str(_("baht"))
        return self.field.unit if self.field.kind == FieldKind.NUMBER else ""

    @property
    def placeholder(self) -> str:
        return str(_("dd/mm/yyyy")) if self.field.kind == FieldKind.DATE else ""

    @property
    def format_hint(self) -> str:
        """How a date is typed, as visible text beside the box (a placeholder alone vanishes as soon
        as one types, and many screen readers skip it)."""
        if self.field.kind != FieldKind.DATE:
            return ""
        return str(_("Day/month/year, for example %(example)s") % {"example": formats.input_date(date(2022, 9, 15))})

    @property
    def is_select(self) -> bool:
        return self.field.kind == FieldKind.PROVINCE or (
            self.field.kind == FieldKind.CHOICE and len(self.field.choices) > MOST_RADIOS
        )

    @property
    def options(self) -> list[Option]:
        kind = self.field.kind
        if kind == FieldKind.YES_NO:
            pairs = [(fieldkinds.YES, _("yes")), (fieldkinds.NO, _("no"))]
        elif kind == FieldKind.PROVINCE:
            pairs = [(province.code, province.name_th) for province in PROVINCES_IN_THAI_ORDER]
        else:
            pairs = [(option["value"], self.field.option_label(option["value"])) for option in self.field.choices]
        return [Option(value, str(label), value in self.selected) for value, label in pairs]

    @property
    def condition_key(self) -> str:
        condition = self.field.condition_field
        return condition.key if condition else ""

    @property
    def condition_values(self) -> str:
        return " ".join(self.field.condition_values)

    @property
    def accept(self) -> str:
        kinds = [FileKind(kind) for kind in self.field.file_kinds] or list(FileKind)
        return ",".join([*(f".{kind.extension}" for kind in kinds), *(kind.mime_type for kind in kinds)])

    @property
    def file_hint(self) -> str:
        kinds = self.field.file_kinds or [kind.value for kind in FileKind]
        hint = _("%(kinds)s, up to %(limit)s MB each") % {
            "kinds": kinds_text(kinds),
            "limit": megabytes(question_size_limit(self.field)),
        }
        if self.field.max_rows:
            hint = _("%(hint)s; at most %(count)s files") % {"hint": hint, "count": self.field.max_rows}
        return hint

    @property
    def room_for_files(self) -> bool:
        return not self.field.max_rows or len(self.files) < self.field.max_rows

    @property
    def param_names(self) -> str:
        """What an autosave of this question posts (htmx ``hx-params``): its own inputs only."""
        names = [self.key, f"{self.key}{VERSION_SUFFIX}", "editor", "csrfmiddlewaretoken"]
        names += [cell.name for row in self.rows for cell in row]
        return ",".join(names)


PROVINCES_IN_THAI_ORDER = sorted(PROVINCES, key=lambda province: thai_sort_key(province.name_th))


def posted_answers(data, asked: list[Asked]) -> tuple[dict, dict]:
    """What the page posted per question (``raw``: text, a list of options, or rows) and the versions
    its form loaded. A question is posted when its version is (a question hidden and disabled in
    the browser is not); file questions are answered by uploads, not here."""
    raw, versions = {}, {}
    for item in asked:
        field = item.shown.field
        if field.is_file or f"{field.key}{VERSION_SUFFIX}" not in data:
            continue
        versions[field.key] = _version(data.get(f"{field.key}{VERSION_SUFFIX}"))
        raw[field.key] = _raw(data, field)
    return raw, versions


def _version(text) -> int:
    return int(text) if str(text or "").isdigit() else 0


def _raw(data, field):
    if field.kind == FieldKind.CHOICES:
        return data.getlist(field.key)
    if field.kind == FieldKind.GROUP:
        return _posted_rows(data, field)
    return data.get(field.key, "")


def _posted_rows(data, field) -> list[dict]:
    rows = []
    for index in range(field.max_rows or MOST_ROWS):
        names = {column["key"]: f"{field.key}-{index}-{column['key']}" for column in field.columns}
        if not any(name in data for name in names.values()):
            break
        rows.append({key: data.get(name, "") for key, name in names.items()})
    return rows


def controls(
    asked: list[Asked],
    *,
    posted: dict | None = None,
    versions: dict | None = None,
    errors: dict | None = None,
    conflicts: dict | None = None,
    saved: dict | None = None,
) -> list["Control"]:
    """The section's questions ready to show: the saved answers, or what was posted where a question
    was posted (``posted``), with each question's error and conflict. Each version is the one the
    next save must carry: the new one where saved, the other person's where in conflict."""
    posted, versions, errors = posted or {}, versions or {}, errors or {}
    conflicts, saved = conflicts or {}, saved or {}
    shown = []
    for item in asked:
        key = item.shown.field.key
        control = Control(asked=item, error=errors.get(key, ""), conflict=conflicts.get(key))
        if key in posted:
            _fill_posted(control, posted[key])
        else:
            _fill_saved(control, item.shown.value)
        control.version = _next_version(item, key, versions, saved, conflicts)
        control.saved_at = saved[key].updated_at if key in saved else None
        shown.append(control)
    return shown


def _next_version(item: Asked, key: str, versions: dict, saved: dict, conflicts: dict) -> int:
    if key in saved:
        return saved[key].version
    if key in conflicts:
        return conflicts[key].current_version
    return versions.get(key, item.shown.version)


def _fill_saved(control: Control, value) -> None:
    field = control.field
    if value is None:
        _fill_posted(control, [] if field.kind in (FieldKind.CHOICES, FieldKind.GROUP) else "")
        return
    if field.kind == FieldKind.DATE:
        _fill_posted(control, formats.input_date(date.fromisoformat(value)))
    elif field.kind in (FieldKind.NUMBER, FieldKind.MONEY):
        # Grouped as people write it (120,000; 1,800,000.00): the number reads back as it is read.
        _fill_posted(control, f"{Decimal(value):,}")
    else:
        _fill_posted(control, value)


def _fill_posted(control: Control, raw) -> None:
    field = control.field
    if field.kind == FieldKind.GROUP:
        control.rows = _rows(field, raw if isinstance(raw, list) else [])
    elif field.kind == FieldKind.CHOICES:
        control.selected = [str(value) for value in raw] if isinstance(raw, list) else []
    elif field.kind in (FieldKind.CHOICE, FieldKind.YES_NO, FieldKind.PROVINCE):
        control.selected = [str(raw)] if raw else []
    elif not field.is_file:
        control.text = "" if raw is None else str(raw)


def _rows(field, given: list) -> list[list[Cell]]:
    """The rows of a repeating group: those given and two empty ones, up to the group's limit."""
    given = [row for row in given if isinstance(row, dict)]
    count = len(given) + EMPTY_ROWS
    if field.max_rows:
        count = max(len(given), min(count, field.max_rows))
    rows = []
    for index in range(count):
        row = given[index] if index < len(given) else {}
        rows.append([_cell(field, index, column, str(row.get(column["key"], "") or "")) for column in field.columns])
    return rows


def _cell(field, index: int, column: dict, value: str) -> Cell:
    options = None
    if column.get("choices"):
        options = [
            Option(option["value"], fieldkinds.column_label(option), option["value"] == value)
            for option in column["choices"]
        ]
    return Cell(f"{field.key}-{index}-{column['key']}", fieldkinds.column_label(column), value, options)


@dataclass
class _SummaryLine:
    id_for_label: str
    label: str
    errors: list[str]


class SectionErrors:
    """The section's refusals as ``templates/_form_errors.html`` reads a form: one line per question,
    each linking to it, after the refusals of the whole page."""

    def __init__(self, controls: list[Control], general: list[str] | None = None):
        self.general = list(general or [])
        self.lines = [_SummaryLine(c.input_id, c.label, [c.error]) for c in controls if c.error]

    @property
    def errors(self) -> bool:
        return bool(self.general or self.lines)

    def non_field_errors(self) -> list[str]:
        return self.general

    def __iter__(self):
        return iter(self.lines)
