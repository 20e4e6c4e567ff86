"""Rows of the accounts app and of django-allauth's pages (listed one by one: they are our log-in,
sign-up and password pages, in our layout). Their POSTs carry no valid data: a form with errors or a
redirect, never a write."""

from . import LOGIN, REDIRECT, Redirect, Row, everyone, expect

HOME = Redirect("awards:home")
LOGGED_IN = ("applicant", "other_applicant", "judge", "conflicted_judge", "chair", "staff", "province_viewer")
TWO_FACTOR = {"judge": 200, "conflicted_judge": 200, "chair": 200, "staff": 200}
REAUTHENTICATE = Redirect("account_reauthenticate")
# Where each role lands once logged in (accounts.adapter.LANDINGS); applicants go home.
LANDING = {
    "judge": Redirect("judging:dashboard"),
    "conflicted_judge": Redirect("judging:dashboard"),
    "chair": Redirect("judging:dashboard"),
    "staff": Redirect("backoffice_dashboard"),
    "province_viewer": Redirect("backoffice:local_governments"),
}

ROWS = [
    Row("accounts:privacy", get=everyone(200), post=everyone(405)),
    Row("accounts:website_policy", get=everyone(200), post=everyone(405)),
    Row("accounts:accessibility", get=everyone(200), post=everyone(405)),
    # Log-in and sign-up: for visitors; people already logged in are sent on.
    Row("account_login", get=expect(HOME, anonymous=200, **LANDING), post=expect(HOME, anonymous=200, **LANDING)),
    Row("account_signup", get=expect(HOME, anonymous=200, **LANDING), post=expect(HOME, anonymous=200, **LANDING)),
    # Logging out is audited (auth.logout) for those who were logged in.
    Row(
        "account_logout",
        get=expect(200, anonymous=REDIRECT),
        post=everyone(REDIRECT),
        writers=LOGGED_IN,
    ),
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
    # PDPA: one's own account page, personal data (the download is audited) and erasure (a POST without
    # the password and the tick is the form again; nothing is erased).
    Row("accounts:account", get=expect(200), post=everyone(405)),
    Row("accounts:personal_data", get=expect(200), post=everyone(405), audited=True),
    Row("accounts:erase", get=expect(200), post=expect(200)),
    # The page that says an enrolment link was e-mailed, and the link: only for a privileged person
    # without an authenticator; the others (the world's privileged personas have one) are sent on to
    # their two-factor page. A link with a token that is not valid goes back to the page.
    Row(
        "accounts:two_factor_enrolment",
        get=expect(Redirect("mfa_index")),
        post=expect(Redirect("mfa_index")),
    ),
    Row(
        "accounts:two_factor_enrolment_link",
        kwargs=lambda w: {"token": "not-a-token"},
        get=expect(Redirect("accounts:two_factor_enrolment")),
        post=everyone(405),
    ),
    # allauth's 2FA pages. Staff, the chair and judges hold a TOTP authenticator and recovery codes (the
    # world makes them, as login_as and allauth's activation would); the others have none. Changing
    # them asks for the password again first (allauth's reauthentication: a redirect onwards).
    Row("mfa_index", get=expect(200), post=expect(405, anonymous=LOGIN)),
    # Without a log-in under way: visitors back to the log-in page, people logged in to the home page.
    Row(
        "mfa_authenticate",
        get=expect(HOME, anonymous=Redirect("account_login"), **LANDING),
        post=expect(HOME, anonymous=Redirect("account_login"), **LANDING),
    ),
    Row(
        "mfa_reauthenticate",
        get=expect(Redirect("account_reauthenticate"), **TWO_FACTOR),
        post=expect(Redirect("account_reauthenticate"), **TWO_FACTOR),
    ),
    Row("mfa_activate_totp", get=expect(REAUTHENTICATE), post=expect(REAUTHENTICATE)),
    Row(
        "mfa_deactivate_totp",
        get=expect(404, **{p: REAUTHENTICATE for p in TWO_FACTOR}),
        post=expect(404, **{p: REAUTHENTICATE for p in TWO_FACTOR}),
    ),
    Row(
        "mfa_view_recovery_codes",
        get=expect(404, **{p: REAUTHENTICATE for p in TWO_FACTOR}),
        post=expect(405, anonymous=LOGIN),
    ),
    Row("mfa_generate_recovery_codes", get=expect(REAUTHENTICATE), post=expect(REAUTHENTICATE)),
    Row(
        "mfa_download_recovery_codes",
        get=expect(404, **{p: REAUTHENTICATE for p in TWO_FACTOR}),
        post=expect(404, **{p: REAUTHENTICATE for p in TWO_FACTOR}),
    ),
    # Sign-in with ThaiD and LINE (accounts/identity.py; the suite runs with the development stand-in
    # configured, on a port where nothing answers). The start page asks before leaving for the provider
    # (a GET never leaves); its POST fails to reach the provider and comes back to the log-in page with
    # a message (people already logged in go on from there), as a cancelled sign-in does. Privileged
    # personas without a passed second factor never get here (the world's have passed it).
    Row(
        "openid_connect_login",
        kwargs=lambda w: {"provider_id": "thaid"},
        get=everyone(200),
        post=everyone(Redirect("account_login")),
    ),
    Row(
        "openid_connect_callback",
        kwargs=lambda w: {"provider_id": "thaid"},
        get=everyone(Redirect("account_login")),
        post=everyone(Redirect("account_login")),
    ),
    # One's own linked identities (the account page shows them; a POST naming none changes nothing).
    Row("socialaccount_connections", get=expect(200), post=expect(200)),
    Row("socialaccount_login_cancelled", get=everyone(200), post=everyone(405)),
    # Sign-up through an identity is closed (an identity links to an existing account only); without a
    # sign-in under way, the page sends the visitor to the log-in page.
    Row("socialaccount_signup", get=everyone(Redirect("account_login")), post=everyone(Redirect("account_login"))),
]
