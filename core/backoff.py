"""A shared service that did not answer is left alone for a few seconds, so that a dead Redis costs
one timeout, not one per request. Each user of a service keeps its own ``Backoff`` (the public-page
cache, the autosave's form memo, the vote's rate limits), with what its failure means for people."""

import logging
import time
from collections.abc import Callable


class Backoff:
    def __init__(self, seconds: Callable[[], float], consequence: str, logger: logging.Logger):
        """``seconds``: how long to leave the service alone, read at each failure (the user's module
        constant, which a test may change); ``consequence``: what happens meanwhile, for the log
        ("public pages are rendered"), written to the ``logger`` of the module that uses the service."""
        self.seconds, self.consequence, self.logger = seconds, consequence, logger
        self._until = 0.0

    def active(self) -> bool:
        """True while the service is being left alone."""
        return time.monotonic() < self._until

    def failed(self, error: Exception, what: str = "The shared cache") -> None:
        seconds = self.seconds()
        self._until = time.monotonic() + seconds
        self.logger.warning("%s did not answer (%s): %s for %.1f s", what, error, self.consequence, seconds)

    def reset(self) -> None:
        """Forget the failure (tests that stop and start their own Redis)."""
        self._until = 0.0
