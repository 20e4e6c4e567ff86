"""Demo applications entered the way an applicant enters one, for every demo edition of seed_demo:
answers to every question of the edition's form that read like the project's own
(demo/projects.py), a cover picture, a PDF brief and a photo (demo/pictures.py), each stored
through the applicants' own services, which check every answer and every file's content."""

import hashlib
import io
from datetime import date

from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile

from awards.models import Cycle
from demo import pictures, projects
from submissions import fieldkinds
from submissions.answers import form_fields
from submissions.filetypes import detect, display_name, safe_storage_name
from submissions.models import Answer, Application, Attachment, Organisation
from submissions.services.answers import save_section
from submissions.services.applications import save_facts, start_application, submit_application
from submissions.services.attachments import add_attachment, set_cover_image


def demo_values(*, title: str, organisation: Organisation, started_on: date, **overrides) -> dict[str, object]:
    """What a demo project answers, by question key, as an applicant types it (dates as day/month/
    year): the facts, one long answer per section of the 2022 form and the live edition's further
    questions. A form asks only some of them; ``overrides`` replace any."""
    own = projects.answers(title=title, organisation=organisation.name, province=organisation.province.name_th)
    return {
        "started_on": started_on.strftime("%d/%m/%Y"),
        **projects.facts(title),
        **{f"answer_{number}": text for number, text in enumerate(own, start=1)},
        **projects.more(title=title, organisation=organisation.name, province_code=organisation.province.code),
        **overrides,
    }


def answer_sections(*, application: Application, values: dict[str, object], by, sections: int | None = None) -> None:
    """Save the form's sections (the first ``sections`` of them, or all) as the applicant saves them,
    one section at a time through save_section, with the values its questions ask for. A refusal
    or a conflict is a fault of the demo's data: it stops the demo with the question and the reason."""
    grouped: dict[int, tuple] = {}
    for item in form_fields(application.cycle):
        grouped.setdefault(item.section_id, (item.section, []))[1].append(item)
    for section, items in list(grouped.values())[:sections]:
        raw = {item.key: values[item.key] for item in items if item.key in values}
        if not raw:
            continue
        result = save_section(application=application, section=section, raw=raw, versions={}, by=by)
        if not result.ok:
            raise RuntimeError(f"demo answers refused in {application.title_th}: {result.errors or result.conflicts}")


def store_demo_answers(application: Application, values: dict[str, object]) -> None:
    """Answers for an application the demo creates directly (no applicant account, past its deadline,
    so save_section would rightly refuse): each value for a question of its form is cleaned as the
    form cleans it (submissions.fieldkinds.clean) and written as an Answer row, version 1. Keys the
    form does not ask are left out."""
    fields = {item.key: item for item in form_fields(application.cycle)}
    for key, raw in values.items():
        if key in fields and not fields[key].is_file:
            Answer.objects.create(application=application, field=fields[key], value=fieldkinds.clean(fields[key], raw))


def attach_demo_files(*, application: Application, summary: str, by) -> None:
    """The cover image, a one-page PDF brief and a photo, uploaded as an applicant uploads them.
    The brief is a general attachment; the photo answers the form's file question for photographs
    (``photos``, the live form's) where the form asks one, and is a general attachment otherwise."""
    title = application.title_th
    set_cover_image(
        application=application,
        uploaded_file=SimpleUploadedFile("cover.png", pictures.cover_png(title), "image/png"),
        by=by,
    )
    photos = next((item for item in form_fields(application.cycle) if item.key == "photos" and item.is_file), None)
    for name, content in _files(application, summary):
        question = photos if name.endswith(".png") else None
        add_attachment(application=application, uploaded_file=SimpleUploadedFile(name, content), by=by, field=question)


def _files(application: Application, summary: str) -> list[tuple[str, bytes]]:
    title = application.title_th
    # The brief names the category, not the organisation: every judge opens the general attachments,
    # in a blind round too (the judging edition's), so a brief must not say who applied.
    brief = pictures.brief_pdf(title=title, subtitle=application.category.name_th, summary=summary)
    return [("project-brief.pdf", brief), ("site-photo.png", pictures.photo_png(title))]


def store_demo_attachments(application: Application, summary: str) -> None:
    """The same two files for a finalist the demo creates directly (no applicant account, past its
    deadline, so the applicants' service would rightly refuse): each still passes the content check
    (``detect``) and is stored under a random name, as the service stores it."""
    for name, content in _files(application, summary):
        kind = detect(io.BytesIO(content), size=len(content))
        attachment = Attachment(
            application=application,
            original_name=display_name(name, kind),
            kind=kind.value,
            size=len(content),
            sha256=hashlib.sha256(content).hexdigest(),
        )
        attachment.file.save(safe_storage_name(name, kind), ContentFile(content), save=False)
        attachment.full_clean(exclude=["uploaded_by"])  # no applicant uploaded it
        attachment.save()


def submitted_application(
    *,
    organisation: Organisation,
    cycle: Cycle,
    category_slug: str,
    title: str,
    by,
    started_on: date,
    **answers,
) -> Application:
    """Started, consent to publish given, every question of the form answered section by section
    (a public summary and a video link among them), its files attached and submitted, through the
    applicant's own services. ``answers`` (by question key, as typed) replace the project's own."""
    application = start_application(
        organisation=organisation,
        cycle=cycle,
        category=cycle.categories.get(slug=category_slug),
        title_th=title,
        by=by,
    )
    application = save_facts(application=application, by=by, expected_version=application.version, publish_consent=True)
    values = demo_values(title=title, organisation=organisation, started_on=started_on, **answers)
    answer_sections(application=application, values=values, by=by)
    attach_demo_files(application=application, summary=values["summary"], by=by)
    return submit_application(application=application, by=by)


def draft_application(
    *, organisation: Organisation, cycle: Cycle, category_slug: str, title: str, by, started_on: date
) -> Application:
    """A draft begun: the facts and the first long answer saved, the rest still to write."""
    application = start_application(
        organisation=organisation,
        cycle=cycle,
        category=cycle.categories.get(slug=category_slug),
        title_th=title,
        by=by,
    )
    values = demo_values(title=title, organisation=organisation, started_on=started_on)
    answer_sections(application=application, values=values, by=by, sections=2)
    return application
