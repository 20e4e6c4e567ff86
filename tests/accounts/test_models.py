import pytest
from django.contrib.auth import authenticate
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.db import IntegrityError, connection
from django.test.utils import CaptureQueriesContext

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


@pytest.mark.django_db(transaction=True)
def test_a_flush_sets_the_role_groups_up_again_once_with_every_app_s_permissions():
    """After a flush (as after a migrate) every role's group is back, staff's with the permissions of
    every staff app, set up once at the last app's turn rather than once for each app."""
    from django.contrib.auth.models import Permission
    from django.core.management import call_command

    from accounts.services import STAFF_APPS

    # Act
    with CaptureQueriesContext(connection) as queries:
        call_command("flush", verbosity=0, interactive=False)

    # Assert
    assert sorted(Group.objects.values_list("name", flat=True)) == sorted(role.value for role in Role)
    expected = Permission.objects.filter(content_type__app_label__in=STAFF_APPS) | Permission.objects.filter(
        content_type__app_label="accounts", codename__startswith="view_"
    )
    staff = Group.objects.get(name=Role.STAFF.value)
    assert set(staff.permissions.all()) == set(expected)
    assert set(staff.permissions.values_list("content_type__app_label", flat=True)) == {*STAFF_APPS, "accounts"}
    sql = [query["sql"] for query in queries.captured_queries]
    staff_reads = [line for line in sql if 'FROM "auth_group"' in line and "staff" in line]
    assert len(staff_reads) == 2  # get_or_create's read, then the read of the group to grant


def test_role_predicates(applicant, judge, staff, outsider):
    assert [is_applicant(u) for u in (applicant, judge, staff, outsider)] == [True, False, False, False]
    assert [is_judge(u) for u in (applicant, judge, staff, outsider)] == [False, True, False, False]
    assert [is_staff_member(u) for u in (applicant, judge, staff, outsider)] == [False, False, True, False]
