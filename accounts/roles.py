"""The roles of the person making a request, read once per request (one query) and shared by the
security middleware and the navigation."""


def roles_of(request) -> frozenset[str]:
    cached = getattr(request, "_account_roles", None)
    if cached is None:
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            cached = frozenset()
        else:
            cached = frozenset(user.groups.values_list("name", flat=True))
        request._account_roles = cached
    return cached
