"""Group commit: writes that arrive together are made together, in one statement and one commit.

Under a burst, many request threads of one web process want to record a vote at the same moment.
Written one by one, each vote pays a round trip to the database and a commit that waits for the
write-ahead log to reach the disk, and each request thread queues for the interpreter lock around
every round trip. Here the first thread to arrive becomes the *leader*: it takes every item queued so
far, hands them to ``write`` (one INSERT in autocommit: one transaction, durable when it returns) and
gives each waiting thread its own answer. Threads that arrive while the leader writes queue up for the
next batch, which the oldest of them leads. PostgreSQL groups the commits of concurrent backends the
same way; doing it here also saves the per-statement work in the web process and in PostgreSQL.

Nothing is answered before the commit that holds it: a thread waits until its item's batch has been
written, or failed. If a batch fails as a whole (one row the database refuses, a lost connection),
its items are written again one at a time, so that one bad row never costs the others their answer.
"""

import os
import threading
import time
import weakref
from collections.abc import Callable, Sequence


class BatchInterrupted(Exception):
    """The batch holding this item was interrupted before it was written (the leader's thread was
    stopped): the item may or may not be stored."""


class _Ticket[Item, Result]:
    __slots__ = ("item", "done", "result", "error", "answered", "leads")

    def __init__(self, item: Item):
        self.item, self.done = item, threading.Event()
        self.result: Result | None = None
        self.error: BaseException | None = None
        self.answered = self.leads = False

    def answer(self, result: Result | None = None, error: BaseException | None = None) -> None:
        self.result, self.error, self.answered = result, error, True

    def outcome(self) -> Result:
        if self.error is not None:
            raise self.error
        return self.result  # type: ignore[return-value]  # answered without an error: a Result


def no_delay() -> float:
    return 0.0


class GroupCommit[Item, Result]:
    """``submit(item)`` returns ``write([item, …])[i]`` for its own item, written together with the
    items of other threads that arrived at the same moment (at most ``max_batch`` at once).

    ``delay``: while a burst is on (the last batch held more than one item), the leader waits
    ``delay()`` seconds before taking its batch, as PostgreSQL's ``commit_delay`` does, so that threads
    already on their way join it instead of starting the next one. It is a function, called by each
    leader that may wait, so that a value read from the settings is read when votes are written (and
    a test's override of the settings applies), not once when the module is imported."""

    def __init__(
        self,
        write: Callable[[Sequence[Item]], Sequence[Result]],
        *,
        max_batch: int = 200,
        delay: Callable[[], float] = no_delay,
    ):
        self._write, self._max_batch, self._delay = write, max_batch, delay
        self._reset()
        _instances.add(self)

    def _reset(self) -> None:
        self._lock = threading.Lock()
        self._queue: list[_Ticket[Item, Result]] = []
        self._leading = False
        self._last_batch = 0
        self.batches = self.items = 0  # read by tests and benchmarks

    def submit(self, item: Item) -> Result:
        ticket: _Ticket[Item, Result] = _Ticket(item)
        with self._lock:
            self._queue.append(ticket)
            ticket.leads = not self._leading
            self._leading = True
        if not ticket.leads:
            ticket.done.wait()  # answered, or promoted to lead the next batch
        if ticket.leads:
            self._lead()
        return ticket.outcome()

    def _lead(self) -> None:
        if self._last_batch > 1 and (delay := self._delay()) > 0:
            time.sleep(delay)
        with self._lock:
            # The leader is always first in the queue, so it is in the batch it writes.
            batch, self._queue = self._queue[: self._max_batch], self._queue[self._max_batch :]
        try:
            self._write_batch(batch)
        finally:
            with self._lock:
                successor = self._queue[0] if self._queue else None
                self._leading = successor is not None
                if successor is not None:
                    successor.leads = True
            for ticket in batch:
                if not ticket.answered:
                    ticket.answer(error=BatchInterrupted())
                ticket.leads = False
                ticket.done.set()
            if successor is not None:
                successor.done.set()

    def _write_batch(self, batch: list[_Ticket[Item, Result]]) -> None:
        self.batches += 1
        self.items += len(batch)
        self._last_batch = len(batch)
        try:
            results = self._write([ticket.item for ticket in batch])
        except Exception as error:
            if len(batch) == 1:
                batch[0].answer(error=error)
                return
            for ticket in batch:  # one at a time: only the item the database refuses fails
                try:
                    ticket.answer(self._write([ticket.item])[0])
                except Exception as single_error:
                    ticket.answer(error=single_error)
            return
        for ticket, result in zip(batch, results, strict=True):
            ticket.answer(result)


# A forked child (a web worker) starts with empty queues, whatever its parent held at the fork.
_instances: "weakref.WeakSet[GroupCommit]" = weakref.WeakSet()
os.register_at_fork(after_in_child=lambda: [instance._reset() for instance in list(_instances)])
