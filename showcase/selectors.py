"""What the public showcase shows: the finalists and winners of every published edition, with the
award each won, and the entrants who consented to it, filtered and searched; one home for "what may
be public" (``public_fields``).

Finalists and winners are shown with their title, organisation, province, category and award (all
published with the results). An entrant (an application entered and not withdrawn that was not
shortlisted) is shown only once its edition's results are announced (``judging.results.announced``,
the results milestone) and only if its organisation consented to the showcase
(``Application.showcase_consent``), with its title, organisation, province and category and no award.
The answers to the questions staff marked public, and the cover image, are shown only with the
consent that counts for the application (``Application.public_consent``: ``publish_consent`` for a
finalist; an entrant is listed only with ``showcase_consent``, which opens them), always read
through ``submissions.answers`` (the one selector of who reads which answer).

The award filter takes "winner" (an award in force), "finalist" (a finalist without one) and "entrant"
(neither: an entry that was not shortlisted and won nothing). In the open data (solutions.csv,
solutions.json) an entrant's ``award`` is "" like a finalist's: an award is a prize won, and the open
data names none for either.
"""

from dataclasses import dataclass

from django.core.paginator import Paginator
from django.db.models import Prefetch, Q, QuerySet

from awards.selectors import public_cycles
from core.thai import buddhist_year
from judging.models import Decision
from judging.results import announced
from submissions.answers import Shown
from submissions.enums import FINALIST_STATUSES, ApplicationStatus
from submissions.models import Application
from submissions.published import card_text, published_answers

from . import search

AWARDS = ("winner", "finalist", "entrant")
PAGE_SIZE = 24


@dataclass(frozen=True)
class Filters:
    q: str = ""
    category: str = ""  # a category code, the same across editions (MOB, ENV, ...)
    province: str = ""  # a province code
    region: str = ""
    kind: str = ""  # the organisation's type
    year: int | None = None  # the edition's Buddhist-era year
    award: str = ""  # "winner", "finalist" or "entrant"

    @classmethod
    def from_query(cls, params) -> "Filters":
        year = params.get("year", "")
        return cls(
            q=params.get("q", "")[:100],
            category=params.get("category", "")[:20],
            province=params.get("province", "")[:2],
            region=params.get("region", "")[:10],
            kind=params.get("kind", "")[:30],
            year=int(year) if year.isdigit() and len(year) == 4 else None,
            award=params.get("award", "") if params.get("award") in AWARDS else "",
        )


def announced_cycle_ids() -> list[int]:
    """The published editions whose results are announced (two queries, however many editions)."""
    return [cycle.pk for cycle in public_cycles() if announced(cycle)]


def solutions() -> QuerySet[Application]:
    """Every application the showcase may show, with what its pages read (constant queries): the
    finalists and winners, and the consenting entrants of editions whose results are announced."""
    entrants = Q(status=ApplicationStatus.SUBMITTED, showcase_consent=True, cycle_id__in=announced_cycle_ids())
    return (
        Application.objects.filter(Q(status__in=FINALIST_STATUSES) | entrants, cycle__is_published=True)
        .exclude(solution__hidden=True)
        .select_related("cycle", "category", "organisation__province", "solution")
        .prefetch_related(
            Prefetch(
                "decisions",
                queryset=Decision.objects.filter(Decision.ACTIVE).select_related("prize").order_by("prize__position"),
            )
        )
        .order_by("-solution__featured", "-cycle__year", "solution__position", "category__position", "title_th", "pk")
    )


def filtered(filters: Filters) -> QuerySet[Application]:
    found = solutions()
    if filters.q:
        found = found.filter(search.matching(filters.q, "solution__words"))
    if filters.category:
        found = found.filter(category__code=filters.category)
    if filters.province:
        found = found.filter(organisation__province__code=filters.province)
    if filters.region:
        found = found.filter(organisation__province__region=filters.region)
    if filters.kind:
        found = found.filter(organisation__kind=filters.kind)
    if filters.year:
        found = found.filter(cycle__year=filters.year - 543)
    winners = Decision.objects.filter(Decision.ACTIVE).values("application_id")
    if filters.award == "winner":
        found = found.filter(pk__in=winners)
    elif filters.award == "finalist":
        found = found.filter(status__in=FINALIST_STATUSES).exclude(pk__in=winners)
    elif filters.award == "entrant":
        found = found.exclude(status__in=FINALIST_STATUSES).exclude(pk__in=winners)
    return found


def page_of(filters: Filters, number) -> object:
    return Paginator(filtered(filters), PAGE_SIZE).get_page(number)


def facets() -> dict:
    """The choices of the filters: categories by code (named as in the newest edition), years."""
    rows = (
        solutions()
        .order_by()
        .values_list("category__code", "category__name_th", "category__name_en", "cycle__year")
        .distinct()
    )
    categories: dict[str, tuple[str, str, int]] = {}
    years = set()
    for code, name_th, name_en, year in rows:
        if code not in categories or categories[code][2] < year:
            categories[code] = (name_th, name_en, year)
        years.add(buddhist_year(year))
    return {
        "categories": sorted((code, th, en) for code, (th, en, _year) in categories.items()),
        "years": sorted(years, reverse=True),
    }


def solution_or_none(pk: int) -> Application | None:
    return solutions().filter(pk=pk).first()


def with_public_fields(applications) -> list[tuple[Application, dict]]:
    """Each application with ``public_fields``, its answers read for all of them at once."""
    applications = list(applications)
    answers = published_answers(applications)
    return [(application, public_fields(application, answers[application.pk])) for application in applications]


def public_fields(application: Application, answers: list[Shown] | None = None) -> dict:
    """What anyone may read of a solution: the results' facts, and with the organisation's consent its
    public answers (``answers``, from ``published_answers``; read here when not given) and cover. An
    entrant (not shortlisted) has no award, and is listed only with ``showcase_consent``, which opens
    its answers and cover (``Application.public_consent``)."""
    if answers is None:
        answers = published_answers([application])[application.pk]
    decisions = list(application.decisions.all())
    consented = application.public_consent
    return {
        "year": buddhist_year(application.cycle.year),
        "cycle": application.cycle,
        "category": application.category,
        "title_th": application.title_th,
        "title_en": application.title_en,
        "organisation": application.organisation,
        "province": application.organisation.province,
        "entrant": application.status not in FINALIST_STATUSES and not decisions,
        "awards": [d.prize for d in decisions],
        "consented": consented,
        "answers": answers,
        "summary": card_text(answers),
        "has_cover": bool(consented and application.cover_image),
        "featured": bool(getattr(application, "solution", None) and application.solution.featured),
    }
