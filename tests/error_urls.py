"""A URL configuration for the error-page tests: the site's own, plus views that fail on purpose with
details that must never reach the visitor."""

from django.conf.urls.i18n import i18n_patterns
from django.core.exceptions import PermissionDenied, SuspiciousOperation
from django.http import Http404
from django.urls import path

from config.urls import urlpatterns as site_patterns

SECRET = "secret-detail-7f3a: SELECT password FROM accounts_user"


def bad_request(request):
    raise SuspiciousOperation(SECRET)


def forbidden(request):
    raise PermissionDenied(SECRET)


def not_found(request):
    raise Http404(SECRET)


def server_error(request):
    raise RuntimeError(SECRET)


# Under the site's language rule: Thai without a prefix, English under /en/.
urlpatterns = [
    *i18n_patterns(
        path("fail/400", bad_request),
        path("fail/403", forbidden),
        path("fail/404", not_found),
        path("fail/500", server_error),
        prefix_default_language=False,
    ),
    *site_patterns,
]
