"""What submissions tells the apps above it, which it may not import (documents issues its letters
from these). Sent inside the transaction of the event, after its e-mails are queued: a receiver may
still add attachments to them (core.emails.add_attachment) before they are handed to the workers."""

from django.dispatch import Signal

# application, emails (the confirmation e-mails queued, one per member)
application_submitted = Signal()
