"""The application form's questions kept in each web process for the autosave, which would otherwise
read and build every question of the edition's form (sections, conditions, categories) on each save.

Staff change a form rarely and applicants save it many times a minute near a deadline. Each process
keeps the edition and the questions it read (``submissions.answers.form_fields``) with the version of
the forms it read them under, a token in the shared cache. Every save or deletion of an edition, a
question, a section or a category, and every change of a question's categories, puts a new token
there, once at once and again after its transaction commits (so that a form read between the two,
still the old one, is never kept under the new token). A process compares its token with the shared
one on every autosave: an edit takes effect on the next autosave in every process.

When the shared cache does not answer, nothing is kept: the form is read on each request, as without
this module (and the cache is left alone for ``REST_SECONDS``, so that a dead Redis costs one timeout,
not one per request). A kept form is also read again after ``MEMO_SECONDS`` whatever the token says,
which bounds how long a process could keep an old form if both of an edit's new tokens were lost (the
shared cache down at that very moment), or, with a cache of the process's own (development, without
Redis), after an edit made by another process.
"""

import logging
import secrets
import time

from django.core.cache import cache
from django.db import transaction

from awards.models import Category, Cycle, Field, Section
from core.backoff import Backoff

from . import answers

logger = logging.getLogger(__name__)

VERSION_KEY = "form:version"
MEMO_SECONDS = 10.0
REST_SECONDS = 10.0
_memo: dict[int, tuple[float, str, Cycle]] = {}
_backoff = Backoff(lambda: REST_SECONDS, "the form is read on every save", logger)


def attach_form(application) -> None:
    """Give ``application`` its edition with the edition's current questions (what
    ``answers.form_fields`` then returns for it) from this process's memo when it is of the current
    version, else read them (two queries) and keep them. Only the edition's id and its form are read
    from it: an autosave reads nothing else of the edition."""
    version = _current_version()
    if version is None:
        return
    now = time.monotonic()
    kept = _memo.get(application.cycle_id)
    if not (kept and kept[0] > now and kept[1] == version):
        # Read after the version: an edit committed in between puts a newer token than the one kept.
        cycle = Cycle.objects.get(pk=application.cycle_id)
        answers.form_fields(cycle)
        kept = (now + MEMO_SECONDS, version, cycle)
        _memo[application.cycle_id] = kept
    application.cycle = kept[2]


def _current_version() -> str | None:
    """The shared token of the forms' version (a new one when the cache has none: after it was
    emptied, nothing kept before can match), or None when the shared cache does not answer."""
    if _backoff.active():
        return None
    try:
        version = cache.get(VERSION_KEY)
        if version is None:
            token = _new_token()
            version = token if cache.add(VERSION_KEY, token, None) else cache.get(VERSION_KEY)
        return version
    except Exception as error:  # any cache backend error: the form is read from the database
        _backoff.failed(error)
        return None


def _new_token() -> str:
    return f"{time.time_ns()}-{secrets.token_hex(4)}"


def form_changed() -> None:
    """A question, section or category changed: every process reads the forms again at its next
    autosave (this one at once)."""
    _bump()
    transaction.on_commit(_bump)


def _bump() -> None:
    _memo.clear()
    try:
        cache.set(VERSION_KEY, _new_token(), None)
    except Exception as error:  # the kept forms of other processes expire within MEMO_SECONDS
        _backoff.failed(error)


def forget() -> None:
    """This process forgets the forms it kept and that the shared cache was down (tests)."""
    _memo.clear()
    _backoff.reset()


def connect() -> None:
    from django.db.models.signals import m2m_changed, post_delete, post_save

    def on_change(sender, **kwargs):
        form_changed()

    # A fixture's rows (raw saves) change a form too, so they count as well.
    for model in (Cycle, Field, Section, Category):
        post_save.connect(on_change, sender=model, dispatch_uid=f"form_memo.save.{model._meta.label}", weak=False)
        post_delete.connect(on_change, sender=model, dispatch_uid=f"form_memo.delete.{model._meta.label}", weak=False)
    m2m_changed.connect(on_change, sender=Field.categories.through, dispatch_uid="form_memo.categories", weak=False)
