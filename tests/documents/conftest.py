"""A judged category of the 2022 edition: two dimensions (the second scaled, as 2022's dimension 2
is), applications with submitted scorecards, a prize, and private storage in a temporary folder."""

import io
import unicodedata
from datetime import datetime, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone
from pypdf import PdfReader

from awards.enums import MilestoneKind
from judging.enums import ConflictAnswer
from submissions.enums import ApplicationStatus
from tests.factories import (
    ApplicationFactory,
    AssignmentFactory,
    CategoryFactory,
    CriterionFactory,
    CycleFactory,
    DimensionFactory,
    MilestoneFactory,
    PrizeFactory,
    RoundFactory,
    RubricFactory,
    ScorecardFactory,
    ScoreFactory,
)


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": tmp_path}},
    }
    return tmp_path


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """``with committed(execute=True):`` runs what the block queued after commit (the test's own
    transaction never commits), here the rendering task, eagerly."""
    return django_capture_on_commit_callbacks


def letters(text: str) -> str:
    """Thai text as pypdf reads it back: pypdf ignores the /ActualText spans that give a cluster its
    text (core/pdf_text.py) and reads each glyph, so SARA AM, drawn as NIKHAHIT and SARA AA, reads as
    those two letters, its compatibility decomposition; text is compared in that form (NFKD).
    pdftotext reads the text exactly as written (tests/documents/test_text_layer.py)."""
    return unicodedata.normalize("NFKD", text)


def pdf_text(pdf: bytes) -> str:
    return letters("\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages))


def pdf_fonts(pdf: bytes) -> set[str]:
    fonts = set()
    for page in PdfReader(io.BytesIO(pdf)).pages:
        fonts |= {str(font["/BaseFont"]) for font in page["/Resources"]["/Font"].values()}
    return fonts


@pytest.fixture
def cycle(db):
    cycle = CycleFactory(
        year=2022,
        name_th="โครงการ The Smart City Solution Awards 2022",
        name_en="The Smart City Solution Awards 2022",
    )
    results = timezone.make_aware(datetime(2022, 9, 15, 10))
    MilestoneFactory(cycle=cycle, kind=MilestoneKind.RESULTS, starts_at=results)
    return cycle


@pytest.fixture
def category(cycle):
    return CategoryFactory(cycle=cycle, name_th="ด้านการเดินทางและขนส่งอัจฉริยะ", name_en="Smart Mobility", code="MOB")


@pytest.fixture
def prize(cycle, category):
    return PrizeFactory(
        cycle=cycle,
        category=category,
        name_th="รางวัลดีเด่นด้านการบริการอย่างชาญฉลาด",
        name_en="Outstanding Smart City Solution Award",
        level_th="ดีเด่น",
        level_en="Outstanding",
    )


@pytest.fixture
def round_(cycle):
    rubric = RubricFactory(cycle=cycle, score_step=Decimal("0.5"))
    first = DimensionFactory(rubric=rubric, position=1, name_th="ความเป็นมาและความสำคัญ", points=Decimal(10))
    second = DimensionFactory(rubric=rubric, position=2, name_th="แนวทาง Smart Solution", points=Decimal(30))
    CriterionFactory(dimension=first, position=1, name_th="ความเป็นมาชัดเจน", max_points=Decimal(4))
    CriterionFactory(dimension=first, position=2, name_th="กลุ่มเป้าหมายชัดเจน", max_points=Decimal(6))
    CriterionFactory(dimension=second, position=1, name_th="การมีส่วนร่วม", max_points=Decimal(5))
    CriterionFactory(dimension=second, position=2, name_th="นวัตกรรมและเทคโนโลยี", max_points=Decimal(20))
    now = timezone.now()
    return RoundFactory(rubric=rubric, opens_at=now - timedelta(days=10), closes_at=now - timedelta(days=1))


def make_application(cycle, category, number: int, **kwargs):
    return ApplicationFactory(
        cycle=cycle,
        category=category,
        status=ApplicationStatus.SUBMITTED,
        reference=f"SCSA2565-MOB-{number:03d}",
        title_th=f"ระบบแจ้งเหตุอัจฉริยะ {number}",
        submitted_at=timezone.now(),
        **kwargs,
    )


def score(round_, application, judge, steps: list[int], *, submitted=True, comment="เหมาะสม"):
    """The judge's scorecard: ``steps`` per criterion in the rubric's order."""
    assignment = AssignmentFactory(
        round=round_, judge=judge, application=application, conflict_answer=ConflictAnswer.NO_CONFLICT
    )
    scorecard = ScorecardFactory(assignment=assignment, comment="ภาพรวมดี", submitted=submitted)
    criteria = [c for d in round_.rubric.dimensions.order_by("position") for c in d.criteria.order_by("position")]
    for criterion, value in zip(criteria, steps, strict=True):
        ScoreFactory(scorecard=scorecard, criterion=criterion, steps=value, comment=f"{comment} {value}")
    return assignment


@pytest.fixture
def application(cycle, category):
    return make_application(cycle, category, 1)


@pytest.fixture
def assignment(round_, application, judge):
    # Full marks on dimension 1 (10), criteria 5 + 20 of 25 scaled to 30 → 30: total 40.00.
    return score(round_, application, judge, [8, 12, 10, 40])
