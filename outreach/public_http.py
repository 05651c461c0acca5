"""Outbound HTTP to addresses people type (webhook endpoints, followed feeds): public ones only.

A URL from a user is treated as hostile (server-side request forgery): every address its host
resolves to must be public unicast, and the socket a request actually connects is checked again,
so a DNS answer that changes between the look-up and the connection does not get through. The
session takes no proxy or credentials from the environment and never retries. Each caller says
which private addresses it allows (its tests' own server on 127.0.0.1) and words the refusal.
"""
import ipaddress
import socket
from collections.abc import Callable
from urllib.parse import SplitResult

import requests
from requests.adapters import HTTPAdapter
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
# (address, port) -> True for a private address this caller lets through anyway.
Allowance = Callable[[IPAddress, int], bool]


class AddressRefused(Exception):
    """A request was about to reach an address that is not public."""

    def __init__(self, address: IPAddress):
        super().__init__(f"{address} is not a public address")
        self.address = address


class NoSuchHost(Exception):
    pass


def as_ip(text: str) -> IPAddress:
    ip = ipaddress.ip_address(text.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped:
        return ip.ipv4_mapped
    return ip


def is_public(ip: IPAddress) -> bool:
    return ip.is_global and not ip.is_multicast


def resolve(parts: SplitResult, port: int) -> set[IPAddress]:
    """Every address the URL's host has; NoSuchHost when it has none."""
    try:
        answers = socket.getaddrinfo(parts.hostname, port, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError):
        raise NoSuchHost(parts.hostname) from None
    return {as_ip(sockaddr[0]) for *_, sockaddr in answers}


def find_refusal(exc: BaseException | None) -> AddressRefused | None:
    """The guard's refusal, which requests hands back wrapped inside its ConnectionError."""
    seen = set()
    while exc is not None and id(exc) not in seen:
        seen.add(id(exc))
        if isinstance(exc, AddressRefused):
            return exc
        for arg in getattr(exc, "args", ()):
            if isinstance(arg, BaseException) and (found := find_refusal(arg)):
                return found
        exc = exc.__cause__ or exc.__context__
    return None


def public_session(allowed: Allowance) -> requests.Session:
    """A requests session whose every connection is checked once connected."""

    def checked(sock):
        address, port = sock.getpeername()[:2]
        ip = as_ip(address)
        if not is_public(ip) and not allowed(ip, port):
            sock.close()
            raise AddressRefused(ip)
        return sock

    class GuardedHTTPConnection(HTTPConnection):
        def _new_conn(self):
            return checked(super()._new_conn())

    class GuardedHTTPSConnection(HTTPSConnection):
        def _new_conn(self):
            return checked(super()._new_conn())

    class GuardedHTTPPool(HTTPConnectionPool):
        ConnectionCls = GuardedHTTPConnection

    class GuardedHTTPSPool(HTTPSConnectionPool):
        ConnectionCls = GuardedHTTPSConnection

    class GuardedAdapter(HTTPAdapter):
        def init_poolmanager(self, *args, **kwargs):
            super().init_poolmanager(*args, **kwargs)
            self.poolmanager.pool_classes_by_scheme = {"http": GuardedHTTPPool, "https": GuardedHTTPSPool}

    session = requests.Session()
    session.trust_env = False  # no HTTP(S)_PROXY, no .netrc credentials
    adapter = GuardedAdapter(max_retries=0)
    session.mount("http://", adapter)
    session.mount("https://", adapter)
    return session
