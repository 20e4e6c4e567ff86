"""Feedback to applicants: the selector's arithmetic (means over the judges that count, the
category's mean left out below five judged applications, the rank bands), the chair's release of
comments (audited, the chair only), the PDF (an unreleased comment is never in its text), the
applicant's pages before and after the milestone, and the e-mail sent once."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.models import AuditEvent
from awards.enums import MilestoneKind
from core.models import OutboundEmail
from judging.enums import AssignmentStatus
from judging.feedback import application_feedback, band_of, releasable_comments
from judging.models import Assignment, FeedbackDocument, FeedbackNotice, ReleasedComment
from judging.services.feedback import release_comments, render_feedback, request_due_feedback, rerender
from submissions.models import Application
from tests.factories import MembershipFactory, MilestoneFactory
from tests.frame import keep_organiser_frame
from tests.judging.scored import scored_category
from tests.poppler import pdftotext, squashed

pytestmark = pytest.mark.django_db

TWO_JUDGES = {
    "A001": {"กรรมการ ก": [8, 6, 10], "กรรมการ ข": [7, 5, 9]},
    "A002": {"กรรมการ ก": [4, 4, 4], "กรรมการ ข": [5, 5, 5]},
}


def _table(count: int, prefix: str = "A") -> dict:
    """``count`` applications, A001 the best, each judged by the same two judges."""
    return {f"{prefix}{n:03d}": {"กรรมการ ก": [10 - n] * 3, "กรรมการ ข": [10 - n] * 3} for n in range(1, count + 1)}


def _feedback_milestone(cycle, *, days: int):
    return MilestoneFactory(cycle=cycle, kind=MilestoneKind.FEEDBACK, starts_at=timezone.now() + timedelta(days=days))


def test_feedback_scores_are_the_means_over_the_judges_per_criterion_dimension_and_total():
    _round, _category, applications, _judges = scored_category(TWO_JUDGES)

    feedback = application_feedback(applications["A001"])

    assert feedback.judges == 2
    assert [(d.number, d.score, [c.score for c in criteria]) for d, criteria in feedback.dimensions] == [
        ("1", Decimal("7.50"), [Decimal("7.50")]),
        ("2", Decimal("5.50"), [Decimal("5.50")]),
        ("3", Decimal("9.50"), [Decimal("9.50")]),
    ]
    assert (feedback.total, feedback.full_marks) == (Decimal("22.50"), Decimal(30))


def test_feedback_leaves_out_a_scorecard_withdrawn_for_a_conflict():
    round, _category, applications, judges = scored_category(TWO_JUDGES)
    Assignment.objects.filter(round=round, judge=judges["กรรมการ ข"]).update(status=AssignmentStatus.WITHDRAWN)

    feedback = application_feedback(applications["A001"])

    assert (feedback.judges, feedback.total) == (1, Decimal("24.00"))


def test_feedback_category_mean_is_left_out_below_five_judged_applications():
    _round, _category, applications, _judges = scored_category(_table(4))

    feedback = application_feedback(applications["A001"])

    assert (feedback.category_mean, feedback.judged_in_category) == (None, 4)


def test_feedback_category_mean_is_the_mean_of_the_judged_applications_from_five():
    _round, _category, applications, _judges = scored_category(_table(5))

    feedback = application_feedback(applications["A003"])

    # Totals 27, 24, 21, 18, 15: their mean is 21.
    assert (feedback.category_mean, feedback.total, feedback.judged_in_category) == (
        Decimal("21.00"),
        Decimal("21.00"),
        5,
    )


def test_band_of_places_a_rank_in_the_first_band_whose_share_it_is_within():
    assert [band_of(rank, 20) for rank in (1, 2, 3, 5, 6, 10, 11, 20)] == [
        "กลุ่มร้อยละ 10 แรก",
        "กลุ่มร้อยละ 10 แรก",
        "กลุ่มร้อยละ 25 แรก",
        "กลุ่มร้อยละ 25 แรก",
        "กลุ่มร้อยละ 50 แรก",
        "กลุ่มร้อยละ 50 แรก",
        "ลำดับที่เหลือของด้าน",
        "ลำดับที่เหลือของด้าน",
    ]


def test_feedback_band_follows_the_rank_and_ties_share_the_better_band():
    table = _table(4)
    table["A004"] = table["A001"]  # the last equals the first
    _round, _category, applications, _judges = scored_category(table)

    bands = {ref: application_feedback(applications[ref]).band for ref in ("A001", "A002", "A003", "A004")}

    # Four judged: A004 shares rank 1 (within 25 %), so A002 is third (75 %: the rest).
    assert bands == {
        "A001": "กลุ่มร้อยละ 25 แรก",
        "A002": "ลำดับที่เหลือของด้าน",
        "A003": "ลำดับที่เหลือของด้าน",
        "A004": "กลุ่มร้อยละ 25 แรก",
    }


def test_feedback_query_count_does_not_grow_with_the_category():
    _round, _category, one, _judges = scored_category(_table(1))
    _round, _category, three, _judges = scored_category(_table(3, prefix="B"))

    counts = []
    for application in (one["A001"], three["B001"]):
        with CaptureQueriesContext(connection) as queries:
            application_feedback(application)
        counts.append(len(queries))

    assert counts[0] == counts[1]


def test_feedback_shows_only_released_comments_with_stable_judge_letters(chair):
    round, category, applications, _judges = scored_category(TWO_JUDGES)
    items = {(item.application.reference, item.who, item.where): item for item in releasable_comments(round, category)}
    second_judge_on_dimension_2 = items[("A001", "กรรมการ B", "2.1 หัวข้อ 2")]

    release_comments(round=round, category=category, keys={second_judge_on_dimension_2.key}, by=chair)
    feedback = application_feedback(applications["A001"])

    comments = [(c.number, c.comments) for _d, criteria in feedback.dimensions for c in criteria]
    assert comments == [("1.1", []), ("2.1", [("กรรมการ B", "ความเห็น 5")]), ("3.1", [])]
    assert (feedback.overall_comments, feedback.summary) == ([], None)


def test_release_comments_is_the_chairs_and_audited(chair, judge):
    round, category, _applications, _judges = scored_category(TWO_JUDGES)
    keys = {item.key for item in releasable_comments(round, category)}

    with pytest.raises(ValidationError):
        release_comments(round=round, category=category, keys=keys, by=judge)
    assert ReleasedComment.objects.count() == 0

    assert release_comments(round=round, category=category, keys=keys, by=chair) == 12
    event = AuditEvent.objects.get(action="feedback.release")
    assert (event.actor, event.detail) == (chair, {"category": category.code, "released": 12, "withdrawn": 0})
    release_comments(round=round, category=category, keys=set(), by=chair)
    assert ReleasedComment.objects.count() == 0


def test_a_judges_edit_after_release_keeps_the_approved_text_until_released_again(chair):
    round, category, applications, _judges = scored_category(TWO_JUDGES)
    item = releasable_comments(round, category)[0]
    release_comments(round=round, category=category, keys={item.key}, by=chair)
    score = applications[item.application.reference].assignments.get(scorecard__pk=int(item.key[1:].split("-")[0]))
    score.scorecard.scores.filter(comment=item.text).update(comment="ข้อความใหม่ที่ยังไม่อนุมัติ")

    changed = next(i for i in releasable_comments(round, category) if i.key == item.key)
    feedback = application_feedback(item.application)

    assert (changed.released, changed.changed) == (False, True)
    texts = [text for _d, criteria in feedback.dimensions for c in criteria for _who, text in c.comments]
    assert texts == [item.text]


@pytest.mark.poppler
def test_feedback_pdf_text_has_the_scores_and_released_comments_but_no_unreleased_one(chair, applicant):
    round, category, applications, _judges = scored_category(TWO_JUDGES)
    application = applications["A001"]
    released = next(
        i for i in releasable_comments(round, category) if i.application == application and i.text == "ความเห็น 9"
    )
    release_comments(round=round, category=category, keys={released.key}, by=chair)
    document = FeedbackDocument.objects.create(
        application=application, round=round, language="th", requested_at=timezone.now()
    )

    render_feedback(document_id=document.pk)
    document.refresh_from_db()
    text = squashed(pdftotext(document.file.open("rb").read()))

    assert "22.50/30" in text
    assert "กรรมการB:ความเห็น9" in text
    for unreleased in ("ความเห็น10", "ความเห็น8", "ความเห็น6", "ความเห็น7"):
        assert unreleased not in text
    # The other application's figures are nowhere (its total is 13.50).
    assert "13.50" not in text


def test_applicant_sees_when_feedback_comes_and_the_pdf_is_404_before_the_milestone(client, applicant, login_as):
    _round, _category, applications, _judges = scored_category(TWO_JUDGES)
    application = applications["A001"]
    MembershipFactory(user=applicant, organisation=application.organisation)
    _feedback_milestone(application.cycle, days=3)
    FeedbackDocument.objects.create(
        application=application, round=_round, language="th", requested_at=timezone.now(), rendered_at=timezone.now()
    )

    page = login_as(applicant).get(reverse("my_feedback"))
    download = client.get(reverse("my_feedback_pdf", args=[application.pk]))

    assert page.status_code == 200
    assert "ผลการประเมินสำหรับผู้สมัครจะพร้อมในวันที่" in page.content.decode()
    assert reverse("my_feedback_pdf", args=[application.pk]) not in page.content.decode()
    assert download.status_code == 404


def test_sweep_renders_each_language_and_emails_the_organisation_once(
    applicant, other_applicant, login_as, django_capture_on_commit_callbacks
):
    round, _category, applications, _judges = scored_category(TWO_JUDGES)
    application = applications["A001"]
    MembershipFactory(user=applicant, organisation=application.organisation)
    MembershipFactory(user=other_applicant, organisation=applications["A002"].organisation)
    _feedback_milestone(application.cycle, days=-1)

    with django_capture_on_commit_callbacks(execute=True):
        request_due_feedback()
    with django_capture_on_commit_callbacks(execute=True):
        request_due_feedback()

    assert FeedbackDocument.objects.filter(rendered_at__isnull=False).count() == 4
    assert FeedbackNotice.objects.count() == 2
    emails = OutboundEmail.objects.filter(kind="feedback_ready")
    assert sorted(emails.values_list("to", flat=True)) == [applicant.email, other_applicant.email]
    path = reverse("my_feedback_pdf", args=[application.pk])
    assert path in emails.get(to=applicant.email).body_text
    client = login_as(applicant)
    assert client.get(path)["Content-Type"] == "application/pdf"
    assert client.get(reverse("my_feedback_pdf", args=[applications["A002"].pk])).status_code == 404


def test_chairs_screen_lists_the_categorys_comments_and_saving_releases_the_ticked_ones(chair, login_as):
    round, category, applications, _judges = scored_category(TWO_JUDGES)
    url = reverse("judging:feedback_approval", args=[round.pk, category.code])
    client = login_as(chair)
    keys = [item.key for item in releasable_comments(round, category)]

    page = client.get(url).content.decode()
    response = client.post(url, {"release": keys[:2]})

    assert page.count('name="release"') == 12
    assert "ความเห็น 10" in page
    assert response.status_code == 302
    assert sorted(ReleasedComment.objects.values_list("text", flat=True)) == ["ความเห็น 6", "ความเห็น 8"]


def test_my_feedback_query_count_does_not_grow_with_the_applications(applicant, login_as):
    _round, _category, one, _judges = scored_category(_table(1, prefix="C"))
    _round, _category, three, _judges = scored_category(_table(3, prefix="D"))
    first = MembershipFactory(user=applicant, organisation=one["C001"].organisation)
    client = login_as(applicant)

    keep_organiser_frame()
    counts = []
    for applications in (one, three):
        organisation = applications[next(iter(applications))].organisation
        Application.objects.filter(pk__in=[a.pk for a in applications.values()]).update(organisation=organisation)
        type(first).objects.filter(pk=first.pk).update(organisation=organisation)
        with CaptureQueriesContext(connection) as queries:
            page = client.get(reverse("my_feedback"))
        counts.append((len(queries), page.content.decode().count('data-testid="feedback-row"')))

    assert [rows for _queries, rows in counts] == [1, 3]
    assert counts[0][0] == counts[1][0]


def test_retention_purge_removes_the_feedback_and_its_files(
    chair, settings, tmp_path, django_capture_on_commit_callbacks
):
    from django.core.files.storage import default_storage

    from submissions.services.retention import purge_expired_applications

    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": tmp_path}},
    }
    round, category, applications, _judges = scored_category(TWO_JUDGES)
    keys = {item.key for item in releasable_comments(round, category)}
    release_comments(round=round, category=category, keys=keys, by=chair)
    document = FeedbackDocument.objects.create(
        application=applications["A001"], round=round, language="th", requested_at=timezone.now()
    )
    render_feedback(document_id=document.pk)
    document.refresh_from_db()
    cycle = round.cycle
    years_ago = timezone.now() - timedelta(days=6 * 365)
    cycle.milestones.update(starts_at=years_ago - timedelta(days=365))
    MilestoneFactory(cycle=cycle, kind=MilestoneKind.RESULTS, starts_at=years_ago)
    assert default_storage.exists(document.file.name)

    with django_capture_on_commit_callbacks(execute=True):
        purge_expired_applications()

    assert (ReleasedComment.objects.count(), FeedbackDocument.objects.count(), FeedbackNotice.objects.count()) == (
        0,
        0,
        0,
    )
    assert not default_storage.exists(document.file.name)
    connection.check_constraints()


def test_feedback_sweep_is_in_the_one_beat_schedule():
    from config.celery import app

    entry = app.conf.beat_schedule["release-feedback"]

    assert entry["task"] == "judging.tasks.release_feedback"
    assert entry["task"] in app.tasks


def test_a_pdf_rendered_again_replaces_the_stored_file(applicant, django_capture_on_commit_callbacks):
    _round, _category, applications, _judges = scored_category(TWO_JUDGES)
    application = applications["A001"]
    MembershipFactory(user=applicant, organisation=application.organisation)
    _feedback_milestone(application.cycle, days=-1)
    with django_capture_on_commit_callbacks(execute=True):
        request_due_feedback()
    document = FeedbackDocument.objects.get(application=application, language="th")
    first = document.file.name
    storage = document.file.storage
    assert storage.exists(first)

    with django_capture_on_commit_callbacks(execute=True):
        rerender(application_ids=[application.pk])

    document.refresh_from_db()
    assert document.rendered_at is not None and document.file.name != first
    assert storage.exists(document.file.name) and not storage.exists(first)
