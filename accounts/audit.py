"""The audit log of sensitive actions: exports, decisions, voided votes, rubric changes, log-ins.

Score and rubric edits also keep their full history through django-simple-history; this log answers
"who did which sensitive thing, when, from where" in one place that staff can read in admin.
"""

from .models import AuditEvent
from .security import client_ip


def record_event(*, actor, action: str, target=None, detail: dict | None = None, request=None) -> AuditEvent:
    """Append one event. ``action`` is a dotted code such as ``export.scores`` or ``vote.void``."""
    is_person = actor is not None and getattr(actor, "is_authenticated", False)
    return AuditEvent.objects.create(
        actor=actor if is_person else None,
        actor_email=getattr(actor, "email", "") if is_person else "",
        action=action,
        target_type=target._meta.label_lower if target is not None else "",
        target_id=str(target.pk) if target is not None else "",
        target_repr=str(target)[:200] if target is not None else "",
        detail=detail or {},
        ip_address=client_ip(request) if request is not None else None,
    )
