"""The shortlist and presentation pages: who may open them (404 otherwise), what they show, and
query counts that do not grow with the number of presentations."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from core.models import OutboundEmail
from judging.models import PresentationSchedule, PresentationSlot, Round
from judging.services.presentations import generate_schedule
from judging.services.shortlist import confirm_shortlist
from submissions.enums import ApplicationStatus

pytestmark = pytest.mark.django_db
BANGKOK = ZoneInfo("Asia/Bangkok")


def at(hour, minute=0):
    return datetime(2022, 9, 14, hour, minute, tzinfo=BANGKOK)


def scheduled(edition, staff, count, applicant=None):
    apps = [edition.enter(f"MOB-{i}", [9, 9], member=applicant if i == 1 else None) for i in range(1, count + 1)]
    final = confirm_shortlist(round=edition.round, application_ids={a.pk for a in apps}, by=staff)
    generate_schedule(schedule=edition.schedule(final))
    return final, apps


def queries(client, url):
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return len(context.captured_queries)


def test_judge_agenda_shows_their_day_with_the_application_one_click_away(edition, staff, judge, login_as):
    final, apps = scheduled(edition, staff, 2)
    response = login_as(judge).get(reverse("judging:agenda"))
    body = response.content.decode()
    assert "14 กันยายน 2565" in body
    assert "10.00 น.–10.20 น." in body
    assignment = final.assignments.get(judge=judge, application=apps[0])
    assert reverse("judging:assignment", args=[assignment.pk]) in body
    assert "https://meet.example.org/scsa" in body


@pytest.mark.parametrize("blind", [False, True])
def test_judge_agenda_names_the_organisation_only_in_an_open_round(edition, staff, judge, login_as, blind):
    final, apps = scheduled(edition, staff, 1)
    Round.objects.filter(pk=final.pk).update(blind=blind)

    body = login_as(judge).get(reverse("judging:agenda")).content.decode()

    assert apps[0].title_th in body
    assert (apps[0].organisation.name in body) is not blind


def test_judge_agenda_has_a_constant_number_of_queries(edition, staff, judge, client, login_as):
    scheduled(edition, staff, 1)
    one = queries(login_as(judge), reverse("judging:agenda"))
    apps = [edition.enter(f"MOB-{i}", [9, 9]) for i in (7, 8)]
    PresentationSlot.objects.all().delete()
    Round.objects.filter(pk=edition.round.pk).update(shortlist_confirmed_at=None)
    for app in apps:
        app.status = ApplicationStatus.SHORTLISTED
        app.save()
    generate_schedule(schedule=PresentationSchedule.objects.get())
    assert PresentationSlot.objects.count() == 3
    assert queries(client, reverse("judging:agenda")) == one


def test_agenda_is_404_for_people_who_are_not_judges(applicant, staff, login_as):
    assert login_as(applicant).get(reverse("judging:agenda")).status_code == 404


def test_finalist_sees_their_slot_and_how_to_join(edition, staff, applicant, login_as):
    scheduled(edition, staff, 2, applicant=applicant)
    body = login_as(applicant).get(reverse("my_presentation")).content.decode()
    assert ("MOB-1" in body, "MOB-2" in body) == (True, False)
    assert "14 กันยายน 2565" in body and "https://meet.example.org/scsa" in body


def test_finalist_page_is_404_for_an_applicant_without_a_presentation(edition, staff, other_applicant, login_as):
    scheduled(edition, staff, 1)
    assert login_as(other_applicant).get(reverse("my_presentation")).status_code == 404


@pytest.mark.parametrize("name", ["staff_shortlist", "staff_schedule"])
def test_staff_pages_are_404_for_judges_and_applicants(edition, judge, applicant, login_as, name):
    for person in (judge, applicant):
        assert login_as(person).get(reverse(f"judging:{name}", args=[edition.round.pk])).status_code in (404,)


def test_staff_shortlist_proposes_reviews_then_confirms(edition, staff, login_as):
    edition.round.advance_top_n = 1
    edition.round.save()
    top, tied, low = edition.enter("MOB-1", [9, 9]), edition.enter("MOB-2", [9, 9]), edition.enter("MOB-3", [2, 2])
    client = login_as(staff)
    url = reverse("judging:staff_shortlist", args=[edition.round.pk])
    page = client.get(url).content.decode()
    assert page.count("checked") == 2 and "คะแนนเท่ากันที่ลำดับตัด" in page
    review = client.post(url, {"application": [top.pk, low.pk], "review": ""})
    assert review.templates[0].name == "judging/staff/shortlist_confirm.html"
    assert OutboundEmail.objects.count() == 0  # nothing happens before the confirmation
    # Leaving out an application tied at the cut breaks the tie by hand: the reason is required.
    refused = client.post(url, {"application": [top.pk, low.pk], "confirm": "", "reason": "  "})
    assert refused.status_code == 200 and 'data-testid="error-summary"' in refused.content.decode()
    assert OutboundEmail.objects.count() == 0 and not Round.objects.filter(kind="final").exists()
    reason = "MOB-1 นำเสนอแผนขยายผลที่ชัดเจนกว่า"
    response = client.post(url, {"application": [top.pk, low.pk], "confirm": "", "reason": reason})
    final = Round.objects.get(kind="final")
    assert Round.objects.get(pk=edition.round.pk).shortlist_reason == reason
    assert reason in client.get(url).content.decode()  # shown to staff afterwards
    assert response.url == reverse("judging:staff_schedule", args=[final.pk])
    statuses = dict(edition.cycle.applications.values_list("reference", "status"))
    assert statuses == {"MOB-1": "shortlisted", "MOB-2": "submitted", "MOB-3": "shortlisted"}
    assert tied.pk  # the tied application was shown, and staff chose to leave it out


def test_staff_schedule_form_generates_and_reports_a_shortfall(edition, staff, login_as):
    apps = [edition.enter(f"MOB-{i}", [9, 9]) for i in range(1, 4)]
    final = confirm_shortlist(round=edition.round, application_ids={a.pk for a in apps}, by=staff)
    client = login_as(staff)
    url = reverse("judging:staff_schedule", args=[final.pk])
    data = {
        "day": "14/09/2565",
        "starts": "10:00",
        "ends": "10:50",
        "slot_minutes": 20,
        "changeover_minutes": 10,
        "breaks": "",
        "video_url": "https://meet.example.org/x",
    }
    response = client.post(url, data, follow=True)
    body = response.content.decode()
    assert PresentationSlot.objects.count() == 2
    assert "ผู้ผ่านการคัดเลือก 1 รายการไม่พอเวลา (MOB-3: ไม่มีเวลาว่างเหลือในช่วงการนำเสนอ)" in body
    schedule = PresentationSchedule.objects.get()
    assert (schedule.starts_at, schedule.ends_at) == (at(10), at(10, 50))


def test_staff_schedule_grid_has_a_constant_number_of_queries(edition, staff, login_as):
    final, _apps = scheduled(edition, staff, 1)
    url = reverse("judging:staff_schedule", args=[final.pk])
    one = queries(login_as(staff), url)
    for i in (5, 6):
        app = edition.enter(f"MOB-{i}", [9, 9])
        app.status = ApplicationStatus.SHORTLISTED
        app.save()
    generate_schedule(schedule=PresentationSchedule.objects.get())
    assert PresentationSlot.objects.count() == 3
    assert queries(login_as(staff), url) == one


def test_staff_move_form_shows_a_refusal_beside_the_form(edition, staff, login_as):
    final, apps = scheduled(edition, staff, 2)
    slot = PresentationSlot.objects.get(application=apps[1])
    url = reverse("judging:staff_move_slot", args=[slot.pk])
    response = login_as(staff).post(url, {"room": slot.room_id, "day": "14/09/2565", "starts": "12:10"})
    assert "การเปลี่ยนแปลงนี้ขัดกับกติกาของตาราง" in response.content.decode()
    response = login_as(staff).post(url, {"room": slot.room_id, "day": "14/09/2565", "starts": "13:00"})
    slot.refresh_from_db()
    assert (response.status_code, slot.starts_at, slot.sequence) == (302, at(13), 1)
