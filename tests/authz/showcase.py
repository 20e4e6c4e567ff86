"""Rows of the public showcase of solutions: public to everyone, read-only. A solution's page, for a
finalist; for an application that never reached the shortlist (the world's draft), 404 for all."""

from . import Row, everyone


def finalist(w):
    return {"pk": w.finalist.pk}


def draft(w):
    return {"pk": w.draft.pk}


ROWS = [
    Row("showcase:list", get=everyone(200), post=everyone(405)),
    Row("showcase:detail", kwargs=finalist, get=everyone(200), post=everyone(405)),
    Row("showcase:detail", kwargs=draft, get=everyone(404), post=everyone(405), variant="a draft"),
    # The world's finalist consented to publishing its cover.
    Row("showcase:cover", kwargs=finalist, get=everyone(200), post=everyone(405)),
    Row("showcase:csv", get=everyone(200), post=everyone(405)),
    Row("showcase:json", get=everyone(200), post=everyone(405)),
]
