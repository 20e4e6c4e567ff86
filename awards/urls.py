from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path

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
]
# Thai pages have no prefix (/2022/); English ones live under /en/ (/en/2022/).
urlpatterns += i18n_patterns(
    path("accounts/", include("allauth.urls")),
    path("", include("accounts.urls")),
    path("my/", include("submissions.urls")),
    path("judging/", include("judging.urls")),
    path("", include("judging.results_urls")),
    path("", include("documents.urls")),
    path("", include(app_patterns)),
    prefix_default_language=False,
)
