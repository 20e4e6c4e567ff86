"""render_sample_documents without the data it needs says what is missing and what to run (with
the demo it renders every kind: tests/demo/test_sample_documents.py)."""

import io

import pytest
from django.core.management import CommandError, call_command


@pytest.mark.django_db
def test_without_data_it_names_what_is_missing_and_what_to_run(tmp_path):
    with pytest.raises(CommandError, match="seed_demo") as refusal:
        call_command("render_sample_documents", out=tmp_path, kind=["receipt"], stdout=io.StringIO())
    assert "receipt-th: no submitted application" in str(refusal.value)
    assert list(tmp_path.iterdir()) == []
