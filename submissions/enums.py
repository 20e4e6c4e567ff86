from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Region(models.TextChoices):
    NORTH = "north", _("North")
    NORTHEAST = "northeast", _("Northeast")
    CENTRAL = "central", _("Central")
    EAST = "east", _("East")
    WEST = "west", _("West")
    SOUTH = "south", _("South")


class OrganisationKind(models.TextChoices):
    """Who may apply (MISSION.md); a municipality's class is part of its kind, as officers say it."""

    PROVINCIAL_OFFICE = "provincial_office", _("Provincial office")
    PAO = "pao", _("Provincial administrative organisation (PAO)")
    CITY_MUNICIPALITY = "city_municipality", _("City municipality (เทศบาลนคร)")
    TOWN_MUNICIPALITY = "town_municipality", _("Town municipality (เทศบาลเมือง)")
    SUBDISTRICT_MUNICIPALITY = "subdistrict_municipality", _("Subdistrict municipality (เทศบาลตำบล)")
    SAO = "sao", _("Subdistrict administrative organisation (SAO)")
    # Bangkok and Pattaya are the two local governments of a special form (องค์กรปกครองส่วนท้องถิ่นรูปแบบพิเศษ),
    # each a type of its own: reports and the dashboard count them apart.
    BANGKOK = "bangkok", _("Bangkok Metropolitan Administration")
    PATTAYA = "pattaya", _("Pattaya City")
    COMPANY = "company", _("Private company")
    OTHER_JURISTIC = "other_juristic", _("Other juristic person")


# Local governments, which the Department of Local Administration follows (DLA report, issue 9).
LOCAL_GOVERNMENT_KINDS = frozenset(
    {
        OrganisationKind.PAO,
        OrganisationKind.CITY_MUNICIPALITY,
        OrganisationKind.TOWN_MUNICIPALITY,
        OrganisationKind.SUBDISTRICT_MUNICIPALITY,
        OrganisationKind.SAO,
        OrganisationKind.BANGKOK,
        OrganisationKind.PATTAYA,
    }
)


class MemberRole(models.TextChoices):
    OWNER = "owner", _("Owner")
    EDITOR = "editor", _("Editor")


class PartnerKind(models.TextChoices):
    GOVERNMENT = "government", _("Government agency")
    LOCAL_GOVERNMENT = "local_government", _("Local government")
    COMPANY = "company", _("Private company")
    ACADEMIC = "academic", _("University or research institute")
    COMMUNITY = "community", _("Community or civil society")
    OTHER = "other", _("Other")


class ApplicationStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    SHORTLISTED = "shortlisted", pgettext_lazy("application status", "Shortlisted")
    AWARDED = "awarded", _("Awarded")
    NOT_AWARDED = "not_awarded", _("Not awarded")


# Statuses that count as entered in the competition (judging reads these).
ENTERED_STATUSES = frozenset(
    {
        ApplicationStatus.SUBMITTED,
        ApplicationStatus.SHORTLISTED,
        ApplicationStatus.AWARDED,
        ApplicationStatus.NOT_AWARDED,
    }
)

# Statuses of applications that passed the first round (the finalists: presentations, final round,
# Popular Vote).
FINALIST_STATUSES = frozenset({ApplicationStatus.SHORTLISTED, ApplicationStatus.AWARDED, ApplicationStatus.NOT_AWARDED})
