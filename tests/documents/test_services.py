"""The life of a document job: queued after commit, rendered once, stored privately, failures kept
with their error and retried from admin."""

import pytest

from documents import services
from documents.enums import DocumentKind, DocumentStatus
from documents.models import Certificate, Document
from tests.factories import DocumentFactory

from .conftest import pdf_text, score


def test_requested_document_is_rendered_and_stored_after_commit(assignment, staff, media, committed):
    with committed(execute=True):
        document = services.request_document(
            kind=DocumentKind.SCORE_SHEET, language="th", by=staff, assignment=assignment
        )
        assert Document.objects.get(pk=document.pk).status == DocumentStatus.QUEUED

    document.refresh_from_db()
    assert document.status == DocumentStatus.DONE
    assert document.attempts == 1
    assert document.pages >= 1
    assert document.file.name.startswith("documents/score_sheet/")
    assert (media / document.file.name).exists()
    assert "แบบให้คะแนนของกรรมการ" in pdf_text(document.file.read())


def test_a_rendered_document_is_not_rendered_again_by_a_redelivered_task(assignment, staff, committed):
    with committed(execute=True):
        document = services.request_document(
            kind=DocumentKind.SCORE_SHEET, language="th", by=staff, assignment=assignment
        )

    assert services.render_document(document_id=document.pk) is None
    document.refresh_from_db()
    assert document.attempts == 1


def test_a_failure_is_kept_with_its_error_and_can_be_retried(assignment, staff, committed):
    round_ = assignment.round
    document = DocumentFactory(kind=DocumentKind.SUMMARY, assignment=None, round=round_, requested_by=staff)
    # A summary without its application cannot be rendered: the job fails, visibly.
    services.render_document(document_id=document.pk)
    document.refresh_from_db()
    assert document.status == DocumentStatus.FAILED
    assert "Error" in document.error
    assert document.attempts == 1

    document.application = assignment.application
    document.save()
    with committed(execute=True):
        assert services.retry_documents(documents=Document.objects.filter(pk=document.pk), by=staff) == 1

    document.refresh_from_db()
    assert document.status == DocumentStatus.DONE
    assert document.attempts == 2
    assert document.error == ""


def test_document_needs_exactly_the_targets_of_its_kind(assignment, staff):
    with pytest.raises(Exception) as error:
        services.request_document(kind=DocumentKind.SCORE_SHEET, language="th", by=staff)
    assert "assignment" in str(error.value)
    assert Document.objects.count() == 0


def test_batch_counts_its_documents_by_status(assignment, application, staff, committed):
    with committed(execute=False):
        batch = services.request_batch(
            label="ทดสอบ",
            kind=DocumentKind.APPLICATION,
            targets=[{"application": application}],
            languages=["th", "en"],
            by=staff,
        )
    assert batch.counts() == {"total": 2, "queued": 2, "rendering": 0, "done": 0, "failed": 0}
    services.render_document(document_id=batch.documents.first().pk)
    assert batch.counts() == {"total": 2, "queued": 1, "rendering": 0, "done": 1, "failed": 0}
    services.render_document(document_id=batch.documents.last().pk)

    assert batch.counts() == {"total": 2, "queued": 0, "rendering": 0, "done": 2, "failed": 0}


def test_certificates_are_generated_with_their_pdfs_in_each_language(prize, application, staff, committed):
    with committed(execute=True):
        batch = services.generate_certificates(
            pairs=[(prize, application)], languages=["th", "en"], by=staff, label="เกียรติบัตร"
        )

    documents = list(batch.documents.order_by("language"))
    assert [(d.language, d.status, d.certificate.language) for d in documents] == [
        ("en", DocumentStatus.DONE, "en"),
        ("th", DocumentStatus.DONE, "th"),
    ]
    assert "๑๕ กันยายน พ.ศ. ๒๕๖๕" in pdf_text(documents[1].file.read())


def test_certificate_refuses_an_award_of_another_category(prize, cycle, staff):
    from tests.factories import CategoryFactory

    from .conftest import make_application

    elsewhere = make_application(cycle, CategoryFactory(cycle=cycle), 5)
    with pytest.raises(Exception) as error:
        services.issue_certificate(prize=prize, application=elsewhere, language="th", by=staff)
    assert "รางวัลนี้เป็นของด้านอื่น" in str(error.value)


def test_certificates_for_all_winners_follow_the_decisions_and_are_audited(prize, application, cycle, staff, committed):

    from accounts.models import AuditEvent
    from tests.factories import DecisionFactory, PrizeFactory

    from .conftest import make_application

    runner_up = make_application(cycle, application.category, 2)
    PrizeFactory(cycle=cycle, category=application.category, name_th="รางวัลอื่น")  # no winner recorded
    DecisionFactory(prize=prize, application=application, decided_by=staff)

    with committed(execute=True):
        batch = services.certificates_for_winners(cycles=[cycle], languages=["th", "en"], by=staff)

    assert sorted(Certificate.objects.values_list("application_id", "prize_id", "language")) == [
        (application.pk, prize.pk, "en"),
        (application.pk, prize.pk, "th"),
    ]
    assert not Certificate.objects.filter(application=runner_up).exists()
    assert batch.counts()["done"] == 2
    events = AuditEvent.objects.filter(action="certificate.generate")
    assert events.count() == 2 and {event.actor for event in events} == {staff}


def test_summary_takes_mean_and_rank_from_the_leaderboard(round_, cycle, category, judge, chair):
    from documents.selectors import application_summary, leaderboard_rows

    from .conftest import make_application

    first, second = make_application(cycle, category, 1), make_application(cycle, category, 2)
    score(round_, first, judge, [8, 12, 10, 40])  # 40.00
    score(round_, second, judge, [8, 12, 10, 20])  # 10 + (5 + 10) × 30 ÷ 25 = 28.00
    rows = leaderboard_rows(round=round_, category=category)

    summaries = [application_summary(round=round_, application=a, row=rows[a.pk]) for a in (first, second)]

    assert [(s.rank, str(s.mean)) for s in summaries] == [(1, "40.00"), (2, "28.00")]
