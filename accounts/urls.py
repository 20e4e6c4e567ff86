from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("privacy/", views.privacy_notice, name="privacy"),
    path("website-policy/", views.website_policy, name="website_policy"),
    path("accessibility/", views.accessibility, name="accessibility"),
    path("account/", views.account, name="account"),
    path("account/my-data.json", views.personal_data_download, name="personal_data"),
    path("account/delete/", views.erase_account, name="erase"),
    path("account/two-factor/", views.two_factor_enrolment, name="two_factor_enrolment"),
    path("account/two-factor/<str:token>/", views.two_factor_enrolment_link, name="two_factor_enrolment_link"),
]
