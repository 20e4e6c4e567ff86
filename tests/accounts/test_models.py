import pytest
from django.contrib.auth import authenticate
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.db import IntegrityError

from accounts.enums import Role
from accounts.models import User
from accounts.rules import is_applicant, is_judge, is_staff_member
from accounts.services import create_user

pytestmark = pytest.mark.django_db


def test_user_logs_in_with_email_in_any_case(applicant, rf):
    request = rf.post("/admin/login/")
    assert authenticate(request, username="Applicant@Example.COM", password="correct-horse-battery") == applicant


def test_user_email_unique_ignoring_case():
    User.objects.create_user(email="someone@example.com", password="x")
    with pytest.raises(IntegrityError):
        User.objects.bulk_create([User(email="SOMEONE@example.com")])


def test_create_user_lowercases_email():
    assert User.objects.create_user(email="Mixed@Example.com", password="x").email == "mixed@example.com"


def test_accounts_created_with_one_hash_share_it_and_each_logs_in_with_the_password(rf):
    # Arrange
    hashed = make_password("one-long-shared-passphrase")

    # Act
    users = [create_user(email=f"demo{n}@example.com", password=None, password_hash=hashed) for n in (1, 2)]

    # Assert
    request = rf.post("/accounts/login/")
    found = [authenticate(request, username=u.email, password="one-long-shared-passphrase") for u in users]
    assert found == users
    assert [User.objects.get(pk=u.pk).password for u in users] == [hashed, hashed]
    assert authenticate(request, username=users[0].email, password="another-passphrase") is None


def test_every_role_is_a_group():
    assert sorted(Group.objects.values_list("name", flat=True)) == sorted(role.value for role in Role)


def test_staff_group_may_change_competition_but_only_view_users(staff):
    assert staff.has_perm("awards.change_cycle")
    assert staff.has_perm("awards.add_rubric")
    assert staff.has_perm("accounts.view_user")
    assert not staff.has_perm("accounts.change_user")


def test_role_predicates(applicant, judge, staff, outsider):
    assert [is_applicant(u) for u in (applicant, judge, staff, outsider)] == [True, False, False, False]
    assert [is_judge(u) for u in (applicant, judge, staff, outsider)] == [False, True, False, False]
    assert [is_staff_member(u) for u in (applicant, judge, staff, outsider)] == [False, False, True, False]
