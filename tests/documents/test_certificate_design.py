"""A cycle's certificate design, as depa signs a certificate: the emblem, partners' logos, wording and
one to three signatories set in admin (images checked by their content and stored privately), and
the certificate that prints them: its number beside the QR code, the organiser's name in text, the
Buddhist-era date in Thai numerals, the award line "รางวัลดีเด่นด้าน<category>", "(name)" without
spaces, one page even with the longest names.

pypdf reads SARA AM back as SARA AA (see ``letters`` in conftest): expected Thai with SARA AM goes
through ``letters``, the rest is compared as written.
"""

import io
import shutil
import subprocess
from pathlib import Path

import pytest
import zxingcpp
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from PIL import Image
from pypdf import PdfReader

from demo import awards as demo_data
from documents import images, services
from documents.models import CertificateDesign, PartnerLogo, Signatory
from documents.rendering import certificate_pdf
from documents.rendering.certificate import award_line
from tests.conftest import IN_CI
from tests.factories import (
    CategoryFactory,
    CertificateDesignFactory,
    CycleFactory,
    PartnerLogoFactory,
    PrizeFactory,
    SignatoryFactory,
    png_bytes,
)
from tests.i18n import thai

from .conftest import letters, pdf_text

SIGNATORIES = [
    ("นายสมชาย ใจดี", "ผู้อำนวยการใหญ่สำนักงานส่งเสริมเศรษฐกิจดิจิทัล", "#1f2f6b"),
    ("นางสาวสมศรี มีสุข", "ประธานคณะกรรมการตัดสินรางวัล", "#2f1f6b"),
    ("นายสมปอง ตั้งใจ", "นายกสมาคมเมืองอัจฉริยะ", "#1f6b2f"),
]


def jpeg_bytes(colour: str = "#c49a2c", size: tuple[int, int] = (200, 200)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, colour).save(out, format="JPEG")
    return out.getvalue()


def noise_png(side: int) -> bytes:
    """A PNG of random grey pixels: it hardly compresses, so it is as large as its pixels."""
    out = io.BytesIO()
    Image.effect_noise((side, side), 100).convert("RGB").save(out, format="PNG")
    return out.getvalue()


@pytest.fixture
def design(cycle):
    """The emblem, two partners' logos and three signatories, each image different (so that each
    is its own image in the PDF)."""
    design = CertificateDesignFactory(cycle=cycle)
    design.emblem.save("emblem.png", ContentFile(png_bytes("#1d3a6e", (300, 300))))
    PartnerLogoFactory(design=design, order=1, image__data=png_bytes("#0e7490", (400, 160)))
    PartnerLogoFactory(design=design, order=2, image__data=jpeg_bytes())
    for order, (name, position, colour) in enumerate(SIGNATORIES, start=1):
        SignatoryFactory(
            design=design,
            order=order,
            name_th=name,
            name_en=f"Signatory {order}",
            position_th=position,
            position_en=f"Position {order}",
            signature__data=png_bytes(colour, (300, 100)),
        )
    return design


def page_images(pdf: bytes) -> list:
    return list(PdfReader(io.BytesIO(pdf)).pages[0].images)


def qr_codes(pdf: bytes) -> list[str]:
    return [result.text for image in page_images(pdf) for result in zxingcpp.read_barcodes(image.image)]


def test_thai_certificate_prints_wording_number_organiser_date_award_line_and_signatories(
    design, prize, application, staff
):
    certificate = services.issue_certificate(prize=prize, application=application, language="th", by=staff)

    pdf = certificate_pdf(certificate, "th")
    text = pdf_text(pdf)

    # The title, the opening words, the number and the verification line.
    assert text.count("เกียรติบัตร") == 4 and "ใบประกาศนียบัตร" not in text
    assert "เกียรติบัตรฉบับนี้ให้ไว้เพื่อแสดงว่า" in text
    assert "ขอแสดงความยินดีมา ณ โอกาสนี้" in text
    assert f"{letters('เลขที่เกียรติบัตร')}\n{certificate.code}" in text
    assert letters("สำนักงานส่งเสริมเศรษฐกิจดิจิทัล") in text  # the cycle's organiser, in text
    assert "ให้ไว้ ณ วันที่ ๑๕ กันยายน พ.ศ. ๒๕๖๕" in text
    assert "รางวัลดีเด่นด้านการเดินทางและขนส่งอัจฉริยะ" in text
    for name, position, _colour in SIGNATORIES:
        assert f"({name})" in text
        assert letters(position) in text.replace("\n", "")
    assert "( " not in text and " )" not in text
    # The emblem, two logos, three signatures and the QR code.
    assert len(page_images(pdf)) == 7


def test_english_certificate_follows_english_conventions(design, prize, application, staff):
    design.closing_en = ""
    design.save()
    certificate = services.issue_certificate(prize=prize, application=application, language="en", by=staff)

    text = pdf_text(certificate_pdf(certificate, "en"))

    assert "Certificate of Award" in text
    assert "This is to certify that" in text and "has received the" in text
    assert "Outstanding Award in Smart Mobility" in text
    assert "Given on 15 September 2022" in text
    assert f"Certificate No.\n{certificate.code}" in text
    assert "Signatory 1" in text and "(Signatory 1)" not in text and "Position 1" in text
    # No closing in English when staff left it empty, and never the Thai one instead.
    assert "With our congratulations." not in text and "ขอแสดงความยินดี" not in text


def test_certificate_of_a_cycle_without_a_design_has_the_default_wording_and_a_blank_line(prize, application, staff):
    certificate = services.issue_certificate(prize=prize, application=application, language="th", by=staff)

    pdf = certificate_pdf(certificate, "th")
    text = pdf_text(pdf)

    assert "เกียรติบัตรฉบับนี้ให้ไว้เพื่อแสดงว่า" in text
    assert f"({'.' * 40})" in text
    assert len(page_images(pdf)) == 1  # the QR code alone


def test_qr_code_points_at_the_public_site_beside_the_number(design, prize, application, staff, settings):
    settings.SITE_URL = "https://awards.example.org"
    certificate = services.issue_certificate(prize=prize, application=application, language="th", by=staff)

    pdf = certificate_pdf(certificate, "th")

    assert qr_codes(pdf) == [f"https://awards.example.org/verify/{certificate.code}/"]
    assert certificate.code in pdf_text(pdf)


@pytest.mark.parametrize(
    ("name_th", "name_en"), [row[2:4] for row in demo_data.CATEGORIES], ids=[row[1] for row in demo_data.CATEGORIES]
)
def test_award_line_names_every_demo_category_after_dan(db, name_th, name_en):
    prize = PrizeFactory(category=CategoryFactory(name_th=name_th, name_en=name_en), **demo_data.CATEGORY_PRIZE)

    with translation.override("th"):
        thai_line = award_line(prize)
    with translation.override("en"):
        english_line = award_line(prize)

    assert thai_line == f"รางวัลดีเด่นด้าน{name_th}"
    assert english_line == f"Outstanding Award in {name_en}"


def test_award_line_says_dan_once_and_names_a_prize_without_level_or_category(db):
    named_dan = PrizeFactory(category=CategoryFactory(name_th="ด้านพลังงานอัจฉริยะ"), level_th="ดีเด่น")
    no_level = PrizeFactory(category=CategoryFactory(name_th="พลังงานอัจฉริยะ"), name_th="รางวัลชนะเลิศ", level_th="")
    cycle_wide = PrizeFactory(category=None, kind="popular_vote", name_th="รางวัลขวัญใจประชาชน (Popular Vote)")

    with translation.override("th"):
        lines = [award_line(named_dan), award_line(no_level), award_line(cycle_wide)]

    assert lines == ["รางวัลดีเด่นด้านพลังงานอัจฉริยะ", "รางวัลชนะเลิศด้านพลังงานอัจฉริยะ", "รางวัลขวัญใจประชาชน (Popular Vote)"]


def _render_pages(pdf: bytes, folder: Path) -> list[Image.Image]:
    if not shutil.which("pdftoppm"):
        # As with the services of tests/conftest.py: skipped on a bare machine, a failure in CI.
        reason = "needs poppler's pdftoppm to render PDFs to PNG (apt-get install poppler-utils)"
        (pytest.fail if IN_CI else pytest.skip)(reason)
    (folder / "page.pdf").write_bytes(pdf)
    subprocess.run(["pdftoppm", "-r", "50", "-png", "page.pdf", "page"], cwd=folder, check=True, timeout=60)
    return [Image.open(path).convert("L") for path in sorted(folder.glob("page*.png"))]


def test_certificate_stays_one_page_with_a_long_name_and_three_signatories(design, prize, application, staff, tmp_path):
    organisation = application.organisation
    organisation.name = ("องค์การบริหารส่วนจังหวัดนครศรีธรรมราช " * 4)[:120]
    organisation.save()
    application.title_th = "ระบบบริหารจัดการขยะมูลฝอยและน้ำเสียชุมชนแบบบูรณาการด้วยเซนเซอร์และปัญญาประดิษฐ์ " * 2
    application.save()
    certificate = services.issue_certificate(prize=prize, application=application, language="th", by=staff)

    pages = _render_pages(certificate_pdf(certificate, "th"), tmp_path)

    assert len(organisation.name) == 120
    assert len(pages) == 1
    # Nothing is drawn outside the frame: the outer 6 mm of the page (12 pixels at 50 dpi) stay white.
    page = pages[0]
    width, height = page.size
    band = 12
    for box in [
        (0, 0, width, band),
        (0, height - band, width, height),
        (0, 0, band, height),
        (width - band, 0, width, height),
    ]:
        assert page.crop(box).getextrema() == (255, 255), box


# Admin: staff set the design; every image is checked by its content.


def _design_form(cycle, **files) -> dict:
    data = {
        "cycle": str(cycle.pk),
        "opening_th": "เกียรติบัตรฉบับนี้ให้ไว้เพื่อแสดงว่า",
        "opening_en": "This is to certify that",
        "citation_th": "ได้รับ",
        "citation_en": "has received the",
        "closing_th": "ขอแสดงความยินดีมา ณ โอกาสนี้",
        "closing_en": "With our congratulations.",
        "signatories-TOTAL_FORMS": "1",
        "signatories-INITIAL_FORMS": "0",
        "signatories-MIN_NUM_FORMS": "1",
        "signatories-MAX_NUM_FORMS": "3",
        "signatories-0-order": "1",
        "signatories-0-name_th": "นายสมชาย ใจดี",
        "signatories-0-name_en": "Mr Somchai Jaidee",
        "signatories-0-position_th": "ผู้อำนวยการใหญ่",
        "signatories-0-position_en": "President and CEO",
        "logos-TOTAL_FORMS": "1",
        "logos-INITIAL_FORMS": "0",
        "logos-MIN_NUM_FORMS": "0",
        "logos-MAX_NUM_FORMS": "3",
        "logos-0-order": "1",
        "logos-0-name_th": "หน่วยงานร่วมจัด",
        "logos-0-name_en": "Partner",
    }
    return {**data, **files}


def test_staff_set_a_design_with_emblem_logo_and_signature_stored_privately(cycle, staff, login_as):
    client = login_as(staff)
    emblem = png_bytes("#1d3a6e", (300, 300))

    response = client.post(
        "/admin/documents/certificatedesign/add/",
        _design_form(
            cycle,
            emblem=SimpleUploadedFile("ตรา ดีป้า.PNG", emblem, content_type="image/png"),
            **{
                "signatories-0-signature": SimpleUploadedFile("sig.jpg", jpeg_bytes(), content_type="image/jpeg"),
                "logos-0-image": SimpleUploadedFile("logo.png", png_bytes(), content_type="image/png"),
            },
        ),
    )

    assert response.status_code == 302, response.content.decode()[:2000]
    design = CertificateDesign.objects.get(cycle=cycle)
    signatory, logo = Signatory.objects.get(design=design), PartnerLogo.objects.get(design=design)
    assert design.emblem.name.startswith(f"certificates/{cycle.pk}/") and design.emblem.name.endswith(".png")
    assert "ตรา" not in design.emblem.name  # a random name, not what staff called the file
    assert signatory.signature.name.endswith(".jpg") and logo.image.name.endswith(".png")
    assert default_storage.open(design.emblem.name).read() == emblem
    change = client.get(f"/admin/documents/certificatedesign/{design.pk}/change/").content.decode()
    assert change.count('class="image-preview" src="data:image/png;base64,') == 3


def test_admin_refuses_a_pdf_renamed_png_in_thai_and_keeps_what_was_typed(cycle, staff, login_as):
    client = login_as(staff)
    pdf = b"%PDF-1.7\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n"

    response = client.post(
        "/admin/documents/certificatedesign/add/",
        _design_form(
            cycle,
            **{
                "signatories-0-signature": SimpleUploadedFile("signature.png", pdf, content_type="image/png"),
                "logos-0-image": SimpleUploadedFile("logo.png", png_bytes(), content_type="image/png"),
            },
        ),
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert (
        thai(
            "This file is not a PNG or JPEG image (its content was checked, not its name). "
            "Save the picture as PNG or JPEG and upload it again."
        )
        in page
    )
    assert 'value="นายสมชาย ใจดี"' in page and "ขอแสดงความยินดีมา ณ โอกาสนี้" in page
    assert not CertificateDesign.objects.exists() and not default_storage.exists(f"certificates/{cycle.pk}")


def test_admin_asks_for_one_to_three_signatories(cycle, staff, login_as):
    client = login_as(staff)
    form = _design_form(cycle, **{"logos-0-image": SimpleUploadedFile("logo.png", png_bytes())})
    form["signatories-0-DELETE"] = "on"

    response = client.post("/admin/documents/certificatedesign/add/", form)

    assert thai("A certificate is signed by one to three people: keep between one and three signatories.") in (
        response.content.decode()
    )
    assert not CertificateDesign.objects.exists()


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        (b"%PDF-1.7\n%%EOF\n", images.ImageProblem.NOT_AN_IMAGE),
        (b'<svg xmlns="http://www.w3.org/2000/svg"/>', images.ImageProblem.NOT_AN_IMAGE),
        (png_bytes(size=(4001, 10)), images.ImageProblem.TOO_MANY_PIXELS),
        (noise_png(200)[:4000], images.ImageProblem.BROKEN),
        (jpeg_bytes()[:-2], images.ImageProblem.BROKEN),
        (png_bytes()[:8] + b"\0" * 100, images.ImageProblem.BROKEN),
    ],
)
def test_image_check_refuses_what_is_no_whole_png_or_jpeg(content, problem):
    with pytest.raises(images.RejectedImage) as refused:
        images.check_image(SimpleUploadedFile("picture.png", content))
    assert refused.value.code == problem


def test_image_check_refuses_an_image_over_the_size_limit():
    content = noise_png(1200)
    assert len(content) > images.MAX_BYTES

    with pytest.raises(images.RejectedImage) as refused:
        images.check_image(SimpleUploadedFile("noise.png", content))

    assert refused.value.code == images.ImageProblem.TOO_LARGE


def test_prize_choices_for_staff_are_distinct_and_name_category_and_edition(db, staff, login_as):
    editions = [CycleFactory(name_th=f"โครงการ The Smart City Solution Awards {year}") for year in (2022, 2023)]
    for cycle in editions:
        for _slug, code, name_th, name_en, _th, _en in demo_data.CATEGORIES:
            category = CategoryFactory(cycle=cycle, code=code, name_th=name_th, name_en=name_en)
            PrizeFactory(cycle=cycle, category=category, **demo_data.CATEGORY_PRIZE)

    page = login_as(staff).get("/admin/documents/certificate/add/").content.decode()
    select = page[page.index('name="prize"') : page.index("</select>", page.index('name="prize"'))]
    labels = [option.split(">", 1)[1].split("</option")[0] for option in select.split("<option")[2:]]

    assert len(labels) == 14 == len(set(labels))
    mobility_2023 = " · ".join(
        [
            "รางวัลดีเด่นด้านการบริการอย่างชาญฉลาด (Smart City Solution)",
            "การเดินทางและขนส่งอัจฉริยะ (Smart Mobility)",
            "โครงการ The Smart City Solution Awards 2023",
        ]
    )
    assert mobility_2023 in labels


def test_image_fields_explain_the_limit_in_the_readers_language(db, staff, login_as):
    client = login_as(staff)

    thai_page = client.get("/admin/documents/certificatedesign/add/").content.decode()
    english_page = client.get("/en/admin/documents/certificatedesign/add/").content.decode()

    assert thai("PNG or JPEG, up to %(limit)s MB.") % {"limit": "2"} in thai_page
    assert "PNG or JPEG, up to 2 MB." in english_page and "PNG or JPEG, up to 2 MB." not in thai_page
