from django.urls import path

from . import views

app_name = "backoffice"

urlpatterns = [
    path("local-governments/", views.local_governments, name="local_governments"),
    path("local-governments/export.<str:fmt>", views.local_governments, name="local_governments_export"),
    path("local-governments/<str:code>/", views.local_governments, name="local_governments_province"),
    path(
        "local-governments/<str:code>/export.<str:fmt>",
        views.local_governments,
        name="local_governments_province_export",
    ),
]
