from django.urls import path

from . import views

app_name = "documents"

urlpatterns = [
    path("documents/", views.my_documents, name="mine"),
    path("documents/<int:pk>/download/", views.download, name="download"),
    path("documents/letters/", views.my_letters, name="letters"),
    path("documents/letters/<int:pk>/download/", views.letter_download, name="letter_download"),
    path("documents/emblem/<slug:slug>/", views.emblem, name="emblem"),
    path("verify/<str:code>/", views.verify, name="verify"),
]
