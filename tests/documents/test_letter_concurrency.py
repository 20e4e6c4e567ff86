"""Letter numbers under concurrency: workers issuing letters of one cycle at the same moment, each
thread with its own PostgreSQL connection and transaction, take distinct consecutive numbers."""

import threading

import pytest
from django.db import connection, transaction

from documents.enums import LetterKind
from documents.letters import issue_letter
from documents.models import Letter, LetterSeries

from .conftest import make_application

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]
THREADS, PER_THREAD = 8, 5


@pytest.fixture
def tasks_queued():
    """The renderings the letters queue stay in the broker: this test is about their numbers."""
    from config.celery import app

    app.conf.task_always_eager = False


def test_concurrent_letters_take_distinct_consecutive_numbers(cycle, category, tasks_queued):
    applications = [make_application(cycle, category, number) for number in range(THREADS * PER_THREAD)]
    barrier, errors = threading.Barrier(THREADS), []

    def run(mine):
        try:
            barrier.wait(timeout=10)
            for application in mine:
                with transaction.atomic():
                    issue_letter(application=application, kind=LetterKind.RESULTS, language="th")
        except Exception as error:  # collected and asserted below
            errors.append(error)
        finally:
            connection.close()

    threads = [
        threading.Thread(target=run, args=(applications[i * PER_THREAD : (i + 1) * PER_THREAD],))
        for i in range(THREADS)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)

    assert errors == []
    numbers = sorted(Letter.objects.filter(cycle=cycle).values_list("number", flat=True))
    assert numbers == list(range(1, THREADS * PER_THREAD + 1))
    assert LetterSeries.objects.get(cycle=cycle).last_number == THREADS * PER_THREAD
