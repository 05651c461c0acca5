"""The public links' rate limit lives in the core (outreach/ratelimit.py), so the core's own public
route, the recruiter's calendar feed, counts the same way; mail's pages import it from here."""
from outreach.ratelimit import REQUESTS_PER_WINDOW, WINDOW_SECONDS, over_limit, rate_limited

__all__ = ["REQUESTS_PER_WINDOW", "WINDOW_SECONDS", "over_limit", "rate_limited"]
