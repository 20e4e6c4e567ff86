"""Compile every ``locale/*/LC_MESSAGES/*.po`` to ``.mo`` with polib (no gettext tools needed).

Usage::

    .venv/bin/python scripts/compile_messages.py          # compile, print what was compiled
    .venv/bin/python scripts/compile_messages.py --check  # compile in memory; exit 1 if a .mo is stale

Why not ``msgfmt`` or ``manage.py compilemessages``: a fresh machine may lack GNU gettext, and
``compilemessages`` knows nothing of the overrides below. Use this script instead of it.

**Django's own strings (the overrides).** Django's Thai catalogues leave some of the strings our
pages show untranslated (form errors, the log-in and password forms, the admin; run
``scripts/django_thai_gaps.py`` to list them). Our Thai for those strings cannot live in
``django.po``: ``makemessages --no-obsolete`` rebuilds that file from our code and would drop them as
obsolete. Django loads only the ``django`` domain, so a separate domain would never be read either.
They therefore live in ``<lang>/LC_MESSAGES/django_overrides.po`` (hand-maintained) and this script
MERGES them into the compiled ``django.mo``::

    django.mo = django_overrides.po + django.po    (an entry of django.po wins on a clash)

The header (Plural-Forms, charset) is django.po's. Our catalogue is in ``LOCALE_PATHS``, which
Django reads after its own catalogues, so every merged entry wins over Django's Thai. A
``<domain>_overrides.po`` is never compiled on its own; any other ``.po`` (``djangojs.po``) is
compiled one to one.

As msgfmt does, untranslated and fuzzy entries are left out of the ``.mo`` (so they fall back to
Django's Thai or to the English msgid) and counted in the output. The script exits non-zero with a
clear message on a syntax error, a duplicate msgid, or a translation whose placeholders
(``%(name)s``, ``%s``, ``{name}``, HTML tags) differ from its msgid's, which would otherwise fail only
when the page is rendered.
"""

import argparse
import re
import sys
from pathlib import Path

import polib

BASE_DIR = Path(__file__).resolve().parent.parent
LOCALE_DIR = BASE_DIR / "locale"
OVERRIDES_SUFFIX = "_overrides"

PRINTF = re.compile(r"%(?:\((?P<name>[^)]*)\))?[#0\- +]*(?:\d+|\*)?(?:\.\d+)?(?P<conv>[diouxXeEfFgGcrsa%])")
TEMPLATE_VAR = re.compile(r"\{\{\s*[\w.]+\s*\}\}")
BRACE = re.compile(r"\{(\w*)\}")
HTML_TAG = re.compile(r"</?[A-Za-z][^<>]*>")
# polib forgives some broken lines (an unterminated string loses its last character), so every line
# is first checked against the .po grammar: a comment, or a keyword and/or one complete C string.
PO_STRING = r'"(?:[^"\\]|\\[\\"abfnrtv]|\\[0-7]{1,3}|\\x[0-9A-Fa-f]+)*"'
PO_LINE = re.compile(rf"(?:(?:msgctxt|msgid|msgid_plural|msgstr|msgstr\[\d+\])\s+)?{PO_STRING}\s*")


def shown(path: Path) -> str:
    """A path as the person who ran the script in the project folder reads it."""
    return str(path.relative_to(BASE_DIR)) if path.is_relative_to(BASE_DIR) else str(path)


class CatalogueError(Exception):
    """A catalogue that must not be compiled; the message says which file and what to fix."""


def placeholders(text: str) -> tuple:
    """What a translation must keep of its msgid: named and positional printf placeholders,
    ``{{ var }}`` and ``{name}`` placeholders, and HTML tags."""
    named, positional = set(), []
    for match in PRINTF.finditer(text):
        if match["conv"] == "%":
            continue
        if match["name"] is not None:
            named.add(f"%({match['name']}){match['conv']}")
        else:
            positional.append(f"%{match['conv']}")
    template_vars = sorted(TEMPLATE_VAR.findall(text))
    braces = set(BRACE.findall(TEMPLATE_VAR.sub("", text)))
    return named, positional, template_vars, braces, sorted(HTML_TAG.findall(text))


def is_translated(entry: polib.POEntry) -> bool:
    return entry.translated() and not entry.fuzzy and not entry.obsolete


def key(entry: polib.POEntry) -> tuple[str | None, str]:
    return (entry.msgctxt, entry.msgid)


def check_syntax(path: Path) -> None:
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except UnicodeDecodeError as error:
        raise CatalogueError(f"{shown(path)}: not UTF-8 ({error})") from None
    for number, line in enumerate(lines, start=1):
        stripped = line.strip()
        if stripped and not stripped.startswith("#") and not PO_LINE.fullmatch(stripped):
            raise CatalogueError(
                f"{shown(path)}, line {number}: syntax error (an unterminated or badly escaped string, "
                f"or an unknown keyword): {line!r}"
            )


def load(path: Path) -> polib.POFile:
    check_syntax(path)
    try:
        return polib.pofile(str(path), check_for_duplicates=True)
    except (OSError, ValueError) as error:
        # polib reports "Syntax error in po file ... (line N)" or "Entry ... already exists".
        raise CatalogueError(f"{shown(path)}: {error}") from None


def check_placeholders(path: Path, catalogue: polib.POFile) -> None:
    problems = []
    for entry in catalogue:
        if not is_translated(entry):
            continue
        # Thai has one plural form, so msgstr[0] serves every count: it must match the plural msgid.
        source = entry.msgid_plural or entry.msgid
        for translation in entry.msgstr_plural.values() if entry.msgid_plural else [entry.msgstr]:
            if placeholders(translation) != placeholders(source):
                problems.append(f"  msgid {entry.msgid!r}\n  msgstr {translation!r}")
    if problems:
        raise CatalogueError(
            f"{shown(path)}: placeholders or HTML tags of the translation differ from the msgid's:\n"
            + "\n".join(problems)
        )


def merged(main_path: Path, overrides_path: Path | None) -> tuple[polib.POFile, str]:
    """The catalogue to compile into ``main_path``'s .mo, and a line saying what went into it."""
    main = load(main_path)
    check_placeholders(main_path, main)
    result = polib.POFile(wrapwidth=79)
    result.metadata = dict(main.metadata)
    entries: dict[tuple[str | None, str], polib.POEntry] = {}
    parts, shadowed = [], 0
    if overrides_path is not None:
        overrides = load(overrides_path)
        check_placeholders(overrides_path, overrides)
        entries.update((key(e), e) for e in overrides if is_translated(e))
        parts.append(f"{len(entries)} from {overrides_path.name}")
    own = [e for e in main if is_translated(e)]
    shadowed = sum(key(e) in entries for e in own)
    entries.update((key(e), e) for e in own)
    parts.insert(0, f"{len(own)} from {main_path.name}")
    for entry in entries.values():
        result.append(entry)
    skipped = sum(1 for e in main if not e.obsolete and not is_translated(e))
    summary = " + ".join(parts) + f" = {len(result)} messages"
    if shadowed:
        summary += f" ({shadowed} overrides shadowed by {main_path.name})"
    if skipped:
        summary += f"; {skipped} untranslated or fuzzy in {main_path.name}, left out"
    return result, summary


def targets(locale_dir: Path) -> list[tuple[Path, Path | None]]:
    """(catalogue, its overrides or None) for every catalogue to compile."""
    found = []
    for path in sorted(locale_dir.glob("*/LC_MESSAGES/*.po")):
        if path.stem.endswith(OVERRIDES_SUFFIX):
            if not path.with_name(path.stem.removesuffix(OVERRIDES_SUFFIX) + ".po").exists():
                raise CatalogueError(f"{shown(path)}: no {path.stem.removesuffix(OVERRIDES_SUFFIX)}.po to merge into")
            continue
        overrides = path.with_name(f"{path.stem}{OVERRIDES_SUFFIX}.po")
        found.append((path, overrides if overrides.exists() else None))
    return found


def compile_all(locale_dir: Path, *, check: bool) -> list[str]:
    """Compile (or with ``check``, compare) every catalogue; returns the names of stale .mo files."""
    stale = []
    for path, overrides in targets(locale_dir):
        catalogue, summary = merged(path, overrides)
        mo_path = path.with_suffix(".mo")
        name = shown(mo_path)
        if check:
            if not mo_path.exists() or mo_path.read_bytes() != catalogue.to_binary():
                stale.append(str(name))
            print(f"{'stale' if str(name) in stale else 'up to date'}: {name} ({summary})")
        else:
            catalogue.save_as_mofile(str(mo_path))
            print(f"compiled {name}: {summary}")
    return stale


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Compile locale/*/LC_MESSAGES/*.po to .mo with polib.")
    parser.add_argument("--check", action="store_true", help="write nothing; exit 1 if a .mo is out of date")
    args = parser.parse_args(argv)
    try:
        stale = compile_all(LOCALE_DIR, check=args.check)
    except CatalogueError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    if stale:
        print(f"error: out of date, run scripts/compile_messages.py: {', '.join(stale)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
