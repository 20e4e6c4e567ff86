from datetime import timedelta

import pytest
from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from submissions.enums import ApplicationStatus
from submissions.models import Application, Attachment
from submissions.services import applications as services
from tests.factories import MembershipFactory
from tests.submissions.test_applications import complete, make_cycle

pytestmark = pytest.mark.django_db


@pytest.fixture
def application(applicant):
    cycle = make_cycle()
    organisation = MembershipFactory(user=applicant).organisation
    return services.start_application(
        organisation=organisation, cycle=cycle, category=cycle.categories.get(), title_th="ระบบทดสอบ", by=applicant
    )


def test_staff_list_filters_and_opens_application(login_as, staff, application):
    client = login_as(staff)
    listing = client.get(reverse("admin:submissions_application_changelist"), {"status__exact": "draft"})
    detail = client.get(reverse("admin:submissions_application_change", args=[application.pk]))
    assert listing.status_code == 200
    assert list(listing.context["cl"].result_list) == [application]
    assert detail.status_code == 200
    assert reverse("admin:submissions_application_extend", args=[application.pk]) in detail.content.decode()


def test_staff_list_query_count_constant(login_as, staff, application, applicant):
    client = login_as(staff)
    url = reverse("admin:submissions_application_changelist")
    with CaptureQueriesContext(connection) as one:
        client.get(url)
    for title in ("ข", "ค"):
        services.start_application(
            organisation=application.organisation,
            cycle=application.cycle,
            category=application.category,
            title_th=title,
            by=applicant,
        )
    with CaptureQueriesContext(connection) as three:
        response = client.get(url)
    assert response.context["cl"].result_count == 3
    assert len(three) == len(one)


def test_staff_reopen_action(login_as, staff, application, applicant):
    complete(application, applicant)
    services.submit_application(application=application, by=applicant)
    login_as(staff).post(
        reverse("admin:submissions_application_changelist"),
        {"action": "reopen", "_selected_action": [application.pk]},
    )
    application.refresh_from_db()
    assert application.status == ApplicationStatus.DRAFT


def test_staff_personal_extension_recorded(login_as, staff, application):
    until = timezone.localtime(timezone.now() + timedelta(days=3)).replace(microsecond=0, second=0)
    response = login_as(staff).post(
        reverse("admin:submissions_application_extend", args=[application.pk]),
        {"until_0": until.strftime("%Y-%m-%d"), "until_1": until.strftime("%H:%M:%S"), "reason": "ระบบล่ม"},
    )
    application.refresh_from_db()
    assert response.status_code == 302
    assert (application.extended_until, application.extension_reason) == (until, "ระบบล่ม")
    assert application.history.first().history_user == staff


def test_staff_download_attachment(login_as, staff, application, applicant):
    attachment = Attachment(application=application, original_name="แผนงาน.pdf", kind="pdf", size=9, sha256="x")
    attachment.file.save("a.pdf", ContentFile(b"%PDF-1.4\n"), save=True)
    response = login_as(staff).get(reverse("admin:submissions_attachment_download", args=[attachment.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"%PDF-1.4\n"


def test_applicant_cannot_use_admin_download(login_as, applicant, application):
    attachment = Attachment(application=application, original_name="x.pdf", kind="pdf", size=9, sha256="x")
    attachment.file.save("b.pdf", ContentFile(b"%PDF-1.4\n"), save=True)
    response = login_as(applicant).get(reverse("admin:submissions_attachment_download", args=[attachment.pk]))
    assert response.status_code == 403
    assert Application.objects.count() == 1


@pytest.mark.postgres
def test_staff_lists_sort_thai_names_in_dictionary_order(login_as, staff, applicant):
    from tests.factories import OrganisationFactory

    for name in ("องค์การบริหารส่วนตำบลอ่างทอง", "เทศบาลเมืองชลบุรี", "กรุงเทพมหานคร"):
        OrganisationFactory(name=name, kind="sao")
    response = login_as(staff).get(reverse("admin:submissions_organisation_changelist"))
    names = [organisation.name for organisation in response.context["cl"].result_list]
    # เทศบาล… files under ท (its consonant), before อ…; code-point order would put เ… last.
    assert names == ["กรุงเทพมหานคร", "เทศบาลเมืองชลบุรี", "องค์การบริหารส่วนตำบลอ่างทอง"]
