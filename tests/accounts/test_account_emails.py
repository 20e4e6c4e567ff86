"""allauth's e-mails are ours: triggered through the real views, rendered by our templates in the
recipient's language, in the branded layout, with the site's name and the sender block."""

from pathlib import Path

import allauth
import pytest
from allauth.core import context as allauth_context
from django.core import mail
from django.utils import timezone, translation

from accounts.adapter import AccountAdapter, our_template
from core.emails import SenderBlock
from core.models import OutboundEmail
from tests.factories import CycleFactory, EmailAddressFactory
from tests.i18n import thai

pytestmark = pytest.mark.django_db
SITE_NAME = "Smart City Solution Awards"
SIGNUP = {
    "full_name": "สมชาย ใจดี",
    "email": "somchai@example.com",
    "password1": "a-long-passphrase-2569",
    "password2": "a-long-passphrase-2569",
    "consent": "on",
}
ALLAUTH_TEMPLATES = Path(allauth.__file__).parent / "templates"
# Every e-mail allauth 65 can send: one <prefix>_subject.txt each.
ALLAUTH_EMAILS = sorted(
    str(path.relative_to(ALLAUTH_TEMPLATES)).removesuffix("_subject.txt")
    for folder in ("account/email", "mfa/email")
    for path in (ALLAUTH_TEMPLATES / folder).glob("*_subject.txt")
)


@pytest.fixture
def live_edition(db):
    """The live edition, whose sender block account e-mails carry (they belong to no edition)."""
    return CycleFactory(
        contact_office_th="สำนักงานส่งเสริมเศรษฐกิจดิจิทัล (ดีป้า)",
        contact_office_en="Digital Economy Promotion Agency (depa)",
        contact_address_th="เลขที่ 80 ถนนลาดพร้าว\nกรุงเทพมหานคร 10900",
        contact_address_en="80 Lat Phrao Road\nBangkok 10900",
        contact_phone="0 20 262 333",
        contact_phone_extension="5103",
        contact_email="scp@depa.or.th",
    )


THAI_BLOCK = [
    "ขอแสดงความนับถือ",
    "",
    "สำนักงานส่งเสริมเศรษฐกิจดิจิทัล (ดีป้า)",
    "เลขที่ 80 ถนนลาดพร้าว",
    "กรุงเทพมหานคร 10900",
    "โทรศัพท์ 0 20 262 333 ต่อ 5103",
    "อีเมล scp@depa.or.th",
]
ENGLISH_BLOCK = [
    "Yours sincerely",
    "",
    "Digital Economy Promotion Agency (depa)",
    "80 Lat Phrao Road",
    "Bangkok 10900",
    "Telephone 0 20 262 333 ext. 5103",
    "E-mail scp@depa.or.th",
]


def ends_with_block(text: str, block: list[str]) -> bool:
    return text.rstrip().splitlines()[-len(block) :] == block


def test_every_allauth_email_has_templates_of_ours():
    assert len(ALLAUTH_EMAILS) == 18
    assert [prefix for prefix in ALLAUTH_EMAILS if our_template(prefix) is None] == []


def test_signup_verification_email_thai_in_our_layout_with_site_name_and_sender(
    client, live_edition, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/accounts/signup/", SIGNUP)

    email = OutboundEmail.objects.get()
    sent = mail.outbox[0]
    welcome = thai(
        "Thank you for signing up to %(site_name)s. To finish, confirm that this e-mail address is yours:"
    ) % {"site_name": SITE_NAME}
    assert (email.kind, email.language, email.subject) == (
        "email_confirmation_signup",
        "th",
        thai("Confirm your e-mail address"),
    )
    assert email.body_text.startswith(f"เรียน สมชาย ใจดี\n\n{welcome}\n")
    assert "http://testserver/accounts/confirm-email/" in email.body_text
    assert "สวัสดีจาก" not in email.body_text
    assert ends_with_block(email.body_text, THAI_BLOCK)
    assert '<html lang="th">' in email.body_html
    assert welcome in email.body_html
    assert 'class="email-sender"' in email.body_html
    assert "โทรศัพท์ 0 20 262 333 ต่อ 5103" in email.body_html
    assert (sent.body, sent.alternatives[0].mimetype) == (email.body_text, "text/html")


def test_signup_verification_email_english_for_english_account(
    client, live_edition, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/en/accounts/signup/", SIGNUP)

    email = OutboundEmail.objects.get()
    assert (email.language, email.subject) == ("en", "Confirm your e-mail address")
    assert email.body_text.startswith(
        f"Dear สมชาย ใจดี,\n\nThank you for signing up to {SITE_NAME}. To finish, confirm that this e-mail "
        "address is yours:\n"
    )
    assert ends_with_block(email.body_text, ENGLISH_BLOCK)
    assert "ต่อ" not in email.body_text
    assert '<html lang="en">' in email.body_html
    assert "Telephone 0 20 262 333 ext. 5103" in email.body_html


@pytest.mark.parametrize("language", ["th", "en"])
def test_password_reset_email_in_accounts_language_with_site_name_and_sender(
    client, applicant, live_edition, language, django_capture_on_commit_callbacks
):
    EmailAddressFactory(user=applicant)
    applicant.language = language
    applicant.save()

    # Asked from the Thai page: the e-mail follows the account's language, not the page's.
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/accounts/password/reset/", {"email": "applicant@example.com"})

    email = OutboundEmail.objects.get()
    with translation.override(language):
        request = translation.gettext(
            "We received a request to set a new password for your account on %(site_name)s. To set one, open "
            "the link below:"
        ) % {"site_name": SITE_NAME}
        subject = translation.gettext("Set a new password")
    assert (email.kind, email.language, email.subject) == ("password_reset_key", language, subject)
    assert request in email.body_text
    assert "http://testserver/accounts/password/reset/key/" in email.body_text
    assert "You're receiving this email" not in email.body_text
    assert ends_with_block(email.body_text, THAI_BLOCK if language == "th" else ENGLISH_BLOCK)
    assert f'<html lang="{language}">' in email.body_html
    assert request in email.body_html
    assert len(mail.outbox[0].alternatives) == 1


def test_account_email_without_live_edition_ends_with_the_site_wide_block(
    client, settings, django_capture_on_commit_callbacks
):
    settings.EMAIL_SENDER = {**settings.EMAIL_SENDER, "office_th": "คณะทำงานทดสอบ", "email": "team@example.org"}
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/accounts/signup/", SIGNUP)
    text = OutboundEmail.objects.get().body_text
    assert ends_with_block(text, ["ขอแสดงความนับถือ", "", "คณะทำงานทดสอบ", "อีเมล team@example.org"])


def test_password_change_sends_a_security_notice_in_our_words(login_as, applicant, django_capture_on_commit_callbacks):
    EmailAddressFactory(user=applicant)
    client = login_as(applicant)
    form = {
        "oldpassword": "correct-horse-battery",
        "password1": "a-new-passphrase-2570",
        "password2": "a-new-passphrase-2570",
    }

    with django_capture_on_commit_callbacks(execute=True):
        client.post("/accounts/password/change/", form)

    email = OutboundEmail.objects.get(kind="password_changed")
    assert (email.to, email.subject) == ("applicant@example.com", thai("Your password was changed"))
    assert thai("Your password was changed.") in email.body_text
    assert (
        thai("This is to let you know of a change to your account on %(site_name)s:") % {"site_name": SITE_NAME}
        in email.body_text
    )
    assert "/accounts/password/reset/" in email.body_text
    assert email.body_text.rstrip().splitlines()[-3:] == [
        "ขอแสดงความนับถือ",
        "",
        "คณะทำงานโครงการประกวด Smart City Solution Awards",
    ]


# What allauth puts in the context of its e-mails (account/adapter.py, account/internal/flows/).
def allauth_mail_context(user) -> dict:
    return {
        "user": user,
        "activate_url": "https://awards.example.org/accounts/confirm-email/KEY/",
        "key": "KEY",
        "password_reset_url": "https://awards.example.org/accounts/password/reset/key/1-KEY/",
        "signup_url": "https://awards.example.org/accounts/signup/",
        "code": "Q7K2MX",
        "timestamp": timezone.now(),
        "ip": "203.0.113.9",
        "user_agent": "Firefox/140.0",
        "from_email": "old@example.com",
        "to_email": "applicant@example.com",
        "deleted_email": "old@example.com",
    }


@pytest.mark.parametrize("language", ["th", "en"])
@pytest.mark.parametrize("prefix", ALLAUTH_EMAILS)
def test_every_allauth_email_names_the_site_in_the_accounts_language(applicant, prefix, language, rf, settings):
    applicant.language = language
    request = rf.get("/")
    with allauth_context.request_context(request):
        AccountAdapter(request).send_mail(prefix, "applicant@example.com", allauth_mail_context(applicant))

    email = OutboundEmail.objects.get()
    with translation.override(language):
        sender = f"{translation.gettext('Yours sincerely')}\n\n{SenderBlock(**settings.EMAIL_SENDER).office}"
    assert (email.kind, email.language) == (prefix.rsplit("/", 1)[-1], language)
    assert email.subject.strip() != ""
    assert SITE_NAME in email.body_text and SITE_NAME in email.body_html
    assert "{{" not in email.body_text + email.body_html
    assert email.body_text.rstrip().endswith(sender)
    assert f'<html lang="{language}">' in email.body_html


def test_allauth_email_without_templates_of_ours_still_names_the_site(applicant, rf, settings, tmp_path):
    # A kind a later allauth may add: its own words through its own base template, with the site's
    # name set and our sender block after them.
    folder = tmp_path / "account" / "email"
    folder.mkdir(parents=True)
    (folder / "brand_new_subject.txt").write_text("{% load i18n %}Something new")
    (folder / "brand_new_message.txt").write_text(
        '{% extends "account/email/base_message.txt" %}{% block content %}New.{% endblock %}'
    )
    settings.TEMPLATES = [{**settings.TEMPLATES[0], "DIRS": [*settings.TEMPLATES[0]["DIRS"], tmp_path]}]
    applicant.language = "en"
    request = rf.get("/")

    with allauth_context.request_context(request):
        AccountAdapter(request).send_mail("account/email/brand_new", "applicant@example.com", {"user": applicant})

    email = OutboundEmail.objects.get()
    lines = email.body_text.splitlines()
    assert lines[0] == f"Hello from {SITE_NAME}!"
    assert f"Thank you for using {SITE_NAME}!" in email.body_text
    assert lines[-3:] == ["Yours sincerely", "", "The Smart City Solution Awards team"]
