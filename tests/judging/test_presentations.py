import re
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from icalendar import Calendar

from core.emails import render_attachment
from core.models import OutboundEmail
from judging.models import PresentationSlot
from judging.selectors import presentations_between
from judging.services.presentations import generate_schedule, move_slot, send_notices
from judging.services.shortlist import confirm_shortlist
from tests.i18n import thai

pytestmark = pytest.mark.django_db
BANGKOK = ZoneInfo("Asia/Bangkok")


def at(hour, minute=0):
    return datetime(2022, 9, 14, hour, minute, tzinfo=BANGKOK)


@pytest.fixture
def finals(edition, staff):
    apps = [edition.enter(f"MOB-{i}", [9, 9]) for i in range(1, 4)]
    final = confirm_shortlist(round=edition.round, application_ids={a.pk for a in apps}, by=staff)
    OutboundEmail.objects.all().delete()
    return final, apps


def ics_events(email):
    """The e-mail's .ics as the worker renders it when sending, parsed back (a finalist's e-mail also
    carries the invitation letter, tests/documents/test_letter_triggers.py)."""
    [item] = [item for item in email.attachments if item["mimetype"] == "text/calendar"]
    assert (item["filename"].endswith(".ics"), item["mimetype"]) == (True, "text/calendar")
    calendar = Calendar.from_ical(render_attachment(item, email.language))
    return [(str(e["uid"]), int(e["sequence"]), e.start, e.end) for e in calendar.events]


def test_generate_schedule_places_the_finalists_in_one_room_around_lunch(edition, finals, judge, chair):
    final, apps = finals
    plan = generate_schedule(schedule=edition.schedule(final))
    assert plan.complete
    slots = list(PresentationSlot.objects.order_by("starts_at"))
    assert [(s.application_id, s.starts_at, s.ends_at) for s in slots] == [
        (apps[0].pk, at(10), at(10, 20)),
        (apps[1].pk, at(10, 30), at(10, 50)),
        (apps[2].pk, at(11), at(11, 20)),
    ]
    assert {j.pk for j in slots[0].judges} == {judge.pk, chair.pk}


def test_generate_schedule_has_a_recused_judge_step_out(edition, finals, judge, chair):
    final, apps = finals
    from judging.enums import ConflictAnswer
    from judging.models import Assignment

    Assignment.objects.filter(round=final, judge=chair, application=apps[1]).update(
        conflict_answer=ConflictAnswer.RECUSED
    )
    generate_schedule(schedule=edition.schedule(final))
    slot = PresentationSlot.objects.get(application=apps[1])
    assert ([j.pk for j in slot.judges], [j.pk for j in slot.stepping_out.all()]) == ([judge.pk], [chair.pk])


def test_generate_schedule_reports_finalists_that_do_not_fit(edition, finals):
    final, apps = finals
    plan = generate_schedule(schedule=edition.schedule(final, ends_at=at(10, 50)))
    assert [(u.finalist_id, u.reason) for u in plan.unplaced] == [(apps[2].pk, "window_full")]
    assert PresentationSlot.objects.count() == 2


def test_send_notices_attaches_an_ics_that_parses_back_in_bangkok_time(edition, finals, judge):
    final, apps = finals
    schedule = edition.schedule(final)
    generate_schedule(schedule=schedule)
    assert send_notices(schedule=schedule) == 3
    finalist_mail = OutboundEmail.objects.get(
        kind="presentation_finalist", to=apps[0].organisation.memberships.get().user.email
    )
    [(uid, sequence, start, end)] = ics_events(finalist_mail)
    assert (sequence, start, end) == (0, at(10), at(10, 20))
    assert str(start.tzinfo) == "Asia/Bangkok"
    assert uid == f"presentation-{schedule.pk}-{apps[0].pk}@127.0.0.1"
    judge_mail = OutboundEmail.objects.get(kind="presentation_judge", to=judge.email)
    assert [event[2] for event in ics_events(judge_mail)] == [at(10), at(10, 30), at(11)]
    assert send_notices(schedule=schedule) == 0  # nothing new to send


def test_move_slot_sends_an_update_with_the_same_uid_and_a_higher_sequence(edition, finals, judge):
    final, apps = finals
    schedule = edition.schedule(final)
    generate_schedule(schedule=schedule)
    send_notices(schedule=schedule)
    OutboundEmail.objects.all().delete()
    slot = PresentationSlot.objects.get(application=apps[2])
    move_slot(slot=slot, room=slot.room, starts_at=at(13))
    finalist_mail = OutboundEmail.objects.get(kind="presentation_finalist")
    [(uid, sequence, start, _end)] = ics_events(finalist_mail)
    assert (uid, sequence, start) == (f"presentation-{schedule.pk}-{apps[2].pk}@127.0.0.1", 1, at(13))
    assert finalist_mail.subject == "เปลี่ยนแปลง: เวลานำเสนอผลงาน MOB-3"
    assert OutboundEmail.objects.filter(kind="presentation_judge").count() == 2


def test_move_slot_refuses_a_time_taken_by_the_judges_or_in_a_break(edition, finals):
    final, apps = finals
    schedule = edition.schedule(final)
    generate_schedule(schedule=schedule)
    slot = PresentationSlot.objects.get(application=apps[2])
    broken = re.escape(thai("This change breaks the schedule's rules: %(problems)s") % {"problems": ""})
    said = []
    for starts_at in (at(10, 10), at(12, 10), at(14, 50)):
        with pytest.raises(ValidationError, match=broken) as refusal:
            move_slot(slot=slot, room=slot.room, starts_at=starts_at)
        said.append(refusal.value.messages[0])
    # In the person's language, naming the finalist by its reference: no English, no database ids.
    assert all(apps[2].reference in message for message in said)
    references = re.compile(r"\b[A-Z]+-\d+\b")
    assert not any(re.search(r"[A-Za-z]{3,}", references.sub("", message)) for message in said), said
    assert thai("%(finalist)s would fall in a break") % {"finalist": apps[2].reference} in said[1]
    slot.refresh_from_db()
    assert (slot.starts_at, slot.sequence) == (at(11), 0)


def test_generate_again_keeps_the_row_and_raises_the_sequence_of_a_moved_slot(edition, finals):
    final, apps = finals
    schedule = edition.schedule(final)
    generate_schedule(schedule=schedule)
    before = {s.application_id: s.pk for s in PresentationSlot.objects.all()}
    schedule.slot_minutes = 25
    schedule.save()
    generate_schedule(schedule=schedule)
    after = {s.application_id: (s.pk, s.sequence) for s in PresentationSlot.objects.all()}
    assert after == {app_id: (pk, 1) for app_id, pk in before.items()}


def test_presentations_between_uses_a_constant_number_of_queries(edition, finals, django_assert_max_num_queries):
    final, apps = finals
    generate_schedule(schedule=edition.schedule(final))
    with django_assert_max_num_queries(3):
        slots = list(presentations_between(at(0), at(23)))
        judges = [[j.pk for j in slot.judges] for slot in slots]
        names = [slot.application.organisation.name for slot in slots]
    assert (len(judges), len(names)) == (3, 3)


def test_the_worker_sends_the_notice_with_its_ics_file(edition, finals, mailoutbox, django_capture_on_commit_callbacks):
    final, apps = finals
    schedule = edition.schedule(final)
    generate_schedule(schedule=schedule)
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        send_notices(schedule=schedule)
    member = apps[0].organisation.memberships.get().user
    [message] = [m for m in mailoutbox if m.to == [member.email]]
    [(filename, content, mimetype)] = [item for item in message.attachments if item[2] == "text/calendar"]
    assert (filename, mimetype) == ("presentation.ics", "text/calendar")
    assert Calendar.from_ical(content).events[0].start == at(10)
    assert OutboundEmail.objects.get(to=member.email).status == OutboundEmail.Status.SENT
