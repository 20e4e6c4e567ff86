"""The group commit on its own: threads, a write function that records what it was given, and the
answers each thread gets back. No database: voting's use of it is tested in test_concurrency.py."""

import threading

import pytest

from voting.groupcommit import BatchInterrupted, GroupCommit
from voting.services.votes import group_commit_delay


class Recorder:
    """A write function: answers each item doubled and keeps every batch it was given. ``hold``
    makes the first batch wait until released, so that other threads queue behind it."""

    def __init__(self, *, hold=False, refuse=()):
        self.batches, self.refuse = [], set(refuse)
        self.started, self.release = threading.Event(), threading.Event()
        if not hold:
            self.release.set()

    def __call__(self, items):
        self.batches.append(list(items))
        self.started.set()
        self.release.wait(timeout=10)
        if self.refuse & set(items):
            raise ValueError(f"refused {sorted(self.refuse & set(items))}")
        return [item * 2 for item in items]


def _submit_all(group, items):
    """Submit each item from its own thread; return {item: result or exception}."""
    answers, threads = {}, []

    def submit(item):
        try:
            answers[item] = group.submit(item)
        except Exception as error:  # kept and asserted by the test
            answers[item] = error

    for item in items:
        threads.append(threading.Thread(target=submit, args=(item,)))
        threads[-1].start()
    return answers, threads


def _wait_queued(group, n):
    for _attempt in range(1000):
        with group._lock:
            if len(group._queue) >= n:
                return
        threading.Event().wait(0.005)
    raise AssertionError(f"{n} items never queued")


def test_one_item_alone_is_written_in_a_batch_of_its_own():
    write = Recorder()
    group = GroupCommit(write)

    assert group.submit(21) == 42
    assert write.batches == [[21]]
    assert (group.batches, group.items) == (1, 1)


def test_items_that_arrive_while_a_batch_is_written_share_the_next_one():
    write = Recorder(hold=True)
    group = GroupCommit(write)
    first, first_threads = _submit_all(group, [1])
    assert write.started.wait(timeout=5)

    rest, threads = _submit_all(group, [2, 3, 4, 5])
    _wait_queued(group, 4)
    write.release.set()
    for thread in first_threads + threads:
        thread.join(timeout=10)

    assert first == {1: 2}
    assert rest == {2: 4, 3: 6, 4: 8, 5: 10}
    assert write.batches[0] == [1]
    assert sorted(write.batches[1]) == [2, 3, 4, 5]
    assert len(write.batches) == 2


def test_a_batch_never_holds_more_than_max_batch_items_and_every_item_is_answered():
    write = Recorder(hold=True)
    group = GroupCommit(write, max_batch=3)
    first, first_threads = _submit_all(group, [100])
    assert write.started.wait(timeout=5)

    rest, threads = _submit_all(group, list(range(7)))
    _wait_queued(group, 7)
    write.release.set()
    for thread in first_threads + threads:
        thread.join(timeout=10)

    assert {**first, **rest} == {item: item * 2 for item in [100, *range(7)]}
    assert [len(batch) for batch in write.batches] == [1, 3, 3, 1]
    assert not any(thread.is_alive() for thread in threads)


def test_a_refused_item_fails_alone_and_the_others_of_its_batch_are_written():
    write = Recorder(hold=True, refuse={3})
    group = GroupCommit(write)
    first, first_threads = _submit_all(group, [1])
    assert write.started.wait(timeout=5)

    rest, threads = _submit_all(group, [2, 3, 4])
    _wait_queued(group, 3)
    write.release.set()
    for thread in first_threads + threads:
        thread.join(timeout=10)

    assert first == {1: 2}
    assert (rest[2], rest[4]) == (4, 8)
    assert isinstance(rest[3], ValueError)
    assert str(rest[3]) == "refused [3]"
    # The shared batch failed, then each of its items was written alone.
    assert sorted(write.batches[1]) == [2, 3, 4]
    assert sorted(map(tuple, write.batches[2:])) == [(2,), (3,), (4,)]


def test_the_error_of_a_batch_of_one_reaches_its_caller():
    group = GroupCommit(Recorder(refuse={7}))

    with pytest.raises(ValueError, match=r"refused \[7\]"):
        group.submit(7)
    assert group.submit(8) == 16  # the next caller leads a new batch


def test_a_leader_stopped_mid_write_leaves_no_thread_waiting_and_no_item_called_written():
    class Stop(BaseException):
        pass

    def write(items):
        if 1 in items:
            raise Stop
        return [item * 2 for item in items]

    group = GroupCommit(write)
    with pytest.raises(Stop):
        group.submit(1)
    assert group.submit(2) == 4


def test_the_interruption_is_the_outcome_of_followers_in_a_stopped_batch():
    class Stop(BaseException):
        pass

    write = Recorder(hold=True)
    calls = []

    def stopping(items):
        calls.append(list(items))
        if len(calls) == 2:
            raise Stop  # the second batch's leader is stopped while writing
        return write(items)

    group = GroupCommit(stopping)
    first, first_threads = _submit_all(group, [1])
    assert write.started.wait(timeout=5)
    answers, threads = {}, []

    def submit(item):
        try:
            answers[item] = group.submit(item)
        except BaseException as error:  # Stop for the leader, BatchInterrupted for the others
            answers[item] = error

    for item in (2, 3, 4):
        threads.append(threading.Thread(target=submit, args=(item,)))
        threads[-1].start()
    _wait_queued(group, 3)
    write.release.set()
    for thread in first_threads + threads:
        thread.join(timeout=10)

    assert first == {1: 2}
    kinds = sorted(type(answers[item]).__name__ for item in (2, 3, 4))
    assert kinds == ["BatchInterrupted", "BatchInterrupted", "Stop"]
    assert all(isinstance(answers[item], (BatchInterrupted, Stop)) for item in (2, 3, 4))


def _burst(group, write):
    """Write [10] alone while [11, 12] queue behind it and share the next batch: a burst is on."""
    write.started.clear()
    write.release.clear()
    first, first_threads = _submit_all(group, [10])
    assert write.started.wait(timeout=5)
    rest, threads = _submit_all(group, [11, 12])
    _wait_queued(group, 2)
    write.release.set()
    for thread in first_threads + threads:
        thread.join(timeout=10)
    assert {**first, **rest} == {10: 20, 11: 22, 12: 24}


def test_the_leader_waits_for_company_only_while_a_burst_is_on(monkeypatch):
    slept = []
    monkeypatch.setattr("voting.groupcommit.time.sleep", slept.append)
    write = Recorder()
    group = GroupCommit(write, delay=lambda: 0.002)

    assert group.submit(1) == 2  # alone, and no burst before it: no wait
    assert slept == []

    _burst(group, write)

    # The batch after a lone one did not wait; the one after the shared batch [11, 12] will.
    assert slept == []
    assert group.submit(13) == 26
    assert slept == [0.002]


def test_the_votes_delay_is_read_from_the_settings_when_a_leader_waits(settings, monkeypatch):
    slept = []
    monkeypatch.setattr("voting.groupcommit.time.sleep", slept.append)
    write = Recorder()
    group = GroupCommit(write, delay=group_commit_delay)

    settings.VOTE_GROUP_COMMIT_DELAY_MS = 0
    _burst(group, write)
    assert group.submit(13) == 26  # after a burst, but the wait is turned off
    settings.VOTE_GROUP_COMMIT_DELAY_MS = 7
    _burst(group, write)
    assert group.submit(14) == 28

    assert slept == [0.007]
