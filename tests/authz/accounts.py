"""Rows of the accounts app and of django-allauth's pages (listed one by one: they are our log-in,
sign-up and password pages, in our layout). Their POSTs carry no valid data: a form with errors or a
redirect, never a write."""

from . import REDIRECT, Redirect, Row, everyone, expect

HOME = Redirect("awards:home")

ROWS = [
    Row("accounts:privacy", get=everyone(200), post=everyone(405)),
    # Log-in and sign-up: for visitors; people already logged in are sent on.
    Row("account_login", get=expect(HOME, anonymous=200), post=expect(HOME, anonymous=200)),
    Row("account_signup", get=expect(HOME, anonymous=200), post=expect(HOME, anonymous=200)),
    Row("account_logout", get=expect(200, anonymous=REDIRECT), post=everyone(REDIRECT)),
    Row("account_inactive", get=everyone(200), post=everyone(405)),
    Row("account_reauthenticate", get=expect(200), post=expect(200)),
    # One's own addresses; a POST that names no action changes nothing and comes back to the page.
    Row("account_email", get=expect(200), post=expect(Redirect("account_email"))),
    Row("account_email_verification_sent", get=everyone(200), post=everyone(405)),
    Row("account_change_password", get=expect(200), post=expect(200)),
    Row("account_set_password", get=expect(Redirect("account_change_password")), post=expect(REDIRECT)),
    Row("account_reset_password", get=everyone(200), post=everyone(200)),
    Row("account_reset_password_done", get=everyone(200), post=everyone(405)),
    # Without a log-in by code under way, visitors go back to the log-in page (no ?next=), people
    # already logged in onwards.
    Row(
        "account_confirm_login_code",
        get=expect(REDIRECT, anonymous=Redirect("account_login")),
        post=expect(REDIRECT, anonymous=Redirect("account_login")),
    ),
    # Links from e-mails, with a key that is not valid: the page says so, and nothing changes.
    Row("account_confirm_email", kwargs=lambda w: {"key": "not-a-key"}, get=everyone(200), post=everyone(404)),
    Row(
        "account_reset_password_from_key",
        kwargs=lambda w: {"uidb36": "1", "key": "not-a-key"},
        get=everyone(200),
        post=everyone(200),
    ),
    Row("account_reset_password_from_key_done", get=everyone(200), post=everyone(405)),
]
