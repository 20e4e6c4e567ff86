"""Roles and the province rule: a province viewer reads the report of their own province only."""

import pytest
from django.contrib.auth.models import Group
from django.db import IntegrityError

from accounts.enums import Role
from submissions.models import Province, ProvinceViewerScope
from tests.factories import ProvinceViewerScopeFactory

pytestmark = pytest.mark.django_db


def test_role_groups_hold_their_permissions():
    viewers = Group.objects.get(name=Role.PROVINCE_VIEWER.value)
    staff = Group.objects.get(name=Role.STAFF.value)
    assert list(viewers.permissions.values_list("codename", flat=True)) == ["view_dla_report"]
    assert staff.permissions.filter(codename="view_dla_report").exists()
    assert staff.permissions.filter(codename="change_application").exists()
    for role in (Role.APPLICANT, Role.JUDGE, Role.CHAIR):
        assert not Group.objects.get(name=role.value).permissions.exists()


def test_province_viewer_may_read_only_their_province(province_viewer):
    own, other = Province.objects.get(code="50"), Province.objects.get(code="10")
    ProvinceViewerScopeFactory(user=province_viewer, province=own)
    assert province_viewer.has_perm("submissions.view_dla_report")
    assert province_viewer.has_perm("submissions.view_province_report", own)
    assert not province_viewer.has_perm("submissions.view_province_report", other)


def test_staff_read_every_province_and_others_none(staff, judge, applicant, province_viewer):
    bangkok = Province.objects.get(code="10")
    assert staff.has_perm("submissions.view_province_report", bangkok)
    for person in (judge, applicant, province_viewer):  # the viewer has no province yet
        assert not person.has_perm("submissions.view_province_report", bangkok)
        assert not person.has_perm("submissions.view_dla_report") or person == province_viewer


def test_a_viewer_is_tied_to_one_province(province_viewer):
    ProvinceViewerScopeFactory(user=province_viewer, province=Province.objects.get(code="50"))
    with pytest.raises(IntegrityError, match="UNIQUE|unique"):
        ProvinceViewerScope.objects.create(user=province_viewer, province=Province.objects.get(code="10"))
