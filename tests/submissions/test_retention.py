"""The retention of applications (PDPA): once a cycle's retention has ended, its applications and
everything about them go, files included; the winners keep their public record; the purge runs once
and is recorded."""

import json
import logging
from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.models import AuditEvent
from awards.enums import FieldKind, MilestoneKind, Visibility
from awards.models import Cycle
from config.celery import app as celery_app
from documents.enums import DocumentKind, LetterKind
from documents.models import Certificate, Document, Letter
from judging.models import Assignment, Decision, Declaration, PresentationSlot, Score, Scorecard
from reminders.models import Reminder
from submissions.enums import ApplicationStatus
from submissions.models import Answer, Application, Attachment, Organisation, Partner
from submissions.services.retention import purge_expired_applications
from submissions.tasks import purge_expired_applications as purge_task
from voting.models import Poll, Vote, Voter, VoteVoid

from ..factories import (
    AnswerFactory,
    ApplicationFactory,
    AssignmentFactory,
    AttachmentFactory,
    CategoryFactory,
    CertificateFactory,
    CycleFactory,
    DecisionFactory,
    DeclarationFactory,
    DocumentFactory,
    FieldFactory,
    MembershipFactory,
    MilestoneFactory,
    OrganisationFactory,
    PartnerFactory,
    PollFactory,
    PresentationSlotFactory,
    PrizeFactory,
    ReminderFactory,
    RoundFactory,
    ScorecardFactory,
    ScoreFactory,
    UserFactory,
    VoteFactory,
    VoterFactory,
    VoteVoidFactory,
)
from ..publishing import answer_facts

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media")]

YEAR = timedelta(days=365)


def _pdf(name: str) -> ContentFile:
    return ContentFile(b"%PDF-1.4 test", name=name)


def _cycle(*, results_ago: timedelta, **fields) -> Cycle:
    cycle = CycleFactory(year=2020, **fields)
    MilestoneFactory(cycle=cycle, kind=MilestoneKind.SUBMISSION_DEADLINE, starts_at=timezone.now() - results_ago - YEAR)
    MilestoneFactory(cycle=cycle, kind=MilestoneKind.RESULTS, starts_at=timezone.now() - results_ago)
    return cycle


def _applications(cycle, count: int, *, organisation=None) -> list[Application]:
    """Submitted applications with what applicants and judges leave behind: an answer, a partner, a
    stored attachment, an assignment with a scored scorecard and a vote."""
    category = CategoryFactory(cycle=cycle)
    round = RoundFactory(rubric__cycle=cycle)
    rows = []
    for number in range(count):
        application = ApplicationFactory(
            cycle=cycle,
            category=category,
            organisation=organisation or OrganisationFactory(),
            status=ApplicationStatus.SUBMITTED,
            reference=f"T{cycle.pk}-{number:03d}",
            title_th=f"ผลงานที่ {number}",
        )
        AnswerFactory(application=application)
        PartnerFactory(application=application)
        AttachmentFactory(application=application)
        assignment = AssignmentFactory(round=round, application=application)
        ScoreFactory(scorecard=ScorecardFactory(assignment=assignment, comment="ความเห็นของกรรมการ"), comment="ดี")
        VoteFactory(application=application, cycle=cycle)
        rows.append(application)
    return rows


@pytest.fixture
def old():
    """A cycle announced six years ago (kept five): a winner and a loser with everything around them."""
    cycle = _cycle(results_ago=6 * YEAR)
    prize = PrizeFactory(cycle=cycle)
    loser_org = OrganisationFactory(name="เทศบาลที่ไม่ได้รางวัล")
    member_org = MembershipFactory(organisation__name="เทศบาลที่ยังมีสมาชิก").organisation
    winner_org = OrganisationFactory(name="เทศบาลนครผู้ชนะ", contact_name="สมชาย ผู้ติดต่อ")
    common = {"cycle": cycle, "category": prize.category, "status": ApplicationStatus.SHORTLISTED}
    creator = UserFactory(email="creator@example.com")
    winner = ApplicationFactory(
        **common,
        organisation=winner_org,
        reference="SCSA2563-W-001",
        title_th="ระบบผู้ชนะ",
        title_en="Winning system",
        publish_consent=True,
        cover_image=_pdf("winner-cover.png"),
        created_by=creator,
    )
    # Two answers to questions marked public (kept with the consent), two for staff and judges (never).
    answer_facts(
        winner,
        summary="สรุปที่ยินยอมให้เผยแพร่",
        video_url="https://video.example/winner",
        budget="1000000",
        area_served="ทั้งจังหวัด",
    )
    Answer.objects.filter(application=winner).update(updated_by=creator, editor="tab-1")
    loser = ApplicationFactory(
        **common,
        organisation=loser_org,
        reference="SCSA2563-L-001",
        title_th="ระบบที่ไม่ได้รางวัล",
        cover_image=_pdf("loser-cover.png"),
    )
    member_loser = ApplicationFactory(**common, organisation=member_org, title_th="ผลงานของหน่วยงานที่มีสมาชิก")
    files = []
    # Even a public file question's files go: no public page serves an applicant's files.
    file_question = FieldFactory(
        section__cycle=cycle, kind=FieldKind.FILE, visibility=Visibility.PUBLIC, max_chars=None
    )
    for application in (winner, loser):
        AnswerFactory(application=application, field__section__cycle=cycle, value="คำตอบส่วนตัว")
        PartnerFactory(application=application)
        files.append(AttachmentFactory(application=application).file.name)
    files.append(AttachmentFactory(application=winner, field=file_question).file.name)
    round = RoundFactory(rubric__cycle=cycle)
    judge = UserFactory(email="old.judge@example.com")
    DeclarationFactory(judge=judge, cycle=cycle, organisations="บริษัท ที่ปรึกษา จำกัด")
    scorecards = []
    for application in (winner, loser):
        assignment = AssignmentFactory(round=round, judge=judge, application=application)
        scorecards.append(ScorecardFactory(assignment=assignment, comment="ความเห็น", submitted=True))
        ScoreFactory(scorecard=scorecards[-1], comment="ดีมาก")
    slot = PresentationSlotFactory(schedule__round__rubric=round.rubric, application=loser)
    slot.stepping_out.add(judge)
    summary = DocumentFactory(
        kind=DocumentKind.SUMMARY, assignment=None, application=loser, round=round, file=_pdf("summary.pdf")
    )
    sheet = DocumentFactory(assignment=scorecards[1].assignment, file=_pdf("sheet.pdf"))
    decision = DecisionFactory(prize=prize, application=winner, data='{"winner":"SCSA2563-W-001"}')
    certificate = CertificateFactory(prize=prize, application=winner)
    certificate_pdf = DocumentFactory(
        kind=DocumentKind.CERTIFICATE, assignment=None, certificate=certificate, file=_pdf("certificate.pdf")
    )
    poll = _declared_poll(cycle, winner=winner, loser=loser)
    ReminderFactory(cycle=cycle, recipient=creator)
    letters = [
        Letter.objects.create(
            cycle=cycle,
            application=application,
            kind=LetterKind.ACKNOWLEDGEMENT,
            language="th",
            number=number,
            issued_at=timezone.now() - 7 * YEAR,
            file=_pdf(f"letter-{number}.pdf"),
        )
        for number, application in enumerate((loser, winner), start=1)
    ]
    return SimpleNamespace(
        cycle=cycle,
        winner=winner,
        loser=loser,
        member_loser=member_loser,
        member_org=member_org,
        winner_org=winner_org,
        loser_org=loser_org,
        files=files + [loser.cover_image.name, summary.file.name, sheet.file.name, letters[0].file.name],
        kept_files=[winner.cover_image.name, certificate_pdf.file.name, letters[1].file.name],
        decision=decision,
        certificate=certificate,
        poll=poll,
    )


def _declared_poll(cycle, *, winner, loser) -> Poll:
    poll = PollFactory(
        cycle=cycle, opens_at=timezone.now() - 7 * YEAR, closes_at=timezone.now() - 7 * YEAR + timedelta(days=7)
    )
    both = VoterFactory(email="votes.twice@example.com")
    VoteFactory(voter=both, application=winner, cycle=cycle)
    VoteFactory(application=winner, cycle=cycle)
    VoteVoidFactory(vote=VoteFactory(application=loser, cycle=cycle))
    VoteFactory(voter=both, application=ApplicationFactory(status=ApplicationStatus.SHORTLISTED))
    standings = [
        {"rank": 1, "application": winner.pk, "title": winner.title_th, "votes": 2},
        {"rank": 2, "application": loser.pk, "title": loser.title_th, "votes": 0},
    ]
    result = {"standings": standings, "integrity": {"cast": 3, "voided": 1, "valid": 2, "voters": 3}}
    Poll.objects.filter(pk=poll.pk).update(
        winner=winner, result=result, result_sha256="a" * 64, declared_at=poll.closes_at + timedelta(days=1)
    )
    return poll


def _purge_and_delete_files(django_capture_on_commit_callbacks, **kwargs):
    with django_capture_on_commit_callbacks(execute=True):
        return purge_expired_applications(**kwargs)


def test_purge_deletes_the_applications_that_did_not_win_and_their_files(old, django_capture_on_commit_callbacks):
    assert all(default_storage.exists(name) for name in old.files)

    _purge_and_delete_files(django_capture_on_commit_callbacks)

    remaining = set(Application.objects.filter(cycle=old.cycle).values_list("pk", flat=True))
    assert remaining == {old.winner.pk}
    assert [default_storage.exists(name) for name in old.files] == [False] * len(old.files)
    assert [default_storage.exists(name) for name in old.kept_files] == [True, True, True]
    everything_else = (Partner, Attachment, Assignment, Scorecard, Score, PresentationSlot, Declaration)
    assert [model.objects.count() for model in everything_else] == [0] * len(everything_else)
    # Of the answers, only the winner's two to the questions marked public stay (it consented).
    assert set(Answer.objects.values_list("application_id", "field__key")) == {
        (old.winner.pk, "summary"),
        (old.winner.pk, "video_url"),
    }
    assert list(Document.objects.values_list("kind", flat=True)) == [DocumentKind.CERTIFICATE]
    assert list(Letter.objects.values_list("application_id", flat=True)) == [old.winner.pk]
    # The history of what went went with it: it would otherwise keep a copy of every answer and score.
    assert Application.history.filter(cycle=old.cycle).count() == 0
    histories = (Answer, Attachment, Assignment, Scorecard, Score, PresentationSlot, Declaration)
    assert [model.history.count() for model in histories] == [0] * len(histories)
    assert Reminder.objects.count() == 0
    connection.check_constraints()  # no row is left pointing at a deleted one


def test_purge_removes_the_vote_ledger_and_voters_who_voted_nowhere_else(old, django_capture_on_commit_callbacks):
    _purge_and_delete_files(django_capture_on_commit_callbacks)

    assert (Vote.objects.filter(cycle=old.cycle).count(), VoteVoid.objects.count()) == (0, 0)
    # The voter who also voted in another cycle stays, with that vote.
    assert list(Voter.objects.values_list("email", flat=True)) == ["votes.twice@example.com"]
    assert Vote.objects.count() == 1
    poll = Poll.objects.get(pk=old.poll.pk)
    assert (poll.winner_id, poll.result["integrity"]["cast"]) == (old.winner.pk, 3)


def test_winner_keeps_its_public_record_and_loses_the_rest(old, django_capture_on_commit_callbacks):
    _purge_and_delete_files(django_capture_on_commit_callbacks)

    winner = Application.objects.get(pk=old.winner.pk)
    public = (winner.reference, winner.title_th, winner.title_en, winner.category_id, winner.organisation_id)
    assert public == ("SCSA2563-W-001", "ระบบผู้ชนะ", "Winning system", old.winner.category_id, old.winner_org.pk)
    # What the organisation agreed to publish stays (its answers to the public questions and its cover);
    # what it did not (the answers for staff and judges, every file), and who wrote it, goes.
    kept = {answer.field.key: answer.value for answer in winner.answers.select_related("field")}
    assert kept == {"summary": "สรุปที่ยินยอมให้เผยแพร่", "video_url": "https://video.example/winner"}
    assert set(winner.answers.values_list("updated_by", "editor")) == {(None, "")}
    assert (winner.cover_image.name, winner.created_by_id) == (old.winner.cover_image.name, None)
    assert (winner.attachments.count(), winner.partners.count()) == (0, 0)
    assert Decision.objects.get().pk == old.decision.pk
    assert Certificate.objects.get().pk == old.certificate.pk
    # A winner's organisation that no member looks after any more keeps its name, not its contact.
    organisation = Organisation.objects.get(pk=old.winner_org.pk)
    assert (organisation.name, organisation.contact_name, organisation.contact_phone) == ("เทศบาลนครผู้ชนะ", "", "")


def test_organisations_without_members_or_applications_go_and_those_with_members_stay(
    old, django_capture_on_commit_callbacks
):
    _purge_and_delete_files(django_capture_on_commit_callbacks)

    assert not Organisation.objects.filter(pk=old.loser_org.pk).exists()
    kept = Organisation.objects.get(pk=old.member_org.pk)
    assert (kept.contact_name, kept.memberships.count()) == ("สมชาย ใจดี", 1)
    assert not Application.objects.filter(pk=old.member_loser.pk).exists()


def test_winner_without_consent_loses_its_summary_and_cover(old, django_capture_on_commit_callbacks):
    Application.objects.filter(pk=old.winner.pk).update(publish_consent=False)

    _purge_and_delete_files(django_capture_on_commit_callbacks)

    winner = Application.objects.get(pk=old.winner.pk)
    assert (winner.answers.count(), winner.cover_image.name, winner.title_th) == (0, "", "ระบบผู้ชนะ")
    assert not default_storage.exists(old.winner.cover_image.name)


def test_public_results_pages_still_render_after_the_purge(client, old, django_capture_on_commit_callbacks):
    _purge_and_delete_files(django_capture_on_commit_callbacks)

    page = client.get(reverse("results:cycle", args=[old.cycle.slug])).content.decode()
    assert ("ระบบผู้ชนะ" in page, "เทศบาลนครผู้ชนะ" in page, "SCSA2563-W-001" in page) == (True, True, True)
    assert "สรุปที่ยินยอมให้เผยแพร่" in page  # the consented summary, read through the selector
    download = client.get(reverse("results:decision_json", args=[old.cycle.slug, old.decision.pk]))
    assert json.loads(download.content) == {"winner": "SCSA2563-W-001"}
    # The Popular Vote's page reads the standings frozen at the declaration, the loser's title included.
    votes = client.get(reverse("voting:results", args=[old.cycle.slug])).content.decode()
    assert ("ระบบผู้ชนะ" in votes, "ระบบที่ไม่ได้รางวัล" in votes) == (True, True)


def test_certificate_or_popular_vote_alone_keeps_an_application(django_capture_on_commit_callbacks):
    cycle = _cycle(results_ago=6 * YEAR)
    certified = CertificateFactory(prize__cycle=cycle).application
    voted = ApplicationFactory(cycle=cycle, status=ApplicationStatus.SHORTLISTED)
    Poll.objects.filter(pk=PollFactory(cycle=cycle).pk).update(winner=voted)
    other = ApplicationFactory(cycle=cycle, status=ApplicationStatus.SUBMITTED)

    _purge_and_delete_files(django_capture_on_commit_callbacks)

    remaining = set(Application.objects.filter(cycle=cycle).values_list("pk", flat=True))
    assert (remaining, Application.objects.filter(pk=other.pk).exists()) == ({certified.pk, voted.pk}, False)


def test_cycles_not_past_their_retention_are_untouched(django_capture_on_commit_callbacks):
    recent = _cycle(results_ago=4 * YEAR)
    longer = _cycle(results_ago=6 * YEAR, retention_years=10)
    undated = CycleFactory()
    applications = [ApplicationFactory(cycle=cycle) for cycle in (recent, longer)]
    ApplicationFactory(cycle=undated, deadline=None)
    undated.milestones.all().delete()
    attachment = AttachmentFactory(application=applications[0])

    assert _purge_and_delete_files(django_capture_on_commit_callbacks) == {}

    assert Application.objects.count() == 3
    assert default_storage.exists(attachment.file.name)
    assert Cycle.objects.filter(applications_purged_at__isnull=False).count() == 0


def test_purge_is_recorded_on_the_cycle_in_the_audit_log_and_the_log(old, django_capture_on_commit_callbacks, caplog):
    caplog.set_level(logging.INFO, logger="submissions.services.retention")

    result = _purge_and_delete_files(django_capture_on_commit_callbacks)

    cycle = Cycle.objects.get(pk=old.cycle.pk)
    counts = result[cycle.slug]
    assert counts["deleted"]["submissions.application"] == 2
    assert counts["deleted"]["voting.vote"] == 3
    assert counts["anonymised"] == {
        "submissions.answer": 2,  # the winner's public answers, no longer saying who wrote them
        "submissions.application": 1,
        "submissions.organisation": 1,
    }
    assert counts["files"] == 7  # 3 attachments (1 answering a question), a cover, a summary, a sheet, a letter
    assert (cycle.applications_purged_at is not None, cycle.purge_counts) == (True, counts)
    event = AuditEvent.objects.get(action="retention.purge_applications")
    assert (event.target_id, event.detail) == (str(cycle.pk), {"cycle": cycle.slug, **counts})
    assert f"purged the applications of the cycle {cycle.slug}" in caplog.text


def test_running_again_changes_nothing(old, django_capture_on_commit_callbacks):
    first = _purge_and_delete_files(django_capture_on_commit_callbacks)
    purged_at = Cycle.objects.get(pk=old.cycle.pk).applications_purged_at

    assert _purge_and_delete_files(django_capture_on_commit_callbacks) == {}

    cycle = Cycle.objects.get(pk=old.cycle.pk)
    assert (cycle.applications_purged_at, cycle.purge_counts) == (purged_at, first[cycle.slug])
    assert AuditEvent.objects.filter(action="retention.purge_applications").count() == 1
    assert Application.objects.get(cycle=cycle).pk == old.winner.pk


def test_dry_run_reports_what_would_go_and_changes_nothing(old, django_capture_on_commit_callbacks):
    dry = _purge_and_delete_files(django_capture_on_commit_callbacks, dry_run=True)

    assert dry[old.cycle.slug]["deleted"]["submissions.application"] == 2
    assert Application.objects.filter(cycle=old.cycle).count() == 3
    assert all(default_storage.exists(name) for name in old.files)
    assert Cycle.objects.get(pk=old.cycle.pk).applications_purged_at is None
    assert not AuditEvent.objects.filter(action="retention.purge_applications").exists()
    # The real purge then removes exactly what the dry run announced.
    assert _purge_and_delete_files(django_capture_on_commit_callbacks) == dry


def test_command_dry_run_prints_each_cycle_and_purges_nothing(old, capsys):
    call_command("purge_expired_applications", "--dry-run")

    out = capsys.readouterr().out
    assert out.startswith(f"Would purge {old.cycle.slug} (due ")
    assert '"submissions.application": 2' in out
    assert Application.objects.filter(cycle=old.cycle).count() == 3


def test_command_says_when_nothing_is_due(capsys):
    call_command("purge_expired_applications")

    assert capsys.readouterr().out == "No award cycle is past its retention period.\n"


def test_nightly_task_is_scheduled_and_purges(old):
    entry = celery_app.conf.beat_schedule["purge-expired-applications"]
    assert entry["task"] == purge_task.name == "submissions.tasks.purge_expired_applications"

    result = purge_task.delay().get()

    assert list(result) == [old.cycle.slug]
    assert Application.objects.filter(cycle=old.cycle).count() == 1


def _purge_queries() -> int:
    with CaptureQueriesContext(connection) as queries:
        purge_expired_applications()
    return len(queries)


def test_query_count_does_not_grow_with_the_applications(django_assert_max_num_queries):
    small = _cycle(results_ago=6 * YEAR)
    _applications(small, 2)
    small_count = _purge_queries()
    large = _cycle(results_ago=6 * YEAR)
    _applications(large, 25)

    with django_assert_max_num_queries(small_count):
        result = purge_expired_applications()

    assert result[large.slug]["deleted"]["submissions.application"] == 25
    assert result[large.slug]["deleted"]["judging.score"] == 25
    assert Application.objects.filter(cycle=large).count() == 0
