"""What a failing file storage raises, so that callers can tell "the service is down" from a bug."""

from functools import cache


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
