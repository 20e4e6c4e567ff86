"""Admin list filters that name a category with its edition.

Every edition has its own "Smart Mobility": a filter listing the category alone shows the same name
once per edition, and staff cannot tell which is which. ``CategoryFilter`` names each with its
edition ("Smart Mobility (2565)", or "(2569, demo-judging)" when the edition's short name is not its
year) and, once a cycle is chosen in the cycle filter beside it, lists that edition's categories only.
"""

from django.contrib import admin

from .models import Category, Cycle


def edition_label(cycle: Cycle) -> str:
    """The edition as staff tell editions apart: its Buddhist-era year, and its short name (the slug of
    its address) when that is not a year (several editions may share a year)."""
    year = str(cycle.year + 543)
    return year if cycle.slug in (year, str(cycle.year)) else f"{year}, {cycle.slug}"


def category_label(category: Category) -> str:
    """ "Smart Mobility (2565)": the category's name in the active language with its edition."""
    return f"{category.name} ({edition_label(category.cycle)})"


class CategoryFilter(admin.RelatedFieldListFilter):
    """The related-field filter for a foreign key to Category (on the model or through a relation,
    e.g. ``("application__category", CategoryFilter)``), each choice named with its edition."""

    def field_choices(self, field, request, model_admin):
        categories = Category.objects.select_related("cycle").order_by("-cycle__year", "cycle__slug", "position", "pk")
        chosen_cycle = _chosen_cycle(request)
        if chosen_cycle:
            categories = categories.filter(cycle_id=chosen_cycle)
        return [(category.pk, category_label(category)) for category in categories]


def _chosen_cycle(request) -> str | None:
    """The cycle chosen in the list's cycle filter (``cycle__id__exact`` or a relation's, e.g.
    ``application__cycle__id__exact``), if any and if it is a number."""
    for key, value in request.GET.items():
        if (key == "cycle__id__exact" or key.endswith("__cycle__id__exact")) and value.isdigit():
            return value
    return None
