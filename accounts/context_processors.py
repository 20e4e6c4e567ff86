from django.utils.functional import SimpleLazyObject

from .enums import Role


def roles(request):
    """The user's roles for the navigation, read only when a template asks (one query)."""

    def names():
        user = request.user
        if not user.is_authenticated:
            return frozenset()
        return frozenset(user.groups.values_list("name", flat=True))

    lazy = SimpleLazyObject(names)
    return {"user_roles": lazy, "Role": Role}
