from django.conf import settings
from django.shortcuts import render
from django.views.decorators.http import require_safe


@require_safe
def privacy_notice(request):
    return render(request, "accounts/privacy.html", {"version": settings.PRIVACY_NOTICE_VERSION})
