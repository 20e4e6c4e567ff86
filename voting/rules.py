"""Who may do what in the Popular Vote: the public votes; staff review the ledger and declare."""

import rules

from accounts.rules import is_staff_member

can_review_votes = is_staff_member

rules.add_perm("voting.review_votes", can_review_votes)
