"""Django admin, checked as one family: every pattern under /admin/ (the ModelAdmins' own and the
custom views our admins add) gets a generated row, so a new model or admin view is covered without
a line here.

The generic rule: nobody but staff gets in (visitors are sent to admin's log-in page, every other
persona signed in gets 403, GET or POST, and nothing is written); staff get 200 on every page
(change, history and delete pages open on a real object of the world: the first of the model) except
what the role's permissions refuse them (403, GET and POST, listed below). Staff's POSTs are made to
admin's own and custom views (a POST without valid data never answers 500); to Django's generic
model pages only where they must be refused.

What a new admin URL may need here:
- a custom admin view with arguments (``<int:pk>``): add how to fill them to ``KWARGS``;
- a page whose answers differ from the rule (a log-in page, a POST-only action): add its name to
  ``OVERRIDES`` with the expectations it really has.
"""

import re

from django.contrib import admin
from django.contrib.contenttypes.models import ContentType

from awards.models import Field

from . import ADMIN_LOGIN, REDIRECT, SKIP, AnyOf, LoginRedirect, Redirect, Row, expect
from .resolver import is_admin, walk
from .world import World

# How to fill the arguments of custom admin views (the generic ones are guessed from their model).
KWARGS = {
    "admin:submissions_application_extend": lambda w: {"pk": w.draft.pk},
    "admin:submissions_attachment_download": lambda w: {"pk": w.draft_attachment.pk},
    "admin:auth_user_password_change": lambda w: {"id": w.users["applicant"].pk},
    "admin:view_on_site": lambda w: {
        "content_type_id": ContentType.objects.get_for_model(w.organisation).pk,
        "object_id": w.organisation.pk,
    },
    "admin:app_list": lambda w: {"app_label": "submissions"},
    "admin:documents_letter_zip": lambda w: {"cycle_pk": w.judged_cycle.pk},
    "admin:core_outboundemail_attachment": lambda w: {"pk": w.email.pk, "index": 0},
    # Replacing a question of the form (awards.admin_form): the world's first question.
    "admin:awards_field_replace": lambda w: {"object_id": Field.objects.order_by("pk").first().pk},
}

# Visitors are sent to admin's log-in (which hands them to the site's, so that 2FA applies); anybody
# signed in without admin access gets 403 on every admin page, admin's log-in included
# (accounts.middleware).
REFUSED = expect(403, anonymous=ADMIN_LOGIN, staff=200)
SITE_LOGIN = LoginRedirect("account_login")
# Staff's POST without valid data: a form with errors (200), a redirect, a refusal; never a 500.
STAFF_POST = AnyOf(200, 302, 403, 405)

# What staff may not do in admin (403, GET and POST), by design (accounts.services.ensure_role_groups
# and the ModelAdmins' has_*_permission):
STAFF_FORBIDDEN_APPS = {"auth", "account", "axes"}  # groups, allauth's addresses, axes: superusers only
STAFF_FORBIDDEN_APPS |= {"mfa"}  # people's authenticators: superusers only (accounts.adapter, sec.md)
STAFF_READ_ONLY_APPS = {"accounts"}  # people, consents, the audit log: staff look, never add or delete
NO_ADD = {
    "core_outboundemail",
    "submissions_province",
    "submissions_application",
    "judging_score",
    "judging_presentationslot",  # made by the schedule's generator only
}
NO_ADD |= {"judging_decision"}  # decisions are made on the leaderboard (audited), never in admin
NO_ADD |= {"judging_scorecard"}  # scorecards are written by the scoring services only (judging/admin.py)
NO_DELETE = {"submissions_province", "awards_deadlineextension", "judging_decision"}
NO_DELETE |= {"judging_scorecard", "judging_score"}  # scores change only through the scoring services
# The ledger of votes and its voids are written by the vote and the fraud review only; answers and
# attachments by applicants; reminders by their sweep; documents by the generating actions.
NO_ADD |= {"voting_vote", "voting_votevoid", "submissions_answer", "submissions_attachment", "reminders_reminder"}
NO_DELETE |= {"voting_vote", "voting_votevoid", "reminders_reminder"}
# The showcase's solutions exist once their application is entered; staff curate (feature, hide, order).
NO_ADD |= {"showcase_solution"}
NO_DELETE |= {"showcase_solution"}
# documents: batches and documents come from the generating actions; the generating lists (proxies of
# other apps' data) are read-only.
GENERATING = {"applicationfordocuments", "assignmentforscoresheets", "panelforcommitteebooks", "cycleforcertificates"}
NO_ADD |= {"documents_documentbatch", "documents_document"} | {f"documents_{name}" for name in GENERATING}
NO_DELETE |= {f"documents_{name}" for name in GENERATING}
# Official letters are issued by their events and re-issued by an action; their numbers are a register.
NO_ADD |= {"documents_letter"}
NO_DELETE |= {"documents_letter"}
# Feedback to applicants: comments are released on the chair's screen, PDFs made by the sweep and
# the worker; staff read both and render PDFs again with an action (judging/admin_feedback.py).
NO_ADD |= {"judging_feedbackdocument", "judging_releasedcomment"}
NO_DELETE |= {"judging_feedbackdocument", "judging_releasedcomment"}
# Model pages that must open on a particular object (the admin's list shows only some rows).
OBJECTS = {
    # Applications entered into a cycle (not drafts).
    "documents.applicationfordocuments": lambda w: w.submitted,
}

OVERRIDES = {
    # Admin's own log-in form takes no second factor, so it hands everyone on to the site's log-in
    # (with ?next=); people signed in without admin access get 403.
    "admin:login": {
        "get": expect(403, anonymous=SITE_LOGIN, staff=SITE_LOGIN),
        "post": expect(403, anonymous=SITE_LOGIN, staff=SITE_LOGIN),
    },
    # Visitors are sent from admin's log-out to its index (then its log-in); Django's LogoutView takes
    # POST only (staff's log-out is audited).
    "admin:logout": {
        "get": expect(403, anonymous=Redirect("admin:index"), staff=405),
        "post": expect(403, anonymous=Redirect("admin:index"), staff=STAFF_POST),
    },
    # Without its query (which model's field), the autocomplete refuses.
    "admin:autocomplete": {"get": {**REFUSED, "staff": 403}},
    # No model of ours has a public page to "view on site".
    "admin:view_on_site": {"get": {**REFUSED, "staff": 404}, "post": {**REFUSED, "staff": 404}},
    # Staff's password is changed on their own account pages, not someone else's in admin.
    "admin:auth_user_password_change": {"get": {**REFUSED, "staff": 403}, "post": {**REFUSED, "staff": 403}},
    # The ZIP of a cycle's letters is a download (GET); a POST is refused.
    "admin:documents_letter_zip": {"get": REFUSED, "post": {**REFUSED, "staff": 405}},
    # The test e-mail is sent by a POST from the outbox's list.
    "admin:core_outboundemail_send_test": {"get": {**REFUSED, "staff": 405}},
    # The catch-all answers 404 to staff for an unknown page.
    "admin:admin/(?P<url>.*)$": {"get": {**REFUSED, "staff": 404}, "post": {**REFUSED, "staff": 404}},
}

_MODEL_VIEW = re.compile(r"^admin:(?P<model>\w+?)_(?P<view>changelist|add|change|delete|history|simple_history)$")
_UNNAMED_OBJECT = re.compile(r"^admin/(?P<app>\w+)/(?P<model>\w+)/<path:object_id>/$")


def _staff_refused(model, view: str) -> bool:
    label = f"{model._meta.app_label}_{model._meta.model_name}"
    if model._meta.app_label in STAFF_FORBIDDEN_APPS:
        return True
    if view == "add":
        return model._meta.app_label in STAFF_READ_ONLY_APPS or label in NO_ADD
    if view == "delete":
        return model._meta.app_label in STAFF_READ_ONLY_APPS or label in NO_DELETE
    return False


def _models() -> dict[str, type]:
    return {f"{model._meta.app_label}_{model._meta.model_name}": model for model in admin.site._registry}


def _first(model, world: World):
    if model._meta.label_lower in OBJECTS:
        return OBJECTS[model._meta.label_lower](world)
    if model not in world.first_objects:
        obj = model._default_manager.order_by("pk").first()
        if obj is None:
            raise AssertionError(
                f"the authorisation world has no {model._meta.label}; create one in tests/authz/world.py "
                "so that admin's pages for it open on something real"
            )
        world.first_objects[model] = obj
    return world.first_objects[model]


def _row_for(pattern, models: dict[str, type]) -> Row:
    key = pattern.key
    override = OVERRIDES.get(key, {})
    get = override.get("get", REFUSED)
    post = override.get("post", {**REFUSED, "staff": STAFF_POST})
    # Staff's POSTs without valid data may save something (an empty optional field), or nothing.
    common = {"name": key, "writers": ("staff",), "must_write": False}
    if key in KWARGS:
        return Row(get=get, post=post, kwargs=KWARGS[key], **common)
    if (match := _MODEL_VIEW.match(key)) and match["model"] in models:
        model, view = models[match["model"]], match["view"]
        # Staff's POSTs to Django's own model pages are Django's business (and slow): only refusals
        # are requested.
        get, post = get, {**post, "staff": SKIP}
        if _staff_refused(model, view):
            get, post = {**get, "staff": 403}, {**post, "staff": 403}
        if view == "simple_history":
            return Row(get=get, post=post, args=_history_args(model), **common)
        if view in ("changelist", "add"):
            return Row(get=get, post=post, **common)
        return Row(get=get, post=post, kwargs=_object_kwargs(model), **common)
    if match := _UNNAMED_OBJECT.match(pattern.route):
        # The old-style address of an object redirects to its change page.
        model = models[f"{match['app']}_{match['model']}"]
        get, post = {**get, "staff": REDIRECT}, {**post, "staff": SKIP}
        return Row(get=get, post=post, path=_object_path(model, pattern.route), **common)
    if key == "admin:admin/(?P<url>.*)$":
        return Row(get=get, post=post, path=lambda w: "/admin/no-such-page/", **common)
    if "<" in pattern.route or "(" in pattern.route:
        raise AssertionError(
            f"{key} ({pattern.route}) takes arguments: say how to fill them in KWARGS in tests/authz/admin.py"
        )
    return Row(get=get, post=post, **common)


def _object_kwargs(model):
    return lambda w: {"object_id": _first(model, w).pk}


def _history_args(model):
    def args(w):
        obj = _first(model, w)
        return [obj.pk, obj.history.order_by("pk").first().history_id]

    return args


def _object_path(model, route):
    return lambda w: "/" + route.replace("<path:object_id>", str(_first(model, w).pk))


def rows(explicit: list[Row]) -> list[Row]:
    """One generated row per admin pattern that has no explicit row in an app's module."""
    named = {row.name for row in explicit}
    models = _models()
    return [_row_for(p, models) for p in walk("th") if is_admin(p.key) and p.key not in named]
