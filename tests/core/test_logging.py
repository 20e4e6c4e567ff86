"""A refused request logs one line (the request log), with no traceback; server errors keep theirs,
and every record goes out once, through the root logger."""

import logging

import pytest

from core.logfilters import ServerErrorsOnly

pytestmark = pytest.mark.django_db


def _lines_about(caplog, path: str) -> list[tuple[str, str, bool]]:
    return [
        (record.name, record.levelname, bool(record.exc_info))
        for record in caplog.records
        if path in record.getMessage()
    ]


def test_forbidden_request_logs_one_line_without_traceback(login_as, outsider, caplog):
    response = login_as(outsider).get("/admin/")

    assert response.status_code == 403
    assert _lines_about(caplog, "/admin/") == [("awards.requests", "INFO", False)]


def test_page_not_found_logs_one_line(client, caplog):
    response = client.get("/no-such-edition/")

    assert response.status_code == 404
    assert _lines_about(caplog, "/no-such-edition/") == [("awards.requests", "INFO", False)]


def test_server_errors_keep_their_record():
    server_error = logging.makeLogRecord({"status_code": 500})
    refused = logging.makeLogRecord({"status_code": 403})
    other = logging.makeLogRecord({})

    assert [ServerErrorsOnly().filter(record) for record in (server_error, refused, other)] == [True, False, True]


def test_djangos_records_go_out_once_through_the_root():
    assert logging.getLogger("django").handlers == []
    assert logging.getLogger("django").propagate is True
