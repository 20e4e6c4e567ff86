"""Demo applications entered the way an applicant enters one, for every demo edition of seed_demo."""

from datetime import date

from awards.models import Cycle
from submissions.models import Application
from submissions.services.applications import save_answer, save_facts, start_application, submit_application


def submitted_application(
    *,
    organisation,
    cycle: Cycle,
    category_slug: str,
    title: str,
    by,
    started_on: date,
    answer: str = "{section}: {title}",
    **facts,
) -> Application:
    """Started, its facts saved, every section answered (``answer`` with the section's Thai name and
    the title filled in) and submitted, through the applicant's own services."""
    application = start_application(
        organisation=organisation,
        cycle=cycle,
        category=cycle.categories.get(slug=category_slug),
        title_th=title,
        by=by,
    )
    save_facts(application=application, by=by, expected_version=application.version, started_on=started_on, **facts)
    for section in cycle.sections.order_by("position"):
        text = answer.format(section=section.name_th, title=title)
        save_answer(application=application, section=section, text=text, expected_version=0, by=by)
    return submit_application(application=application, by=by)
