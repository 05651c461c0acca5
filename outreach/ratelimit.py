"""A small fixed-window rate limit for the public links (email, events, calendar), counted in Django's cache.

Keyed on the client address and the route, so one noisy address cannot lock anyone else
out. Set CACHE_URL to a shared cache (Redis) in production so every web process counts
together; the default in-process cache counts per process.
"""
import functools

from django.core.cache import cache
from django.shortcuts import render

WINDOW_SECONDS = 60
# Generous for a person clicking about, tight for anyone walking through tokens.
REQUESTS_PER_WINDOW = 30


def _client_address(request) -> str:
    # REMOTE_ADDR only: X-Forwarded-For is whatever the client says unless a proxy we trust set it.
    return request.META.get("REMOTE_ADDR", "unknown")


def over_limit(request, route: str, limit: int = REQUESTS_PER_WINDOW) -> bool:
    key = f"mail-rate:{route}:{_client_address(request)}"
    # add() starts the window only if none is running; incr() counts within it.
    cache.add(key, 0, timeout=WINDOW_SECONDS)
    try:
        count = cache.incr(key)
    except ValueError:  # the window ended between the two calls
        cache.add(key, 1, timeout=WINDOW_SECONDS)
        count = 1
    return count > limit


def rate_limited(route: str):
    """View decorator: 429 with a plain page (and Retry-After) once an address is over the limit."""

    def decorator(view):
        @functools.wraps(view)
        def wrapped(request, *args, **kwargs):
            if over_limit(request, route):
                response = render(request, "mail/public/too_many_requests.html", status=429)
                response["Retry-After"] = str(WINDOW_SECONDS)
                return response
            return view(request, *args, **kwargs)

        return wrapped

    return decorator
