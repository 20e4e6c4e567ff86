"""When the search words are cut: at once on every save of an entered application or of its
organisation (requests, tasks), and once per application at the end of ``indexing_deferred`` (the
seeding, which saves each application many times)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from showcase.models import Solution
from showcase.receivers import indexing_deferred
from tests.factories import ApplicationFactory, FinalistFactory

pytestmark = pytest.mark.django_db

FLOOD, DUST, MARKET = "ระบบเตือนภัยน้ำท่วมชุมชน", "เครือข่ายตรวจวัดฝุ่นละออง", "ตลาดสดออนไลน์"


def words(application) -> str:
    return Solution.objects.get(application=application).words


def solution_writes(queries) -> list[str]:
    return [q["sql"] for q in queries if "showcase_solution" in q["sql"] and not q["sql"].startswith("SELECT")]


def test_a_save_outside_the_block_cuts_the_words_at_once():
    # Arrange
    finalist = FinalistFactory(title_th=FLOOD)
    first = words(finalist)

    # Act
    finalist.title_th = DUST
    finalist.save()
    finalist.organisation.name = MARKET
    finalist.organisation.save()

    # Assert
    assert " น้ำท่วม " in first
    assert " ตรวจวัด " in words(finalist) and " น้ำท่วม " not in words(finalist)
    assert " ตลาดสด " in words(finalist)


def test_within_the_block_saves_write_no_words_and_each_application_is_cut_once_at_the_end():
    # Arrange
    finalist, other = FinalistFactory(title_th=FLOOD), FinalistFactory(title_th=FLOOD)
    draft = ApplicationFactory(status="draft", title_th=FLOOD)
    Solution.objects.all().delete()

    # Act: the finalist saved three times, the other's organisation renamed, a draft saved.
    with CaptureQueriesContext(connection) as inside, indexing_deferred():
        for title in (DUST, FLOOD, DUST):
            finalist.title_th = title
            finalist.save()
        other.organisation.name = MARKET
        other.organisation.save()
        draft.save()
        during = Solution.objects.count()
    ending = solution_writes(inside.captured_queries)

    # Assert: nothing written while in the block; then one write per entered application, with the
    # words as they are at the end; never a draft.
    assert during == 0
    assert sorted(Solution.objects.values_list("application_id", flat=True)) == sorted([finalist.pk, other.pk])
    assert " ตรวจวัด " in words(finalist) and " น้ำท่วม " not in words(finalist)
    assert " ตลาดสด " in words(other)
    assert len(ending) == 2, ending


def test_a_block_that_raises_cuts_nothing_and_saves_after_it_cut_at_once_again():
    # Arrange
    finalist = FinalistFactory(title_th=FLOOD)

    # Act
    with pytest.raises(RuntimeError), indexing_deferred():
        finalist.title_th = DUST
        finalist.save()
        raise RuntimeError("the seeding failed")
    stale = words(finalist)
    finalist.title_th = MARKET
    finalist.save()

    # Assert
    assert " น้ำท่วม " in stale and " ตรวจวัด " not in stale
    assert " ตลาดสด " in words(finalist)
