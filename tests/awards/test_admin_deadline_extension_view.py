"""A recorded deadline extension opens in admin, read-only (found by the authorisation matrix: the
page answered 500, because the form's milestone field is not there when nothing may be changed)."""

from datetime import timedelta

import pytest
from django.urls import reverse

from awards.services import extend_milestone
from tests.factories import MilestoneFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def extension(staff):
    milestone = MilestoneFactory()
    return extend_milestone(milestone=milestone, new_at=milestone.starts_at + timedelta(days=7), by=staff)


def test_staff_open_a_recorded_extension_read_only(login_as, staff, extension):
    response = login_as(staff).get(reverse("admin:awards_deadlineextension_change", args=[extension.pk]))
    assert response.status_code == 200
    assert not response.context["has_change_permission"]


def test_the_add_form_still_lists_milestones_with_their_cycle(login_as, staff, extension):
    response = login_as(staff).get(reverse("admin:awards_deadlineextension_add"))
    assert response.status_code == 200
    assert extension.milestone in response.context["adminform"].form.fields["milestone"].queryset
