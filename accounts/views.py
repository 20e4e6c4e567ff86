import json

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from .audit import record_event
from .forms import EraseAccountForm
from .models import Consent
from .services import erase_personal_data, personal_data
from .two_factor import has_authenticator, two_factor_required


@require_safe
def privacy_notice(request):
    return render(request, "accounts/privacy.html", {"version": settings.PRIVACY_NOTICE_VERSION})


@require_safe
@login_required
def account(request):
    user = request.user
    context = {
        "two_factor_on": has_authenticator(user),
        "two_factor_required": two_factor_required(user),
        "consents": Consent.objects.filter(user=user).order_by("-given_at"),
    }
    return render(request, "accounts/account.html", context)


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
