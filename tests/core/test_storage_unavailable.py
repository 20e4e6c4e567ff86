"""A stored file that cannot be read because the storage fails gets a 503 page that says so, not
the generic 500 page. The fault is a real one of the local disk storage: its folder has become a
plain file, so every open raises NotADirectoryError (an OSError, as a failing disk or mount does)."""

import pytest
from django.core.files.base import ContentFile

from submissions.enums import MemberRole
from tests.factories import AttachmentFactory, FinalistFactory, MembershipFactory, PollFactory, UserFactory
from tests.i18n import thai

pytestmark = pytest.mark.django_db

PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 32


@pytest.fixture
def storage(settings, tmp_path):
    """Files are stored in this test's folder; ``break_`` makes the storage fail from then on."""

    def use(location):
        settings.STORAGES = {
            **settings.STORAGES,
            "default": {"BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": location}},
        }

    def break_():
        broken = tmp_path / "unmounted"
        broken.write_bytes(b"")
        use(broken)

    use(tmp_path / "media")
    return break_


def assert_storage_page(response):
    assert response.status_code == 503
    assert response["Retry-After"] == "60"
    assert thai("The file cannot be opened right now") in response.content.decode()


def test_a_finalists_cover_while_the_storage_fails(client, storage, caplog):
    poll = PollFactory()
    finalist = FinalistFactory(cycle=poll.cycle, publish_consent=True)
    finalist.cover_image.save("c.png", ContentFile(PNG), save=True)
    url = f"/vote/{poll.cycle.slug}/{finalist.pk}/cover/"
    assert client.get(url).status_code == 200

    storage()

    assert_storage_page(client.get(url))
    assert [r.levelname for r in caplog.records if r.name == "core.storage"] == ["WARNING"]


def test_an_applicants_attachment_while_the_storage_fails(client, storage):
    applicant = UserFactory()
    membership = MembershipFactory(user=applicant, role=MemberRole.OWNER)
    attachment = AttachmentFactory(application__organisation=membership.organisation)
    client.force_login(applicant)
    url = f"/my/applications/{attachment.application_id}/attachments/{attachment.pk}/"
    assert client.get(url).status_code == 200

    storage()

    assert_storage_page(client.get(url))


def test_a_file_missing_for_its_row_is_not_called_an_outage(client, storage):
    """A row without its file is a fault of ours to investigate (500 and its traceback)."""
    poll = PollFactory()
    finalist = FinalistFactory(cycle=poll.cycle, publish_consent=True)
    finalist.cover_image.save("c.png", ContentFile(PNG), save=True)
    finalist.cover_image.storage.delete(finalist.cover_image.name)

    with pytest.raises(FileNotFoundError):
        client.get(f"/vote/{poll.cycle.slug}/{finalist.pk}/cover/")
