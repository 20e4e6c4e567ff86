from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from accounts.admin_tools import ReadOnlyAdmin
from core.admin_dates import HistoryAdmin

from .models import (
    Assignment,
    Decision,
    Declaration,
    Panel,
    PresentationSchedule,
    PresentationSlot,
    Room,
    Round,
    Score,
    Scorecard,
)
from .selectors import coverage_gap_count
from .services import presentations
from .services.assignments import run_automatic_assignment
from .services.scoring import reopen_scorecard


class PanelInline(admin.TabularInline):
    model = Panel
    extra = 0
    filter_horizontal = ["judges"]


@admin.register(Round)
class RoundAdmin(HistoryAdmin):
    list_display = [
        "__str__",
        "rubric",
        "opens_at",
        "closes_at",
        "judges_per_application",
        "judge_cap",
        "blind",
        "gaps",
        "staff_page",
    ]
    list_filter = ["cycle", "kind", "blind"]
    list_select_related = ["cycle", "rubric__cycle"]
    date_hierarchy = "opens_at"

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(gap_count=coverage_gap_count())

    inlines = [PanelInline]
    actions = ["run_assignment"]

    @admin.action(description=_("Run the automatic assignment"))
    def run_assignment(self, request, queryset):
        for round in queryset:
            plan, conflicts = run_automatic_assignment(round=round)
            self.message_user(
                request,
                _("%(round)s: %(new)s assignments made, %(conflicts)s conflicts of interest avoided.")
                % {"round": round, "new": len(plan.new_pairs), "conflicts": len(conflicts)},
            )
            if plan.shortfalls:
                self.message_user(
                    request,
                    _(
                        "%(round)s: %(count)s applications still have fewer than %(k)s judges; "
                        "add judges to the panels or raise the cap."
                    )
                    % {"round": round, "count": len(plan.shortfalls), "k": round.judges_per_application},
                    messages.WARNING,
                )

    @admin.display(description=_("shortlist and presentations"))
    def staff_page(self, obj):
        name = "judging:staff_shortlist" if obj.kind == "screening" else "judging:staff_schedule"
        label = _("Shortlist") if obj.kind == "screening" else pgettext_lazy("staff page", "Presentations")
        return format_html('<a href="{}">{}</a>', reverse(name, args=[obj.pk]), label)

    @admin.display(description=_("applications short of judges"), ordering="gap_count")
    def gaps(self, obj):
        return obj.gap_count


@admin.register(Declaration)
class DeclarationAdmin(HistoryAdmin):
    list_display = ["judge", "cycle", "declared_at"]
    list_filter = ["cycle"]
    search_fields = ["judge__email", "judge__full_name", "organisations"]
    list_select_related = ["judge", "cycle"]
    filter_horizontal = ["provinces"]


@admin.register(Assignment)
class AssignmentAdmin(HistoryAdmin):
    """Staff override the automatic assignment here, and see every recusal with its reason."""

    list_display = [
        "judge",
        "application",
        "round",
        "source",
        "conflict_answer",
        "recusal_reason",
        "status",
        "withdrawal_reason",
        "created_at",
    ]
    list_filter = ["round__cycle", "round", "source", "conflict_answer", "status"]
    search_fields = ["judge__email", "judge__full_name", "application__reference", "application__title_th"]
    list_select_related = ["judge", "application", "round__cycle"]
    date_hierarchy = "created_at"
    raw_id_fields = ["application"]


class ScoreInline(admin.TabularInline):
    model = Score
    extra = 0
    can_delete = False
    fields = ["criterion", "steps", "comment", "updated_at"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


class ServiceWrittenAdmin(HistoryAdmin):
    """Judges write scores and scorecards through the scoring services (which check the round, the
    conflict of interest and the draft state, and keep who changed what); staff only read them here,
    history included (no revert), and reopen a scorecard with the action, which calls its service."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        # A deleted score would change a ranking with no service and no reason behind it.
        return False


@admin.register(Scorecard)
class ScorecardAdmin(ServiceWrittenAdmin):
    list_display = ["assignment", "status", "submitted_at", "updated_at"]
    list_filter = ["status", "assignment__round__cycle", "assignment__round"]
    search_fields = ["assignment__judge__email", "assignment__application__reference"]
    date_hierarchy = "submitted_at"
    list_select_related = ["assignment__judge", "assignment__application", "assignment__round__cycle"]
    readonly_fields = ["assignment", "status", "comment", "submitted_at", "updated_at"]
    inlines = [ScoreInline]
    actions = ["reopen"]

    @admin.action(description=_("Reopen the selected scorecards for their judges"))
    def reopen(self, request, queryset):
        reopened, refused = 0, []
        for scorecard in queryset:
            try:
                reopen_scorecard(scorecard=scorecard, by=request.user)
            except ValidationError as error:
                refused.extend(error.messages)
            else:
                reopened += 1
        if reopened:
            self.message_user(request, _("The judges can change these scores again."))
        for message in sorted(set(refused)):
            self.message_user(request, message, messages.WARNING)


@admin.register(Score)
class ScoreAdmin(ServiceWrittenAdmin):
    """Every change of a score is kept (who, when, old, new): see each score's history."""

    list_display = ["scorecard", "criterion", "steps", "updated_at"]
    list_filter = ["scorecard__assignment__round__cycle", "scorecard__assignment__round"]
    search_fields = ["scorecard__assignment__judge__email", "scorecard__assignment__application__reference"]
    date_hierarchy = "updated_at"
    list_select_related = [
        "scorecard__assignment__judge",
        "scorecard__assignment__application",
        "criterion__dimension",
    ]
    readonly_fields = ["scorecard", "criterion", "steps", "comment", "updated_at"]


class RoomInline(admin.StackedInline):
    model = Room
    extra = 0
    filter_horizontal = ["judges"]


@admin.register(PresentationSchedule)
class PresentationScheduleAdmin(HistoryAdmin):
    list_display = ["__str__", "starts_at", "ends_at", "slot_minutes", "changeover_minutes", "room_per_category"]
    list_select_related = ["round__cycle"]
    inlines = [RoomInline]
    actions = ["generate", "send"]

    @admin.action(description=_("Generate the schedule"))
    def generate(self, request, queryset):
        for schedule in queryset:
            plan = presentations.generate_schedule(schedule=schedule)
            self.message_user(
                request,
                _("%(schedule)s: %(placed)s placed, %(unplaced)s do not fit.")
                % {"schedule": schedule, "placed": len(plan.slots), "unplaced": len(plan.unplaced)},
            )

    @admin.action(description=_("Send the times to finalists and judges"))
    def send(self, request, queryset):
        for schedule in queryset:
            presentations.send_notices(schedule=schedule)
        self.message_user(request, _("The times were sent."))


@admin.register(PresentationSlot)
class PresentationSlotAdmin(HistoryAdmin):
    """Read-only here: staff move a presentation on the staff page's form, whose service keeps the
    schedule's rules and sends the update (an admin save could not refuse a clash beside the field)."""

    list_display = ["application", "room", "starts_at", "ends_at", "sequence", "sent_sequence", "move"]
    list_filter = ["schedule", "room"]
    list_select_related = ["application", "room"]
    readonly_fields = ["schedule", "application", "room", "starts_at", "ends_at", "video_url", "stepping_out"]

    def has_add_permission(self, request):
        return False

    @admin.display(description=_("Move"))
    def move(self, obj):
        return format_html('<a href="{}">{}</a>', reverse("judging:staff_move_slot", args=[obj.pk]), _("Move"))


@admin.register(Decision)
class DecisionAdmin(ReadOnlyAdmin, admin.ModelAdmin):
    """Decisions are made on the leaderboard page (or by the Popular Vote), and withdrawn there by
    staff with a reason (judging.services.decisions.withdraw_decision); admin only reads them."""

    list_display = ["prize", "application", "decided_by", "decided_at", "sha256", "withdrawn_at"]
    list_filter = ["prize__cycle"]
    list_select_related = ["prize__category", "prize__cycle", "application", "decided_by"]
    readonly_fields = [
        "prize",
        "application",
        "decided_by",
        "decided_at",
        "reason",
        "data",
        "sha256",
        "deliberation_sha256",
        "withdrawn_at",
        "withdrawn_by",
        "withdrawal_reason",
    ]


from . import admin_feedback  # noqa: E402,F401  (the feedback's admin, registered on import)
