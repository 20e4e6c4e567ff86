"""The images staff upload for certificates (the organiser's emblem, partners' logos, signatures):
recognised by their content, never by their name, and turned into what a PDF or an admin page shows.

An upload is accepted only when its bytes say PNG or JPEG (``submissions.filetypes.detect``, the one
place that recognises a file by content) and Pillow can decode the whole picture within the size
limits; SVG is refused, as a drawing can fetch other files or run scripts. Refusals carry a stable
code; the form layer (documents/forms.py) owns the wording in Thai and English.
"""

import base64
import io
import warnings
from enum import StrEnum

from PIL import Image, UnidentifiedImageError

from submissions.filetypes import FileKind, RejectedFile, detect

MAX_BYTES = 2 * 1024 * 1024
# A 300 dpi scan of a whole A4 page is 3508 pixels long: no emblem or signature needs more.
MAX_SIDE = 4000
PREVIEW_SIDE = 160
# A JPEG ends with this marker; cameras may append a little data after it.
_JPEG_END = b"\xff\xd9"
_JPEG_TAIL = 4096
# What Pillow calls each kind we take: a phone's JPEG may hold several pictures (MPO).
PILLOW_FORMATS = {FileKind.PNG: {"PNG"}, FileKind.JPEG: {"JPEG", "MPO"}}


class ImageProblem(StrEnum):
    NOT_AN_IMAGE = "not_an_image"
    TOO_LARGE = "too_large"
    TOO_MANY_PIXELS = "too_many_pixels"
    BROKEN = "broken"


class RejectedImage(Exception):
    def __init__(self, code: ImageProblem, params: dict | None = None):
        super().__init__(code)
        self.code = code
        self.params = params or {}


def check_image(upload) -> FileKind:
    """The kind (PNG or JPEG) of an uploaded image, or RejectedImage; the file is left at position 0."""
    try:
        kind = detect(upload, size=upload.size)
    except RejectedFile:
        raise RejectedImage(ImageProblem.NOT_AN_IMAGE) from None
    if kind not in PILLOW_FORMATS:
        raise RejectedImage(ImageProblem.NOT_AN_IMAGE)
    if upload.size > MAX_BYTES:
        raise RejectedImage(ImageProblem.TOO_LARGE, {"size": upload.size, "limit": MAX_BYTES})
    try:
        _decode(upload, kind)
    finally:
        upload.seek(0)
    return kind


def _decode(upload, kind: FileKind) -> None:
    upload.seek(0)
    data = upload.read()
    # WeasyPrint lets Pillow load cut-off pictures (it sets ImageFile.LOAD_TRUNCATED_IMAGES when it is
    # imported), so decoding alone would pass half a file: a PNG's chunks are verified (their CRCs and
    # the closing IEND), and a JPEG must end with its end-of-image marker.
    if kind == FileKind.JPEG and _JPEG_END not in data[-_JPEG_TAIL:]:
        raise RejectedImage(ImageProblem.BROKEN)
    try:
        with warnings.catch_warnings():
            # Pillow warns (and past twice its limit, refuses) on huge pictures: ours is far lower.
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as image:
                _refuse_other_formats_and_sizes(image, kind)
                if kind == FileKind.PNG:
                    image.verify()
            with Image.open(io.BytesIO(data)) as image:
                image.load()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        raise RejectedImage(ImageProblem.BROKEN) from None


def _refuse_other_formats_and_sizes(image: Image.Image, kind: FileKind) -> None:
    if image.format not in PILLOW_FORMATS[kind]:
        raise RejectedImage(ImageProblem.NOT_AN_IMAGE)
    width, height = image.size
    if max(width, height) > MAX_SIDE:
        raise RejectedImage(ImageProblem.TOO_MANY_PIXELS, {"width": width, "height": height, "limit": MAX_SIDE})


def _mime(data: bytes) -> str:
    return "image/png" if data.startswith(b"\x89PNG") else "image/jpeg"


def data_uri(field) -> str:
    """A stored image as a ``data:`` URI (empty without one): WeasyPrint reads no storage."""
    if not field:
        return ""
    with field.open("rb") as handle:
        data = handle.read()
    return f"data:{_mime(data)};base64,{base64.b64encode(data).decode()}"


def preview_data_uri(field) -> str:
    """A small PNG of a stored image for admin: no URL serves the private storage, and the page
    stays light however large the original."""
    with field.open("rb") as handle, Image.open(handle) as image:
        image.thumbnail((PREVIEW_SIDE, PREVIEW_SIDE))
        out = io.BytesIO()
        image.save(out, format="PNG")
    return f"data:image/png;base64,{base64.b64encode(out.getvalue()).decode()}"
