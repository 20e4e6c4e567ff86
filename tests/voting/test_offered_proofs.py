"""A poll may accept a proof that is not set up on this site (no SMS gateway, no LINE or ThaiD
client): the verification page offers only the proofs that work, and admin warns staff who tick one
that does not (a warning: the poll is saved, the proof may be set up before the vote opens)."""

import pytest
from allauth.socialaccount.models import SocialApp
from django.contrib.messages import get_messages
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from tests.accounts.test_identity import provider  # noqa: F401 (the local provider fixture)
from voting.models import Challenge, Poll

pytestmark = pytest.mark.django_db

ALL_PROOFS = ["email", "sms", "line", "thaid"]


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.fixture
def nothing_set_up(settings):
    """No SMS gateway (production without SMS_API_URL) and no LINE or ThaiD client."""
    settings.SMS = {**settings.SMS, "BACKEND": "disabled"}
    settings.SOCIALACCOUNT_PROVIDERS = {"openid_connect": {"APPS": []}}


def _offered(page) -> list[str]:
    html = page.content.decode()
    return [kind for kind in ALL_PROOFS if f'data-testid="proof-{kind}"' in html]


def test_only_the_proofs_set_up_here_are_offered(client, poll, nothing_set_up):
    Poll.objects.filter(pk=poll.pk).update(proofs=ALL_PROOFS)

    page = client.get(f"/vote/{poll.cycle.slug}/verify/")
    asked_for_line = client.get(f"/vote/{poll.cycle.slug}/verify/?proof=line").content.decode()
    asked_for_sms = client.post(f"/vote/{poll.cycle.slug}/verify/?proof=sms", {"phone": "0812345678", "consent": "on"})

    # One proof left: no choice to make, the e-mail form.
    assert _offered(page) == []
    assert 'name="email"' in page.content.decode()
    assert 'name="email"' in asked_for_line and 'data-testid="continue-with-provider"' not in asked_for_line
    assert asked_for_sms.status_code == 400  # the e-mail form answered: no code went to the number
    assert Challenge.objects.count() == 0


def test_every_proof_set_up_is_offered(client, poll, settings, provider):  # noqa: F811
    settings.SMS = {**settings.SMS, "BACKEND": "file"}
    Poll.objects.filter(pk=poll.pk).update(proofs=ALL_PROOFS)

    page = client.get(f"/vote/{poll.cycle.slug}/verify/")

    assert _offered(page) == ALL_PROOFS


def test_sms_is_offered_with_a_provider_gateway_and_line_alone_when_only_it_is_configured(client, poll, settings):
    settings.SMS = {**settings.SMS, "BACKEND": "http", "URL": "https://sms.example/send"}
    line = {"provider_id": "line", "name": "LINE", "client_id": "awards-line", "secret": "s"}
    line["settings"] = {"server_url": "https://access.line.me", "scope": ["openid"]}
    settings.SOCIALACCOUNT_PROVIDERS = {"openid_connect": {"APPS": [line]}}
    Poll.objects.filter(pk=poll.pk).update(proofs=ALL_PROOFS)

    page = client.get(f"/vote/{poll.cycle.slug}/verify/")

    assert _offered(page) == ["email", "sms", "line"]


def test_a_poll_none_of_whose_proofs_is_set_up_says_so_and_sends_no_one_anywhere(client, poll, nothing_set_up):
    Poll.objects.filter(pk=poll.pk).update(proofs=["thaid"], same_proof_for_everyone=True)

    page = client.get(f"/vote/{poll.cycle.slug}/verify/")
    sent = client.post(f"/vote/{poll.cycle.slug}/verify/", {"consent": "on"})

    assert 'data-testid="none-available"' in page.content.decode()
    assert "<form" not in page.content.decode().split('data-testid="none-available"')[1]
    assert sent.status_code == 200
    assert 'data-testid="none-available"' in sent.content.decode()


def _admin_form(poll, proofs) -> dict:
    return {
        "cycle": poll.cycle.pk,
        "opens_at_0": poll.opens_at.strftime("%Y-%m-%d"),
        "opens_at_1": "00:00:00",
        "closes_at_0": poll.closes_at.strftime("%Y-%m-%d"),
        "closes_at_1": "23:00:00",
        "period": "cycle",
        "retention_days": 30,
        "proofs": proofs,
    }


def _warnings(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request) if m.level_tag == "warning"]


def test_admin_warns_of_a_ticked_proof_that_is_not_set_up_and_saves_the_poll(login_as, staff, poll, nothing_set_up):
    url = reverse("admin:voting_poll_change", args=[poll.pk])

    saved = login_as(staff).post(url, _admin_form(poll, ["email", "sms", "thaid"]))

    assert saved.status_code == 302
    assert Poll.objects.get(pk=poll.pk).proofs == ["email", "sms", "thaid"]
    (warning,) = _warnings(saved)
    assert "SMS code, ThaiD" in warning
    assert "E-mail" not in warning


def test_admin_says_nothing_when_every_ticked_proof_is_set_up(login_as, staff, poll, settings, provider):  # noqa: F811
    settings.SMS = {**settings.SMS, "BACKEND": "file"}
    url = reverse("admin:voting_poll_change", args=[poll.pk])

    saved = login_as(staff).post(url, _admin_form(poll, ALL_PROOFS))

    assert saved.status_code == 302
    assert _warnings(saved) == []


def test_the_admin_form_marks_the_proofs_not_set_up_before_staff_tick_them(login_as, staff, poll, nothing_set_up):
    page = login_as(staff).get(reverse("admin:voting_poll_change", args=[poll.pk])).content.decode()

    labels = {kind: page.split(f'value="{kind}"')[1].split("</label>")[0] for kind in ALL_PROOFS}
    assert "not set up on this site" not in labels["email"]
    for kind in ("sms", "line", "thaid"):
        assert "not set up on this site" in labels[kind], kind


def test_the_admin_form_marks_nothing_when_every_proof_is_set_up(login_as, staff, poll, settings, provider):  # noqa: F811
    settings.SMS = {**settings.SMS, "BACKEND": "file"}

    page = login_as(staff).get(reverse("admin:voting_poll_change", args=[poll.pk])).content.decode()

    assert 'value="thaid"' in page
    assert "not set up on this site" not in page


def test_the_providers_are_read_once_and_an_app_added_in_admin_is_offered_at_the_next_request(
    client, poll, nothing_set_up
):
    """allauth's provider apps are kept beside the public pages (voting.oidc.identity_providers): a
    crowd asking for codes does not read them each time, and an app staff add is offered at once."""
    Poll.objects.filter(pk=poll.pk).update(proofs=ALL_PROOFS)
    url = f"/vote/{poll.cycle.slug}/verify/"
    before = client.get(url)

    with CaptureQueriesContext(connection) as queries:
        again = client.get(url)
    read_again = [query for query in queries.captured_queries if "socialaccount_socialapp" in query["sql"]]
    SocialApp.objects.create(provider="openid_connect", provider_id="line", name="LINE", client_id="line-client")
    after = client.get(url)

    assert _offered(before) == _offered(again) == []
    assert read_again == []
    assert _offered(after) == ["email", "line"]
