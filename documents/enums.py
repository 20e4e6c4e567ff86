from django.db import models
from django.utils.translation import gettext_lazy as _


class DocumentKind(models.TextChoices):
    APPLICATION = "application", _("Application as submitted")
    SCORE_SHEET = "score_sheet", _("Judge's score sheet")
    SUMMARY = "summary", _("Score summary")
    COMMITTEE_BOOK = "committee_book", _("Committee book")
    CERTIFICATE = "certificate", _("Certificate")


class LetterKind(models.TextChoices):
    ACKNOWLEDGEMENT = "acknowledgement", _("Acknowledgement of the application")
    SHORTLISTED = "shortlisted", _("Shortlisted")
    NOT_SHORTLISTED = "not_shortlisted", _("Not shortlisted")
    INVITATION = "invitation", _("Invitation to present")
    RESULTS = "results", _("Results")


class DocumentStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RENDERING = "rendering", _("Rendering")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")


# What each kind of document is about: the targets it needs (the others stay empty).
TARGETS = {
    DocumentKind.APPLICATION: ("application",),
    DocumentKind.SCORE_SHEET: ("assignment",),
    DocumentKind.SUMMARY: ("application", "round"),
    DocumentKind.COMMITTEE_BOOK: ("round", "category"),
    DocumentKind.CERTIFICATE: ("certificate",),
}
TARGET_FIELDS = ("application", "assignment", "round", "category", "certificate")
