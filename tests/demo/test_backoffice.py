import pytest
from django.urls import reverse

from accounts.models import User
from awards.models import Cycle
from backoffice.panels import dashboard

pytestmark = pytest.mark.django_db


def test_demo_province_viewer_reads_nakhon_ratchasima_with_the_demo_application(client, demo):
    viewer = User.objects.get(email="province@example.com")
    assert viewer.province_scope.province.code == "30"
    client.force_login(viewer)
    page = client.get(reverse("backoffice:local_governments"), follow=True)
    assert page.status_code == 200
    assert [a.organisation.name for a in page.context["report"].applications] == ["เทศบาลนครตัวอย่าง"]


def test_demo_dashboard_shows_the_judging_edition(demo):
    panels = {p.key: p for p in dashboard(Cycle.objects.get(slug="demo-judging"))}
    assert panels["rounds"].rows[0][1] == 8  # four applications, two judges each
    assert len(panels["judges"].rows) == 3
