"""The submission receipt: a PDF that says what was received, when, and the SHA-256 of every file.

It is attached to the confirmation e-mail and rendered by the worker when that e-mail is sent
(``core.emails.attachment_renderer``), in the recipient's language: Thai with Buddhist-era dates,
or English.
"""

from core.emails import DocumentAttachment, attachment_renderer
from core.pdf import render_pdf

from .models import Application

RECEIPT = "submission_receipt"


def receipt_attachment(application: Application) -> DocumentAttachment:
    return DocumentAttachment(
        kind=RECEIPT, object_id=application.pk, filename=f"receipt-{application.reference or application.pk}.pdf"
    )


def receipt_context(application: Application) -> dict:
    return {
        "application": application,
        "attachments": list(application.attachments.order_by("uploaded_at", "id")),
    }


@attachment_renderer(RECEIPT)
def render_receipt(application_id: int, language: str) -> bytes:
    """The receipt of one submitted application as PDF bytes."""
    application = Application.objects.select_related("cycle", "category", "organisation__province").get(
        pk=application_id
    )
    return render_pdf(template="pdf/receipt.html", context=receipt_context(application), language=language)
