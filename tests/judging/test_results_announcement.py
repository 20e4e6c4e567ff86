"""The public results announcement: winner cards, finalists, how the result was decided, share links
and the Open Graph picture of each result."""

import io
import json
from datetime import timedelta
from urllib.parse import quote

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation
from PIL import Image

from awards.enums import MilestoneKind, PrizeKind
from judging.models import Decision
from judging.results import og_image_name
from submissions.enums import ApplicationStatus
from submissions.models import Application
from submissions.services.retention import purge_cycle
from tests.factories import (
    CategoryFactory,
    CycleFactory,
    DecisionFactory,
    FinalistFactory,
    MilestoneFactory,
    PrizeFactory,
    RoundFactory,
)
from tests.publishing import answer_facts

pytestmark = pytest.mark.django_db


def _png(colour=(10, 120, 200)) -> ContentFile:
    buffer = io.BytesIO()
    Image.new("RGB", (64, 36), colour).save(buffer, format="PNG")
    return ContentFile(buffer.getvalue())


def _announced_cycle(**kwargs):
    cycle = CycleFactory(**kwargs)
    MilestoneFactory(cycle=cycle, kind=MilestoneKind.RESULTS, starts_at=timezone.now() - timedelta(days=1))
    return cycle


def _winner(cycle, *, title, finalists=0, publish=True):
    category = CategoryFactory(cycle=cycle)
    prize = PrizeFactory(cycle=cycle, category=category)
    decision = DecisionFactory(
        prize=prize,
        application=FinalistFactory(cycle=cycle, category=category, title_th=title, publish_consent=publish),
    )
    answer_facts(decision.application, summary=f"สรุป {title}")
    decision.application.cover_image.save("cover.png", _png(), save=True)
    others = [FinalistFactory(cycle=cycle, category=category, title_th=f"{title} รองชนะ {n}") for n in range(finalists)]
    return decision, others


def test_results_page_shows_winner_cards_with_cover_summary_and_the_other_finalists(client):
    cycle = _announced_cycle()
    decision, others = _winner(cycle, title="ระบบเตือนภัยน้ำท่วม", finalists=2)
    page = client.get(reverse("results:cycle", args=[cycle.slug])).content.decode()
    cover = reverse("results:cover", args=[cycle.slug, decision.application.pk])
    assert page.count('data-testid="winner"') == 1
    assert f'src="{cover}"' in page and "สรุป ระบบเตือนภัยน้ำท่วม" in page
    assert decision.application.organisation.province.name_th in page
    assert page.count('data-testid="finalist"') == 2 and others[1].title_th in page
    assert 'data-testid="how-decided"' in page and decision.sha256 in page
    response = client.get(cover)
    assert (response.status_code, response["Content-Type"]) == (200, "image/png")


def test_a_winner_that_was_never_shortlisted_still_shows_its_cover(client):
    cycle = _announced_cycle()
    decision, _others = _winner(cycle, title="ระบบเดียวในด้านนี้")
    Application.objects.filter(pk=decision.application.pk).update(status=ApplicationStatus.SUBMITTED)
    response = client.get(reverse("results:cover", args=[cycle.slug, decision.application.pk]))
    assert (response.status_code, response["Content-Type"]) == (200, "image/png")


def test_a_submitted_application_that_won_nothing_has_no_public_cover(client):
    cycle = _announced_cycle()
    _winner(cycle, title="ผู้ชนะ")
    loser = FinalistFactory(cycle=cycle, status=ApplicationStatus.SUBMITTED, publish_consent=True)
    loser.cover_image.save("cover.png", _png(), save=True)
    assert client.get(reverse("results:cover", args=[cycle.slug, loser.pk])).status_code == 404


def test_results_page_keeps_cover_and_summary_private_without_consent(client):
    cycle = _announced_cycle()
    decision, _others = _winner(cycle, title="ระบบจองคิวคลินิก", publish=False)
    page = client.get(reverse("results:cycle", args=[cycle.slug])).content.decode()
    assert 'data-testid="winner-cover"' not in page and "สรุป ระบบจองคิวคลินิก" not in page
    assert client.get(reverse("results:cover", args=[cycle.slug, decision.application.pk])).status_code == 404


def test_results_page_share_links_and_og_image_are_absolute_from_site_url(client, settings):
    settings.SITE_URL = "https://awards.example.org"
    cycle = _announced_cycle()
    decision, _others = _winner(cycle, title="ไฟถนนอัจฉริยะ")
    page = client.get(reverse("results:decision", args=[cycle.slug, decision.pk])).content.decode()
    result_url = "https://awards.example.org" + reverse("results:decision", args=[cycle.slug, decision.pk])
    og_url = "https://awards.example.org" + reverse("results:og_image", args=[cycle.slug, decision.pk])
    assert f'<meta property="og:image" content="{og_url}"' in page
    assert f"https://social-plugins.line.me/lineit/share?url={quote(result_url, safe='')}" in page
    assert f"https://www.facebook.com/sharer/sharer.php?u={quote(result_url, safe='')}" in page
    assert "https://x.com/intent/post?url=" in page
    # Nothing is loaded from those sites: they are only link targets.
    assert '<script src="https://' not in page and "<iframe" not in page


def test_og_image_is_a_1200_by_630_png_drawn_once_per_decision_hash(client):
    cycle = _announced_cycle()
    decision, _others = _winner(cycle, title="ระบบเก็บขยะตามเส้นทางอัจฉริยะ")
    url = reverse("results:og_image", args=[cycle.slug, decision.pk])
    first = client.get(url)
    body = b"".join(first.streaming_content)
    assert first["Content-Type"] == "image/png"
    assert Image.open(io.BytesIO(body)).size == (1200, 630)
    name = f"og/results/{decision.sha256}-th.png"
    assert default_storage.exists(name)
    assert b"".join(client.get(url).streaming_content) == body


def test_results_page_query_count_does_not_grow_with_categories(client, django_assert_num_queries, settings):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 0  # the view's own queries, not the page cache's (core/pagecache.py)
    one, three = _announced_cycle(), _announced_cycle()
    RoundFactory(cycle=one)
    RoundFactory(cycle=three)
    _winner(one, title="หนึ่ง", finalists=1)
    for n in range(3):
        _winner(three, title=f"สาม {n}", finalists=2)
    client.get(reverse("results:cycle", args=[three.slug]))  # caches warm up once
    with CaptureQueriesContext(connection) as for_one:
        assert client.get(reverse("results:cycle", args=[one.slug])).status_code == 200
    with django_assert_num_queries(len(for_one.captured_queries)):
        page = client.get(reverse("results:cycle", args=[three.slug])).content.decode()
    assert page.count('data-testid="winner"') == 3 and page.count('data-testid="finalist"') == 6


def test_results_page_shows_the_popular_vote_integrity_summary(client):
    cycle = _announced_cycle()
    prize = PrizeFactory(cycle=cycle, category=None, kind=PrizeKind.POPULAR_VOTE, name_th="รางวัล Popular Vote")
    integrity = {"cast": 12, "voided": 2, "valid": 10, "voided_by_reason": {"duplicate": 2}, "voters": 12}
    DecisionFactory(
        prize=prize,
        application=FinalistFactory(cycle=cycle),
        data=json.dumps({"integrity": integrity, "standings": []}),
    )
    page = client.get(reverse("results:cycle", args=[cycle.slug])).content.decode()
    assert 'data-testid="vote-integrity"' in page and "12" in page and "10" in page


def test_an_edition_without_winners_says_so_and_does_not_link_results(client):
    cycle = _announced_cycle()
    cycle.milestones.filter(kind=MilestoneKind.SUBMISSION_DEADLINE).delete()
    MilestoneFactory(cycle=cycle, starts_at=timezone.now() - timedelta(days=30))
    page = client.get(reverse("results:cycle", args=[cycle.slug])).content.decode()
    assert 'data-testid="no-results"' in page and 'data-testid="how-decided"' not in page
    home = client.get(reverse("awards:cycle", args=[cycle.slug])).content.decode()
    assert 'data-testid="results-link"' not in home and 'data-testid="no-results"' in home
    assert reverse("results:cycle", args=[cycle.slug]) not in home


def test_a_result_of_another_cycle_is_not_found(client):
    cycle, other = _announced_cycle(), _announced_cycle()
    decision, _others = _winner(other, title="อื่น")
    _winner(cycle, title="ของเรา")
    assert client.get(reverse("results:decision", args=[cycle.slug, decision.pk])).status_code == 404
    assert client.get(reverse("results:og_image", args=[cycle.slug, decision.pk])).status_code == 404
    assert client.get(reverse("results:cover", args=[cycle.slug, decision.application.pk])).status_code == 404


def test_retention_purge_deletes_the_cycles_og_pictures_and_no_other_cycles(
    client, settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": tmp_path}},
    }
    purged, other = _announced_cycle(), _announced_cycle()
    decision, _others = _winner(purged, title="ไฟถนนอัจฉริยะ")
    kept, _others = _winner(other, title="ระบบเตือนภัยน้ำท่วม")
    Decision.objects.filter(pk=decision.pk).update(sha256="a" * 64)
    Decision.objects.filter(pk=kept.pk).update(sha256="c" * 64)
    # The result as first decided, withdrawn since: its picture was drawn while it was the result.
    DecisionFactory(
        prize=decision.prize, application=decision.application, sha256="b" * 64, withdrawn_at=timezone.now()
    )
    default_storage.save(og_image_name("b" * 64, "th"), ContentFile(b"\x89PNG"))
    for cycle, shown in [(purged, decision), (other, kept)]:
        for language in ["th", "en"]:
            with translation.override(language):
                assert client.get(reverse("results:og_image", args=[cycle.slug, shown.pk])).status_code == 200
    assert sorted(default_storage.listdir("og/results")[1]) == [
        f"{'a' * 64}-en.png",
        f"{'a' * 64}-th.png",
        f"{'b' * 64}-th.png",
        f"{'c' * 64}-en.png",
        f"{'c' * 64}-th.png",
    ]

    with django_capture_on_commit_callbacks(execute=True):
        purge_cycle(cycle=purged)

    assert sorted(default_storage.listdir("og/results")[1]) == [f"{'c' * 64}-en.png", f"{'c' * 64}-th.png"]
