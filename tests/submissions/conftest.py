"""Fixtures the attachment and organisation tests share.

Nothing here is autouse: those modules opt in to English wording and private media folders with
`pytest.mark.usefixtures`, so the other modules here keep Thai as the default language.
"""

from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone, translation

from submissions.enums import ApplicationStatus, MemberRole
from submissions.models import Application, Province

from ..factories import ApplicationFactory, MembershipFactory, UserFactory
from .helpers import add


@pytest.fixture
def _english_messages():
    """These tests compare refusals with their English wording (Thai is checked by tests/test_locale.py);
    a request under /my/ still switches to Thai, as it does for a visitor."""
    translation.activate("en")


@pytest.fixture
def media(settings, tmp_path) -> Path:
    """Stored files and temporary uploads go to this test's own folders."""
    root, uploads = tmp_path / "media", tmp_path / "uploads"
    uploads.mkdir()
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": root}},
    }
    settings.FILE_UPLOAD_TEMP_DIR = str(uploads)
    return root


# People and organisations


@pytest.fixture
def organisation(applicant):
    """The applicant's organisation, which the applicant owns."""
    return MembershipFactory(user=applicant, role=MemberRole.OWNER).organisation


@pytest.fixture
def colleague(organisation):
    """An editor of the applicant's organisation."""
    return MembershipFactory(
        user=UserFactory(email="colleague@example.com", full_name="สมศรี ทำงาน"), organisation=organisation
    ).user


@pytest.fixture
def other_membership(other_applicant):
    return MembershipFactory(user=other_applicant, role=MemberRole.OWNER)


@pytest.fixture
def bangkok():
    return Province.objects.get(code="10")


# Applications and their files


@pytest.fixture
def application(organisation):
    return ApplicationFactory(organisation=organisation)


@pytest.fixture
def submitted(applicant, application):
    attachment = add(application, applicant, name="ส่งแล้ว.pdf")
    Application.objects.filter(pk=application.pk).update(status=ApplicationStatus.SUBMITTED)
    return attachment


@pytest.fixture
def late(applicant, organisation):
    application = ApplicationFactory(organisation=organisation, deadline=timezone.now() + timedelta(minutes=1))
    attachment = add(application, applicant, name="ช้า.pdf")
    application.cycle.milestones.update(starts_at=timezone.now() - timedelta(minutes=1))
    return attachment
