"""What the browser tests share: seeding the demo, and axe-core run on a loaded page."""

from io import StringIO

from django.conf import settings
from django.core.management import call_command
from playwright.sync_api import Page

AXE_SOURCE_PATH = settings.BASE_DIR / "static" / "vendor" / "axe-core" / "axe.min.js"
PHONE = {"width": 375, "height": 740}


def seed_demo() -> None:
    call_command("seed_demo", stdout=StringIO())


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
