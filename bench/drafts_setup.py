"""Set-up for bench/drafts.py: N applicants, each in their own organisation with a verified address
and a draft application in the live demo edition, made through the project's own services.

Run by bench/drafts.py with the bench's environment (DATABASE_URL etc.) after migrate and seed_demo:
    python bench/drafts_setup.py COUNT PASSWORD OUTPUT.json
Writes [{"email", "application", "sections": [[position, key, max_chars], …]}] to OUTPUT.json: each
section of the live form with one long answer (demo/forms.py: answer_1 … answer_12), the question's
key and its length limit.
"""

import json
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from allauth.account.models import EmailAddress  # noqa: E402
from django.contrib.auth.hashers import make_password  # noqa: E402
from django.db import transaction  # noqa: E402

from accounts.enums import Role  # noqa: E402
from accounts.services import create_user, grant_role  # noqa: E402
from awards.enums import FieldKind  # noqa: E402
from awards.models import Cycle, Field  # noqa: E402
from submissions.enums import OrganisationKind  # noqa: E402
from submissions.models import Province  # noqa: E402
from submissions.services.applications import start_application  # noqa: E402
from submissions.services.organisations import create_organisation  # noqa: E402

KINDS = [
    OrganisationKind.CITY_MUNICIPALITY,
    OrganisationKind.TOWN_MUNICIPALITY,
    OrganisationKind.SUBDISTRICT_MUNICIPALITY,
    OrganisationKind.PAO,
    OrganisationKind.COMPANY,
]


def choices(live: Cycle) -> tuple[list, list]:
    """What applicants are spread over: ``live``'s categories in order, and the provinces by code."""
    return list(live.categories.order_by("position")), list(Province.objects.order_by("code"))


def make_applicant(live: Cycle, n: int, email: str, password_hash: str, spread: tuple[list, list]):
    """Applicant ``n``: a verified user with ``email`` (its password already hashed), the owner of an
    organisation of their own with a draft in ``live``, in the ``n``-th of ``spread`` (``choices``);
    returns the draft."""
    categories, provinces = spread
    with transaction.atomic():
        user = create_user(email=email, password=None, full_name=f"ผู้สมัครทดสอบ {n}")
        user.password = password_hash
        user.save(update_fields=["password"])
        EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
        grant_role(user=user, role=Role.APPLICANT)
        organisation = create_organisation(
            user=user,
            name=f"เทศบาลทดสอบที่ {n}",
            kind=KINDS[n % len(KINDS)],
            province=provinces[n % len(provinces)],
            address=f"{n} ถนนทดสอบ ตำบลในเมือง อำเภอเมือง",
            contact_name=f"ผู้ประสานงาน {n}",
            contact_phone="02 000 0000",
        )
        return start_application(
            organisation=organisation,
            cycle=live,
            category=categories[n % len(categories)],
            title_th=f"โครงการเมืองอัจฉริยะทดสอบที่ {n}",
            by=user,
        )


def long_answers(live: Cycle) -> list:
    """Each section of ``live`` with one long answer (``answer_1`` … ``answer_12``): [position, key,
    length limit]."""
    return list(
        Field.objects.filter(cycle=live, kind=FieldKind.LONG_TEXT, key__startswith="answer_")
        .order_by("section__position")
        .values_list("section__position", "key", "max_chars")
    )


def main(count: int, password: str, output: Path) -> None:
    live = Cycle.objects.get(slug="demo")
    sections = long_answers(live)
    # One hash for everyone: 200 PBKDF2 runs (0.6 s each here) would only slow the set-up down.
    shared_hash = make_password(password)
    spread = choices(live)
    rows = []
    for n in range(1, count + 1):
        email = f"bench{n:04d}@example.com"
        application = make_applicant(live, n, email, shared_hash, spread)
        rows.append({"email": email, "application": application.pk, "sections": sections})
    output.write_text(json.dumps(rows))


if __name__ == "__main__":
    main(int(sys.argv[1]), sys.argv[2], Path(sys.argv[3]))
