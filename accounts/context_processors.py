from django.utils.functional import SimpleLazyObject

from .enums import Role
from .roles import roles_of


def roles(request):
    """The user's roles for the navigation, read only when a template asks (one query per request,
    shared with accounts.middleware)."""
    return {"user_roles": SimpleLazyObject(lambda: roles_of(request)), "Role": Role}
