"""Hardening: the Content Security Policy stays strict (nothing inline anywhere), production settings
are safe, files are never served by a bare URL, and error pages speak Thai and English and leak nothing."""

import re

import pytest
from django.conf import settings
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.error_urls import SECRET
from tests.test_settings import GOOD_KEY, PRODUCTION, settings_module

# Pages are served under the CSP; e-mails (read in mail clients) and PDF templates (rendered by
# WeasyPrint, never served) are not pages.
NOT_PAGES = ("emails", "pdf")
INLINE = {
    "inline <script> body": re.compile(r"<script(?![^>]*\bsrc=)[^>]*>\s*\S", re.IGNORECASE),
    "<style> tag": re.compile(r"<style[\s>]", re.IGNORECASE),
    "style= attribute": re.compile(r"\sstyle\s*=", re.IGNORECASE),
    "inline event handler": re.compile(r"\son[a-z]+\s*=\s*[\"'{]", re.IGNORECASE),
    "javascript: URL": re.compile(r"javascript:", re.IGNORECASE),
}


def _page_templates():
    base = settings.BASE_DIR / "templates"
    roots = [base, *(settings.BASE_DIR / app / "templates" for app in ("accounts", "awards", "submissions", "judging"))]
    for root in roots:
        for path in sorted(root.rglob("*.html")) if root.exists() else []:
            if path.relative_to(root).parts[0] not in NOT_PAGES:
                yield path


def _own_static_files():
    static = settings.BASE_DIR / "static"
    for path in sorted(static.rglob("*")):
        if (
            path.is_file()
            and "vendor" not in path.relative_to(static).parts
            and path.suffix in {".html", ".svg", ".js"}
        ):
            yield path


def _inline_findings(paths) -> list[str]:
    found = []
    for path in paths:
        text = path.read_text(encoding="utf-8")
        for what, pattern in INLINE.items():
            for match in pattern.finditer(text):
                line = text.count("\n", 0, match.start()) + 1
                name = path.relative_to(settings.BASE_DIR) if path.is_relative_to(settings.BASE_DIR) else path
                found.append(f"{name}:{line}: {what}")
    return found


def test_no_template_has_inline_script_style_or_event_handler():
    templates = list(_page_templates())

    assert len(templates) > 30
    assert _inline_findings(templates) == []


def test_no_own_static_file_has_inline_script_style_or_event_handler():
    files = list(_own_static_files())

    assert {p.name for p in files} >= {"editor.js", "scoring.js"}
    assert _inline_findings(files) == []


def test_the_scan_finds_what_it_looks_for(tmp_path):
    bad = tmp_path / "bad.html"
    bad.write_text('<p style="color:red" onclick="x()">a</p>\n<script>alert(1)</script><style>p{}</style>')
    good = tmp_path / "good.html"
    good.write_text('<script src="/static/js/a.js" defer></script><p class="x" data-on="y">a</p>')

    assert _inline_findings([good]) == []
    assert [line.split(": ", 1)[1] for line in _inline_findings([bad])] == [
        "inline <script> body",
        "<style> tag",
        "style= attribute",
        "inline event handler",
    ]


@pytest.mark.django_db
def test_csp_header_is_strict_on_every_kind_of_page(client, staff, login_as):
    pages = ["/", "/accounts/login/", "/en/accounts/login/", "/no-such-page/"]
    answers = [client.get(url) for url in pages]
    client = login_as(staff)
    answers += [client.get(url) for url in ("/admin/", reverse("mfa_index"), reverse("accounts:account"))]

    for response in answers:
        policy = dict(
            part.strip().split(" ", 1)
            for part in response.headers["Content-Security-Policy"].split(";")
            if part.strip()
        )
        assert policy["default-src"] == "'self'"
        assert policy["script-src"] == "'self'"
        assert policy["style-src"] == "'self'"
        assert policy["object-src"] == "'none'"
        assert policy["frame-ancestors"] == "'none'"
        assert "unsafe" not in response.headers["Content-Security-Policy"]


@pytest.mark.django_db
def test_account_and_two_factor_pages_render_nothing_inline(client, applicant, login_as):
    client = login_as(applicant)
    client.post(reverse("account_reauthenticate"), {"password": "correct-horse-battery"})
    urls = [
        reverse("accounts:account"),
        reverse("accounts:erase"),
        reverse("mfa_index"),
        reverse("mfa_activate_totp"),
    ]
    for url in urls:
        response = client.get(url)
        html = response.content.decode()
        assert response.status_code == 200, url
        for what in ("inline <script> body", "<style> tag", "style= attribute", "inline event handler"):
            assert not INLINE[what].search(html), (url, what)


# Production settings


def _production_value(expression: str) -> str:
    result = settings_module(f"print({expression})", **PRODUCTION, SECRET_KEY=GOOD_KEY)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip().splitlines()[-1]


def test_production_uses_secure_cookies_hsts_and_https():
    values = _production_value(
        "[settings.SESSION_COOKIE_SECURE, settings.CSRF_COOKIE_SECURE, settings.SECURE_SSL_REDIRECT, "
        "settings.SECURE_HSTS_SECONDS >= 31536000, settings.SECURE_HSTS_INCLUDE_SUBDOMAINS, "
        "settings.LANGUAGE_COOKIE_SECURE, settings.SESSION_COOKIE_HTTPONLY, settings.DEBUG]"
    )

    assert values == "[True, True, True, True, True, True, True, False]"


def test_no_url_serves_files_from_disk_without_a_permission_check():
    from django.views.static import serve

    def walk(patterns):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                yield from walk(pattern.url_patterns)
            elif isinstance(pattern, URLPattern):
                yield pattern

    callbacks = [p.callback for p in walk(get_resolver().url_patterns)]
    assert serve not in callbacks
    assert not any(str(p.pattern).startswith(("media", "var")) for p in walk(get_resolver().url_patterns))


@pytest.mark.django_db
def test_a_stored_file_is_not_reachable_at_a_storage_address(client, tmp_path, settings):
    from django.core.files.base import ContentFile
    from django.core.files.storage import storages

    settings.STORAGES = {
        **settings.STORAGES,
        "default": {**settings.STORAGES["default"], "OPTIONS": {"location": tmp_path}},
    }
    storage = storages.create_storage(settings.STORAGES["default"])
    name = storage.save("attachments/secret.pdf", ContentFile(b"%PDF-1.4 secret"))

    for address in (storage.url(name), f"/media/{name}", f"/var/media/{name}", f"/{name}"):
        response = client.get(address)
        assert response.status_code == 404, address
        assert b"%PDF-1.4" not in response.content


# Error pages


@pytest.fixture
def failing_site(settings):
    settings.ROOT_URLCONF = "tests.error_urls"
    settings.DEBUG = False


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("status", "thai", "english"),
    [
        (400, "คำขอไม่ถูกต้อง", "Bad request"),
        (403, "ไม่มีสิทธิ์", "Not allowed"),
        (404, "ไม่พบหน้า", "Page not found"),
        (500, "ระบบขัดข้อง", "Something went wrong"),
    ],
)
def test_error_pages_speak_thai_and_english_and_leak_nothing(client, failing_site, status, thai, english):
    client.raise_request_exception = False

    in_thai = client.get(f"/fail/{status}")
    in_english = client.get(f"/en/fail/{status}")

    for response in (in_thai, in_english):
        html = response.content.decode()
        assert response.status_code == status
        assert SECRET not in html
        assert "Traceback" not in html and "accounts_user" not in html
    assert thai in in_thai.content.decode()
    assert english in in_english.content.decode()
