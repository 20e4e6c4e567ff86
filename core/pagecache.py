"""The public pages a crowd opens, kept whole in the shared cache (Redis in production, process
memory in development) and served from it to anonymous visitors.

A view decorated with ``@public_page(...)`` answers a GET or HEAD from the cache when the visitor is
nobody in particular: not logged in and carrying none of the cookies that make a page personal (the
session, Django's messages, and whatever the view names, e.g. the voter's pass). Everyone else gets
the view itself, and their page is never stored. A page is stored only when it is a plain 200 that
sets no cookie, is not marked private or no-store, and embedded no CSRF token while rendering (a
page with a POST form for this visitor is theirs alone): so no cached copy ever carries a token, a
name, a menu of someone logged in, a message or a vote.

The key is the language and the whole address (scheme, host, path and query string, hashed, so
that any filter of a list is bounded to 64 characters), less the parameters that only say where a
click came from (``fbclid``, ``utm_*``…), so that a link shared on Facebook or LINE opens the copy
everyone else gets. A copy is stored with the version numbers of
what the page shows, as read before it was rendered, and its expiry, and served only while those
versions are current and it has not expired: the site-wide version, the edition's (``edition=``
names the URL argument holding the edition's slug) and any other the view names (``versions=``).
The apps that own what these pages show bump them when it changes (``changed(site=True)``,
``changed(editions=[slug])``, from their signal handlers), once at once and again after the commit,
so that a page rendered from the old data between the two is never served as current.

Two tiers: each process keeps the pages it served last (``LOCAL_PAGES``) and the versions it read
(for ``VERSION_MEMO_SECONDS``) beside the shared cache, so that a crowd on one page costs a process
one small read of the shared cache a second, not one per request. A decision, a new finalist or an
edited text therefore shows at the next request in the process that made the change, and within
``VERSION_MEMO_SECONDS`` in every other. What changes without a save (a vote count, a phase reached
by the clock) shows when the copy expires: ``SECONDS`` after it was rendered (plus the time of one
render: while a process renders an expired page again, its other requests for it get the copy that
has just expired, never one of older versions, so that a crowd never renders one page at once).

A page rendered for one visitor (a verified voter's finalist page, with a vote form of their own)
may still take its shared part from the cache: ``public_part(name, build, ...)`` keeps a value (the
finalist's answers) under the same versions and expiry as the pages, so that such a visitor sees
it exactly as fresh as an anonymous visitor's copy of the page shows it.

A page whose personal part is one region (a verified voter's finalist page: the vote form, their
vote) is marked in everyone's copy (``<!--personal-->`` … ``<!--/personal-->``): such a visitor gets
``everyones_copy`` with that region rendered for them alone (``with_personal_part``), and their
messages in the frame's own region. A visitor with a session or a log-in is still rendered the
whole page.

With the shared cache down, pages are rendered as if it did not exist (and the cache is left
alone for ``REST_SECONDS``, so that a dead Redis costs one timeout, not one per request).
"""

import hashlib
import logging
import pickle
import secrets
import threading
import time
from collections import OrderedDict
from collections.abc import Iterable
from functools import wraps

from django.conf import settings
from django.contrib.messages import get_messages
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import cache
from django.db import transaction
from django.http import QueryDict
from django.template.loader import render_to_string
from django.utils.cache import get_max_age
from django.utils.translation import get_language

from .backoff import Backoff

logger = logging.getLogger(__name__)

# How long a stored page is served before it is rendered again: the lag of what changes without a
# save (vote counts, which are themselves tallied every few seconds; a phase reached by the clock).
# settings.PUBLIC_PAGE_CACHE_SECONDS, when set, replaces it; 0 turns the cache off (a test that
# counts a view's own queries).
SECONDS = 15
# How long a process trusts the versions it read from the shared cache: an edit made in another
# process shows here within this time (in the process that made it, at the next request).
VERSION_MEMO_SECONDS = 1.0
# How many pages each process keeps beside the shared cache (the most recently served).
LOCAL_PAGES = 256
# While one request renders an expired page again, the others of its process are given the copy
# that expired, for at most this long after it did.
GRACE_SECONDS = 10
REST_SECONDS = 10
SITE_VERSION_KEY = "page:version:site"
# Query parameters that only say where a click came from (prefixes, lower case).
TRACKING = ("utm_", "fbclid", "gclid", "dclid", "msclkid", "igshid", "ttclid", "twclid", "mc_cid", "mc_eid", "_ga")
_backoff = Backoff(lambda: REST_SECONDS, "public pages are rendered", logger)
_lock = threading.Lock()
_local_pages: OrderedDict[str, tuple] = OrderedDict()
_local_versions: dict[tuple, tuple[float, tuple]] = {}
_rendering: set[str] = set()
_UNREAD = object()
# The regions of a page that are one visitor's own, marked in everyone's copy (``with_personal_part``):
# a page's own (a verified voter's vote form), and the site frame's messages (templates/base.html).
PERSONAL_REGION, MESSAGES_REGION = "personal", "messages"
MESSAGES_TEMPLATE = "_messages.html"


def edition_version_key(slug: str) -> str:
    return f"page:version:edition:{slug}"


def _personal_cookies(extra: Iterable[str]) -> tuple[str, ...]:
    return (settings.SESSION_COOKIE_NAME, CookieStorage.cookie_name, *extra)


def is_shareable_request(request, personal_cookies: Iterable[str] = (), *, with_messages: bool = False) -> bool:
    """True when the request may be answered with, or stored as, everyone's copy (``with_messages``:
    but for its messages, which ``everyones_copy`` puts in their own region)."""
    if request.method not in ("GET", "HEAD"):
        return False
    personal = _personal_cookies(personal_cookies)
    if with_messages:
        personal = tuple(name for name in personal if name != CookieStorage.cookie_name)
    if any(name in request.COOKIES for name in personal):
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


def reset() -> None:
    """Forget that the cache was down (tests that stop and start their own Redis)."""
    _backoff.reset()


def _without_tracking(query: str) -> str:
    """The query string less the parameters that share buttons and ad networks add to a link
    (``fbclid``, ``utm_source``…): no page reads them, so a link shared on Facebook or LINE opens the
    copy everyone else gets instead of one rendered for its own click id."""
    kept = [part for part in query.split("&") if part and not part.split("=", 1)[0].lower().startswith(TRACKING)]
    return "&".join(kept)


def _drop_tracking(request) -> None:
    """The view of a page kept for everyone sees the query it is kept under (a link that carries
    the query, as the language switch does, must not carry one visitor's click id to all)."""
    query = request.META.get("QUERY_STRING", "")
    kept = _without_tracking(query)
    if kept != query:
        request.META["QUERY_STRING"] = kept
        request.GET = QueryDict(kept)


def _page_key(request) -> str:
    address = f"{get_language() or settings.LANGUAGE_CODE}\n{request.build_absolute_uri()}"
    return "page:" + hashlib.sha256(address.encode()).hexdigest()


def _remember(key: str, entry: tuple) -> None:
    with _lock:
        _local_pages[key] = entry
        _local_pages.move_to_end(key)
        while len(_local_pages) > LOCAL_PAGES:
            _local_pages.popitem(last=False)


def forget_local() -> None:
    """This process forgets its copies and the versions it read (``changed``; tests)."""
    with _lock:
        _local_pages.clear()
        _local_versions.clear()


def _valid(entry, current: tuple, now: float) -> bool:
    return entry is not None and entry[0] == current and entry[1] > now


def _served(entry) -> object:
    # A fresh response for each request: the middleware below adds its headers to it.
    return pickle.loads(entry[2])  # noqa: S301 (written by this module, as Django's cache pickles)


def public_page(*, edition: str | None = None, versions: Iterable[str] = (), personal_cookies: Iterable[str] = ()):
    """Serve the view's page from the shared cache to anonymous visitors (see the module's text).

    ``edition``: the name of the URL argument that holds the edition's slug (its version must be
    unchanged); ``versions``: other cache keys whose values must be unchanged; ``personal_cookies``:
    cookies besides the session and messages that make the page personal."""
    extra_versions = tuple(versions)
    extra_cookies = tuple(personal_cookies)

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if seconds() <= 0 or _backoff.active() or not is_shareable_request(request, extra_cookies):
                return view(request, *args, **kwargs)
            _drop_tracking(request)
            slug = kwargs[edition] if edition is not None else None
            response, _everyones = _page(
                request, _version_keys(slug, extra_versions), lambda: view(request, *args, **kwargs)
            )
            return response

        return wrapper

    return decorator


def _version_keys(edition_slug: str | None, versions: tuple[str, ...]) -> tuple[str, ...]:
    keys = (SITE_VERSION_KEY, *versions)
    return keys + (edition_version_key(edition_slug),) if edition_slug is not None else keys


def _page(request, version_keys: tuple[str, ...], render) -> tuple[object, bool]:
    """The page at the request's address: everyone's copy, served from the cache, or ``render()``'s
    response, kept as everyone's when it may be; with whether it is everyone's copy."""
    ttl, key, now = seconds(), _page_key(request), time.time()
    try:
        current, local, shared = _lookup(key, version_keys, now)
    except Exception as error:  # any cache backend error: the view answers instead
        _backoff.failed(error)
        return render(), False
    if shared is not None:
        return _served(shared), True
    # One render per page and process at a time: while it runs, the others of this process get the
    # copy that has just expired (never one of other versions).
    stale = local is not None and local[0] == current and local[1] + GRACE_SECONDS > now
    with _lock:
        if stale and key in _rendering:
            return _served(local), True
        _rendering.add(key)
    try:
        response = render()
        if hasattr(response, "render") and callable(response.render):
            response = response.render()
    finally:
        with _lock:
            _rendering.discard(key)
    if not is_shareable_response(request, response):
        return response, False
    # Under the versions read before rendering: a change committed meanwhile makes this copy out of
    # date at once. The expiry travels with it to every process.
    _store(key, current, now, ttl, response)
    return response, True


def everyones_copy(request, render, *, edition: str | None = None, versions: Iterable[str] = ()):
    """Everyone's copy of the page at the request's address (as ``public_page`` serves it to anonymous
    visitors), for a visitor whose own page differs from it only in its personal region (a verified
    voter's finalist page: their vote form), which ``with_personal_part`` then replaces: from the
    cache, or rendered by ``render()`` (the page as an anonymous visitor gets it) and kept. The
    visitor's messages (the one after a verification) are put in the copy's region for them, and are
    never rendered into the copy kept for everyone. None when the cache is off or down, for a visitor
    logged in or with a session (their page frame is theirs), and when the page rendered may not be
    kept: the caller renders the whole page. ``edition`` is the edition's slug, ``versions`` as for
    ``public_page``."""
    if seconds() <= 0 or _backoff.active() or not is_shareable_request(request, with_messages=True):
        return None
    _drop_tracking(request)
    has_messages = CookieStorage.cookie_name in request.COOKIES
    response, everyones = _page(
        request, _version_keys(edition, tuple(versions)), _without_messages(request, render) if has_messages else render
    )
    if not everyones:
        return None
    if not has_messages:
        return response
    shown = render_to_string(MESSAGES_TEMPLATE, {"messages": get_messages(request)})
    return with_personal_part(response, shown, region=MESSAGES_REGION)


def _without_messages(request, render):
    """``render`` with the request's messages hidden: they are one visitor's, never everyone's copy's."""

    def rendered():
        own, request._messages = request._messages, []
        try:
            return render()
        finally:
            request._messages = own

    return rendered


def _markers(region: str) -> tuple[bytes, bytes]:
    return f"<!--{region}-->".encode(), f"<!--/{region}-->".encode()


def with_personal_part(response, part: str, *, region: str = PERSONAL_REGION):
    """``response`` (a copy from ``everyones_copy``, of its own) with the region between
    ``<!--region-->`` and ``<!--/region-->`` replaced by ``part``; None unless the page has exactly one."""
    opening, closing = _markers(region)
    content = response.content
    start, end = content.find(opening), content.find(closing)
    if start < 0 or end < start or content.find(opening, start + 1) >= 0:
        return None
    response.content = content[:start] + part.encode(response.charset) + content[end + len(closing) :]
    if response.has_header("Content-Length"):
        response["Content-Length"] = str(len(response.content))
    return response


def _lookup(key: str, version_keys: tuple[str, ...], now: float) -> tuple[tuple, object, object]:
    """The current versions, this process's copy under ``key`` (or None) and the copy to serve, valid
    for those versions and not expired (this process's or the shared one, which is then remembered
    here), or None. One round trip to the shared cache at most: the versions with the shared copy
    when this process's memo of the versions has expired, else the shared copy alone when this
    process has no valid one."""
    clock = time.monotonic()
    memo = _local_versions.get(version_keys)
    if memo is None or memo[0] <= clock:
        found = cache.get_many([key, *version_keys])
        current = tuple(found.get(version_key) for version_key in version_keys)
        _local_versions[version_keys] = (clock + VERSION_MEMO_SECONDS, current)
        shared = found.get(key)
    else:
        current, shared = memo[1], _UNREAD
    local = _local_pages.get(key)
    if _valid(local, current, now):
        return current, local, local
    if shared is _UNREAD:
        shared = cache.get(key)
    if _valid(shared, current, now):
        _remember(key, shared)
        return current, local, shared
    return current, local, None


def _store(key: str, current: tuple, now: float, ttl: int, value) -> None:
    """Keep ``value`` here and in the shared cache under the versions ``current``, until ``now + ttl``."""
    entry = (current, now + ttl, pickle.dumps(value, pickle.HIGHEST_PROTOCOL))
    _remember(key, entry)
    try:
        cache.set(key, entry, ttl)
    except Exception as error:  # stored copies expire by themselves; the next request renders
        _backoff.failed(error)


def public_part(
    name: str, build, *, edition: str | None = None, versions: Iterable[str] = (), by_language: bool = True
):
    """``build()``, kept in the shared cache as ``public_page`` keeps a page, under the same versions
    and for as long: the part of a page that is the same for every visitor (a finalist's public
    answers), for the visitors who get the page rendered for them (a verified voter, whose page has
    a vote form of their own). It is what an anonymous visitor's cached copy of the page shows, no
    staler; it must hold nothing of one visitor. ``name`` says what it is (within the language, or
    for all languages with ``by_language=False``: a value no translation enters, such as model
    rows); each call returns a copy of its own."""
    ttl = seconds()
    if ttl <= 0 or _backoff.active():
        return build()
    version_keys = _version_keys(edition, tuple(versions))
    language = (get_language() or settings.LANGUAGE_CODE) if by_language else "all"
    key, now = f"part:{language}:{name}", time.time()
    try:
        current, _local, found = _lookup(key, version_keys, now)
    except Exception as error:  # any cache backend error: built as if there were no cache
        _backoff.failed(error)
        return build()
    if found is not None:
        return _served(found)
    value = build()
    _store(key, current, now, ttl, value)
    return value


def _new_token(keys: list[str]) -> None:
    token = f"{time.time_ns()}-{secrets.token_hex(4)}"
    try:
        cache.set_many(dict.fromkeys(keys, token), None)
    except Exception as error:  # stored pages expire by themselves within SECONDS
        _backoff.failed(error)


def changed(*, site: bool = False, editions: Iterable[str] = ()) -> None:
    """What the public pages show has changed: of the whole site (every page), or of these editions
    (their pages). Takes effect at once and again after the transaction commits."""
    keys = [SITE_VERSION_KEY] if site else []
    keys += [edition_version_key(slug) for slug in editions if slug]
    if not keys:
        return
    _bump(keys)
    transaction.on_commit(lambda: _bump(keys))


def _bump(keys: list[str]) -> None:
    forget_local()
    if not _backoff.active():
        _new_token(keys)


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
