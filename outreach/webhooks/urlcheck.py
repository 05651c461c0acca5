"""Which endpoint URLs a webhook may be posted to: public HTTPS addresses only.

An admin types the URL and the server posts to it, so a URL naming this machine or the office
network (http://127.0.0.1:6379, http://10.0.0.5/admin, a cloud's 169.254.169.254 metadata
service) would make the app reach what the admin cannot (server-side request forgery). The
host name is resolved and every address it has must be public; it is checked when the endpoint
is saved and again before each attempt, the connection itself is checked once made
(outreach/public_http.py), and redirects are never followed. WEBHOOK_ALLOW_LOOPBACK
(tests, a laptop) lets 127.0.0.0/8 and ::1 through over plain HTTP too; nothing else private ever.
"""
from urllib.parse import urlsplit

from django.conf import settings

from outreach.public_http import NoSuchHost, is_public, public_session, resolve


def loopback_allowed(ip, port: int) -> bool:
    return ip.is_loopback and getattr(settings, "WEBHOOK_ALLOW_LOOPBACK", False)


def webhook_session():
    """The session deliveries are posted with: a connection to a private address is refused."""
    return public_session(loopback_allowed)


def url_refusal(url: str) -> str:
    """Why this URL may not receive webhooks, or "" when it may."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return "Use an http(s):// address."
    if parts.username or parts.password:
        return "Leave the user name and password out of the address; the signature proves who is calling."
    try:
        port = parts.port or (443 if parts.scheme == "https" else 80)
        addresses = resolve(parts, port)
    except (NoSuchHost, ValueError):
        return f"“{parts.hostname}” cannot be found."
    if any(not is_public(ip) and not loopback_allowed(ip, port) for ip in addresses):
        return "That address is on a private or local network; webhooks go to public addresses only."
    if parts.scheme != "https" and not all(loopback_allowed(ip, port) for ip in addresses):
        return "Use an https:// address, so what is sent stays private on the way."
    return ""
