"""The bench's URLconf: the whole site, plus two views the vote is compared with under the same
server and load (bench/vote.py; bench/drafts.py compares the autosave with the INSERT). Only
bench/vote_settings.py points here."""

import itertools
import os

from django.db import connection
from django.http import HttpResponse
from django.urls import path
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt

from config.urls import urlpatterns as site_urlpatterns

_keys = itertools.count(1)


def bare(request):
    """The cheapest answer of this app: the request/response cycle and the middleware, no query."""
    return HttpResponse("ok", content_type="text/plain")


@csrf_exempt
def one_insert(request):
    """Nothing but one durable INSERT into a table shaped like the vote ledger, with its unique key
    (autocommit: the INSERT commits by itself, with the server's normal synchronous commit)."""
    key = os.getpid() * 1_000_000_000 + next(_keys)
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO bench_vote_floor (voter_id, cycle_id, period, application_id, cast_at, ip, network)"
            " VALUES (%s, 1, '', 1, %s, '10.0.0.1', '10.0.0.0/24')",
            [key, timezone.now()],
        )
    return HttpResponse("ok", content_type="text/plain", status=201)


urlpatterns = [
    path("bench/bare", bare),
    path("bench/insert", one_insert),
    *site_urlpatterns,
]
