# ruff: noqa: E501 (Thai demo rows are kept whole, one finalist per entry)
"""The Popular Vote part of the demo (seed_demo): an edition in its voting phase, with shortlisted
finalists (some with a published summary and cover image) and an open vote usable in a browser."""

from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.core.files.base import ContentFile
from django.utils import timezone

from awards.enums import MilestoneKind, PrizeKind
from awards.models import Category, Cycle, Milestone, Prize
from core.deadlines import end_of_day
from demo import awards as data
from demo import projects
from demo.forms import build_facts_section
from demo.pictures import cover_png
from demo.submissions import store_demo_answers, store_demo_attachments
from submissions.enums import ApplicationStatus, OrganisationKind
from submissions.models import Application, Organisation, Province
from voting.enums import VerifierKind
from voting.identity import email_domain, email_hash, email_similarity_hash
from voting.models import Poll
from voting.services.codes import voter_for_identity
from voting.services.votes import cast_vote

SLUG = "demo-vote"
# (category slug, province code, organisation, title (Thai), title (English), summary, publish)
FINALISTS = [
    (
        "smart-mobility",
        "50",
        "เทศบาลนครเชียงใหม่",
        "รถแดงอัจฉริยะ ติดตามและจองผ่าน LINE",
        "Smart red trucks: track and book on LINE",
        "ผู้โดยสารดูตำแหน่งรถสองแถวแบบเรียลไทม์และจองที่นั่งผ่าน LINE ลดเวลารอเฉลี่ยจาก 25 นาทีเหลือ 8 นาที",
        True,
    ),
    (
        "smart-environment",
        "83",
        "เทศบาลนครภูเก็ต",
        "ระบบเฝ้าระวังคุณภาพน้ำทะเลชายหาด",
        "Beach water-quality watch",
        "เซนเซอร์ 24 จุดรายงานคุณภาพน้ำทุกชั่วโมง นักท่องเที่ยวตรวจสอบได้ก่อนลงเล่นน้ำ",
        True,
    ),
    (
        "smart-living",
        "40",
        "เทศบาลนครขอนแก่น",
        "ปุ่มฉุกเฉินผู้สูงอายุเชื่อมศูนย์กู้ชีพ",
        "Emergency button for older people",
        "ผู้สูงอายุที่อยู่ลำพัง 1,200 คนกดปุ่มเดียวเพื่อเรียกศูนย์กู้ชีพ พร้อมส่งพิกัดและประวัติสุขภาพ",
        True,
    ),
    (
        "smart-governance",
        "10",
        "สำนักงานเขตตัวอย่าง",
        "ยื่นคำร้องออนไลน์ติดตามได้ทุกขั้นตอน",
        "Online petitions tracked step by step",
        "ประชาชนยื่นคำร้อง 18 ประเภทผ่าน LINE และติดตามสถานะได้ทุกขั้นตอน เวลาอนุมัติเฉลี่ยลดจาก 15 วันทำการเหลือ 5 วัน",
        True,
    ),
]
# Valid votes per finalist, in the order of FINALISTS (cast by as many verified demo voters).
VOTES = [14, 9, 6, 3]
# Documentation address ranges (RFC 5737): never anyone's real address.
DEMO_NETWORKS = ["192.0.2", "198.51.100", "203.0.113"]


def _at(day: date, hour: int = 0) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour)))


def _votes(poll: Poll, finalists: list[Application]) -> None:
    """Real votes of verified demo voters, cast through the voting service, so that the counts the
    gallery shows and the integrity report are the ledger's own."""
    finalist_ids = {a.pk for a in finalists}
    number = 0
    for application, count in zip(finalists, VOTES, strict=False):
        for _ in range(count):
            number += 1
            email = f"demo.voter{number}@example.org"
            voter = voter_for_identity(
                kind=VerifierKind.EMAIL,
                identity_hash=email_hash(email),
                similarity_hash=email_similarity_hash(email),
                email=email,
                domain=email_domain(email),
                language="th",
                notice_version=settings.PRIVACY_NOTICE_VERSION,
                consented_at=timezone.now(),
            )
            # One address per voter (documentation ranges), as different homes and phones have.
            ip = f"{DEMO_NETWORKS[number % len(DEMO_NETWORKS)]}.{number // len(DEMO_NETWORKS) + 1}"
            cast_vote(poll=poll, finalist_ids=finalist_ids, voter_id=voter.pk, application_id=application.pk, ip=ip)


def _create_cycle(today: date) -> Cycle:
    cycle = Cycle.objects.create(
        slug=SLUG,
        year=today.year - 1,
        reference_prefix="DEMOVOTE",
        name_th=f"โครงการ The Smart City Solution Awards {today.year - 1} (สาธิตโหวต)",
        name_en=f"The Smart City Solution Awards {today.year - 1} (Popular Vote demo)",
        organiser_th=data.ORGANISER_TH,
        organiser_en=data.ORGANISER_EN,
        description_th=data.DESCRIPTION_TH,
        description_en=data.DESCRIPTION_EN,
        eligibility_th=data.ELIGIBILITY_TH,
        eligibility_en=data.ELIGIBILITY_EN,
        is_published=True,
        **data.CONTACT,
    )
    for position, (slug, code, name_th, name_en, desc_th, desc_en) in enumerate(data.CATEGORIES, start=1):
        Category.objects.create(
            cycle=cycle,
            slug=slug,
            code=code,
            position=position,
            name_th=name_th,
            name_en=name_en,
            description_th=desc_th,
            description_en=desc_en,
        )
    Prize.objects.create(cycle=cycle, kind=PrizeKind.POPULAR_VOTE, position=99, **data.POPULAR_VOTE_PRIZE)
    # No rubric (nobody scores here): its form is the 2022 call's facts, where the summary lives.
    build_facts_section(cycle)
    for kind, starts_at, ends_at in [
        (MilestoneKind.APPLICATIONS_OPEN, _at(today - timedelta(days=90)), None),
        (MilestoneKind.SUBMISSION_DEADLINE, end_of_day(today - timedelta(days=45)), None),
        (MilestoneKind.SHORTLIST_ANNOUNCEMENT, _at(today - timedelta(days=3)), None),
        (MilestoneKind.VOTING, _at(today - timedelta(days=2)), _at(today + timedelta(days=14), 23)),
        (MilestoneKind.RESULTS, _at(today + timedelta(days=20)), None),
    ]:
        Milestone.objects.create(cycle=cycle, kind=kind, starts_at=starts_at, ends_at=ends_at)
    return cycle


def _create_finalists(cycle: Cycle) -> list[Application]:
    created = []
    for number, (category, province, org, title_th, title_en, summary, publish) in enumerate(FINALISTS, 1):
        organisation = Organisation.objects.create(
            name=org,
            kind=OrganisationKind.CITY_MUNICIPALITY,
            province=Province.objects.get(code=province),
            address=f"{org} จังหวัด{Province.objects.get(code=province).name_th}",
            contact_name="ผู้ประสานงาน",
            contact_phone="02 000 0000",
        )
        category_obj = cycle.categories.get(slug=category)
        application = Application.objects.create(
            cycle=cycle,
            category=category_obj,
            organisation=organisation,
            status=ApplicationStatus.SHORTLISTED,
            reference=f"DEMOVOTE-{category_obj.code}-{number:03d}",
            title_th=title_th,
            title_en=title_en,
            publish_consent=publish,
            submitted_at=timezone.now() - timedelta(days=50),
        )
        if publish:
            application.cover_image.save(f"demo-vote-{number}.png", ContentFile(cover_png(title_th)), save=True)
        store_demo_answers(
            application,
            {"started_on": "01/06/2023", "summary": summary, "video_url": projects.video_url(title_th)},
        )
        store_demo_attachments(application, summary)
        created.append(application)
    return created


def load_voting_demo(*, today: date, stdout=None) -> bool:
    """Idempotent: the edition is made once; a second run changes nothing."""
    if Cycle.objects.filter(slug=SLUG).exists():
        return False
    cycle = _create_cycle(today)
    finalists = _create_finalists(cycle)
    poll = Poll.objects.create(
        cycle=cycle,
        opens_at=_at(today - timedelta(days=2)),
        closes_at=_at(today + timedelta(days=14), 23),
        show_counts=True,
        # Every proof: e-mail and SMS codes (written to var/mail/ and var/sms/ in development), and
        # ThaiD and LINE through the labelled local stand-in provider that `make run` starts.
        proofs=[VerifierKind.EMAIL, VerifierKind.SMS, VerifierKind.THAID, VerifierKind.LINE],
    )
    _votes(poll, finalists)
    if stdout is not None:
        stdout.write(
            f"Loaded an edition in its Popular Vote at /vote/{SLUG}/ (verify by e-mail, SMS, ThaiD or LINE, then vote)"
        )
    return True
