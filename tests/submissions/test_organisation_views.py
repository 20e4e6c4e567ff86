"""Organisation pages end to end: the profile, members, invitations, and who may change what."""

import pytest
from django.core import mail
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

from submissions.enums import MemberRole
from submissions.forms.organisations import province_choices
from submissions.models import Invitation, Membership, Organisation
from tests.frame import keep_organiser_frame

from ..factories import InvitationFactory, MembershipFactory
from .helpers import PROFILE
from .test_applications import make_cycle

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("_english_messages")]


def form_data(province, **changes):
    return {**PROFILE, "province": province.pk, **changes}


def messages_of(response) -> list[str]:
    return [str(message) for message in response.context["messages"]]


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


def test_organisation_create_goes_on_to_the_application_it_was_set_up_for(login_as, outsider, bangkok):
    client = login_as(outsider)

    form = client.get("/en/my/organisation/?next=/en/my/start/live/%3Fcategory%3Dsmart-mobility")
    response = client.post(
        "/en/my/organisation/?next=/en/my/start/live/%3Fcategory%3Dsmart-mobility", form_data(bangkok)
    )

    assert 'action="/en/my/organisation/?next=/en/my/start/live/%3Fcategory%3Dsmart-mobility"' in form.content.decode()
    assert response["Location"] == "/en/my/start/live/?category=smart-mobility"


def test_organisation_create_ignores_a_next_address_on_another_site(login_as, outsider, bangkok):
    response = login_as(outsider).post("/en/my/organisation/?next=https://evil.example/", form_data(bangkok))

    assert response["Location"] == "/en/my/organisation/"


def test_organisation_page_offers_to_start_an_application_in_an_open_edition(login_as, applicant, organisation):
    cycle = make_cycle()

    html = login_as(applicant).get("/en/my/organisation/").content.decode()

    assert "Next step: start an application" in html
    assert f'href="/en/my/start/{cycle.slug}/" data-testid="start-application"' in html


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
    keep_organiser_frame()
    with CaptureQueriesContext(connection) as one:
        client.get("/my/organisation/")
    MembershipFactory.create_batch(2, organisation=organisation)
    InvitationFactory.create_batch(2, organisation=organisation)

    with CaptureQueriesContext(connection) as three:
        response = client.get("/my/organisation/")

    assert len(response.context["members"]) == 3
    # Seven for the page and one for the open editions that the page's "start an application" step
    # lists (the organiser that frames every page is kept, read once above).
    assert len(three) == len(one) == 8


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
