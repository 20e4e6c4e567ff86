"""Dates in admin as staff read and type them (core/admin_dates.py): every date field reads the
Buddhist Era, and lists, read-only fields, the date hierarchy and both kinds of history show it in
Thai (the Christian Era in English)."""

import re
from datetime import date, datetime

import pytest
from django.contrib import admin
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.admin.templatetags import admin_list
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.urls import reverse
from django.utils import timezone, translation
from simple_history.admin import SimpleHistoryAdmin

from core.admin_dates import HistoryAdmin
from core.deadlines import end_of_day
from core.forms import ThaiDateField, ThaiDateTimeField
from submissions.enums import ApplicationStatus
from tests.factories import ApplicationFactory, CycleFactory, MilestoneFactory

pytestmark = pytest.mark.django_db


def bangkok(*args) -> datetime:
    return timezone.make_aware(datetime(*args))


def _date_fields(model):
    return [f for f in model._meta.get_fields() if isinstance(f, models.DateField) and f.editable and not f.choices]


def test_every_admin_date_field_reads_the_buddhist_era(rf, staff):
    request = rf.get("/admin/")
    request.user = staff
    checked = set()
    for model_admin in admin.site._registry.values():
        for each in [model_admin, *model_admin.get_inline_instances(request)]:
            for field in _date_fields(each.model):
                formfield = each.formfield_for_dbfield(field, request)
                expected = ThaiDateTimeField if isinstance(field, models.DateTimeField) else ThaiDateField
                assert isinstance(formfield, expected), f"{each.model.__name__}.{field.name}"
                checked.add(f"{each.model._meta.label}.{field.name}")
    # Ours (a milestone, a membership inline, a certificate's date), Django's and allauth's alike.
    assert {
        "awards.Milestone.starts_at",
        "submissions.Membership.joined_at",
        "documents.Certificate.awarded_on",
        "accounts.User.date_joined",
    } <= checked


def test_every_admin_with_a_history_shows_its_dates_as_staff_read_them():
    plain = [
        type(model_admin).__name__
        for model_admin in admin.site._registry.values()
        if isinstance(model_admin, SimpleHistoryAdmin) and not isinstance(model_admin, HistoryAdmin)
    ]
    assert plain == []


def test_admin_shows_values_of_methods_in_the_buddhist_era():
    moment = bangkok(2027, 1, 18, 9, 30)
    with translation.override("th"):
        thai = admin_list.display_for_value(moment, "-"), admin_list.display_for_value(date(2027, 1, 18), "-")
    with translation.override("en"):
        english = admin_list.display_for_value(moment, "-")
    assert thai == ("18 ม.ค. 2570 09.30 น.", "18 ม.ค. 2570")
    assert english == "18 Jan 2027 09:30"


def test_changelist_shows_the_buddhist_era_in_thai_and_the_christian_era_in_english(login_as, staff):
    MilestoneFactory(starts_at=bangkok(2027, 1, 18, 17, 0))
    client = login_as(staff)

    thai_page = client.get(reverse("admin:awards_milestone_changelist")).content.decode()
    with translation.override("en"):
        english_page = client.get(reverse("admin:awards_milestone_changelist")).content.decode()

    assert '<td class="field-starts_at nowrap">18 ม.ค. 2570 17.00 น.</td>' in thai_page
    assert "2027" not in thai_page
    assert '<td class="field-starts_at nowrap">18 Jan 2027 17:00</td>' in english_page


def test_read_only_dates_show_the_buddhist_era(login_as, staff):
    application = ApplicationFactory(
        status=ApplicationStatus.SUBMITTED, reference="T-001", submitted_at=bangkok(2027, 1, 18, 9, 30)
    )

    page = login_as(staff).get(reverse("admin:submissions_application_change", args=[application.pk]))

    readonly = re.search(r'field-submitted_at.*?<div class="readonly">(.*?)</div>', page.content.decode(), re.S)
    assert readonly[1] == "18 ม.ค. 2570 09.30 น."


def _hierarchy(page: str) -> list[str]:
    nav = re.search(r'<nav class="toplinks".*?</nav>', page, re.S)[0]
    return [title.strip() for title in re.findall(r"<a [^>]*>([^<]*)</a>", nav)]


def test_date_hierarchy_names_years_in_the_buddhist_era_in_thai(login_as, staff):
    cycle = CycleFactory()
    for number, moment in enumerate([bangkok(2026, 11, 23, 9, 0), bangkok(2027, 1, 18, 9, 0)]):
        ApplicationFactory(
            cycle=cycle, status=ApplicationStatus.SUBMITTED, reference=f"T-{number}", submitted_at=moment
        )
    client = login_as(staff)
    url = reverse("admin:submissions_application_changelist")

    years = _hierarchy(client.get(url).content.decode())
    months = _hierarchy(client.get(url, {"submitted_at__year": "2027"}).content.decode())
    with translation.override("en"):
        english = _hierarchy(client.get(reverse("admin:submissions_application_changelist")).content.decode())

    assert years == ["2569", "2570"]
    assert months[1:] == ["มกราคม 2570"]  # after the link back to all dates
    assert english == ["2026", "2027"]


def test_history_shows_when_and_what_changed_in_the_buddhist_era(login_as, staff):
    milestone = MilestoneFactory(starts_at=end_of_day(date(2027, 1, 18)))
    milestone.starts_at = end_of_day(date(2027, 1, 25))
    milestone.save()
    latest, first = milestone.history.all()
    first.history_date, latest.history_date = bangkok(2026, 11, 20, 8, 0), bangkok(2026, 11, 23, 9, 30)
    first.save()
    latest.save()

    page = login_as(staff).get(reverse("admin:awards_milestone_history", args=[milestone.pk])).content.decode()

    dates = re.findall(r'data-testid="history-date">([^<]*)<', page)
    changes = re.findall(r'data-testid="history-changes">(.*?)</td>', page, re.S)
    assert dates == ["23 พ.ย. 2569 09.30 น.", "20 พ.ย. 2569 08.00 น."]
    assert "18 ม.ค. 2570 23.59 น. &rarr; 25 ม.ค. 2570 23.59 น." in changes[0]


def test_admin_log_history_shows_the_buddhist_era(login_as, staff):
    cycle = CycleFactory()
    LogEntry.objects.create(
        user=staff,
        content_type=ContentType.objects.get_for_model(cycle),
        object_id=str(cycle.pk),
        object_repr=str(cycle),
        action_flag=CHANGE,
        change_message="[]",
        action_time=bangkok(2027, 1, 18, 9, 30),
    )

    page = login_as(staff).get(reverse("admin:awards_cycle_history", args=[cycle.pk])).content.decode()

    assert re.findall(r'data-testid="history-date">([^<]*)<', page) == ["18 ม.ค. 2570 09.30 น."]
