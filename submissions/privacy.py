"""What the applicants' side holds about a person (PDPA export and erasure; see accounts.privacy)."""

from accounts.privacy import eraser, exporter

from .models import Application, Attachment, Invitation, Membership, Organisation


def _when(value):
    return value.isoformat() if value else None


@exporter("memberships")
def export_memberships(user) -> list[dict]:
    return [
        {"organisation": m.organisation.name, "role": m.role, "joined_at": _when(m.joined_at)}
        for m in Membership.objects.filter(user=user).select_related("organisation")
    ]


@exporter("applications")
def export_applications(user) -> list[dict]:
    """The applications this person started (their organisation's other ones are not theirs)."""
    rows = Application.objects.filter(created_by=user).select_related("cycle", "category", "organisation")
    return [
        {
            "reference": a.reference,
            "title_th": a.title_th,
            "title_en": a.title_en,
            "status": a.status,
            "cycle": a.cycle.slug,
            "category": a.category.code,
            "organisation": a.organisation.name,
        }
        for a in rows.order_by("pk")
    ]


@exporter("attachments_uploaded")
def export_attachments(user) -> list[dict]:
    rows = Attachment.objects.filter(uploaded_by=user).select_related("application").order_by("pk")
    return [
        {"application": a.application.reference, "file_name": a.original_name, "uploaded_at": _when(a.uploaded_at)}
        for a in rows
    ]


@exporter("invitations")
def export_invitations(user) -> list[dict]:
    rows = Invitation.objects.filter(email__iexact=user.email).select_related("organisation").order_by("pk")
    return [{"organisation": i.organisation.name, "sent_at": _when(i.created_at)} for i in rows]


@eraser
def erase_applicant_records(user, placeholder: str) -> None:
    """Applications, answers and attachments stay (they are the organisation's and are judged); the
    person's address leaves the invitations, and their name and phone leave the organisation's contact
    details when they were its contact person."""
    Invitation.objects.filter(email__iexact=user.email).update(email=placeholder)
    if user.full_name:
        Organisation.objects.filter(memberships__user=user, contact_name=user.full_name).update(
            contact_name="", contact_phone=""
        )
