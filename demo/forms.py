"""The demo editions' application forms, built as staff would build them in admin.

The 2022 form is rebuilt from its call: a first section of project facts (the start date carries the
call's six-month rule), then twelve sections mirroring the rubric, one long answer each, each linked
to the criterion that reads it. The live edition's form adds one question of every kind."""

from decimal import Decimal

from awards.enums import FieldKind, FieldRule, Visibility
from awards.models import Criterion, Cycle, Field, Section

from . import awards as data

SIX_MONTHS_TH = "ผลงานต้องให้บริการประชาชนมาแล้วอย่างน้อย {n} เดือนก่อนวันปิดรับสมัคร: ต้องเริ่มให้บริการภายในวันที่ {date}"
SIX_MONTHS_EN = (
    "The service must have served the public for at least {n} months by the deadline: it must have started "
    "on or before {date}."
)

# (key, kind, Thai question, English question, options)
FACTS = [
    (
        "started_on",
        FieldKind.DATE,
        "วันที่เริ่มให้บริการประชาชน",
        "Date the service started serving the public",
        {
            "required": True,
            "help_th": "พิมพ์เป็นวัน/เดือน/ปี พ.ศ. เช่น 15/09/2565",
            "help_en": "Type it as day/month/year, for example 15/09/2022.",
            "rule": FieldRule.MONTHS_BEFORE_DEADLINE,
            "rule_value": Decimal(6),
            "rule_message_th": SIX_MONTHS_TH,
            "rule_message_en": SIX_MONTHS_EN,
        },
    ),
    ("area_served", FieldKind.SHORT_TEXT, "พื้นที่ให้บริการ", "Area served", {"max_chars": 300}),
    (
        "population_served",
        FieldKind.NUMBER,
        "จำนวนประชาชนที่ได้รับบริการ",
        "People served",
        {
            "unit_th": "คน",
            "unit_en": "people",
            "min_value": Decimal(0),
        },
    ),
    ("budget", FieldKind.MONEY, "งบประมาณ", "Budget", {"min_value": Decimal(0)}),
    (
        "video_url",
        FieldKind.URL,
        "ลิงก์วิดีโอแนะนำผลงาน",
        "Video link",
        {"visibility": Visibility.PUBLIC, "identifying": True},
    ),
    ("website_url", FieldKind.URL, "เว็บไซต์ของผลงาน", "Website", {"visibility": Visibility.PUBLIC, "identifying": True}),
    (
        "summary",
        FieldKind.LONG_TEXT,
        "สรุปผลงานสำหรับเผยแพร่",
        "Public summary",
        {
            "max_chars": 600,
            "visibility": Visibility.PUBLIC,
            "help_th": "ไม่เกิน 600 ตัวอักษร แสดงในหน้าโหวตและคลังผลงานเมื่อหน่วยงานยินยอม",
            "help_en": "At most 600 characters, shown in the vote gallery and the showcase once you consent.",
        },
    ),
]


def build_facts_section(cycle: Cycle) -> Section:
    """The first section of the 2022 call: the project's facts (FACTS), the start date with its rule.
    Alone, it is the whole form of an edition without a rubric (the Popular Vote demo's)."""
    facts = Section.objects.create(
        cycle=cycle,
        position=1,
        name_th="ข้อมูลผลงาน",
        name_en="About the project",
        guidance_th="ข้อมูลพื้นฐานของผลงาน ใช้ตรวจคุณสมบัติและแสดงต่อสาธารณะเฉพาะส่วนที่ระบุ",
        guidance_en="The project's basic facts, used to check eligibility; only the parts marked public are shown.",
    )
    for position, (key, kind, name_th, name_en, options) in enumerate(FACTS, start=1):
        field = Field(
            cycle=cycle,
            section=facts,
            key=key,
            kind=kind,
            position=position,
            name_th=name_th,
            name_en=name_en,
            **options,
        )
        field.full_clean()
        field.save()
    return facts


def build_2022_form(cycle: Cycle, criteria: dict[tuple[int, int], Criterion]) -> None:
    """The facts section and the twelve sections of the 2022 call, each answer linked to its criterion."""
    build_facts_section(cycle)
    for position, (title_th, title_en, guide_th, guide_en, criterion) in enumerate(data.SECTIONS, start=2):
        section = Section.objects.create(
            cycle=cycle,
            position=position,
            name_th=title_th,
            name_en=title_en,
            guidance_th=guide_th,
            guidance_en=guide_en,
        )
        field = Field.objects.create(
            cycle=cycle,
            section=section,
            key=f"answer_{position - 1}",
            kind=FieldKind.LONG_TEXT,
            position=1,
            name_th=title_th,
            name_en=title_en,
            required=True,
            max_chars=data.SECTION_MAX_CHARS,
        )
        field.criteria.add(criteria[criterion])


# The live edition asks, besides the 2022 form, one question of every other kind (a section of its own).
MORE = [
    (
        "service_kind",
        FieldKind.CHOICE,
        "รูปแบบการให้บริการ",
        "How the service is delivered",
        {
            "choices": [
                {"value": "app", "th": "แอปพลิเคชัน", "en": "Mobile application"},
                {"value": "web", "th": "เว็บไซต์", "en": "Website"},
                {"value": "device", "th": "อุปกรณ์ในพื้นที่", "en": "Devices in public places"},
                {"value": "other", "th": "อื่น ๆ", "en": "Other"},
            ],
            "required": True,
        },
    ),
    (
        "service_kind_other",
        FieldKind.SHORT_TEXT,
        "โปรดระบุรูปแบบอื่น",
        "Which other form?",
        {
            "max_chars": 200,
            "required": True,
            "condition_values": ["other"],
        },
    ),
    (
        "channels",
        FieldKind.CHOICES,
        "ช่องทางที่ประชาชนเข้าถึง",
        "Channels people use",
        {
            "choices": [
                {"value": "line", "th": "LINE", "en": "LINE"},
                {"value": "phone", "th": "โทรศัพท์", "en": "Telephone"},
                {"value": "counter", "th": "จุดบริการ", "en": "Service counter"},
            ],
        },
    ),
    (
        "open_data",
        FieldKind.YES_NO,
        "เปิดเผยข้อมูลเป็นข้อมูลเปิด (Open Data) หรือไม่",
        "Is its data published as open data?",
        {},
    ),
    (
        "pilot_province",
        FieldKind.PROVINCE,
        "จังหวัดที่เริ่มให้บริการ",
        "Province where it started",
        {
            "identifying": True,
        },
    ),
    (
        "contact_email",
        FieldKind.EMAIL,
        "อีเมลผู้ประสานงานโครงการ",
        "Project contact e-mail",
        {
            "visibility": Visibility.STAFF,
            "identifying": True,
        },
    ),
    (
        "project_team",
        FieldKind.GROUP,
        "คณะทำงานของโครงการ",
        "The project team",
        {
            "columns": [
                {"key": "name", "th": "ชื่อ-สกุล", "en": "Name"},
                {
                    "key": "kind",
                    "th": "ภาคส่วน",
                    "en": "Sector",
                    "choices": [
                        {"value": "public", "th": "ภาครัฐ", "en": "Public sector"},
                        {"value": "private", "th": "ภาคเอกชน", "en": "Private sector"},
                        {"value": "community", "th": "ภาคประชาชน", "en": "Community"},
                    ],
                },
                {"key": "role", "th": "บทบาท", "en": "Role"},
            ],
            "max_rows": 10,
            "identifying": True,
        },
    ),
    (
        "photos",
        FieldKind.FILE,
        "ภาพการให้บริการ",
        "Photographs of the service",
        {
            "file_kinds": ["jpeg", "png"],
            "max_file_mb": 5,
            "max_rows": 3,
        },
    ),
    (
        "logo",
        FieldKind.FILE,
        "ตราสัญลักษณ์ของหน่วยงาน",
        "The organisation's logo",
        {
            "file_kinds": ["png", "jpeg"],
            "max_file_mb": 2,
            "max_rows": 1,
            "identifying": True,
            "visibility": Visibility.STAFF,
        },
    ),
]


def build_live_form(cycle: Cycle, criteria: dict[tuple[int, int], Criterion]) -> None:
    """The 2022 form plus a section with one question of every other kind."""
    build_2022_form(cycle, criteria)
    section = Section.objects.create(
        cycle=cycle,
        position=Section.objects.filter(cycle=cycle).count() + 1,
        name_th="รายละเอียดเพิ่มเติม",
        name_en="More about the service",
        guidance_th="คำถามเพิ่มเติมของปีนี้",
        guidance_en="This edition's further questions.",
    )
    made = {}
    for position, (key, kind, name_th, name_en, options) in enumerate(MORE, start=1):
        options = dict(options)
        condition = made.get("service_kind") if "condition_values" in options else None
        field = Field(
            cycle=cycle,
            section=section,
            key=key,
            kind=kind,
            position=position,
            name_th=name_th,
            name_en=name_en,
            condition_field=condition,
            **options,
        )
        field.full_clean()
        field.save()
        made[key] = field
