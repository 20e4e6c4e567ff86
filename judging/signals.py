"""What judging tells the apps above it, which it may not import (documents issues its letters from
these). Sent inside the transaction of the event, after its e-mails are queued: a receiver may still
add attachments to them (core.emails.add_attachment) before they are handed to the workers."""

from django.dispatch import Signal

# application, advanced (shortlisted or not), emails (the e-mails that tell the organisation)
shortlist_decided = Signal()
# slot, update (a change of a presentation already sent), emails (the finalist's e-mails)
presentation_sent = Signal()
# decision (a winner recorded by finalise_prize)
prize_finalised = Signal()
