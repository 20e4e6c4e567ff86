"""render_sample_documents renders the feedback to applicants too: a judged application's PDF in
each language, with the comments the chair released and without the others."""

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from judging.feedback import releasable_comments
from judging.services.feedback import release_comments
from tests.judging.scored import scored_category
from tests.poppler import pdftotext, squashed

pytestmark = pytest.mark.django_db

TWO_JUDGES = {
    "A001": {"กรรมการ ก": [8, 6, 10], "กรรมการ ข": [7, 5, 9]},
    "A002": {"กรรมการ ก": [4, 4, 4], "กรรมการ ข": [5, 5, 5]},
}


@pytest.mark.poppler
def test_the_feedback_sample_is_a_judged_applications_pdf_in_both_languages(chair, tmp_path):
    round, category, applications, _judges = scored_category(TWO_JUDGES)
    released = next(
        item
        for item in releasable_comments(round, category)
        if item.application == applications["A002"] and item.text == "ความเห็น 5"
    )
    release_comments(round=round, category=category, keys={released.key}, by=chair)

    call_command("render_sample_documents", out=tmp_path, kind=["feedback"], stdout=io.StringIO())

    assert sorted(path.name for path in tmp_path.iterdir()) == ["feedback-en.pdf", "feedback-th.pdf"]
    thai = squashed(pdftotext((tmp_path / "feedback-th.pdf").read_bytes()))
    # The application with a released comment is the sample: its total, its one released comment.
    assert "13.50/30" in thai
    assert "ความเห็น5" in thai and "ความเห็น4" not in thai
    assert "13.50/30" in squashed(pdftotext((tmp_path / "feedback-en.pdf").read_bytes()))


def test_without_a_judged_application_the_feedback_sample_says_what_is_missing(tmp_path):
    with pytest.raises(CommandError, match="feedback-th: no judged application"):
        call_command("render_sample_documents", out=tmp_path, kind=["feedback"], stdout=io.StringIO())
