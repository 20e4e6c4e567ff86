from datetime import timedelta

import pytest
from django.utils import timezone

from submissions.enums import MemberRole
from submissions.models import Application

from ..factories import ApplicationFactory, MembershipFactory

DAY = timedelta(days=1)


def old_draft(*, deadline, organisation=None, **kwargs) -> Application:
    """A draft started a month ago (so every reminder stage applies to it) with ``deadline``."""
    if organisation:
        kwargs["organisation"] = organisation
    application = ApplicationFactory(deadline=deadline, **kwargs)
    Application.objects.filter(pk=application.pk).update(created_at=timezone.now() - 30 * DAY)
    application.refresh_from_db()
    return application


@pytest.fixture
def deadline():
    return (timezone.now() + 10 * DAY).replace(microsecond=0)


@pytest.fixture
def draft(applicant, deadline):
    organisation = MembershipFactory(user=applicant, role=MemberRole.OWNER).organisation
    return old_draft(deadline=deadline, organisation=organisation)
