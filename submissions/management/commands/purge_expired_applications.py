"""Purge the applications of every cycle past its retention now, as the nightly task does; with
--dry-run, say what would go and change nothing (the purge runs in a transaction rolled back)."""

import json

from django.core.management.base import BaseCommand

from awards.selectors import purge_due_at
from submissions.services.retention import cycles_due, purge_expired_applications


class Command(BaseCommand):
    help = "Purge the applications of the award cycles past their retention period (PDPA)."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Say what would be purged; change nothing.")

    def handle(self, *args, dry_run: bool = False, **options):
        due = {cycle.slug: purge_due_at(cycle) for cycle in cycles_due()}
        if not due:
            self.stdout.write("No award cycle is past its retention period.")
            return
        results = purge_expired_applications(dry_run=dry_run)
        verb = "Would purge" if dry_run else "Purged"
        for slug, counts in results.items():
            when = f" (due {due[slug]:%Y-%m-%d})" if slug in due else ""
            self.stdout.write(f"{verb} {slug}{when}: {json.dumps(counts, sort_keys=True)}")
