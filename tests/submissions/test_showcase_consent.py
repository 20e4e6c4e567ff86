"""The consent to the showcase of solutions even if not shortlisted (``showcase_consent``): offered on
the application's overview beside the consent to publish, changed only through services.consent by a
member, audited and kept in the history; saving it re-cuts the showcase's search words; for an entry
that was not shortlisted it opens the public answers (as the consent to publish does for a winner)."""

import pytest
from django.core.exceptions import ValidationError

from accounts.models import AuditEvent
from showcase.models import Solution
from submissions.answers import public_values
from submissions.enums import ApplicationStatus
from submissions.models import Application
from submissions.services.consent import give_showcase_consent, withdraw_showcase_consent
from tests.factories import ApplicationFactory
from tests.publishing import answer_facts

pytestmark = pytest.mark.django_db


def _url(application) -> str:
    return f"/en/my/applications/{application.pk}/showcase-consent/"


def test_a_member_gives_and_withdraws_it_audited_and_in_the_history(applicant, application):
    give_showcase_consent(application=application, by=applicant)
    withdraw_showcase_consent(application=application, by=applicant)

    events = AuditEvent.objects.filter(action="application.showcase_consent", target_id=str(application.pk))
    assert [(event.actor, event.detail) for event in events.order_by("pk")] == [
        (applicant, {"before": False, "after": True}),
        (applicant, {"before": True, "after": False}),
    ]
    rows = Application.objects.get(pk=application.pk).history.order_by("history_id")
    assert [(row.showcase_consent, row.history_change_reason, row.history_user) for row in rows][-2:] == [
        (True, f"showcase consent given by {applicant}", applicant),
        (False, f"showcase consent withdrawn by {applicant}", applicant),
    ]
    # It is not the consent to publish, and neither step touched it.
    assert Application.objects.get(pk=application.pk).publish_consent is False
    assert not AuditEvent.objects.filter(action="application.publish_consent").exists()


def test_giving_it_twice_leaves_one_event(applicant, application):
    give_showcase_consent(application=application, by=applicant)
    give_showcase_consent(application=application, by=applicant)

    assert AuditEvent.objects.filter(action="application.showcase_consent").count() == 1


def test_only_a_member_changes_it(other_applicant, application):
    with pytest.raises(ValidationError):
        give_showcase_consent(application=application, by=other_applicant)

    assert Application.objects.get(pk=application.pk).showcase_consent is False


def test_the_overview_offers_it_beside_the_consent_to_publish_and_its_button_changes_it(
    login_as, applicant, application
):
    client = login_as(applicant)
    overview = client.get(f"/en/my/applications/{application.pk}/").content.decode()
    assert 'data-testid="publish-consent"' in overview
    assert 'data-testid="give-showcase-consent"' in overview and _url(application) in overview

    response = client.post(_url(application), {"consent": "yes"})

    assert response.status_code == 302
    assert Application.objects.get(pk=application.pk).showcase_consent is True
    after = client.get(f"/en/my/applications/{application.pk}/").content.decode()
    assert 'data-testid="withdraw-showcase-consent"' in after and 'data-testid="give-showcase-consent"' not in after
    assert AuditEvent.objects.get(action="application.showcase_consent").actor == applicant


def test_the_overview_speaks_thai_first(login_as, applicant, application):
    overview = login_as(applicant).get(f"/my/applications/{application.pk}/").content.decode()

    assert "ความยินยอมให้แสดงในคลังผลงานเมืองอัจฉริยะ" in overview
    assert "ยินยอมให้แสดงผลงานในคลังผลงานแม้ไม่ผ่านการคัดเลือกรอบแรก" in overview


def test_a_choice_that_is_neither_yes_nor_no_changes_nothing(login_as, applicant, application):
    login_as(applicant).post(_url(application), {"consent": "maybe"})

    assert Application.objects.get(pk=application.pk).showcase_consent is False
    assert not AuditEvent.objects.filter(action="application.showcase_consent").exists()


def test_another_organisation_gets_404(login_as, other_applicant, application):
    response = login_as(other_applicant).post(_url(application), {"consent": "yes"})

    assert response.status_code == 404
    assert Application.objects.get(pk=application.pk).showcase_consent is False


def test_for_an_entry_not_shortlisted_the_consent_to_the_showcase_opens_its_answers(applicant, organisation):
    entry = ApplicationFactory(organisation=organisation, status=ApplicationStatus.SUBMITTED)
    answer_facts(entry, summary="ระบบจองคิวคลินิกออนไลน์")
    entry.refresh_from_db()
    assert public_values(entry) == {}

    give_showcase_consent(application=entry, by=applicant)

    assert public_values(entry)["summary"].text == "ระบบจองคิวคลินิกออนไลน์"
    assert " คลินิก " in Solution.objects.get(application=entry).words  # re-cut on saving the consent

    withdraw_showcase_consent(application=entry, by=applicant)

    assert public_values(entry) == {}
    assert " คลินิก " not in Solution.objects.get(application=entry).words


def test_for_a_finalist_the_consent_to_publish_still_counts(applicant, organisation):
    finalist = ApplicationFactory(organisation=organisation, status=ApplicationStatus.SHORTLISTED)
    answer_facts(finalist, summary="สรุปผลงาน")
    give_showcase_consent(application=finalist, by=applicant)

    assert public_values(Application.objects.get(pk=finalist.pk)) == {}


def test_a_winner_never_shortlisted_keeps_its_consent_to_publish(organisation):
    winner = ApplicationFactory(organisation=organisation, status=ApplicationStatus.SUBMITTED, publish_consent=True)
    answer_facts(winner, summary="สรุปของผู้ชนะ")

    assert public_values(Application.objects.get(pk=winner.pk))["summary"].text == "สรุปของผู้ชนะ"
