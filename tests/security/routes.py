"""Every URL the site answers, built from the resolver so new routes are checked without anyone listing them."""
import re
from dataclasses import dataclass

from django.urls import URLPattern, URLResolver, get_resolver

# Every object the world fixture makes has this primary key, so any <int:...>
# in any route points at something real whatever model the view looks up.
WORLD_PK = 4242

# Text parameters that must name something real for the page to exist; a new
# one shows up as a 404 in the role matrix until it is added here.
TEXT_PARAMS = {"table": "reasons"}

_ROUTE_PARAM = re.compile(r"<(?:(?P<converter>\w+):)?(?P<name>\w+)>")
_REGEX_GROUP = re.compile(r"\(\?P<(?P<name>\w+)>(?P<body>[^)]*)\)")


@dataclass(frozen=True)
class Route:
    path: str  # a concrete URL, e.g. /candidates/4242/
    name: str  # "namespace:name", or the pattern text when the route has no name

    @property
    def is_admin(self) -> bool:
        return self.path.startswith("/admin/")

    def __str__(self) -> str:
        return self.name


def _fill_route(text: str) -> str:
    def value(match: re.Match) -> str:
        converter = match["converter"] or "str"
        if converter == "uuid":
            return "00000000-0000-0000-0000-000000000000"
        if match["name"] in TEXT_PARAMS:
            return TEXT_PARAMS[match["name"]]
        if converter == "slug":
            return "x"
        return str(WORLD_PK)

    return _ROUTE_PARAM.sub(value, text)


def _fill_regex(text: str) -> str:
    def value(match: re.Match) -> str:
        alternatives = match["body"].split("|")
        if all(re.fullmatch(r"\w+", alt) for alt in alternatives):
            return "candidates" if "candidates" in alternatives else alternatives[0]
        return "no-such-page/"

    return _REGEX_GROUP.sub(value, text).replace("^", "").replace("$", "")


def _walk(patterns, prefix: str, namespace: str):
    for pattern in patterns:
        text = str(pattern.pattern)
        filled = _fill_regex(text) if text.startswith("^") or "(?P<" in text else _fill_route(text)
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from _walk(pattern.url_patterns, prefix + filled, inner)
        elif isinstance(pattern, URLPattern):
            name = f"{namespace}{pattern.name}" if pattern.name else f"{namespace}<{prefix}{text}>"
            yield Route(path="/" + prefix + filled, name=name)


def all_routes() -> list[Route]:
    routes = {route.path: route for route in _walk(get_resolver().url_patterns, "", "")}
    return sorted(routes.values(), key=lambda r: r.path)
