"""Recognise an uploaded attachment by its content, and name it safely.

A file's name and the browser's Content-Type are chosen by whoever uploads it, so neither decides
anything here: `detect` reads the bytes. Refusals carry a stable `code` and never a sentence, because
the form layer owns the wording in Thai and English.

Pure functions over a binary file object: no models, no storage, no settings.
"""

import re
import secrets
import struct
import unicodedata
import zipfile
import zlib
from collections.abc import Iterable
from enum import StrEnum
from typing import BinaryIO
from xml.etree import ElementTree
from xml.parsers import expat

MiB = 1024 * 1024
# Enough for every signature we look for; PDF readers accept "%PDF-" anywhere in the first 1024 bytes.
HEAD_BYTES = 1024
MAX_ZIP_MEMBERS = 10_000
MIN_UNCOMPRESSED_LIMIT = 200 * MiB
UNCOMPRESSED_RATIO = 100
# A real [Content_Types].xml is a few kilobytes; this is the most we will ever decompress.
MAX_CONTENT_TYPES_BYTES = 1 * MiB
FALLBACK_STEM = "attachment"


class FileKind(StrEnum):
    PDF = "pdf"
    JPEG = "jpeg"
    PNG = "png"
    DOCX = "docx"
    XLSX = "xlsx"
    PPTX = "pptx"

    @property
    def extension(self) -> str:
        """The canonical extension, lower case, without the dot."""
        return _EXTENSIONS[self][0]

    @property
    def mime_type(self) -> str:
        return _MIME_TYPES[self]


# The first spelling is canonical; the others are what people's files already carry.
_EXTENSIONS = {
    FileKind.PDF: ("pdf",),
    FileKind.JPEG: ("jpg", "jpeg", "jpe", "jfif"),
    FileKind.PNG: ("png",),
    FileKind.DOCX: ("docx",),
    FileKind.XLSX: ("xlsx",),
    FileKind.PPTX: ("pptx",),
}
_MIME_TYPES = {
    FileKind.PDF: "application/pdf",
    FileKind.JPEG: "image/jpeg",
    FileKind.PNG: "image/png",
    FileKind.DOCX: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    FileKind.XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    FileKind.PPTX: "application/vnd.openxmlformats-officedocument.presentationml.presentation",
}


class Rejection(StrEnum):
    EMPTY = "empty"
    UNKNOWN_TYPE = "unknown_type"
    MACRO_ENABLED = "macro_enabled"
    ZIP_BOMB = "zip_bomb"
    ENCRYPTED_OR_BROKEN = "encrypted_or_broken"


class RejectedFile(Exception):
    """An upload we refuse; `code` is stable and `message_params` fill the form layer's message."""

    def __init__(self, code: Rejection, message_params: dict[str, int] | None = None):
        super().__init__(code)
        self.code = code
        self.message_params = message_params or {}


_JPEG_SIGNATURE = b"\xff\xd8\xff"
_PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
# A local file header, or the end record of an archive with no members.
_ZIP_SIGNATURES = (b"PK\x03\x04", b"PK\x05\x06")
_COMPOUND_FILE_SIGNATURE = bytes.fromhex("d0cf11e0a1b11ae1")
# Windows (MZ), Linux (ELF) and macOS (Mach-O, both byte orders and widths, and fat) programs.
_EXECUTABLE_SIGNATURES = (
    b"MZ",
    b"\x7fELF",
    b"\xfe\xed\xfa\xce",
    b"\xfe\xed\xfa\xcf",
    b"\xce\xfa\xed\xfe",
    b"\xcf\xfa\xed\xfe",
    b"\xca\xfe\xba\xbe",
)
_PDF_MARKER = b"%PDF-"
# Office saves a password-protected .docx/.xlsx/.pptx as a compound file with this stream name.
_ENCRYPTED_PACKAGE = "EncryptedPackage".encode("utf-16-le")

_CONTENT_TYPES_PART = "[content_types].xml"
_CONTENT_TYPES_NAMESPACE = "{http://schemas.openxmlformats.org/package/2006/content-types}"
_OFFICE_MAIN_TYPES = {
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml": FileKind.DOCX,
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml": FileKind.XLSX,
    "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml": FileKind.PPTX,
}
# Every macro-enabled main part (docm, xlsm, pptm, their templates, xlsb, add-ins) has "macroEnabled"
# in its content type, so a substring test also catches the variants nobody listed.
_MACRO_MARKER = "macroenabled"
_VBA_PROJECT_TYPE = "application/vnd.ms-office.vbaproject"
_VBA_PROJECT_FILE = "vbaproject.bin"

# What zipfile and zlib raise on a damaged, truncated or encrypted archive.
_BROKEN_ARCHIVE_ERRORS = (
    zipfile.BadZipFile,
    zipfile.LargeZipFile,
    EOFError,
    OSError,
    ValueError,
    NotImplementedError,
    RuntimeError,
    struct.error,
    zlib.error,
)


def detect(fileobj: BinaryIO, *, size: int) -> FileKind:
    """Return the kind of the file's content or raise RejectedFile; the file is left at position 0.

    `size` must be the real byte size (UploadedFile.size): it bounds how far a ZIP may expand.
    """
    try:
        return _detect(fileobj, size)
    finally:
        fileobj.seek(0)


def uncompressed_limit(size: int) -> int:
    """How many bytes an Office file of `size` bytes may declare once uncompressed.

    Real documents compress text and XML about tenfold; the floor lets small files with large
    embedded tables through, while a 300 KB file claiming 300 MB of zeros is refused.
    """
    return max(UNCOMPRESSED_RATIO * size, MIN_UNCOMPRESSED_LIMIT)


def _detect(fileobj: BinaryIO, size: int) -> FileKind:
    fileobj.seek(0)
    head = fileobj.read(HEAD_BYTES)
    if size <= 0 or not head:
        raise RejectedFile(Rejection.EMPTY)
    # Programs are refused before the loose PDF test, so a program with "%PDF-" early on is no PDF.
    if head.startswith(_EXECUTABLE_SIGNATURES):
        raise RejectedFile(Rejection.UNKNOWN_TYPE)
    if head.startswith(_JPEG_SIGNATURE):
        return FileKind.JPEG
    if head.startswith(_PNG_SIGNATURE):
        return FileKind.PNG
    if head.startswith(_ZIP_SIGNATURES):
        return _detect_office(fileobj, size)
    if head.startswith(_COMPOUND_FILE_SIGNATURE):
        raise _compound_file_rejection(fileobj)
    if _PDF_MARKER in head:
        return FileKind.PDF
    raise RejectedFile(Rejection.UNKNOWN_TYPE)


def _compound_file_rejection(fileobj: BinaryIO) -> RejectedFile:
    # A compound file is either a password-protected modern Office file, which the applicant can fix
    # by removing the password, or a legacy .doc/.xls/.ppt, which must be saved in the new format.
    if _contains(fileobj, _ENCRYPTED_PACKAGE):
        return RejectedFile(Rejection.ENCRYPTED_OR_BROKEN)
    return RejectedFile(Rejection.UNKNOWN_TYPE)


def _contains(fileobj: BinaryIO, needle: bytes, chunk_size: int = MiB) -> bool:
    """Search the whole file in chunks, keeping an overlap so a match across two chunks is found."""
    fileobj.seek(0)
    tail = b""
    while chunk := fileobj.read(chunk_size):
        if needle in tail + chunk:
            return True
        tail = chunk[-(len(needle) - 1) :]
    return False


def _detect_office(fileobj: BinaryIO, size: int) -> FileKind:
    try:
        with zipfile.ZipFile(fileobj) as archive:
            return _office_kind(archive, size)
    except _BROKEN_ARCHIVE_ERRORS:
        raise RejectedFile(Rejection.ENCRYPTED_OR_BROKEN) from None


def _office_kind(archive: zipfile.ZipFile, size: int) -> FileKind:
    """Decide from the central directory and [Content_Types].xml alone; nothing else is decompressed."""
    members = archive.infolist()
    _refuse_bomb(members, size)
    content_types = _content_types(archive, members)
    names = {member.filename.lower() for member in members}
    if _has_macros(names, content_types.values()):
        raise RejectedFile(Rejection.MACRO_ENABLED)
    kind, part_name = _main_part(content_types)
    if part_name not in names:
        raise RejectedFile(Rejection.ENCRYPTED_OR_BROKEN)
    return kind


def _refuse_bomb(members: list[zipfile.ZipInfo], size: int) -> None:
    # file_size comes from the central directory and may be a lie, but a lie only matters if we
    # decompress, and the one part we decompress is read with its own cap.
    if len(members) > MAX_ZIP_MEMBERS:
        raise RejectedFile(Rejection.ZIP_BOMB, {"members": len(members), "limit": MAX_ZIP_MEMBERS})
    declared = sum(member.file_size for member in members)
    limit = uncompressed_limit(size)
    if declared > limit:
        raise RejectedFile(Rejection.ZIP_BOMB, {"uncompressed_size": declared, "limit": limit})


def _content_types(archive: zipfile.ZipFile, members: list[zipfile.ZipInfo]) -> dict[str, str]:
    """Map each part name ("word/document.xml") or default ("*.bin") to its lower-cased content type."""
    found = [member for member in members if member.filename.lower() == _CONTENT_TYPES_PART]
    if not found:
        raise RejectedFile(Rejection.UNKNOWN_TYPE)
    if found[0].file_size > MAX_CONTENT_TYPES_BYTES:
        params = {"uncompressed_size": found[0].file_size, "limit": MAX_CONTENT_TYPES_BYTES}
        raise RejectedFile(Rejection.ZIP_BOMB, params)
    with archive.open(found[0]) as part:
        root = _parse_xml(part.read(MAX_CONTENT_TYPES_BYTES + 1))
    return _content_type_map(root)


def _parse_xml(data: bytes) -> ElementTree.Element:
    # ElementTree's C parser cannot be stopped at a DOCTYPE, so a bare expat pass that stops at the
    # first one runs first. Without a DOCTYPE no entity can be declared, so ElementTree then meets
    # only the five built-in entities and nothing can expand.
    guard = expat.ParserCreate()
    guard.StartDoctypeDeclHandler = _refuse_doctype
    try:
        guard.Parse(data, True)
        return ElementTree.fromstring(data)  # noqa: S314 (the guard above has refused any DOCTYPE)
    except (expat.ExpatError, ElementTree.ParseError):
        raise RejectedFile(Rejection.ENCRYPTED_OR_BROKEN) from None


def _refuse_doctype(*_declaration: object) -> None:
    raise RejectedFile(Rejection.ENCRYPTED_OR_BROKEN)


def _content_type_map(root: ElementTree.Element) -> dict[str, str]:
    types = {}
    for element in root.iter(f"{_CONTENT_TYPES_NAMESPACE}Default"):
        types["*." + element.get("Extension", "").lower()] = element.get("ContentType", "").lower()
    for element in root.iter(f"{_CONTENT_TYPES_NAMESPACE}Override"):
        types[element.get("PartName", "").lstrip("/").lower()] = element.get("ContentType", "").lower()
    return types


def _has_macros(names: set[str], content_types: Iterable[str]) -> bool:
    if any(name.rsplit("/", 1)[-1] == _VBA_PROJECT_FILE for name in names):
        return True
    return any(_MACRO_MARKER in value or value == _VBA_PROJECT_TYPE for value in content_types)


def _main_part(content_types: dict[str, str]) -> tuple[FileKind, str]:
    """The one main document part; none (a template, an OpenDocument file) or several is no upload of ours."""
    mains = [(_OFFICE_MAIN_TYPES[value], name) for name, value in content_types.items() if value in _OFFICE_MAIN_TYPES]
    if len(mains) != 1:
        raise RejectedFile(Rejection.UNKNOWN_TYPE)
    return mains[0]


def safe_storage_name(original: str, kind: FileKind) -> str:
    """A random name for storage: 32 hex digits and the canonical extension.

    `original` is deliberately unused: no part of what the applicant typed reaches a path or an S3
    key, so traversal, reserved names, case clashes and over-long keys cannot happen.
    """
    return f"{secrets.token_hex(16)}.{kind.extension}"


def display_name(original: str, kind: FileKind, max_length: int = 150) -> str:
    """The applicant's file name made fit to show and to offer as a download name.

    Keeps Thai and every other script, drops folders, invisible characters and leading dots, ends
    with the canonical extension, and is at most `max_length` characters without splitting a
    character from its marks.
    """
    suffix = f".{kind.extension}"
    budget = max_length - len(suffix)
    if budget < 1:
        raise ValueError(f"max_length {max_length} leaves no room for a name before {suffix}")
    stem = _trim(_without_extension(_base_name(original), kind)) or FALLBACK_STEM
    stem = _trim(_truncate(stem, budget)) or FALLBACK_STEM[:budget]
    return stem + suffix


_FOLDER_SEPARATORS = re.compile(r"[/\\]")
_EDGE_DOTS_AND_SPACES = re.compile(r"^[\s.]+|[\s.]+$")
_TRAILING_DOTS_AND_SPACES = re.compile(r"[\s.]+$")
# Zero-width (non-)joiners shape Indic, Arabic and emoji text; every other format character is
# invisible and some (right-to-left overrides) make "exe.pdf" look like "fdp.exe".
_KEPT_FORMAT_CHARACTERS = frozenset("\u200c\u200d")
_INVISIBLE_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Zl", "Zp"})
# Thai and Lao SARA AM are letters by category but join the preceding consonant's cluster.
_SPACING_MARKS = frozenset("\u0e33\u0eb3")


def _base_name(original: str) -> str:
    text = "".join(char for char in unicodedata.normalize("NFC", original) if _is_visible(char))
    # Both separators, whatever the server's OS: a Windows browser may send "C:\\folder\\name.pdf".
    last = _FOLDER_SEPARATORS.split(text)[-1]
    return _TRAILING_DOTS_AND_SPACES.sub("", last.strip())


def _is_visible(char: str) -> bool:
    return char in _KEPT_FORMAT_CHARACTERS or unicodedata.category(char) not in _INVISIBLE_CATEGORIES


def _without_extension(name: str, kind: FileKind) -> str:
    """Drop an extension that already names this kind; any other stays as part of the name."""
    stem, dot, extension = name.rpartition(".")
    if dot and extension.lower() in _EXTENSIONS[kind]:
        return stem
    return name


def _trim(text: str) -> str:
    return _EDGE_DOTS_AND_SPACES.sub("", text)


def _truncate(text: str, limit: int) -> str:
    cut = min(limit, len(text))
    while 0 < cut < len(text) and _joins_previous(text, cut):
        cut -= 1
    return text[:cut]


def _joins_previous(text: str, index: int) -> bool:
    """Whether cutting before text[index] would split one user-perceived character."""
    char, previous = text[index], text[index - 1]
    if unicodedata.category(char).startswith("M") or char in _SPACING_MARKS:
        return True
    return "\u200d" in (char, previous)
