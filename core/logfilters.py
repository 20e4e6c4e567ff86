"""Filters of the platform's log configuration (config/settings.py LOGGING)."""

import logging


class ServerErrorsOnly(logging.Filter):
    """Lets through only Django's records of server errors (5xx, with their traceback). A refused
    request (400, 403, 404, 405) is not a fault of ours: the request log's one line per request
    (accounts.middleware.RequestLogMiddleware) already records it, and Django would add a warning,
    with the traceback of the PermissionDenied raised, for each one."""

    def filter(self, record: logging.LogRecord) -> bool:
        status = getattr(record, "status_code", None)
        return status is None or status >= 500
