"""What a failing file storage raises, so that callers can tell "the service is down" from a bug,
and the answer a person gets when a file cannot be read because of it."""

import logging
from functools import cache, wraps

from django.shortcuts import render

logger = logging.getLogger(__name__)


@cache
def storage_errors() -> tuple[type[BaseException], ...]:
    """The exceptions of a storage whose service failed: OSError for local disks (full, read-only,
    gone) and botocore's errors for object storage (timeouts, refused connections, error replies).
    botocore is imported only here and only when asked: it is heavy and a local site never needs it."""
    try:
        from botocore.exceptions import BotoCoreError, ClientError
    except ImportError:
        return (OSError,)
    return (OSError, BotoCoreError, ClientError)


def serves_files(view):
    """For views that stream a stored file: when the storage service fails, the person gets a 503
    page that says the file cannot be opened for now (one log line), not the generic 500 page.
    A file missing for its row is not a service failure and still goes to the 500 handler."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except FileNotFoundError:
            raise
        except storage_errors() as error:
            logger.warning("storage unavailable for %s: %s", request.path, type(error).__name__)
            response = render(request, "503_storage.html", status=503)
            response["Retry-After"] = "60"
            return response

    return wrapper
