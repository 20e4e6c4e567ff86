from urllib.parse import urlsplit

from django.conf import settings
from django.urls import NoReverseMatch, reverse, translate_url
from django.utils.functional import SimpleLazyObject
from django.utils.translation import get_language, override


def site(request):
    """What the base template needs on every page: the site's address and the same page in each
    language, worked out only when a template reads it (e-mails, PDFs and admin pages never do)."""
    return {"SITE_URL": settings.SITE_URL, "language_links": SimpleLazyObject(lambda: language_links(request))}


def language_links(request) -> list[dict]:
    current = get_language() or settings.LANGUAGE_CODE
    return [
        {"code": code, "name": name, "url": _in_language(request, code), "active": current.startswith(code)}
        for code, name in settings.LANGUAGES
    ]


def _in_language(request, code: str) -> str:
    """This page's address in the language ``code``, its query kept: reversed from the URL pattern the
    request was resolved to (Django's ``translate_url`` resolves the address again, once per
    language, on every page). A request no pattern matched (a 404 before any view) has no match:
    ``translate_url`` gives it back as it is."""
    full_path = request.get_full_path()
    match = request.resolver_match
    if match is None:
        return translate_url(full_path, code)
    if match.url_name is None:
        return full_path
    with override(code):
        try:
            path = reverse(match.view_name, args=match.args, kwargs=match.kwargs)
        except NoReverseMatch:
            return full_path
    query = urlsplit(full_path).query
    return f"{path}?{query}" if query else path
