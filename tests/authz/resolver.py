"""Every URL pattern of the project, from the URL resolver itself (so a new URL cannot be forgotten)."""

from dataclasses import dataclass

from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.resolvers import LocalePrefixPattern
from django.utils import translation


@dataclass(frozen=True)
class Pattern:
    key: str  # the namespaced name ("submissions:facts"), or namespace + route when it has no name
    route: str  # the full route as the resolver describes it ("en/my/applications/<int:pk>/")
    lookup: str  # the view's dotted path


def walk(language: str) -> list[Pattern]:
    """The patterns as the resolver has them with ``language`` active (i18n ones carry its prefix)."""
    with translation.override(language):
        return list(_walk(get_resolver().url_patterns, "", ""))


def _walk(patterns, prefix: str, namespace: str, unprefixed: str = ""):
    """``unprefixed``: the route without the language prefix, which names a pattern without a name
    (admin's old-style object addresses) the same in both languages."""
    for entry in patterns:
        route = prefix + str(entry.pattern)
        bare = unprefixed + ("" if isinstance(entry.pattern, LocalePrefixPattern) else str(entry.pattern))
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from _walk(entry.url_patterns, route, inner, bare)
        elif isinstance(entry, URLPattern):
            key = namespace + (entry.name or bare)
            yield Pattern(key=key, route=route, lookup=entry.lookup_str)


def is_admin(key: str) -> bool:
    return key.startswith("admin:")
