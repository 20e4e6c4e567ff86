"""Private files on S3-compatible object storage, configured only through the environment.

A real S3 API server (``rclone serve s3``, which checks signatures) runs on a loopback port; Django
starts in a fresh process with ``STORAGE=s3``, exactly as production reads its settings."""

import json
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from django.conf import settings

ACCESS_KEY, SECRET_KEY, BUCKET = "awards-test", "awards-test-secret-key", "awards"

SCRIPT = """
import json
import signal
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from core.health import check_storage
name = default_storage.save("attachments/plan.txt", ContentFile("แผนงาน".encode()))
print(json.dumps({
    "name": name,
    "read": default_storage.open(name).read().decode(),
    "url": default_storage.url(name),
    "health": check_storage(),
    "timeouts": [
        default_storage.connection.meta.client.meta.config.connect_timeout,
        default_storage.connection.meta.client.meta.config.read_timeout,
        default_storage.connection.meta.client.meta.config.retries,
    ],
}))
"""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def s3_server(tmp_path):
    (tmp_path / BUCKET).mkdir()
    port = free_port()
    rclone = Path(sys.executable).parent / "rclone"
    process = subprocess.Popen(
        [
            rclone,
            "serve",
            "s3",
            "--addr",
            f"127.0.0.1:{port}",
            "--auth-key",
            f"{ACCESS_KEY},{SECRET_KEY}",
            str(tmp_path),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    for _ in range(100):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            break
        except OSError:
            time.sleep(0.1)
    yield {"endpoint": f"http://127.0.0.1:{port}", "folder": tmp_path / BUCKET, "process": process}
    # A test may have frozen the server (SIGSTOP): it must run again to end.
    process.send_signal(signal.SIGCONT)
    process.terminate()
    process.wait(timeout=10)


def run_with_s3(server) -> dict:
    env = {
        "PATH": "/usr/bin:/bin",
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "STORAGE": "s3",
        "AWS_STORAGE_BUCKET_NAME": BUCKET,
        "AWS_S3_ENDPOINT_URL": server["endpoint"],
        "AWS_S3_REGION_NAME": "us-east-1",
        "AWS_S3_ADDRESSING_STYLE": "path",
        "AWS_ACCESS_KEY_ID": ACCESS_KEY,
        "AWS_SECRET_ACCESS_KEY": SECRET_KEY,
        "VAR_DIR": str(server["folder"].parent / "var"),
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", SCRIPT],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_s3_storage_saves_privately_and_signs_links(s3_server):
    outcome = run_with_s3(s3_server)

    assert outcome["read"] == "แผนงาน"
    assert outcome["health"] is None
    assert (s3_server["folder"] / "attachments" / "plan.txt").read_text() == "แผนงาน"
    assert "X-Amz-Signature=" in outcome["url"]
    # A frozen store costs a request two tries of 2 s to connect and 4 s to answer, not minutes.
    assert outcome["timeouts"] == [2, 3, {"mode": "standard", "total_max_attempts": 2}]
    with urllib.request.urlopen(outcome["url"], timeout=5) as response:
        assert response.read().decode() == "แผนงาน"


def test_s3_storage_refuses_unsigned_or_tampered_links(s3_server):
    outcome = run_with_s3(s3_server)
    unsigned = outcome["url"].split("?")[0]
    tampered = outcome["url"].replace("plan.txt", "plan.txt.bak").replace("attachments/", "attachments/x/")

    # rclone answers a request without any signature 400, one with a wrong signature 403.
    for url, status in ((unsigned, 400), (tampered, 403)):
        with pytest.raises(urllib.error.HTTPError) as error:
            urllib.request.urlopen(url, timeout=5)
        assert error.value.code == status, url
