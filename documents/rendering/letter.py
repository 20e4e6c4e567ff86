"""What an official letter (หนังสือราชการ) prints, in the layout of a Thai letter to an outside body:
the agency's emblem at the top centre, ที่ (the letter's number in the cycle's series) on the left and
the office's address on the right, the date in the Buddhist Era, เรื่อง, เรียน, อ้างถึง and
สิ่งที่ส่งมาด้วย when there are any, the body (paragraphs with a first-line indent, ending with
"จึงเรียนมาเพื่อโปรดทราบ"), ขอแสดงความนับถือ, the signatory, and the office's contact lines; an
English letter has the same elements in an English layout. Sarabun 16 pt, rendered as PDF/A-3a.
Thai digits print the number, the dates and the times, as Thai letters write them; codes, links and
telephone numbers stay as typed.

The body is written now from the data at hand (the application, its presentation, its awards), so a
re-issued letter carries what is true when it is re-issued, under its first number.
"""

from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from awards.selectors import sender_block
from core.emails import SenderBlock
from core.formats import phone_number
from core.pdf import PDF_A, render_pdf
from core.thai import MONTHS_LONG, buddhist_year, thai_digits, thai_time
from judging.models import Decision, PresentationSlot

from ..enums import LetterKind
from ..images import data_uri
from ..models import CertificateDesign
from .certificate import award_line


def letter_date(value, language: str) -> str:
    """``๑๕ กันยายน ๒๕๖๕`` (how a Thai letter dates itself: Thai digits, the Buddhist Era, no พ.ศ.),
    ``15 September 2022`` in English."""
    day = timezone.localtime(value).date() if hasattr(value, "hour") else value
    if language == "th":
        return thai_digits(f"{day.day} {MONTHS_LONG[day.month - 1]} {buddhist_year(day.year)}")
    with translation.override("en"):
        return formats.date_format(day, "j F Y")


def _time(value, language: str) -> str:
    value = timezone.localtime(value)
    if language == "th":
        return thai_digits(thai_time(value).removesuffix(" น."))
    return f"{value:%H:%M}"


def _local(thai: str, english: str, language: str) -> str:
    return english if language == "en" and english else thai


def _slot(application):
    return (
        PresentationSlot.objects.filter(application=application)
        .select_related("room", "schedule")
        .order_by("-schedule__round__id", "-starts_at")
        .first()
    )


def _awards(application) -> list[str]:
    decisions = Decision.objects.filter(application=application).select_related("prize__category")
    return [award_line(decision.prize) for decision in decisions.order_by("decided_at", "pk")]


def _facts(letter) -> dict:
    application, language = letter.application, letter.language
    cycle = application.cycle
    return {
        "organisation": _local(application.organisation.name, application.organisation.name_en, language),
        "title": _local(application.title_th, application.title_en, language),
        "cycle": cycle.name,
        "organiser": cycle.organiser,
        "category": application.category.name if application.category_id else "",
        "reference": application.reference or "",
    }


def _subject(kind: str, facts: dict) -> str:
    return {
        LetterKind.ACKNOWLEDGEMENT: _("Acknowledgement of the application to %(cycle)s"),
        LetterKind.SHORTLISTED: _("Result of the screening of %(cycle)s"),
        LetterKind.NOT_SHORTLISTED: _("Result of the screening of %(cycle)s"),
        LetterKind.INVITATION: _("Invitation to present the project to the committee of %(cycle)s"),
        LetterKind.RESULTS: _("Results of %(cycle)s"),
    }[kind] % facts


def letter_subject(letter) -> str:
    """เรื่อง of the letter, in its language (the applicant's list of letters shows it)."""
    with translation.override(letter.language):
        return _subject(letter.kind, _facts(letter))


def _paragraphs(letter, facts: dict) -> list[str]:
    """The body: what it answers, what it says, and the closing sentence of its purpose."""
    language, kind, application = letter.language, letter.kind, letter.application
    opening = _(
        "With reference to the project “%(title)s” that %(organisation)s entered in %(cycle)s, "
        "in the category %(category)s,"
    )
    if kind == LetterKind.ACKNOWLEDGEMENT:
        submitted = application.submitted_at or letter.issued_at
        middle = _(
            "%(organiser)s has received the application on %(date)s at %(time)s under the number %(reference)s. "
            "The committee will assess the project against the published criteria and will inform you of the "
            "result in due course."
        ) % {**facts, "date": letter_date(submitted, language), "time": _time(submitted, language)}
        close = _("Please be informed accordingly.")
    elif kind == LetterKind.SHORTLISTED:
        middle = (
            _(
                "The committee has assessed the projects of the screening round. %(organiser)s is pleased to inform "
                "you that your project has been shortlisted for the final round. The date and time of its "
                "presentation to the committee will be sent to you in due course."
            )
            % facts
        )
        close = _("Please be informed accordingly.")
    elif kind == LetterKind.NOT_SHORTLISTED:
        middle = (
            _(
                "The committee has assessed the projects of the screening round. We regret to inform you that your "
                "project has not been shortlisted for the final round. %(organiser)s thanks you for taking part and "
                "hopes to receive your application again in a coming edition."
            )
            % facts
        )
        close = _("Please be informed accordingly, with our thanks.")
    elif kind == LetterKind.INVITATION:
        slot = _slot(application)
        if slot is None:
            middle = (
                _(
                    "%(organiser)s invites your representatives to present the project online to the committee. "
                    "The date, the time and the link to join will be sent to you."
                )
                % facts
            )
        else:
            middle = _(
                "%(organiser)s invites your representatives to present the project online to the committee on "
                "%(date)s from %(start)s to %(end)s, joining at %(link)s"
            ) % {
                **facts,
                "date": letter_date(slot.starts_at, language),
                "start": _time(slot.starts_at, language),
                "end": _time(slot.ends_at, language),
                "link": slot.link,
            }
        close = _("Please be informed accordingly and attend at the date and time above.")
    else:
        awards = _awards(application)
        if awards:
            middle = _(
                "The committee has decided the results. %(organiser)s is pleased to inform you that your project "
                "has received the %(awards)s. The date of the award ceremony will be sent to you in due course."
            ) % {**facts, "awards": _(" and the ").join(awards)}
        else:
            middle = (
                _(
                    "The committee has decided the results. Your project has not received an award in this edition; "
                    "%(organiser)s thanks you for taking part."
                )
                % facts
            )
        close = _("Please be informed accordingly.")
    return [opening % facts, middle, close]


def _references(letter, facts: dict) -> tuple[list[str], list[str]]:
    """อ้างถึง (what the letter answers) and สิ่งที่ส่งมาด้วย (what comes with it)."""
    application, language = letter.application, letter.language
    refers = []
    if application.reference:
        dated = letter_date(application.submitted_at, language) if application.submitted_at else ""
        refers.append(
            _("The application No. %(reference)s dated %(date)s") % {"reference": facts["reference"], "date": dated}
        )
    enclosed = []
    if letter.kind == LetterKind.ACKNOWLEDGEMENT:
        enclosed.append(_("The receipt of the application"))
    elif letter.kind == LetterKind.INVITATION:
        enclosed.append(_("The presentation in a calendar file (.ics)"))
    return refers, enclosed


def _signatory(cycle, language: str) -> dict:
    design = CertificateDesign.objects.filter(cycle=cycle).first()
    signatory = design.signatories.first() if design else None
    emblem = data_uri(design.emblem) if design else ""
    if signatory is None:
        return {"emblem": emblem, "signature": "", "name": "(" + "." * 40 + ")", "position": ""}
    name = signatory.name
    return {
        "emblem": emblem,
        "signature": data_uri(signatory.signature),
        # Thai prints the name in brackets under the signature, with no space inside them.
        "name": f"({name.strip()})" if language == "th" else name,
        "position": signatory.position,
    }


def _contact(block: SenderBlock, language: str) -> list[str]:
    """The office's lines at the foot: its name, telephone (with extension) and e-mail."""
    lines = [block.office] if block.office else []
    if block.phone:
        lines.append(_("Telephone %(phone)s") % {"phone": phone_number(block.phone, block.extension)})
    if block.email:
        lines.append(_("E-mail %(email)s") % {"email": block.email})
    return lines


def letter_context(letter) -> dict:
    """Everything the template prints, in the letter's language."""
    language = letter.language
    application = letter.application
    cycle = application.cycle
    with translation.override(language):
        block = sender_block(cycle) or SenderBlock(office_th=cycle.organiser_th, office_en=cycle.organiser_en)
        facts = _facts(letter)
        refers, enclosed = _references(letter, facts)
        dated = letter.reissued_at or letter.issued_at
        reissued = ""
        if letter.reissued_at:
            reissued = _("Re-issued, replacing the letter dated %(date)s") % {
                "date": letter_date(letter.issued_at, language)
            }
        return {
            "letter": letter,
            "number": letter.reference,
            "date": letter_date(dated, language),
            "reissued": reissued,
            "subject": _subject(letter.kind, facts),
            "addressee": _("The Executive of %(organisation)s") % facts,
            "refers": refers,
            "enclosed": enclosed,
            "paragraphs": _paragraphs(letter, facts),
            "organiser": cycle.organiser,
            "address": [line.strip() for line in block.address.splitlines() if line.strip()],
            "contact": _contact(block, language),
            **_signatory(cycle, language),
        }


def letter_pdf(letter) -> bytes:
    """The letter as PDF/A-3a bytes (tagged, every font embedded), for an e-saraban system to file."""
    return render_pdf(
        template="documents/pdf/letter.html", context=letter_context(letter), language=letter.language, variant=PDF_A
    )
