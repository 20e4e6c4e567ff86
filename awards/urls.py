from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path

from voting import views as voting_views

from . import views

app_patterns = (
    [
        path("", views.home, name="home"),
        path("<slug:slug>/", views.cycle_detail, name="cycle"),
    ],
    "awards",
)

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("admin/", admin.site.urls),
    # The short address of a Popular Vote finalist, for sharing (language-neutral).
    path("v/<str:code>", voting_views.short, name="voting_short"),
]
# Thai pages have no prefix (/2022/); English ones live under /en/ (/en/2022/).
urlpatterns += i18n_patterns(
    # First: a burst of votes should not walk past every other app's URLs on each request.
    path("vote/", include("voting.urls")),
    path("accounts/", include("allauth.urls")),
    path("", include("accounts.urls")),
    path("my/", include("submissions.urls")),
    path("judging/", include("judging.urls")),
    path("", include("judging.results_urls")),
    path("", include(app_patterns)),
    prefix_default_language=False,
)
