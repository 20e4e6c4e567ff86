import re

import pytest
from django.conf import settings
from django.core import mail
from django.urls import reverse

from accounts.enums import ConsentPurpose
from accounts.models import User
from core.models import OutboundEmail
from tests.core.test_glossary import glossary
from tests.factories import EmailAddressFactory
from tests.i18n import thai

pytestmark = pytest.mark.django_db
PASSWORD = "correct-horse-battery"
SIGNUP = {
    "full_name": "สมชาย ใจดี",
    "email": "Somchai@Example.com",
    "password1": "a-long-passphrase-2569",
    "password2": "a-long-passphrase-2569",
    "consent": "on",
}


def verified(user):
    EmailAddressFactory(user=user)
    return user


def login(client, email, password):
    return client.post("/accounts/login/", {"login": email, "password": password})


def test_login_with_email_in_any_case_goes_home(client, applicant):
    verified(applicant)
    response = login(client, "Applicant@Example.COM", PASSWORD)
    assert response.status_code == 302
    assert response["Location"] == reverse("awards:home")
    assert client.session["_auth_user_id"] == str(applicant.pk)


def test_login_wrong_password_keeps_email_and_explains_in_thai(client, applicant):
    verified(applicant)
    response = login(client, "applicant@example.com", "wrong")
    html = response.content.decode()
    assert response.status_code == 200
    assert 'value="applicant@example.com"' in html
    assert thai("The email address and/or password you specified are not correct.") in html


def test_login_locked_after_five_wrong_passwords(client, applicant, settings):
    # django-axes' lock of the (address, IP) pair, alone: the per-account pause would answer first.
    settings.LOGIN_ACCOUNT_FAILURE_LIMIT = 100
    verified(applicant)
    for _ in range(settings.AXES_FAILURE_LIMIT):
        login(client, "applicant@example.com", "wrong")
    response = login(client, "applicant@example.com", PASSWORD)
    assert response.status_code == 429
    assert thai("Log-in locked for a while") in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_lockout_is_per_address(client, applicant, other_applicant):
    verified(other_applicant)
    for _ in range(settings.AXES_FAILURE_LIMIT):
        login(client, "applicant@example.com", "wrong")
    response = login(client, "other.applicant@example.com", PASSWORD)
    assert response.status_code == 302


def test_signup_sends_thai_verification_email_and_records_consent(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/accounts/signup/", SIGNUP)

    user = User.objects.get()
    email = OutboundEmail.objects.get()
    assert response.status_code == 302
    assert (user.email, user.full_name, user.language) == ("somchai@example.com", "สมชาย ใจดี", "th")
    assert list(user.consents.values_list("purpose", "notice_version")) == [
        (ConsentPurpose.ACCOUNT, settings.PRIVACY_NOTICE_VERSION)
    ]
    assert (email.to, email.language, email.status) == ("somchai@example.com", "th", "sent")
    assert email.subject == thai("Confirm your e-mail address")
    assert len(mail.outbox) == 1


def test_signup_in_english_sends_english_email(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/en/accounts/signup/", SIGNUP)
    assert User.objects.get().language == "en"
    assert OutboundEmail.objects.get().subject == "Confirm your e-mail address"


def test_signup_verification_link_logs_in(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/accounts/signup/", SIGNUP)
    link = re.search(r"http://testserver(/accounts/confirm-email/[^\s]+/)", mail.outbox[0].body).group(1)

    response = client.post(link)

    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(User.objects.get().pk)
    assert User.objects.get().emailaddress_set.get().verified is True


def test_signup_without_consent_refused_and_keeps_what_was_typed(client):
    response = client.post("/accounts/signup/", {**SIGNUP, "consent": ""})
    html = response.content.decode()
    assert response.status_code == 200
    assert User.objects.count() == 0
    assert thai("To create an account, tick the box to give your consent.") in html
    assert 'value="สมชาย ใจดี"' in html
    assert 'value="Somchai@Example.com"' in html


def test_unverified_user_cannot_log_in_yet(client, applicant):
    response = login(client, "applicant@example.com", PASSWORD)
    assert response.status_code == 302
    assert response["Location"] == "/accounts/confirm-email/"
    assert "_auth_user_id" not in client.session


def test_password_reset_email_in_users_language(client, applicant, django_capture_on_commit_callbacks):
    verified(applicant)
    applicant.language = "en"
    applicant.save()
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/accounts/password/reset/", {"email": "applicant@example.com"})
    assert OutboundEmail.objects.get().subject == "Set a new password"


def test_privacy_notice_in_thai(client):
    response = client.get(reverse("accounts:privacy"))
    assert response.status_code == 200
    assert thai("Privacy notice") in response.content.decode()


def test_login_as_helper_logs_in(login_as, judge):
    client = login_as(judge)
    assert client.session["_auth_user_id"] == str(judge.pk)


def test_staff_reach_admin_others_do_not(client, login_as, staff, applicant):
    assert login_as(staff).get("/admin/").status_code == 200
    client.logout()
    response = login_as(applicant).get("/admin/")
    # A person without the staff flag never reaches admin, not even its log-in form.
    assert response.status_code == 403


def test_change_email_sends_verification_to_new_address(login_as, applicant, django_capture_on_commit_callbacks):
    verified(applicant)
    client = login_as(applicant)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/accounts/email/", {"action_add": "", "email": "new.address@example.com"})
    assert response.status_code == 302
    assert OutboundEmail.objects.get().to == "new.address@example.com"
    assert applicant.emailaddress_set.get(email="new.address@example.com").verified is False


def test_lockout_behind_proxy_counts_each_client(client, applicant, settings):
    # Production behind one proxy (TRUSTED_PROXY_COUNT=1): the client is X-Forwarded-For's last entry.
    settings.TRUSTED_PROXY_COUNT = 1
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    # django-axes' per-address lock, alone: the per-account pause would also stop the owner.
    settings.LOGIN_ACCOUNT_FAILURE_LIMIT = 100
    verified(applicant)
    attacker = {"HTTP_X_FORWARDED_FOR": "203.0.113.5"}
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post("/accounts/login/", {"login": "applicant@example.com", "password": "wrong"}, **attacker)

    locked = client.post("/accounts/login/", {"login": "applicant@example.com", "password": PASSWORD}, **attacker)
    owner = client.post(
        "/accounts/login/",
        {"login": "applicant@example.com", "password": PASSWORD},
        HTTP_X_FORWARDED_FOR="198.51.100.7",
    )
    assert (locked.status_code, owner.status_code) == (429, 302)


def test_too_many_requests_page_in_thai(rf):
    from django.template.loader import render_to_string

    request = rf.get("/accounts/login/")
    html = render_to_string("429.html", request=request)
    assert thai("Too many attempts") in html


# allauth's own Thai calls logging in ลงชื่อเข้าใช้ and a password reset รีเซ็ต/รีเซ็ท; the site says
# เข้าสู่ระบบ, ออกจากระบบ and ตั้งรหัสผ่านใหม่ throughout (locale/th/LC_MESSAGES/django_overrides.po).
OTHER_WORDS = ("ลงชื่อเข้าใช้", "ลงชื่อออก", "รีเซ็ต", "รีเซ็ท", "ล็อกอิน")


@pytest.mark.parametrize(
    ("path", "word"),
    [
        ("/accounts/login/", "เข้าสู่ระบบ"),
        ("/accounts/signup/", "เข้าสู่ระบบ"),
        ("/accounts/password/reset/", "ตั้งรหัสผ่านใหม่"),
        ("/accounts/password/reset/done/", "โฟลเดอร์จดหมายขยะ"),
    ],
)
def test_account_pages_use_the_sites_thai_words(client, path, word):
    text = client.get(path).content.decode()
    assert word in text
    assert [other for other in OTHER_WORDS if other in text] == []


def test_log_out_page_uses_the_sites_thai_words(login_as, applicant):
    text = login_as(applicant).get("/accounts/logout/").content.decode()
    assert "ท่านต้องการออกจากระบบใช่หรือไม่" in text
    assert [other for other in OTHER_WORDS if other in text] == []


def addressed_as_khun(html: str) -> list[str]:
    """Where a page says คุณ to its reader (the glossary's words that merely contain it left out)."""
    text = " ".join(re.sub(r"<[^>]+>", " ", re.sub(r"<(script|style)[^>]*>.*?</\1>", " ", html, flags=re.S)).split())
    _rules, allowed, _thai_of = glossary()
    for word in allowed:
        text = text.replace(word, "")
    return [text[max(0, m.start() - 30) : m.end() + 30] for m in re.finditer("คุณ", text)]


@pytest.mark.parametrize(
    "path",
    ["/accounts/login/", "/accounts/confirm-email/", "/accounts/password/reset/key/done/", "/accounts/signup/"],
)
def test_account_pages_address_their_reader_as_than(client, path):
    response = client.get(path)
    assert response.status_code == 200
    assert addressed_as_khun(response.content.decode()) == []


@pytest.mark.parametrize(
    "path",
    ["/accounts/email/", "/accounts/password/change/", "/accounts/reauthenticate/", "/accounts/2fa/reauthenticate/"],
)
def test_account_pages_address_a_judge_as_than(login_as, judge, path):
    response = login_as(judge).get(path)
    assert response.status_code == 200
    assert "ท่าน" in response.content.decode()
    assert addressed_as_khun(response.content.decode()) == []
