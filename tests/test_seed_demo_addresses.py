"""The addresses seed_demo prints (what `make run` shows) are those the README gives: what it printed when it
loaded this module's demo on an empty database (tests/seeding.py keeps the output with the seeding, so the
command runs once per test process, not once more here)."""

import re
from io import StringIO

import pytest
from django.conf import settings

from demo.management.commands.seed_demo import Command

from .seeding import printed_by_seed_demo

pytestmark = pytest.mark.django_db


def test_seed_demo_prints_the_live_edition_where_the_readme_puts_it(demo, client):
    printed = printed_by_seed_demo()
    readme = (settings.BASE_DIR / "README.md").read_text(encoding="utf-8")

    assert "the home page / leads with it, its page is /demo/" in printed
    assert "| `/` | the home page, which leads with the live demo edition (its own page: `/demo/`)" in readme
    assert client.get("/demo/").status_code == 200
    assert 'href="/demo/#how-to-apply" data-testid="apply-now"' in client.get("/").content.decode()


def test_the_banner_make_run_prints_names_only_addresses_the_readme_gives():
    out = StringIO()

    Command(stdout=out).print_banner()  # what `seed_demo --banner` prints after loading the demo
    readme = (settings.BASE_DIR / "README.md").read_text(encoding="utf-8")

    # Every address of the banner, each as README's table of the demo gives it ("| `/demo/` |" or in a row).
    printed = re.findall(r"http://127\.0\.0\.1:8000(/[^\s)]*)", out.getvalue())
    assert "/demo/" in printed
    assert [path for path in printed if f"`{path}`" not in readme] == []
    # The live edition's line is the one README names for it: the home page and its own page.
    assert "http://127.0.0.1:8000/demo/     the live edition" in out.getvalue()
