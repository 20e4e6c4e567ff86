"""The authorisation matrix's table: one ``Row`` per URL pattern (one module per app), the personas,
and the expectations a row can state. tests/test_authorisation_matrix.py explains how to add a row.

An expectation per persona and method is one of:

- an ``int``: that status exactly (200, 403, 404, 405, ...);
- ``LOGIN``: 302 to the log-in page (``account_login``) with ``?next=``;
- ``ADMIN_LOGIN``: 302 to admin's log-in page with ``?next=``;
- ``Redirect("app:name", kwargs=lambda w: {...})``: 302 to that page (the query string is ignored);
  ``REDIRECT``: any 302 that is not to a log-in page;
- ``AnyOf(200, 302, ...)``: one of those statuses (only for the admin family's generic staff rows);
- ``SKIP``: not requested (only in the admin family, for staff's POSTs to Django's model pages).
"""

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from .world import PERSONAS, World

METHODS = ("GET", "POST")


@dataclass(frozen=True)
class Redirect:
    name: str | None = None
    kwargs: Callable[[World], dict] | None = None

    def __repr__(self):
        return f"Redirect({self.name or 'anywhere but a log-in page'})"


@dataclass(frozen=True)
class LoginRedirect:
    name: str

    def __repr__(self):
        return f"302 to {self.name}"


@dataclass(frozen=True)
class AnyOf:
    statuses: tuple[int, ...]

    def __init__(self, *statuses: int):
        object.__setattr__(self, "statuses", statuses)


SKIP = None
LOGIN = LoginRedirect("account_login")
ADMIN_LOGIN = LoginRedirect("admin:login")
REDIRECT = Redirect()
Expect = int | Redirect | LoginRedirect | AnyOf | None


def expect(others: Expect, *, anonymous: Expect = LOGIN, **personas: Expect) -> dict[str, Expect]:
    """Every persona's expectation: ``others`` unless named; anonymous visitors go to the log-in page
    unless said otherwise. ``expect(404, applicant=200)``: the applicant 200, everyone else 404."""
    unknown = set(personas) - set(PERSONAS)
    if unknown:
        raise ValueError(f"unknown personas {sorted(unknown)}; the personas are {PERSONAS}")
    return {persona: personas.get(persona, anonymous if persona == "anonymous" else others) for persona in PERSONAS}


def everyone(status: Expect) -> dict[str, Expect]:
    return expect(status, anonymous=status)


def no_kwargs(world: World) -> dict:
    return {}


@dataclass(frozen=True)
class Row:
    """One URL pattern (by its name, namespaced) requested with real objects of the world.

    ``get``/``post``: persona -> expectation (see ``expect``). ``kwargs``: the URL's arguments built
    from the world. ``data``: the POST body (valid data where a form takes some, so that a refusal is
    proved by the permission check, not by a form error). ``writers``: the personas whose POST may
    write to the database, and must (so that the data is known to be valid); anybody else's request
    (and every GET) must write nothing. ``variant``
    distinguishes two rows of one pattern (another object, another state). ``path``: for a pattern
    without a name (admin's redirects), the URL built from the world instead of ``reverse``.
    """

    name: str
    get: Mapping[str, Expect]
    post: Mapping[str, Expect]
    kwargs: Callable[[World], dict] = no_kwargs
    data: Callable[[World], dict] = no_kwargs
    writers: tuple[str, ...] = ()
    variant: str = ""
    path: Callable[[World], str] | None = None
    args: Callable[[World], list] | None = None
    headers: dict = field(default_factory=dict)
    cookies: Callable[[World], dict] | None = None  # set on the client before the request
    must_write: bool = True  # a writer's POST must change something (False: it may, e.g. admin's)
    audited: bool = False  # the request may record an audit event (a download), GET included

    @property
    def id(self) -> str:
        return f"{self.name}[{self.variant}]" if self.variant else self.name

    def expected(self, persona: str, method: str) -> Expect:
        return (self.get if method == "GET" else self.post)[persona]


def rows() -> list[Row]:
    """Every row of the table: the apps' explicit rows, then admin's generic family."""
    from . import accounts, admin, awards, backoffice, documents, judging, showcase, submissions, voting

    explicit = [*awards.ROWS, *accounts.ROWS, *submissions.ROWS, *judging.ROWS, *documents.ROWS]
    explicit += [*voting.ROWS, *showcase.ROWS, *backoffice.ROWS]
    return explicit + admin.rows(explicit)
