"""The public Popular Vote (gallery, finalist pages, verification, the vote, results) and the staff
fraud review. Views are thin: services decide, selectors read."""

from dataclasses import replace
from datetime import datetime

import requests
from allauth.socialaccount.adapter import get_adapter as get_social_adapter
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.http import urlencode
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from accounts.identity import allow_forms_to_providers
from accounts.security import client_ip
from core.pagecache import everyones_copy, public_page, with_personal_part
from core.storage import serves_files
from submissions.published import card_text, published_answers
from submissions.views.consent import published_cover

from . import botcheck, escalation, ledger, passes, ratelimit, receipts, review
from .domains import LARGE_PROVIDERS
from .enums import VerifierKind, VoidReason
from .forms import CodeForm, CodeRequestForm, PhoneCodeRequestForm, ProviderConsentForm, VoidForm
from .identity import email_domain
from .models import Challenge, Poll, Vote
from .oidc import PROVIDER_NAMES, PROVIDER_PROOFS, redirect_to_provider
from .proofs import offered_choices, providers_for
from .rules import can_review_votes
from .selectors import (
    POLL_VERSION_KEY,
    TALLY_SECONDS,
    FinalistCard,
    declared_standings,
    finalist_card,
    finalists,
    integrity_report,
    poll_for_slug,
    poll_snapshot,
    public_counts,
    vote_of,
)
from .services.codes import CodeRefused, confirm_code, request_code
from .services.review import void_votes
from .services.sms_codes import request_sms_code
from .services.votes import VoteRequest, submit_vote


def _counts_visible(poll: Poll) -> bool:
    return poll.show_counts or poll.declared_at is not None


def _finalist_or_404(poll: Poll, pk: int):
    return get_object_or_404(finalists(poll.cycle), pk=pk)


# Anonymous visitors without a voter's pass share one cached copy (core/pagecache.py); an open or
# close of the poll (its version) renews it at once, counts within PAGE + TALLY seconds.
_public_vote_page = public_page(
    edition="cycle_slug", versions=(POLL_VERSION_KEY,), personal_cookies=(passes.PASS_COOKIE,)
)


@require_safe
@_public_vote_page
def gallery(request, cycle_slug):
    poll = poll_for_slug(cycle_slug)
    voter = passes.voter_id_from(request)
    voted_for = vote_of(poll=poll, voter_id=voter)
    if voter is not None:
        mine = {"poll": poll, "voted_for": voted_for}
        everyones = lambda: _gallery_page(request, poll, None, None)  # noqa: E731
        page = _voters_copy(request, poll, voter, everyones, "voting/_voted_for.html", mine)
        if page is not None:
            return page
    return _gallery_page(request, poll, voter, voted_for)


def _gallery_page(request, poll, voter, voted_for):
    counts = public_counts(poll.cycle) if _counts_visible(poll) else None
    shown = list(finalists(poll.cycle))
    answers = published_answers(shown)
    cards = [(app, counts.get(app.pk, 0) if counts is not None else None, card_text(answers[app.pk])) for app in shown]
    context = {
        "poll": poll,
        "cards": cards,
        "voter": voter,
        "voted_for": voted_for,
        "tally_seconds": TALLY_SECONDS,
        # From SITE_URL and the path alone: the copy a crowd is served carries no visitor's query.
        "page_url": settings.SITE_URL + request.path,
    }
    return _personal(render(request, "voting/gallery.html", context), voter)


def _personal(response, voter):
    """A page that names the voter's vote is theirs alone: no shared cache may keep it."""
    patch_vary_headers(response, ["Cookie"])
    if voter is not None:
        patch_cache_control(response, private=True, no_cache=True)
    return response


@require_safe
@_public_vote_page
def finalist(request, cycle_slug, pk):
    snapshot = poll_snapshot(cycle_slug)
    poll, card = snapshot.poll, finalist_card(snapshot, pk)
    voter = _accepted_voter(request, poll)
    box = _vote_box(request, poll, card.application, voter)
    # With the challenge shown, its scripts go at the page's foot too: the whole page is rendered.
    if voter is not None and not box.get("check"):
        everyones = lambda: _finalist_page(request, poll, card, _vote_box(request, poll, card.application, None))  # noqa: E731
        page = _voters_copy(request, poll, voter, everyones, "voting/_vote_box.html", box)
        if page is not None:
            return page
    return _finalist_page(request, poll, card, box)


def _finalist_page(request, poll, card: FinalistCard, box: dict, *, status: int = 200):
    """The whole finalist page, around its personal region ``box`` (``_vote_box``)."""
    application = card.application
    counts = public_counts(poll.cycle) if _counts_visible(poll) else None
    share_url = request.build_absolute_uri(reverse("voting_short", args=[short_code(application.pk)]))
    context = {
        "count": counts.get(application.pk, 0) if counts is not None else None,
        "answers": card.answers,
        "summary": card.summary,
        "tally_seconds": TALLY_SECONDS,
        "share_url": share_url,
        "share_links": share_links(share_url),
        "page_url": request.build_absolute_uri(),
    } | box
    return _personal(render(request, "voting/finalist.html", context, status=status), box["voter"])


def _vote_box(request, poll, application, voter, error: str = "") -> dict:
    """What the page's personal region (voting/_vote_box.html) shows: the voter's vote, the poll's
    window, a refusal and the vote form (or the way to verify)."""
    context = {
        "poll": poll,
        "application": application,
        "voter": voter,
        "voted_for": vote_of(poll=poll, voter_id=voter),
        "stamp": passes.stamp_for(request) if voter is not None else "",
        "error": error,
    }
    if voter is not None and poll.is_open():
        context |= escalation.vote_page_checks(request, poll)
    return context


def _voters_copy(request, poll, voter: int, everyones_page, template: str, context: dict):
    """A verified voter's page made from everyone's copy of it (core/pagecache.py: ``everyones_page()``
    renders it as an anonymous visitor gets it), with its personal region rendered for them alone
    from ``template`` and ``context``: the crowd that has just verified reads the same pages as
    everyone else, and only their vote form and their vote are theirs. None when the whole page must
    be rendered (a session, the cache down)."""
    everyones = everyones_copy(request, everyones_page, edition=poll.cycle.slug, versions=(POLL_VERSION_KEY,))
    if everyones is None:
        return None
    page = with_personal_part(everyones, render_to_string(template, context, request))
    return _personal(page, voter) if page is not None else None


def _accepted_voter(request, poll: Poll) -> int | None:
    """The voter's id when their pass is of a proof this poll accepts (else they verify again)."""
    found = passes.pass_from(request)
    return found[0] if found and poll.accepts(found[1]) else None


def share_links(url: str) -> dict[str, str]:
    """Plain links to LINE's and Facebook's share pages: nothing is loaded from either site, and
    nothing is sent to them until the visitor clicks."""
    return {
        "line": f"https://social-plugins.line.me/lineit/share?{urlencode({'url': url})}",
        "facebook": f"https://www.facebook.com/sharer/sharer.php?{urlencode({'u': url})}",
    }


def short_code(pk: int) -> str:
    digits, out = "0123456789abcdefghijklmnopqrstuvwxyz", ""
    while True:
        pk, rest = divmod(pk, 36)
        out = digits[rest] + out
        if not pk:
            return out


@require_safe
def short(request, code):
    """/v/<code> and /en/v/<code>: the short address of a finalist page, for sharing in LINE and
    Facebook posts. A link shared from the English pages carries /en/ and opens the English page,
    whatever the visitor's browser says; one without a prefix (shared from the Thai pages, or from
    before links carried their language) opens the page in the visitor's language (their language
    cookie, else their browser's)."""
    try:
        pk = int(code, 36)
    except ValueError:
        raise Http404 from None
    polls = Poll.objects.select_related("cycle").filter(cycle__is_published=True)
    for poll in polls.filter(cycle__applications__pk=pk):
        if finalists(poll.cycle).filter(pk=pk).exists():
            language = translation.get_language_from_path(request.path_info)
            with translation.override(language or translation.get_language_from_request(request)):
                return redirect(reverse("voting:finalist", args=[poll.cycle.slug, pk]))
    raise Http404


@require_safe
@serves_files
def cover(request, cycle_slug, pk):
    """A finalist's cover image, only when the applicant consented to publish it."""
    poll = poll_for_slug(cycle_slug)
    return published_cover(_finalist_or_404(poll, pk))


def _next_pk(request) -> str:
    value = request.GET.get("next", "")
    return value if value.isdigit() else ""


def _chosen_proof(request, poll: Poll, choices) -> str:
    """The proof the voter chose (``?proof=``) among those offered, else the first offered (else the
    poll's first, when none of its proofs works here)."""
    offered = [kind for kind, _label in choices] or [poll.proofs[0]]
    wanted = request.GET.get("proof", "")
    return wanted if wanted in offered else offered[0]


@require_http_methods(["GET", "POST"])
def verify(request, cycle_slug):
    """Step 1: the voter chooses how to prove who they are (among the poll's proofs), reads the
    privacy notice of that proof and agrees; a code is sent (e-mail, SMS) or the provider's sign-in
    starts (LINE, ThaiD: voting/oidc.py)."""
    poll = poll_snapshot(cycle_slug).poll
    next_pk = _next_pk(request)
    providers = providers_for(request, poll.proofs)
    choices = offered_choices(request, poll, providers=providers)
    proof = _chosen_proof(request, poll, choices)
    form = PROOF_FORMS.get(proof, ProviderConsentForm)(request.POST if request.method == "POST" else None)
    counted = request.method == "POST" and proof in CODE_PROOFS
    check = escalation.check_for(client_ip(request), count=counted) if proof in CODE_PROOFS else escalation.Check.NONE
    if request.method == "POST" and choices and form.is_valid():
        if proof in PROVIDER_PROOFS:
            started = _start_provider(request, form, poll, proof, next_pk, providers)
            if started is not None:
                return started
        else:
            refusal = escalation.code_request_refusal(request, poll, proof, check)
            if refusal:
                form.add_error(None, refusal)
            challenge = None if refusal else _request_code(request, form, proof, poll)
            if challenge is not None:
                target = reverse("voting:code", args=[cycle_slug])
                response = redirect(f"{target}?next={next_pk}" if next_pk else target)
                passes.set_challenge(response, challenge.pk)
                return response
    context = {
        "poll": poll,
        "form": form,
        "next": next_pk,
        "proof": proof,
        "proof_label": PROVIDER_NAMES.get(proof, ""),
        "choices": choices,
        "none_available": not choices,
        "stand_in": _is_stand_in(request, proof),
        "check": check,
        **escalation.verify_page_checks(request, poll, proof, check),
    }
    response = render(request, "voting/verify.html", context, status=400 if form.errors else 200)
    if proof in providers:
        allow_forms_to_providers(request, response, [proof])
    return response


PROOF_FORMS = {VerifierKind.EMAIL: CodeRequestForm, VerifierKind.SMS: PhoneCodeRequestForm}


def _is_stand_in(request, proof: str) -> bool:
    return proof in PROVIDER_PROOFS and any(
        app.provider_id == proof and app.settings.get("stand_in")
        for app in get_social_adapter().list_apps(request, provider="openid_connect")
    )


def _start_provider(request, form, poll, proof, next_pk, providers):
    """allauth's redirect to LINE or ThaiD, or None with the reason added to the form."""
    if proof not in providers:
        form.add_error(None, _("This way to prove who you are is not available at the moment. Choose another."))
        return None
    try:
        return redirect_to_provider(request, poll=poll, proof=proof, next_pk=next_pk)
    except requests.RequestException:
        form.add_error(
            None,
            _("%(provider)s is not answering at the moment. Try again in a few minutes, or choose another way.")
            % {"provider": PROVIDER_NAMES[proof]},
        )
    return None


CODE_PROOFS = {VerifierKind.EMAIL, VerifierKind.SMS}


def _request_code(request, form, proof, poll):
    """The challenge of a code sent by e-mail or SMS, or None with the reason added to the form."""
    ip = client_ip(request)
    try:
        if proof == VerifierKind.SMS:
            return request_sms_code(
                phone=form.cleaned_data["phone"], language=get_language(), consent=form.cleaned_data["consent"], ip=ip
            )
        email = form.cleaned_data["email"]
        if not _code_request_allowed(request, email):
            form.add_error(None, _("Too many code requests from here. Please wait a minute and try again."))
            return None
        return request_code(
            email=email, language=get_language(), consent=form.cleaned_data["consent"], ip=ip, cycle=poll.cycle
        )
    except CodeRefused as refusal:
        form.add_error(None, str(refusal))
    return None


def _code_request_allowed(request, email: str) -> bool:
    domain = email_domain(email)
    domain_limit = (
        settings.VOTE_CODE_RATE_PER_LARGE_DOMAIN if domain in LARGE_PROVIDERS else settings.VOTE_CODE_RATE_PER_DOMAIN
    )
    return ratelimit.allow("code-ip", client_ip(request) or "-", settings.VOTE_CODE_RATE_PER_IP) and ratelimit.allow(
        "code-domain", domain, domain_limit
    )


VERIFIED_MESSAGES = {
    VerifierKind.EMAIL: _lazy("Your e-mail address is verified. You can vote now."),
    VerifierKind.SMS: _lazy("Your mobile number is verified. You can vote now."),
}


@require_http_methods(["GET", "POST"])
def code(request, cycle_slug):
    """Step 2: the code from the e-mail or the SMS; a correct one gives the voter's pass (a signed
    cookie naming the voter and the proof)."""
    poll = poll_snapshot(cycle_slug).poll
    challenge_id = passes.challenge_id_from(request)
    next_pk = _next_pk(request)
    if not challenge_id:
        return redirect("voting:verify", cycle_slug=cycle_slug)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            voter = confirm_code(challenge_id=challenge_id, code=form.cleaned_data["code"])
        except CodeRefused as refusal:
            form.add_error("code", str(refusal))
        else:
            messages.success(request, VERIFIED_MESSAGES[voter.kind])
            response = redirect(passes.after_verification(cycle_slug, next_pk))
            passes.forget_challenge(response)
            passes.set_pass(response, voter.pk, voter.kind)
            return response
    # Read only for the page itself: a right code goes on without it.
    sent_by = Challenge.objects.filter(pk=challenge_id).values_list("kind", flat=True).first() or VerifierKind.EMAIL
    status = 400 if form.errors else 200
    context = {"poll": poll, "form": form, "next": next_pk, "sent_by": sent_by}
    return render(request, "voting/code.html", context, status=status)


@require_POST
def cast(request, cycle_slug, pk):
    """The vote. Answers JSON (201, or 4xx with a message) to ``Accept: application/json``, else the
    thank-you page through a redirect, or the finalist page with the reason it was refused."""
    wants_json = "application/json" in request.META.get("HTTP_ACCEPT", "")
    voter_id, proof = passes.pass_from(request) or (None, "")
    refusal = _pre_vote_refusal(request, voter_id)
    # Every vote request is counted for its network's escalation, also one refused already; the
    # count, the poll and the vote are decided in one batch with the requests of the same moment.
    vote = VoteRequest(cycle_slug, pk, voter_id, proof, client_ip(request), refused=refusal is not None)
    decision = submit_vote(vote)
    if refusal is None and decision.check:
        refusal = escalation.vote_refusal(request, decision.snapshot.poll, proof, decision.check)
        if refusal is None:  # the challenge solved, or a strong proof: now it may be written
            decision = submit_vote(replace(vote, cleared=True))
    if refusal is None and decision.refusal is not None:
        refusal = (decision.refusal.code, str(decision.refusal))
    if refusal is None:
        if wants_json:
            return HttpResponse(COUNTED_JSON, content_type="application/json", status=201)
        return redirect("voting:thanks", cycle_slug=cycle_slug, pk=pk)
    return _refused(request, decision.snapshot, pk, refusal, wants_json)


COUNTED_JSON = b'{"status": "counted"}'
STATUS_OF_REFUSAL = {
    "not_verified": 403,
    "wrong_proof": 403,
    "already_voted": 409,
    "closed": 403,
    "not_finalist": 404,
    "bot": 400,
    "challenge": 403,
    "strong_proof": 403,
    "paused": 429,
}


def _pre_vote_refusal(request, voter_id) -> tuple[str, str] | None:
    if voter_id is None:
        return "not_verified", _("Verify who you are first: your verification has expired or is missing.")
    if request.POST.get("website") or not passes.stamp_is_human(request, request.POST.get("stamp", "")):
        return "bot", _("This form was sent too fast or is out of date. Reload the page and vote again.")
    return None


def _refused(request, snapshot, pk, refusal, wants_json):
    code_, message = refusal
    status = STATUS_OF_REFUSAL.get(code_, 429)
    if wants_json:
        return JsonResponse({"status": code_, "message": message}, status=status)
    poll, card = snapshot.poll, finalist_card(snapshot, pk)
    box = _vote_box(request, poll, card.application, _accepted_voter(request, poll), message)
    return _finalist_page(request, poll, card, box, status=status)


@require_safe
def challenge(request, cycle_slug):
    """A fresh proof-of-work challenge for the widget (voting/botcheck.py); never cached."""
    poll_snapshot(cycle_slug)
    response = JsonResponse(botcheck.new_challenge())
    patch_cache_control(response, no_store=True)
    return response


@require_safe
def thanks(request, cycle_slug, pk):
    poll = poll_for_slug(cycle_slug)
    application = _finalist_or_404(poll, pk)
    share_url = request.build_absolute_uri(reverse("voting_short", args=[short_code(application.pk)]))
    context = {
        "poll": poll,
        "application": application,
        "share_url": share_url,
        "share_links": share_links(share_url),
        "tally_seconds": TALLY_SECONDS,
        "receipt": _receipt(request, poll),
    }
    return _personal(render(request, "voting/thanks.html", context), passes.voter_id_from(request))


def _receipt(request, poll) -> str | None:
    """The receipt of this voter's latest vote in the poll (from their pass), or None."""
    voter_id = passes.voter_id_from(request)
    if voter_id is None:
        return None
    vote_pk = Vote.objects.filter(cycle=poll.cycle, voter_id=voter_id).order_by("-pk").values_list("pk", flat=True)
    latest = list(vote_pk[:1])
    return receipts.receipt_for(latest[0]) if latest else None


@require_safe
def results(request, cycle_slug):
    poll = poll_for_slug(cycle_slug)
    rows = declared_standings(poll) if poll.declared_at else None
    counts = None
    if _counts_visible(poll) and not rows:
        per_app = public_counts(poll.cycle)
        counts = [(app, per_app.get(app.pk, 0)) for app in finalists(poll.cycle)]
    reasons = dict(VoidReason.choices)
    voided = (poll.result or {}).get("integrity", {}).get("voided_by_reason", {})
    context = {
        "poll": poll,
        "rows": rows,
        "counts": counts,
        "voided_reasons": [(reasons.get(key, key), n) for key, n in voided.items()],
    }
    return render(request, "voting/results.html", context)


@require_http_methods(["GET", "POST"])
def fraud_review(request, cycle_slug):
    """Staff only (404 to anyone else): findings of the ledger, and voiding with a reason."""
    if not can_review_votes(request.user):
        raise Http404
    poll = poll_for_slug(cycle_slug)
    if request.method == "POST":
        return _void(request, poll)
    cycle = poll.cycle
    names = {app.pk: app for app in finalists(cycle)}
    context = {
        "poll": poll,
        "report": integrity_report(cycle),
        "timeline": [(row["hour"], names.get(row["application"]), row["n"]) for row in review.votes_over_time(cycle)],
        "sections": [
            (_("Bursts (votes in one minute)"), review.bursts(cycle), "burst"),
            (_("Shared address ranges"), review.shared_networks(cycle), "shared_ip"),
            (_("Disposable e-mail domains"), review.disposable_domains(cycle), "disposable"),
            (_("Near-identical e-mail addresses"), review.near_identical(cycle), "near_duplicate"),
        ],
        "form": VoidForm(),
    }
    return render(request, "voting/review.html", context)


def _void(request, poll):
    form = VoidForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a reason for voiding these votes."))
        return redirect("voting:review", cycle_slug=poll.cycle.slug)
    try:
        count = void_votes(
            poll=poll,
            vote_ids=form.vote_ids(),
            reason=form.cleaned_data["reason"],
            note=form.cleaned_data["note"],
            by=request.user,
            request=request,
        )
    except ValidationError as refusal:
        messages.error(request, " ".join(refusal.messages))
    else:
        messages.success(request, _("%(count)d votes voided.") % {"count": count})
    return redirect("voting:review", cycle_slug=poll.cycle.slug)


@require_http_methods(["GET", "POST"])
def integrity(request, cycle_slug):
    """The integrity report (after the close, or live where the poll shows its counts) and the receipt
    lookup (at any time): a receipt says
    whether its vote was counted or voided, and why; nothing else about any vote."""
    poll = poll_for_slug(cycle_slug)
    closed = timezone.now() >= poll.closes_at
    published = _ledger_published(poll)
    lookup = None
    if request.method == "POST":
        lookup = _receipt_lookup(poll, request.POST.get("receipt", ""))
    report = ledger.integrity(poll.cycle) if published else None
    proofs, reasons = dict(VerifierKind.choices), dict(VoidReason.choices)
    context = {
        "poll": poll,
        "closed": closed,
        "report": report,
        "voided_rows": [(reasons.get(k, k), n) for k, n in report.voided_by_reason.items()] if report else [],
        "proof_rows": [(proofs.get(k, k), n) for k, n in report.verified_by.items()] if report else [],
        "hour_rows": [(datetime.fromisoformat(hour), n) for hour, n in report.per_hour] if report else [],
        "lookup": lookup,
        "receipt": request.POST.get("receipt", "")[:40],
    }
    return render(request, "voting/integrity.html", context)


def _ledger_published(poll) -> bool:
    """After the close; before it, only where the poll shows its counts live anyway."""
    return poll.show_counts or timezone.now() >= poll.closes_at


def _receipt_lookup(poll, typed: str) -> dict:
    vote_pk = receipts.vote_pk_from(typed)
    found = ledger.receipt_status(poll.cycle, vote_pk) if vote_pk is not None else None
    if found is None:
        return {"status": "unknown"}
    status, reason = found
    return {"status": status, "reason": dict(VoidReason.choices).get(reason, reason)}


@require_safe
def ledger_download(request, cycle_slug):
    """The ledger the integrity report sums, as CSV, once published (404 before)."""
    poll = poll_for_slug(cycle_slug)
    if not _ledger_published(poll):
        raise Http404
    response = HttpResponse(ledger.ledger_csv(ledger.ledger(poll.cycle)), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="popular-vote-ledger-{poll.cycle.slug}.csv"'
    return response
