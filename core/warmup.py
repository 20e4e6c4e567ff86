"""What a web process prepares before it serves anyone (config/wsgi.py calls ``warm_up``).

Django and Celery prepare some things the first time a request needs them, in whichever thread
comes first: each language's translation catalogue and URL reverse table, the e-mail and URL
validators' regular expressions (0.12 and 0.16 s each here), every template, the Thai word
breaker's dictionary (core/thaiwords.py: 1.5 s and more, for the first Thai title shown), and
Celery's task registry and message machinery. A worker that starts cold in the middle of a burst
of voters has all its threads reach the same first use at once; each builds its own copy while
holding the interpreter lock from the others: the first code requests of a fresh worker took 2-3 s
(the bench's journey, 50 at once) and its first finalist pages 5 s (py-spy showed them in the URL
resolver, the catalogues, regular expressions, Celery's first send and the Thai dictionary). Done
once here, at start-up (about 2 s), they cost every request nothing. What start-up built is then
kept out of the garbage collector's full passes (``_keep_out_of_full_collections``).

Nothing here touches the network: a broker or cache that is down at start-up is met by the first
request that needs it, as before.
"""

import gc
import logging
import time

from django.conf import settings
from django.core.validators import EmailValidator, URLValidator
from django.template import TemplateDoesNotExist
from django.template.loader import get_template
from django.urls import get_resolver
from django.utils import translation

from .thaiwords import thai_words

logger = logging.getLogger(__name__)

# The pages and e-mails the crowd of a viral vote meets first, then the home and an edition's page.
TEMPLATES = (
    "voting/gallery.html",
    "voting/finalist.html",
    "voting/verify.html",
    "voting/code.html",
    "voting/thanks.html",
    "emails/vote_code/subject.txt",
    "emails/vote_code/body.txt",
    "emails/vote_code/body.html",
    "awards/home.html",
    "awards/cycle_detail.html",
)


def warm_up() -> None:
    started = time.monotonic()
    resolver = get_resolver()
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            # The catalogue is loaded by the override; the tables are per language (i18n_patterns).
            resolver.reverse_dict, resolver.namespace_dict, resolver.app_dict  # noqa: B018
    _warm_celery()
    thai_words.__wrapped__("รางวัลเมืองอัจฉริยะ")  # loads the dictionary (the cache stays empty)
    for pattern in (EmailValidator.user_regex, EmailValidator.domain_regex, EmailValidator.literal_regex):
        pattern.pattern  # noqa: B018 - the first attribute read compiles the lazy pattern
    URLValidator.regex.pattern  # noqa: B018 - as above
    for name in TEMPLATES:
        try:
            get_template(name)
        except TemplateDoesNotExist:
            logger.warning("warm-up: no template %s", name)
    frozen = _keep_out_of_full_collections()
    logger.info(
        "web process warmed up in %.2f s (%d objects kept out of the garbage collector's full passes)",
        time.monotonic() - started,
        frozen,
    )


def _keep_out_of_full_collections() -> int:
    """Move every object the process holds now (its modules, settings, URL tables, templates,
    catalogues and the Thai dictionary: about 600,000) into the collector's permanent generation
    (``gc.freeze``), after collecting what start-up left as garbage. They live as long as the process,
    and a full pass of the cyclic garbage collector walks them all, holding the interpreter lock: 0.14
    s for one idle process here, several times that under load, when every thread of the process
    waits. Under a burst of votes such passes came every few thousand requests and were the slowest
    1 % of the answers (``make bench-vote``, bench/README.md). Objects made later are collected as
    before. Returns how many objects were frozen."""
    gc.collect()
    gc.freeze()
    return gc.get_freeze_count()


def _warm_celery() -> None:
    """The task registry (importing every app's tasks) and the message machinery, without connecting."""
    from config.celery import app

    app.tasks  # noqa: B018 - finalises the app: imports and registers every task
    app.amqp.router, app.amqp.producer_pool  # noqa: B018 - built on first use, no connection yet
