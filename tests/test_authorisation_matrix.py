"""The authorisation matrix: every URL of the project, requested by every persona, GET and POST.

The URL list comes from the URL resolver (``get_resolver()``, walked recursively with Thai active, so
without a prefix, and with English active, so under /en/): a pattern without a row in the table fails
``test_every_url_has_a_row``, and a row naming a pattern that no longer exists fails
``test_every_row_names_a_url``. The table is in tests/authz/, one module per app; the world it is
filled with (personas and the objects they own) is tests/authz/world.py, built once for this module
inside a transaction that is rolled back at the end (each test also runs in its own savepoint).

Each (row, persona, method) of our apps and allauth is its own test (``-k "submissions:facts"``): it
opens the persona's session, logged in once for the module as ``login_as`` does it (the anonymous
visitor has none), requests the URL (POST with the row's data; the test client skips CSRF checks),
and checks the status (and, for a redirect, where to). It also checks that the request wrote nothing
to the database unless the persona is one of the row's ``writers``, and that a writer's POST did
change something (so the row's data is known to be valid); session and django-axes bookkeeping aside. A 500 fails as the
exception itself. The matrix runs in Thai; each row is requested once more under /en/ (GET) by the
anonymous visitor and by the first persona who gets in.

Honesty: ``test_every_row_lets_somebody_in`` fails when no row of a pattern lets anybody in (a 2xx or
a redirect that is not to a log-in page): a matrix where every answer is 404 proves nothing. Variants
that exist to show a refusal (another application's file, a declared conflict) sit beside a row that
lets its owner in. For admin, ``test_staff_get_into_admin`` does the same.

Third-party patterns:
- django-allauth's pages (log-in, sign-up, password, e-mail) are listed one by one in
  tests/authz/accounts.py; links from e-mails are requested with keys that are not valid.
- Django admin is one family (tests/authz/admin.py): a row is generated for every pattern under
  /admin/; model pages open on the first object of their model in the world. Visitors are sent to
  admin's log-in, anybody else signed in but staff gets 403; staff get 200 except where their role's
  permissions refuse them (403). To stay fast, each persona and part of admin is one test
  (``test_admin_family[judge-awards]``: an app with many admin pages, or ``other`` for the rest) that
  requests every admin pattern of that part, each request in its own savepoint, and lists every
  wrong answer.

How to add a row for a new URL:
1. Find the app's module in tests/authz/ (or add one, and import it in ``rows()`` in
   tests/authz/__init__.py).
2. Add ``Row("app:name", kwargs=lambda w: {...}, get=expect(...), post=expect(...), data=...,
   writers=(...))``: ``kwargs`` builds the URL's arguments from the world; ``expect(404,
   applicant=200)`` means the applicant gets 200 and everyone else 404 (anonymous: the log-in page,
   unless ``anonymous=`` says otherwise); ``everyone(200)`` for public pages. Give valid POST data,
   so that a refusal is proved by the permission check rather than a form error, and name in
   ``writers`` who may change something with it.
3. If the objects it needs are not in the world, add them to ``build_world()`` in
   tests/authz/world.py (owned by the personas, made with tests/factories.py and the services).
4. Run ``pytest tests/test_authorisation_matrix.py -k app:name``.
A new admin model needs nothing; a new admin view with arguments needs a line in ``admin.KWARGS``.
A row may set ``cookies`` (e.g. a voter's pass) and ``audited`` (a download that records an audit
event on a GET: that write alone is allowed).
"""

import copy
import re
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.contrib import admin
from django.db import connection, transaction
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from accounts.services import STAFF_APPS
from accounts.two_factor import two_factor_required

from .authz import METHODS, SKIP, AnyOf, LoginRedirect, Redirect, Row, rows
from .authz.resolver import is_admin, walk
from .authz.world import PERSONAS, build_world
from .conftest import pass_second_factor

ROWS = rows()
APP_ROWS = [row for row in ROWS if not is_admin(row.name)]
ADMIN_ROWS = [row for row in ROWS if is_admin(row.name)]
# The admin family is requested in parts, so that no one test runs long (make test spreads the tests
# over every core): each of the four apps with the most admin pages alone, every other page together.
ADMIN_PARTS = ("awards", "submissions", "judging", "documents")
# Writes that are bookkeeping, not a change to anybody's data.
BOOKKEEPING = re.compile(r"django_session|axes_", re.IGNORECASE)
# The audit log, which rows marked ``audited`` (downloads of personal data) may write to on a GET.
AUDIT = re.compile(r"accounts_auditevent", re.IGNORECASE)
WRITE = re.compile(r"^\s*(INSERT|UPDATE|DELETE)\b", re.IGNORECASE)


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, tmp_path_factory):
    """The personas and their objects, once for the module; rolled back when the module is done."""
    storages = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": tmp_path_factory.mktemp("authz-media")},
        },
    }
    with override_settings(STORAGES=storages), django_db_blocker.unblock(), transaction.atomic():
        world = build_world()
        world.sessions = _sessions(world)
        yield world
        transaction.set_rollback(True)


def _sessions(world) -> dict[str, str]:
    """Each persona's session key, logged in once for the module as ``login_as`` does it (second
    factor passed where it is required); a test puts it in its client's cookie. What a request does
    to the session is rolled back with the test's savepoint, like every other write."""
    sessions = {}
    for persona, user in world.users.items():
        client = Client()
        client.force_login(user)
        if two_factor_required(user):
            pass_second_factor(client, user)
        sessions[persona] = client.cookies[settings.SESSION_COOKIE_NAME].value
    return sessions


def _url(row: Row, world, language: str) -> str:
    with translation.override(language):
        if row.path:
            return row.path(world)
        if row.args:
            return reverse(row.name, args=row.args(world))
        return reverse(row.name, kwargs=row.kwargs(world))


def _target(expected: Redirect | LoginRedirect, world, language: str) -> str:
    with translation.override(language):
        if isinstance(expected, LoginRedirect):
            return reverse(expected.name)
        return reverse(expected.name, kwargs=expected.kwargs(world) if expected.kwargs else {})


def _login_pages() -> set[str]:
    return {reverse(name) for name in ("account_login", "admin:login")} | {_in("en", reverse, "account_login")}


def _in(language, function, *args):
    with translation.override(language):
        return function(*args)


def _problem(response, expected, world, language: str) -> str | None:
    """Why the response does not meet the expectation, or None."""
    status = response.status_code
    if isinstance(expected, int):
        return None if status == expected else f"expected {expected}, got {status}"
    if isinstance(expected, AnyOf):
        return None if status in expected.statuses else f"expected one of {expected.statuses}, got {status}"
    if status != 302:
        return f"expected {expected!r}, got {status}"
    location = urlsplit(response["Location"])
    if isinstance(expected, LoginRedirect):
        if location.path != _target(expected, world, language) or "next=" not in location.query:
            return f"expected {expected!r} with ?next=, got 302 to {response['Location']}"
        return None
    if expected.name is None:
        if location.path in _login_pages():
            return f"expected a redirect that is not to a log-in page, got 302 to {response['Location']}"
        return None
    target = _target(expected, world, language)
    return None if location.path == target else f"expected 302 to {target}, got 302 to {response['Location']}"


def _request(client, world, row: Row, persona: str, method: str, language: str) -> str | None:
    """Request the row's URL as it is set up in ``client``; what is wrong with the answer, or None."""
    url = _url(row, world, language)
    for name, value in (row.cookies(world) if row.cookies else {}).items():
        client.cookies[name] = value
    with CaptureQueriesContext(connection) as queries:
        if method == "GET":
            response = client.get(url, headers=row.headers)
        else:
            response = client.post(url, row.data(world), headers=row.headers)
    problem = _problem(response, row.expected(persona, method), world, language)
    sql = [q["sql"] for q in queries.captured_queries]
    writes = [q for q in sql if WRITE.match(q) and not BOOKKEEPING.search(q)]
    if row.audited:
        writes = [q for q in writes if not AUDIT.search(q)]
    may_write = method == "POST" and persona in row.writers
    if problem is None and writes and not may_write:
        problem = f"wrote to the database: {writes[:3]}"
    if problem is None and may_write and not writes and row.must_write:
        problem = "changed nothing, though the row names them a writer (is the row's data valid?)"
    return f"{method} {url} as {persona}: {problem}" if problem else None


def _lets_in(expected) -> bool:
    if isinstance(expected, int):
        return 200 <= expected < 300
    if isinstance(expected, AnyOf):
        return any(200 <= status < 300 for status in expected.statuses)
    return isinstance(expected, Redirect)


def _first_allowed(row: Row) -> str:
    return next((p for p in PERSONAS if _lets_in(row.expected(p, "GET"))), "anonymous")


def _cases():
    cases = []
    for row in APP_ROWS:
        for persona in PERSONAS:
            for method in METHODS:
                cases.append(pytest.param(row, persona, method, "th", id=f"{row.id}-{persona}-{method}"))
        # Under /en/ too: the visitor, and someone who gets in.
        for persona in dict.fromkeys(("anonymous", _first_allowed(row))):
            cases.append(pytest.param(row, persona, "GET", "en", id=f"{row.id}-{persona}-GET-en"))
    return cases


@pytest.mark.django_db
@pytest.mark.parametrize(("row", "persona", "method", "language"), _cases())
def test_matrix(world, client, row: Row, persona: str, method: str, language: str):
    if persona != "anonymous":
        client.cookies[settings.SESSION_COOKIE_NAME] = world.sessions[persona]
    problem = _request(client, world, row, persona, method, language)
    assert problem is None, problem


def _admin_part(row: Row) -> str:
    """The app an admin pattern belongs to if it is one of ``ADMIN_PARTS``, else "other"."""
    label = row.name.removeprefix("admin:").removeprefix("admin/").split("/")[0].split("_")[0]
    return label if label in ADMIN_PARTS else "other"


@pytest.mark.django_db
@pytest.mark.parametrize("part", [*ADMIN_PARTS, "other"])
@pytest.mark.parametrize("persona", PERSONAS)
def test_admin_family(world, client, persona: str, part: str):
    """Every admin pattern of one part, GET and POST, as one persona; each request in its own
    savepoint (and with the session cookie put back), so that one answer cannot change the next."""
    if persona != "anonymous":
        client.cookies[settings.SESSION_COOKIE_NAME] = world.sessions[persona]
    part_rows = [row for row in ADMIN_ROWS if _admin_part(row) == part]
    assert len(part_rows) >= 5, f"admin part {part!r} has {len(part_rows)} patterns: is ADMIN_PARTS out of date?"
    problems = []
    for row in part_rows:
        for method in METHODS:
            if row.expected(persona, method) is SKIP:
                continue
            cookies = copy.deepcopy(client.cookies)
            with transaction.atomic():
                try:
                    problems.append(_request(client, world, row, persona, method, "th"))
                except Exception as error:  # one failure must not hide the others
                    problems.append(f"{method} {row.id} as {persona}: raised {error!r}")
                transaction.set_rollback(True)
            client.cookies = cookies
    problems = [problem for problem in problems if problem]
    assert not problems, f"{len(problems)} admin answers are wrong:\n" + "\n".join(problems)


# The table itself


def _keys(language: str) -> set[str]:
    return {pattern.key for pattern in walk(language)}


def test_the_walk_sees_both_languages():
    thai, english = walk("th"), walk("en")
    assert any(p.route == "my/" for p in thai) and not any(p.route.startswith("en/") for p in thai)
    assert any(p.route == "en/my/" for p in english)
    assert any(is_admin(p.key) for p in thai)
    assert {p.key for p in thai} == {p.key for p in english}


def test_every_url_has_a_row():
    named = {row.name for row in ROWS}
    missing = sorted((_keys("th") | _keys("en")) - named)
    assert not missing, f"URL patterns without a row in tests/authz/ (see this module's docstring): {missing}"


def test_every_row_names_a_url():
    stale = sorted({row.name for row in ROWS} - _keys("th"))
    assert not stale, f"rows naming URL patterns that no longer exist: {stale}"


def test_names_outside_admin_are_unique():
    keys = [p.key for p in walk("th") if not is_admin(p.key)]
    assert len(keys) == len(set(keys)), "two patterns share a name; the table cannot tell them apart"


def test_every_row_lets_somebody_in():
    """Honesty: each pattern of ours has a row where some persona gets in (200 or a redirect onwards)."""
    names = {row.name for row in APP_ROWS}
    open_ = {row.name for row in APP_ROWS for m in METHODS for p in PERSONAS if _lets_in(row.expected(p, m))}
    assert not sorted(names - open_), f"rows where nobody gets in prove nothing: {sorted(names - open_)}"


def test_staff_get_into_admin():
    """Honesty for the admin family: staff open the index and every list of the competition's apps."""
    by_name = {row.name: row for row in ADMIN_ROWS}
    lists = [f"admin:{m._meta.app_label}_{m._meta.model_name}_changelist" for m in admin.site._registry]
    ours = [name for name in lists if name.split(":")[1].split("_")[0] in STAFF_APPS + ("accounts",)]
    assert len(ours) >= 20
    for name in ["admin:index", *ours]:
        assert by_name[name].expected("staff", "GET") == 200, name


def test_every_row_states_every_persona():
    for row in ROWS:
        for method in METHODS:
            assert set(row.get if method == "GET" else row.post) == set(PERSONAS), row.id
