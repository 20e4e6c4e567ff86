"""Withdrawal: the same deadline rule as any change, and who withdrew and when are kept."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone, translation

from core.formats import local_date, local_time
from submissions.enums import ApplicationStatus
from submissions.models import Application
from submissions.services import applications as services
from tests.i18n import thai
from tests.submissions.test_applications import complete, make_cycle, start_draft

pytestmark = pytest.mark.django_db


@pytest.fixture
def submitted(applicant):
    cycle = make_cycle()
    application = start_draft(applicant, cycle)
    complete(application, applicant)
    return services.submit_application(application=application, by=applicant)


def close_the_call(application: Application) -> None:
    application.cycle.milestones.update(starts_at=timezone.now() - timedelta(minutes=1))


def test_withdraw_records_who_withdrew_and_when(applicant, submitted):
    before = timezone.now()

    services.withdraw_application(application=submitted, by=applicant)

    submitted.refresh_from_db()
    assert (submitted.status, submitted.withdrawn_by) == (ApplicationStatus.WITHDRAWN, applicant)
    assert before <= submitted.withdrawn_at <= timezone.now()
    assert (submitted.history.first().withdrawn_by, submitted.history.first().status) == (applicant, "withdrawn")


def test_withdraw_after_the_deadline_refused_with_what_to_do(applicant, submitted):
    close_the_call(submitted)

    with translation.override("en"), pytest.raises(ValidationError, match="no longer be withdrawn") as error:
        services.withdraw_application(application=submitted, by=applicant)

    assert error.value.messages == [
        "The deadline has passed: the application can no longer be withdrawn. If it should not be judged, "
        "write to the award's staff."
    ]
    submitted.refresh_from_db()
    assert (submitted.status, submitted.withdrawn_by) == (ApplicationStatus.SUBMITTED, None)


def test_withdraw_a_draft_refused(applicant):
    cycle = make_cycle()
    draft = start_draft(applicant, cycle)

    with translation.override("en"), pytest.raises(ValidationError, match="Only a submitted application") as error:
        services.withdraw_application(application=draft, by=applicant)

    assert error.value.messages == ["Only a submitted application can be withdrawn; this one is Draft."]


def test_withdraw_by_someone_outside_the_organisation_refused(other_applicant, submitted):
    with translation.override("en"), pytest.raises(ValidationError, match="Only a member") as error:
        services.withdraw_application(application=submitted, by=other_applicant)

    assert error.value.messages == ["Only a member of the applying organisation can withdraw its application."]
    submitted.refresh_from_db()
    assert submitted.status == ApplicationStatus.SUBMITTED


def test_reopen_clears_the_withdrawal_and_history_keeps_it(applicant, staff, submitted):
    services.withdraw_application(application=submitted, by=applicant)

    services.reopen_application(application=submitted, by=staff)

    submitted.refresh_from_db()
    assert (submitted.status, submitted.withdrawn_by, submitted.withdrawn_at) == (ApplicationStatus.DRAFT, None, None)
    assert list(submitted.history.values_list("status", "withdrawn_by")[:2]) == [
        ("draft", None),
        ("withdrawn", applicant.pk),
    ]


def test_overview_offers_withdrawal_only_before_the_deadline(login_as, applicant, submitted):
    client = login_as(applicant)
    url = f"/my/applications/{submitted.pk}/"
    withdraw = reverse("submissions:withdraw", args=[submitted.pk])

    before = client.get(url).content.decode()
    close_the_call(submitted)
    after = client.get(url).content.decode()

    assert (withdraw in before, withdraw in after) == (True, False)


def test_withdraw_view_after_the_deadline_says_why(login_as, applicant, submitted):
    close_the_call(submitted)

    response = login_as(applicant).post(reverse("submissions:withdraw", args=[submitted.pk]), follow=True)

    assert [str(m) for m in response.context["messages"]] == [
        thai(
            "The deadline has passed: the application can no longer be withdrawn. If it should not be judged, "
            "write to the award's staff."
        )
    ]


def test_admin_shows_who_withdrew_and_when(login_as, applicant, staff, submitted):
    services.withdraw_application(application=submitted, by=applicant)
    submitted.refresh_from_db()

    response = login_as(staff).get(reverse("admin:submissions_application_change", args=[submitted.pk]))

    with translation.override("th"):
        expected = thai("Withdrawn by %(person)s on %(date)s at %(time)s") % {
            "person": applicant,
            "date": local_date(submitted.withdrawn_at),
            "time": local_time(submitted.withdrawn_at),
        }
    assert expected in response.content.decode()
    assert "withdrawn_by" not in response.context["adminform"].form.fields
