"""History rows that do not grow with every autosave: saves of one object by one person a few minutes
apart make one row (the last text of that stretch of work, at the time of its last save)."""

from datetime import datetime, timedelta

from django.db.models import Model, Subquery
from django.utils import timezone

# Saves by the same person less than this apart update their last history row instead of adding one.
COALESCE_WINDOW = timedelta(minutes=5)


def _tracked_values(instance: Model) -> dict:
    history_model = type(instance).history.model
    return {
        field.attname: getattr(instance, "pk" if field.name == "id" else field.attname)
        for field in history_model._meta.fields
        if not field.name.startswith("history_")
    }


def record_change(instance: Model, *, by, now: datetime | None = None, window: timedelta = COALESCE_WINDOW) -> bool:
    """Record a change of ``instance`` (saved with ``skip_history_when_saving``) made by ``by``: when
    the object's latest history row is a change by the same person at most ``window`` old, that row
    takes the new values and time; otherwise a new row is written. One query when it coalesces, two
    otherwise. Call it in the transaction that saved the instance, with the instance's row locked, so
    that two saves of one object never decide at once. Returns True when a row was updated."""
    history_model = type(instance).history.model
    now = now or timezone.now()
    values = _tracked_values(instance)
    latest = (
        history_model.objects.filter(id=instance.pk).order_by("-history_date", "-history_id").values("history_id")[:1]
    )
    updated = history_model.objects.filter(
        history_id=Subquery(latest),
        history_type="~",
        history_user_id=getattr(by, "pk", None),
        history_user_id__isnull=False,
        history_date__gte=now - window,
    ).update(history_date=now, **{name: value for name, value in values.items() if name != "id"})
    if updated:
        return True
    history_model.objects.create(history_date=now, history_type="~", history_user_id=getattr(by, "pk", None), **values)
    return False
