"""The evidence beside the score: the project's facts, its links, its files (PDFs shown by the browser,
pictures inline, other files downloaded) and the judge's copy of the application as submitted, on the
scoring page and, the same block, on the applicant's preview; who may open what (404 otherwise), a
blind round, and query counts that do not grow with the files."""

import io
import re
import unicodedata
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from accounts.enums import Role
from awards.enums import FieldKind, Visibility
from judging.enums import AssignmentSource, ScorecardStatus
from judging.models import Panel
from judging.services.scoring import scorecard_for
from submissions.enums import ApplicationStatus
from tests.factories import (
    AnswerFactory,
    ApplicationFactory,
    AssignmentFactory,
    AttachmentFactory,
    FieldFactory,
    MembershipFactory,
    RoundFactory,
    SectionFactory,
    UserFactory,
    png_bytes,
)

from .test_views import answered, assign, declare, make_round

pytestmark = pytest.mark.django_db

ORGANISATION = "เทศบาลนครหลักฐานลับ"
VIDEO = "https://video.example.org/watch/abc123"
WEBSITE = "https://www.example.go.th/project"
STAFF_ONLY = "เบอร์ติดต่อภายในของผู้ประสานงาน"
PNG = png_bytes()
DOCX = b"PK\x03\x04 a stand-in for a Word file"


@pytest.fixture
def media(settings, tmp_path):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": tmp_path}},
    }
    return tmp_path


def _file(application, name, kind, data=None, field=None):
    if data is None:
        return AttachmentFactory(application=application, original_name=name, field=field)
    return AttachmentFactory(
        application=application,
        original_name=name,
        kind=kind,
        field=field,
        file__data=data,
        file__filename=f"stored.{kind}",
        size=len(data),
        sha256="0" * 64,
    )


def with_evidence(judge, *, blind=False, files=1, reference="SCSA-E-001"):
    """A judge's answered assignment whose application answered the facts (people served), a video
    link (identifying), a website, a staff-only answer, a picture question and an identifying file
    question, with ``files`` general PDFs and a Word file."""
    round_ = make_round()
    round_.blind = blind
    round_.save()
    assignment = assign(round_, judge, organisation__name=ORGANISATION, reference=reference)
    application = assignment.application
    section = SectionFactory(cycle=round_.cycle, position=2, name_th="หลักฐาน")
    field = {
        "people": FieldFactory(section=section, kind=FieldKind.NUMBER, name_th="จำนวนผู้ได้รับบริการ", unit_th="คน"),
        "video": FieldFactory(section=section, kind=FieldKind.URL, name_th="ลิงก์วิดีโอ", identifying=True),
        "website": FieldFactory(section=section, kind=FieldKind.URL, name_th="เว็บไซต์"),
        "staff": FieldFactory(section=section, name_th="ติดต่อภายใน", visibility=Visibility.STAFF),
        "photos": FieldFactory(section=section, kind=FieldKind.FILE, name_th="ภาพถ่าย", max_chars=None),
        "logo": FieldFactory(section=section, kind=FieldKind.FILE, name_th="ตรา", identifying=True, max_chars=None),
    }
    for key, value in (("people", "12500"), ("video", VIDEO), ("website", WEBSITE), ("staff", STAFF_ONLY)):
        AnswerFactory(application=application, field=field[key], value=value)
    named = {
        "photo": _file(application, "ภาพหน้างาน.png", "png", PNG, field=field["photos"]),
        "logo": _file(application, "ตราเทศบาล.png", "png", PNG, field=field["logo"]),
        "docx": _file(application, "งบประมาณ.docx", "docx", DOCX),
    }
    for number in range(files):
        named[f"pdf{number}"] = _file(application, f"แผนงาน-{number}.pdf", "pdf")
    declare(judge, round_.cycle)
    answered(assignment)
    return assignment, named


def score_page(client, assignment) -> str:
    response = client.get(reverse("judging:score", args=[assignment.pk]))
    assert response.status_code == 200
    return response.content.decode()


def evidence_block(html: str) -> str:
    start = html.index('<section class="evidence')
    return html[start : html.index("</section>", start)]


def test_scoring_page_shows_facts_links_and_every_file_by_kind(judge, login_as, media):
    assignment, files = with_evidence(judge)

    block = evidence_block(score_page(login_as(judge), assignment))

    attachment = reverse("judging:attachment", args=[assignment.pk, files["pdf0"].pk])
    photo = reverse("judging:attachment", args=[assignment.pk, files["photo"].pk])
    docx = reverse("judging:attachment", args=[assignment.pk, files["docx"].pk])
    assert "จำนวนผู้ได้รับบริการ" in block and "12,500 คน" in block
    assert f'<a href="{VIDEO}" target="_blank" rel="noopener noreferrer" data-testid="evidence-link">' in block
    assert f'<a href="{WEBSITE}" target="_blank" rel="noopener noreferrer" data-testid="evidence-link">' in block
    assert (
        f'<a href="{attachment}?inline=1" target="_blank" rel="noopener" data-testid="evidence-pdf">แผนงาน-0.pdf</a>'
        in block
    )
    assert f'<img src="{photo}?inline=1" alt="ภาพหน้างาน.png"' in block
    assert f'<a href="{docx}" download data-testid="evidence-download">งบประมาณ.docx</a>' in block
    submitted = reverse("judging:application_pdf", args=[assignment.pk])
    assert f'<a href="{submitted}" target="_blank" rel="noopener" data-testid="submitted-pdf">' in block
    # A staff-only answer is never a fact; the logo is not staff-only here, so it is a picture.
    assert STAFF_ONLY not in block and "ตราเทศบาล.png" in block


def test_blind_round_lists_neither_identifying_files_nor_identifying_links(judge, login_as, media):
    assignment, files = with_evidence(judge, blind=True)
    client = login_as(judge)

    html = score_page(client, assignment)
    block = evidence_block(html)
    logo = client.get(reverse("judging:attachment", args=[assignment.pk, files["logo"].pk]))

    assert "ตราเทศบาล.png" not in html and VIDEO not in html and ORGANISATION not in html
    assert "ภาพหน้างาน.png" in block and WEBSITE in block and "แผนงาน-0.pdf" in block
    assert logo.status_code == 404


def test_pdf_and_picture_open_in_the_browser_when_asked_and_other_files_always_download(judge, login_as, media):
    assignment, files = with_evidence(judge)
    client = login_as(judge)

    def get(name, query=""):
        return client.get(reverse("judging:attachment", args=[assignment.pk, files[name].pk]) + query)

    pdf, photo, docx, saved = get("pdf0", "?inline=1"), get("photo", "?inline=1"), get("docx", "?inline=1"), get("pdf0")

    assert (pdf.status_code, pdf["Content-Type"]) == (200, "application/pdf")
    assert pdf["Content-Disposition"].startswith("inline;")
    assert (photo["Content-Type"], photo["Content-Disposition"].split(";")[0]) == ("image/png", "inline")
    assert b"".join(photo.streaming_content) == PNG
    assert docx["Content-Disposition"].startswith("attachment;")
    assert saved["Content-Disposition"].startswith("attachment;")
    assert pdf["X-Content-Type-Options"] == "nosniff" and pdf["Cache-Control"] == "private, no-store"


def _pdf_text(response) -> str:
    reader = PdfReader(io.BytesIO(response.content))
    return unicodedata.normalize("NFKD", "".join(page.extract_text() for page in reader.pages))


def test_judges_copy_of_the_application_names_the_organisation_only_outside_a_blind_round(judge, login_as, media):
    open_round, _files = with_evidence(judge)
    blind_round, _files = with_evidence(judge, blind=True, reference="SCSA-E-002")
    client = login_as(judge)

    shown = client.get(reverse("judging:application_pdf", args=[open_round.pk]))
    blind = client.get(reverse("judging:application_pdf", args=[blind_round.pk]))

    assert (shown.status_code, shown["Content-Type"]) == (200, "application/pdf")
    assert shown["Content-Disposition"] == 'inline; filename="SCSA-E-001.pdf"'
    shown_text, blind_text = _pdf_text(shown), _pdf_text(blind)
    organisation = unicodedata.normalize("NFKD", ORGANISATION)
    assert organisation in shown_text and organisation not in blind_text
    assert VIDEO in shown_text and VIDEO not in blind_text and WEBSITE in blind_text
    assert unicodedata.normalize("NFKD", STAFF_ONLY) not in shown_text
    assert "SCSA-E-002" in blind_text


def test_files_and_the_application_pdf_answer_404_to_a_judge_not_assigned(judge, conflicted_judge, login_as, media):
    assignment, files = with_evidence(judge)
    # The other judge is assigned to the same application, in another round of the cycle.
    now = timezone.now()
    other_round = RoundFactory(
        cycle=assignment.round.cycle,
        rubric=assignment.round.rubric,
        position=2,
        opens_at=now - timedelta(days=1),
        closes_at=now + timedelta(days=7),
    )
    theirs = AssignmentFactory(
        round=other_round, judge=conflicted_judge, application=assignment.application, source=AssignmentSource.MANUAL
    )
    declare(conflicted_judge, other_round.cycle)
    answered(theirs)
    client = login_as(conflicted_judge)
    foreign = ApplicationFactory(cycle=other_round.cycle, status=ApplicationStatus.SUBMITTED)
    foreign_file = _file(foreign, "อื่น.pdf", "pdf")

    responses = [
        client.get(reverse("judging:attachment", args=[assignment.pk, files["pdf0"].pk])),
        client.get(reverse("judging:attachment", args=[assignment.pk, files["pdf0"].pk]) + "?inline=1"),
        client.get(reverse("judging:application_pdf", args=[assignment.pk])),
        client.get(reverse("judging:attachment", args=[theirs.pk, foreign_file.pk])),
    ]
    own = client.get(reverse("judging:attachment", args=[theirs.pk, files["pdf0"].pk]) + "?inline=1")

    assert [response.status_code for response in responses] == [404, 404, 404, 404]
    assert own.status_code == 200


def test_application_pdf_waits_for_the_conflict_answer(judge, login_as, media):
    round_ = make_round()
    assignment = assign(round_, judge)
    declare(judge, round_.cycle)

    response = login_as(judge).get(reverse("judging:application_pdf", args=[assignment.pk]))

    assert response.status_code == 404


def _without_addresses(block: str) -> str:
    """The block with each file's address left out (the judge's download, or the applicant's own)
    and the judge's copy of the application (which the preview has no need of)."""
    block = re.sub(
        r'<li><a href="[^"]*" target="_blank" rel="noopener" data-testid="submitted-pdf">.*?</li>', "", block
    )
    return re.sub(r'(href|src)="/[^"]*"', r'\1="…"', block)


def test_preview_shows_the_same_evidence_block_as_the_scoring_page(judge, applicant, login_as, media):
    assignment, _files = with_evidence(judge)
    MembershipFactory(user=applicant, organisation=assignment.application.organisation)

    judges = evidence_block(score_page(login_as(judge), assignment))
    preview = login_as(applicant).get(reverse("submissions:preview", args=[assignment.application.pk]))
    applicants = evidence_block(preview.content.decode())

    assert preview.status_code == 200
    assert _without_addresses(applicants) == _without_addresses(judges)
    photo = reverse("submissions:download_attachment", args=[assignment.application.pk, _files["photo"].pk])
    assert f'<img src="{photo}?inline=1"' in applicants


def test_scoring_page_and_preview_query_counts_do_not_grow_with_the_files(judge, login_as, media):
    judge_client = login_as(judge)
    counts, applicants = {"score": [], "preview": []}, []
    for files in (1, 3):
        assignment, _files = with_evidence(judge, files=files, reference=f"SCSA-E-00{files}")
        member = UserFactory(roles=[Role.APPLICANT])
        MembershipFactory(user=member, organisation=assignment.application.organisation)
        applicants.append((member, assignment.application))
        with CaptureQueriesContext(connection) as queries:
            score_page(judge_client, assignment)
        counts["score"].append(len(queries))
    for member, application in applicants:
        client = login_as(member)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("submissions:preview", args=[application.pk])).status_code == 200
        counts["preview"].append(len(queries))

    assert counts["score"][0] == counts["score"][1]
    assert counts["preview"][0] == counts["preview"][1]


# The chair's view of an application: the panel's discussion carries the same block.


@pytest.fixture
def discussed(judge, media):
    """A blind round's application with evidence, judged by ``judge`` (draft), on a panel."""
    assignment, files = with_evidence(judge, blind=True)
    panel = Panel.objects.create(round=assignment.round, category=assignment.application.category)
    panel.judges.set([judge])
    return assignment, files


def discussion_file(assignment, attachment, query=""):
    args = [assignment.round.pk, assignment.application.pk, attachment.pk]
    return reverse("judging:discussion_attachment", args=args) + query


def test_discussion_shows_the_evidence_block_and_its_files_follow_the_discussions_rule(
    discussed, judge, staff, login_as
):
    assignment, files = discussed
    page = reverse("judging:discussion", args=[assignment.round.pk, assignment.application.pk])
    before = login_as(judge).get(discussion_file(assignment, files["pdf0"]))  # not submitted yet
    scorecard = scorecard_for(assignment=assignment)
    scorecard.status = ScorecardStatus.SUBMITTED
    scorecard.save()
    judges_page = login_as(judge).get(page).content.decode()
    judges_pdf = login_as(judge).get(discussion_file(assignment, files["pdf0"], "?inline=1"))
    judges_logo = login_as(judge).get(discussion_file(assignment, files["logo"]))
    staff_page = login_as(staff).get(page).content.decode()
    staff_logo = login_as(staff).get(discussion_file(assignment, files["logo"], "?inline=1"))

    assert before.status_code == 404
    block = evidence_block(judges_page)
    assert f'<a href="{discussion_file(assignment, files["pdf0"])}?inline=1" target="_blank"' in block
    assert "ตราเทศบาล.png" not in judges_page and VIDEO not in judges_page  # blind for the judge
    assert (judges_pdf.status_code, judges_pdf["Content-Type"]) == (200, "application/pdf")
    assert judges_pdf["Content-Disposition"].startswith("inline;")
    assert judges_logo.status_code == 404
    assert "ตราเทศบาล.png" in evidence_block(staff_page) and VIDEO in evidence_block(staff_page)
    assert (staff_logo.status_code, staff_logo["Content-Type"]) == (200, "image/png")
