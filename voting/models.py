"""The Popular Vote: a poll per cycle (its window and rules), verified voters, one-time codes, the
vote ledger (the source of truth for every count) and the voids staff record after review."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from awards.models import Cycle
from submissions.models import Application

from .enums import VerifierKind, VoidReason, VotePeriod


def default_period() -> str:
    return settings.VOTE_PERIOD


def default_proofs() -> list[str]:
    return [VerifierKind.EMAIL.value]


class Poll(models.Model):
    """The Popular Vote of one cycle: staff open and close it in admin; the ledger decides the winner."""

    cycle = models.OneToOneField(Cycle, on_delete=models.CASCADE, related_name="poll", verbose_name=_("cycle"))
    opens_at = models.DateTimeField(_("vote opens"))
    closes_at = models.DateTimeField(_("vote closes"))
    period = models.CharField(_("one vote per"), max_length=10, choices=VotePeriod.choices, default=default_period)
    show_counts = models.BooleanField(
        _("show counts during the vote"),
        default=False,
        help_text=_("When off, the public sees the counts only with the result."),
    )
    proofs = models.JSONField(
        _("how voters prove who they are"),
        default=default_proofs,
        help_text=_("At least one. A voter verified one way cannot vote with a proof this vote does not accept."),
    )
    same_proof_for_everyone = models.BooleanField(
        _("the same proof for everyone"),
        default=False,
        help_text=_(
            "When on, the vote accepts exactly one proof, so that nobody can vote a second time by "
            "proving who they are another way (an e-mail address and a telephone number, for example)."
        ),
    )
    retention_days = models.PositiveSmallIntegerField(
        _("days to keep voters' e-mail addresses and mobile numbers after the close"), default=30
    )
    # The result, once staff declare it (voting.services.results.declare_result).
    winner = models.ForeignKey(
        Application, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("winner")
    )
    result = models.JSONField(_("result and integrity report"), null=True, blank=True, editable=False)
    result_sha256 = models.CharField(_("SHA-256 of the result"), max_length=64, blank=True, editable=False)
    declared_at = models.DateTimeField(_("result declared"), null=True, blank=True, editable=False)
    emails_purged_at = models.DateTimeField(
        _("e-mail addresses and mobile numbers purged"), null=True, blank=True, editable=False
    )

    class Meta:
        verbose_name = _("Popular Vote")
        verbose_name_plural = _("Popular Votes")
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_at__gt=models.F("opens_at")), name="voting_poll_closes_after_opens"
            )
        ]

    def __str__(self):
        return str(self.cycle)

    def clean(self):
        if self.opens_at and self.closes_at and self.closes_at <= self.opens_at:
            raise ValidationError({"closes_at": _("The vote must close after it opens.")})
        known = set(VerifierKind.values)
        if not isinstance(self.proofs, list) or not self.proofs or not set(self.proofs) <= known:
            raise ValidationError({"proofs": _("Choose at least one way for voters to prove who they are.")})
        if self.same_proof_for_everyone and len(set(self.proofs)) != 1:
            raise ValidationError(
                {"proofs": _("With the same proof for everyone, choose exactly one way to prove who one is.")}
            )

    def accepts(self, proof: str) -> bool:
        """Whether a voter verified by ``proof`` (a VerifierKind) may vote in this poll."""
        return proof in self.proofs

    @property
    def proof_choices(self) -> list[tuple[str, str]]:
        """The accepted proofs in the order the verification page offers them, with their names."""
        return [(kind, label) for kind, label in VerifierKind.choices if kind in self.proofs]

    @property
    def state(self) -> str:
        """'upcoming', 'open', 'closed' or 'declared' (for pages; the vote itself asks is_open)."""
        now = timezone.now()
        if self.declared_at:
            return "declared"
        if now < self.opens_at:
            return "upcoming"
        return "open" if now < self.closes_at else "closed"

    def period_at(self, at) -> str:
        """The period of a vote cast at ``at``, in which a voter has one vote: '' when the rule is one
        vote per edition, else the date in Thailand (one vote a day)."""
        if self.period == VotePeriod.DAY:
            return timezone.localtime(at).date().isoformat()
        return ""

    def is_open(self, at=None) -> bool:
        at = at or timezone.now()
        return self.opens_at <= at < self.closes_at and self.declared_at is None


class Voter(models.Model):
    """A verified person. Uniqueness is a keyed hash (HMAC) of the normalised identity; the plain
    address is kept only until the vote closes plus the retention period, then purged."""

    kind = models.CharField(_("verified by"), max_length=10, choices=VerifierKind.choices)
    identity_hash = models.CharField(_("keyed hash of the identity"), max_length=64)
    # The same keyed hash of a looser form (no dots, no +tag, lower case) that finds near-identical
    # addresses such as a.b@ and ab+x@ for review; it never decides anything by itself.
    similarity_hash = models.CharField(_("keyed hash of the loose form"), max_length=64, db_index=True)
    email = models.EmailField(_("e-mail address"), blank=True)
    domain = models.CharField(_("e-mail domain"), max_length=255, blank=True, db_index=True)
    # The mobile number (E.164) of a voter verified by SMS, kept and purged as the e-mail address is.
    phone = models.CharField(_("mobile number"), max_length=20, blank=True)
    language = models.CharField(_("language"), max_length=10, default="th")
    consent_notice_version = models.CharField(_("privacy notice version"), max_length=20)
    consented_at = models.DateTimeField(_("consent given"))
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("voter")
        verbose_name_plural = _("voters")
        constraints = [models.UniqueConstraint(fields=["kind", "identity_hash"], name="voting_voter_unique_identity")]

    def __str__(self):
        return f"{self.kind}:{self.identity_hash[:12]}"


class Challenge(models.Model):
    """One request for a one-time code, sent to an e-mail address or by SMS to a mobile number: the
    code is stored as a keyed hash, dies after its expiry or after too many wrong tries, and can be
    used once. An SMS waits in ``message`` until a worker has handed it to the gateway (the code is
    durable before it is sent, as an e-mail code is in the outbox); the text is blanked once sent."""

    kind = models.CharField(_("sent by"), max_length=10, choices=VerifierKind.choices, default=VerifierKind.EMAIL)
    identity_hash = models.CharField(max_length=64, db_index=True)
    email = models.EmailField(_("e-mail address"), blank=True)
    phone = models.CharField(_("mobile number"), max_length=20, blank=True)
    message = models.TextField(_("text message waiting to be sent"), blank=True)
    sent_at = models.DateTimeField(_("text message sent"), null=True, blank=True)
    code_hash = models.CharField(max_length=64)
    language = models.CharField(_("language"), max_length=10, default="th")
    notice_version = models.CharField(_("privacy notice version"), max_length=20)
    consented_at = models.DateTimeField(_("consent given"))
    ip = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    expires_at = models.DateTimeField(_("expires"))
    attempts = models.PositiveSmallIntegerField(_("wrong tries"), default=0)
    used_at = models.DateTimeField(_("used"), null=True, blank=True)

    class Meta:
        verbose_name = _("one-time code")
        verbose_name_plural = _("one-time codes")
        indexes = [models.Index(fields=["identity_hash", "created_at"], name="voting_challenge_identity")]

    def __str__(self):
        return f"{self.identity_hash[:12]} {self.created_at:%Y-%m-%d %H:%M}"


class Vote(models.Model):
    """One vote in the ledger. The unique constraint on (voter, cycle, period) is what makes a
    double vote impossible, however many requests race; period is '' for once-per-cycle votes, else
    the Thai date of the vote."""

    voter = models.ForeignKey(Voter, on_delete=models.PROTECT, related_name="votes", verbose_name=_("voter"))
    cycle = models.ForeignKey(Cycle, on_delete=models.PROTECT, related_name="+", verbose_name=_("cycle"))
    application = models.ForeignKey(Application, on_delete=models.PROTECT, related_name="+", verbose_name=_("finalist"))
    period = models.CharField(_("period"), max_length=10, blank=True)
    cast_at = models.DateTimeField(_("cast at"), default=timezone.now)
    ip = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    # The /24 (IPv4) or /48 (IPv6) network of the address, for the review of shared ranges.
    network = models.CharField(_("address range"), max_length=50, blank=True)

    class Meta:
        verbose_name = _("vote")
        verbose_name_plural = _("votes")
        constraints = [models.UniqueConstraint(fields=["voter", "cycle", "period"], name="voting_vote_one_per_period")]
        indexes = [
            models.Index(fields=["cycle", "application"], name="voting_vote_cycle_app"),
            models.Index(fields=["cycle", "cast_at"], name="voting_vote_cycle_time"),
        ]

    def __str__(self):
        return f"{self.voter_id} → {self.application_id} ({self.period or 'cycle'})"


class VoteVoid(models.Model):
    """Staff's decision that a vote does not count, with the reason; kept for the integrity report."""

    vote = models.OneToOneField(Vote, on_delete=models.PROTECT, related_name="void", verbose_name=_("vote"))
    reason = models.CharField(_("reason"), max_length=20, choices=VoidReason.choices)
    note = models.CharField(_("note"), max_length=300, blank=True)
    voided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("voided by")
    )
    voided_at = models.DateTimeField(_("voided at"), default=timezone.now)

    class Meta:
        verbose_name = _("voided vote")
        verbose_name_plural = _("voided votes")

    def __str__(self):
        return f"{self.vote_id}: {self.reason}"
