"""Finalists and judges are reminded the day before their presentations, once."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from core.models import OutboundEmail
from judging.enums import ConflictAnswer
from judging.models import Assignment, PresentationSlot
from judging.services.presentations import generate_schedule
from judging.services.shortlist import confirm_shortlist
from reminders.models import Reminder
from reminders.services import sweep
from tests.judging.conftest import Edition

pytestmark = pytest.mark.django_db
BANGKOK = ZoneInfo("Asia/Bangkok")


def bangkok(day, hour, minute=0):
    return datetime(2022, 9, day, hour, minute, tzinfo=BANGKOK)


@pytest.fixture
def presentations(judge, chair, staff):
    """Two finalists presenting on 14 September 2022 at 10:00 and 10:30; the chair steps out of the second."""
    edition = Edition([judge, chair])
    apps = [edition.enter(f"MOB-{i}", [9, 9]) for i in range(1, 3)]
    final = confirm_shortlist(round=edition.round, application_ids={a.pk for a in apps}, by=staff)
    Assignment.objects.filter(round=final, judge=chair, application=apps[1]).update(
        conflict_answer=ConflictAnswer.RECUSED
    )
    generate_schedule(schedule=edition.schedule(final))
    OutboundEmail.objects.all().delete()
    return apps


def reminders():
    return {e.to: e for e in OutboundEmail.objects.filter(kind="presentation_1d")}


def member_of(application):
    return application.organisation.memberships.get().user


def test_presentation_reminder_the_day_before_to_finalists_and_judges_once(presentations, judge, chair):
    first, second = presentations
    sweep(at=bangkok(13, 8))  # the day before, too early in the morning
    assert reminders() == {}

    for moment in [bangkok(13, 9, 5), bangkok(13, 9, 10), bangkok(13, 16), bangkok(14, 9, 30)]:
        sweep(at=moment)

    sent = reminders()
    assert sorted(sent) == sorted([judge.email, chair.email, member_of(first).email, member_of(second).email])
    assert Reminder.objects.count() == 4
    assert ("MOB-1" in sent[judge.email].body_text, "MOB-2" in sent[judge.email].body_text) == (True, True)
    assert ("MOB-1" in sent[chair.email].body_text, "MOB-2" in sent[chair.email].body_text) == (True, False)
    assert "14 กันยายน 2565" in sent[member_of(first).email].body_text
    assert "https://meet.example.org/scsa" in sent[member_of(second).email].body_text


def test_moved_presentation_is_reminded_again_at_its_new_time(presentations):
    first, _second = presentations
    sweep(at=bangkok(13, 10))
    PresentationSlot.objects.filter(application=first).update(starts_at=bangkok(15, 10), ends_at=bangkok(15, 10, 20))

    sweep(at=bangkok(14, 10))
    member = member_of(first)
    assert list(Reminder.objects.filter(recipient=member).values_list("deadline", flat=True).order_by("deadline")) == [
        bangkok(14, 10),
        bangkok(15, 10),
    ]
