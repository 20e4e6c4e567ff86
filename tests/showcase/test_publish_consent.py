"""The organisation's consent to publish, given or withdrawn by a member from the application's page:
a withdrawal takes the project's public answers and cover off the showcase, its open data, the vote
gallery and finalist pages and the results at the next request, even right after each was read; the
search words forget the withheld summary; who changed it and when are kept."""

import csv
import io
import json
from datetime import timedelta

import pytest
from django.contrib.messages import get_messages
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import connection
from django.template.loader import render_to_string
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from PIL import Image

from accounts.models import AuditEvent
from awards.enums import MilestoneKind
from submissions.models import Application
from submissions.services.consent import give_publish_consent, withdraw_publish_consent
from tests.factories import (
    DecisionFactory,
    FinalistFactory,
    MembershipFactory,
    MilestoneFactory,
    PollFactory,
    VoterFactory,
)
from tests.publishing import answer_facts
from voting import passes

pytestmark = pytest.mark.django_db

SUMMARY = "ระบบเตือนภัยน้ำท่วมด้วยเซนเซอร์ระดับน้ำ"
VIDEO = "https://video.example/flood"


def _png() -> ContentFile:
    buffer = io.BytesIO()
    Image.new("RGB", (32, 18), (10, 120, 200)).save(buffer, format="PNG")
    return ContentFile(buffer.getvalue())


@pytest.fixture
def published(applicant):
    """A winner of an announced edition with a Popular Vote, consenting, with a summary, a video and
    a cover; ``applicant`` is a member of its organisation."""
    finalist = FinalistFactory(title_th="ระบบเฝ้าระวังอัจฉริยะ", publish_consent=True)
    MembershipFactory(organisation=finalist.organisation, user=applicant)
    answer_facts(finalist, summary=SUMMARY, video_url=VIDEO, area_served="ทั้งเมือง")
    finalist.cover_image.save("cover.png", _png(), save=True)  # saved: the search words are cut again
    PollFactory(cycle=finalist.cycle)
    DecisionFactory(application=finalist, prize__cycle=finalist.cycle, prize__category=finalist.category)
    MilestoneFactory(cycle=finalist.cycle, kind=MilestoneKind.RESULTS, starts_at=timezone.now() - timedelta(days=1))
    return finalist


def _public(client, application) -> dict[str, str]:
    """Every public page and file that may carry what the organisation agreed to publish."""
    slug = application.cycle.slug
    pages = {
        "showcase": "/solutions/",
        "solution": f"/solutions/{application.pk}/",
        "json": "/solutions.json",
        "csv": "/solutions.csv",
        "gallery": f"/vote/{slug}/",
        "finalist": f"/vote/{slug}/{application.pk}/",
        "results": f"/{slug}/results/",
    }
    return {name: client.get(path).content.decode("utf-8-sig") for name, path in pages.items()}


def _covers(client, application) -> list[int]:
    slug = application.cycle.slug
    paths = [
        f"/solutions/{application.pk}/cover/",
        f"/vote/{slug}/{application.pk}/cover/",
        f"/{slug}/results/covers/{application.pk}/",
    ]
    return [client.get(path).status_code for path in paths]


def _found_by_summary(client) -> bool:
    return "ระบบเฝ้าระวังอัจฉริยะ" in client.get("/solutions/", {"q": "เซนเซอร์"}).content.decode()


def test_withdrawal_takes_the_project_off_every_public_page_at_once(login_as, applicant, published):
    client = Client()  # an anonymous visitor to the end (login_as logs the test's own client in)
    before = _public(client, published)  # every page read (and kept for anonymous visitors) just before
    assert {name: SUMMARY in page for name, page in before.items()} == dict.fromkeys(before, True)
    assert VIDEO in before["solution"] and VIDEO in before["finalist"]
    assert _covers(client, published) == [200, 200, 200]
    assert _found_by_summary(client)

    response = login_as(applicant).post(f"/my/applications/{published.pk}/publish-consent/", {"consent": "no"})

    assert response.status_code == 302
    after = _public(client, published)
    assert {name: SUMMARY in page for name, page in after.items()} == dict.fromkeys(after, False)
    assert VIDEO not in after["solution"] + after["finalist"] + after["json"] + after["csv"]
    assert _covers(client, published) == [404, 404, 404]
    assert not _found_by_summary(client)
    # The results stay public: the title and the award are part of them, consent or not.
    assert published.title_th in after["results"] and published.title_th in after["showcase"]
    rows = list(csv.DictReader(io.StringIO(after["csv"])))
    assert [row["title"] for row in rows] == [published.title_th]
    assert json.loads(after["json"])["solutions"][0]["answers"] == {}


def test_a_question_for_staff_and_judges_is_never_public_even_with_consent(client, published):
    pages = _public(client, published)

    assert ["ทั้งเมือง" in page for page in pages.values()] == [False] * len(pages)


def test_giving_consent_again_publishes_again(client, applicant, published):
    withdraw_publish_consent(application=published, by=applicant)
    assert SUMMARY not in client.get(f"/solutions/{published.pk}/").content.decode()

    give_publish_consent(application=published, by=applicant)

    assert SUMMARY in client.get(f"/solutions/{published.pk}/").content.decode()
    assert _covers(client, published) == [200, 200, 200]
    assert _found_by_summary(client)


def test_who_changed_the_consent_and_when_is_kept(applicant, published):
    withdraw_publish_consent(application=published, by=applicant)

    latest = published.history.first()
    assert (latest.publish_consent, latest.history_user, latest.history_change_reason) == (
        False,
        applicant,
        f"publish consent withdrawn by {applicant}",
    )
    event = AuditEvent.objects.get(action="application.publish_consent")
    assert (event.actor, event.target_id, event.detail) == (
        applicant,
        str(published.pk),
        {"before": True, "after": False},
    )


def test_withdrawing_makes_a_facts_form_open_elsewhere_a_conflict(applicant, published):
    version = Application.objects.get(pk=published.pk).version

    withdraw_publish_consent(application=published, by=applicant)

    assert Application.objects.get(pk=published.pk).version == version + 1


def test_only_a_member_may_change_the_consent(login_as, other_applicant, staff, published):
    for person in (other_applicant, staff):
        response = login_as(person).post(f"/my/applications/{published.pk}/publish-consent/", {"consent": "no"})
        assert response.status_code == 404
    with pytest.raises(ValidationError):
        withdraw_publish_consent(application=published, by=other_applicant)
    assert Application.objects.get(pk=published.pk).publish_consent is True


def test_a_cover_must_be_checked_again_before_a_kept_copy_is_shown(client, published):
    response = client.get(f"/solutions/{published.pk}/cover/")

    assert "no-cache" in response["Cache-Control"] and "public" in response["Cache-Control"]


def test_the_include_for_the_overview_offers_the_change_the_organisation_can_make(published):
    given = render_to_string("submissions/_consent.html", {"application": published})
    published.publish_consent = False
    not_given = render_to_string("submissions/_consent.html", {"application": published})

    assert ('data-testid="withdraw-consent"' in given, 'data-testid="give-consent"' in given) == (True, False)
    assert ('data-testid="withdraw-consent"' in not_given, 'data-testid="give-consent"' in not_given) == (False, True)
    assert f"/my/applications/{published.pk}/publish-consent/" in given


def test_a_post_without_a_choice_changes_nothing_and_says_what_to_do(login_as, applicant, published):
    response = login_as(applicant).post(f"/en/my/applications/{published.pk}/publish-consent/", {"consent": "maybe"})

    assert response["Location"] == f"/en/my/applications/{published.pk}/"
    messages = [str(message) for message in get_messages(response.wsgi_request)]
    assert messages == ["Choose whether the project may be published, then send the form again."]
    assert Application.objects.get(pk=published.pk).publish_consent is True


def test_withdrawal_drops_the_copies_kept_for_anonymous_visitors(
    login_as, applicant, published, django_capture_on_commit_callbacks
):
    client = Client()  # a visitor apart from the member who withdraws (login_as logs its own client in)
    slug = published.cycle.slug
    paths = ["/solutions/", f"/solutions/{published.pk}/", f"/vote/{slug}/", f"/vote/{slug}/{published.pk}/"]
    paths += [f"/{slug}/results/"]
    for path in paths:
        client.get(path)
    served_from_copies = {}
    for path in paths:
        with CaptureQueriesContext(connection) as queries:
            page = client.get(path).content.decode()
        served_from_copies[path] = (len(queries), SUMMARY in page)

    with django_capture_on_commit_callbacks(execute=True):
        login_as(applicant).post(f"/my/applications/{published.pk}/publish-consent/", {"consent": "no"})

    assert served_from_copies == dict.fromkeys(paths, (0, True))
    assert {path: SUMMARY in client.get(path).content.decode() for path in paths} == dict.fromkeys(paths, False)


def test_withdrawal_takes_the_answers_off_a_verified_voters_finalist_page_at_once(login_as, applicant, published):
    # A verified voter's page is rendered for them, with the finalist's answers from the shared cache
    # (voting.selectors.finalist_card): read twice, so that the second is served from it.
    voter = Client()
    voter.cookies[passes.PASS_COOKIE] = passes.issue_pass(VoterFactory().pk)
    url = f"/vote/{published.cycle.slug}/{published.pk}/"
    for _ in range(2):
        page = voter.get(url).content.decode()
        assert SUMMARY in page and 'data-testid="vote-button"' in page

    login_as(applicant).post(f"/my/applications/{published.pk}/publish-consent/", {"consent": "no"})

    page = voter.get(url).content.decode()
    assert SUMMARY not in page and VIDEO not in page
    assert 'data-testid="vote-button"' in page
