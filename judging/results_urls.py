"""The public results of a cycle: /<cycle>/results/ and each decision's canonical JSON."""

from django.urls import path

from .views import results

app_name = "results"

urlpatterns = [
    path("<slug:slug>/results/", results.results, name="cycle"),
    path("<slug:slug>/results/decisions/<int:pk>.json", results.decision_json, name="decision_json"),
]
