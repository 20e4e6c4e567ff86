"""The addresses seed_demo prints (what `make run` shows) are those the README gives. Outside tests/demo, whose
package-wide demo would already be loaded: here seed_demo runs on an empty database and prints them."""

from io import StringIO

import pytest
from django.conf import settings
from django.core.management import call_command

pytestmark = pytest.mark.django_db


def test_seed_demo_prints_the_live_edition_where_the_readme_puts_it(client):
    out = StringIO()

    call_command("seed_demo", stdout=out)
    readme = (settings.BASE_DIR / "README.md").read_text(encoding="utf-8")

    assert "the home page / leads with it, its page is /demo/" in out.getvalue()
    assert "| `/` | the home page, which leads with the live demo edition (its own page: `/demo/`)" in readme
    assert client.get("/demo/").status_code == 200
    assert 'href="/demo/#how-to-apply" data-testid="apply-now"' in client.get("/").content.decode()
