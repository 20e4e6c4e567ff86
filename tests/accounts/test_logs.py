"""Log output: one line per request (method, path, status, duration, user id), JSON in production."""

import json
import logging

import pytest

from accounts.logs import JSONFormatter
from tests.test_settings import GOOD_KEY, PRODUCTION, manage

pytestmark = pytest.mark.django_db


def request_records(caplog):
    return [r for r in caplog.records if r.name == "awards.requests"]


def test_one_line_per_request_with_its_fields(client, caplog):
    caplog.set_level(logging.INFO, logger="awards.requests")

    client.get("/privacy/")
    client.get("/no-such-page/")

    first, second = request_records(caplog)
    assert (first.method, first.path, first.status, first.user_id) == ("GET", "/privacy/", 200, None)
    assert (second.path, second.status) == ("/no-such-page/", 404)
    assert first.duration_ms >= 0
    assert first.getMessage().startswith("GET /privacy/ 200 ")


def test_request_line_names_the_user_by_id_never_by_address(applicant, login_as, caplog):
    client = login_as(applicant)
    caplog.set_level(logging.INFO, logger="awards.requests")

    client.get("/privacy/")

    (record,) = request_records(caplog)
    assert record.user_id == applicant.pk
    assert applicant.email not in JSONFormatter().format(record)


def test_json_formatter_writes_one_object_per_line_with_the_extra_fields():
    record = logging.makeLogRecord(
        {"name": "awards.requests", "levelname": "INFO", "msg": "GET %s 200", "args": ("/ทดสอบ/",), "status": 200}
    )

    line = JSONFormatter().format(record)

    assert "\n" not in line
    entry = json.loads(line)
    assert (entry["logger"], entry["level"], entry["message"], entry["status"]) == (
        "awards.requests",
        "INFO",
        "GET /ทดสอบ/ 200",
        200,
    )


def test_production_logs_json_lines():
    code = "import logging; logging.getLogger('awards.requests').info('GET / 200', extra={'status': 200, 'path': '/'})"

    result = manage("shell", "-c", code, **PRODUCTION, SECRET_KEY=GOOD_KEY)

    entry = json.loads(result.stderr.strip().splitlines()[-1])
    assert result.returncode == 0
    assert (entry["logger"], entry["message"], entry["status"], entry["path"]) == (
        "awards.requests",
        "GET / 200",
        200,
        "/",
    )
