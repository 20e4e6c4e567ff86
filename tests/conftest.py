"""Personas, the log-in helper, service markers and the browser set-up shared by every test."""

import os
import shutil
import socket
from urllib.parse import urlparse

import pytest

from accounts.enums import Role
from accounts.two_factor import two_factor_required

from . import isolation, migrated
from .factories import UserFactory
from .seeding import seeded_demo

# Playwright's sync API runs an event loop in the test thread; the ORM calls tests make beside it
# are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

IN_CI = os.environ.get("CI", "").lower() == "true"
# Browser tests run in Chromium's headless shell (Debian's chromium-headless-shell: the same engine
# without the browser's window and user interface, what Playwright itself runs headless tests in),
# which takes about a third less CPU than the full browser; a test that needs the browser's own PDF
# viewer asks for ``pdf_viewer_page`` (the full Chromium).
HEADLESS_SHELL = "/usr/bin/chromium-headless-shell"
CHROMIUM = "/usr/bin/chromium"
POPPLER_TOOLS = ("pdftotext", "pdfinfo", "pdffonts", "pdftoppm")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def _redis_reachable() -> str | None:
    url = os.environ.get("REDIS_URL", "")
    if not url:
        return "REDIS_URL is not set"
    parsed = urlparse(url)
    try:
        with socket.create_connection((parsed.hostname or "127.0.0.1", parsed.port or 6379), timeout=2):
            return None
    except OSError as error:
        return f"Redis at {parsed.hostname}:{parsed.port} is not reachable ({error})"


def _missing_service(item) -> str | None:
    from django.conf import settings

    if item.get_closest_marker("postgres") and "postgresql" not in settings.DATABASES["default"]["ENGINE"]:
        return "needs PostgreSQL: set DATABASE_URL=postgres://..."
    if item.get_closest_marker("redis"):
        reason = _redis_reachable()
        if reason:
            return f"needs Redis: {reason}"
    if item.get_closest_marker("browser") and not (shutil.which(HEADLESS_SHELL) and shutil.which(CHROMIUM)):
        return f"needs {HEADLESS_SHELL} and {CHROMIUM} (apt-get install chromium-headless-shell chromium)"
    if item.get_closest_marker("poppler") and not all(shutil.which(tool) for tool in POPPLER_TOOLS):
        return f"needs {', '.join(POPPLER_TOOLS)} (apt-get install poppler-utils)"
    return None


def pytest_configure(config):
    # Hashing strength is Django's business; tests only need passwords that work. Set for the whole
    # session (not per test) so that data built once per module (the authorisation world, the seeded
    # demo) hashes as fast as data built inside a test. Production settings are untouched.
    from django.test import override_settings

    override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]).enable()
    # Files, broker and Redis database of this process's own (tests/isolation.py): xdist's workers
    # run side by side. The process that starts the run (no ``workerinput``) makes the folder they share.
    if not hasattr(config, "workerinput"):
        isolation.share_run_folder()
    isolation.isolate()


def pytest_unconfigure(config):
    isolation.clean_up()


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items):
    """Within each module, the tests that use the seeded demo run after the others.

    ``demo`` keeps its data until the end of the module (see ``_seeded_demo``); a test of the same
    module that expects an empty database must therefore run before it is loaded. The order is
    otherwise kept (pytest-django's: database tests, then transactional ones, then the rest).
    """
    ordered, run = [], []
    for item in items:
        if run and item.module is not run[-1].module:
            ordered += sorted(run, key=_uses_demo)
            run = []
        run.append(item)
    items[:] = ordered + sorted(run, key=_uses_demo)


def _uses_demo(item) -> bool:
    return "demo" in getattr(item, "fixturenames", ())


def pytest_runtest_setup(item):
    reason = _missing_service(item)
    if reason:
        if IN_CI:
            # In CI every service is meant to be there: a missing one is a failure, never a skip.
            pytest.fail(f"CI=true but this test {reason}", pytrace=False)
        pytest.skip(reason)


@pytest.fixture(autouse=True)
def _tasks_run_eagerly(request):
    """Tasks run in the test's own process, except in tests that start a real worker."""
    from celery._state import _set_task_join_will_block

    from config.celery import app

    eager = request.node.get_closest_marker("worker") is None
    previous = app.conf.task_always_eager
    # An eager task runs inside celery's denied_join_result(), which saves and restores a flag that
    # is global to the process, not to the thread: two threads running eager tasks at once (the
    # concurrency tests) can restore it in the wrong order and leave it set, and every later
    # .delay().get() in that pytest worker then fails with "Never call result.get() within a task".
    # The test process is never a Celery worker, so each test starts with the flag down.
    _set_task_join_will_block(False)
    app.conf.task_always_eager = eager
    yield
    app.conf.task_always_eager = previous


@pytest.fixture(autouse=True)
def _default_language():
    # A request under /en/ leaves English active in the thread; every test starts in Thai, as a
    # visitor does (reverse() inside i18n_patterns follows the active language).
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def _no_vote_escalation(settings):
    # The Popular Vote's escalating checks (voting/escalation.py) count every code request and vote
    # of a network over 10 minutes, in Redis when the tests have one: the many tests that vote from
    # 127.0.0.1 would meet them by chance. Tests of the escalation set the thresholds themselves.
    settings.VOTE_CHALLENGE_AFTER = 0
    settings.VOTE_STRONG_PROOF_AFTER = 0


@pytest.fixture(autouse=True)
def _clean_cache():
    from django.core.cache import cache

    from core import pagecache
    from submissions import form_memo

    cache.clear()
    # What each process keeps beside the shared cache goes with it (the public pages of
    # core/pagecache.py, the forms of submissions/form_memo.py), and so does a back-off left by an
    # earlier test that stopped Redis (else, for a few seconds, the next tests of the process would
    # build every page and read every form anew, as with the shared cache down).
    pagecache.forget_local()
    pagecache.reset()
    form_memo.forget()
    yield


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix):
    """pytest-django's, then the migrated test database of an earlier run, if any (tests/migrated.py)."""
    migrated.preload()


@pytest.fixture(scope="session")
def django_db_keepdb(request, django_db_modify_db_settings):
    """Keep the test database: asked for (``--reuse-db``), or filled from an earlier run's migrations."""
    return request.config.getvalue("reuse_db") or migrated.preloaded()


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """pytest-django's, then a copy of the migrated test database for the next run."""
    with django_db_blocker.unblock():
        migrated.save()
    yield
    migrated.remove_preloaded()


@pytest.fixture(scope="module")
def _seeded_demo(django_db_setup, django_db_blocker):
    """seed_demo, once for the module (tests/demo/conftest.py: once for that package)."""
    with seeded_demo(django_db_blocker):
        yield


@pytest.fixture
def demo(_seeded_demo, db):
    """The demo data of ``seed_demo``, loaded once per module; each test runs in its own savepoint, so
    what one test changes is gone for the next. Tests of the module that do not ask for it run first
    (``pytest_collection_modifyitems``), on an empty database. The demo makes staff@example.com,
    chair@example.com and province@example.com itself: beside it, use its people
    (``User.objects.get(email=...)``), not the personas of the same e-mail."""


# Personas (STYLE.md): named people every test can ask for.
@pytest.fixture
def applicant(db):
    return UserFactory(email="applicant@example.com", full_name="สมชาย ใจดี", roles=[Role.APPLICANT])


@pytest.fixture
def other_applicant(db):
    return UserFactory(email="other.applicant@example.com", full_name="สมหญิง รักเมือง", roles=[Role.APPLICANT])


@pytest.fixture
def judge(db):
    return UserFactory(email="judge@example.com", full_name="กรรมการ หนึ่ง", roles=[Role.JUDGE])


@pytest.fixture
def conflicted_judge(db):
    return UserFactory(email="conflicted.judge@example.com", full_name="กรรมการ สอง", roles=[Role.JUDGE])


@pytest.fixture
def chair(db):
    return UserFactory(email="chair@example.com", full_name="ประธาน", roles=[Role.CHAIR, Role.JUDGE])


@pytest.fixture
def staff(db):
    return UserFactory(email="staff@example.com", full_name="เจ้าหน้าที่", roles=[Role.STAFF])


@pytest.fixture
def province_viewer(db):
    return UserFactory(email="province@example.com", full_name="ท้องถิ่นจังหวัด", roles=[Role.PROVINCE_VIEWER])


@pytest.fixture
def outsider(db):
    return UserFactory(email="outsider@example.com", full_name="บุคคลทั่วไป")


@pytest.fixture
def login_as(client):
    """``login_as(user)`` logs the test client in as that persona and returns the client.

    Every later log-in requirement (two-factor authentication for staff and judges) is satisfied
    here, so tests say who they are, not how logging in works.
    """

    def _login(user):
        client.force_login(user)
        if two_factor_required(user):
            pass_second_factor(client, user)
        return client

    return _login


def pass_second_factor(client, user):
    """Give the user a real TOTP authenticator (if they have none) and let the client's session pass
    it exactly as allauth's code step does after a valid code (``post_authentication``)."""
    from allauth.mfa.base.internal.flows import post_authentication
    from allauth.mfa.models import Authenticator
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
    from django.test import RequestFactory

    authenticator = Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).first()
    if authenticator is None:
        authenticator = TOTP.activate(user, generate_totp_secret()).instance
    request = RequestFactory().get("/")
    request.session = client.session
    request.user = user
    post_authentication(request, authenticator)
    request.session.save()


# Browser tests: pytest-playwright on Debian's Chromium (never a downloaded browser).
@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {**browser_type_launch_args, "executable_path": HEADLESS_SHELL, "args": CHROMIUM_ARGS}


@pytest.fixture
def pdf_viewer_page(playwright, browser_type_launch_args, browser_context_args):
    """A page of the full Chromium, whose PDF viewer shows a PDF served inline in its tab (the
    headless shell has none, and would only download it)."""
    browser = playwright.chromium.launch(**{**browser_type_launch_args, "executable_path": CHROMIUM})
    context = browser.new_context(**browser_context_args)
    yield context.new_page()
    context.close()
    browser.close()


@pytest.fixture(scope="session")
def artifacts_dir():
    from django.conf import settings

    path = settings.BASE_DIR / "tests" / "artifacts"
    path.mkdir(parents=True, exist_ok=True)
    return path
