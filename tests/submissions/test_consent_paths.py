"""The consent to publish has one path: the overview's buttons and the project page's checkbox both
change it through services.consent, with the same history, audit event and version step, and the
checkbox keeps the project page's check against a form open in another tab."""

import pytest

from accounts.models import AuditEvent
from submissions.models import FACT_FIELDS, Application
from submissions.services import applications as services
from tests.factories import ApplicationFactory

pytestmark = pytest.mark.django_db


def _facts(application, **changes):
    data = {
        "title_th": application.title_th,
        "title_en": "",
        "category": application.category_id,
        "version": application.version,
        "editor": "tab-a",
    }
    return {**data, **changes}


def _facts_url(application) -> str:
    return f"/en/my/applications/{application.pk}/facts/"


def _trace(application) -> tuple:
    """What a change of consent leaves behind: the audit event and the history's reason."""
    event = AuditEvent.objects.get(action="application.publish_consent", target_id=str(application.pk))
    latest = Application.objects.get(pk=application.pk).history.first()
    return (event.actor, event.detail, latest.publish_consent, latest.history_user, latest.history_change_reason)


def test_the_consent_is_not_a_project_fact():
    assert "publish_consent" not in FACT_FIELDS


def test_the_checkbox_and_the_overview_button_leave_the_same_event(login_as, applicant, application, organisation):
    other = ApplicationFactory(organisation=organisation)
    client = login_as(applicant)

    by_checkbox = client.post(_facts_url(application), _facts(application, publish_consent="on"))
    by_button = client.post(f"/en/my/applications/{other.pk}/publish-consent/", {"consent": "yes"})

    assert (by_checkbox.status_code, by_button.status_code) == (302, 302)
    reason = f"publish consent given by {applicant}"
    assert _trace(application) == (applicant, {"before": False, "after": True}, True, applicant, reason)
    assert _trace(other) == _trace(application)


def test_withdrawing_by_the_checkbox_is_audited(login_as, applicant, application):
    Application.objects.filter(pk=application.pk).update(publish_consent=True)
    application.refresh_from_db()

    login_as(applicant).post(_facts_url(application), _facts(application))

    event = AuditEvent.objects.get(action="application.publish_consent")
    assert (event.actor, event.detail) == (applicant, {"before": True, "after": False})
    assert Application.objects.get(pk=application.pk).publish_consent is False


def test_saving_the_titles_alone_leaves_no_consent_event(login_as, applicant, application):
    login_as(applicant).post(_facts_url(application), _facts(application, title_en="Smart bus"))

    assert Application.objects.get(pk=application.pk).title_en == "Smart bus"
    assert not AuditEvent.objects.filter(action="application.publish_consent").exists()


def test_a_consent_given_in_another_tab_makes_the_checkbox_a_conflict(login_as, applicant, application):
    client = login_as(applicant)
    client.post(f"/en/my/applications/{application.pk}/publish-consent/", {"consent": "yes"})

    # This tab still holds the version it loaded, and its unticked box.
    response = client.post(_facts_url(application), _facts(application, title_en="From the old tab"))

    html = response.content.decode()
    stored = Application.objects.get(pk=application.pk)
    assert "You saved these facts in another tab or window at" in html
    assert (stored.publish_consent, stored.title_en) == (True, "")
    assert AuditEvent.objects.filter(action="application.publish_consent").count() == 1
    # The saved consent is listed beside the form, with the facts, so nothing is decided unseen.
    assert "May be published if shortlisted" in html


def test_the_same_tab_saves_on_after_ticking_the_box(login_as, applicant, application):
    client = login_as(applicant)
    ticked = _facts(application, publish_consent="on")
    first = client.post(_facts_url(application), ticked, headers={"HX-Request": "true"})
    stored = Application.objects.get(pk=application.pk)

    # The tab's next autosave carries the version the first answer handed back.
    second = client.post(
        _facts_url(application),
        _facts(application, title_en="Smart bus", publish_consent="on", version=stored.version),
        headers={"HX-Request": "true"},
    )

    assert (first.status_code, second.status_code) == (200, 200)
    assert f'value="{stored.version}" hx-swap-oob="true"' in first.content.decode()
    assert Application.objects.get(pk=application.pk).title_en == "Smart bus"


def test_save_facts_changes_the_consent_through_the_service(applicant, application):
    version = application.version
    services.save_facts(application=application, by=applicant, expected_version=version, publish_consent=True)

    stored = Application.objects.get(pk=application.pk)
    event = AuditEvent.objects.get(action="application.publish_consent")
    assert (stored.publish_consent, event.actor, event.detail) == (True, applicant, {"before": False, "after": True})
    assert application.version == stored.version
