"""Rows of the Popular Vote (/vote/<cycle>/..., the short link /v/<code>): public pages for everyone,
logged in or not (voters prove an e-mail address, not an account); the fraud review for staff only
(404 for everyone else). Nobody in the matrix holds a voter's pass, so a vote is refused (403) for all;
a verified vote is tested in tests/voting/."""

import time

from voting import passes
from voting.enums import VoidReason
from voting.views import short_code

from . import REDIRECT, Redirect, Row, everyone, expect


def poll(w):
    return {"cycle_slug": w.judged_cycle.slug}


EVERYONE = (
    "anonymous",
    "applicant",
    "other_applicant",
    "judge",
    "conflicted_judge",
    "chair",
    "staff",
    "province_viewer",
)


def voter_pass(who: str):
    """The pass of the world's voter ``who`` (one per world: the form's stamp is bound to it)."""

    def cookie(w):
        issued = w.__dict__.setdefault("_vote_passes", {})
        if who not in issued:
            issued[who] = passes.issue_pass(getattr(w, who).pk)
        return issued[who]

    return cookie


def human_stamp(who: str | None = None):
    """The form's stamp as if the page had been rendered a minute ago (a person, not a bot) for the
    world's voter ``who`` (None: for nobody)."""
    return lambda w: {"stamp": passes.form_stamp(voter_pass(who)(w) if who else "", time.time() - 60)}


def finalist(w):
    return {"cycle_slug": w.judged_cycle.slug, "pk": w.finalist.pk}


# The short link is outside the language prefixes: it sends on to the finalist's page in the
# visitor's language (the test client asks for none: Thai), not to a log-in page.
SHORT = REDIRECT

ROWS = [
    # The public pages are read-only: a POST is refused (405) before anything else.
    Row("voting:gallery", kwargs=poll, get=everyone(200), post=everyone(405)),
    # The address and consent: a code is e-mailed (a write: the challenge and the outbox).
    Row(
        "voting:verify",
        kwargs=poll,
        get=everyone(200),
        post=everyone(Redirect("voting:code", kwargs=poll)),
        data=lambda w: {"email": "voter.new@example.org", "consent": "on"},
        writers=EVERYONE,
    ),
    # The proof-of-work challenge the widget fetches (stateless, never cached): anyone may ask.
    Row("voting:challenge", kwargs=poll, get=everyone(200), post=everyone(405)),
    # Without a code requested in this session: back to step 1.
    Row(
        "voting:code",
        kwargs=poll,
        get=everyone(Redirect("voting:verify", kwargs=poll)),
        post=everyone(Redirect("voting:verify", kwargs=poll)),
        data=lambda w: {"code": "123456"},
    ),
    Row("voting:results", kwargs=poll, get=everyone(200), post=everyone(405)),
    # The integrity report and the receipt lookup: public; a lookup writes nothing.
    Row(
        "voting:integrity",
        kwargs=poll,
        get=everyone(200),
        post=everyone(200),
        data=lambda w: {"receipt": "1-ABCDEFGHJK"},
    ),
    Row("voting:ledger", kwargs=poll, get=everyone(200), post=everyone(405)),
    Row(
        "voting:review",
        kwargs=poll,
        get=expect(404, anonymous=404, staff=200),
        post=expect(404, anonymous=404, staff=Redirect("voting:review", kwargs=poll)),
        data=lambda w: {"reason": VoidReason.values[0], "note": "ทดสอบ", "votes": str(w.vote.pk)},
        writers=("staff",),
    ),
    Row("voting:finalist", kwargs=finalist, get=everyone(200), post=everyone(405)),
    # An application that is not a finalist (the applicant's submitted one) has no page.
    Row(
        "voting:finalist",
        variant="not a finalist",
        kwargs=lambda w: {"cycle_slug": w.judged_cycle.slug, "pk": w.submitted.pk},
        get=everyone(404),
        post=everyone(405),
    ),
    # The cover image only with the applicant's consent to publish (the world's finalist gave it).
    Row("voting:cover", kwargs=finalist, get=everyone(200), post=everyone(405)),
    # The world's other finalist did not consent to publish its cover.
    Row(
        "voting:cover",
        variant="no consent",
        kwargs=lambda w: {"cycle_slug": w.judged_cycle.slug, "pk": w.other_finalist.pk},
        get=everyone(404),
        post=everyone(405),
    ),
    # Without a voter's pass (a verified e-mail address): refused.
    Row("voting:cast", kwargs=finalist, get=everyone(405), post=everyone(403), data=human_stamp()),
    # With the pass of a verified voter who has not voted yet: counted, whoever is logged in.
    Row(
        "voting:cast",
        variant="verified voter",
        kwargs=finalist,
        cookies=lambda w: {passes.PASS_COOKIE: voter_pass("new_voter")(w)},
        get=everyone(405),
        post=everyone(Redirect("voting:thanks", kwargs=finalist)),
        data=human_stamp("new_voter"),
        writers=EVERYONE,
    ),
    # The world's voter has voted already in this edition: refused (409). The vote's INSERT ... ON
    # CONFLICT DO NOTHING is attempted and changes nothing, hence writers with must_write=False.
    Row(
        "voting:cast",
        variant="voted already",
        kwargs=finalist,
        cookies=lambda w: {passes.PASS_COOKIE: voter_pass("voter")(w)},
        get=everyone(405),
        post=everyone(409),
        data=human_stamp("voter"),
        writers=EVERYONE,
        must_write=False,
    ),
    Row("voting:thanks", kwargs=finalist, get=everyone(200), post=everyone(405)),
    Row(
        "voting_short",
        kwargs=lambda w: {"code": short_code(w.finalist.pk)},
        get=everyone(SHORT),
        post=everyone(405),
    ),
    Row(
        "voting_short",
        variant="not a finalist",
        kwargs=lambda w: {"code": short_code(w.submitted.pk)},
        get=everyone(404),
        post=everyone(405),
    ),
]
