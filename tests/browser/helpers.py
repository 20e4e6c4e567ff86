"""What the browser tests share: seeding the demo, and axe-core run on a loaded page."""

import time

from django.conf import settings
from playwright.sync_api import Page, expect

from ..seeding import load_demo

AXE_SOURCE_PATH = settings.BASE_DIR / "static" / "vendor" / "axe-core" / "axe.min.js"
PHONE = {"width": 375, "height": 740}
# The demo, committed (the live server reads it from another thread), from a copy of an earlier
# seeding from the same start when there is one (tests/seeding.py), which the module tests read too.
seed_demo = load_demo


def serious_axe_violations(page: Page) -> list[str]:
    """Run axe-core on the loaded page; one line per serious or critical violation."""
    # Evaluated through the DevTools protocol, so the page's CSP (no inline scripts) still applies to
    # the page itself while axe is loaded beside it.
    page.evaluate(AXE_SOURCE_PATH.read_text(encoding="utf-8") + "\n;undefined")
    violations = page.evaluate(
        """async () => {
            const results = await axe.run(document, {resultTypes: ["violations"]});
            return results.violations.map(v => ({
                id: v.id, impact: v.impact, help: v.help,
                targets: v.nodes.map(n => n.target.join(" ")),
            }));
        }"""
    )
    return [
        f"{v['id']} ({v['impact']}): {v['help']} -> {v['targets']}"
        for v in violations
        if v["impact"] in {"serious", "critical"}
    ]


def fresh_totp(secret: str, *, margin: float = 5.0) -> str:
    """The authenticator's code with at least ``margin`` seconds of its 30-second window left (else the
    next window's, after waiting for it), so that a loaded machine does not type a code that expires
    before the server checks it."""
    from scripts.totp import totp

    left = 30 - time.time() % 30
    if left < margin:
        time.sleep(left + 0.1)
    return totp(secret)


def log_in(page: Page, base_url: str, email: str, password: str, totp_secret: str | None = None) -> None:
    """Log in through the site's form; with ``totp_secret``, answer the two-factor step with the
    current code computed here, as the person's authenticator app would."""

    page.goto(base_url + "/accounts/login/")
    page.locator("#id_login").fill(email)
    page.locator("#id_password").fill(password)
    page.locator('form[action="/accounts/login/"] button[type="submit"]').click()
    page.wait_for_load_state()
    if totp_secret is not None:
        expect(page).to_have_url(base_url + "/accounts/2fa/authenticate/")
        page.locator("#id_code").fill(fresh_totp(totp_secret))
        page.locator('form[action="/accounts/2fa/authenticate/"] button[type="submit"]:not([form])').click()
        page.wait_for_load_state()
    expect(page.locator('form[action="/accounts/login/"]')).to_have_count(0)


def watch_csp(page: Page) -> list[str]:
    """Collect, from now on, every Content Security Policy violation the console reports and every
    uncaught page error, each with the page's address; a test asserts the list stays empty."""
    problems = []
    page.on(
        "console",
        lambda message: (
            problems.append(f"{page.url}: console: {message.text}")
            if "Content Security Policy" in message.text
            else None
        ),
    )
    page.on("pageerror", lambda error: problems.append(f"{page.url}: page error: {error}"))
    return problems
