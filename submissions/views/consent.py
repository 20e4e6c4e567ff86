"""The organisation's consents (to publish if shortlisted, and to the showcase even if not): a member
gives or withdraws each from the application's overview (templates/submissions/_consent.html); and
the one answer every public page gives for a cover image, so that a withdrawal is in force at the
next request, also for a kept copy."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404
from django.shortcuts import redirect
from django.urls import path
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .. import selectors
from ..models import Application
from ..services.consent import (
    give_publish_consent,
    give_showcase_consent,
    withdraw_publish_consent,
    withdraw_showcase_consent,
)


def _change_consent(request, pk, *, give, withdraw, unclear: str, given: str, withdrawn: str):
    """POST ``consent=yes`` gives the consent through ``give``, ``consent=no`` withdraws it through
    ``withdraw`` (members only; 404 else); back to the overview with what happened."""
    application = selectors.application_for(request.user, pk)
    choice = request.POST.get("consent", "")
    if choice not in ("yes", "no"):
        messages.error(request, unclear)
        return redirect("submissions:application", pk=application.pk)
    change = give if choice == "yes" else withdraw
    try:
        change(application=application, by=request.user, request=request)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, given if choice == "yes" else withdrawn)
    return redirect("submissions:application", pk=application.pk)


@login_required
@require_POST
def publish_consent(request, pk):
    return _change_consent(
        request,
        pk,
        give=give_publish_consent,
        withdraw=withdraw_publish_consent,
        unclear=_("Choose whether the project may be published, then send the form again."),
        given=_("Thank you: the project may now be published."),
        withdrawn=_("Your consent was withdrawn: the public pages no longer show the project's answers or cover."),
    )


@login_required
@require_POST
def showcase_consent(request, pk):
    return _change_consent(
        request,
        pk,
        give=give_showcase_consent,
        withdraw=withdraw_showcase_consent,
        unclear=_("Choose whether the project may be shown in the showcase, then send the form again."),
        given=_("Thank you: once the results are announced, the project may be shown in the showcase."),
        withdrawn=_("Your consent was withdrawn: if the project was not shortlisted, the showcase does not show it."),
    )


def published_cover(application: Application) -> FileResponse:
    """The cover image of an application the caller already found public (a finalist, a winner, an
    entry in the showcase), only with the organisation's consent (``Application.public_consent``);
    kept copies must be checked again (``no-cache``), so that a withdrawn consent takes the picture
    off at once, also from a browser or a proxy."""
    if not (application.public_consent and application.cover_image):
        raise Http404
    name = application.cover_image.name
    kind = "image/png" if name.lower().endswith(".png") else "image/jpeg"
    response = FileResponse(default_storage.open(name, "rb"), content_type=kind)
    patch_cache_control(response, public=True, no_cache=True)
    return response


urlpatterns = [
    path("applications/<int:pk>/publish-consent/", publish_consent, name="publish_consent"),
    path("applications/<int:pk>/showcase-consent/", showcase_consent, name="showcase_consent"),
]
