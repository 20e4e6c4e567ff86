"""Permission predicates for applicants' data (STYLE.md: named, composed, 404 when not allowed)."""

import rules
from django.utils import timezone

from accounts.rules import is_province_viewer, is_staff_member

from .enums import ApplicationStatus, MemberRole


@rules.predicate
def is_member(user, organisation) -> bool:
    return bool(user.is_authenticated and organisation and organisation.memberships.filter(user=user).exists())


@rules.predicate
def is_owner(user, organisation) -> bool:
    return bool(
        user.is_authenticated
        and organisation
        and organisation.memberships.filter(user=user, role=MemberRole.OWNER).exists()
    )


@rules.predicate
def is_application_member(user, application) -> bool:
    # selectors.application_for found this application through the user's own membership: asking
    # the database again in the same request would only repeat the answer.
    if user.is_authenticated and getattr(application, "found_for_member", None) == user.pk:
        return True
    return is_member(user, application.organisation)


@rules.predicate
def is_draft(user, application) -> bool:
    return application.status == ApplicationStatus.DRAFT


@rules.predicate
def is_submitted(user, application) -> bool:
    return application.status == ApplicationStatus.SUBMITTED


@rules.predicate
def before_deadline(user, application) -> bool:
    from .selectors import open_for_changes_at

    return open_for_changes_at(application, timezone.now())


# Changing, submitting and withdrawing all end with the same deadline (selectors.open_for_changes_at).
can_edit_application = is_application_member & is_draft & before_deadline
can_withdraw_application = is_application_member & is_submitted & before_deadline

rules.add_perm("submissions.view_own_application", is_application_member)
rules.add_perm("submissions.edit_application", can_edit_application)
rules.add_perm("submissions.withdraw_application", can_withdraw_application)
rules.add_perm("submissions.manage_organisation", is_owner)


@rules.predicate
def is_scoped_to_province(user, province) -> bool:
    """A province viewer tied to this very province (ProvinceViewerScope)."""
    from .models import ProvinceViewerScope

    return bool(
        user.is_authenticated
        and province is not None
        and ProvinceViewerScope.objects.filter(user=user, province=province).exists()
    )


# The report of local governments that applied: staff read every province; a province viewer reads
# only the province their account is tied to (another province answers 404, as if it did not exist).
can_view_province_report = is_staff_member | (is_province_viewer & is_scoped_to_province)

rules.add_perm("submissions.view_province_report", can_view_province_report)
