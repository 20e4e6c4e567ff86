"""Organisation services: creating and editing the profile, inviting, accepting, removing and leaving."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import formats, timezone, translation

from core.formats import local_date
from core.models import OutboundEmail
from core.thai import thai_date
from submissions.enums import MemberRole, OrganisationKind
from submissions.models import Invitation, Membership, Organisation
from submissions.services import organisations as services

from ..factories import InvitationFactory
from .helpers import PROFILE

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("_english_messages")]


# Services: creating and editing the profile


def test_create_organisation_makes_creator_owner(applicant, bangkok):
    organisation = services.create_organisation(user=applicant, province=bangkok, **PROFILE)

    assert (organisation.name, organisation.province, organisation.kind) == (
        "เทศบาลนครขอนแก่น",
        bangkok,
        OrganisationKind.CITY_MUNICIPALITY,
    )
    assert list(organisation.memberships.values_list("user", "role")) == [(applicant.pk, MemberRole.OWNER)]


def test_create_organisation_refused_when_user_already_member(applicant, organisation, bangkok):
    with pytest.raises(ValidationError, match="already belong to") as error:
        services.create_organisation(user=applicant, province=bangkok, **PROFILE)

    assert error.value.messages == [
        f"You already belong to {organisation.name}. Leave it first if you want to join another organisation."
    ]
    assert Organisation.objects.count() == 1


def test_create_organisation_invalid_kind_refused_and_nothing_written(applicant, bangkok):
    with pytest.raises(ValidationError, match="is not a valid choice") as error:
        services.create_organisation(user=applicant, province=bangkok, **{**PROFILE, "kind": "club"})

    assert list(error.value.message_dict) == ["kind"]
    assert (Organisation.objects.count(), Membership.objects.count()) == (0, 0)


def test_update_organisation_by_owner_saves(applicant, organisation):
    services.update_organisation(organisation=organisation, by=applicant, contact_phone="02 999 9999")

    organisation.refresh_from_db()
    assert organisation.contact_phone == "02 999 9999"


def test_update_organisation_by_editor_refused(colleague, organisation):
    with pytest.raises(PermissionDenied):
        services.update_organisation(organisation=organisation, by=colleague, contact_phone="02 999 9999")

    organisation.refresh_from_db()
    assert organisation.contact_phone == "02 123 4567"


def test_update_organisation_unknown_field_refused(applicant, organisation):
    with pytest.raises(TypeError):
        services.update_organisation(organisation=organisation, by=applicant, created_at=timezone.now())


# Services: invitations


def test_invite_member_sends_thai_email_with_link_after_commit(
    applicant, organisation, django_capture_on_commit_callbacks, settings
):
    with django_capture_on_commit_callbacks(execute=True):
        invitation = services.invite_member(
            organisation=organisation, email=" New.Person@Example.com ", role=MemberRole.EDITOR, by=applicant
        )

    email = OutboundEmail.objects.get()
    link = f"{settings.SITE_URL}/my/invitations/{invitation.token}/"
    assert (invitation.email, invitation.role, invitation.invited_by) == (
        "new.person@example.com",
        MemberRole.EDITOR,
        applicant,
    )
    assert (email.kind, email.to, email.language, email.status) == ("invitation", invitation.email, "th", "sent")
    assert link in email.body_text
    assert f'href="{link}"' in email.body_html
    assert applicant.full_name in email.body_text
    assert organisation.name in email.subject
    assert thai_date(timezone.localtime(invitation.expires_at)) in email.body_text
    assert (len(mail.outbox), mail.outbox[0].to) == (1, ["new.person@example.com"])


def test_invite_member_email_in_language_of_existing_user(applicant, organisation, outsider, settings):
    outsider.language = "en"
    outsider.save()

    invitation = services.invite_member(
        organisation=organisation, email="Outsider@example.com", role=MemberRole.OWNER, by=applicant
    )

    email = OutboundEmail.objects.get()
    assert (email.language, email.subject) == ("en", f"You are invited to join {organisation.name_en}")
    assert f"{settings.SITE_URL}/en/my/invitations/{invitation.token}/" in email.body_text
    assert "as Owner." in email.body_text
    expires_at = timezone.localtime(invitation.expires_at)
    with translation.override("en"):
        date = formats.date_format(expires_at, "j F Y")
    assert f"The link is valid until {expires_at:%H:%M} on {date}." in email.body_text


def test_invite_member_new_address_uses_inviters_language(applicant, organisation):
    applicant.language = "en"
    applicant.save()

    services.invite_member(organisation=organisation, email="nobody@example.com", role=MemberRole.EDITOR, by=applicant)

    assert OutboundEmail.objects.get().language == "en"


def test_invite_member_refused_for_member_of_this_organisation(applicant, organisation, colleague):
    with pytest.raises(ValidationError, match="is already a member of your organisation") as error:
        services.invite_member(
            organisation=organisation, email="Colleague@example.com", role=MemberRole.EDITOR, by=applicant
        )

    assert error.value.message_dict == {"email": ["colleague@example.com is already a member of your organisation."]}
    assert (Invitation.objects.count(), OutboundEmail.objects.count()) == (0, 0)


def test_invite_member_refused_for_member_of_another_organisation(applicant, organisation, other_membership):
    with pytest.raises(ValidationError, match="already belongs to another organisation") as error:
        services.invite_member(
            organisation=organisation, email="other.applicant@example.com", role=MemberRole.EDITOR, by=applicant
        )

    assert error.value.message_dict == {
        "email": [
            "other.applicant@example.com already belongs to another organisation. A person can be a member of "
            "one organisation at a time: ask them to leave the other one first."
        ]
    }


def test_invite_member_refused_while_invitation_open(applicant, organisation):
    waiting = InvitationFactory(organisation=organisation, email="new@example.com")

    with pytest.raises(ValidationError, match="is already waiting for an answer") as error:
        services.invite_member(organisation=organisation, email="NEW@example.com", role=MemberRole.EDITOR, by=applicant)

    date = local_date(waiting.expires_at)
    assert error.value.message_dict == {
        "email": [f"An invitation to new@example.com is already waiting for an answer; it is valid until {date}."]
    }
    assert list(Invitation.objects.all()) == [waiting]


def test_invite_member_replaces_expired_invitation(applicant, organisation):
    expired = InvitationFactory(organisation=organisation, email="new@example.com", expires_at=timezone.now())

    invitation = services.invite_member(
        organisation=organisation, email="new@example.com", role=MemberRole.EDITOR, by=applicant
    )

    assert list(Invitation.objects.all()) == [invitation]
    assert invitation.pk != expired.pk


def test_invite_member_by_editor_refused(colleague, organisation):
    with pytest.raises(PermissionDenied):
        services.invite_member(organisation=organisation, email="new@example.com", role=MemberRole.EDITOR, by=colleague)

    assert Invitation.objects.count() == 0


# Services: accepting


def test_accept_invitation_with_invited_address_in_other_case_makes_member(organisation, outsider):
    invitation = InvitationFactory(organisation=organisation, email="OUTSIDER@Example.com", role=MemberRole.OWNER)

    membership = services.accept_invitation(invitation=invitation, user=outsider)

    invitation.refresh_from_db()
    assert (membership.user, membership.organisation, membership.role) == (outsider, organisation, MemberRole.OWNER)
    assert invitation.accepted_at is not None


def test_accept_invitation_with_other_address_refused(organisation, outsider):
    invitation = InvitationFactory(organisation=organisation, email="someone.else@example.com")

    with pytest.raises(ValidationError, match="but you are logged in as") as error:
        services.accept_invitation(invitation=invitation, user=outsider)

    assert error.value.messages == [
        "This invitation was sent to someone.else@example.com, but you are logged in as outsider@example.com. "
        "Log out, then log in (or sign up) with someone.else@example.com to accept it."
    ]
    assert Membership.objects.filter(user=outsider).exists() is False


def test_accept_invitation_expired_refused(organisation, outsider):
    expires_at = timezone.now() - timedelta(days=1)
    invitation = InvitationFactory(organisation=organisation, email=outsider.email, expires_at=expires_at)

    with pytest.raises(ValidationError, match="This invitation expired on") as error:
        services.accept_invitation(invitation=invitation, user=outsider)

    date = local_date(expires_at)
    assert error.value.messages == [
        f"This invitation expired on {date}. Ask the person who invited you to send a new one."
    ]


def test_accept_invitation_already_accepted_refused(organisation, outsider):
    invitation = InvitationFactory(organisation=organisation, email=outsider.email, accepted_at=timezone.now())

    with pytest.raises(ValidationError, match="has already been accepted") as error:
        services.accept_invitation(invitation=invitation, user=outsider)

    assert error.value.messages == ["This invitation has already been accepted. Each invitation can be used once."]


def test_accept_invitation_by_member_of_another_organisation_refused(organisation, other_membership):
    invitation = InvitationFactory(organisation=organisation, email=other_membership.user.email)

    with pytest.raises(ValidationError, match="already belong to") as error:
        services.accept_invitation(invitation=invitation, user=other_membership.user)

    assert error.value.messages == [
        f"You already belong to {other_membership.organisation.name}. "
        "Leave it first if you want to join another organisation."
    ]
    assert Membership.objects.get(user=other_membership.user).organisation == other_membership.organisation


# Services: removing and leaving


def test_remove_member_by_owner_removes(applicant, organisation, colleague):
    services.remove_member(membership=colleague.membership, by=applicant)

    assert list(organisation.memberships.values_list("user", flat=True)) == [applicant.pk]


def test_remove_member_last_owner_refused(organisation, applicant):
    with pytest.raises(ValidationError, match="is the only owner and cannot be removed") as error:
        services.remove_member(membership=applicant.membership, by=applicant)

    assert error.value.messages == [
        f"{applicant.full_name} is the only owner and cannot be removed. Invite another owner first."
    ]
    assert organisation.memberships.count() == 1


def test_remove_member_by_editor_refused(applicant, colleague):
    with pytest.raises(PermissionDenied):
        services.remove_member(membership=applicant.membership, by=colleague)

    assert Membership.objects.count() == 2


def test_leave_organisation_last_owner_refused(applicant, organisation, colleague):
    with pytest.raises(ValidationError, match="You are the only owner of") as error:
        services.leave_organisation(user=applicant)

    assert error.value.messages == [
        f"You are the only owner of {organisation.name}, so you cannot leave it. Invite a colleague as an owner "
        "first; once they have accepted, you can leave."
    ]


def test_leave_organisation_owner_with_second_owner_leaves(applicant, organisation, colleague):
    Membership.objects.filter(user=colleague).update(role=MemberRole.OWNER)

    services.leave_organisation(user=applicant)

    assert list(organisation.memberships.values_list("user", flat=True)) == [colleague.pk]


def test_leave_organisation_without_one_refused(outsider):
    with pytest.raises(ValidationError, match="You do not belong to an organisation") as error:
        services.leave_organisation(user=outsider)

    assert error.value.messages == ["You do not belong to an organisation."]
