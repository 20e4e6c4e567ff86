"""What the judges' side holds about a person (PDPA export; see accounts.privacy). Declarations,
scores and the messages of panel discussions are kept on erasure: the results and the conflict
checks of a cycle depend on them, and they then belong to an anonymised account."""

from accounts.privacy import exporter

from .models import Assignment, Declaration, DiscussionMessage


@exporter("declarations_of_interests")
def export_declarations(user) -> list[dict]:
    rows = Declaration.objects.filter(judge=user).select_related("cycle").prefetch_related("provinces")
    return [
        {
            "cycle": d.cycle.slug,
            "organisations": list(d.organisation_names),
            "provinces": sorted(p.name_th for p in d.provinces.all()),
            "declared_at": d.declared_at.isoformat(),
        }
        for d in rows.order_by("pk")
    ]


@exporter("judging_assignments")
def export_assignments(user) -> list[dict]:
    rows = Assignment.objects.filter(judge=user).select_related("application", "round__cycle").order_by("pk")
    return [
        {
            "cycle": a.round.cycle.slug,
            "round": a.round.position,
            "application": a.application.reference,
            "conflict_answer": a.conflict_answer,
        }
        for a in rows
    ]


@exporter("panel_discussion_messages")
def export_discussion_messages(user) -> list[dict]:
    rows = DiscussionMessage.objects.filter(author=user).select_related("application", "round__cycle").order_by("pk")
    return [
        {
            "cycle": m.round.cycle.slug,
            "round": m.round.position,
            "application": m.application.reference,
            "written_at": m.created_at.isoformat(),
            "text": m.body,
        }
        for m in rows
    ]
