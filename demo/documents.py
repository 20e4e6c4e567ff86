"""The documents part of the demo (seed_demo): every demo edition gets a certificate design (an
emblem, two partners' logos and a signatory with a signature, all drawn here with Pillow: no real
emblem, logo or signature is shipped or downloaded), and the chair's scorecards in the judging demo
edition are scored and submitted, so that staff can print score sheets, summaries, a committee book
and certificates from admin right after `make run`. Each demo edition numbers its official letters in
the series ดศ 5004/ (DEPA 5004/ in English); the letters themselves come from the demo's events (every
submitted demo application has its acknowledgement, rendered by the worker), as they would in use."""

import io
import math

from django.core.files.base import ContentFile
from PIL import Image, ImageDraw

from accounts.models import User
from awards.models import Cycle
from demo import awards as data
from documents.models import CertificateDesign, LetterSeries, PartnerLogo, Signatory
from judging.enums import ConflictAnswer
from judging.models import Assignment, Declaration
from judging.services.declarations import declare_interests
from judging.services.scoring import answer_conflict, record_score, scorecard_for, submit_scorecard
from judging.totals import max_steps
from submissions.filetypes import FileKind, safe_storage_name

COMMENT = "ตัวอย่างความเห็นของกรรมการสำหรับการสาธิตการพิมพ์แบบให้คะแนน"
DEMO_SLUGS = ["2022", "demo", "demo-judging", "demo-finalists", "demo-results", "demo-vote"]
NAVY, GOLD, WHITE, INK = (29, 58, 110, 255), (196, 154, 44, 255), (255, 255, 255, 255), (31, 47, 107, 255)
PARTNER_COLOURS = [(14, 116, 144, 255), (101, 84, 175, 255)]


def _png(image: Image.Image) -> ContentFile:
    out = io.BytesIO()
    image.save(out, format="PNG")
    return ContentFile(out.getvalue(), name=safe_storage_name("", FileKind.PNG))


def draw_emblem() -> ContentFile:
    """A round emblem: a gold ring around a navy disc with a white city skyline."""
    image = Image.new("RGBA", (480, 480), (0, 0, 0, 0))
    pen = ImageDraw.Draw(image)
    pen.ellipse((8, 8, 472, 472), fill=GOLD)
    pen.ellipse((34, 34, 446, 446), fill=NAVY)
    for left, height in [(120, 120), (170, 200), (225, 150), (275, 230), (330, 110)]:
        pen.rectangle((left, 330 - height, left + 40, 330), fill=WHITE)
    pen.rectangle((100, 336, 380, 350), fill=GOLD)
    pen.arc((150, 60, 330, 240), start=200, end=340, fill=GOLD, width=10)
    return _png(image)


def draw_partner_logo(number: int) -> ContentFile:
    """A wide rounded badge in the partner's colour with a white mark (a ring, then a diamond)."""
    image = Image.new("RGBA", (600, 240), (0, 0, 0, 0))
    pen = ImageDraw.Draw(image)
    pen.rounded_rectangle((0, 0, 599, 239), radius=48, fill=PARTNER_COLOURS[number % 2])
    if number % 2 == 0:
        pen.ellipse((60, 50, 200, 190), outline=WHITE, width=18)
    else:
        pen.polygon([(130, 40), (210, 120), (130, 200), (50, 120)], fill=WHITE)
    for row, width in enumerate([300, 240, 280]):
        pen.rounded_rectangle((250, 60 + row * 50, 250 + width, 86 + row * 50), radius=12, fill=WHITE)
    return _png(image)


def draw_signature() -> ContentFile:
    """A handwritten-looking stroke on a transparent background."""
    image = Image.new("RGBA", (600, 200), (0, 0, 0, 0))
    steps = 240
    points = []
    for step in range(steps):
        t = step / steps
        x = 40 + 520 * t + 28 * math.sin(t * 38)
        y = 110 - 45 * math.sin(t * 19) * (1 - t * 0.6) - 20 * math.cos(t * 38)
        points.append((x, y))
    ImageDraw.Draw(image).line(points, fill=INK, width=6, joint="curve")
    return _png(image)


def _store(field, content: ContentFile) -> None:
    field.save(content.name, content, save=False)


def _design_certificates(cycle: Cycle) -> None:
    design = CertificateDesign(cycle=cycle)
    _store(design.emblem, draw_emblem())
    design.save()
    signatory = Signatory(design=design, order=1, **data.SIGNATORY)
    _store(signatory.signature, draw_signature())
    signatory.save()
    for number, (name_th, name_en) in enumerate(data.PARTNERS):
        logo = PartnerLogo(design=design, order=number + 1, name_th=name_th, name_en=name_en)
        _store(logo.image, draw_partner_logo(number))
        logo.save()


def _score_every_criterion(assignment: Assignment, chair) -> None:
    if assignment.conflict_answer != ConflictAnswer.NO_CONFLICT:
        answer_conflict(assignment=assignment, by=chair, recuse=False)
    scorecard = scorecard_for(assignment=assignment)
    rubric = assignment.round.rubric
    for dimension in rubric.dimensions.prefetch_related("criteria"):
        for criterion in dimension.criteria.all():
            # Four fifths of full marks, in whole steps: a plausible, clearly demo score.
            steps = max_steps(criterion.max_points, rubric.score_step) * 4 // 5
            record_score(scorecard=scorecard, criterion=criterion, steps=steps, comment=COMMENT, by=chair)
    submit_scorecard(scorecard=scorecard, by=chair)


LETTER_SERIES = {"prefix_th": "ดศ 5004/", "prefix_en": "DEPA 5004/"}


def _letter_series() -> bool:
    """The demo editions' series of letter numbers, with its English prefix (a series a submission
    created already keeps its numbers)."""
    changed = False
    for cycle in Cycle.objects.filter(slug__in=DEMO_SLUGS):
        series, created = LetterSeries.objects.get_or_create(cycle=cycle, defaults=LETTER_SERIES)
        if not created and not series.prefix_en:
            series.prefix_en = LETTER_SERIES["prefix_en"]
            series.save(update_fields=["prefix_en"])
            created = True
        changed = changed or created
    return changed


def load_documents_demo() -> bool:
    """Idempotent: an edition with a certificate design and scorecards already submitted is left as it is."""
    changed = _letter_series()
    for cycle in Cycle.objects.filter(slug__in=DEMO_SLUGS, certificate_design__isnull=True):
        _design_certificates(cycle)
        changed = True
    cycle = Cycle.objects.filter(slug="demo-judging").first()
    chair = User.objects.filter(email="chair@example.com").first()
    if cycle is None or chair is None:
        return changed
    pending = Assignment.objects.filter(round__cycle=cycle, judge=chair, scorecard__isnull=True).select_related(
        "round__rubric"
    )
    if pending and not Declaration.objects.filter(judge=chair, cycle=cycle).exists():
        declare_interests(judge=chair, cycle=cycle, organisations="", provinces=[])
    for assignment in pending:
        _score_every_criterion(assignment, chair)
        changed = True
    return changed
