"""The public pages a crowd opens, kept whole in the shared cache (Redis in production, process
memory in development) and served from it to anonymous visitors.

A view decorated with ``@public_page(...)`` answers a GET or HEAD from the cache when the visitor is
nobody in particular: not logged in and carrying none of the cookies that make a page personal (the
session, Django's messages, and whatever the view names, e.g. the voter's pass). Everyone else gets
the view itself, and their page is never stored. A page is stored only when it is a plain 200 that
sets no cookie, is not marked private or no-store, and embedded no CSRF token while rendering (a
page with a POST form for this visitor is theirs alone): so no cached copy ever carries a token, a
name, a menu of someone logged in, a message or a vote.

The key is the language, the whole address (scheme, host, path and query string, hashed, so that
any filter of a list is bounded to 64 characters) and the version numbers of what the page shows:
the site-wide one, the edition's one (``edition=`` names the URL argument holding the edition's
slug) and any other the view names (``versions=``). The apps that own what these pages show bump
them when it changes (``changed(site=True)``, ``changed(editions=[slug])``, from their signal
handlers), once at once and again after the commit, so that a page rendered from the old data
between the two is never served under the new number. A decision, a new finalist or an edited text
therefore shows at the next request. What changes without a save (a vote count, a phase reached by
the clock) shows when the copy expires: ``SECONDS`` after it was stored.

With the shared cache down, pages are rendered as if it did not exist (and the cache is left
alone for ``REST_SECONDS``, so that a dead Redis costs one timeout, not one per request).
"""

import hashlib
import logging
import secrets
import time
from collections.abc import Iterable
from functools import wraps

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import cache
from django.db import transaction
from django.utils.cache import get_max_age
from django.utils.translation import get_language

logger = logging.getLogger(__name__)

# How long a stored page is served before it is rendered again: the lag of what changes without a
# save (vote counts, which are themselves tallied every few seconds; a phase reached by the clock).
# settings.PUBLIC_PAGE_CACHE_SECONDS, when set, replaces it; 0 turns the cache off (a test that
# counts a view's own queries).
SECONDS = 15
REST_SECONDS = 10
SITE_VERSION_KEY = "page:version:site"
_down_until = 0.0


def edition_version_key(slug: str) -> str:
    return f"page:version:edition:{slug}"


def _personal_cookies(extra: Iterable[str]) -> tuple[str, ...]:
    return (settings.SESSION_COOKIE_NAME, CookieStorage.cookie_name, *extra)


def is_shareable_request(request, personal_cookies: Iterable[str] = ()) -> bool:
    """True when the request may be answered with, or stored as, everyone's copy."""
    if request.method not in ("GET", "HEAD"):
        return False
    if any(name in request.COOKIES for name in _personal_cookies(personal_cookies)):
        return False
    # Without a session cookie this is AnonymousUser and reads nothing; kept as a second guard.
    return not request.user.is_authenticated


def is_shareable_response(request, response) -> bool:
    """True when a page rendered for an anonymous visitor may be kept for everyone."""
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    # A CSRF token was rendered (a POST form): it belongs to this visitor's cookie.
    if request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):
        return False
    session = getattr(request, "session", None)
    if session is not None and session.modified:
        return False
    cache_control = response.get("Cache-Control", "")
    return not ("private" in cache_control or "no-store" in cache_control or get_max_age(response) == 0)


def seconds() -> int:
    return getattr(settings, "PUBLIC_PAGE_CACHE_SECONDS", SECONDS)


def _resting() -> bool:
    return time.monotonic() < _down_until


def _rest(error: Exception) -> None:
    global _down_until
    _down_until = time.monotonic() + REST_SECONDS
    logger.warning("The shared cache did not answer (%s): public pages are rendered for %.0f s", error, REST_SECONDS)


def reset() -> None:
    """Forget that the cache was down (tests that stop and start their own Redis)."""
    global _down_until
    _down_until = 0.0


def _page_key(request, version_keys: list[str], versions: dict) -> str:
    parts = [get_language() or settings.LANGUAGE_CODE, request.build_absolute_uri()]
    parts += [f"{key}={versions.get(key, 0)}" for key in version_keys]
    return "page:" + hashlib.sha256("\n".join(parts).encode()).hexdigest()


def public_page(*, edition: str | None = None, versions: Iterable[str] = (), personal_cookies: Iterable[str] = ()):
    """Serve the view's page from the shared cache to anonymous visitors (see the module's text).

    ``edition``: the name of the URL argument that holds the edition's slug (its version is part of
    the key); ``versions``: other cache keys whose values are part of the key; ``personal_cookies``:
    cookies besides the session and messages that make the page personal."""
    extra_versions = tuple(versions)
    extra_cookies = tuple(personal_cookies)

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            ttl = seconds()
            if ttl <= 0 or _resting() or not is_shareable_request(request, extra_cookies):
                return view(request, *args, **kwargs)
            version_keys = [SITE_VERSION_KEY, *extra_versions]
            if edition is not None:
                version_keys.append(edition_version_key(kwargs[edition]))
            try:
                key = _page_key(request, version_keys, cache.get_many(version_keys))
                page = cache.get(key)
            except Exception as error:  # any cache backend error: the view answers instead
                _rest(error)
                return view(request, *args, **kwargs)
            if page is not None:
                return page
            response = view(request, *args, **kwargs)
            if hasattr(response, "render") and callable(response.render):
                response = response.render()
            if is_shareable_response(request, response):
                try:
                    cache.set(key, response, ttl)
                except Exception as error:  # as above
                    _rest(error)
            return response

        return wrapper

    return decorator


def _bump(keys: list[str]) -> None:
    if _resting():
        return
    token = f"{time.time_ns()}-{secrets.token_hex(4)}"
    try:
        cache.set_many(dict.fromkeys(keys, token), None)
    except Exception as error:  # stored pages expire by themselves within SECONDS
        _rest(error)


def changed(*, site: bool = False, editions: Iterable[str] = ()) -> None:
    """What the public pages show has changed: of the whole site (every page), or of these editions
    (their pages). Takes effect at once and again after the transaction commits."""
    keys = [SITE_VERSION_KEY] if site else []
    keys += [edition_version_key(slug) for slug in editions if slug]
    if not keys:
        return
    _bump(keys)
    transaction.on_commit(lambda: _bump(keys))


def connect(handler, models: Iterable[type], *, delete: bool = True) -> None:
    """Connect ``handler(instance)`` to post_save (and post_delete) of each model and of its proxies,
    whose saves (admin of a proxy) send the signal under their own class."""
    from django.apps import apps
    from django.db.models.signals import post_delete, post_save

    def on_save(sender, instance, raw=False, **kwargs):
        if not raw:
            handler(instance)

    def on_delete(sender, instance, **kwargs):
        handler(instance)

    bases = tuple(models)
    for model in apps.get_models():
        if issubclass(model, bases):
            uid = f"pagecache.{handler.__module__}.{handler.__qualname__}.{model._meta.label}"
            post_save.connect(on_save, sender=model, dispatch_uid=uid + ".save", weak=False)
            if delete:
                post_delete.connect(on_delete, sender=model, dispatch_uid=uid + ".delete", weak=False)
