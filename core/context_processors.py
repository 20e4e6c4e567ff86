from django.conf import settings
from django.urls import translate_url
from django.utils.translation import get_language


def site(request):
    """What the base template needs on every page, including the same page in the other language."""
    current = get_language() or settings.LANGUAGE_CODE
    path = request.get_full_path()
    links = [
        {"code": code, "name": name, "url": translate_url(path, code), "active": current.startswith(code)}
        for code, name in settings.LANGUAGES
    ]
    return {"SITE_URL": settings.SITE_URL, "language_links": links}
