"""A cycle's reference prefix: refused when staff save it if references could collide with another
edition's, with a message that names that edition."""

import pytest
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.test import RequestFactory
from django.utils import translation

from awards.models import Cycle
from tests.factories import ApplicationFactory, CategoryFactory, CycleFactory
from tests.i18n import thai

pytestmark = pytest.mark.django_db


def new_edition(**fields) -> Cycle:
    return CycleFactory.build(slug="awards-2026-b", name_th="รางวัลรอบพิเศษ 2569", **fields)


def test_cycle_refuses_the_prefix_of_another_edition_of_the_same_year():
    CycleFactory(year=2026, reference_prefix="SCSA", name_th="รางวัลเมืองอัจฉริยะ 2569")

    with translation.override("en"), pytest.raises(ValidationError, match="already uses the reference") as error:
        new_edition(year=2026, reference_prefix="SCSA").full_clean()

    assert error.value.message_dict == {
        "reference_prefix": [
            "The edition “รางวัลเมืองอัจฉริยะ 2569” (2026) already uses the reference prefix SCSA, so both would "
            "give references starting SCSA2569-. Choose another prefix for one of them."
        ]
    }


def test_cycle_accepts_the_same_prefix_in_another_year():
    CycleFactory(year=2025, reference_prefix="SCSA")

    new_edition(year=2026, reference_prefix="SCSA").full_clean()


def test_cycle_accepts_its_own_prefix_when_saved_again():
    cycle = CycleFactory(year=2026, reference_prefix="SCSA")

    cycle.full_clean()


@pytest.mark.parametrize("prefix", ["scsa", "SC-SA", "SCSA2", "SC SA"])
def test_cycle_refuses_a_prefix_that_is_not_capital_letters(prefix):
    with pytest.raises(ValidationError, match="A–Z") as error:
        new_edition(year=2026, reference_prefix=prefix).full_clean()

    assert error.value.message_dict == {
        "reference_prefix": [thai("Use capital letters A–Z only, e.g. SCSA: the year and the category code follow it.")]
    }


def test_cycle_refuses_a_prefix_whose_references_another_edition_already_gave():
    renamed = CycleFactory(year=2026, reference_prefix="DEPA", name_th="รางวัลที่เปลี่ยนอักษรนำหน้า")
    ApplicationFactory(cycle=renamed, category=CategoryFactory(cycle=renamed, code="MOB"), reference="SCSA2569-MOB-001")

    with translation.override("en"), pytest.raises(ValidationError, match="already have references") as error:
        new_edition(year=2026, reference_prefix="SCSA").full_clean()

    assert error.value.message_dict == {
        "reference_prefix": [
            "Applications of the edition “รางวัลที่เปลี่ยนอักษรนำหน้า” already have references starting SCSA2569- "
            "(it used this prefix before). Choose another prefix."
        ]
    }


def test_cycle_admin_form_shows_the_refusal_next_to_the_prefix(staff):
    other = CycleFactory(year=2026, reference_prefix="SCSA")
    cycle = CycleFactory(year=2026, reference_prefix="DEMO")
    request = RequestFactory().post("/")
    request.user = staff
    model_admin = admin.site._registry[Cycle]
    data = {field: getattr(cycle, field) for field in model_admin.get_form(request, cycle).base_fields}
    form = model_admin.get_form(request, cycle)(data={**data, "reference_prefix": "SCSA"}, instance=cycle)

    assert form.is_valid() is False
    assert list(form.errors) == ["reference_prefix"]
    assert other.name_th in form.errors["reference_prefix"][0]
