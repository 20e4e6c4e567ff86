"""Admin's date hierarchy with Buddhist-era years in Thai: ``{% thai_date_hierarchy cl %}`` (used by
``templates/admin/change_list.html`` in place of admin's ``{% date_hierarchy cl %}``)."""

from django import template
from django.contrib.admin.templatetags.admin_list import date_hierarchy

from ..admin_dates import date_hierarchy_in_buddhist_era

register = template.Library()


@register.inclusion_tag("admin/date_hierarchy.html")
def thai_date_hierarchy(cl):
    return date_hierarchy_in_buddhist_era(date_hierarchy(cl) or {})
