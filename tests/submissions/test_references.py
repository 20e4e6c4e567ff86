"""Application references never collide: a taken reference is a refusal the applicant can act on,
never a server error (the cycle admin refuses the prefix first: tests/awards/test_reference_prefix.py)."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from submissions.enums import ApplicationStatus
from submissions.models import Application, ReferenceCounter
from submissions.services import applications as services
from tests.factories import ApplicationFactory, CategoryFactory, CycleFactory
from tests.i18n import thai
from tests.submissions.test_applications import complete, make_cycle, start_draft

pytestmark = pytest.mark.django_db

TAKEN = (
    "The application could not be submitted: its reference %(reference)s is already used by another application. "
    "Nothing was changed. Please tell the award's staff, who must correct this edition's reference prefix, and "
    "then submit again."
)


@pytest.fixture
def ready(applicant):
    """A complete draft in a 2026 edition with the prefix SCSA and the category MOB."""
    cycle = make_cycle()
    application = start_draft(applicant, cycle)
    complete(application, applicant)
    return application


@pytest.fixture
def twin_edition_reference():
    """Another 2026 edition saved with the same prefix without the admin's check (an old import, say),
    which already gave the reference the draft would get."""
    twin = CycleFactory(year=2026, reference_prefix="SCSA")
    ApplicationFactory(
        cycle=twin,
        category=CategoryFactory(cycle=twin, code="MOB"),
        reference="SCSA2569-MOB-001",
        status=ApplicationStatus.SUBMITTED,
    )
    return "SCSA2569-MOB-001"


def test_submit_with_a_taken_reference_refused_and_nothing_changed(applicant, ready, twin_edition_reference):
    with translation.override("en"), pytest.raises(ValidationError, match="is already used") as error:
        services.submit_application(application=ready, by=applicant)

    assert error.value.messages == [TAKEN % {"reference": twin_edition_reference}]
    ready.refresh_from_db()
    assert (ready.status, ready.reference) == (ApplicationStatus.DRAFT, None)
    assert ReferenceCounter.objects.filter(cycle=ready.cycle).exists() is False


def test_submit_page_with_a_taken_reference_says_what_to_do(login_as, applicant, ready, twin_edition_reference):
    response = login_as(applicant).post(reverse("submissions:submit", args=[ready.pk]))

    assert response.status_code == 200
    assert [str(problem) for problem in response.context["refused"]] == [
        thai(TAKEN) % {"reference": twin_edition_reference}
    ]
    assert 'role="alert" tabindex="-1" data-testid="error-summary"' in response.content.decode()
    assert Application.objects.get(pk=ready.pk).status == ApplicationStatus.DRAFT


def test_submit_in_another_year_with_the_same_prefix_gets_its_own_reference(applicant, ready):
    earlier = CycleFactory(year=2025, reference_prefix="SCSA")
    ApplicationFactory(
        cycle=earlier,
        category=CategoryFactory(cycle=earlier, code="MOB"),
        reference="SCSA2568-MOB-001",
        status=ApplicationStatus.SUBMITTED,
    )

    submitted = services.submit_application(application=ready, by=applicant)

    assert submitted.reference == "SCSA2569-MOB-001"
