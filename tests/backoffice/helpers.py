"""Data for the back-office tests: an edition with entered applications, a round, judges."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from judging.enums import ConflictAnswer
from judging.models import Assignment, Round
from submissions.enums import ApplicationStatus
from submissions.models import Province
from tests.factories import (
    ApplicationFactory,
    AssignmentFactory,
    CategoryFactory,
    OrganisationFactory,
    RoundFactory,
    ScorecardFactory,
    UserFactory,
)


def province(code: str) -> Province:
    return Province.objects.get(code=code)


def entered(cycle, *, kind="city_municipality", province_code="10", status=ApplicationStatus.SUBMITTED, **kwargs):
    """A submitted (or other status) application of a new organisation of ``kind`` in the province."""
    organisation = OrganisationFactory(kind=kind, province=province(province_code))
    number = ApplicationFactory._meta.model.objects.count() + 1
    return ApplicationFactory(
        cycle=cycle,
        category=kwargs.pop("category", None) or CategoryFactory(cycle=cycle),
        organisation=organisation,
        status=status,
        reference=None if status == ApplicationStatus.DRAFT else f"T-{number:03d}",
        submitted_at=None if status == ApplicationStatus.DRAFT else timezone.now(),
        **kwargs,
    )


def screening_round(cycle) -> Round:
    now = timezone.now()
    return RoundFactory(
        rubric__cycle=cycle,
        opens_at=now - timedelta(days=1),
        closes_at=now + timedelta(days=7),
        judges_per_application=2,
    )


def assign(round_, application, *, submitted=False, recused=False, judge=None) -> Assignment:
    assignment = AssignmentFactory(
        round=round_,
        judge=judge or UserFactory(),
        application=application,
        conflict_answer=ConflictAnswer.RECUSED if recused else ConflictAnswer.NO_CONFLICT,
    )
    if submitted:
        ScorecardFactory(assignment=assignment, submitted=True)
    return assignment


def admin_export(client, admin_url, pks, file_format):
    """The "Export selected" action: a page to choose the format, then the file."""
    changelist = reverse(f"admin:{admin_url}_changelist")
    chooser = client.post(changelist, {"action": "export_admin_action", "_selected_action": pks})
    assert chooser.status_code == 200
    fmt = {"csv": "0", "xlsx": "1"}[file_format]
    return client.post(
        reverse(f"admin:{admin_url}_export"),
        {"format": fmt, "export_items": pks, **_resource_fields(chooser)},
    )


def _resource_fields(chooser):
    """Every field the export page offers, ticked (as staff leave them by default)."""
    form = chooser.context["form"]
    return {name: "on" for name, field in form.fields.items() if field.widget.input_type == "checkbox"}
