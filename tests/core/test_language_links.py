"""The header's link to the same page in the other language (core.context_processors.site)."""

import re

import pytest
from django.test import RequestFactory
from django.urls import resolve, translate_url
from django.utils import translation

from core.context_processors import language_links

from ..factories import CycleFactory

pytestmark = pytest.mark.django_db


def _link(html: str, code: str) -> str:
    return re.search(rf'<a class="nav-link" href="([^"]*)" hreflang="{code}"', html).group(1)


def test_a_page_links_to_itself_in_the_other_language_with_its_query(client):
    cycle = CycleFactory(slug="smart-2026")

    thai = client.get(f"/{cycle.slug}/?tab=rules&q=%E0%B8%81").content.decode()
    english = client.get(f"/en/{cycle.slug}/?tab=rules").content.decode()

    assert _link(thai, "en") == "/en/smart-2026/?tab=rules&amp;q=%E0%B8%81"
    assert _link(english, "th") == "/smart-2026/?tab=rules"


def test_a_page_no_address_matched_links_to_the_same_address(client):
    response = client.get("/en/no/such/page/?x=1")

    assert response.status_code == 404
    assert _link(response.content.decode(), "th") == "/en/no/such/page/?x=1"


@pytest.mark.parametrize(
    ("language", "path"),
    [
        ("th", "/"),
        ("en", "/en/"),
        ("th", "/smart-2026/?tab=rules"),
        ("en", "/en/my/applications/7/sections/2/?next=%2Fmy%2F"),
        ("th", "/vote/demo-vote/36/"),
        ("th", "/admin/awards/cycle/3/change/"),
        ("en", "/en/accounts/login/?next=/en/my/"),
        ("th", "/healthz"),
    ],
)
def test_each_link_is_what_djangos_translate_url_gives(language, path):
    """Reversed from the request's own match, the links are the addresses Django's ``translate_url``
    works out by resolving the address again."""
    with translation.override(language):
        request = RequestFactory().get(path)
        request.resolver_match = resolve(request.path_info)

        links = language_links(request)

        assert [link["url"] for link in links] == [
            translate_url(request.get_full_path(), "th"),
            translate_url(request.get_full_path(), "en"),
        ]
        assert [link["active"] for link in links] == [language == "th", language == "en"]
