from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from awards.admin_filters import CategoryFilter

from .models import Solution
from .services import curate


@admin.register(Solution)
class SolutionAdmin(admin.ModelAdmin):
    """Staff curate the showcase: feature, hide, order. The search words are the platform's own."""

    list_display = ["application", "edition", "category", "featured", "hidden", "position"]
    list_editable = ["featured", "hidden", "position"]
    list_filter = ["featured", "hidden", "application__cycle", ("application__category", CategoryFilter)]
    search_fields = ["application__title_th", "application__title_en", "application__reference"]
    fields = ["application", "featured", "hidden", "position", "updated_at"]
    readonly_fields = ["application", "updated_at"]
    list_select_related = ["application__cycle", "application__category"]

    def has_add_permission(self, request):
        return False  # a solution exists once its application is entered

    def has_delete_permission(self, request, obj=None):
        return False  # hide it instead

    @admin.display(description=_("edition"), ordering="application__cycle__year")
    def edition(self, obj):
        return obj.application.cycle

    @admin.display(description=_("category"))
    def category(self, obj):
        return obj.application.category

    def save_model(self, request, obj, form, change):
        curate(
            solution=obj,
            featured=obj.featured,
            hidden=obj.hidden,
            position=obj.position,
            by=request.user,
            request=request,
        )
