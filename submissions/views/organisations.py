"""Views of the applicant area: the organisation, its members and invitations. Thin: each calls one
service or selector. Only owners manage; whatever a person may not touch answers 404."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import BooleanField, ExpressionWrapper, Q
from django.db.models.functions import Now
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from awards.selectors import open_cycles
from core.formats import local_date

from .. import selectors
from ..enums import MemberRole
from ..forms.organisations import InviteForm, OrganisationForm
from ..models import Invitation, Membership
from ..services import organisations as services

require_GET_or_POST = require_http_methods(["GET", "HEAD", "POST"])


def _owner_membership(request) -> Membership:
    membership = selectors.membership_of(request.user)
    if membership is None or membership.role != MemberRole.OWNER:
        raise Http404
    return membership


def _profile(request, membership: Membership, *, form=None, invite_form=None):
    """The organisation page; owners also get the profile form and the invitation form."""
    organisation = membership.organisation
    owner = membership.role == MemberRole.OWNER
    members = list(organisation.memberships.select_related("user").order_by("joined_at", "pk"))
    owners = [member for member in members if member.role == MemberRole.OWNER]
    context = {
        "nav": "organisation",
        "organisation": organisation,
        "membership": membership,
        "is_owner": owner,
        "members": members,
        "can_leave": not (owner and len(owners) == 1),
        "open_cycles": open_cycles(),
    }
    if owner:
        expired = ExpressionWrapper(Q(expires_at__lte=Now()), output_field=BooleanField())
        open_invitations = organisation.invitations.filter(accepted_at__isnull=True).annotate(is_expired=expired)
        context["invitations"] = list(open_invitations.select_related("invited_by").order_by("created_at", "pk"))
        context["form"] = form or OrganisationForm(instance=organisation)
        context["invite_form"] = invite_form or InviteForm()
    return render(request, "submissions/organisation.html", context)


def _create(request):
    form = OrganisationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            organisation = services.create_organisation(user=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("%(organisation)s is set up and you are its owner. You can now invite colleagues.")
                % {"organisation": organisation},
            )
            return redirect(_next_step(request))
    invitations = Invitation.objects.filter(
        email__iexact=request.user.email, accepted_at__isnull=True, expires_at__gt=Now()
    ).select_related("organisation")
    context = {"nav": "organisation", "form": form, "invitations": list(invitations)}
    return render(request, "submissions/organisation_form.html", context)


def _next_step(request) -> str:
    """Where a new organisation's owner goes on: the application they set out to start (the start
    page sent them here with ?next=), else the organisation's page, which offers it."""
    target = request.GET.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return reverse("submissions:organisation")


def _update(request, membership: Membership):
    if membership.role != MemberRole.OWNER:
        raise Http404
    # Bound without the instance: a refused change must not show up in the profile beside the form.
    form = OrganisationForm(request.POST)
    if form.is_valid():
        try:
            services.update_organisation(organisation=membership.organisation, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The profile of your organisation is saved."))
            return redirect("submissions:organisation")
    return _profile(request, membership, form=form)


@login_required
@require_GET_or_POST
def organisation(request):
    membership = selectors.membership_of(request.user)
    if membership is None:
        return _create(request)
    if request.method == "POST":
        return _update(request, membership)
    return _profile(request, membership)


@login_required
@require_POST
def invite(request):
    membership = _owner_membership(request)
    form = InviteForm(request.POST)
    if form.is_valid():
        try:
            invitation = services.invite_member(
                organisation=membership.organisation, by=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("Invitation sent to %(email)s. The link is valid until %(date)s.")
                % {"email": invitation.email, "date": local_date(invitation.expires_at)},
            )
            return redirect("submissions:organisation")
    return _profile(request, membership, invite_form=form)


@login_required
@require_GET_or_POST
def remove_member(request, pk):
    """GET asks for confirmation; POST removes. Only owners, only in their own organisation."""
    member = get_object_or_404(
        Membership.objects.select_related("user", "organisation"),
        pk=pk,
        organisation__memberships__user=request.user,
        organisation__memberships__role=MemberRole.OWNER,
    )
    if request.method != "POST":
        return render(request, "submissions/remove_member.html", {"nav": "organisation", "member": member})
    try:
        services.remove_member(membership=member, by=request.user)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(
            request,
            _("%(name)s is no longer a member of %(organisation)s.")
            % {"name": member.user, "organisation": member.organisation},
        )
    return redirect("submissions:organisation")


@login_required
@require_POST
def leave(request):
    membership = selectors.membership_of(request.user)
    try:
        services.leave_organisation(user=request.user)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, _("You have left %(organisation)s.") % {"organisation": membership.organisation})
    return redirect("submissions:organisation")


@login_required
@require_GET_or_POST
def accept_invitation(request, token):
    invitation = get_object_or_404(Invitation.objects.select_related("organisation", "invited_by"), token=token)
    if request.method == "POST":
        try:
            services.accept_invitation(invitation=invitation, user=request.user)
        except ValidationError as error:
            problem = error.messages[0]
        else:
            messages.success(
                request,
                _("Welcome to %(organisation)s: you are now one of its members.")
                % {"organisation": invitation.organisation},
            )
            return redirect("submissions:organisation")
    else:
        problem = services.acceptance_problem(invitation=invitation, user=request.user)
    context = {"nav": "organisation", "invitation": invitation, "problem": problem}
    return render(request, "submissions/invitation.html", context)


urlpatterns = [
    path("organisation/", organisation, name="organisation"),
    path("organisation/members/invite/", invite, name="invite"),
    path("organisation/members/<int:pk>/remove/", remove_member, name="remove_member"),
    path("organisation/leave/", leave, name="leave"),
    path("invitations/<str:token>/", accept_invitation, name="accept_invitation"),
]
