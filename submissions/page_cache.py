"""The applications' part of the public-page cache (core/pagecache.py): a finalist's or winner's
title, category, cover or consent, and an organisation's name, are on the vote's, the results' and the
showcase's pages. A save of an application that has left the draft (shortlisted, awarded, or taken
off the shortlist again) is a new version of every public page; a draft's autosaves cost nothing here."""

from core import pagecache

from .enums import FINALIST_STATUSES, ApplicationStatus
from .models import Application, Organisation


def _application_changed(instance: Application) -> None:
    if instance.status != ApplicationStatus.DRAFT:
        pagecache.changed(site=True)


def _organisation_changed(instance: Organisation) -> None:
    if instance.pk and instance.applications.filter(status__in=FINALIST_STATUSES).exists():
        pagecache.changed(site=True)


def connect() -> None:
    pagecache.connect(_application_changed, [Application])
    pagecache.connect(_organisation_changed, [Organisation], delete=False)
