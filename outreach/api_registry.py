"""Where nested apps put their REST API endpoints, so the API app never imports them.

    # outreach/events/apps.py, in ready():
    from outreach.api_registry import register_viewset
    register_viewset("events", "outreach.events.api.EventViewSet")

The viewset is named by its dotted path and imported by the API app when it builds its
router, so registering costs nothing at start-up and needs no REST framework in the caller.
"""
from dataclasses import dataclass


@dataclass(frozen=True)
class RegisteredViewSet:
    prefix: str  # the URL segment under /api/v1/
    viewset: str  # dotted path to a DRF viewset
    basename: str


_VIEWSETS: dict[str, RegisteredViewSet] = {}


def register_viewset(prefix: str, viewset: str, *, basename: str | None = None) -> None:
    _VIEWSETS[prefix] = RegisteredViewSet(prefix, viewset, basename or prefix.replace("-", "_"))


def registered_viewsets() -> list[RegisteredViewSet]:
    return list(_VIEWSETS.values())
