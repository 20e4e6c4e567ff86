"""Rows of the applicant area (/my/): the applicant owns ``w.organisation`` and its applications;
everyone else gets 404 on them (other organisations' data does not exist for them)."""

from django.core.files.uploadedfile import SimpleUploadedFile

from submissions.enums import MemberRole, OrganisationKind

from ..submissions.test_filetypes import image_bytes, minimal_pdf
from . import REDIRECT, Redirect, Row, expect

LOGGED_IN = ("applicant", "other_applicant", "judge", "conflicted_judge", "chair", "staff", "province_viewer")


def draft(w):
    return {"pk": w.draft.pk}


def draft_page(name):
    return Redirect(name, kwargs=draft)


def facts_data(w):
    return {
        "title_th": "ระบบแจ้งเหตุอัจฉริยะ (แก้ไข)",
        "category": w.open_category.pk,
        "version": w.draft.version,
        "editor": "matrix",
        "summary": "สรุป",
    }


def partners_data(w):
    return {
        "form-TOTAL_FORMS": "1",
        "form-INITIAL_FORMS": "0",
        "form-MIN_NUM_FORMS": "0",
        "form-MAX_NUM_FORMS": "30",
        "form-0-name": "บริษัท ใหม่ จำกัด",
        "form-0-kind": "company",
        "form-0-province": "",
    }


def profile_data(w):
    return {
        "name": "เทศบาลนครขอนแก่น",
        "name_en": "Khon Kaen City Municipality",
        "kind": OrganisationKind.CITY_MUNICIPALITY,
        "province": w.organisation.province_id,
        "address": "1 ถนนประชาสโมสร",
        "contact_name": "สมชาย ใจดี",
        "contact_phone": "043 221 234",
    }


ROWS = [
    # Every logged-in person has a dashboard and an organisation page of their own (empty, or the form
    # to set one up); these act on the requester's own organisation, so each may write their own.
    Row("submissions:dashboard", get=expect(200), post=expect(200)),
    Row(
        "submissions:organisation",
        get=expect(200),
        post=expect(REDIRECT),
        data=profile_data,
        writers=LOGGED_IN,
    ),
    # Starting an application needs an organisation (the new application's page follows).
    Row(
        "submissions:start",
        kwargs=lambda w: {"slug": w.open_cycle.slug},
        get=expect(Redirect("submissions:organisation"), applicant=200, other_applicant=200),
        post=expect(Redirect("submissions:organisation"), applicant=REDIRECT, other_applicant=REDIRECT),
        data=lambda w: {"category": w.open_category.pk, "title_th": "โครงการที่สอง"},
        writers=("applicant", "other_applicant"),
    ),
    # The applicant's draft: theirs alone.
    Row("submissions:application", kwargs=draft, get=expect(404, applicant=200), post=expect(404, applicant=200)),
    Row(
        "submissions:facts",
        kwargs=draft,
        get=expect(404, applicant=200),
        post=expect(404, applicant=draft_page("submissions:application")),
        data=facts_data,
        writers=("applicant",),
    ),
    Row(
        "submissions:section",
        kwargs=lambda w: {"pk": w.draft.pk, "number": w.section.position},
        get=expect(404, applicant=200),
        post=expect(404, applicant=draft_page("submissions:application")),
        data=lambda w: {"background": "คำตอบใหม่", "background__version": 1, "editor": "matrix"},
        writers=("applicant",),
    ),
    Row(
        "submissions:partners",
        kwargs=draft,
        get=expect(404, applicant=200),
        post=expect(404, applicant=draft_page("submissions:application")),
        data=partners_data,
        writers=("applicant",),
    ),
    Row("submissions:preview", kwargs=draft, get=expect(404, applicant=200), post=expect(404, applicant=200)),
    # POST-only actions: a GET is 405 for anyone logged in (it touches no object); the owner's POST
    # is refused by the rules of the competition (sections missing: the overview comes back with
    # them in its error summary; a draft cannot be withdrawn).
    Row(
        "submissions:submit",
        kwargs=draft,
        get=expect(405),
        post=expect(404, applicant=200),
    ),
    Row(
        "submissions:withdraw",
        kwargs=draft,
        get=expect(405),
        post=expect(404, applicant=draft_page("submissions:application")),
    ),
    # The consent to publish: a member gives or withdraws it at any time (the draft has none yet).
    Row(
        "submissions:publish_consent",
        kwargs=draft,
        get=expect(405),
        post=expect(404, applicant=draft_page("submissions:application")),
        data=lambda w: {"consent": "yes"},
        writers=("applicant",),
    ),
    # The consent to the showcase even if not shortlisted: the same members, the same way.
    Row(
        "submissions:showcase_consent",
        kwargs=draft,
        get=expect(405),
        post=expect(404, applicant=draft_page("submissions:application")),
        data=lambda w: {"consent": "yes"},
        writers=("applicant",),
    ),
    # Files: the cover picture, the list with its upload form, one file, its deletion.
    Row(
        "submissions:cover_image",
        kwargs=draft,
        get=expect(404, applicant=200),
        post=expect(404, applicant=draft_page("submissions:facts")),
        data=lambda w: {"cover_image": SimpleUploadedFile("ปกใหม่.png", image_bytes("PNG"))},
        writers=("applicant",),
    ),
    Row(
        "submissions:attachments",
        kwargs=draft,
        get=expect(404, applicant=200),
        post=expect(404, applicant=draft_page("submissions:attachments")),
        data=lambda w: {"file": SimpleUploadedFile("เพิ่มเติม.pdf", minimal_pdf())},
        writers=("applicant",),
    ),
    Row(
        "submissions:download_attachment",
        kwargs=lambda w: {"pk": w.draft.pk, "attachment_pk": w.draft_attachment.pk},
        get=expect(404, applicant=200),
        post=expect(404, applicant=405),
    ),
    Row(
        "submissions:download_attachment",
        variant="another application's file",
        kwargs=lambda w: {"pk": w.draft.pk, "attachment_pk": w.submitted_attachment.pk},
        get=expect(404),
        post=expect(404),
    ),
    Row(
        "submissions:delete_attachment",
        kwargs=lambda w: {"pk": w.draft.pk, "attachment_pk": w.draft_attachment.pk},
        get=expect(404, applicant=405),
        post=expect(404, applicant=draft_page("submissions:attachments")),
        writers=("applicant",),
    ),
    # The organisation's members: only its owner manages them.
    Row(
        "submissions:invite",
        get=expect(405),
        post=expect(
            404, applicant=Redirect("submissions:organisation"), other_applicant=Redirect("submissions:organisation")
        ),
        data=lambda w: {"email": "new.member@example.com", "role": MemberRole.EDITOR},
        writers=("applicant", "other_applicant"),
    ),
    Row(
        "submissions:remove_member",
        kwargs=lambda w: {"pk": w.colleague_membership.pk},
        get=expect(404, applicant=200),
        post=expect(404, applicant=Redirect("submissions:organisation")),
        writers=("applicant",),
    ),
    # Leaving: the applicants are their organisations' only owners (refused); the others belong to none.
    Row("submissions:leave", get=expect(405), post=expect(Redirect("submissions:organisation"))),
    # An invitation link, sent to the province viewer's address: anyone logged in may open it (the
    # page says why they cannot accept it); only the invited person joins.
    Row(
        "submissions:accept_invitation",
        kwargs=lambda w: {"token": w.invitation.token},
        get=expect(200),
        post=expect(200, province_viewer=Redirect("submissions:organisation")),
        writers=("province_viewer",),
    ),
]
