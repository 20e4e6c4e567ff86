"""What a certificate prints: the organiser's emblem and its partners' logos, the organiser's name,
the wording of the cycle's design around who won what (the award line "รางวัลดีเด่นด้าน…"), the
date (in Thai: "ให้ไว้ ณ วันที่ ๑๕ กันยายน พ.ศ. ๒๕๖๕", the Buddhist Era in Thai numerals), who signs
it, and a QR code of its public verification address beside its printed number (the code)."""

import segno
from django.conf import settings
from django.urls import reverse
from django.utils import formats, translation
from django.utils.translation import gettext as _

from core.thai import MONTHS_LONG, buddhist_year, thai_digits

from ..images import data_uri
from ..models import MAX_PARTNER_LOGOS, MAX_SIGNATORIES, CertificateDesign

# Some editions name their categories "ด้าน…" already; the award line adds the word itself.
CATEGORY_WORD = "ด้าน"


def verification_url(certificate) -> str:
    """The public address that confirms the certificate, in the certificate's language."""
    with translation.override(certificate.language):
        path = reverse("documents:verify", kwargs={"code": certificate.code})
    return f"{settings.SITE_URL}{path}"


def qr_data_uri(url: str) -> str:
    # A PNG of whole modules (scale 4 px, quiet zone 4) prints sharp at 24 mm and scans back.
    return segno.make(url, error="m").png_data_uri(scale=4, border=4)


def certificate_date(certificate) -> str:
    """``15 กันยายน พ.ศ. ๒๕๖๕`` on a Thai certificate (how Thai certificates date themselves),
    ``15 September 2022`` on an English one."""
    day = certificate.awarded_on
    if certificate.language == "th":
        return thai_digits(f"{day.day} {MONTHS_LONG[day.month - 1]} พ.ศ. {buddhist_year(day.year)}")
    with translation.override("en"):
        return formats.date_format(day, "j F Y")


def award_line(prize) -> str:
    """The award as the certificate names it, in the active language: "รางวัลดีเด่นด้านการเดินทางและ
    ขนส่งอัจฉริยะ (Smart Mobility)", "Outstanding Award in Smart Mobility"; a cycle-wide award (the
    Popular Vote) by its name."""
    if not prize.category_id:
        return prize.name
    category = prize.category.name.removeprefix(CATEGORY_WORD).strip()
    if prize.level:
        return _("%(level)s Award in %(category)s") % {"level": prize.level, "category": category}
    return _("%(award)s in %(category)s") % {"award": prize.name, "category": category}


def certificate_facts(certificate) -> dict:
    """Who won what and when, in the certificate's language (the certificate and its public page)."""
    application, prize = certificate.application, certificate.prize
    cycle, organisation = application.cycle, application.organisation
    with translation.override(certificate.language):
        return {
            "certificate": certificate,
            "cycle_name": cycle.name,
            "organiser": cycle.organiser,
            "organisation": _localized(organisation.name, organisation.name_en, certificate.language),
            "project": _localized(application.title_th, application.title_en, certificate.language),
            "prize": prize.name,
            "level": prize.level,
            "category": prize.category.name if prize.category_id else "",
            "award_line": award_line(prize),
            "date": certificate_date(certificate),
        }


def _localized(thai: str, english: str, language: str) -> str:
    return english if language == "en" and english else thai


def _design(cycle) -> tuple[CertificateDesign, list, list]:
    """The cycle's design with its signatories and logos, or the default wording with neither."""
    design = CertificateDesign.objects.filter(cycle=cycle).first()
    if design is None:
        return CertificateDesign(cycle=cycle), [], []
    return design, list(design.signatories.all()[:MAX_SIGNATORIES]), list(design.logos.all()[:MAX_PARTNER_LOGOS])


def _printed_name(name: str, language: str) -> str:
    # Thai puts the signatory's name in brackets under the signature, with no space inside them;
    # English prints the name alone.
    return f"({name})" if language == "th" else name


def certificate_context(certificate) -> dict:
    language = certificate.language
    design, signatories, logos = _design(certificate.application.cycle)
    url = verification_url(certificate)
    with translation.override(language):
        return {
            **certificate_facts(certificate),
            "emblem": data_uri(design.emblem),
            "logos": [{"src": data_uri(logo.image), "name": logo.name} for logo in logos],
            "opening": design.opening,
            "citation": design.citation,
            "closing": design.closing,
            "signatories": [
                {
                    "signature": data_uri(signatory.signature),
                    "name": _printed_name(signatory.name, language),
                    "position": signatory.position,
                }
                for signatory in signatories
            ],
            "blank_signatory": _printed_name("." * 40, language),
            "verification_url": url,
            "qr": qr_data_uri(url),
        }
