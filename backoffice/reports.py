"""The report for the Department of Local Administration (DLA) and the provinces: which local
governments (submissions.enums.LOCAL_GOVERNMENT_KINDS) applied to an edition, by province and type.

Drafts are not counted: an organisation has applied once it has submitted (a withdrawn application
stays in the list with its status). Provinces are in Thai dictionary order on PostgreSQL.
"""

from dataclasses import dataclass

from django.db.models import Count, QuerySet

from awards.models import Cycle
from submissions.enums import LOCAL_GOVERNMENT_KINDS, ApplicationStatus, OrganisationKind
from submissions.models import Application, Province
from submissions.selectors import thai_order

# In the order of the enum, as officers list them (provincial first, then municipalities, then SAOs).
REPORT_KINDS = [kind for kind in OrganisationKind if kind in LOCAL_GOVERNMENT_KINDS]


@dataclass(frozen=True)
class ProvinceCounts:
    province: Province | None  # None on the totals row
    organisations_by_kind: list[int]  # aligned with REPORT_KINDS
    organisations: int
    applications: int


@dataclass(frozen=True)
class LocalGovernmentReport:
    cycle: Cycle
    province: Province | None  # None: every province
    kinds: list[OrganisationKind]
    provinces: list[ProvinceCounts]
    totals: ProvinceCounts
    applications: list[Application]


def local_government_applications(*, cycle: Cycle, province: Province | None = None) -> QuerySet[Application]:
    """The applications of local governments in an edition (drafts left out), one query with what the
    list and the downloads show, by province, organisation and reference."""
    applications = (
        Application.objects.filter(cycle=cycle, organisation__kind__in=LOCAL_GOVERNMENT_KINDS)
        .exclude(status=ApplicationStatus.DRAFT)
        .select_related("organisation__province", "category")
    )
    if province is not None:
        applications = applications.filter(organisation__province=province)
    return applications.order_by(
        thai_order("organisation__province__name_th"), thai_order("organisation__name"), "reference"
    )


def local_government_report(*, cycle: Cycle, province: Province | None = None) -> LocalGovernmentReport:
    """Counts per province and type (organisations counted once however many projects they sent)
    from one aggregate query, and the list, in three queries."""
    counts = (
        local_government_applications(cycle=cycle, province=province)
        .order_by()
        .values("organisation__province_id", "organisation__kind")
        .annotate(organisations=Count("organisation", distinct=True), applications=Count("pk"))
    )
    cells: dict[int, dict[str, tuple[int, int]]] = {}
    for row in counts:
        by_kind = cells.setdefault(row["organisation__province_id"], {})
        by_kind[row["organisation__kind"]] = (row["organisations"], row["applications"])
    provinces = Province.objects.filter(pk__in=cells).order_by(thai_order("name_th"))
    rows = [_counts(p, cells[p.pk]) for p in provinces]
    totals = ProvinceCounts(
        province=None,
        organisations_by_kind=[sum(r.organisations_by_kind[i] for r in rows) for i in range(len(REPORT_KINDS))],
        organisations=sum(r.organisations for r in rows),
        applications=sum(r.applications for r in rows),
    )
    return LocalGovernmentReport(
        cycle=cycle,
        province=province,
        kinds=REPORT_KINDS,
        provinces=rows,
        totals=totals,
        applications=list(local_government_applications(cycle=cycle, province=province)),
    )


def _counts(province: Province, by_kind: dict[str, tuple[int, int]]) -> ProvinceCounts:
    organisations = [by_kind.get(kind.value, (0, 0))[0] for kind in REPORT_KINDS]
    return ProvinceCounts(
        province=province,
        organisations_by_kind=organisations,
        organisations=sum(organisations),
        applications=sum(applications for _orgs, applications in by_kind.values()),
    )
