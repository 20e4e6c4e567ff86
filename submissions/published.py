"""What the public reads of applications, the same on every public page (the vote gallery and finalist
pages, the showcase and its open data, the results): the answers to the questions marked public, read
through ``submissions.answers`` (so only with the organisation's consent), and the short text a card
shows. The cover image's answer is ``views.consent.published_cover``."""

from awards.enums import FieldKind
from awards.models import Field

from .answers import Reader, Shown, answers_for_many

SUMMARY_KEY = "summary"  # the demo forms' public summary (demo/forms.py FACTS)


def published_answers(applications) -> dict[int, list[Shown]]:
    """The answered public questions of each application (none without consent), in form order, in
    constant queries. File questions are left out: no public page serves an applicant's files."""
    applications = list(applications)
    prime_form_fields(applications)
    found = answers_for_many(applications, Reader.PUBLIC)
    return {pk: [item for item in shown if item.answered and not item.field.is_file] for pk, shown in found.items()}


def card_text(answers: list[Shown]) -> str:
    """The text a card shows: the answer keyed ``summary``, else the first long public answer."""
    for item in answers:
        if item.key == SUMMARY_KEY:
            return item.text
    return next((item.text for item in answers if item.field.kind == FieldKind.LONG_TEXT), "")


def prime_form_fields(applications) -> None:
    """Read the questions of every edition of ``applications`` in two queries in all (rather than two
    per edition), and leave them where ``answers.form_fields`` finds them on each cycle object: the
    showcase and its open data list the solutions of every edition at once."""
    cycles = [application.cycle for application in applications]
    missing = {cycle.pk for cycle in cycles if getattr(cycle, "_form_fields", None) is None}
    if not missing:
        return
    by_cycle: dict[int, list[Field]] = {pk: [] for pk in missing}
    questions = (
        Field.objects.filter(cycle_id__in=missing, retired=False)
        .select_related("section", "condition_field")
        .prefetch_related("categories")
        .order_by("section__position", "position", "id")
    )
    for item in questions:
        item.category_ids = {category.pk for category in item.categories.all()}
        by_cycle[item.cycle_id].append(item)
    for cycle in cycles:
        if cycle.pk in missing:
            cycle._form_fields = by_cycle[cycle.pk]
