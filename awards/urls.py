from django.urls import path

from . import views

app_name = "awards"
urlpatterns = [
    path("", views.home, name="home"),
    path("<slug:slug>/", views.cycle_detail, name="cycle"),
]
