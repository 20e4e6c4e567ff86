import json

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from . import enrolment
from .audit import record_event
from .forms import EraseAccountForm
from .identity import allow_forms_to_providers, identities_of
from .models import Consent
from .services import erase_personal_data, personal_data
from .two_factor import has_authenticator, two_factor_required


def _vote_terms() -> dict:
    """The Popular Vote's periods the notices state, read from the settings that set them."""
    return {"idle_days": settings.VOTE_IDLE_VOTER_DAYS, "pass_minutes": settings.VOTE_PASS_MINUTES}


@require_safe
def privacy_notice(request):
    context = {"version": settings.PRIVACY_NOTICE_VERSION, "vote_terms": _vote_terms()}
    return render(request, "accounts/privacy.html", context)


@require_safe
def website_policy(request):
    return render(request, "accounts/website_policy.html", {"vote_terms": _vote_terms()})


@require_safe
def accessibility(request):
    return render(request, "accounts/accessibility.html")


@require_safe
@login_required
def account(request):
    user = request.user
    context = {
        "two_factor_on": has_authenticator(user),
        "two_factor_required": two_factor_required(user),
        "consents": Consent.objects.filter(user=user).order_by("-given_at"),
        "identities": identities_of(request, user),
    }
    response = render(request, "accounts/account.html", context)
    # Each "Link ThaiD / LINE" form goes on to its provider.
    allow_forms_to_providers(request, response, [i.provider_id for i in context["identities"] if not i.linked])
    return response


@require_safe
@login_required
def personal_data_download(request):
    """The person's own data as one JSON file (PDPA: the right to receive it)."""
    data = personal_data(user=request.user)
    record_event(actor=request.user, action="pdpa.export", target=request.user, request=request)
    response = HttpResponse(
        json.dumps(data, ensure_ascii=False, indent=2), content_type="application/json; charset=utf-8"
    )
    filename = f"personal-data-{timezone.localdate():%Y-%m-%d}.json"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response


@require_http_methods(["GET", "POST"])
@login_required
def erase_account(request):
    """The person asks for deletion: after their password, the account is anonymised at once."""
    form = EraseAccountForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        user = request.user
        erase_personal_data(user=user, by=user, request=request)
        logout(request)
        messages.success(request, _("Your personal data has been deleted and your account closed."))
        return redirect("awards:home")
    return render(request, "accounts/erase.html", {"form": form})


ENROLMENT_SENT = "accounts.enrolment_sent"


@require_http_methods(["GET", "POST"])
@login_required
def two_factor_enrolment(request):
    """Staff, chairs and judges without an authenticator land here instead of the set-up page: the
    link to it is e-mailed once per session (again on request, at most once a minute)."""
    user = request.user
    if not two_factor_required(user) or has_authenticator(user):
        return redirect("mfa_index")
    if enrolment.enrolment_proven(request):
        return redirect("mfa_activate_totp")
    resend = request.method == "POST" and cache.add(f"accounts:enrolment-resent:{user.pk}", True, timeout=60)
    if resend or not request.session.get(ENROLMENT_SENT):
        enrolment.send_enrolment_link(user=user, request=request)
        request.session[ENROLMENT_SENT] = True
        if request.method == "POST":
            messages.success(request, _("We have sent you a new link."))
    if request.method == "POST":
        return redirect("accounts:two_factor_enrolment")
    return render(request, "accounts/two_factor_enrolment.html", {"email": user.email})


@require_safe
@login_required
def two_factor_enrolment_link(request, token):
    if not enrolment.open_enrolment_link(request=request, token=token):
        messages.error(request, _("This link has expired or has already been used. Ask for a new one below."))
        return redirect("accounts:two_factor_enrolment")
    return redirect("mfa_activate_totp")
