"""The retention period staff set per cycle: when its applications are purged, and the admin form."""

from datetime import datetime
from html.parser import HTMLParser
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from awards.enums import MilestoneKind
from awards.models import Cycle
from awards.selectors import purge_due_at
from core.formats import local_date
from tests.i18n import thai

from ..factories import CycleFactory, MilestoneFactory

pytestmark = pytest.mark.django_db

BANGKOK = ZoneInfo("Asia/Bangkok")


def _at(*args) -> datetime:
    return datetime(*args, tzinfo=BANGKOK)


@pytest.fixture
def cycle():
    cycle = CycleFactory()
    MilestoneFactory(cycle=cycle, kind=MilestoneKind.SUBMISSION_DEADLINE, starts_at=_at(2022, 8, 31, 23, 59))
    MilestoneFactory(cycle=cycle, kind=MilestoneKind.RESULTS, starts_at=_at(2022, 11, 24, 10))
    return Cycle.objects.prefetch_related("milestones").get(pk=cycle.pk)


def test_purge_is_due_the_retention_years_after_the_results(cycle):
    assert purge_due_at(cycle) == _at(2027, 11, 24, 10)
    cycle.retention_years = 2
    assert purge_due_at(cycle) == _at(2024, 11, 24, 10)


def test_without_results_the_last_date_of_the_cycle_counts(cycle):
    cycle.milestones.filter(kind=MilestoneKind.RESULTS).delete()
    MilestoneFactory(
        cycle=cycle, kind=MilestoneKind.VOTING, starts_at=_at(2022, 9, 1), ends_at=_at(2022, 9, 30, 23, 59)
    )
    assert purge_due_at(Cycle.objects.get(pk=cycle.pk)) == _at(2027, 9, 30, 23, 59)


def test_a_cycle_without_dates_is_never_due():
    assert purge_due_at(CycleFactory()) is None


def test_results_on_29_february_are_purged_on_28_february():
    cycle = CycleFactory(retention_years=1)
    MilestoneFactory(cycle=cycle, kind=MilestoneKind.RESULTS, starts_at=_at(2028, 2, 29, 9))
    assert purge_due_at(cycle) == _at(2029, 2, 28, 9)


class _FormValues(HTMLParser):
    """The values a browser would send back from a page's main form (inputs, selects, text areas)."""

    def __init__(self):
        super().__init__()
        self.data, self._select, self._textarea = {}, None, None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        name = attrs.get("name")
        if tag == "input" and name and attrs.get("type") not in {"submit", "file"}:
            if attrs.get("type") != "checkbox" or "checked" in attrs:
                self.data[name] = attrs.get("value") or ("on" if attrs.get("type") == "checkbox" else "")
        elif tag == "select" and name:
            self._select = name
            self.data.setdefault(name, "")
        elif tag == "option" and self._select and "selected" in attrs:
            self.data[self._select] = attrs.get("value", "")
        elif tag == "textarea" and name:
            self._textarea = name
            self.data[name] = ""

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None

    def handle_data(self, data):
        if self._textarea:
            self.data[self._textarea] += data.removeprefix("\n")


def _post(client, cycle, **changes):
    url = reverse("admin:awards_cycle_change", args=[cycle.pk])
    form = _FormValues()
    form.feed(client.get(url).content.decode())
    return client.post(url, {**form.data, **changes})


def test_admin_shows_when_the_applications_will_be_purged(login_as, staff, cycle):
    page = login_as(staff).get(reverse("admin:awards_cycle_change", args=[cycle.pk])).content.decode()

    assert local_date(_at(2027, 11, 24, 10)) in page
    assert thai("years to keep the applications") in page


@pytest.mark.parametrize("years", ["0", "101"])
def test_admin_refuses_a_retention_outside_1_to_100_years(login_as, staff, cycle, years):
    response = _post(login_as(staff), cycle, retention_years=years)

    assert response.status_code == 200
    assert response.context["adminform"].form.errors["retention_years"] == [
        thai("Keep the applications for 1 to 100 years after the results.")
    ]
    assert Cycle.objects.get(pk=cycle.pk).retention_years == 5


def test_admin_saves_a_new_retention_and_the_purge_date_follows(login_as, staff, cycle):
    client = login_as(staff)

    response = _post(client, cycle, retention_years="7")

    assert response.status_code == 302
    assert Cycle.objects.get(pk=cycle.pk).retention_years == 7
    page = client.get(reverse("admin:awards_cycle_change", args=[cycle.pk])).content.decode()
    assert local_date(_at(2029, 11, 24, 10)) in page


def test_admin_shows_what_was_purged_and_no_longer_offers_the_period(login_as, staff, cycle):
    counts = {"deleted": {"submissions.application": 12}, "anonymised": {}, "files": 3, "history": 40}
    Cycle.objects.filter(pk=cycle.pk).update(applications_purged_at=_at(2027, 11, 25, 3, 45), purge_counts=counts)

    response = login_as(staff).get(reverse("admin:awards_cycle_change", args=[cycle.pk]))

    page = response.content.decode()
    assert f"<li>{thai('Deleted')}: {thai('applications')} 12</li>" in page
    assert f"<li>{thai('Stored files deleted')}: 3</li>" in page
    assert "retention_years" not in response.context["adminform"].form.fields
