"""The Popular Vote under /vote/<cycle>/ (Thai) and /en/vote/<cycle>/ (English)."""

from django.urls import path

from . import views

app_name = "voting"

urlpatterns = [
    # First: the URL a burst of votes hits is the first one the resolver tries.
    path("<slug:cycle_slug>/<int:pk>/vote/", views.cast, name="cast"),
    path("<slug:cycle_slug>/", views.gallery, name="gallery"),
    path("<slug:cycle_slug>/verify/", views.verify, name="verify"),
    path("<slug:cycle_slug>/code/", views.code, name="code"),
    path("<slug:cycle_slug>/challenge/", views.challenge, name="challenge"),
    path("<slug:cycle_slug>/results/", views.results, name="results"),
    path("<slug:cycle_slug>/review/", views.fraud_review, name="review"),
    path("<slug:cycle_slug>/integrity/", views.integrity, name="integrity"),
    path("<slug:cycle_slug>/ledger.csv", views.ledger_download, name="ledger"),
    path("<slug:cycle_slug>/<int:pk>/", views.finalist, name="finalist"),
    path("<slug:cycle_slug>/<int:pk>/cover/", views.cover, name="cover"),
    path("<slug:cycle_slug>/<int:pk>/thanks/", views.thanks, name="thanks"),
]
