from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    """The roles of the platform. Each is a Django group of the same name (created by a migration)."""

    APPLICANT = "applicant", _("Applicant")
    JUDGE = "judge", _("Judge")
    CHAIR = "chair", _("Committee chair")
    STAFF = "staff", _("Staff")
    PROVINCE_VIEWER = "province_viewer", _("Province viewer")


class Language(models.TextChoices):
    THAI = "th", _("Thai")
    ENGLISH = "en", _("English")


class ConsentPurpose(models.TextChoices):
    """What a person agreed to (Thailand's PDPA asks for a separate, explicit consent per purpose)."""

    ACCOUNT = "account", _("Processing my personal data to run my account and applications")
