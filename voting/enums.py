from django.db import models
from django.utils.translation import gettext_lazy as _


class VotePeriod(models.TextChoices):
    """How often a verified voter may vote: once in the whole vote, or once a day (Thailand time)."""

    CYCLE = "cycle", _("Once for the whole vote")
    DAY = "day", _("Once a day")


class VerifierKind(models.TextChoices):
    """How a voter proved who they are: a code sent by e-mail or SMS, or a sign-in at LINE or ThaiD
    (OpenID Connect, through django-allauth). Staff choose per poll which of these it accepts."""

    EMAIL = "email", _("E-mail code")
    SMS = "sms", _("SMS code")
    LINE = "line", _("LINE Login")
    THAID = "thaid", _("ThaiD")


class VoidReason(models.TextChoices):
    SHARED_IP = "shared_ip", _("Many votes from one address range")
    BURST = "burst", _("Scripted burst")
    DISPOSABLE = "disposable", _("Disposable e-mail address")
    NEAR_DUPLICATE = "near_duplicate", _("Near-identical e-mail addresses")
    OTHER = "other", _("Other")
