"""The applicant area, under /my/ (Thai) and /en/my/ (English). Each views module lists its own paths."""

from .views import applications, attachments, consent, organisations

app_name = "submissions"

urlpatterns = [
    *applications.urlpatterns,
    *attachments.urlpatterns,
    *organisations.urlpatterns,
    *consent.urlpatterns,
]
