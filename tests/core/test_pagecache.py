"""The public pages a crowd opens, served from the shared cache to anonymous visitors
(core/pagecache.py): a second anonymous request reads no database; a logged-in person, a voter and
anyone with a session or a message get their own page, never a stored one, and never leave theirs
behind for others; an edit shows at once; Thai and English are kept apart; the CSRF token of a
page with a form still works."""

import time
from datetime import timedelta
from html.parser import HTMLParser

import pytest
from django.db import connection
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from awards.enums import MilestoneKind
from core import pagecache
from submissions.enums import ApplicationStatus
from tests.factories import (
    ApplicationFactory,
    CategoryFactory,
    DecisionFactory,
    FinalistFactory,
    MilestoneFactory,
    PollFactory,
    PrizeFactory,
    VoteFactory,
    VoterFactory,
)
from tests.publishing import answer_facts
from voting import passes, ratelimit, selectors
from voting.models import Vote
from voting.services.polls import close_poll_now

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_state(settings):
    settings.VOTE_MIN_SECONDS = 0
    selectors.forget_polls()
    ratelimit.reset()
    pagecache.reset()
    yield
    selectors.forget_polls()
    pagecache.reset()
    pagecache.forget_local()


@pytest.fixture
def world(db, django_capture_on_commit_callbacks):
    return edition_in_its_vote()


def edition_in_its_vote() -> dict:
    """An edition in its vote with two finalists, one of them its category's winner announced; the
    finalists are in the showcase."""
    poll = PollFactory(cycle__slug="smart-2569", show_counts=True)
    cycle = poll.cycle
    MilestoneFactory(cycle=cycle, kind=MilestoneKind.RESULTS, starts_at=timezone.now() - timedelta(days=1))
    category = CategoryFactory(cycle=cycle)
    winner = FinalistFactory(cycle=cycle, category=category, title_th="รถแดงอัจฉริยะ", publish_consent=True)
    other = FinalistFactory(cycle=cycle, category=category, title_th="ไฟถนนอัจฉริยะ", publish_consent=True)
    DecisionFactory(prize=PrizeFactory(cycle=cycle, category=category), application=winner)
    return {"cycle": cycle, "poll": poll, "winner": winner, "other": other}


def pages(world) -> dict[str, str]:
    slug = world["cycle"].slug
    return {
        "home": "/",
        "edition": f"/{slug}/",
        "gallery": f"/vote/{slug}/",
        "finalist": f"/vote/{slug}/{world['winner'].pk}/",
        "results": f"/{slug}/results/",
        "showcase": "/solutions/?q=%E0%B8%A3%E0%B8%96",
        "solution": f"/solutions/{world['winner'].pk}/",
    }


PAGES = ["home", "edition", "gallery", "finalist", "results", "showcase", "solution"]


def queries_of(client, url) -> tuple[int, object]:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    return len(captured.captured_queries), response


@pytest.mark.parametrize("page", PAGES)
def test_a_second_anonymous_request_is_served_from_the_cache_without_a_query(world, page, client):
    url = pages(world)[page]
    rendered, first = queries_of(client, url)
    served, second = queries_of(Client(), url)

    assert first.status_code == second.status_code == 200
    assert rendered > 0 and served == 0
    assert second.content == first.content
    assert b"csrfmiddlewaretoken" not in second.content and "csrftoken" not in second.cookies


def test_a_query_string_is_its_own_copy(world, client):
    assert "รถแดงอัจฉริยะ" in client.get("/solutions/", {"q": "รถแดง"}).content.decode()
    other = client.get("/solutions/", {"q": "ไฟถนน"}).content.decode()
    assert "ไฟถนนอัจฉริยะ" in other and "รถแดงอัจฉริยะ" not in other


def test_thai_and_english_are_separate_copies(world, client):
    slug = world["cycle"].slug
    thai, english = client.get(f"/{slug}/").content.decode(), client.get(f"/en/{slug}/").content.decode()
    assert '<html lang="th">' in thai and '<html lang="en">' in english
    assert world["cycle"].name_en in english

    for url, lang in ((f"/{slug}/", "th"), (f"/en/{slug}/", "en")):
        served, response = queries_of(Client(), url)
        assert served == 0 and f'<html lang="{lang}">' in response.content.decode()


def test_a_logged_in_person_gets_their_own_page_and_never_leaves_it_for_others(world, client, login_as, applicant):
    anonymous_before = Client().get("/").content.decode()
    own = login_as(applicant)
    rendered, response = queries_of(own, "/")
    page = response.content.decode()
    assert rendered > 0 and "csrfmiddlewaretoken" in page and reverse("account_logout") in page
    assert page != anonymous_before

    for _ in range(2):  # stored before and after the person's visit: the anonymous copy either way
        anonymous = Client().get("/").content.decode()
        assert reverse("account_logout") not in anonymous and "csrfmiddlewaretoken" not in anonymous
        assert applicant.full_name not in anonymous


def test_a_logged_in_persons_page_is_never_stored(world, login_as, applicant):
    login_as(applicant).get("/")  # the first request of all: nothing is stored
    rendered, response = queries_of(Client(), "/")
    assert rendered > 0 and reverse("account_logout") not in response.content.decode()


def test_a_voters_page_names_their_vote_and_an_anonymous_visitor_never_sees_it(world, client):
    poll, winner = world["poll"], world["winner"]
    voter = VoterFactory()
    VoteFactory(voter=voter, application=winner)
    mine = Client()
    mine.cookies[passes.PASS_COOKIE] = passes.issue_pass(voter.pk)
    url = f"/vote/{poll.cycle.slug}/{winner.pk}/"

    for _ in range(2):
        page = mine.get(url).content.decode()
        assert 'data-testid="voted-for"' in page
        anonymous = Client().get(url).content.decode()
        assert 'data-testid="voted-for"' not in anonymous and 'data-testid="verify-to-vote"' in anonymous
        gallery = Client().get(f"/vote/{poll.cycle.slug}/").content.decode()
        assert 'data-testid="voted-for"' not in gallery


@pytest.mark.parametrize("cookie", ["sessionid", "messages"])
def test_a_session_or_a_message_is_never_served_from_the_cache(world, client, cookie):
    Client().get("/")
    visitor = Client()
    visitor.cookies[cookie] = "anything"
    rendered, _response = queries_of(visitor, "/")
    assert rendered > 0


def test_a_post_is_never_served_from_the_cache(world, client):
    slug = world["cycle"].slug
    Client().get(f"/{slug}/results/")
    rendered, _response = queries_of(Client(), f"/{slug}/results/")
    assert rendered == 0
    # Every cached page takes GET and HEAD only: a POST is refused, never answered with the copy.
    posted = Client().post(f"/{slug}/results/")
    assert posted.status_code == 405 and b"<html" not in posted.content


def test_the_vote_form_works_after_the_finalist_page_was_served_from_the_cache(world):
    poll, other = world["poll"], world["other"]
    url = f"/vote/{poll.cycle.slug}/{other.pk}/"
    cached = Client(enforce_csrf_checks=True)
    assert "csrfmiddlewaretoken" not in cached.get(url).content.decode()
    assert queries_of(Client(), url)[0] == 0  # the anonymous copy is stored

    voter = VoterFactory()
    browser = Client(enforce_csrf_checks=True)
    browser.cookies[passes.PASS_COOKIE] = passes.issue_pass(voter.pk)
    page = browser.get(url).content.decode()
    token = _form_value(page, "csrfmiddlewaretoken")
    assert token and 'data-testid="vote-button"' in page

    response = browser.post(
        reverse("voting:cast", args=[poll.cycle.slug, other.pk]),
        {"csrfmiddlewaretoken": token, "stamp": _form_value(page, "stamp"), "website": ""},
    )
    assert response.status_code == 302
    assert Vote.objects.filter(voter=voter, application=other).count() == 1


def test_the_log_out_form_works_after_the_home_page_was_served_from_the_cache(world, login_as, applicant):
    Client().get("/")
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(applicant)
    page = browser.get("/").content.decode()
    token = _form_value(page, "csrfmiddlewaretoken")
    response = browser.post(reverse("account_logout"), {"csrfmiddlewaretoken": token})
    assert response.status_code == 302
    assert "_auth_user_id" not in browser.session


def test_an_edit_of_the_editions_text_in_admin_shows_at_once(
    world, login_as, staff, django_capture_on_commit_callbacks
):
    cycle = world["cycle"]
    url = f"/{cycle.slug}/"
    assert cycle.description_th in Client().get(url).content.decode()
    assert queries_of(Client(), url)[0] == 0

    admin = login_as(staff)
    change = reverse("admin:awards_cycle_change", args=[cycle.pk])
    data = _admin_form(admin.get(change).content.decode())
    data["description_th"] = "ข้อความใหม่ของรางวัลปีนี้"
    with django_capture_on_commit_callbacks(execute=True):
        response = admin.post(change, data)
    assert response.status_code == 302, response.content.decode()[:2000]

    assert "ข้อความใหม่ของรางวัลปีนี้" in Client().get(url).content.decode()


def test_a_decision_and_a_new_finalist_show_at_once(world, django_capture_on_commit_callbacks):
    cycle = world["cycle"]
    gallery, results = f"/vote/{cycle.slug}/", f"/{cycle.slug}/results/"
    Client().get(gallery), Client().get(results), Client().get("/solutions/")

    with django_capture_on_commit_callbacks(execute=True):
        newcomer = ApplicationFactory(cycle=cycle, title_th="ระบบคิวโรงพยาบาล", status=ApplicationStatus.SUBMITTED)
        newcomer.status = ApplicationStatus.SHORTLISTED
        newcomer.save()
        prize = PrizeFactory(cycle=cycle, category=CategoryFactory(cycle=cycle), name_th="รางวัลใหม่")
        DecisionFactory(prize=prize, application=newcomer)

    assert f"/vote/{cycle.slug}/{newcomer.pk}/" in Client().get(gallery).content.decode()
    assert "รางวัลใหม่" in Client().get(results).content.decode()
    assert f"/solutions/{newcomer.pk}/" in Client().get("/solutions/").content.decode()


def test_a_draft_autosave_leaves_the_cached_pages_alone(world, django_capture_on_commit_callbacks):
    draft = ApplicationFactory(cycle=world["cycle"])
    Client().get("/")
    with django_capture_on_commit_callbacks(execute=True):
        draft.title_th = "ร่างใหม่"
        draft.save()
    assert queries_of(Client(), "/")[0] == 0


def test_closing_the_vote_shows_within_a_second(world, staff, django_capture_on_commit_callbacks):
    poll = world["poll"]
    gallery = f"/vote/{poll.cycle.slug}/"
    Client().get(gallery)
    with django_capture_on_commit_callbacks(execute=True):
        close_poll_now(poll=poll, by=staff)
    # The poll's version is announced in the shared cache; a process reads it again within a second.
    time.sleep(pagecache.VERSION_MEMO_SECONDS)
    rendered, _response = queries_of(Client(), gallery)
    assert rendered > 0


def test_a_vote_count_lags_until_the_copy_expires(world, settings):
    poll, winner = world["poll"], world["winner"]
    url = f"/vote/{poll.cycle.slug}/{winner.pk}/"
    before = Client().get(url).content.decode()
    VoteFactory(application=winner)
    assert Client().get(url).content.decode() == before  # within pagecache.SECONDS: the stored copy
    settings.PUBLIC_PAGE_CACHE_SECONDS = 0  # as when it has expired (and the tally too)
    from django.core.cache import cache

    cache.delete(selectors.tally_key(poll.cycle_id))
    assert Client().get(url).content.decode() != before


def test_a_page_that_rendered_a_csrf_token_for_an_anonymous_visitor_is_not_stored(db):
    from django.contrib.auth.models import AnonymousUser

    @pagecache.public_page()
    def view(request):
        return HttpResponse(get_token(request))

    def call():
        request = RequestFactory().get("/a-page/")
        request.user = AnonymousUser()
        return view(request).content

    assert call() != call()


@pytest.fixture
def shared_cache_down(settings):
    """The shared cache on a port where nothing listens: every call to it fails at once."""
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",
            "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
        }
    }


def test_with_the_shared_cache_down_the_pages_are_rendered(world, shared_cache_down):
    for _ in range(2):
        assert Client().get("/").status_code == 200


def _form_value(page: str, name: str) -> str:
    parser = _Form()
    parser.feed(page)
    return parser.data.get(name, "")


def _admin_form(page: str) -> dict:
    parser = _Form(form_id="cycle_form")
    parser.feed(page)
    return parser.data


class _Form(HTMLParser):
    """The values a browser would send back from a page's form (inputs, selects, textareas)."""

    def __init__(self, form_id: str | None = None):
        super().__init__(convert_charrefs=True)
        self.form_id, self.inside = form_id, form_id is None
        self.data: dict = {}
        self._textarea = self._select = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and self.form_id is not None:
            self.inside = attrs.get("id") == self.form_id
        if not self.inside:
            return
        name = attrs.get("name")
        if tag == "input" and name and attrs.get("type") not in ("submit", "button", "file"):
            if attrs.get("type") in ("checkbox", "radio"):
                if "checked" in attrs:
                    self.data[name] = attrs.get("value", "on")
            else:
                self.data.setdefault(name, attrs.get("value") or "")
        elif tag == "textarea" and name:
            self._textarea = name
            self.data[name] = ""
        elif tag == "select" and name:
            self._select = name
            self.data.setdefault(name, "")
        elif tag == "option" and self._select and "selected" in attrs:
            self.data[self._select] = attrs.get("value", "")

    def handle_endtag(self, tag):
        if tag == "textarea":
            self._textarea = None
        elif tag == "select":
            self._select = None
        elif tag == "form" and self.form_id is not None:
            self.inside = False

    def handle_data(self, data):
        if self._textarea:
            self.data[self._textarea] += data


def test_while_an_expired_page_renders_again_the_others_get_the_copy_that_expired(db, monkeypatch):
    import threading

    from django.contrib.auth.models import AnonymousUser

    renders, started, release = [], threading.Event(), threading.Event()

    @pagecache.public_page()
    def view(request):
        renders.append(1)
        if len(renders) > 1:
            started.set()
            release.wait(5)
        return HttpResponse(f"render {len(renders)}")

    def call():
        request = RequestFactory().get("/a-page/")
        request.user = AnonymousUser()
        return view(request).content

    assert call() == b"render 1"
    later = time.time() + pagecache.SECONDS + 1
    monkeypatch.setattr(pagecache.time, "time", lambda: later)
    answers = []
    renderer = threading.Thread(target=lambda: answers.append(call()))
    renderer.start()
    assert started.wait(5)
    assert call() == b"render 1"  # the copy that expired, while the second render runs
    release.set()
    renderer.join(5)
    assert answers == [b"render 2"] and len(renders) == 2
    assert call() == b"render 2"


@pytest.mark.parametrize("page", ["gallery", "results", "solution"])
def test_a_link_shared_with_a_click_id_is_served_the_copy_everyone_gets(world, page, client):
    url = pages(world)[page]
    rendered, plain = queries_of(client, url)
    served, shared = queries_of(Client(), f"{url}?fbclid=IwAR0abc&utm_source=line&utm_medium=social")

    assert rendered > 0 and served == 0
    assert shared.content == plain.content
    assert b"fbclid" not in shared.content and b"utm_source" not in shared.content


def test_a_click_id_first_leaves_no_trace_in_the_copy_others_get(world, client):
    url = pages(world)["gallery"]
    first = client.get(f"{url}?fbclid=IwAR0first")
    served, later = queries_of(Client(), url)

    assert served == 0 and later.content == first.content
    assert b"IwAR0first" not in later.content


def _voter_client() -> Client:
    client = Client()
    client.cookies[passes.PASS_COOKIE] = passes.issue_pass(VoterFactory().pk)
    return client


def test_verified_voters_get_pages_of_their_own_with_the_finalists_answers_from_the_shared_cache(world):
    winner = world["winner"]
    answer_facts(winner, summary="รถรับส่งอัจฉริยะทั่วเมือง")
    url = f"/vote/{world['cycle'].slug}/{winner.pk}/"
    first, second = _voter_client(), _voter_client()

    with CaptureQueriesContext(connection) as rendered:
        mine = first.get(url).content.decode()
    with CaptureQueriesContext(connection) as served:
        theirs = second.get(url).content.decode()

    # Each page is rendered for its voter, with a vote form and a stamp bound to their own pass...
    assert 'data-testid="vote-button"' in mine and 'data-testid="vote-button"' in theirs
    assert _form_value(mine, "stamp") != _form_value(theirs, "stamp")
    assert "รถรับส่งอัจฉริยะทั่วเมือง" in mine and "รถรับส่งอัจฉริยะทั่วเมือง" in theirs
    # ...but the finalist's answers are read from the database once.
    answer_reads = [
        [q["sql"] for q in queries.captured_queries if "submissions_answer" in q["sql"]]
        for queries in (rendered, served)
    ]
    assert len(answer_reads[0]) > 0 and answer_reads[1] == []
    assert len(served.captured_queries) < len(rendered.captured_queries)


def test_a_finalists_edited_answer_shows_to_a_verified_voter_at_once(world, django_capture_on_commit_callbacks):
    winner = world["winner"]
    url = f"/vote/{world['cycle'].slug}/{winner.pk}/"
    voter = _voter_client()
    assert voter.get(url).status_code == 200

    with django_capture_on_commit_callbacks(execute=True):
        winner.title_th = "รถแดงอัจฉริยะรุ่นใหม่"
        winner.save()

    assert "รถแดงอัจฉริยะรุ่นใหม่" in voter.get(url).content.decode()


def test_a_public_part_is_built_once_for_its_versions_and_again_after_they_change(db):
    built = []

    def build():
        built.append(1)
        return {"answers": ["หนึ่ง"], "built": len(built)}

    first = pagecache.public_part("test:part", build, edition="smart-2569")
    first["answers"].append("changed by the first reader")
    second = pagecache.public_part("test:part", build, edition="smart-2569")
    pagecache.forget_local()  # another process: the shared copy
    third = pagecache.public_part("test:part", build, edition="smart-2569")

    assert len(built) == 1
    assert second == third == {"answers": ["หนึ่ง"], "built": 1}  # each reader gets a copy of its own

    pagecache.changed(editions=["smart-2569"])
    assert pagecache.public_part("test:part", build, edition="smart-2569")["built"] == 2
    pagecache.changed(editions=["another-edition"])
    assert pagecache.public_part("test:part", build, edition="smart-2569")["built"] == 2
    pagecache.changed(site=True)
    assert pagecache.public_part("test:part", build, edition="smart-2569")["built"] == 3


def test_a_public_part_expires_with_the_pages(db, settings, monkeypatch):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 15
    built = []
    pagecache.public_part("test:part", lambda: built.append(1))
    now = time.time()
    monkeypatch.setattr(pagecache.time, "time", lambda: now + 16)
    pagecache.public_part("test:part", lambda: built.append(1))

    assert len(built) == 2


def test_with_the_shared_cache_down_a_public_part_is_built_each_time(db, shared_cache_down):
    built = []
    for _ in range(2):
        assert pagecache.public_part("test:part", lambda: built.append(1) or "built") == "built"
    assert len(built) == 2
