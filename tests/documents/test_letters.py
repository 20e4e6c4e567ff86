"""Official letters: numbers from the cycle's series (one per letter, kept when re-issued), the
Thai letter read back with poppler (its text, tagged, Sarabun only), one page with a 120-character
organisation name, the English letter, and the applicant's list and download."""

import io
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from django.utils import timezone
from PIL import Image
from pypdf import PdfReader

from accounts.models import AuditEvent
from core.thai import thai_digits
from documents.enums import LetterKind
from documents.letters import issue_letter, letter_bytes, reissue_letter
from documents.models import Letter, LetterSeries
from documents.rendering.letter import letter_context, letter_date, letter_pdf
from documents.tasks import requeue_stalled_documents
from tests.conftest import IN_CI
from tests.core.test_pdf_text import CORPUS
from tests.factories import CycleFactory, MembershipFactory, SignatoryFactory, UserFactory
from tests.poppler import pdffonts, pdfinfo, pdftotext, squashed

from .conftest import make_application
from .test_admin import post_action

pytestmark = pytest.mark.django_db

SIGNATORY, POSITION = "นายสมชาย ใจดี", "ผู้อำนวยการใหญ่สำนักงานส่งเสริมเศรษฐกิจดิจิทัล"


@pytest.fixture
def letterhead(cycle):
    """The cycle's sender block, its series (ดศ 5004/) and its signatory."""
    cycle.contact_office_th = "ฝ่ายส่งเสริมเมืองอัจฉริยะ"
    cycle.contact_office_en = "Smart City Promotion Division"
    cycle.contact_address_th = "80 ซอยลาดพร้าว 4 ถนนลาดพร้าว\nแขวงจอมพล เขตจตุจักร กรุงเทพมหานคร 10900"
    cycle.contact_phone, cycle.contact_phone_extension = "0 2026 2333", "5103"
    cycle.contact_email = "scp@example.org"
    cycle.save()
    LetterSeries.objects.create(cycle=cycle, prefix_th="ดศ 5004/", prefix_en="DEPA 5004/")
    SignatoryFactory(design__cycle=cycle, name_th=SIGNATORY, position_th=POSITION, signature="")
    return cycle


def test_letters_take_consecutive_numbers_per_cycle_and_one_letter_per_kind_and_language(letterhead, category):
    first, second = make_application(letterhead, category, 1), make_application(letterhead, category, 2)
    other_cycle_application = make_application(CycleFactory(), category, 3)

    a, new_a = issue_letter(application=first, kind=LetterKind.ACKNOWLEDGEMENT, language="th")
    b, _new = issue_letter(application=second, kind=LetterKind.ACKNOWLEDGEMENT, language="th")
    c, _new = issue_letter(application=first, kind=LetterKind.ACKNOWLEDGEMENT, language="en")
    again, new_again = issue_letter(application=first, kind=LetterKind.ACKNOWLEDGEMENT, language="th")
    elsewhere, _new = issue_letter(application=other_cycle_application, kind=LetterKind.RESULTS, language="th")

    assert [a.number, b.number, c.number] == [1, 2, 3]
    assert (again.pk, new_a, new_again) == (a.pk, True, False)
    assert elsewhere.number == 1
    assert (a.reference, c.reference) == ("ดศ ๕๐๐๔/๑", "DEPA 5004/3")
    assert LetterSeries.objects.get(cycle=letterhead).last_number == 3


def test_reissue_keeps_the_number_is_audited_and_the_pdf_says_which_letter_it_replaces(letterhead, category, staff):
    application = make_application(letterhead, category, 1)
    letter, _new = issue_letter(application=application, kind=LetterKind.SHORTLISTED, language="th")
    Letter.objects.filter(pk=letter.pk).update(issued_at=timezone.now() - timezone.timedelta(days=3))
    letter_bytes(letter.pk)
    first_file = Letter.objects.get(pk=letter.pk).file.name

    reissued = reissue_letter(letter=letter, by=staff)
    pdf = letter_bytes(letter.pk)
    reissued.refresh_from_db()

    assert (reissued.number, reissued.reissue_count) == (letter.number, 1)
    assert reissued.rendered_at is not None and reissued.file.name != first_file
    text = squashed(pdftotext(pdf))
    original = letter_date(reissued.issued_at, "th")
    assert squashed(f"ฉบับออกใหม่ แทนฉบับลงวันที่ {original}") in text
    assert squashed(f"ที่ {reissued.reference}") in text
    assert AuditEvent.objects.get(action="letter.reissue").detail["number"] == reissued.reference


@pytest.mark.poppler
def test_thai_letter_reads_back_as_written_tagged_with_sarabun_only(letterhead, category):
    application = make_application(letterhead, category, 7)
    application.organisation.name = " ".join(CORPUS)
    application.organisation.save()
    application.title_th = " ".join(reversed(CORPUS))
    application.save()
    letter, _new = issue_letter(application=application, kind=LetterKind.ACKNOWLEDGEMENT, language="th")
    context = letter_context(letter)

    pdf = letter_pdf(letter)
    text = squashed(pdftotext(pdf))

    written = [
        f"ที่ {letter.reference}",
        context["date"],
        f"เรื่อง {context['subject']}",
        f"เรียน {context['addressee']}",
        f"อ้างถึง {context['refers'][0]}",
        "สิ่งที่ส่งมาด้วย ใบรับสมัคร",
        *context["paragraphs"],
        "ขอแสดงความนับถือ",
        f"({SIGNATORY})",
        POSITION,
        "ฝ่ายส่งเสริมเมืองอัจฉริยะ",
        "โทรศัพท์ 0 2026 2333 ต่อ 5103",
        "scp@example.org",
    ]
    assert [line for line in written if squashed(line) not in text] == []
    assert context["paragraphs"][-1] == "จึงเรียนมาเพื่อโปรดทราบ"
    assert thai_digits(str(timezone.localdate().year + 543)) in context["date"]
    assert pdfinfo(pdf)["Tagged"] == "yes"
    assert _pdfa_identification(pdf) == (b'pdfaid:part="3"', b'pdfaid:conformance="A"')
    fonts = pdffonts(pdf)
    assert fonts and {(font["name"].split("+")[-1].split("-")[0], font["embedded"]) for font in fonts} == {
        ("Sarabun", "yes")
    }


def _pdfa_identification(pdf: bytes) -> tuple[bytes, bytes]:
    """The PDF/A part and conformance the XMP metadata declares (PDF/A-3a: part 3, level A)."""
    metadata = PdfReader(io.BytesIO(pdf)).trailer["/Root"]["/Metadata"].get_object().get_data()
    part = re.search(rb'pdfaid:part="\d"', metadata)
    level = re.search(rb'pdfaid:conformance="\w"', metadata)
    return (part and part.group(), level and level.group())


@pytest.mark.poppler
def test_english_letter_has_the_same_elements_in_english(letterhead, category):
    application = make_application(letterhead, category, 8)
    letter, _new = issue_letter(application=application, kind=LetterKind.NOT_SHORTLISTED, language="en")

    text = squashed(pdftotext(letter_pdf(letter)))

    for line in [
        f"No. {letter.reference}",
        "Subject: Result of the screening of",
        "To: The Executive of",
        "Please be informed accordingly, with our thanks.",
        "Yours sincerely,",
        "Mr Somchai Jaidee",
        "Smart City Promotion Division",
        "Telephone 0 2026 2333 ext. 5103",
    ]:
        assert squashed(line) in text, line


def _pages(pdf: bytes, folder: Path) -> list[Image.Image]:
    if not shutil.which("pdftoppm"):
        reason = "needs poppler's pdftoppm to render PDFs to PNG (apt-get install poppler-utils)"
        (pytest.fail if IN_CI else pytest.skip)(reason)
    (folder / "letter.pdf").write_bytes(pdf)
    subprocess.run(["pdftoppm", "-r", "50", "-png", "letter.pdf", "page"], cwd=folder, check=True, timeout=60)
    return [Image.open(path).convert("L") for path in sorted(folder.glob("page*.png"))]


@pytest.mark.parametrize("kind", LetterKind.values)
def test_letter_stays_one_page_within_its_margins_with_a_120_character_organisation_name(
    letterhead, category, kind, tmp_path
):
    application = make_application(letterhead, category, 9)
    application.organisation.name = ("องค์การบริหารส่วนจังหวัดนครศรีธรรมราช " * 4)[:120]
    application.organisation.save()
    application.title_th = "ระบบบริหารจัดการขยะมูลฝอยและน้ำเสียชุมชนแบบบูรณาการด้วยเซนเซอร์และปัญญาประดิษฐ์"
    application.save()
    letter, _new = issue_letter(application=application, kind=kind, language="th")

    pages = _pages(letter_pdf(letter), tmp_path)

    assert len(application.organisation.name) == 120
    assert len(pages) == 1
    # Nothing is drawn in the page's margins (12 mm at the top, 20 mm right, 15 mm bottom, 30 mm
    # left: at 50 dpi, bands of 20, 35, 25 and 55 pixels stay white).
    page = pages[0]
    width, height = page.size
    for box in [(0, 0, width, 20), (width - 35, 0, width, height), (0, height - 25, width, height), (0, 0, 55, height)]:
        assert page.crop(box).getextrema() == (255, 255), box


def test_applicant_lists_and_downloads_their_letters_only(letterhead, category, login_as):
    member, outsider = UserFactory(), UserFactory()
    application = make_application(letterhead, category, 4)
    MembershipFactory(organisation=application.organisation, user=member)
    letter, _new = issue_letter(application=application, kind=LetterKind.RESULTS, language="th")
    letter_bytes(letter.pk)

    client = login_as(member)
    listing = client.get("/documents/letters/")
    download = client.get(f"/documents/letters/{letter.pk}/download/")
    refused = login_as(outsider).get(f"/documents/letters/{letter.pk}/download/")

    assert listing.status_code == 200 and letter.reference in listing.content.decode()
    assert "แจ้งผลการตัดสิน" in listing.content.decode()  # เรื่อง of the results letter
    assert download.status_code == 200 and b"".join(download.streaming_content).startswith(b"%PDF")
    assert download["Content-Disposition"].startswith("attachment")
    assert refused.status_code == 404


def test_staff_reissue_from_admin_and_download_a_cycles_letters_as_one_zip(
    letterhead, category, staff, applicant, login_as, committed
):
    applications = [make_application(letterhead, category, number) for number in (1, 2)]
    letters = [
        issue_letter(application=application, kind=LetterKind.ACKNOWLEDGEMENT, language="th")[0]
        for application in applications
    ]
    for letter in letters:
        letter_bytes(letter.pk)
    client = login_as(staff)

    listing = client.get(f"/admin/documents/letter/?cycle__id__exact={letterhead.pk}&kind__exact=acknowledgement")
    with committed(execute=True):
        post_action(client, "letter", "reissue", [letters[0].pk])
    archive = client.get(f"/admin/documents/letter/zip/{letterhead.pk}/")
    refused = login_as(applicant).get(f"/admin/documents/letter/zip/{letterhead.pk}/")

    assert listing.status_code == 200 and letters[1].reference in listing.content.decode()
    reissued = Letter.objects.get(pk=letters[0].pk)
    assert (reissued.number, reissued.reissue_count) == (letters[0].number, 1)
    assert reissued.rendered_at is not None  # rendered again by the task, after commit
    assert AuditEvent.objects.get(action="letter.reissue").actor == staff
    assert archive.status_code == 200 and archive["Content-Type"] == "application/zip"
    with zipfile.ZipFile(io.BytesIO(b"".join(archive.streaming_content))) as contents:
        assert contents.namelist() == [letter.filename() for letter in letters]
        assert contents.read(reissued.filename()) == reissued.file.read()
    assert refused.status_code == 403


def test_sweep_renders_a_letter_whose_task_was_lost(letterhead, category):
    application = make_application(letterhead, category, 5)
    lost, _new = issue_letter(application=application, kind=LetterKind.RESULTS, language="th")
    recent, _new = issue_letter(application=application, kind=LetterKind.RESULTS, language="en")
    Letter.objects.filter(pk=lost.pk).update(issued_at=timezone.now() - timezone.timedelta(minutes=3))

    queued = requeue_stalled_documents()  # the beat's sweep; its tasks run in this process

    assert queued == 1
    assert Letter.objects.get(pk=lost.pk).rendered_at is not None
    assert Letter.objects.get(pk=recent.pk).rendered_at is None  # its own task may still be on its way
