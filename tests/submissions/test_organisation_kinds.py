"""Bangkok and Pattaya: two types of organisation (they were one, "special_area"), counted apart."""

import importlib

import pytest
from django.db import connection
from django.db.migrations.loader import MigrationLoader
from django.utils import translation

from backoffice.reports import REPORT_KINDS, local_government_report
from submissions.enums import LOCAL_GOVERNMENT_KINDS, OrganisationKind
from submissions.models import Organisation
from tests.backoffice.helpers import entered
from tests.factories import CycleFactory

pytestmark = pytest.mark.django_db

MIGRATION = importlib.import_module("submissions.migrations.0003_organisation_kinds_and_labels")


def state_before_the_split():
    """The models as they were before the migration (the table is the same: only the choices changed)."""
    return MigrationLoader(connection).project_state(("submissions", "0002_facts_saved_by")).apps


def old_organisation(apps, kind, province_code):
    Province = apps.get_model("submissions", "Province")
    return apps.get_model("submissions", "Organisation").objects.create(
        name=f"{kind} {province_code}",
        kind=kind,
        province=Province.objects.get(code=province_code),
        address="-",
        contact_name="-",
        contact_phone="-",
    )


def test_bangkok_and_pattaya_are_separate_local_government_types_in_thai():
    with translation.override("th"):
        labels = {kind.value: str(kind.label) for kind in OrganisationKind}
    assert labels["bangkok"] == "กรุงเทพมหานคร (กทม.)"
    assert labels["pattaya"] == "เมืองพัทยา"
    assert "special_area" not in labels
    assert {OrganisationKind.BANGKOK, OrganisationKind.PATTAYA} <= LOCAL_GOVERNMENT_KINDS
    assert [kind for kind in REPORT_KINDS if kind in ("bangkok", "pattaya")] == ["bangkok", "pattaya"]


def test_the_migration_splits_the_old_special_area_by_province():
    apps = state_before_the_split()
    bangkok = old_organisation(apps, "special_area", "10")
    pattaya = old_organisation(apps, "special_area", "20")  # Chon Buri, where Pattaya is
    company = old_organisation(apps, "company", "10")

    MIGRATION.split_special_areas(apps, None)

    kinds = dict(Organisation.objects.filter(pk__in=[bangkok.pk, pattaya.pk, company.pk]).values_list("pk", "kind"))
    assert kinds == {bangkok.pk: "bangkok", pattaya.pk: "pattaya", company.pk: "company"}

    MIGRATION.join_special_areas(apps, None)
    kinds = dict(Organisation.objects.filter(pk__in=[bangkok.pk, pattaya.pk, company.pk]).values_list("pk", "kind"))
    assert kinds == {bangkok.pk: "special_area", pattaya.pk: "special_area", company.pk: "company"}


def test_the_report_counts_bangkok_and_pattaya_in_their_own_columns():
    cycle = CycleFactory(slug="special-forms")
    entered(cycle, kind="bangkok", province_code="10")
    entered(cycle, kind="pattaya", province_code="20")
    entered(cycle, kind="pattaya", province_code="20")

    report = local_government_report(cycle=cycle)

    totals = dict(zip([kind.value for kind in report.kinds], report.totals.organisations_by_kind, strict=True))
    assert (totals["bangkok"], totals["pattaya"]) == (1, 2)
