"""Handing a task to the broker without letting a broker failure fail the request.

Every job the platform queues is first a committed row (an outbox e-mail, a document job), and a beat
sweep picks up rows whose task never reached a worker. So when the broker cannot take a task (Redis
down or frozen), the request that wrote the row answers as usual and the sweep is the fallback.
"""

import logging

logger = logging.getLogger(__name__)


def enqueue(task, *args, row: str) -> bool:
    """``task.delay(*args)``; on any broker failure log it (``row`` names what the sweep will pick up)
    and return False."""
    try:
        task.delay(*args)
    except Exception as error:  # noqa: BLE001 - any broker failure; the sweep is the fallback
        logger.warning("%s waits for its sweep: the broker did not take the task (%s)", row, type(error).__name__)
        return False
    return True
