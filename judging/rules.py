"""Permission predicates of judging's results: the committee chair and staff read leaderboards,
finalise decisions and see results before they are announced."""

from accounts.rules import is_chair, is_staff_member

can_see_rankings = is_chair | is_staff_member
can_finalise = is_chair | is_staff_member
