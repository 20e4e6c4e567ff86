"""History rows that do not grow with every autosave: saves of one object by one person a few minutes
apart make one row (the last text of that stretch of work, at the time of its last save)."""

from datetime import datetime, timedelta
from functools import cache

from django.db import connection
from django.db.models import Model
from django.utils import timezone

# Saves by the same person less than this apart update their last history row instead of adding one.
COALESCE_WINDOW = timedelta(minutes=5)


@cache
def _history_model(model: type[Model]) -> type[Model]:
    # simple_history's ``Model.history`` builds a new manager class on every access: an autosave paid
    # for two of them. The historical model it leads to is the same for the life of the process.
    return model.history.model


def _tracked_fields(history_model: type[Model]) -> list:
    return [field for field in history_model._meta.fields if not field.name.startswith("history_")]


def _tracked_values(instance: Model) -> dict:
    return {
        field.attname: getattr(instance, "pk" if field.name == "id" else field.attname)
        for field in _tracked_fields(_history_model(type(instance)))
    }


def record_change(instance: Model, *, by, now: datetime | None = None, window: timedelta = COALESCE_WINDOW) -> bool:
    """Record a change of ``instance`` (saved with ``skip_history_when_saving``) made by ``by``: when
    the object's latest history row is a change by the same person at most ``window`` old, that row
    takes the new values and time; otherwise a new row is written. One query when it coalesces, two
    otherwise. Call it in the transaction that saved the instance, with the instance's row locked, so
    that two saves of one object never decide at once. Returns True when a row was updated."""
    history_model = _history_model(type(instance))
    now = now or timezone.now()
    if _coalesced(history_model, instance, by=by, now=now, window=window):
        return True
    values = _tracked_values(instance)
    history_model.objects.create(history_date=now, history_type="~", history_user_id=getattr(by, "pk", None), **values)
    return False


def _coalesced(history_model: type[Model], instance: Model, *, by, now: datetime, window: timedelta) -> bool:
    """The coalescing update: the new values and time into the object's latest history row, if that
    row is a change by ``by`` made since ``now - window`` (no row without a person matches)."""
    sql, fields = _coalesce_sql(history_model, connection.vendor)
    date = history_model._meta.get_field("history_date")
    params = [date.get_db_prep_save(now, connection)]
    params += [
        field.get_db_prep_save(getattr(instance, "pk" if field.name == "id" else field.attname), connection)
        for field in fields
    ]
    params += [instance.pk, getattr(by, "pk", None), date.get_db_prep_save(now - window, connection)]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.rowcount > 0


@cache
def _coalesce_sql(history_model: type[Model], vendor: str) -> tuple[str, list]:
    """``_coalesced``'s statement for ``history_model`` (once per model and database kind) and the
    tracked fields whose values it sets, in order. Written out rather than built by the ORM on each
    autosave, which cost several times the statement itself; the names come from the model."""
    quote = connection.ops.quote_name
    meta = history_model._meta
    table, key = quote(meta.db_table), quote(meta.pk.column)
    date, kind = quote(meta.get_field("history_date").column), quote(meta.get_field("history_type").column)
    user, tracked_id = quote(meta.get_field("history_user").column), quote(meta.get_field("id").column)
    fields = [field for field in _tracked_fields(history_model) if field.name != "id"]
    assignments = ", ".join(f"{quote(field.column)} = %s" for field in fields)
    latest = f"SELECT {key} FROM {table} WHERE {tracked_id} = %s ORDER BY {date} DESC, {key} DESC LIMIT 1"  # noqa: S608
    sql = (
        f"UPDATE {table} SET {date} = %s, {assignments} WHERE {key} = ({latest})"  # noqa: S608 (the model's names)
        f" AND {kind} = '~' AND {user} = %s AND {date} >= %s"
    )
    return sql, fields
