"""Rows of the documents app: downloads for staff, and for a judge their own score sheet (404 for
everyone else); a judge's list of their score sheets; an organisation's official letters (its
members and staff); the public verification of certificates."""

from . import Row, everyone, expect

SIGNED_IN = {
    "applicant": 200,
    "other_applicant": 200,
    "judge": 200,
    "conflicted_judge": 200,
    "chair": 200,
    "staff": 200,
    "province_viewer": 200,
}

ROWS = [
    Row("documents:mine", get=expect(404, **SIGNED_IN), post=expect(405, anonymous=405)),
    Row(
        "documents:download",
        kwargs=lambda w: {"pk": w.score_sheet.pk},
        get=expect(404, judge=200, staff=200),
        post=expect(405, anonymous=405),
    ),
    Row(
        "documents:download",
        variant="committee book",
        kwargs=lambda w: {"pk": w.committee_book.pk},
        get=expect(404, staff=200),
        post=expect(405, anonymous=405),
    ),
    # Official letters: the applicant's organisation (the applicant) and staff; 404 for everyone else.
    Row("documents:letters", get=expect(404, **SIGNED_IN), post=expect(405, anonymous=405)),
    Row(
        "documents:letter_download",
        kwargs=lambda w: {"pk": w.letter.pk},
        get=expect(404, applicant=200, staff=200),
        post=expect(405, anonymous=405),
    ),
    Row(
        "documents:verify",
        kwargs=lambda w: {"code": w.certificate.code},
        get=everyone(200),
        post=everyone(405),
    ),
    Row(
        "documents:verify",
        variant="forged code",
        kwargs=lambda w: {"code": "A" * 22},
        get=everyone(404),
        post=everyone(405),
    ),
    # The organiser's emblem heads every page: public when the edition's certificates have one.
    Row("documents:emblem", kwargs=lambda w: {"slug": w.judged_cycle.slug}, get=everyone(200), post=everyone(405)),
    Row(
        "documents:emblem",
        variant="no emblem",
        kwargs=lambda w: {"slug": w.open_cycle.slug},
        get=everyone(404),
        post=everyone(405),
    ),
]
