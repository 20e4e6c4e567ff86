"""Staff's bulk writes on applications from admin: shortlist and notify, each recorded in the audit log."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.audit import record_event
from accounts.models import User

from .. import emails
from ..enums import ApplicationStatus
from ..models import Application


@transaction.atomic
def shortlist_application(*, application: Application, by: User, request=None) -> Application:
    """Mark a submitted application as shortlisted (a finalist); the change is kept in its history
    and in the audit log. Shortlisting an application twice changes nothing."""
    application = Application.objects.select_for_update().get(pk=application.pk)
    if application.status == ApplicationStatus.SHORTLISTED:
        return application
    if application.status != ApplicationStatus.SUBMITTED:
        raise ValidationError(
            _("Only a submitted application can be shortlisted; this one is %(status)s.")
            % {"status": application.get_status_display()}
        )
    application.status = ApplicationStatus.SHORTLISTED
    application._change_reason = f"shortlisted by {by}"
    application.save(update_fields=["status", "updated_at"])
    record_event(actor=by, action="application.shortlist", target=application, request=request)
    return application


@transaction.atomic
def notify_applications(*, applications, subject: str, message: str, by: User, request=None) -> int:
    """E-mail a message staff wrote to the members of each application's organisation (after commit,
    through the outbox). Returns how many e-mails were queued."""
    subject, message = subject.strip(), message.strip()
    if not subject or not message:
        raise ValidationError(_("Write both a subject and a message."))
    sent = 0
    for application in applications:
        count = emails.send_staff_message(application=application, subject=subject, message=message)
        record_event(
            actor=by,
            action="application.notify",
            target=application,
            detail={"subject": subject, "emails": count},
            request=request,
        )
        sent += count
    return sent
