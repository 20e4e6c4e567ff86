"""Permission predicates on roles. Other apps compose these with their own object predicates."""

import rules

from .enums import Role


def _in_group(role: Role):
    @rules.predicate(name=f"has_role_{role.value}")
    def predicate(user):
        return bool(user and user.is_authenticated and user.groups.filter(name=role.value).exists())

    return predicate


is_applicant = _in_group(Role.APPLICANT)
is_judge = _in_group(Role.JUDGE)
is_chair = _in_group(Role.CHAIR)
is_province_viewer = _in_group(Role.PROVINCE_VIEWER)


@rules.predicate
def is_staff_member(user):
    """depa staff: the staff group, or Django's staff flag (which admin itself requires)."""
    if not (user and user.is_authenticated):
        return False
    return user.is_staff or user.groups.filter(name=Role.STAFF.value).exists()
