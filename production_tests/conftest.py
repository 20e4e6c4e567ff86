"""Fixtures of the production smoke suite: one database for the run (created, migrated and seeded
with ``seed_demo`` under the production settings, dropped at the end), the SMTP sink, the SMS
provider's HTTP API, the collected static files, the shared object-storage folder, the staff log-in,
and the figures printed at the end.

Every process started here is stopped at the end, also after a failure or Ctrl-C (``stop_all``)."""

import contextlib
import importlib.util
import re
import shutil
import tempfile
import time
from pathlib import Path

import pytest

from .deployment import (
    BUCKET,
    MACHINE_REDIS,
    MACHINE_REDIS_DB,
    RedisServer,
    Stack,
    create_database,
    drop_database,
    postgres,
)
from .mailbox import Mailbox
from .processes import ROOT, stop_all
from .sms_provider import SmsProvider
from .web import Browser

DEMO_PASSWORD = "demo-award-2026"  # demo/accounts.py, as README's demo log-ins say
DEMO_TOTP_SECRET = "DEMOAWARDSDEMOAWARDSDEMOAWARDS22"
STAFF_EMAIL = "staff@example.com"
MACHINE_REDIS_URL = "redis://{}:{}/{}".format(*MACHINE_REDIS, MACHINE_REDIS_DB)

_spec = importlib.util.spec_from_file_location("totp", ROOT / "scripts" / "totp.py")
totp = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(totp)

FIGURES: dict[str, str] = {}


def record_figure(name: str, value: str) -> None:
    FIGURES[name] = value


def pytest_terminal_summary(terminalreporter):
    if FIGURES:
        terminalreporter.section("production smoke figures")
        for name, value in FIGURES.items():
            terminalreporter.write_line(f"{name}: {value}")


def pytest_sessionfinish(session):
    stop_all()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """A failing test's report ends with the logs of the platform it ran against."""
    outcome = yield
    report = outcome.get_result()
    if report.failed:
        values = getattr(item, "funcargs", {}).values()
        stacks = [value for value in values if isinstance(value, Stack)]
        stacks += [stack for value in values for stack in getattr(value, "stacks", [])]
        for stack in stacks:
            report.sections.append((f"logs of the {stack.name} platform", stack.logs()))


@pytest.fixture(scope="session")
def work(request):
    """The run's folder (logs, object storage, collected static files): a folder of its own, not
    pytest's rotating temporary folders, which another pytest run on the machine may clean. Kept
    when a test failed, for its logs."""
    folder = Path(tempfile.mkdtemp(prefix="awards-production-"))
    yield folder
    if request.session.testsfailed:
        print(f"\nthe production smoke suite's logs are kept in {folder}")
    else:
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture(scope="session")
def mailbox():
    box = Mailbox()
    box.start()
    yield box
    box.stop()


@pytest.fixture(scope="session")
def sms_provider():
    provider = SmsProvider()
    provider.start()
    yield provider
    provider.stop()


@pytest.fixture(scope="session")
def s3_root(work):
    """The folder behind object storage: every stack's own rclone serves it, so files outlive a stack."""
    folder = work / "s3"
    (folder / BUCKET).mkdir(parents=True)
    return folder


@pytest.fixture(scope="session")
def database(work, mailbox, s3_root):
    """The suite's database and collected static files, as a release would leave them: collectstatic,
    migrate, then seed_demo, each a manage.py run with the production settings (seed_demo puts its
    cover images in object storage). Dropped at the end of the run."""
    create_database()
    static_root = work / "static"
    setup = Stack(
        "setup",
        work=work,
        redis_url=MACHINE_REDIS_URL,
        s3_root=s3_root,
        smtp_port=mailbox.port,
        static_root=static_root,
    )
    try:
        setup.start_storage()
        started = time.monotonic()
        collect = setup.start_command("collectstatic", ["manage.py", "collectstatic", "--noinput", "-v0"])
        setup.manage("migrate", "--noinput", "-v0")
        seeded = setup.manage("seed_demo")
        assert collect.popen.wait(timeout=300) == 0, collect.tail()
        record_figure("collectstatic + migrate + seed_demo", f"{time.monotonic() - started:.1f} s")
    finally:
        setup.stop()
    yield {"static_root": static_root, "seed_demo": seeded}
    drop_database()


@pytest.fixture(scope="session")
def sql(database):
    """Read the database the platform writes (set-up look-ups and the tests' checks)."""
    with contextlib.closing(postgres()) as connection:

        def query(statement: str, *params):
            with connection.cursor() as cursor:
                cursor.execute(statement, params)
                return cursor.fetchall()

        yield query


@pytest.fixture
def own_stack(database, work, mailbox, s3_root):
    """Build a platform of the test's own: its own redis-server, rclone, gunicorn and worker, on the
    suite's database. Everything it started is stopped when the test ends."""
    made: list[Stack] = []

    def make(name: str, **more: str) -> Stack:
        server = RedisServer(work / name / "redis").start()
        stack = Stack(
            name,
            work=work,
            redis_url=server.url,
            s3_root=s3_root,
            smtp_port=mailbox.port,
            static_root=database["static_root"],
            **more,
        )
        stack.redis = server
        made.append(stack)
        stack.start_storage()
        stack.start_web()
        stack.start_worker()
        return stack

    make.stacks = made
    yield make
    for stack in made:
        stack.stop()
        stack.redis.stop()


def log_in(browser: Browser, email: str, password: str, *, totp_secret: str | None = None):
    page = browser.get("/accounts/login/")
    page = browser.submit(page.form(action="/accounts/login/"), {"login": email, "password": password})
    if "/accounts/2fa/authenticate/" in page.url:
        assert totp_secret, f"{email} is asked for a second factor"
        page = browser.submit(page.form(field="code"), {"code": totp.totp(totp_secret)})
    assert page.status == 200, (page.status, page.url)
    assert "/accounts/login/" not in page.url and "/accounts/2fa/" not in page.url, page.url
    return page


_staff_cookies: dict[str, str] = {}


def staff_browser(port: int) -> Browser:
    """The demo staff member, logged in (password and authenticator code) once for the whole run: the
    session lives in the database, so it opens on every stack of the run."""
    browser = Browser(port)
    if _staff_cookies:
        browser.cookies.update(_staff_cookies)
    else:
        log_in(browser, STAFF_EMAIL, DEMO_PASSWORD, totp_secret=DEMO_TOTP_SECRET)
        _staff_cookies.update(browser.cookies)
    return browser


def admin_action(browser: Browser, changelist: str, action: str, ids: list[int], values: dict) -> int:
    """Run a generating admin action on the selected rows, confirm it with ``values``, and return the
    id of the batch it queued (from the message admin shows)."""
    page = browser.post(changelist, {"action": action, "_selected_action": ids, "index": "0", "select_across": "0"})
    assert page.status == 200, page.status
    done = browser.submit(page.form(field="confirm"), values, button="confirm")
    batch = re.search(r"batch__id__exact=(\d+)", done.text)
    assert batch, re.findall(r'<ul class="messagelist">.*?</ul>|<ul class="errorlist.*?</ul>', done.text, re.S)
    return int(batch.group(1))


def whole_cycle_prize(sql, cycle: str) -> int:
    """The award of a demo edition open to every category (its Popular Vote prize)."""
    [(prize,)] = sql(
        "SELECT p.id FROM awards_prize p JOIN awards_cycle c ON c.id = p.cycle_id "
        "WHERE c.slug = %s AND p.category_id IS NULL",
        cycle,
    )
    return prize


def wait_for_documents(browser: Browser, batch: int, count: int, *, timeout: float = 120) -> list[int]:
    """The ids of a batch's documents once ``count`` of them can be downloaded (admin's list)."""
    deadline = time.monotonic() + timeout
    while True:
        page = browser.get(f"/admin/documents/document/?batch__id__exact={batch}")
        ready = sorted({int(pk) for pk in re.findall(r'href="/documents/(\d+)/download/"', page.text)})
        if len(ready) >= count:
            return ready
        if time.monotonic() > deadline:
            raise TimeoutError(f"{len(ready)} of {count} documents of batch {batch} after {timeout} s")
        time.sleep(1)
