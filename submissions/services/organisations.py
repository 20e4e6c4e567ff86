"""Writes to organisations and their members: create and edit the profile, invite colleagues, accept an
invitation, remove a member, leave. Only owners manage an organisation; it always keeps one owner."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from core.formats import local_date

from .. import emails
from ..enums import MemberRole
from ..models import Invitation, Membership, Organisation, Province
from ..rules import is_owner

PROFILE_FIELDS = ("name", "name_en", "kind", "province", "address", "contact_name", "contact_phone")


def _refuse_unless_owner(organisation: Organisation, user) -> None:
    # Views answer 404 before calling; this guards every other caller (shell, tasks, admin actions).
    if not is_owner(user, organisation):
        raise PermissionDenied(_("Only an owner of the organisation can do this."))


def _refuse_if_member(user) -> None:
    membership = Membership.objects.select_related("organisation").filter(user=user).first()
    if membership is not None:
        raise ValidationError(
            _("You already belong to %(organisation)s. Leave it first if you want to join another organisation.")
            % {"organisation": membership.organisation}
        )


@transaction.atomic
def create_organisation(
    *,
    user,
    name: str,
    name_en: str = "",
    kind: str,
    province: Province,
    address: str,
    contact_name: str,
    contact_phone: str,
) -> Organisation:
    """Create the user's organisation and make the user its owner."""
    _refuse_if_member(user)
    organisation = Organisation(
        name=name,
        name_en=name_en,
        kind=kind,
        province=province,
        address=address,
        contact_name=contact_name,
        contact_phone=contact_phone,
    )
    organisation.full_clean()
    organisation.save()
    membership = Membership(user=user, organisation=organisation, role=MemberRole.OWNER)
    membership.full_clean()
    membership.save()
    return organisation


def update_organisation(*, organisation: Organisation, by: User, **fields) -> Organisation:
    """Change the profile; owners only. ``fields`` are any of PROFILE_FIELDS."""
    _refuse_unless_owner(organisation, by)
    unknown = set(fields) - set(PROFILE_FIELDS)
    if unknown:
        raise TypeError(f"not profile fields: {', '.join(sorted(unknown))}")
    for field, value in fields.items():
        setattr(organisation, field, value)
    organisation.full_clean()
    organisation.save()
    return organisation


def _refuse_member_address(organisation: Organisation, email: str) -> None:
    membership = Membership.objects.filter(user__email__iexact=email).first()
    if membership is None:
        return
    if membership.organisation_id == organisation.pk:
        raise ValidationError({"email": _("%(email)s is already a member of your organisation.") % {"email": email}})
    raise ValidationError(
        {
            "email": _(
                "%(email)s already belongs to another organisation. A person can be a member of one "
                "organisation at a time: ask them to leave the other one first."
            )
            % {"email": email}
        }
    )


def _clear_open_invitation(organisation: Organisation, email: str) -> None:
    """Refuse a second open invitation to the same address; an expired one is replaced."""
    open_invitation = organisation.invitations.filter(email__iexact=email, accepted_at__isnull=True).first()
    if open_invitation is None:
        return
    if open_invitation.expires_at > timezone.now():
        raise ValidationError(
            {
                "email": _("An invitation to %(email)s is already waiting for an answer; it is valid until %(date)s.")
                % {"email": email, "date": local_date(open_invitation.expires_at)}
            }
        )
    open_invitation.delete()


@transaction.atomic
def invite_member(*, organisation: Organisation, email: str, role: str, by: User) -> Invitation:
    """Invite a colleague by e-mail (owners only); the e-mail is sent after the transaction commits."""
    _refuse_unless_owner(organisation, by)
    email = email.strip().lower()
    _refuse_member_address(organisation, email)
    _clear_open_invitation(organisation, email)
    invitation = Invitation(organisation=organisation, email=email, role=role, invited_by=by)
    invitation.full_clean()
    invitation.save()
    emails.send_invitation(invitation=invitation)
    return invitation


def _refuse_unusable_invitation(invitation: Invitation, user) -> None:
    if invitation.accepted_at is not None:
        raise ValidationError(_("This invitation has already been accepted. Each invitation can be used once."))
    if invitation.expires_at <= timezone.now():
        raise ValidationError(
            _("This invitation expired on %(date)s. Ask the person who invited you to send a new one.")
            % {"date": local_date(invitation.expires_at)}
        )
    if invitation.email.lower() != user.email.lower():
        raise ValidationError(
            _(
                "This invitation was sent to %(invited)s, but you are logged in as %(current)s. Log out, then "
                "log in (or sign up) with %(invited)s to accept it."
            )
            % {"invited": invitation.email, "current": user.email}
        )


@transaction.atomic
def accept_invitation(*, invitation: Invitation, user) -> Membership:
    """Make the invited person a member with the role the owner chose."""
    # Lock the row so that a double click or two tabs cannot accept it twice.
    invitation = Invitation.objects.select_for_update().select_related("organisation").get(pk=invitation.pk)
    _refuse_unusable_invitation(invitation, user)
    _refuse_if_member(user)
    membership = Membership(user=user, organisation=invitation.organisation, role=invitation.role)
    membership.full_clean()
    membership.save()
    invitation.accepted_at = timezone.now()
    invitation.save(update_fields=["accepted_at"])
    return membership


def _refuse_last_owner(membership: Membership, message: str) -> None:
    if membership.role != MemberRole.OWNER:
        return
    # Lock the owners so that two owners leaving at once cannot both pass this check.
    owners = list(
        Membership.objects.select_for_update()
        .filter(organisation_id=membership.organisation_id, role=MemberRole.OWNER)
        .values_list("pk", flat=True)
    )
    if owners == [membership.pk]:
        raise ValidationError(message)


@transaction.atomic
def remove_member(*, membership: Membership, by: User) -> None:
    """Take a member out of the organisation (owners only); the last owner stays."""
    _refuse_unless_owner(membership.organisation, by)
    _refuse_last_owner(
        membership,
        _("%(name)s is the only owner and cannot be removed. Invite another owner first.") % {"name": membership.user},
    )
    membership.delete()


@transaction.atomic
def leave_organisation(*, user) -> None:
    """The user leaves their organisation at once; the last owner cannot leave."""
    membership = Membership.objects.select_related("organisation").filter(user=user).first()
    if membership is None:
        raise ValidationError(_("You do not belong to an organisation."))
    _refuse_last_owner(
        membership,
        _(
            "You are the only owner of %(organisation)s, so you cannot leave it. Invite a colleague as an owner "
            "first; once they have accepted, you can leave."
        )
        % {"organisation": membership.organisation},
    )
    membership.delete()


def acceptance_problem(*, invitation: Invitation, user) -> str | None:
    """Why ``user`` cannot accept ``invitation`` now (shown before they try), or None."""
    try:
        _refuse_unusable_invitation(invitation, user)
        _refuse_if_member(user)
    except ValidationError as error:
        return error.messages[0]
    return None
