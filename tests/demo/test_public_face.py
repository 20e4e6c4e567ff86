"""The demo looks like the real thing: its applications read like real projects, with their own
titles, covers, a PDF and an image each; the 2022 edition shows its winners; the Popular Vote's
counts are the ledger's."""

import hashlib
import io

import pytest
from django.core.files.storage import default_storage
from django.urls import reverse
from PIL import Image

from awards.enums import FieldKind
from awards.models import Cycle
from judging.models import Decision
from submissions.answers import Reader, answers_for_many, by_key
from submissions.enums import ENTERED_STATUSES, FINALIST_STATUSES
from submissions.filetypes import FileKind, detect
from submissions.models import Answer, Application, Attachment
from voting.selectors import integrity_report, ledger_counts, public_counts

pytestmark = pytest.mark.django_db


def _bytes(field_file) -> bytes:
    with default_storage.open(field_file.name, "rb") as handle:
        return handle.read()


def test_every_entered_demo_application_has_a_pdf_and_an_image_that_pass_the_content_check(demo):
    entered = Application.objects.filter(status__in=ENTERED_STATUSES)
    assert entered.filter(status__in=FINALIST_STATUSES).count() >= 10
    for application in entered:
        kinds = []
        for attachment in Attachment.objects.filter(application=application):
            content = _bytes(attachment.file)
            kinds.append(detect(io.BytesIO(content), size=len(content)))
            assert (attachment.size, attachment.sha256) == (len(content), hashlib.sha256(content).hexdigest())
        assert sorted(kinds) == [FileKind.PDF, FileKind.PNG], application.title_th


def test_demo_projects_have_their_own_titles_covers_answers_and_video(demo):
    entered = list(Application.objects.filter(status__in=ENTERED_STATUSES))
    titles = [a.title_th for a in entered]
    assert len(titles) == len(set(titles))
    covers = {hashlib.sha256(_bytes(a.cover_image)).hexdigest() for a in entered}
    assert len(covers) == len(entered)
    assert Image.open(io.BytesIO(_bytes(entered[0].cover_image))).size == (640, 360)
    public = {pk: by_key(shown) for pk, shown in answers_for_many(entered, Reader.PUBLIC).items()}
    consenting = [a for a in entered if a.publish_consent]
    assert len(consenting) == len(entered)
    assert all(public[a.pk]["video_url"].text.startswith("https://") for a in consenting)
    assert all(public[a.pk]["summary"].answered for a in consenting)
    texts = list(
        Answer.objects.filter(field__kind=FieldKind.LONG_TEXT, field__key__startswith="answer_").values_list(
            "value", flat=True
        )
    )
    assert texts and not [t for t in texts if "ข้อความตัวอย่าง" in t or "ตัวอย่างคำตอบ" in t]
    assert len(set(texts)) > len(texts) * 0.9


def test_demo_2022_results_show_seven_category_winners_the_popular_vote_and_finalists(client, demo):
    cycle = Cycle.objects.get(slug="2022")
    assert Decision.objects.filter(prize__cycle=cycle).count() == 8
    home = client.get(reverse("awards:cycle", args=["2022"])).content.decode()
    assert 'data-testid="results-link"' in home
    page = client.get(reverse("results:cycle", args=["2022"])).content.decode()
    assert page.count('data-testid="winner"') == 8
    assert page.count('data-testid="winner-cover"') == 8
    # Seven runners-up, less the one that won the Popular Vote (shown with the winners).
    assert page.count('data-testid="finalist"') == 6
    assert "ระบบเตือนภัยน้ำท่วมเมืองหาดใหญ่ด้วยเซนเซอร์ระดับน้ำ" in page and "ข้อมูลสาธิต" in page
    assert 'data-testid="how-decided"' in page


def test_demo_vote_counts_are_the_ledger_and_not_all_zero(demo):
    cycle = Cycle.objects.get(slug="demo-vote")
    counts = ledger_counts(cycle)
    assert sorted(counts.values(), reverse=True) == [14, 9, 6, 3]
    assert public_counts(cycle) == counts
    report = integrity_report(cycle)
    assert (report["cast"], report["valid"], report["voters"]) == (32, 32, 32)
