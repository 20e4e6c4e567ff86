"""Sign-in with ThaiD and LINE against a real OpenID Connect provider started by the test on loopback
(oidc-provider-mock): linking an identity to an account, signing in with it, an identity linked to no
account, what is stored (a keyed hash of the subject, never a claim such as ThaiD's citizen ID), the
audit log, and the two-factor gate of judges, which an identity does not bypass."""

import socket
from urllib.parse import parse_qs, urlsplit

import pytest
import requests
from allauth.socialaccount.models import SocialAccount, SocialToken
from django.db import connection
from oidc_provider_mock import User as ProviderUser
from oidc_provider_mock import run_server_in_thread

from accounts.identity import subject_hash
from accounts.models import AuditEvent, User
from tests.factories import EmailAddressFactory, UserFactory

pytestmark = pytest.mark.django_db

CITIZEN_ID = "1101700203451"
THAID_SUBJECT = "thaid-subject-0001"


@pytest.fixture
def provider(settings, monkeypatch):
    """One local OpenID Connect provider standing in for both ThaiD and LINE, as `make run` does."""
    monkeypatch.setenv("AUTHLIB_INSECURE_TRANSPORT", "1")  # the provider is on loopback, over http
    people = [
        ProviderUser(sub=THAID_SUBJECT, claims={"pid": CITIZEN_ID, "name": "สมหญิง ใจดี", "email": "x@example.com"})
    ]
    with run_server_in_thread(user_claims=people) as server:
        url = f"http://127.0.0.1:{server.server_port}"
        settings.SOCIALACCOUNT_PROVIDERS = {
            "openid_connect": {
                "OAUTH_PKCE_ENABLED": True,
                "APPS": [
                    {
                        "provider_id": key,
                        "name": name,
                        "client_id": f"awards-{key}",
                        "secret": "secret",
                        "settings": {"server_url": url, "scope": ["openid"]},
                    }
                    for key, name in (("thaid", "ThaiD"), ("line", "LINE"))
                ],
            }
        }
        yield url


def sign_in_at_provider(client, provider_id: str, subject: str, *, process: str = "login"):
    """What the browser does: our login URL → the provider's authorisation page (the person proves who
    they are there; the stand-in asks only for the subject) → back to our callback."""
    started = client.post(f"/accounts/oidc/{provider_id}/login/?process={process}")
    assert started.status_code == 302, started.content[:500]
    authorise = started["Location"]
    answer = requests.post(authorise, data={"sub": subject, "action": "authorize"}, allow_redirects=False, timeout=10)
    assert answer.status_code == 302, answer.text[:500]
    back = urlsplit(answer.headers["location"])
    assert "code" in parse_qs(back.query)
    return client.get(f"{back.path}?{back.query}")


@pytest.fixture
def applicant():
    user = UserFactory(roles=["applicant"])
    EmailAddressFactory(user=user)
    return user


def test_an_applicant_links_thaid_then_signs_in_with_it(client, provider, applicant):
    client.force_login(applicant)

    linked = sign_in_at_provider(client, "thaid", THAID_SUBJECT, process="connect")

    assert (linked.status_code, linked["Location"]) == (302, "/account/")
    account = SocialAccount.objects.get(user=applicant)
    assert (account.provider, account.uid) == ("thaid", subject_hash("thaid", THAID_SUBJECT))
    assert AuditEvent.objects.filter(action="identity.link", actor=applicant, detail={"provider": "thaid"}).count() == 1
    page = client.get("/account/").content.decode()
    assert "ThaiD" in page and 'data-testid="identity-thaid-linked"' in page

    client.logout()
    signed_in = sign_in_at_provider(client, "thaid", THAID_SUBJECT)

    assert signed_in.status_code == 302
    assert client.session["_auth_user_id"] == str(applicant.pk)


def test_only_a_keyed_hash_of_the_subject_is_stored_never_a_claim_nor_a_token(client, provider, applicant):
    client.force_login(applicant)
    sign_in_at_provider(client, "thaid", THAID_SUBJECT, process="connect")

    account = SocialAccount.objects.get(user=applicant)
    assert account.extra_data == {}
    assert THAID_SUBJECT not in account.uid and len(account.uid) == 64
    assert not SocialToken.objects.exists()
    with connection.cursor() as cursor:
        for table in ("socialaccount_socialaccount", "accounts_auditevent", "django_session"):
            cursor.execute(f"SELECT * FROM {table}")  # noqa: S608 (fixed table names)
            dump = repr(cursor.fetchall())
            assert CITIZEN_ID not in dump and THAID_SUBJECT not in dump, table


def test_the_same_subject_at_two_providers_is_two_identities():
    assert subject_hash("thaid", THAID_SUBJECT) != subject_hash("line", THAID_SUBJECT)


def test_an_identity_linked_to_no_account_is_refused_with_how_to_link_it(client, provider, applicant):
    users_before = User.objects.count()

    refused = sign_in_at_provider(client, "line", "line-subject-nobody")

    assert (refused.status_code, refused["Location"]) == (302, "/accounts/login/")
    assert "_auth_user_id" not in client.session
    assert User.objects.count() == users_before and not SocialAccount.objects.exists()
    page = client.get("/accounts/login/").content.decode()
    assert "LINE" in page and "ยังไม่ได้เชื่อมกับบัญชี" in page


def test_one_identity_cannot_be_linked_to_two_accounts(client, provider, applicant):
    client.force_login(applicant)
    sign_in_at_provider(client, "thaid", THAID_SUBJECT, process="connect")
    other = UserFactory(roles=["applicant"])
    EmailAddressFactory(user=other)
    client.force_login(other)

    sign_in_at_provider(client, "thaid", THAID_SUBJECT, process="connect")

    assert list(SocialAccount.objects.values_list("user", flat=True)) == [applicant.pk]


def test_unlinking_is_audited(client, provider, applicant):
    client.force_login(applicant)
    sign_in_at_provider(client, "thaid", THAID_SUBJECT, process="connect")
    account = SocialAccount.objects.get(user=applicant)

    client.post("/accounts/3rdparty/", {"account": account.pk})

    assert not SocialAccount.objects.exists()
    assert AuditEvent.objects.filter(action="identity.unlink", actor=applicant).count() == 1


def test_a_judge_signing_in_with_thaid_still_meets_the_two_factor_gate(client, provider):
    judge = UserFactory(roles=["judge"])
    EmailAddressFactory(user=judge)
    SocialAccount.objects.create(user=judge, provider="thaid", uid=subject_hash("thaid", THAID_SUBJECT))

    sign_in_at_provider(client, "thaid", THAID_SUBJECT)

    assert client.session["_auth_user_id"] == str(judge.pk)
    judging = client.get("/judging/")
    assert (judging.status_code, judging["Location"]) == (302, "/account/two-factor/")


def test_a_judge_without_two_factor_cannot_link_an_identity_before_setting_it_up(client, provider):
    judge = UserFactory(roles=["judge"])
    EmailAddressFactory(user=judge)
    client.force_login(judge)

    started = client.post("/accounts/oidc/thaid/login/?process=connect")

    assert (started.status_code, started["Location"]) == (302, "/account/two-factor/")


def test_a_cancelled_sign_in_says_so_on_the_login_page(client, provider):
    started = client.post("/accounts/oidc/thaid/login/?process=login")
    denied = requests.post(started["Location"], data={"action": "deny"}, allow_redirects=False, timeout=10)
    back = urlsplit(denied.headers["location"])

    response = client.get(f"{back.path}?{back.query}")

    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "ThaiD" in page and "ไม่สำเร็จ" in page


def test_the_login_page_offers_each_configured_identity_and_its_start_page_asks_before_leaving(client, provider):
    page = client.get("/accounts/login/").content.decode()
    assert 'data-testid="sign-in-thaid"' in page and 'data-testid="sign-in-line"' in page
    assert "เข้าสู่ระบบด้วย ThaiD" in page

    start = client.get("/accounts/oidc/thaid/login/")

    assert start.status_code == 200 and "<form" in start.content.decode()  # a GET never leaves for the provider


def test_without_a_configured_provider_the_login_page_offers_none(client, settings):
    settings.SOCIALACCOUNT_PROVIDERS = {"openid_connect": {"APPS": []}}

    assert "identity-providers" not in client.get("/accounts/login/").content.decode()
    assert client.get("/accounts/oidc/thaid/login/").status_code == 404


def test_a_provider_that_is_down_sends_the_person_back_with_a_message_not_a_500(client, provider, settings):
    apps = settings.SOCIALACCOUNT_PROVIDERS["openid_connect"]["APPS"]
    closed = socket.socket()
    closed.bind(("127.0.0.1", 0))
    port = closed.getsockname()[1]
    closed.close()  # nothing listens there any more
    apps[0]["settings"]["server_url"] = f"http://127.0.0.1:{port}"

    response = client.post("/accounts/oidc/thaid/login/")

    assert (response.status_code, response["Location"]) == (302, "/accounts/login/")
    assert "บริการยืนยันตัวตนไม่ตอบสนอง" in client.get("/accounts/login/").content.decode()


def test_linked_identities_are_in_the_personal_data_and_go_with_erasure(client, provider, applicant):
    from accounts.services import erase_personal_data, personal_data

    client.force_login(applicant)
    sign_in_at_provider(client, "thaid", THAID_SUBJECT, process="connect")

    exported = personal_data(user=applicant)["account"]["linked_identities"]
    assert [entry["provider"] for entry in exported] == ["thaid"]

    erase_personal_data(user=applicant, by=applicant)

    assert not SocialAccount.objects.exists()


def test_the_pages_whose_forms_go_on_to_a_provider_allow_its_origin_and_no_other_page_does(client, provider, applicant):
    client.force_login(applicant)
    account = client.get("/account/")["Content-Security-Policy"]
    start = client.get("/accounts/oidc/thaid/login/")["Content-Security-Policy"]
    other = client.get("/my/")["Content-Security-Policy"]

    # The forms post to our own address, whose redirect to the provider form-action also governs.
    assert f"form-action 'self' {provider}" in account
    assert f"form-action 'self' {provider}" in start
    assert provider not in other
