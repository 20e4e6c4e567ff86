"""Rows of the awards app (the public pages and the health check) and the project's own URLs."""

from . import Row, everyone

ROWS = [
    Row("healthz", get=everyone(200), post=everyone(405)),
    Row("healthz_live", get=everyone(200), post=everyone(405)),
    Row("healthz_ready", get=everyone(200), post=everyone(405)),
    Row("awards:home", get=everyone(200), post=everyone(405)),
    Row("awards:cycle", kwargs=lambda w: {"slug": w.open_cycle.slug}, get=everyone(200), post=everyone(405)),
]
