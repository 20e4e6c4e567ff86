"""Demo applications entered the way an applicant enters one, for every demo edition of seed_demo:
facts, answers that read like the project's own (demo/projects.py), a cover picture, a PDF brief
and a photo (demo/pictures.py), each stored through the applicants' own services, which check
every file's content."""

import hashlib
import io
from datetime import date

from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile

from awards.models import Cycle
from demo import pictures, projects
from submissions.filetypes import detect, display_name, safe_storage_name
from submissions.models import Application, Attachment
from submissions.services.applications import save_answer, save_facts, start_application, submit_application
from submissions.services.attachments import add_attachment, set_cover_image


def attach_demo_files(*, application: Application, by) -> None:
    """The cover image, a one-page PDF brief and a photo, uploaded as an applicant uploads them."""
    title = application.title_th
    set_cover_image(
        application=application,
        uploaded_file=SimpleUploadedFile("cover.png", pictures.cover_png(title), "image/png"),
        by=by,
    )
    for name, content in _files(application):
        add_attachment(application=application, uploaded_file=SimpleUploadedFile(name, content), by=by)


def _files(application: Application) -> list[tuple[str, bytes]]:
    title = application.title_th
    brief = pictures.brief_pdf(title=title, organisation=application.organisation.name, summary=application.summary)
    return [("project-brief.pdf", brief), ("site-photo.png", pictures.photo_png(title))]


def store_demo_attachments(application: Application) -> None:
    """The same two files for a finalist the demo creates directly (no applicant account, past its
    deadline, so the applicants' service would rightly refuse): each still passes the content check
    (``detect``) and is stored under a random name, as the service stores it."""
    for name, content in _files(application):
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
    organisation,
    cycle: Cycle,
    category_slug: str,
    title: str,
    by,
    started_on: date,
    answer: str | None = None,
    **facts,
) -> Application:
    """Started, its facts saved (a public summary and a video link among them), every section
    answered, its files attached and submitted, through the applicant's own services. ``answer``
    (with ``{section}`` and ``{title}``) replaces the project's own answers."""
    application = start_application(
        organisation=organisation,
        cycle=cycle,
        category=cycle.categories.get(slug=category_slug),
        title_th=title,
        by=by,
    )
    facts = {
        "summary": projects.summary(title),
        "video_url": projects.video_url(title),
        "publish_consent": True,
        **facts,
    }
    save_facts(application=application, by=by, expected_version=application.version, started_on=started_on, **facts)
    own = projects.answers(title=title, organisation=organisation.name, province=organisation.province.name_th)
    for section, text in zip(cycle.sections.order_by("position"), own, strict=False):
        text = answer.format(section=section.name_th, title=title) if answer else text
        save_answer(application=application, section=section, text=text, expected_version=0, by=by)
    attach_demo_files(application=application, by=by)
    return submit_application(application=application, by=by)
