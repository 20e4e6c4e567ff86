"""``check --deploy`` warns when SITE_URL, which certificates' QR codes and e-mail links print, is no
public address (core.W001)."""

import pytest
from django.core.checks import Tags, run_checks


def deploy_check_ids() -> list[str]:
    return [message.id for message in run_checks(include_deployment_checks=True, tags=[Tags.security])]


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:8000",
        "http://localhost:8000",
        "https://LOCALHOST",
        "http://awards.localhost",
        "http://[::1]:8000",
        "http://127.1.2.3",
        "http://0.0.0.0:8000",
        "",
        "awards.example.org",
    ],
)
def test_deploy_check_warns_when_site_url_is_no_public_address(settings, url):
    settings.SITE_URL = url
    assert "core.W001" in deploy_check_ids()


@pytest.mark.parametrize("url", ["https://awards.example.org", "https://203.0.113.10", "https://localhost.example.org"])
def test_deploy_check_is_quiet_with_a_public_site_url(settings, url):
    settings.SITE_URL = url
    assert "core.W001" not in deploy_check_ids()
