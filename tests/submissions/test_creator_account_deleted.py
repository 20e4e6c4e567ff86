"""An application outlives the account of the person who started it (found by the authorisation
matrix: saving the project facts of such an application answered 500)."""

import pytest

from submissions.models import Application
from submissions.services import applications as services
from tests.factories import ApplicationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def orphaned(applicant, organisation, colleague):
    """The applicant started it, then deleted their account; their colleague carries on."""
    application = ApplicationFactory(organisation=organisation, created_by=applicant)
    applicant.delete()
    application.refresh_from_db()
    assert application.created_by is None
    return application


def test_colleague_saves_the_facts_after_the_creator_left(login_as, colleague, orphaned):
    response = login_as(colleague).post(
        f"/my/applications/{orphaned.pk}/facts/",
        {"title_th": "ชื่อใหม่", "category": orphaned.category_id, "version": orphaned.version},
    )
    assert response.status_code == 302
    assert Application.objects.get(pk=orphaned.pk).title_th == "ชื่อใหม่"


def test_the_service_accepts_an_application_without_its_creator(colleague, orphaned):
    saved = services.save_facts(application=orphaned, by=colleague, expected_version=orphaned.version, title_th="ชื่อใหม่")
    assert (saved.title_th, saved.created_by) == ("ชื่อใหม่", None)
