"""Organisations, members and invitations: the services, then the pages end to end."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import formats, timezone, translation

from awards.models import OutboundEmail
from awards.templatetags.thai_dates import local_date
from awards.thai import thai_date
from submissions.enums import MemberRole, OrganisationKind
from submissions.forms.organisations import province_choices
from submissions.models import Invitation, Membership, Organisation, Province
from submissions.services import organisations as services

from ..factories import InvitationFactory, MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english_messages():
    """These tests compare refusals with their English wording (Thai is checked by tests/test_locale.py);
    a request under /my/ still switches to Thai, as it does for a visitor."""
    from django.utils import translation

    translation.activate("en")


PROFILE = {
    "name": "เทศบาลนครขอนแก่น",
    "name_en": "Khon Kaen City Municipality",
    "kind": OrganisationKind.CITY_MUNICIPALITY,
    "address": "1 ถนนประชาสโมสร",
    "contact_name": "สมชาย ใจดี",
    "contact_phone": "043 221 234",
}


@pytest.fixture
def bangkok():
    return Province.objects.get(code="10")


@pytest.fixture
def organisation(applicant):
    """The applicant's organisation, which the applicant owns."""
    return MembershipFactory(user=applicant, role=MemberRole.OWNER).organisation


@pytest.fixture
def colleague(organisation):
    """An editor of the applicant's organisation."""
    return MembershipFactory(
        user=UserFactory(email="colleague@example.com", full_name="สมศรี ทำงาน"), organisation=organisation
    ).user


@pytest.fixture
def other_membership(other_applicant):
    return MembershipFactory(user=other_applicant, role=MemberRole.OWNER)


def form_data(province, **changes):
    return {**PROFILE, "province": province.pk, **changes}


def messages_of(response) -> list[str]:
    return [str(message) for message in response.context["messages"]]


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
    with pytest.raises(ValidationError) as error:
        services.create_organisation(user=applicant, province=bangkok, **PROFILE)

    assert error.value.messages == [
        f"You already belong to {organisation.name}. Leave it first if you want to join another organisation."
    ]
    assert Organisation.objects.count() == 1


def test_create_organisation_invalid_kind_refused_and_nothing_written(applicant, bangkok):
    with pytest.raises(ValidationError) as error:
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
    with pytest.raises(ValidationError) as error:
        services.invite_member(
            organisation=organisation, email="Colleague@example.com", role=MemberRole.EDITOR, by=applicant
        )

    assert error.value.message_dict == {"email": ["colleague@example.com is already a member of your organisation."]}
    assert (Invitation.objects.count(), OutboundEmail.objects.count()) == (0, 0)


def test_invite_member_refused_for_member_of_another_organisation(applicant, organisation, other_membership):
    with pytest.raises(ValidationError) as error:
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

    with pytest.raises(ValidationError) as error:
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

    with pytest.raises(ValidationError) as error:
        services.accept_invitation(invitation=invitation, user=outsider)

    assert error.value.messages == [
        "This invitation was sent to someone.else@example.com, but you are logged in as outsider@example.com. "
        "Log out, then log in (or sign up) with someone.else@example.com to accept it."
    ]
    assert Membership.objects.filter(user=outsider).exists() is False


def test_accept_invitation_expired_refused(organisation, outsider):
    expires_at = timezone.now() - timedelta(days=1)
    invitation = InvitationFactory(organisation=organisation, email=outsider.email, expires_at=expires_at)

    with pytest.raises(ValidationError) as error:
        services.accept_invitation(invitation=invitation, user=outsider)

    date = local_date(expires_at)
    assert error.value.messages == [
        f"This invitation expired on {date}. Ask the person who invited you to send a new one."
    ]


def test_accept_invitation_already_accepted_refused(organisation, outsider):
    invitation = InvitationFactory(organisation=organisation, email=outsider.email, accepted_at=timezone.now())

    with pytest.raises(ValidationError) as error:
        services.accept_invitation(invitation=invitation, user=outsider)

    assert error.value.messages == ["This invitation has already been accepted. Each invitation can be used once."]


def test_accept_invitation_by_member_of_another_organisation_refused(organisation, other_membership):
    invitation = InvitationFactory(organisation=organisation, email=other_membership.user.email)

    with pytest.raises(ValidationError) as error:
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
    with pytest.raises(ValidationError) as error:
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
    with pytest.raises(ValidationError) as error:
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
    with pytest.raises(ValidationError) as error:
        services.leave_organisation(user=outsider)

    assert error.value.messages == ["You do not belong to an organisation."]


# Forms


def test_province_choices_in_thai_dictionary_order():
    with translation.override("th"):
        names = [name for _, name in province_choices()[1:]]

    pairs = [("ชุมพร", "เชียงราย"), ("เชียงใหม่", "ตรัง"), ("สระแก้ว", "สระบุรี"), ("อ่างทอง", "อำนาจเจริญ")]
    assert [names.index(first) < names.index(second) for first, second in pairs] == [True] * 4
    assert (province_choices()[0], len(names)) == (("", "---------"), 77)


def test_province_choices_in_english_alphabetical_order():
    with translation.override("en"):
        names = [name for _, name in province_choices()[1:]]

    assert names == sorted(names)
    assert names[:2] == ["Amnat Charoen", "Ang Thong"]


# Pages


def test_organisation_page_without_organisation_shows_create_form(login_as, outsider):
    response = login_as(outsider).get("/en/my/organisation/")

    assert response.status_code == 200
    assert response.templates[0].name == "submissions/organisation_form.html"
    assert response.context["nav"] == "organisation"
    assert 'data-testid="organisation-form"' in response.content.decode()


def test_organisation_create_makes_owner_and_redirects_with_message(login_as, outsider, bangkok):
    client = login_as(outsider)

    response = client.post("/en/my/organisation/", form_data(bangkok), follow=True)

    organisation = Organisation.objects.get()
    assert response.redirect_chain == [("/en/my/organisation/", 302)]
    assert outsider.membership.role == MemberRole.OWNER
    assert messages_of(response) == [
        f"{organisation.name} is set up and you are its owner. You can now invite colleagues."
    ]


def test_organisation_create_invalid_keeps_typed_text_and_shows_summary(login_as, outsider, bangkok):
    response = login_as(outsider).post("/en/my/organisation/", form_data(bangkok, name="", address="99 หมู่ 3"))

    html = response.content.decode()
    assert response.status_code == 200
    assert Organisation.objects.count() == 0
    assert html.index('data-testid="error-summary"') < html.index('name="name"')
    assert '<a href="#id_name">Name of the organisation</a>: This field is required.' in html
    assert "99 หมู่ 3</textarea>" in html
    assert 'value="Khon Kaen City Municipality"' in html
    assert f'<option value="{bangkok.pk}" selected>Bangkok</option>' in html


def test_organisation_page_owner_sees_members_invitations_and_forms(login_as, applicant, organisation, colleague):
    InvitationFactory(organisation=organisation, email="waiting@example.com", invited_by=applicant)

    response = login_as(applicant).get("/en/my/organisation/")

    html = response.content.decode()
    assert [member.user for member in response.context["members"]] == [applicant, colleague]
    assert [invitation.email for invitation in response.context["invitations"]] == ["waiting@example.com"]
    assert (html.count('data-testid="member-row"'), html.count('data-testid="invite-form"')) == (2, 1)
    assert f'href="/en/my/organisation/members/{colleague.membership.pk}/remove/"' in html


def test_organisation_page_editor_sees_profile_without_forms(login_as, colleague, organisation):
    response = login_as(colleague).get("/en/my/organisation/")

    html = response.content.decode()
    assert (response.context["is_owner"], "invitations" in response.context) == (False, False)
    assert 'data-testid="organisation-form"' not in html
    assert 'data-testid="invite-form"' not in html
    assert "Only the owners of the organisation can change its profile and invite or remove members." in html


def test_organisation_update_by_owner_saves(login_as, applicant, organisation, bangkok):
    response = login_as(applicant).post("/en/my/organisation/", form_data(bangkok, contact_phone="081 111 2222"))

    organisation.refresh_from_db()
    assert (response.status_code, response["Location"]) == (302, "/en/my/organisation/")
    assert (organisation.name, organisation.contact_phone) == ("เทศบาลนครขอนแก่น", "081 111 2222")


def test_organisation_update_invalid_keeps_profile_unchanged_and_form_open(login_as, applicant, organisation, bangkok):
    response = login_as(applicant).post("/en/my/organisation/", form_data(bangkok, name="", contact_phone="099"))

    html = response.content.decode()
    assert response.status_code == 200
    assert response.context["organisation"].contact_phone == "02 123 4567"
    assert '<details class="mt-3" open>' in html
    assert 'value="099"' in html


def test_organisation_update_by_editor_is_404(login_as, colleague, organisation, bangkok):
    name = organisation.name

    response = login_as(colleague).post("/en/my/organisation/", form_data(bangkok))

    organisation.refresh_from_db()
    assert (response.status_code, organisation.name) == (404, name)


def test_invite_page_sends_invitation_and_shows_it(
    login_as, applicant, organisation, django_capture_on_commit_callbacks
):
    client = login_as(applicant)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/en/my/organisation/members/invite/", {"email": "new@example.com", "role": "editor"})
    page = client.get("/en/my/organisation/")

    invitation = Invitation.objects.get()
    assert (response.status_code, response["Location"]) == (302, "/en/my/organisation/")
    assert messages_of(page)[0].startswith("Invitation sent to new@example.com. The link is valid until ")
    assert [i.email for i in page.context["invitations"]] == ["new@example.com"]
    assert f"/my/invitations/{invitation.token}/" in mail.outbox[0].body


def test_invite_page_refusal_keeps_address_and_shows_summary(login_as, applicant, organisation, other_membership):
    response = login_as(applicant).post(
        "/en/my/organisation/members/invite/", {"email": "other.applicant@example.com", "role": "owner"}
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert Invitation.objects.count() == 0
    assert html.count('data-testid="error-summary"') == 1
    assert 'value="other.applicant@example.com"' in html
    assert '<option value="owner" selected>Owner</option>' in html
    assert html.count("already belongs to another organisation") == 2  # the summary and beside the field


def test_invite_page_by_editor_is_404(login_as, colleague, organisation):
    response = login_as(colleague).post(
        "/en/my/organisation/members/invite/", {"email": "x@example.com", "role": "editor"}
    )

    assert (response.status_code, Invitation.objects.count()) == (404, 0)


def test_invitation_page_shows_who_invites_to_what_with_accept_button(login_as, applicant, organisation, outsider):
    invitation = InvitationFactory(organisation=organisation, email=outsider.email, invited_by=applicant)

    response = login_as(outsider).get(f"/en/my/invitations/{invitation.token}/")

    html = response.content.decode()
    assert response.context["problem"] is None
    assert f"{applicant.full_name} invites you to join {organisation.name} as Editor." in html
    assert f'<form method="post" action="/en/my/invitations/{invitation.token}/">' in html


def test_invitation_accept_makes_member_and_opens_organisation(login_as, organisation, outsider):
    invitation = InvitationFactory(organisation=organisation, email=outsider.email)

    response = login_as(outsider).post(f"/en/my/invitations/{invitation.token}/", follow=True)

    assert response.redirect_chain == [("/en/my/organisation/", 302)]
    assert response.context["organisation"] == organisation
    assert messages_of(response) == [f"Welcome to {organisation.name}: you are now one of its members."]


def test_invitation_for_other_address_shows_refusal_without_button(login_as, organisation, outsider):
    invitation = InvitationFactory(organisation=organisation, email="someone.else@example.com")
    client = login_as(outsider)

    page = client.get(f"/en/my/invitations/{invitation.token}/")
    post = client.post(f"/en/my/invitations/{invitation.token}/")

    assert page.context["problem"] == post.context["problem"]
    assert page.context["problem"].startswith("This invitation was sent to someone.else@example.com")
    assert 'data-testid="invitation-problem"' in post.content.decode()
    assert "Accept the invitation" not in page.content.decode()
    assert Membership.objects.filter(user=outsider).exists() is False


def test_invitation_unknown_token_is_404(login_as, outsider):
    response = login_as(outsider).get("/my/invitations/no-such-token/")

    assert response.status_code == 404


def test_remove_member_page_confirms_then_removes(login_as, applicant, organisation, colleague):
    client = login_as(applicant)
    url = f"/en/my/organisation/members/{colleague.membership.pk}/remove/"

    confirm = client.get(url)
    response = client.post(url, follow=True)

    assert confirm.context["member"] == colleague.membership
    assert Membership.objects.filter(user=colleague).exists() is False
    assert messages_of(response) == [f"{colleague.full_name} is no longer a member of {organisation.name}."]


def test_remove_member_by_editor_is_404(login_as, applicant, colleague):
    response = login_as(colleague).post(f"/my/organisation/members/{applicant.membership.pk}/remove/")

    assert (response.status_code, Membership.objects.count()) == (404, 2)


@pytest.mark.parametrize("method", ["get", "post"])
def test_remove_member_of_another_organisation_is_404(login_as, applicant, organisation, other_membership, method):
    response = getattr(login_as(applicant), method)(f"/my/organisation/members/{other_membership.pk}/remove/")

    assert (response.status_code, Membership.objects.count()) == (404, 2)


def test_leave_last_owner_refused_with_message(login_as, applicant, organisation):
    response = login_as(applicant).post("/en/my/organisation/leave/", follow=True)

    assert Membership.objects.filter(user=applicant).exists() is True
    assert messages_of(response)[0].startswith(f"You are the only owner of {organisation.name}")


def test_leave_editor_loses_access_at_once(login_as, colleague, organisation):
    client = login_as(colleague)

    response = client.post("/en/my/organisation/leave/", follow=True)

    assert response.redirect_chain == [("/en/my/organisation/", 302)]
    assert response.templates[0].name == "submissions/organisation_form.html"
    assert messages_of(response) == [f"You have left {organisation.name}."]


@pytest.mark.parametrize("url", ["/my/organisation/leave/", "/my/organisation/members/invite/"])
def test_state_changes_refuse_get(login_as, applicant, organisation, url):
    response = login_as(applicant).get(url)

    assert (response.status_code, Membership.objects.count()) == (405, 1)


@pytest.mark.parametrize(
    "url",
    [
        "/my/organisation/",
        "/my/organisation/members/invite/",
        "/my/organisation/members/1/remove/",
        "/my/organisation/leave/",
        "/my/invitations/abc/",
    ],
)
def test_pages_logged_out_redirect_to_login(client, url):
    response = client.get(url)

    assert (response.status_code, response["Location"]) == (302, f"/accounts/login/?next={url}")


def test_organisation_page_query_count_does_not_grow_with_members(login_as, applicant, organisation):
    client = login_as(applicant)
    InvitationFactory(organisation=organisation)
    with CaptureQueriesContext(connection) as one:
        client.get("/my/organisation/")
    MembershipFactory.create_batch(2, organisation=organisation)
    InvitationFactory.create_batch(2, organisation=organisation)

    with CaptureQueriesContext(connection) as three:
        response = client.get("/my/organisation/")

    assert len(response.context["members"]) == 3
    assert len(three) == len(one) == 6


def test_organisation_page_without_organisation_lists_my_open_invitations(login_as, outsider, organisation):
    invitation = InvitationFactory(organisation=organisation, email="Outsider@example.com")
    InvitationFactory(email=outsider.email, expires_at=timezone.now())  # another organisation's, expired

    response = login_as(outsider).get("/en/my/organisation/")

    assert response.context["invitations"] == [invitation]
    assert f'href="/en/my/invitations/{invitation.token}/"' in response.content.decode()


def test_state_change_without_csrf_token_refused(colleague):
    client = Client(enforce_csrf_checks=True)
    client.force_login(colleague)

    response = client.post("/my/organisation/leave/")

    assert (response.status_code, Membership.objects.filter(user=colleague).exists()) == (403, True)
