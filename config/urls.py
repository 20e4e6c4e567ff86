"""The project's URLs: every app's under one roof. Thai pages have no language prefix."""

from allauth.socialaccount import views as socialaccount_views
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path

from accounts.identity import urlpatterns as identity_urlpatterns
from backoffice.views import dashboard as backoffice_dashboard
from core import views as core_views
from judging.views.feedback import my_feedback, my_feedback_pdf
from judging.views.presentations import my_presentation
from voting import views as voting_views

urlpatterns = [
    # The load balancer asks /healthz/ready (the database only); /healthz reports every part.
    path("healthz", core_views.healthz, name="healthz"),
    path("healthz/live", core_views.live, name="healthz_live"),
    path("healthz/ready", core_views.ready, name="healthz_ready"),
]
# allauth's pages, as allauth.urls lists them but without its deprecated "social/" redirects (no link of
# a new site points there), and with its OpenID Connect pages wrapped (accounts/identity.py).
allauth_patterns = [
    path("", include("allauth.account.urls")),
    path("2fa/", include("allauth.mfa.urls")),
    # allauth.socialaccount.urls but its error page, which no flow of ours reaches (failures come back to
    # the log-in page with a message: accounts/identity.py).
    path("3rdparty/", socialaccount_views.connections, name="socialaccount_connections"),
    path("3rdparty/login/cancelled/", socialaccount_views.login_cancelled, name="socialaccount_login_cancelled"),
    path("3rdparty/signup/", socialaccount_views.signup, name="socialaccount_signup"),
    *identity_urlpatterns,
]

# Thai pages have no prefix (/2022/); English ones live under /en/ (/en/2022/), admin included
# (/admin/ in Thai, /en/admin/ in English).
urlpatterns += i18n_patterns(
    # First: a burst of votes should not walk past every other app's URLs on each request.
    path("vote/", include("voting.urls")),
    # The short address of a Popular Vote finalist, for sharing: /v/<code> from the Thai pages,
    # /en/v/<code> from the English ones (the link opens the page in its own language).
    path("v/<str:code>", voting_views.short, name="voting_short"),
    # The staff dashboard lives inside admin (its log-in, its look, its language).
    path("admin/dashboard/", admin.site.admin_view(backoffice_dashboard), name="backoffice_dashboard"),
    path("admin/", admin.site.urls),
    path("accounts/", include(allauth_patterns)),
    path("", include("accounts.urls")),
    # The finalist's presentation sits in the applicant area but belongs to judging (which may read
    # submissions; submissions may not read judging).
    path("my/presentation/", my_presentation, name="my_presentation"),
    # Feedback to applicants: judging's too, for the same reason.
    path("my/feedback/", my_feedback, name="my_feedback"),
    path("my/feedback/<int:pk>/", my_feedback_pdf, name="my_feedback_pdf"),
    path("my/", include("submissions.urls")),
    path("judging/", include("judging.urls")),
    path("reports/", include("backoffice.urls")),
    path("", include("judging.results_urls")),
    path("", include("documents.urls")),
    # Before awards: /solutions/ would otherwise be read as an edition's slug.
    path("", include("showcase.urls")),
    path("", include("awards.urls")),
    prefix_default_language=False,
)
