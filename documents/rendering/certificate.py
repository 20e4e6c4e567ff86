"""What a certificate prints: who won what, when (in the Buddhist Era with Thai numerals in Thai,
as official letters write it), who signs it, and a QR code of its public verification address."""

import base64

import segno
from django.conf import settings
from django.urls import reverse
from django.utils import formats, translation

from core.thai import thai_date


def verification_url(certificate) -> str:
    """The public address that confirms the certificate, in the certificate's language."""
    with translation.override(certificate.language):
        path = reverse("documents:verify", kwargs={"code": certificate.code})
    return f"{settings.SITE_URL}{path}"


def qr_data_uri(url: str) -> str:
    # A PNG of whole modules (scale 4 px, quiet zone 4) prints sharp at 30 mm and scans back.
    return segno.make(url, error="m").png_data_uri(scale=4, border=4)


def certificate_date(certificate) -> str:
    if certificate.language == "th":
        return thai_date(certificate.awarded_on, digits="thai")
    with translation.override("en"):
        return formats.date_format(certificate.awarded_on, "j F Y")


def _image_data_uri(field) -> str:
    if not field:
        return ""
    with field.open("rb") as handle:
        data = handle.read()
    mime = "image/png" if data.startswith(b"\x89PNG") else "image/jpeg"
    return f"data:{mime};base64,{base64.b64encode(data).decode()}"


def _localized(thai: str, english: str, language: str) -> str:
    return english if language == "en" and english else thai


def certificate_context(certificate) -> dict:
    language = certificate.language
    application, prize = certificate.application, certificate.prize
    cycle, organisation = application.cycle, application.organisation
    url = verification_url(certificate)
    with translation.override(language):
        category = prize.category.name if prize.category_id else ""
        return {
            "certificate": certificate,
            "cycle_name": cycle.name,
            "organiser": cycle.organiser,
            "organisation": _localized(organisation.name, organisation.name_en, language),
            "project": _localized(application.title_th, application.title_en, language),
            "prize": prize.name,
            "level": prize.level,
            "category": category,
            "date": certificate_date(certificate),
            "signatory_name": cycle.signatory_name,
            "signatory_title": cycle.signatory_title,
            "signature": _image_data_uri(cycle.signature_image),
            "verification_url": url,
            "qr": qr_data_uri(url),
        }
