from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from .enums import ScorecardStatus
from .models import Assignment, Decision, Declaration, Panel, Round, Score, Scorecard
from .selectors import coverage_gaps
from .services.assignments import run_automatic_assignment
from .services.scoring import reopen_scorecard


class PanelInline(admin.TabularInline):
    model = Panel
    extra = 0
    filter_horizontal = ["judges"]


@admin.register(Round)
class RoundAdmin(admin.ModelAdmin):
    list_display = ["__str__", "rubric", "opens_at", "closes_at", "judges_per_application", "judge_cap", "gaps"]
    list_filter = ["cycle", "kind"]
    list_select_related = ["cycle", "rubric__cycle"]
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

    @admin.display(description=_("applications short of judges"))
    def gaps(self, obj):
        return coverage_gaps(obj).count()


@admin.register(Declaration)
class DeclarationAdmin(SimpleHistoryAdmin):
    list_display = ["judge", "cycle", "declared_at"]
    list_filter = ["cycle"]
    search_fields = ["judge__email", "judge__full_name", "organisations"]
    list_select_related = ["judge", "cycle"]
    filter_horizontal = ["provinces"]


@admin.register(Assignment)
class AssignmentAdmin(SimpleHistoryAdmin):
    """Staff override the automatic assignment here, and see every recusal with its reason."""

    list_display = ["judge", "application", "round", "source", "conflict_answer", "recusal_reason"]
    list_filter = ["round", "source", "conflict_answer"]
    search_fields = ["judge__email", "application__reference", "application__title_th"]
    list_select_related = ["judge", "application", "round__cycle"]
    raw_id_fields = ["application"]


class ScoreInline(admin.TabularInline):
    model = Score
    extra = 0
    can_delete = False
    fields = ["criterion", "steps", "comment", "updated_at"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Scorecard)
class ScorecardAdmin(SimpleHistoryAdmin):
    list_display = ["assignment", "status", "submitted_at", "updated_at"]
    list_filter = ["status", "assignment__round"]
    list_select_related = ["assignment__judge", "assignment__application", "assignment__round__cycle"]
    readonly_fields = ["assignment", "submitted_at"]
    inlines = [ScoreInline]
    actions = ["reopen"]

    @admin.action(description=_("Reopen the selected scorecards for their judges"))
    def reopen(self, request, queryset):
        for scorecard in queryset.filter(status=ScorecardStatus.SUBMITTED):
            reopen_scorecard(scorecard=scorecard, by=request.user)
        self.message_user(request, _("The judges can change these scores again."))


@admin.register(Score)
class ScoreAdmin(SimpleHistoryAdmin):
    """Every change of a score is kept (who, when, old, new): see each score's history."""

    list_display = ["scorecard", "criterion", "steps", "updated_at"]
    list_select_related = ["scorecard__assignment__judge", "scorecard__assignment__application", "criterion"]
    readonly_fields = ["scorecard", "criterion", "steps", "comment"]

    def has_add_permission(self, request):
        return False


@admin.register(Decision)
class DecisionAdmin(admin.ModelAdmin):
    """Decisions are made on the leaderboard page (or by the Popular Vote); admin only reads them."""

    list_display = ["prize", "application", "decided_by", "decided_at", "sha256"]
    list_filter = ["prize__cycle"]
    list_select_related = ["prize", "application", "decided_by"]
    readonly_fields = ["prize", "application", "decided_by", "decided_at", "data", "sha256"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
