"""Which endpoint URLs a webhook may be posted to: public HTTPS addresses only.

An admin types the URL and the server posts to it, so a URL naming this machine or the office
network (http://127.0.0.1:6379, http://10.0.0.5/admin, a cloud's 169.254.169.254 metadata
service) would make the app reach what the admin cannot (server-side request forgery). The
host name is resolved and every address it has must be public; it is checked when the endpoint
is saved and again before each attempt, and redirects are never followed. WEBHOOK_ALLOW_LOOPBACK
(tests, a laptop) lets 127.0.0.0/8 and ::1 through over plain HTTP too; nothing else private ever.
"""
import ipaddress
import socket
from urllib.parse import urlsplit

from django.conf import settings


def url_refusal(url: str) -> str:
    """Why this URL may not receive webhooks, or "" when it may."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return "Use an http(s):// address."
    if parts.username or parts.password:
        return "Leave the user name and password out of the address; the signature proves who is calling."
    try:
        port = parts.port or (443 if parts.scheme == "https" else 80)
        infos = socket.getaddrinfo(parts.hostname, port, type=socket.SOCK_STREAM)
    except (OSError, ValueError, UnicodeError):
        return f"“{parts.hostname}” cannot be found."
    addresses = {ipaddress.ip_address(info[4][0].split("%")[0]) for info in infos}
    loopback_ok = getattr(settings, "WEBHOOK_ALLOW_LOOPBACK", False)
    for address in addresses:
        if address.is_loopback and loopback_ok:
            continue
        if not address.is_global:
            return "That address is on a private or local network; webhooks go to public addresses only."
    if parts.scheme != "https" and not (loopback_ok and all(address.is_loopback for address in addresses)):
        return "Use an https:// address, so what is sent stays private on the way."
    return ""
