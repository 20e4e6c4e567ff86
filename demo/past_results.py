# ruff: noqa: E501 (Thai demo rows are kept whole, one project per entry)
"""The 2022 edition's results for the demo (seed_demo): a winner and finalists in each of the seven
categories and the Popular Vote, recorded as decisions through judging's decision service, so that
/2022/results/ shows a past edition as the public sees it.

depa's call for 2022 does not list its winners: these projects are invented demo data (their
summaries say so), with the organisations' real provinces.
"""

from datetime import date, datetime, time

from django.core.files.base import ContentFile
from django.utils import timezone

from accounts.models import User
from awards.enums import PrizeKind
from awards.models import Cycle
from demo import projects
from demo.pictures import cover_png
from demo.submissions import store_demo_answers, store_demo_attachments
from judging.models import Decision
from judging.services.decisions import finalise_prize
from submissions.enums import ApplicationStatus, OrganisationKind
from submissions.models import Application, Organisation, Province

SLUG = "2022"
DECIDED_ON = date(2022, 9, 15)
DEMO_NOTE = "ข้อมูลสาธิต: "
# category slug: [(organisation, province code, Thai title, English title)], the winner first.
PROJECTS = {
    "smart-environment": [
        (
            "เทศบาลนครหาดใหญ่",
            "90",
            "ระบบเตือนภัยน้ำท่วมเมืองหาดใหญ่ด้วยเซนเซอร์ระดับน้ำ",
            "Hat Yai flood warning from water-level sensors",
        ),
        ("เทศบาลนครระยอง", "21", "เครือข่ายเซนเซอร์ตรวจวัดฝุ่น PM2.5 รายชุมชน", "Neighbourhood PM2.5 sensor network"),
    ],
    "smart-energy": [
        ("เทศบาลนครพิษณุโลก", "65", "ไฟถนน LED อัจฉริยะหรี่แสงอัตโนมัติทั้งเมือง", "City-wide smart LED street lighting"),
        ("เทศบาลเมืองแสนสุข", "20", "โซลาร์รูฟท็อปอาคารเทศบาลพร้อมระบบติดตามพลังงาน", "Rooftop solar on municipal buildings"),
    ],
    "smart-economy": [
        (
            "เทศบาลนครเชียงใหม่",
            "50",
            "ตลาดสดชำระเงินด้วย QR และแผนที่ร้านค้าออนไลน์",
            "Fresh market QR payments and online stall map",
        ),
        ("เทศบาลนครอุบลราชธานี", "34", "แพลตฟอร์มจองคิวรถขนส่งสินค้าเกษตร", "Booking platform for farm-produce transport"),
    ],
    "smart-governance": [
        (
            "เทศบาลนครขอนแก่น",
            "40",
            "ยื่นคำร้องขออนุญาตก่อสร้างออนไลน์ติดตามได้ทุกขั้นตอน",
            "Building permits online, tracked step by step",
        ),
        ("เทศบาลนครภูเก็ต", "83", "ระบบรับเรื่องร้องเรียนเมืองผ่าน LINE พร้อมแผนที่", "City complaints on LINE with a map"),
    ],
    "smart-people": [
        ("เทศบาลนครระยอง", "21", "ห้องเรียนดิจิทัลสำหรับผู้สูงอายุในชุมชน", "Digital classrooms for older people"),
        ("เทศบาลนครหาดใหญ่", "90", "ศูนย์เรียนรู้ทักษะดิจิทัลเยาวชนเมือง", "Digital skills centre for young people"),
    ],
    "smart-mobility": [
        ("เทศบาลนครภูเก็ต", "83", "ป้ายรถโดยสารอัจฉริยะแสดงเวลารถมาถึงจริง", "Smart bus stops with real arrival times"),
        ("เทศบาลนครพิษณุโลก", "65", "สัญญาณไฟจราจรปรับตามปริมาณรถด้วยกล้อง AI", "AI-camera adaptive traffic lights"),
    ],
    "smart-living": [
        ("เทศบาลนครอุบลราชธานี", "34", "จองคิวศูนย์บริการสาธารณสุขเทศบาลผ่าน LINE", "Municipal clinic queues booked on LINE"),
        ("เทศบาลนครเชียงใหม่", "50", "ปุ่มฉุกเฉินผู้สูงอายุที่อยู่ลำพังเชื่อมศูนย์กู้ชีพ", "Emergency button for older people living alone"),
    ],
}
# The Popular Vote went to this finalist (category slug, position in its list).
POPULAR_VOTE = ("smart-living", 1)


def _application(cycle: Cycle, category, number: int, row: tuple, winner: bool) -> Application:
    org_name, province_code, title_th, title_en = row
    province = Province.objects.get(code=province_code)
    organisation, _created = Organisation.objects.get_or_create(
        name=org_name,
        defaults={
            "kind": OrganisationKind.CITY_MUNICIPALITY,
            "province": province,
            "address": f"{org_name} จังหวัด{province.name_th}",
            "contact_name": "ผู้ประสานงานโครงการ",
            "contact_phone": "02 000 0000",
        },
    )
    application = Application.objects.create(
        cycle=cycle,
        category=category,
        organisation=organisation,
        status=ApplicationStatus.AWARDED if winner else ApplicationStatus.NOT_AWARDED,
        reference=f"SCSA2565-{category.code}-{number:03d}",
        title_th=title_th,
        title_en=title_en,
        publish_consent=True,
        submitted_at=timezone.make_aware(datetime.combine(date(2022, 8, 25), time(10))),
    )
    answers = projects.answers(title=title_th, organisation=org_name, province=province.name_th)
    application.cover_image.save(f"2022-{category.code}-{number}.png", ContentFile(cover_png(title_th)), save=True)
    summary = (DEMO_NOTE + projects.summary(title_th))[:600]  # the question's limit
    store_demo_answers(
        application,
        {
            **projects.facts(title_th),
            "started_on": "01/06/2021",
            "summary": summary,
            **{f"answer_{number}": text for number, text in enumerate(answers, start=1)},
        },
    )
    store_demo_attachments(application, summary)
    return application


def _data(cycle: Cycle, category, entries: list[Application]) -> dict:
    return {
        "format": "scsa-decision/1",
        "cycle": cycle.slug,
        "category": category.code if category else None,
        "note": "demo data: the published winners of 2022 are not on record here",
        "rows": [{"rank": rank, "reference": a.reference, "title": a.title_th} for rank, a in enumerate(entries, 1)],
    }


def load_2022_results() -> bool:
    """Idempotent: nothing is done once the 2022 edition has a decision."""
    cycle = Cycle.objects.filter(slug=SLUG).first()
    if cycle is None or Decision.objects.filter(prize__cycle=cycle).exists():
        return False
    staff = User.objects.get(email="staff@example.com")
    entered = {}
    for category in cycle.categories.order_by("position"):
        rows = PROJECTS.get(category.slug, [])
        entered[category.slug] = [
            _application(cycle, category, number, row, winner=number == 1) for number, row in enumerate(rows, 1)
        ]
        prize = cycle.prizes.get(kind=PrizeKind.CATEGORY, category=category)
        finalise_prize(
            prize=prize,
            application=entered[category.slug][0],
            by=staff,
            data=_data(cycle, category, entered[category.slug]),
        )
    slug, index = POPULAR_VOTE
    popular = cycle.prizes.get(kind=PrizeKind.POPULAR_VOTE)
    finalise_prize(
        prize=popular, application=entered[slug][index], by=staff, data=_data(cycle, None, [entered[slug][index]])
    )
    # The decisions were taken on the announcement day of 2022, not today.
    decided_at = timezone.make_aware(datetime.combine(DECIDED_ON, time(9)))
    Decision.objects.filter(prize__cycle=cycle).update(decided_at=decided_at)
    return True
