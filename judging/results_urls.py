"""The public results of a cycle: /<cycle>/results/, one result's shareable page and picture, each
decision's canonical JSON and the published cover images."""

from django.urls import path

from .views import results

app_name = "results"

urlpatterns = [
    path("<slug:slug>/results/", results.results, name="cycle"),
    path("<slug:slug>/results/<int:pk>/", results.results, name="decision"),
    path("<slug:slug>/results/<int:pk>/og.png", results.og_image, name="og_image"),
    path("<slug:slug>/results/decisions/<int:pk>.json", results.decision_json, name="decision_json"),
    path("<slug:slug>/results/covers/<int:pk>/", results.cover, name="cover"),
]
