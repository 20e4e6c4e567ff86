"""List the strings that Django's own Thai catalogues leave untranslated.

Our pages show Django's form errors, its log-in and password forms and the whole admin, so a string
that Django's Thai catalogue does not translate reaches Thai readers in English. This script reads the
Thai catalogues of the installed Django for its core (``django/conf/locale``, which holds the form
and validator messages), ``django.contrib.admin`` and ``django.contrib.auth``, and lists every msgid
that is

- ``empty``: in the Thai file with an empty msgstr;
- ``fuzzy``: in the Thai file but marked fuzzy (gettext ignores it, so it shows in English);
- ``missing``: in Django's English source catalogue but not in the Thai file at all (Django's Thai
  files were last synchronised years ago, so newer strings are absent rather than empty);
- ``singular``: a plural message (``ngettext``) that the Thai file translates as a singular one, from
  before Django made it plural: gettext does not find it, so it shows in English.

With ``--remaining`` it leaves out the msgids that our own catalogue already translates, in
``locale/th/LC_MESSAGES/django_overrides.po`` (Django's strings, hand-maintained) or ``django.po``;
``--po`` prints those as ready-to-translate .po entries to paste into ``django_overrides.po``.

Usage::

    .venv/bin/python scripts/django_thai_gaps.py              # every gap, with counts per catalogue
    .venv/bin/python scripts/django_thai_gaps.py --remaining  # gaps our catalogue does not fill yet
    .venv/bin/python scripts/django_thai_gaps.py --remaining --po
"""

import argparse
import sys
from dataclasses import dataclass
from pathlib import Path

import django
import polib

DJANGO_DIR = Path(django.__file__).resolve().parent
BASE_DIR = Path(__file__).resolve().parent.parent
OUR_CATALOGUES = [
    BASE_DIR / "locale" / "th" / "LC_MESSAGES" / "django.po",
    BASE_DIR / "locale" / "th" / "LC_MESSAGES" / "django_overrides.po",
]
# Django's catalogues whose strings our pages show, relative to the django package.
CATALOGUES = ["conf/locale", "contrib/admin/locale", "contrib/auth/locale"]
STATUSES = ("empty", "fuzzy", "missing", "singular")


@dataclass(frozen=True)
class Gap:
    catalogue: str
    status: str  # "empty", "fuzzy", "missing" or "singular"
    entry: polib.POEntry  # the entry of Django's English source catalogue (or of the Thai one)

    @property
    def key(self) -> tuple[str | None, str]:
        return (self.entry.msgctxt, self.entry.msgid)


def entry_key(entry: polib.POEntry) -> tuple[str | None, str]:
    return (entry.msgctxt, entry.msgid)


def catalogue_gaps(catalogue: str) -> list[Gap]:
    """The gaps of one Django catalogue, in the order of its English source catalogue."""
    folder = DJANGO_DIR / catalogue
    thai = {entry_key(e): e for e in polib.pofile(str(folder / "th" / "LC_MESSAGES" / "django.po")) if not e.obsolete}
    source = [e for e in polib.pofile(str(folder / "en" / "LC_MESSAGES" / "django.po")) if not e.obsolete]
    gaps = []
    for entry in source:
        translated = thai.get(entry_key(entry))
        if translated is None:
            gaps.append(Gap(catalogue, "missing", entry))
        elif translated.fuzzy:
            gaps.append(Gap(catalogue, "fuzzy", entry))
        elif bool(translated.msgid_plural) != bool(entry.msgid_plural):
            gaps.append(Gap(catalogue, "singular", entry))
        elif not translated.translated():
            gaps.append(Gap(catalogue, "empty", entry))
    return gaps


def all_gaps() -> list[Gap]:
    return [gap for catalogue in CATALOGUES for gap in catalogue_gaps(catalogue)]


def our_translations() -> set[tuple[str | None, str]]:
    """The msgids that our Thai catalogue translates (and that therefore win over Django's)."""
    keys = set()
    for path in OUR_CATALOGUES:
        if path.exists():
            keys |= {entry_key(e) for e in polib.pofile(str(path)) if e.translated() and not e.obsolete}
    return keys


def as_po_entry(gap: Gap) -> str:
    entry = polib.POEntry(
        msgctxt=gap.entry.msgctxt,
        msgid=gap.entry.msgid,
        msgid_plural=gap.entry.msgid_plural,
        msgstr="",
        msgstr_plural={0: ""} if gap.entry.msgid_plural else {},
        comment="From Django's catalogue, untranslated there",
        occurrences=sorted({(f"django/{path}", "") for path, _line in gap.entry.occurrences}),
        flags=[flag for flag in gap.entry.flags if flag != "fuzzy"],
    )
    return str(entry)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--remaining", action="store_true", help="leave out the gaps our catalogue fills")
    parser.add_argument("--po", action="store_true", help="print the gaps as .po entries to translate")
    args = parser.parse_args(argv)

    gaps = all_gaps()
    filled = our_translations()
    shown = [gap for gap in gaps if gap.key not in filled] if args.remaining else gaps
    if args.po:
        print("\n".join(as_po_entry(gap) for gap in shown))
        return 0
    for gap in shown:
        context = f"[{gap.entry.msgctxt}] " if gap.entry.msgctxt else ""
        print(f"{gap.catalogue}\t{gap.status}\t{context}{gap.entry.msgid!r}")
    print(f"\nDjango {django.get_version()}: Thai gaps per catalogue")
    for catalogue in CATALOGUES:
        mine = [gap for gap in gaps if gap.catalogue == catalogue]
        counts = {status: sum(gap.status == status for gap in mine) for status in STATUSES}
        left = sum(gap.key not in filled for gap in mine)
        print(
            f"  django/{catalogue}/th: {len(mine)} untranslated "
            f"({counts['empty']} empty, {counts['fuzzy']} fuzzy, {counts['missing']} missing from the Thai file, "
            f"{counts['singular']} singular where Django asks for a plural); "
            f"{len(mine) - left} filled by our catalogue, {left} left"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
