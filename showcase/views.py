"""The public showcase of solutions: a searchable list, a page per solution, and the open data."""

import csv
import io
import json

from django.conf import settings
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import get_language
from django.views.decorators.http import require_safe

from core.storage import serves_files
from submissions.enums import OrganisationKind, Region
from submissions.models import Province

from . import selectors

LICENCE = {
    "name": "Creative Commons Attribution 4.0 International (CC BY 4.0)",
    "url": "https://creativecommons.org/licenses/by/4.0/",
}
OPEN_DATA_FIELDS = ["year", "category", "province", "organisation_type", "title", "summary", "award", "url"]


@require_safe
def solution_list(request):
    filters = selectors.Filters.from_query(request.GET)
    page = selectors.page_of(filters, request.GET.get("page"))
    context = {
        "filters": filters,
        "page": page,
        "solutions": [(application, selectors.public_fields(application)) for application in page.object_list],
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
    if application is None or not selectors.public_fields(application)["has_cover"]:
        raise Http404
    response = FileResponse(default_storage.open(application.cover_image.name, "rb"))
    response["Cache-Control"] = "public, max-age=3600"
    return response


def _open_data(request) -> list[dict]:
    thai = get_language() == settings.LANGUAGE_CODE
    rows = []
    for application in selectors.solutions():
        fields = selectors.public_fields(application)
        rows.append(
            {
                "year": fields["year"],
                "category": application.category.name,
                "province": fields["province"].name_th if thai else fields["province"].name_en,
                "organisation_type": application.organisation.get_kind_display(),
                "title": application.title_th if thai else (application.title_en or application.title_th),
                "summary": fields["summary"],
                "award": "; ".join(prize.name for prize in fields["awards"]),
                "url": settings.SITE_URL + reverse("showcase:detail", args=[application.pk]),
            }
        )
    return rows


@require_safe
def open_data_csv(request):
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=OPEN_DATA_FIELDS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(_open_data(request))
    response = HttpResponse("\ufeff" + out.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="solutions.csv"'
    response["Link"] = f'<{LICENCE["url"]}>; rel="license"'
    return response


@require_safe
def open_data_json(request):
    body = {
        "licence": LICENCE,
        "source": settings.SITE_URL + reverse("showcase:list"),
        "solutions": _open_data(request),
    }
    response = HttpResponse(
        json.dumps(body, ensure_ascii=False, indent=1), content_type="application/json; charset=utf-8"
    )
    response["Link"] = f'<{LICENCE["url"]}>; rel="license"'
    return response
