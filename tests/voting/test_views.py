import re
import time
from urllib.parse import urlencode

import pytest
from django.core import signing
from django.core.files.base import ContentFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from core.models import OutboundEmail
from tests.factories import ApplicationFactory, FinalistFactory, PollFactory, VoteFactory, VoterFactory
from tests.publishing import answer_facts
from voting import passes
from voting.models import Vote, VoteVoid
from voting.views import short_code

from .conftest import old_stamp, verified, vote_form

pytestmark = pytest.mark.django_db


def _url(poll, name="", pk=None):
    base = f"/vote/{poll.cycle.slug}/"
    return base + (f"{pk}/" if pk else "") + (f"{name}/" if name else "")


def test_gallery_lists_finalists_only_with_consented_summary(client, poll):
    shown = FinalistFactory(cycle=poll.cycle, title_th="โครงการที่เผยแพร่", publish_consent=True)
    answer_facts(shown, summary="สรุปสาธารณะ")
    private = FinalistFactory(cycle=poll.cycle, title_th="โครงการที่ไม่ยินยอม", publish_consent=False)
    answer_facts(private, summary="ข้อความลับ")
    ApplicationFactory(cycle=poll.cycle, status="submitted", title_th="ยังไม่ผ่านการคัดเลือก")

    html = client.get(_url(poll)).content.decode()

    assert html.count('data-testid="finalist-card"') == 2
    assert "สรุปสาธารณะ" in html and "ข้อความลับ" not in html
    assert "ยังไม่ผ่านการคัดเลือก" not in html
    assert shown.organisation.name in html


def test_gallery_in_english(client, poll, finalist):
    html = client.get(f"/en/vote/{poll.cycle.slug}/").content.decode().replace("<wbr>", "")

    assert "Popular Vote" in html and finalist.title_th in html


def test_gallery_queries_do_not_grow_with_finalists(client, poll):
    answer_facts(FinalistFactory(cycle=poll.cycle, publish_consent=True), summary="สรุป", video_url="v.example/1")
    with CaptureQueriesContext(connection) as one:
        client.get(_url(poll))
    for finalist in FinalistFactory.create_batch(2, cycle=poll.cycle, publish_consent=True):
        answer_facts(finalist, summary="สรุป", video_url="v.example/2")
    with CaptureQueriesContext(connection) as three:
        client.get(_url(poll))

    assert len(one) == len(three)


def test_finalist_page_has_open_graph_tags_and_short_url(client, poll, finalist):
    html = client.get(_url(poll, pk=finalist.pk)).content.decode()

    assert f'<meta property="og:title" content="{finalist.title_th}">' in html
    assert f'content="http://testserver/v/{short_code(finalist.pk)}"' in html
    response = client.get(f"/v/{short_code(finalist.pk)}")
    assert response.status_code == 302
    assert response["Location"] == _url(poll, pk=finalist.pk)


def test_short_url_opens_the_page_in_the_visitors_language(client, poll, finalist):
    code = short_code(finalist.pk)

    english = client.get(f"/v/{code}", HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.9")
    thai = client.get(f"/v/{code}", HTTP_ACCEPT_LANGUAGE="th-TH,th;q=0.9,en;q=0.5")
    client.cookies["django_language"] = "en"
    chosen = client.get(f"/v/{code}", HTTP_ACCEPT_LANGUAGE="th")

    assert english["Location"] == f"/en{_url(poll, pk=finalist.pk)}"
    assert thai["Location"] == _url(poll, pk=finalist.pk)
    assert chosen["Location"] == f"/en{_url(poll, pk=finalist.pk)}"  # the language they chose on the site


def test_the_english_page_shares_a_link_that_opens_english_whatever_the_browser_says(client, poll, finalist):
    code = short_code(finalist.pk)

    english_page = client.get(f"/en{_url(poll, pk=finalist.pk)}").content.decode()
    thai_page = client.get(_url(poll, pk=finalist.pk)).content.decode()
    opened = client.get(f"/en/v/{code}", HTTP_ACCEPT_LANGUAGE="th-TH,th;q=0.9")
    client.cookies["django_language"] = "th"
    chosen_thai = client.get(f"/en/v/{code}", HTTP_ACCEPT_LANGUAGE="th")

    assert f'content="http://testserver/en/v/{code}"' in english_page
    assert urlencode({"url": f"http://testserver/en/v/{code}"}) in english_page  # the LINE share link
    assert f'content="http://testserver/v/{code}"' in thai_page
    assert opened.status_code == 302
    assert opened["Location"] == f"/en{_url(poll, pk=finalist.pk)}"
    assert chosen_thai["Location"] == f"/en{_url(poll, pk=finalist.pk)}"
    assert client.get(f"/en/v/{short_code(ApplicationFactory(cycle=poll.cycle).pk)}").status_code == 404


def test_public_vote_pages_refuse_a_post(client, poll, finalist):
    for url in (
        _url(poll),
        _url(poll, pk=finalist.pk),
        _url(poll, "thanks", finalist.pk),
        _url(poll, "results"),
        f"/v/{short_code(finalist.pk)}",
    ):
        assert client.post(url).status_code == 405, url
    assert client.head(_url(poll)).status_code == 200


def test_short_url_of_a_non_finalist_is_404(client, poll):
    draft = ApplicationFactory(cycle=poll.cycle)

    assert client.get(f"/v/{short_code(draft.pk)}").status_code == 404
    assert client.get("/v/!!").status_code == 404


def test_cover_is_served_only_with_consent(client, poll):
    consented = FinalistFactory(cycle=poll.cycle, publish_consent=True)
    private = FinalistFactory(cycle=poll.cycle, publish_consent=False)
    for application in (consented, private):
        application.cover_image.save("c.png", ContentFile(b"\x89PNG\r\n\x1a\nfake"), save=True)

    assert client.get(_url(poll, "cover", consented.pk)).status_code == 200
    assert client.get(_url(poll, "cover", private.pk)).status_code == 404


def test_non_finalist_page_is_404(client, poll):
    assert client.get(_url(poll, pk=ApplicationFactory(cycle=poll.cycle).pk)).status_code == 404


def test_whole_journey_with_the_code_from_the_outbox(client, poll, finalist):
    page = client.get(_url(poll, pk=finalist.pk)).content.decode()
    assert 'data-testid="verify-to-vote"' in page

    response = client.post(_url(poll, "verify") + f"?next={finalist.pk}", {"email": "Fan@Example.com", "consent": "on"})
    assert response.status_code == 302
    code = re.search(r"\b(\d{6})\b", OutboundEmail.objects.get(kind="vote_code").body_text).group(1)
    response = client.post(response["Location"], {"code": code})
    assert response["Location"] == _url(poll, pk=finalist.pk)
    assert 'data-testid="vote-button"' in client.get(response["Location"]).content.decode()

    response = client.post(_url(poll, "vote", finalist.pk), vote_form(client))
    assert response.status_code == 302
    assert response["Location"] == _url(poll, "thanks", finalist.pk)
    again = client.post(_url(poll, "vote", finalist.pk), vote_form(client))

    assert again.status_code == 409
    assert "ท่านโหวตแล้ว" in again.content.decode()
    assert Vote.objects.filter(application=finalist).count() == 1


def test_verify_without_consent_keeps_the_address_and_says_why(client, poll):
    response = client.post(_url(poll, "verify"), {"email": "fan@example.com"})

    assert response.status_code == 400
    assert 'value="fan@example.com"' in response.content.decode()
    assert OutboundEmail.objects.count() == 0


def test_wrong_code_is_refused_on_the_page(client, poll):
    client.post(_url(poll, "verify"), {"email": "fan@example.com", "consent": "on"})
    code = re.search(r"\b(\d{6})\b", OutboundEmail.objects.get().body_text).group(1)
    wrong = "000000" if code != "000000" else "111111"

    response = client.post(_url(poll, "code"), {"code": wrong})

    assert response.status_code == 400
    assert "vote_pass" not in response.cookies


def test_code_requests_from_one_address_are_rate_limited(client, poll, settings):
    settings.VOTE_CODE_RATE_PER_IP = 2
    statuses = [
        client.post(_url(poll, "verify"), {"email": f"fan{n}@example.com", "consent": "on"}).status_code
        for n in range(3)
    ]

    assert statuses == [302, 302, 400]
    assert OutboundEmail.objects.count() == 2


def test_vote_without_verification_is_refused(client, poll, finalist):
    response = client.post(_url(poll, "vote", finalist.pk), vote_form(client), HTTP_ACCEPT="application/json")

    assert response.status_code == 403
    assert response.json()["status"] == "not_verified"
    assert Vote.objects.count() == 0


def test_vote_with_a_forged_pass_is_refused(client, poll, finalist, voter):
    client.cookies["vote_pass"] = f"{voter.pk}:forged"

    response = client.post(_url(poll, "vote", finalist.pk), vote_form(client), HTTP_ACCEPT="application/json")

    assert response.status_code == 403


def test_vote_json_answers(client, poll, finalist, voter):
    verified(client, voter)

    first = client.post(_url(poll, "vote", finalist.pk), vote_form(client), HTTP_ACCEPT="application/json")
    second = client.post(_url(poll, "vote", finalist.pk), vote_form(client), HTTP_ACCEPT="application/json")

    assert (first.status_code, first.json()) == (201, {"status": "counted"})
    assert (second.status_code, second.json()["status"]) == (409, "already_voted")


def test_honeypot_filled_is_refused(client, poll, finalist, voter):
    verified(client, voter)

    response = client.post(_url(poll, "vote", finalist.pk), vote_form(client, website="http://spam.example"))

    assert response.status_code == 400
    assert Vote.objects.count() == 0


def test_form_sent_faster_than_a_person_is_refused(client, poll, finalist, voter, settings):
    settings.VOTE_MIN_SECONDS = 3
    verified(client, voter)

    too_fast = client.post(_url(poll, "vote", finalist.pk), vote_form(client), HTTP_ACCEPT="application/json")
    human = client.post(
        _url(poll, "vote", finalist.pk), {"stamp": old_stamp(client, 4), "website": ""}, HTTP_ACCEPT="application/json"
    )

    assert (too_fast.status_code, human.status_code) == (400, 201)


def test_stale_or_forged_stamp_is_refused(client, poll, finalist, voter):
    verified(client, voter)

    stale = client.post(
        _url(poll, "vote", finalist.pk), {"stamp": old_stamp(client, 25 * 3600)}, HTTP_ACCEPT="application/json"
    )
    forged = client.post(_url(poll, "vote", finalist.pk), {"stamp": "123:abc"}, HTTP_ACCEPT="application/json")

    assert (stale.status_code, forged.status_code) == (400, 400)


def test_replayed_form_counts_once(client, poll, finalist, voter):
    verified(client, voter)
    form = vote_form(client)

    answers = [client.post(_url(poll, "vote", finalist.pk), form).status_code for _n in range(3)]

    assert answers == [302, 409, 409]
    assert Vote.objects.count() == 1


def test_vote_without_csrf_token_is_refused(poll, finalist, voter):
    client = verified(Client(enforce_csrf_checks=True), voter)

    response = client.post(_url(poll, "vote", finalist.pk), vote_form(client))

    assert response.status_code == 403
    assert Vote.objects.count() == 0


def test_vote_for_another_cycles_finalist_through_this_poll_is_404(client, poll, voter):
    elsewhere = FinalistFactory(cycle=PollFactory().cycle)
    verified(client, voter)

    response = client.post(_url(poll, "vote", elsewhere.pk), vote_form(client))

    assert response.status_code == 404
    assert Vote.objects.count() == 0


def test_vote_by_get_is_not_allowed(client, poll, finalist, voter):
    assert verified(client, voter).get(_url(poll, "vote", finalist.pk)).status_code == 405


def test_counts_hidden_during_the_vote_unless_staff_show_them(client, poll, finalist):
    VoteFactory(application=finalist)
    hidden = client.get(_url(poll, "results")).content.decode()
    poll.show_counts = True
    poll.save()
    shown = client.get(_url(poll)).content.decode()

    assert 'data-testid="counts-hidden"' in hidden
    assert 'data-testid="count"' in shown


def test_fraud_review_is_404_for_anyone_but_staff(client, login_as, poll, outsider, judge):
    assert client.get(_url(poll, "review")).status_code == 404
    assert login_as(outsider).get(_url(poll, "review")).status_code == 404
    assert login_as(judge).get(_url(poll, "review")).status_code == 404


def test_fraud_review_finds_near_identical_disposable_and_shared_ranges(login_as, poll, finalist, staff):
    for email in ("a.b@gmail.com", "ab+x@gmail.com"):
        VoteFactory(application=finalist, voter=VoterFactory(email=email), ip="198.51.100.1", network="198.51.100.0/24")
    VoteFactory(application=finalist, voter=VoterFactory(email="bot@mailinator.com"))
    for _n in range(10):
        VoteFactory(application=finalist, network="192.0.2.0/24", ip="192.0.2.5")

    html = login_as(staff).get(_url(poll, "review")).content.decode()

    assert "a.b@gmail.com, ab+x@gmail.com" in html
    assert "mailinator.com" in html
    assert "192.0.2.0/24" in html


def test_staff_void_from_the_review_page(login_as, poll, finalist, staff):
    votes = VoteFactory.create_batch(2, application=finalist)

    response = login_as(staff).post(
        _url(poll, "review"), {"votes": ",".join(str(v.pk) for v in votes), "reason": "burst", "note": "03:12"}
    )

    assert response.status_code == 302
    assert VoteVoid.objects.filter(reason="burst", note="03:12").count() == 2


def test_the_benchs_comparison_views_are_not_part_of_the_site():
    from django.urls import Resolver404, resolve

    for path in ("/bench/bare", "/bench/insert"):
        with pytest.raises(Resolver404):
            resolve(path)


def test_cycle_page_in_its_voting_phase_leads_to_the_gallery(client, poll, finalist):
    from datetime import timedelta

    from django.utils import timezone

    from tests.factories import MilestoneFactory

    now = timezone.now()
    finalist.cycle.milestones.filter(kind="submission_deadline").update(starts_at=now - timedelta(days=5))
    MilestoneFactory(
        cycle=poll.cycle, kind="voting", starts_at=now - timedelta(days=1), ends_at=now + timedelta(days=1)
    )

    html = client.get(f"/{poll.cycle.slug}/").content.decode()

    assert f'href="/vote/{poll.cycle.slug}/" data-testid="vote-now"' in html


def _suspicious_votes(finalist, n: int) -> None:
    """``n`` of each kind of finding: shared ranges, disposable domains, near-identical addresses."""
    for i in range(n):
        for _k in range(10):
            VoteFactory(application=finalist, network=f"192.0.{i}.0/24", ip=f"192.0.{i}.5")
        VoteFactory(
            application=finalist,
            voter=VoterFactory(email=f"bot{i}.{finalist.pk}@{['mailinator.com', 'yopmail.com', 'maildrop.cc'][i]}"),
        )
        for email in (f"a.b{i}.{finalist.pk}@gmail.com", f"ab{i}.{finalist.pk}+x@gmail.com"):
            VoteFactory(application=finalist, voter=VoterFactory(email=email))


def test_fraud_review_queries_do_not_grow_with_findings(login_as, poll, staff):
    client = login_as(staff)
    one_finalist = FinalistFactory(cycle=poll.cycle)
    _suspicious_votes(one_finalist, 1)
    with CaptureQueriesContext(connection) as one:
        first = client.get(_url(poll, "review")).content.decode()
    _suspicious_votes(FinalistFactory(cycle=poll.cycle), 3)
    with CaptureQueriesContext(connection) as three:
        html = client.get(_url(poll, "review")).content.decode()

    # Then: shared ranges 192.0.0-2 (one found before), 3 disposable domains, 4 near-identical pairs,
    # and the minute of all these 52 votes is now a burst (at least 30 in a minute).
    assert (first.count('data-testid="finding"'), html.count('data-testid="finding"')) == (3, 11)
    assert len(one) == len(three)


def test_english_pages_use_the_english_title_when_there_is_one(client, poll):
    finalist = FinalistFactory(cycle=poll.cycle, title_th="รถแดงอัจฉริยะ", title_en="Smart red trucks")

    english = client.get(f"/en/vote/{poll.cycle.slug}/{finalist.pk}/").content.decode()
    thai = client.get(_url(poll, pk=finalist.pk)).content.decode()

    assert '<meta property="og:title" content="Smart red trucks">' in english
    assert '<meta property="og:title" content="รถแดงอัจฉริยะ">' in thai


class _TenMinutesAgo(signing.TimestampSigner):
    def timestamp(self):
        return signing.b62_encode(int(time.time()) - 600)


def test_a_stamp_works_only_for_the_voter_and_the_pass_it_was_rendered_for(client, poll, finalist, voter):
    url = _url(poll, "vote", finalist.pk)
    verified(client, VoterFactory())
    anothers = vote_form(client)
    client.cookies[passes.PASS_COOKIE] = _TenMinutesAgo(salt=passes.PASS_SALT).sign(f"{voter.pk}:email")
    earlier_pass = vote_form(client)
    verified(client, voter)
    page = client.get(_url(poll, pk=finalist.pk)).content.decode()
    rendered = re.search(r'name="stamp" value="([^"]+)"', page).group(1)

    answers = [client.post(url, form, HTTP_ACCEPT="application/json") for form in (anothers, earlier_pass)]
    counted = client.post(url, {"stamp": rendered, "website": ""}, HTTP_ACCEPT="application/json")

    assert [(a.status_code, a.json()["status"]) for a in answers] == [(400, "bot"), (400, "bot")]
    assert counted.status_code == 201
