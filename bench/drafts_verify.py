"""The end of a bench/drafts.py run: was anything lost (texts, attachment rows, files on disk), and did
the server or the worker log a problem."""

import hashlib
import re
from pathlib import Path

from drafts_client import Applicant


def verify(pg, applicants: list[Applicant], pdf: bytes, media: Path, before: set[Path]) -> tuple[int, list[str]]:
    """Compare the database and `media` with what the clients were told; return (lost, report lines).
    Each section must hold the last text answered 200 (or one whose save got no answer), and each
    application the uploads minus the deletes, every file intact, and no attachment file stored without
    its row. ``before``: the files in `media` before the load (the demo's own)."""
    by_pk = {a.application: a for a in applicants if a.client}
    answers, files = stored_rows(pg, list(by_pk))

    lost_texts = unsure_texts = stale_versions = lost_files = bad_files = 0
    examples: list[str] = []
    for pk, applicant in by_pk.items():
        for section in applicant.limits:
            expected = applicant.texts.get(section)
            stored = answers.get((pk, section))
            stored_text = stored[0] if stored else None
            if stored_text == expected:
                if stored and stored[1] != applicant.versions.get(section):
                    stale_versions += 1
                continue
            if stored_text in applicant.unsure.get(section, []):
                unsure_texts += 1  # a save whose answer never came, that did reach the database
                continue
            lost_texts += 1
            if len(examples) < 5:
                examples.append(
                    f"  lost: application {pk} section {section}: database has "
                    f"{'nothing' if stored is None else f'v{stored[1]} ({len(stored_text)} chars)'}, "
                    f"client's last saved v{applicant.versions.get(section)} "
                    f"({len(expected or '')} chars)"
                )
        have = files.get(pk, [])
        low = applicant.uploads_ok - applicant.deletes_ok - applicant.deletes_unsure
        high = applicant.uploads_ok + applicant.uploads_unsure - applicant.deletes_ok
        if not low <= len(have) <= high:
            lost_files += 1
            if len(examples) < 10:
                examples.append(
                    f"  files: application {pk} has {len(have)} attachments, expected {low}"
                    + (f"..{high}" if high != low else "")
                    + f" ({applicant.uploads_ok} uploaded, {applicant.deletes_ok} deleted)"
                )
        for name, size, _sha256 in have:
            path = media / name
            if size != len(pdf) or not path.is_file() or path.stat().st_size != len(pdf):
                bad_files += 1
    digest = hashlib.sha256(pdf).hexdigest()
    wrong_hash = sum(1 for have in files.values() for _n, _s, sha256 in have if sha256 != digest)
    # The attachments' folder only: the worker renders the demo's letters meanwhile (letters/).
    stored = files_in(media / "attachments") - before
    on_disk = len(stored)
    named = {media / name for have in files.values() for name, _size, _sha256 in have}
    rows = sum(len(have) for have in files.values())
    sections = sum(len(a.limits) for a in by_pk.values())
    saved = sum(1 for a in by_pk.values() for s in a.limits if a.texts.get(s) is not None)
    details = [
        f"verified: {saved} of {sections} sections saved at least once; {lost_texts} texts differ from the "
        f"last one answered 200, {unsure_texts} hold a text whose save got no answer, "
        f"{stale_versions} versions differ",
        f"verified: {rows} attachment rows, {on_disk} attachment files stored since the load began; {lost_files} "
        "applications with the wrong "
        f"number of files, {bad_files} rows whose file is missing or the wrong size, {wrong_hash} wrong SHA-256",
        *examples,
    ]
    stale_history, history_rows = history_check(pg, list(by_pk))
    details.append(
        f"verified: {history_rows} answer history rows; {stale_history} answers whose latest history row "
        "is not their saved text"
    )
    if on_disk != rows:
        strays = sorted(str(path.relative_to(media)) for path in stored - named)
        details.append(f"  note: {on_disk - rows} files stored during the load without a row, e.g. {strays[:3]}")
    return lost_texts + lost_files + bad_files + wrong_hash + stale_history, details


def stored_rows(pg, applications: list[int]) -> tuple[dict, dict]:
    """The long answers {(application, section position): (text, version)} and the attachments
    {application: [(file, size, sha256)]} of these applications in the database (an answer's value is
    JSON: a long answer's is its text)."""
    with pg.cursor() as cursor:
        cursor.execute(
            "SELECT a.application_id, s.position, a.value, a.version FROM submissions_answer a "
            "JOIN awards_field f ON f.id = a.field_id JOIN awards_section s ON s.id = f.section_id "
            "WHERE a.application_id = ANY(%s) AND f.kind = 'long_text' AND f.key LIKE 'answer%%'",
            [applications],
        )
        answers = {(pk, position): (text, version) for pk, position, text, version in cursor.fetchall()}
        cursor.execute(
            "SELECT application_id, file, size, sha256 FROM submissions_attachment WHERE application_id = ANY(%s)",
            [applications],
        )
        files: dict[int, list[tuple[str, int, str]]] = {}
        for pk, name, size, sha256 in cursor.fetchall():
            files.setdefault(pk, []).append((name, size, sha256))
    return answers, files


def history_check(pg, applications: list[int]) -> tuple[int, int]:
    """How many answers' latest history row differs from their value (history coalesced per person and
    question must still end on every saved word), and how many history rows there are."""
    with pg.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM submissions_answer a WHERE a.application_id = ANY(%s) AND a.value IS DISTINCT "
            "FROM (SELECT h.value FROM submissions_historicalanswer h WHERE h.id = a.id "
            "ORDER BY h.history_date DESC, h.history_id DESC LIMIT 1)",
            [applications],
        )
        stale = cursor.fetchone()[0]
        cursor.execute(
            "SELECT count(*) FROM submissions_historicalanswer WHERE application_id = ANY(%s)", [applications]
        )
        return stale, cursor.fetchone()[0]


def server_log_problems(work: Path) -> list[str]:
    """Error lines in the server's and the worker's logs, a few of each."""
    lines = []
    for name in ("gunicorn.log", "celery.log"):
        try:
            text = (work / name).read_text(errors="replace")
        except OSError:
            continue
        marks = [
            line
            for line in text.splitlines()
            if re.search(r"\b(ERROR|CRITICAL|Traceback|WORKER TIMEOUT|Exception)\b", line)
        ]
        if marks:
            lines.append(f"{name}: {len(marks)} problem lines, first ones:")
            lines += [f"  {line[:220]}" for line in marks[:8]]
    return lines


def files_in(media: Path) -> set[Path]:
    return {path for path in media.rglob("*") if path.is_file()}
