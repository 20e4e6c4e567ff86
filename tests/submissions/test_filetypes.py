"""Content-based file type detection and safe names, on real files built here and hostile ones."""

import io
import re
import struct
import zipfile

import pytest
from PIL import Image

from submissions.filetypes import (
    FileKind,
    RejectedFile,
    Rejection,
    detect,
    display_name,
    safe_storage_name,
    uncompressed_limit,
)
from tests.factories import minimal_pdf  # noqa: F401 - other tests import it from here too

MiB = 1024 * 1024
CONTENT_TYPES_NS = "http://schemas.openxmlformats.org/package/2006/content-types"
RELATIONSHIPS_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
OFFICE_DOCUMENT_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"
DOCX_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
XLSX_MAIN = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"
PPTX_MAIN = "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml"
DOCM_MAIN = "application/vnd.ms-word.document.macroEnabled.main+xml"
XLSM_MAIN = "application/vnd.ms-excel.sheet.macroEnabled.main+xml"
PPTM_MAIN = "application/vnd.ms-powerpoint.presentation.macroEnabled.main+xml"
DOTX_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml"
WORD_BODY = (
    '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
    "<w:body><w:p><w:r><w:t>ใบสมัคร</w:t></w:r></w:p></w:body></w:document>"
)
THAI_WORD = "โครงการเมืองอัจฉริยะ"


# Builders: real files made in memory (or in tmp_path when large).


def image_bytes(image_format: str) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), (200, 30, 30)).save(buffer, image_format)
    return buffer.getvalue()


def content_types_xml(*overrides: tuple[str, str], defaults: tuple[tuple[str, str], ...] = ()) -> str:
    default_rows = [("rels", "application/vnd.openxmlformats-package.relationships+xml"), ("xml", "application/xml")]
    rows = [f'<Default Extension="{ext}" ContentType="{kind}"/>' for ext, kind in [*default_rows, *defaults]]
    rows += [f'<Override PartName="/{part}" ContentType="{kind}"/>' for part, kind in overrides]
    declaration = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    return f'{declaration}<Types xmlns="{CONTENT_TYPES_NS}">{"".join(rows)}</Types>'


def root_rels(main_part: str) -> str:
    return (
        f'<Relationships xmlns="{RELATIONSHIPS_NS}">'
        f'<Relationship Id="rId1" Type="{OFFICE_DOCUMENT_REL}" Target="{main_part}"/></Relationships>'
    )


def office_parts(main_part: str, main_type: str) -> dict[str, str | bytes]:
    """The parts every Office package has: content types, the root relationships and the main part."""
    return {
        "[Content_Types].xml": content_types_xml((main_part, main_type)),
        "_rels/.rels": root_rels(main_part),
        main_part: WORD_BODY if main_part.startswith("word/") else "<root/>",
    }


def zip_bytes(parts: dict[str, str | bytes], compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=compression) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def docx_bytes() -> bytes:
    return zip_bytes(office_parts("word/document.xml", DOCX_MAIN))


def detect_bytes(data: bytes) -> FileKind:
    return detect(io.BytesIO(data), size=len(data))


def rejection(data: bytes) -> tuple[str, dict]:
    with pytest.raises(RejectedFile) as raised:
        detect_bytes(data)
    return raised.value.code, raised.value.message_params


@pytest.fixture(scope="module")
def zip_bomb(tmp_path_factory) -> tuple[str, int]:
    """A DOCX-looking package with a 300 MiB member of zeros, streamed so memory stays small."""
    path = tmp_path_factory.mktemp("bomb") / "bomb.docx"
    parts = office_parts("word/document.xml", DOCX_MAIN)
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
        with archive.open("word/media/zeros.bin", "w") as member:
            chunk = bytes(MiB)
            for _ in range(300):
                member.write(chunk)
    declared = 300 * MiB + sum(len(data.encode()) for data in parts.values())
    return str(path), declared


# FileKind and RejectedFile


@pytest.mark.parametrize(
    ("kind", "extension", "mime_type"),
    [
        (FileKind.PDF, "pdf", "application/pdf"),
        (FileKind.JPEG, "jpg", "image/jpeg"),
        (FileKind.PNG, "png", "image/png"),
        (FileKind.DOCX, "docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
        (FileKind.XLSX, "xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        (FileKind.PPTX, "pptx", "application/vnd.openxmlformats-officedocument.presentationml.presentation"),
    ],
)
def test_file_kind_extension_and_mime_type(kind, extension, mime_type):
    assert (kind.extension, kind.mime_type) == (extension, mime_type)


def test_file_kind_values_are_stable_strings():
    assert [str(kind) for kind in FileKind] == ["pdf", "jpeg", "png", "docx", "xlsx", "pptx"]


def test_rejected_file_without_params_has_empty_params_and_code_as_text():
    error = RejectedFile(Rejection.EMPTY)

    assert (error.code, error.message_params, str(error)) == ("empty", {}, "empty")


# Accepted files


def test_detect_minimal_pdf_is_pdf():
    assert detect_bytes(minimal_pdf()) == FileKind.PDF


def test_detect_pdf_marker_ending_at_byte_1024_is_pdf():
    assert detect_bytes(b" " * 1019 + b"%PDF-1.7\n") == FileKind.PDF


def test_detect_pdf_marker_past_byte_1024_refused():
    assert rejection(b" " * 1020 + b"%PDF-1.7\n") == ("unknown_type", {})


def test_detect_png_is_png():
    assert detect_bytes(image_bytes("PNG")) == FileKind.PNG


def test_detect_jpeg_is_jpeg():
    assert detect_bytes(image_bytes("JPEG")) == FileKind.JPEG


@pytest.mark.parametrize(
    ("main_part", "main_type", "kind"),
    [
        ("word/document.xml", DOCX_MAIN, FileKind.DOCX),
        ("xl/workbook.xml", XLSX_MAIN, FileKind.XLSX),
        ("ppt/presentation.xml", PPTX_MAIN, FileKind.PPTX),
    ],
)
def test_detect_office_package_is_its_kind(main_part, main_type, kind):
    assert detect_bytes(zip_bytes(office_parts(main_part, main_type))) == kind


def test_detect_office_package_stored_without_compression_is_its_kind():
    data = zip_bytes(office_parts("word/document.xml", DOCX_MAIN), compression=zipfile.ZIP_STORED)

    assert detect_bytes(data) == FileKind.DOCX


def test_detect_docx_with_exactly_10000_members_accepted():
    parts = office_parts("word/document.xml", DOCX_MAIN)
    parts |= {f"word/media/pad{number}.txt": b"" for number in range(10_000 - len(parts))}

    assert detect_bytes(zip_bytes(parts, compression=zipfile.ZIP_STORED)) == FileKind.DOCX


def test_detect_real_file_on_disk_is_read_from_start(tmp_path):
    path = tmp_path / "upload.bin"
    path.write_bytes(docx_bytes())

    with path.open("rb") as upload:
        upload.read(10)
        kind = detect(upload, size=path.stat().st_size)
        position = upload.tell()

    assert (kind, position) == (FileKind.DOCX, 0)


def test_detect_leaves_file_at_start_after_success():
    upload = io.BytesIO(docx_bytes())

    detect(upload, size=len(upload.getvalue()))

    assert upload.tell() == 0


def test_detect_leaves_file_at_start_after_refusal():
    upload = io.BytesIO(b"<html><body>not a pdf</body></html>")

    with pytest.raises(RejectedFile):
        detect(upload, size=len(upload.getvalue()))

    assert upload.tell() == 0


# Refused: not one of our kinds


def test_detect_html_named_pdf_refused():
    assert rejection(b"<!DOCTYPE html>\n<html><head><title>invoice.pdf</title></head></html>") == ("unknown_type", {})


def test_detect_windows_executable_refused():
    program = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00" + b"\x00" * 50 + b"This program cannot be run in DOS mode."

    assert rejection(program) == ("unknown_type", {})


def test_detect_windows_executable_with_pdf_marker_refused():
    assert rejection(b"MZ\x90\x00" + b"\x00" * 100 + b"%PDF-1.4\n") == ("unknown_type", {})


def test_detect_linux_executable_refused():
    assert rejection(b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 56) == ("unknown_type", {})


def test_detect_plain_zip_refused():
    assert rejection(zip_bytes({"photos/a.txt": "hello", "b.txt": "world"})) == ("unknown_type", {})


def test_detect_empty_zip_refused():
    assert rejection(zip_bytes({})) == ("unknown_type", {})


def test_detect_opendocument_text_refused():
    parts = {"mimetype": "application/vnd.oasis.opendocument.text", "content.xml": "<office:document-content/>"}

    assert rejection(zip_bytes(parts)) == ("unknown_type", {})


def test_detect_word_template_refused():
    assert rejection(zip_bytes(office_parts("word/document.xml", DOTX_MAIN))) == ("unknown_type", {})


def test_detect_package_with_two_main_parts_refused():
    parts = office_parts("word/document.xml", DOCX_MAIN)
    parts["xl/workbook.xml"] = "<root/>"
    parts["[Content_Types].xml"] = content_types_xml(("word/document.xml", DOCX_MAIN), ("xl/workbook.xml", XLSX_MAIN))

    assert rejection(zip_bytes(parts)) == ("unknown_type", {})


def test_detect_content_types_in_foreign_namespace_refused():
    parts = office_parts("word/document.xml", DOCX_MAIN)
    parts["[Content_Types].xml"] = parts["[Content_Types].xml"].replace(CONTENT_TYPES_NS, "urn:not-opc")

    assert rejection(zip_bytes(parts)) == ("unknown_type", {})


def test_detect_legacy_word_compound_file_refused():
    compound = bytes.fromhex("d0cf11e0a1b11ae1") + b"\x00" * 504 + "WordDocument".encode("utf-16-le")

    assert rejection(compound) == ("unknown_type", {})


# Refused: macros


@pytest.mark.parametrize(
    ("main_part", "main_type"),
    [
        ("word/document.xml", DOCM_MAIN),
        ("xl/workbook.xml", XLSM_MAIN),
        ("ppt/presentation.xml", PPTM_MAIN),
    ],
)
def test_detect_macro_enabled_package_refused(main_part, main_type):
    parts = office_parts(main_part, main_type)
    parts[main_part.split("/")[0] + "/vbaProject.bin"] = b"\xd0\xcf\x11\xe0 vba"

    assert rejection(zip_bytes(parts)) == ("macro_enabled", {})


def test_detect_docm_content_type_without_vba_part_refused():
    assert rejection(zip_bytes(office_parts("word/document.xml", DOCM_MAIN))) == ("macro_enabled", {})


def test_detect_docx_containing_vba_project_refused():
    parts = office_parts("word/document.xml", DOCX_MAIN)
    parts["word/vbaProject.bin"] = b"\xd0\xcf\x11\xe0 vba"

    assert rejection(zip_bytes(parts)) == ("macro_enabled", {})


def test_detect_docx_declaring_vba_project_by_default_content_type_refused():
    parts = office_parts("word/document.xml", DOCX_MAIN)
    parts["[Content_Types].xml"] = content_types_xml(
        ("word/document.xml", DOCX_MAIN), defaults=(("bin", "application/vnd.ms-office.vbaProject"),)
    )

    assert rejection(zip_bytes(parts)) == ("macro_enabled", {})


# Refused: zip bombs


def test_uncompressed_limit_small_file_is_200_mib():
    assert uncompressed_limit(300_000) == 200 * MiB


def test_uncompressed_limit_large_file_is_100_times_its_size():
    assert uncompressed_limit(3 * MiB) == 300 * MiB


def test_detect_300_mib_of_zeros_refused_without_extracting(zip_bomb):
    path, declared = zip_bomb

    with open(path, "rb") as upload, pytest.raises(RejectedFile) as raised:
        detect(upload, size=upload.seek(0, io.SEEK_END))

    assert (raised.value.code, raised.value.message_params) == (
        "zip_bomb",
        {"uncompressed_size": declared, "limit": 200 * MiB},
    )


def test_detect_zip_bomb_file_is_small(zip_bomb):
    path, _declared = zip_bomb

    with open(path, "rb") as upload:
        size = upload.seek(0, io.SEEK_END)

    assert size < 400_000


def test_detect_10001_members_refused():
    parts = {f"f{number}": b"" for number in range(10_001)}

    assert rejection(zip_bytes(parts, compression=zipfile.ZIP_STORED)) == (
        "zip_bomb",
        {"members": 10_001, "limit": 10_000},
    )


def test_detect_oversized_content_types_part_refused():
    parts = office_parts("word/document.xml", DOCX_MAIN)
    padding = " " * (MiB + 1 - len(parts["[Content_Types].xml"]))
    parts["[Content_Types].xml"] += padding

    assert rejection(zip_bytes(parts)) == ("zip_bomb", {"uncompressed_size": MiB + 1, "limit": MiB})


# Refused: encrypted or broken


def test_detect_entity_expansion_in_content_types_refused():
    laughs = '<!ENTITY lol "lol">' + "".join(
        f'<!ENTITY lol{level} "{f"&lol{level - 1};" * 10}">' for level in range(1, 10)
    )
    laughs = laughs.replace("&lol0;", "&lol;")
    parts = office_parts("word/document.xml", DOCX_MAIN)
    parts["[Content_Types].xml"] = (
        f'<?xml version="1.0"?><!DOCTYPE Types [{laughs}]>'
        f'<Types xmlns="{CONTENT_TYPES_NS}"><Override PartName="/word/document.xml" ContentType="&lol9;"/></Types>'
    )

    assert rejection(zip_bytes(parts)) == ("encrypted_or_broken", {})


def test_detect_doctype_without_entities_in_content_types_refused():
    parts = office_parts("word/document.xml", DOCX_MAIN)
    parts["[Content_Types].xml"] = parts["[Content_Types].xml"].replace("?>", "?><!DOCTYPE Types>", 1)

    assert rejection(zip_bytes(parts)) == ("encrypted_or_broken", {})


def test_detect_external_entity_in_utf16_content_types_refused():
    parts = office_parts("word/document.xml", DOCX_MAIN)
    xml = content_types_xml(("word/document.xml", DOCX_MAIN)).replace('encoding="UTF-8"', 'encoding="UTF-16"')
    doctype = '<!DOCTYPE Types [<!ENTITY secret SYSTEM "file:///etc/passwd">]>'
    parts["[Content_Types].xml"] = xml.replace("?>", "?>" + doctype, 1).encode("utf-16")

    assert rejection(zip_bytes(parts)) == ("encrypted_or_broken", {})


def test_detect_malformed_content_types_refused():
    parts = office_parts("word/document.xml", DOCX_MAIN)
    parts["[Content_Types].xml"] = "<Types><Override"

    assert rejection(zip_bytes(parts)) == ("encrypted_or_broken", {})


def test_detect_declared_main_part_missing_refused():
    parts = office_parts("word/document.xml", DOCX_MAIN)
    del parts["word/document.xml"]

    assert rejection(zip_bytes(parts)) == ("encrypted_or_broken", {})


def test_detect_truncated_docx_refused():
    data = docx_bytes()

    assert rejection(data[: len(data) // 2]) == ("encrypted_or_broken", {})


def test_detect_docx_with_damaged_content_types_refused():
    parts = office_parts("word/document.xml", DOCX_MAIN)
    data = zip_bytes(parts, compression=zipfile.ZIP_STORED)
    # The stored bytes no longer match the CRC in the header.
    damaged = data.replace(b"relationships+xml", b"relationships+xmL", 1)

    assert rejection(damaged) == ("encrypted_or_broken", {})


def test_detect_password_protected_office_file_refused():
    # Office saves a password-protected .docx as a compound file whose directory holds an
    # "EncryptedPackage" stream. Only the signature and the directory name matter to detect, so
    # this stand-in has those at their real places and not a full compound file.
    directory_entry = "EncryptedPackage".encode("utf-16-le").ljust(128, b"\x00")
    compound = bytes.fromhex("d0cf11e0a1b11ae1") + b"\x00" * 504 + b"\x00" * 128 + directory_entry

    assert rejection(compound) == ("encrypted_or_broken", {})


def test_detect_encrypted_package_name_across_read_chunks_refused():
    name = "EncryptedPackage".encode("utf-16-le")
    compound = bytes.fromhex("d0cf11e0a1b11ae1").ljust(MiB - 10, b"\x00") + name + b"\x00" * 100

    assert rejection(compound) == ("encrypted_or_broken", {})


def test_detect_encrypted_zip_member_refused():
    parts = office_parts("word/document.xml", DOCX_MAIN)
    data = bytearray(zip_bytes(parts, compression=zipfile.ZIP_STORED))
    # zipfile cannot write encrypted members, so set the "encrypted" flag of [Content_Types].xml
    # (the first member) in its local header and its central directory entry.
    data[6:8] = struct.pack("<H", 1)
    central = data.index(b"PK\x01\x02")
    data[central + 8 : central + 10] = struct.pack("<H", 1)

    assert rejection(bytes(data)) == ("encrypted_or_broken", {})


# Refused: empty


def test_detect_empty_file_refused():
    assert rejection(b"") == ("empty", {})


def test_detect_zero_size_refused_whatever_the_content():
    with pytest.raises(RejectedFile) as raised:
        detect(io.BytesIO(minimal_pdf()), size=0)

    assert raised.value.code == "empty"


# safe_storage_name

STORAGE_NAME = re.compile(r"[0-9a-f]{32}\.pdf")


@pytest.mark.parametrize(
    "original",
    ["../../etc/passwd.pdf", "C:\\evil\\x.pdf", THAI_WORD * 20 + ".pdf", "a\x00b\r\n.pdf", ".hidden.pdf", ""],
)
def test_safe_storage_name_is_token_and_canonical_extension(original):
    assert STORAGE_NAME.fullmatch(safe_storage_name(original, FileKind.PDF)) is not None


def test_safe_storage_name_uses_canonical_jpeg_extension():
    assert re.fullmatch(r"[0-9a-f]{32}\.jpg", safe_storage_name("photo.JPEG", FileKind.JPEG)) is not None


def test_safe_storage_name_differs_for_same_original():
    names = {safe_storage_name("report.pdf", FileKind.PDF) for _ in range(100)}

    assert len(names) == 100


# display_name


def test_display_name_drops_parent_folders():
    assert display_name("../../etc/passwd.pdf", FileKind.PDF) == "passwd.pdf"


def test_display_name_drops_windows_folders():
    assert display_name("C:\\evil\\x.pdf", FileKind.PDF) == "x.pdf"


def test_display_name_long_thai_truncated_to_150_characters():
    name = display_name(THAI_WORD * 20 + ".pdf", FileKind.PDF)

    assert (name, len(name)) == (THAI_WORD * 7 + "โครงกา.pdf", 150)


def test_display_name_truncation_keeps_sara_ue_with_its_consonant():
    # A 149-character cut would end on ม and drop its vowel ื (index 9 of the word), so ม goes too.
    assert display_name(THAI_WORD * 20 + ".pdf", FileKind.PDF, max_length=153) == THAI_WORD * 7 + "โครงการเ.pdf"


def test_display_name_truncation_keeps_mai_han_akat_with_its_consonant():
    # A 153-character cut would keep อ and drop its vowel ั (index 13 of the word), so อ goes too.
    assert display_name(THAI_WORD * 20 + ".pdf", FileKind.PDF, max_length=157) == THAI_WORD * 7 + "โครงการเมือง.pdf"


def test_display_name_truncation_keeps_tone_mark_and_sara_am_with_consonant():
    # น้ำ is one character to a reader: น, the tone mark ้ and SARA AM ำ.
    assert display_name("น้ำน้ำ.pdf", FileKind.PDF, max_length=9) == "น้ำ.pdf"


def test_display_name_truncation_keeps_zero_width_joiner_sequence_whole():
    assert display_name("ab👩\u200d💻.png", FileKind.PNG, max_length=8) == "ab.png"


def test_display_name_long_ascii_truncated_to_exactly_max_length():
    name = display_name("x" * 300 + ".docx", FileKind.DOCX)

    assert name == "x" * 145 + ".docx"


def test_display_name_removes_control_characters():
    assert display_name("ใบ\x00สมัคร\r\n\t\x1b[31m\x7f.pdf", FileKind.PDF) == "ใบสมัคร[31m.pdf"


def test_display_name_removes_right_to_left_override():
    assert display_name("invoice\u202efdp.exe", FileKind.PDF) == "invoicefdp.exe.pdf"


def test_display_name_strips_leading_dots():
    assert display_name(".hidden.pdf", FileKind.PDF) == "hidden.pdf"


def test_display_name_strips_trailing_dots_and_spaces():
    assert display_name("  report.pdf. . ", FileKind.PDF) == "report.pdf"


@pytest.mark.parametrize("original", ["", ".pdf", "...", "../", "C:\\folder\\", " \x00 "])
def test_display_name_nothing_left_becomes_attachment(original):
    assert display_name(original, FileKind.PDF) == "attachment.pdf"


def test_display_name_keeps_thai_and_other_scripts():
    assert display_name("ใบสมัคร 申请 заявка.pdf", FileKind.PDF) == "ใบสมัคร 申请 заявка.pdf"


def test_display_name_normalises_to_nfc():
    assert display_name("cafe\u0301.pdf", FileKind.PDF) == "caf\u00e9.pdf"


def test_display_name_replaces_alias_with_canonical_extension():
    assert display_name("Photo.JPEG", FileKind.JPEG) == "Photo.jpg"


def test_display_name_lowercases_extension():
    assert display_name("SCAN.PDF", FileKind.PDF) == "SCAN.pdf"


def test_display_name_keeps_other_extension_and_adds_canonical():
    assert display_name("report.html", FileKind.PDF) == "report.html.pdf"


def test_display_name_adds_extension_to_name_with_dots():
    assert display_name("Report v1.2 final", FileKind.DOCX) == "Report v1.2 final.docx"


def test_display_name_max_length_without_room_refused():
    with pytest.raises(ValueError) as raised:
        display_name("report.docx", FileKind.DOCX, max_length=5)

    assert str(raised.value) == "max_length 5 leaves no room for a name before .docx"
