"""Rows of the back office's report for local governments (/reports/local-governments/...): staff read
every province; the province viewer only their own (Bangkok in the world), sent there from the list;
404 for everyone else. Downloads are audited (``audited``: the only write they may make).
The dashboard lives in admin (/admin/dashboard/)."""

from . import ADMIN_LOGIN, Redirect, Row, expect

BANGKOK = {"code": "10"}


def own(w):
    return BANGKOK


ROWS = [
    # The dashboard, in admin: staff only (other people signed in: 403, as everywhere under /admin/).
    Row(
        "backoffice_dashboard",
        get=expect(403, anonymous=ADMIN_LOGIN, staff=200),
        post=expect(403, anonymous=ADMIN_LOGIN, staff=200),
    ),
    Row(
        "backoffice:local_governments",
        get=expect(404, staff=200, province_viewer=Redirect("backoffice:local_governments_province", kwargs=own)),
        post=expect(404, staff=200, province_viewer=Redirect("backoffice:local_governments_province", kwargs=own)),
    ),
    Row(
        "backoffice:local_governments_export",
        kwargs=lambda w: {"fmt": "csv"},
        get=expect(404, staff=200, province_viewer=Redirect("backoffice:local_governments_province", kwargs=own)),
        post=expect(404, staff=200, province_viewer=Redirect("backoffice:local_governments_province", kwargs=own)),
        audited=True,
    ),
    Row(
        "backoffice:local_governments_province",
        kwargs=own,
        get=expect(404, staff=200, province_viewer=200),
        post=expect(404, staff=200, province_viewer=200),
    ),
    # Another province than the viewer's own.
    Row(
        "backoffice:local_governments_province",
        variant="another province",
        kwargs=lambda w: {"code": "50"},
        get=expect(404, staff=200),
        post=expect(404, staff=200),
    ),
    Row(
        "backoffice:local_governments_province_export",
        kwargs=lambda w: {**BANGKOK, "fmt": "csv"},
        get=expect(404, staff=200, province_viewer=200),
        post=expect(404, staff=200, province_viewer=200),
        audited=True,
    ),
]
