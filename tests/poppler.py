"""Poppler's command-line tools (Debian's poppler-utils) on PDF bytes: what search, copy and indexing
tools read from a PDF (pdftotext), whether it is tagged (pdfinfo), which fonts it embeds (pdffonts).
Tests that use them carry the ``poppler`` marker: skipped without the tools, a failure under CI=true."""

import subprocess
import tempfile
from pathlib import Path


def _run(tool: str, pdf: bytes, *options: str) -> str:
    with tempfile.TemporaryDirectory(prefix="poppler-") as folder:
        path = Path(folder) / "document.pdf"
        path.write_bytes(pdf)
        result = subprocess.run(
            [tool, *options, str(path), *(["-"] if tool == "pdftotext" else [])],
            capture_output=True,
            text=True,
            check=True,
            timeout=60,
        )
    return result.stdout


def pdftotext(pdf: bytes) -> str:
    return _run("pdftotext", pdf, "-enc", "UTF-8")


def squashed(text: str) -> str:
    """``text`` without its whitespace: line breaks and spaces are the layout's, not the text's."""
    return "".join(text.split())


def pdfinfo(pdf: bytes) -> dict[str, str]:
    lines = _run("pdfinfo", pdf).splitlines()
    return {key.strip(): value.strip() for key, _colon, value in (line.partition(":") for line in lines)}


def pdffonts(pdf: bytes) -> list[dict[str, str]]:
    """One row per font: ``name``, ``type``, ``embedded`` ("yes"/"no")."""
    lines = _run("pdffonts", pdf).splitlines()[2:]
    rows = []
    for line in lines:
        # name, type (may hold spaces), encoding, emb, sub, uni, object number, generation
        fields = line.split()
        rows.append({"name": fields[0], "type": " ".join(fields[1:-6]), "embedded": fields[-5]})
    return rows
