"""The public showcase of solutions: a searchable list, a page per solution, and the open data."""

import csv
import io
import json

from django.conf import settings
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import get_language
from django.views.decorators.http import require_safe

from core.pagecache import public_page
from core.storage import serves_files
from submissions.enums import OrganisationKind, Region
from submissions.models import Province
from submissions.views.consent import published_cover

from . import selectors

LICENCE = {
    "name": "Creative Commons Attribution 4.0 International (CC BY 4.0)",
    "url": "https://creativecommons.org/licenses/by/4.0/",
}
# The columns every solution has; then one column per question marked public (by its key), the
# union over the editions in the file, filled only where the organisation consented.
OPEN_DATA_FIELDS = ["year", "category", "province", "organisation_type", "title", "award", "url"]


@require_safe
@public_page()
def solution_list(request):
    filters = selectors.Filters.from_query(request.GET)
    page = selectors.page_of(filters, request.GET.get("page"))
    context = {
        "filters": filters,
        "page": page,
        "solutions": selectors.with_public_fields(page.object_list),
        "facets": selectors.facets(),
        "provinces": Province.objects.order_by("name_th"),
        "regions": Region.choices,
        "kinds": OrganisationKind.choices,
        "query_without_page": _query_without_page(request),
    }
    return render(request, "showcase/list.html", context)


def _query_without_page(request) -> str:
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()


@require_safe
@public_page()
def solution_detail(request, pk):
    application = selectors.solution_or_none(pk)
    if application is None:
        raise Http404
    return render(
        request, "showcase/detail.html", {"application": application, "fields": selectors.public_fields(application)}
    )


@require_safe
@serves_files
def solution_cover(request, pk):
    application = selectors.solution_or_none(pk)
    if application is None:
        raise Http404
    return published_cover(application)


def _open_data(request) -> tuple[list[dict], list[str]]:
    """The rows of the open data (each with its public answers by key) and the answers' keys."""
    thai = get_language() == settings.LANGUAGE_CODE
    rows, keys = [], {}
    for application, fields in selectors.with_public_fields(selectors.solutions()):
        answers = {}
        for item in fields["answers"]:
            keys.setdefault(item.key, None)
            answers[item.key] = item.text
        rows.append(
            {
                "year": fields["year"],
                "category": application.category.name,
                "province": fields["province"].name_th if thai else fields["province"].name_en,
                "organisation_type": application.organisation.get_kind_display(),
                "title": application.title_th if thai else (application.title_en or application.title_th),
                "award": "; ".join(prize.name for prize in fields["awards"]),
                "url": settings.SITE_URL + reverse("showcase:detail", args=[application.pk]),
                "answers": answers,
            }
        )
    return rows, list(keys)


def _csv_column(key: str) -> str:
    # A question keyed like one of the fixed columns must not overwrite it.
    return f"answer_{key}" if key in OPEN_DATA_FIELDS else key


@require_safe
def open_data_csv(request):
    rows, keys = _open_data(request)
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=OPEN_DATA_FIELDS + [_csv_column(key) for key in keys], lineterminator="\n")
    writer.writeheader()
    for row in rows:
        answers = row.pop("answers")
        writer.writerow({**row, **{_csv_column(key): text for key, text in answers.items()}})
    response = HttpResponse("\ufeff" + out.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="solutions.csv"'
    response["Link"] = f'<{LICENCE["url"]}>; rel="license"'
    return response


@require_safe
def open_data_json(request):
    body = {
        "licence": LICENCE,
        "source": settings.SITE_URL + reverse("showcase:list"),
        "solutions": _open_data(request)[0],
    }
    response = HttpResponse(
        json.dumps(body, ensure_ascii=False, indent=1), content_type="application/json; charset=utf-8"
    )
    response["Link"] = f'<{LICENCE["url"]}>; rel="license"'
    return response
