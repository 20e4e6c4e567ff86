"""PDFs through the project's code against bare WeasyPrint on the same HTML.

Renders 50 certificates and 50 three-page score sheets (the 2022 rubric: 13 criteria, each with a
comment) twice each: once the way a worker does (documents.rendering: reading the data, the QR code,
the template in the document's language, core.pdf with its static-files fetcher) and once with bare
WeasyPrint (``HTML(string=…).write_pdf()``) on the HTML the project produced, its /static/ links
turned into file paths. The two of a pair run back to back, in alternating order.

    .venv/bin/python bench/pdf.py [--count 50]
    make bench-pdf

The last line is ``certificate_ms=<median> scoresheet_ms=<median> overhead=<median of project ÷ bare
over all pairs>``. It needs no service: a throwaway SQLite database and VAR_DIR in a temporary folder,
removed at the end.
"""

import argparse
import io
import os
import statistics
import sys
import tempfile
import time
from datetime import datetime, timedelta
from decimal import Decimal
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
COMMENT = "มีข้อมูลประกอบชัดเจน และแสดงผลลัพธ์ที่วัดได้จริง"
OVERALL = COMMENT + " ควรเพิ่มตัวชี้วัดด้านความพึงพอใจของประชาชนและแผนการดูแลระบบในระยะยาว รวมทั้งการขยายผลไปยังพื้นที่อื่น"


def setup_django(folder: Path) -> None:
    os.environ["VAR_DIR"] = str(folder)
    os.environ["DATABASE_URL"] = f"sqlite:///{folder / 'bench.sqlite3'}"
    os.environ.pop("REDIS_URL", None)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    sys.path.insert(0, str(BASE_DIR))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def make_data(count: int):
    """A 2022-like cycle with the published rubric, ``count`` scored applications and certificates."""
    from django.utils import timezone

    from accounts.services import create_user
    from awards.enums import MilestoneKind, PrizeKind
    from awards.models import Category, Criterion, Cycle, Dimension, Milestone, Prize, Rubric
    from demo import awards as data
    from documents.models import CertificateDesign, Signatory
    from documents.services import issue_certificate
    from judging.enums import AssignmentSource, ConflictAnswer, RoundKind, ScorecardStatus
    from judging.models import Assignment, Round, Score, Scorecard
    from submissions.models import Application, Organisation, Province
    from submissions.services.provinces import ensure_provinces

    ensure_provinces()
    cycle = Cycle.objects.create(
        slug="bench",
        year=2022,
        name_th="โครงการ The Smart City Solution Awards 2022",
        organiser_th=data.ORGANISER_TH,
        description_th="-",
        eligibility_th="-",
    )
    # The signatory as before the certificate design existed: a name and a position, no images.
    design = CertificateDesign.objects.create(cycle=cycle)
    Signatory.objects.create(design=design, name_th="นายทดสอบ ลงนาม", position_th="ผู้อำนวยการใหญ่")
    Milestone.objects.create(
        cycle=cycle, kind=MilestoneKind.RESULTS, starts_at=timezone.make_aware(datetime(2022, 9, 15, 10))
    )
    category = Category.objects.create(cycle=cycle, slug="mobility", code="MOB", name_th="ด้านการเดินทางและขนส่งอัจฉริยะ")
    prize = Prize.objects.create(cycle=cycle, kind=PrizeKind.CATEGORY, category=category, **data.CATEGORY_PRIZE)
    rubric = Rubric.objects.create(cycle=cycle, version=1, score_step=Decimal("0.5"))
    criteria = []
    for d_no, (name_th, _name_en, points, items) in enumerate(data.RUBRIC, start=1):
        dimension = Dimension.objects.create(rubric=rubric, position=d_no, name_th=name_th, points=Decimal(points))
        for c_no, (c_th, _c_en, maximum) in enumerate(items, start=1):
            criteria.append(
                Criterion.objects.create(dimension=dimension, position=c_no, name_th=c_th, max_points=Decimal(maximum))
            )
    now = timezone.now()
    round_ = Round.objects.create(
        cycle=cycle,
        position=1,
        kind=RoundKind.SCREENING,
        rubric=rubric,
        opens_at=now - timedelta(days=9),
        closes_at=now - timedelta(days=1),
    )
    judge = create_user(email="judge@example.com", password=None, full_name="กรรมการ ทดสอบ")
    bangkok = Province.objects.get(code="10")
    assignments, certificates = [], []
    for number in range(1, count + 1):
        organisation = Organisation.objects.create(
            name=f"เทศบาลนครตัวอย่าง {number}",
            kind="city_municipality",
            province=bangkok,
            address="-",
            contact_name="-",
            contact_phone="-",
        )
        application = Application.objects.create(
            cycle=cycle,
            category=category,
            organisation=organisation,
            status="submitted",
            reference=f"SCSA2565-MOB-{number:03d}",
            title_th=f"ระบบเตือนภัยน้ำท่วมชุมชน {number}",
        )
        assignment = Assignment.objects.create(
            round=round_,
            judge=judge,
            application=application,
            source=AssignmentSource.MANUAL,
            conflict_answer=ConflictAnswer.NO_CONFLICT,
        )
        scorecard = Scorecard.objects.create(
            assignment=assignment, status=ScorecardStatus.SUBMITTED, submitted_at=now, comment=OVERALL
        )
        for criterion in criteria:
            Score.objects.create(
                scorecard=scorecard, criterion=criterion, steps=int(criterion.max_points), comment=COMMENT
            )
        assignments.append(assignment)
        certificates.append(issue_certificate(prize=prize, application=application, language="th", by=judge))
    return assignments, certificates


def bare_html(template: str, context: dict) -> str:
    """The project's HTML for the same document, with /static/ links made file paths for bare WeasyPrint."""
    from django.template.loader import render_to_string
    from django.utils import translation

    with translation.override("th"):
        html = render_to_string(template, context)
    return html.replace('href="/static/', f'href="{(BASE_DIR / "static").as_uri()}/')


def certificate_pair(certificate):
    from weasyprint import HTML

    from documents.rendering import certificate_pdf
    from documents.rendering.certificate import certificate_context

    html = bare_html("documents/pdf/certificate.html", certificate_context(certificate))
    return (lambda: certificate_pdf(certificate, "th"), lambda: HTML(string=html).write_pdf())


def score_sheet_pair(assignment):
    from weasyprint import HTML

    from documents.rendering import score_sheet_context, score_sheet_pdf

    html = bare_html("documents/pdf/score_sheet.html", score_sheet_context(assignment))
    return (lambda: score_sheet_pdf(assignment, "th"), lambda: HTML(string=html).write_pdf())


def timed(function) -> tuple[float, bytes]:
    started = time.perf_counter()
    result = function()
    return (time.perf_counter() - started) * 1000, result


def measure(pairs) -> tuple[list[float], list[float]]:
    """Run each (project, bare) pair back to back, alternating which goes first; returns both lists."""
    project_ms, bare_ms = [], []
    for index, (project, bare) in enumerate(pairs):
        if index % 2:
            bare_ms.append(timed(bare)[0])
            project_ms.append(timed(project)[0])
        else:
            project_ms.append(timed(project)[0])
            bare_ms.append(timed(bare)[0])
    return project_ms, bare_ms


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=50)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-pdf-") as folder:
        setup_django(Path(folder))
        from pypdf import PdfReader

        from documents.rendering import certificate_pdf, score_sheet_pdf

        assignments, certificates = make_data(args.count)
        pages = len(PdfReader(io.BytesIO(score_sheet_pdf(assignments[0], "th"))).pages)
        certificate_pdf(certificates[0], "th")  # warm-up: fonts and templates loaded once
        certificate_pairs = [certificate_pair(c) for c in certificates]
        sheet_pairs = [score_sheet_pair(a) for a in assignments]
        cert_project, cert_bare = measure(certificate_pairs)
        sheet_project, sheet_bare = measure(sheet_pairs)
    ratios = [p / b for p, b in zip(cert_project + sheet_project, cert_bare + sheet_bare, strict=True)]
    print(f"score sheet pages: {pages}; {args.count} certificates and {args.count} score sheets")
    for name, project, bare in (("certificate", cert_project, cert_bare), ("score sheet", sheet_project, sheet_bare)):
        print(f"{name}: project median {statistics.median(project):.0f} ms, bare {statistics.median(bare):.0f} ms")
    print(
        f"certificate_ms={statistics.median(cert_project):.0f} scoresheet_ms={statistics.median(sheet_project):.0f} "
        f"overhead={statistics.median(ratios):.3f}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
