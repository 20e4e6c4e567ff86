"""The evidence block: what a reader of an application has beside its text. The project's facts (the
short answers: dates, numbers, money, choices, places), its web links (the answers to questions of
kind web address: a video, a website), and every file it may open: PDFs to read in the browser's own
viewer, images shown as thumbnails, other files to download.

Pure: it sorts answers already read through ``submissions.answers`` (so who may read what is decided
there, once) and the general attachments given; the caller says where each file opens (the judge's
download through the assignment, the applicant's own download), so both the scoring page and the
applicant's preview show the same block (``templates/submissions/_evidence.html``).
"""

from collections.abc import Callable
from dataclasses import dataclass

from awards.enums import FieldKind

from .answers import Shown
from .filetypes import FileKind
from .models import Attachment

# Answers too long, or not text at all, for the facts' short list: read in their sections.
NOT_FACTS = frozenset({FieldKind.LONG_TEXT, FieldKind.GROUP, FieldKind.FILE, FieldKind.URL})
IMAGE_KINDS = frozenset({FileKind.JPEG, FileKind.PNG})
# Kinds a browser shows itself (its PDF viewer, an image): served inline when asked, never others.
INLINE_KINDS = frozenset({FileKind.PDF, *IMAGE_KINDS})


@dataclass(frozen=True)
class EvidenceFile:
    attachment: Attachment
    url: str  # the permission-checked download
    question: str  # the question it answers, empty for a general attachment

    @property
    def is_pdf(self) -> bool:
        return self.attachment.kind == FileKind.PDF

    @property
    def is_image(self) -> bool:
        return self.attachment.kind in IMAGE_KINDS

    @property
    def view_url(self) -> str:
        """Where the browser shows the file itself (PDFs and images); the download for the rest."""
        if self.attachment.kind in INLINE_KINDS:
            return f"{self.url}?inline=1"
        return self.url


@dataclass(frozen=True)
class EvidenceLink:
    question: str
    url: str


@dataclass(frozen=True)
class Evidence:
    facts: list[Shown]
    links: list[EvidenceLink]
    files: list[EvidenceFile]

    @property
    def pdfs(self) -> list[EvidenceFile]:
        return [file for file in self.files if file.is_pdf]

    @property
    def images(self) -> list[EvidenceFile]:
        return [file for file in self.files if file.is_image]

    @property
    def others(self) -> list[EvidenceFile]:
        return [file for file in self.files if not file.is_pdf and not file.is_image]

    def __bool__(self) -> bool:
        return bool(self.facts or self.links or self.files)


def evidence(shown: list[Shown], attachments: list[Attachment], *, file_url: Callable[[Attachment], str]) -> Evidence:
    """The evidence in ``shown`` (one application's readable answers, in form order) and its general
    ``attachments``; ``file_url`` gives each file's download for this reader."""
    files = [EvidenceFile(attachment=file, url=file_url(file), question="") for file in attachments]
    files += [
        EvidenceFile(attachment=file, url=file_url(file), question=item.field.name)
        for item in shown
        if item.field.is_file
        for file in item.files
    ]
    links = [
        EvidenceLink(question=item.field.name, url=str(item.value))
        for item in shown
        # Stored answers were checked as http(s) addresses; a link of another scheme is never made.
        if item.field.kind == FieldKind.URL and item.answered and str(item.value).startswith(("https://", "http://"))
    ]
    facts = [item for item in shown if item.field.kind not in NOT_FACTS and item.answered]
    return Evidence(facts=facts, links=links, files=files)


def wants_inline(request) -> bool:
    """The file is asked for to be shown in the browser (``?inline=1``), not saved."""
    return request.GET.get("inline") == "1"
