"""Every URL pattern, with malformed values in its parameters (a NUL byte, an over-long value, Thai
letters and digits, a path climbing up), answers without an error for every kind of visitor: 404 for
most, a redirect to the log-in or a refusal for some, never 500."""

import re
from urllib.parse import quote

import pytest
from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.resolvers import RoutePattern

pytestmark = pytest.mark.django_db

MALFORMED = ("%00", "a" * 300, quote("ก๐"), "../x")
# 200 is not among them: a malformed key must not show a page (allauth answered 200 "invalid link").
ACCEPTABLE = {301, 302, 400, 403, 404, 405, 429}
ROUTE_PARAMETER = re.compile(r"<[^>]+>")


def _fill_regex(regex: str, value: str) -> str:
    """The path a regex pattern matches with every group replaced by ``value`` (the patterns in use
    have no quantified groups, only anchors, literals, escapes and groups)."""
    out, depth = [], 0
    for char in regex.removeprefix("^").removesuffix("$").removesuffix(r"\Z"):
        if char == "(":
            if depth == 0:
                out.append(value)
            depth += 1
        elif char == ")":
            depth -= 1
        elif depth == 0:
            out.append(char)
    return "".join(out).replace("\\", "")


def _fill(pattern, value: str) -> str:
    if isinstance(pattern.pattern, RoutePattern):
        return ROUTE_PARAMETER.sub(value, str(pattern.pattern))
    return _fill_regex(str(pattern.pattern), value)


def _paths(patterns, prefix: str = "") -> set[str]:
    """Every pattern that takes a parameter, filled with each malformed value."""
    paths = set()
    for pattern in patterns:
        for value in MALFORMED:
            filled = _fill(pattern, value)
            if isinstance(pattern, URLResolver):
                paths |= _paths(pattern.url_patterns, prefix + filled)
            elif isinstance(pattern, URLPattern) and filled != str(pattern.pattern):
                paths.add("/" + prefix + filled)
    return paths


def _paths_from_root() -> list[str]:
    return sorted({path for path in _paths(get_resolver().url_patterns) if "<" not in path})


def test_malformed_urls_cover_the_allauth_keys_and_the_path_parameters():
    paths = _paths_from_root()

    assert "/verify/%00/" in paths
    assert "/accounts/confirm-email/%00/" in paths
    assert "/accounts/password/reset/key/%00-%00/" in paths
    assert "/my/invitations/%00/" in paths
    assert "/reports/local-governments/%00/" in paths


@pytest.mark.parametrize("persona", ["anonymous", "applicant", "judge", "staff"])
def test_malformed_urls_never_answer_500(persona, client, login_as, request):
    if persona != "anonymous":
        client = login_as(request.getfixturevalue(persona))
    client.raise_request_exception = False

    failures = {}
    for path in _paths_from_root():
        status = client.get(path).status_code
        if status not in ACCEPTABLE:
            failures[path] = status

    assert failures == {}


@pytest.mark.parametrize(
    "path",
    ["/verify/%00/", "/my/invitations/x%0ay/", "/reports/local-governments/%00/", "/%7f/"],
)
def test_malformed_urls_with_a_control_character_answer_404_before_any_query(path, client, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get(path)

    assert response.status_code == 404


def test_malformed_urls_allauth_keys_of_the_wrong_shape_answer_404(client):
    thai_key = client.get("/accounts/confirm-email/" + quote("ก๐") + "/")
    long_key = client.get("/accounts/password/reset/key/1-" + "a" * 150 + "/")

    assert (thai_key.status_code, long_key.status_code) == (404, 404)


def test_malformed_urls_admin_history_of_a_non_numeric_id_answers_404(staff, login_as):
    client = login_as(staff)

    response = client.get("/admin/awards/criterion/abc/history/")

    assert response.status_code == 404
