"""Views of the applicant area: the dashboard and the application form. Thin: each calls one service
or selector; refusals come back as messages beside the form, with what was typed kept."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import path, reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from awards.selectors import open_cycles, public_cycles
from core.formats import local_date, local_time

from .. import selectors
from ..forms import answers as answer_forms
from ..forms.applications import FactsForm, PartnerFormSet, StartApplicationForm, new_editor
from ..models import FACT_FIELDS
from ..rules import can_edit_application, can_withdraw_application
from ..services import answers as answer_services
from ..services import applications as services
from ..services.answers import Problem
from ..services.attachments import COVER_MAX_BYTES, megabytes
from ..standing import applicant_standing


def _page(request, template, application, *, status=200, **context):
    return render(
        request,
        f"submissions/{template}",
        {
            "nav": "dashboard",
            "application": application,
            "deadline": selectors.effective_deadline(application),
            "editable": can_edit_application(request.user, application),
            "withdrawable": can_withdraw_application(request.user, application),
            **context,
        },
        status=status,
    )


@login_required
def dashboard(request):
    now = timezone.now()
    applications = selectors.with_progress(selectors.dashboard_applications(request.user))
    for application in applications:
        application.deadline = selectors.effective_deadline(application)
        application.days_left = selectors.days_left(application.deadline, now)
        application.standing = applicant_standing(application)
    return render(
        request,
        "submissions/dashboard.html",
        {
            "nav": "dashboard",
            "organisation": selectors.organisation_of(request.user),
            "applications": applications,
            "open_cycles": open_cycles(),
        },
    )


@login_required
def start(request, slug):
    cycle = get_object_or_404(public_cycles(), slug=slug)
    organisation = selectors.organisation_of(request.user)
    if organisation is None:
        messages.info(request, _("First tell us about your organisation; then start the application."))
        return redirect(f"{reverse('submissions:organisation')}?{urlencode({'next': request.get_full_path()})}")
    form = StartApplicationForm(request.POST or None, cycle=cycle, category_slug=request.GET.get("category", ""))
    if request.method == "POST" and form.is_valid():
        try:
            application = services.start_application(
                organisation=organisation, cycle=cycle, by=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return redirect("submissions:application", pk=application.pk)
    return render(request, "submissions/start.html", {"nav": "dashboard", "cycle": cycle, "form": form})


def _facts_conflict(request, application, form, conflict):
    """Both versions on one page, nothing lost: what this form holds stays in it, what was saved is
    listed above it, and the form now carries the saved version, so that Save keeps the combination."""
    when = local_time(conflict.saved_at)
    if conflict.by_you:
        message = _(
            "You saved these facts in another tab or window at %(time)s while you were editing here, so this "
            "tab's were not saved. Nothing is lost: this tab's values are in the form, the other tab's are listed "
            "above it. Keep what you want and save again."
        ) % {"time": when}
    else:
        message = _(
            "%(who)s saved these facts at %(time)s while you were editing, so yours were not saved. Nothing is "
            "lost: your values are in the form, theirs are listed above it. Keep what you want and save again."
        ) % {"who": conflict.saved_by or _("A colleague"), "time": when}
    form.add_error(None, message)
    form.data = form.data.copy()
    form.data["version"] = conflict.current_version
    if request.headers.get("HX-Request"):
        return render(request, "submissions/_facts_status.html", {"conflict": conflict}, status=409)
    saved = selectors.application_for(request.user, application.pk)
    their_facts = [(form.fields[name].label, _fact_display(saved, name)) for name in (*FACT_FIELDS, "publish_consent")]
    return _page(
        request, "facts.html", application, form=form, their_facts=their_facts, cover_limit=megabytes(COVER_MAX_BYTES)
    )


def _fact_display(application, name: str) -> str:
    value = getattr(application, name)
    if hasattr(application, f"get_{name}_display"):
        return getattr(application, f"get_{name}_display")()
    if value in (None, ""):
        return "—"
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if name == "category":
        return value.name
    return local_date(value) if hasattr(value, "year") else str(value)


@login_required
def overview(request, pk):
    return _overview(request, selectors.application_for(request.user, pk))


def _overview(request, application, *, refused=()):
    """The application's overview; ``refused``: why a submit was just refused (an error summary that
    takes the focus, each problem with an answer linked to its question)."""
    return _page(
        request,
        "overview.html",
        application,
        sections=selectors.sections_with_answers(application),
        problems=services.submission_problems(application),
        refused=refused,
        attachment_count=application.attachments.count(),
    )


@login_required
def facts(request, pk):
    application = selectors.application_for(request.user, pk)
    form = FactsForm(request.POST or None, instance=application)
    if request.method == "POST" and form.is_valid():
        data = {name: form.cleaned_data[name] for name in FACT_FIELDS}
        try:
            services.save_facts(
                application=application,
                by=request.user,
                expected_version=form.cleaned_data["version"],
                editor=form.cleaned_data["editor"],
                publish_consent=form.cleaned_data["publish_consent"],
                request=request,
                **data,
            )
        except services.EditConflict as conflict:
            return _facts_conflict(request, application, form, conflict)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            if request.headers.get("HX-Request"):
                return render(request, "submissions/_facts_status.html", {"saved": application, "oob": True})
            messages.success(request, _("Project facts saved."))
            return redirect("submissions:application", pk=application.pk)
    if request.method == "POST" and request.headers.get("HX-Request"):
        # An autosave that could not be saved yet (say, a date half typed): say so, change nothing.
        return render(request, "submissions/_facts_status.html", {"form": form})
    return _page(request, "facts.html", application, form=form, cover_limit=megabytes(COVER_MAX_BYTES))


@login_required
def section(request, pk, number):
    if request.method == "POST" and request.headers.get("HX-Request"):
        return _autosave(request, pk, number)
    application = selectors.application_for(request.user, pk)
    section = selectors.form_section(application, number)
    # Read once: the page's questions and the save's conditions come from the same read.
    saved = selectors.section_answers(application, section)
    asked = selectors.section_form(application, section, saved=saved)
    if request.method != "POST":
        # Come from a problem that stops the submission (?check=1): what stops it is said beside
        # each question of this section.
        errors = _problems_beside(application, section) if request.GET.get("check") else {}
        return section_page(request, application, section, answer_forms.controls(asked, errors=errors))
    raw, versions = answer_forms.posted_answers(request.POST, asked)
    result, general = _save_section(request, application, section, raw, versions, saved=saved)
    if result.ok and not general:
        messages.success(request, _("Section %(number)s saved.") % {"number": section.position})
        return redirect(_next_after(request, application, section))
    # Shown again with what was posted, each refusal and conflict beside its question; whether a
    # conditional question shows follows what was posted for the question it depends on.
    values = {**selectors.stored_values(application), **raw}
    controls = answer_forms.controls(
        selectors.section_form(application, section, values=values),
        posted=raw,
        versions=versions,
        errors=result.errors,
        conflicts=result.conflicts,
        saved=result.saved,
    )
    return section_page(request, application, section, controls, general=general)


def _autosave(request, pk, number):
    """An autosave answers with each posted question's status, not the page: the page's dates,
    standing and saved answers are not read (the save reads what the conditions need)."""
    application = selectors.application_to_edit(request.user, pk)
    section = selectors.form_section(application, number)
    asked = selectors.section_questions(application, section)
    raw, versions = answer_forms.posted_answers(request.POST, asked)
    result, general = _save_section(request, application, section, raw, versions)
    return _autosaved(request, asked, raw, result, general)


def _save_section(request, application, section, raw, versions, *, saved=None):
    """The save of what was posted, and the refusal of the whole save (a list of messages) if any."""
    try:
        result = answer_services.save_section(
            application=application,
            section=section,
            raw=raw,
            versions=versions,
            by=request.user,
            editor=request.POST.get("editor", "")[:32],
            saved=saved,
        )
    except ValidationError as error:
        return answer_services.SectionSave(), error.messages
    return result, []


def _problems_beside(application, section) -> dict[str, str]:
    problems = services.submission_problems(application)
    return {p.field.key: p.beside for p in problems if p.field is not None and p.field.section_id == section.pk}


def _autosaved(request, asked, raw, result, general):
    """An autosave's answer: for each question posted, its status, its version and its conflict, all
    swapped out of band (409 when one is in conflict)."""
    errors = dict(result.errors)
    for key in raw:
        if general:
            errors[key] = " ".join(general)
    posted = [item for item in asked if item.shown.field.key in raw]
    controls = answer_forms.controls(
        posted, posted=raw, versions={}, errors=errors, conflicts=result.conflicts, saved=result.saved
    )
    for control in controls:
        if control.key not in result.saved and control.key not in result.conflicts:
            control.version = int(request.POST.get(f"{control.key}{answer_forms.VERSION_SUFFIX}") or 0)
    status = 409 if result.conflicts else 200
    # Rendered without the request: the fragment shows no page around it, so the context processors
    # every page needs (the language links among them, which resolve the address again) are not run.
    return HttpResponse(render_to_string("submissions/_autosave.html", {"controls": controls}), status=status)


def section_page(request, application, section, controls, *, general=(), status=200):
    """The section's page with its questions (also shown by an upload refused beside its question)."""
    return _page(
        request,
        "section.html",
        application,
        section=section,
        section_url=reverse("submissions:section", args=[application.pk, section.position]),
        controls=controls,
        summary=answer_forms.SectionErrors(controls, general),
        sections=selectors.sections_with_answers(application),
        editor=request.POST.get("editor", "")[:32] or new_editor(),
        status=status,
    )


def _next_after(request, application, section):
    goto = request.POST.get("goto", "")
    if goto.isdigit() and application.cycle.sections.filter(position=int(goto)).exists():
        return reverse("submissions:section", args=[application.pk, int(goto)])
    if "save_next" in request.POST:
        following = application.cycle.sections.filter(position__gt=section.position).order_by("position").first()
        if following:
            return reverse("submissions:section", args=[application.pk, following.position])
    return reverse("submissions:application", args=[application.pk])


@login_required
def partners(request, pk):
    application = selectors.application_for(request.user, pk)
    initial = [{"name": p.name, "kind": p.kind, "province": p.province} for p in application.partners.all()]
    formset = PartnerFormSet(request.POST or None, initial=initial)
    if request.method == "POST" and formset.is_valid():
        rows = [f.cleaned_data for f in formset if f.cleaned_data and not f.cleaned_data.get("DELETE")]
        try:
            services.replace_partners(
                application=application,
                partners=[{k: row[k] for k in ("name", "kind", "province")} for row in rows],
                by=request.user,
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Partners saved."))
            return redirect("submissions:application", pk=application.pk)
    return _page(request, "partners.html", application, formset=formset)


@login_required
def preview(request, pk):
    application = selectors.application_for(request.user, pk)
    return _page(
        request,
        "preview.html",
        application,
        sections=selectors.sections_with_answers(application),
        partners=application.partners.select_related("province"),
        evidence=selectors.judges_evidence(application),
    )


@login_required
@require_POST
def submit(request, pk):
    application = selectors.application_for(request.user, pk)
    try:
        application = services.submit_application(application=application, by=request.user)
    except ValidationError as error:
        # The page comes back with the refusal in an error summary; a problem with an answer links
        # to its question.
        linked = {problem.message: problem for problem in services.submission_problems(application)}
        return _overview(request, application, refused=[linked.get(m, Problem(m)) for m in error.messages])
    messages.success(
        request,
        _("Your application was submitted. Its reference is %(reference)s; a confirmation is on its way by e-mail.")
        % {"reference": application.reference},
    )
    return redirect("submissions:application", pk=application.pk)


@login_required
@require_POST
def withdraw(request, pk):
    application = selectors.application_for(request.user, pk)
    try:
        services.withdraw_application(application=application, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Your application was withdrawn."))
    return redirect("submissions:application", pk=application.pk)


urlpatterns = [
    path("", dashboard, name="dashboard"),
    path("start/<slug:slug>/", start, name="start"),
    path("applications/<int:pk>/", overview, name="application"),
    path("applications/<int:pk>/facts/", facts, name="facts"),
    path("applications/<int:pk>/sections/<int:number>/", section, name="section"),
    path("applications/<int:pk>/partners/", partners, name="partners"),
    path("applications/<int:pk>/preview/", preview, name="preview"),
    path("applications/<int:pk>/submit/", submit, name="submit"),
    path("applications/<int:pk>/withdraw/", withdraw, name="withdraw"),
]
