"""The agency's frame on every page: the organiser in the header and the footer, the footer's links
(privacy notice, website policy, accessibility statement, contact), and the pages they lead to."""

import re

import pytest
from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from awards.enums import MilestoneKind
from documents.models import CertificateDesign
from tests.factories import CycleFactory, MilestoneFactory, png_bytes

pytestmark = pytest.mark.django_db


def text_of(response) -> str:
    html = response.content.decode().replace("<wbr>", "")
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


@pytest.fixture
def cycle(db):
    cycle = CycleFactory(
        slug="scsa",
        organiser_th="สำนักงานส่งเสริมเศรษฐกิจดิจิทัล (ดีป้า)",
        organiser_en="Digital Economy Promotion Agency (depa)",
        contact_email="scp@depa.or.th",
        retention_years=7,
        is_archived=False,
    )
    MilestoneFactory(cycle=cycle, kind=MilestoneKind.SUBMISSION_DEADLINE)
    return cycle


@pytest.mark.parametrize(
    ("path", "heading"),
    [
        ("/privacy/", "ประกาศความเป็นส่วนตัว"),
        ("/website-policy/", "นโยบายเว็บไซต์"),
        ("/accessibility/", "การเข้าถึงเว็บไซต์"),
        ("/en/privacy/", "Privacy notice"),
        ("/en/website-policy/", "Website policy"),
        ("/en/accessibility/", "Accessibility statement"),
    ],
)
def test_site_pages_answer_in_both_languages(client, cycle, path, heading):
    response = client.get(path)

    assert response.status_code == 200
    assert f'<h1 class="h3">{heading}</h1>' in response.content.decode()


def test_accessibility_statement_names_the_level_and_the_contact(client, cycle):
    text = text_of(client.get("/en/accessibility/"))

    assert "WCAG) 2.1 at level AA" in text
    assert "axe-core" in text
    assert "write to Digital Economy Promotion Agency (depa): scp@depa.or.th" in text


def test_privacy_notice_retention_is_per_edition(client, cycle):
    thai = text_of(client.get("/privacy/"))
    english = text_of(client.get("/en/privacy/"))

    assert "five years" not in english
    assert "Each edition of the award sets how many years its applications are kept" in english
    assert f"For {cycle.name_en}: 7 years after its results." in english
    assert "การประกวดแต่ละปีกำหนดเองว่าจะเก็บใบสมัครไว้กี่ปี" in thai
    assert f"สำหรับ{cycle.name_th}: เก็บ 7 ปีนับจากวันประกาศผล" in thai


FOOTER = ('href="{p}privacy/"', 'href="{p}website-policy/"', 'href="{p}accessibility/"', 'href="{p}scsa/#contact"')


@pytest.mark.parametrize(
    "path",
    ["/", "/scsa/", "/privacy/", "/accounts/login/", "/accounts/signup/", "/en/", "/en/scsa/", "/en/accessibility/"],
)
def test_footer_links_and_organiser_on_public_pages(client, cycle, path):
    response = client.get(path)
    html = response.content.decode()
    prefix = "/en/" if path.startswith("/en/") else "/"
    organiser = cycle.organiser_en if prefix == "/en/" else cycle.organiser_th

    assert response.status_code == 200
    footer = html[html.index('<footer class="site-footer">') :]
    assert [link.format(p=prefix) in footer for link in FOOTER] == [True] * 4
    assert f'data-testid="header-organiser">{organiser}</span>' in html
    assert "scp@depa.or.th" in footer


def test_footer_links_on_a_signed_in_applicant_page(login_as, applicant, cycle):
    html = login_as(applicant).get("/my/").content.decode()

    assert [link.format(p="/") in html for link in FOOTER] == [True] * 4


def test_error_page_has_the_links_without_asking_the_database(client, cycle, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get("/%7f/")

    html = response.content.decode()
    assert response.status_code == 404
    assert 'href="/privacy/"' in html and 'href="/accessibility/"' in html
    assert "header-organiser" not in html


def test_header_shows_the_emblem_of_the_current_edition(client, cycle):
    design = CertificateDesign.objects.create(cycle=cycle)
    design.emblem.save("emblem.png", ContentFile(png_bytes("#1d3a6e", (64, 64))))

    html = client.get("/").content.decode()
    emblem = client.get("/documents/emblem/scsa/")

    assert '<img class="site-emblem" src="/documents/emblem/scsa/"' in html
    assert emblem.status_code == 200
    assert b"".join(emblem.streaming_content) == design.emblem.open("rb").read()
    assert emblem["Cache-Control"] == "public, max-age=3600"


def test_emblem_of_an_unpublished_edition_is_404(client, cycle):
    hidden = CycleFactory(slug="hidden", is_published=False)
    design = CertificateDesign.objects.create(cycle=hidden)
    design.emblem.save("emblem.png", ContentFile(png_bytes("#1d3a6e", (64, 64))))

    assert client.get("/documents/emblem/hidden/").status_code == 404
    assert 'class="site-emblem"' not in client.get("/").content.decode()


def test_the_organiser_is_read_once_and_an_edit_or_an_emblem_shows_on_the_next_page(login_as, applicant, cycle):
    """The frame is kept beside the public pages (documents.selectors.organiser_frame): a page
    rendered for one person does not read it again, and a save of the edition or of its certificate
    design shows on the very next page."""
    client = login_as(applicant)
    first = client.get("/my/")

    with CaptureQueriesContext(connection) as queries:
        html = client.get("/my/").content.decode()
    second = queries.captured_queries  # before the next request empties the connection's log
    cycle.organiser_th = "สำนักงานส่งเสริมเศรษฐกิจดิจิทัล ภาคเหนือ"
    cycle.save()
    edited = client.get("/my/").content.decode()
    design = CertificateDesign.objects.create(cycle=cycle)
    design.emblem.save("emblem.png", ContentFile(png_bytes("#1d3a6e", (64, 64))))
    with_emblem = client.get("/my/").content.decode()

    assert first.status_code == 200 and second
    assert not [query for query in second if "documents_certificatedesign" in query["sql"]]
    assert 'data-testid="header-organiser">สำนักงานส่งเสริมเศรษฐกิจดิจิทัล (ดีป้า)</span>' in html
    assert 'class="site-emblem"' not in html
    assert 'data-testid="header-organiser">สำนักงานส่งเสริมเศรษฐกิจดิจิทัล ภาคเหนือ</span>' in edited
    assert '<img class="site-emblem" src="/documents/emblem/scsa/"' in with_emblem
