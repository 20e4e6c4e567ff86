"""Set-up for bench/vote.py: verified voters made the way a verification ends (voter_for_identity),
and the request lines wrk sends, one per line: path, headers and body separated by tabs.

Run by bench/vote.py with the bench's environment after migrate and seed_demo:
    python bench/vote_setup.py VOTERS CODE_REQUESTS OUTPUT_DIR
Writes OUTPUT_DIR/vote.txt (one verified voter each: pass cookie, CSRF cookie and token, form stamp,
its own client address), OUTPUT_DIR/code.txt (one new address each for the request-a-code form)
OUTPUT_DIR/journey.txt (one new voter each for the whole journey, bench/vote_journey.py) and
OUTPUT_DIR/sms_journey.txt (the same by SMS: one new mobile number each).
"""

import os
import secrets
import string
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.vote_settings")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.utils import timezone  # noqa: E402

from bench.floor import FLOOR_TABLE_SQL  # noqa: E402
from demo.voting import SLUG  # noqa: E402
from voting import passes  # noqa: E402
from voting.enums import VerifierKind  # noqa: E402
from voting.identity import email_domain, email_hash, email_similarity_hash  # noqa: E402
from voting.models import Poll, Voter  # noqa: E402
from voting.selectors import finalists  # noqa: E402

ALPHABET = string.ascii_letters + string.digits


def _csrf() -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(32))


def _ip(n: int) -> str:
    return f"10.{(n >> 16) & 255}.{(n >> 8) & 255}.{n & 255}"


def make_voters(count: int) -> list[Voter]:
    now = timezone.now()
    voters = []
    for n in range(count):
        email = f"bench.voter{n}@example.org"
        voters.append(
            Voter(
                kind=VerifierKind.EMAIL,
                identity_hash=email_hash(email),
                similarity_hash=email_similarity_hash(email),
                email=email,
                domain=email_domain(email),
                language="th",
                consent_notice_version="bench",
                consented_at=now,
            )
        )
    return Voter.objects.bulk_create(voters, batch_size=2000)


def vote_lines(voters: list[Voter]) -> list[str]:
    poll = Poll.objects.get(cycle__slug=SLUG)
    ids = list(finalists(poll.cycle).values_list("pk", flat=True))
    stamp_time = timezone.now().timestamp() - 60
    lines = []
    for n, voter in enumerate(voters):
        token = _csrf()
        voter_pass = passes.issue_pass(voter.pk)
        cookie = f"csrftoken={token}; {passes.PASS_COOKIE}={voter_pass}"
        body = f"csrfmiddlewaretoken={token}&stamp={passes.form_stamp(voter_pass, stamp_time)}&website="
        path = f"/vote/{SLUG}/{ids[n % len(ids)]}/vote/"
        lines.append(f"{path}\t{cookie}\t{_ip(n)}\t{body}")
    return lines


def code_lines(count: int) -> list[str]:
    lines = []
    for n in range(count):
        token = _csrf()
        body = f"csrfmiddlewaretoken={token}&email=bench.code{n}%40bench{n % 4000}.example&consent=on"
        lines.append(f"/vote/{SLUG}/verify/\tcsrftoken={token}\t{_ip(n + 100_000)}\t{body}")
    return lines


def journey_lines(count: int) -> list[str]:
    """The voter's journey (bench/vote_journey.py): a new address, a CSRF token, a client address and
    the finalist, tab-separated. The form stamp is bound to the voter's pass, so the journey reads it
    from the finalist's page once verified, as a browser does."""
    poll = Poll.objects.get(cycle__slug=SLUG)
    ids = list(finalists(poll.cycle).values_list("pk", flat=True))
    return [
        f"bench.journey{n}@journey{n % 4000}.example\t{_csrf()}\t{_ip(n + 200_000)}\t{ids[n % len(ids)]}"
        for n in range(count)
    ]


def sms_journey_lines(count: int) -> list[str]:
    """The journey verified by SMS (bench/vote_journey.py's SmsJourneys): a new Thai mobile number
    (081 0000000 on), then as journey_lines; client addresses of their own range."""
    poll = Poll.objects.get(cycle__slug=SLUG)
    if not poll.accepts(VerifierKind.SMS):
        Poll.objects.filter(pk=poll.pk).update(proofs=[*poll.proofs, VerifierKind.SMS])
    ids = list(finalists(poll.cycle).values_list("pk", flat=True))
    return [f"081{n:07d}\t{_csrf()}\t{_ip(n + 300_000)}\t{ids[n % len(ids)]}" for n in range(count)]


def main() -> None:
    voters, codes, out = int(sys.argv[1]), int(sys.argv[2]), Path(sys.argv[3])
    with connection.cursor() as cursor:
        cursor.execute(FLOOR_TABLE_SQL)
    made = make_voters(voters)
    (out / "vote.txt").write_text("\n".join(vote_lines(made)) + "\n")
    (out / "code.txt").write_text("\n".join(code_lines(codes)) + "\n")
    (out / "journey.txt").write_text("\n".join(journey_lines(codes)) + "\n")
    (out / "sms_journey.txt").write_text("\n".join(sms_journey_lines(codes)) + "\n")
    print(f"{len(made)} voters, {codes} code requests prepared")


if __name__ == "__main__":
    main()
