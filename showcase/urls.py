from django.urls import path

from . import views

app_name = "showcase"
urlpatterns = [
    path("solutions/", views.solution_list, name="list"),
    path("solutions/<int:pk>/", views.solution_detail, name="detail"),
    path("solutions/<int:pk>/cover/", views.solution_cover, name="cover"),
    path("solutions.csv", views.open_data_csv, name="csv"),
    path("solutions.json", views.open_data_json, name="json"),
]
