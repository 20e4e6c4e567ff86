"""Render one of each document kind, in Thai and English, from the demo data, into a folder."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from documents.rendering import page_count
from documents.samples import KINDS, LANGUAGES, Sample, render_samples


class Command(BaseCommand):
    help = (
        "Render one of each document kind (receipt, application, score sheet, summary, committee book, "
        "certificate, feedback to applicants, official letters) in Thai and English from the data at hand "
        "(run seed_demo first), as <kind>-<language>.pdf in --out. Nothing is saved in the database and no "
        "worker is needed."
    )

    def add_arguments(self, parser):
        parser.add_argument("--out", required=True, type=Path, help="The folder to write the PDFs to.")
        parser.add_argument("--kind", action="append", choices=sorted(KINDS), help="Only this kind (repeatable).")
        parser.add_argument("--language", action="append", choices=LANGUAGES, help="Only this language.")

    def handle(self, *args, out: Path, kind=None, language=None, **options):
        out.mkdir(parents=True, exist_ok=True)
        missing = []
        for result in render_samples(kinds=kind, languages=language or LANGUAGES):
            if isinstance(result, Sample):
                path = out / result.filename
                path.write_bytes(result.pdf)
                self.stdout.write(f"{path}  {page_count(result.pdf)} page(s)")
            else:
                missing.append(f"{result[0]}-{result[1]}: {result[2]}")
        if missing:
            raise CommandError(
                "Could not render: " + "; ".join(missing) + ". Load the demo first: python manage.py seed_demo"
            )
