"""What every applicant's edit shares: the refusal of an edit that may not happen, and the conflict
of two forms (two tabs, two colleagues) saving the same thing."""

from dataclasses import dataclass
from datetime import datetime

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from accounts.models import User

from ..enums import ApplicationStatus
from ..models import Application
from ..rules import can_edit_application, is_application_member


@dataclass
class EditConflict(Exception):
    """Someone saved this text since the editor loaded it; both versions are handed back."""

    current_text: str
    current_version: int
    saved_by: str
    saved_at: datetime | None
    # The same person saved it from another tab or window: the page says "you, in another tab".
    by_you: bool = False


def refuse_unless_editable(application: Application, by: User) -> None:
    if application.status != ApplicationStatus.DRAFT:
        raise ValidationError(_("This application has been submitted and can no longer be changed."))
    if not is_application_member(by, application):
        raise ValidationError(_("Only members of the applying organisation can change this application."))
    if not can_edit_application(by, application):
        raise ValidationError(
            _("The deadline has passed: changes can no longer be saved. What you typed is still shown below.")
        )
