"""Answers to the demo forms' fact questions (demo/forms.py FACTS: summary, video_url, website_url,
area_served, budget...), for the tests of what the public reads: ``answer_facts(application,
summary="...", video_url="...")`` creates each question once per cycle, as the demo forms define it
(the summary, video and website marked public; the rest for staff and judges), in one section."""

from awards.models import Field, Section
from demo.forms import FACTS
from submissions.answers import forget_form_fields
from submissions.fieldkinds import clean
from submissions.models import Answer

from .factories import FieldFactory, SectionFactory

SECTION_POSITION = 90


def fact_question(cycle, key: str) -> Field:
    existing = Field.objects.filter(cycle=cycle, key=key).first()
    if existing:
        return existing
    _key, kind, name_th, name_en, options = next(item for item in FACTS if item[0] == key)
    section = Section.objects.filter(cycle=cycle, position=SECTION_POSITION).first() or SectionFactory(
        cycle=cycle, position=SECTION_POSITION
    )
    return FieldFactory(
        section=section,
        key=key,
        kind=kind,
        name_th=name_th,
        name_en=name_en,
        **{"required": False, "max_chars": None, **options},
    )


def answer_facts(application, **values) -> dict[str, Answer]:
    """Store each value (as the applicant would type it) as the application's answer to that fact."""
    stored = {}
    for key, raw in values.items():
        question = fact_question(application.cycle, key)
        stored[key], _created = Answer.objects.update_or_create(
            application=application, field=question, defaults={"value": clean(question, raw)}
        )
    forget_form_fields(application.cycle)
    return stored
