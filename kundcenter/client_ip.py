"""The address of the person behind a request: one rule for login throttling and the audit log.

Behind a reverse proxy ``REMOTE_ADDR`` is the proxy's address, the same for everyone, so the
client is read from ``X-Forwarded-For`` -- but only as far as the proxies we trust wrote it.
Each proxy appends the address it was connected from, so the client is the entry just before
the trusted hops, counted from the right; whatever a client put on the left is ignored.

Settings (README, "Configuration"):

``TRUSTED_PROXY_COUNT``
    How many reverse proxies stand in front of the application, the one that connects to
    it included. 0 (the default): ``X-Forwarded-For`` is ignored and ``REMOTE_ADDR`` is the
    client.
``TRUSTED_PROXIES``
    The proxies' addresses or networks (``10.0.0.1``, ``10.0.0.0/8``), one entry per hop,
    the one that connects to the application last. A request that did not come through
    them (its hops do not match) is taken at its ``REMOTE_ADDR``.

python-ipware does the parsing (ports, IPv6 brackets, IPv4-mapped addresses) and the
right-anchored hop matching. The application's peer (``REMOTE_ADDR``) is appended to the
forwarded chain, since that is the last proxy hop and is not in the header itself.
"""

from __future__ import annotations

from functools import lru_cache

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.http import HttpRequest
from python_ipware import IpWare

__all__ = ["client_ip"]

_HEADER = "HTTP_X_FORWARDED_FOR"


@lru_cache(maxsize=8)
def _ipware(proxy_count: int, proxies: tuple[str, ...]) -> IpWare:
    try:
        return IpWare(precedence=(_HEADER,), proxy_count=proxy_count or None,
                      proxy_list=list(proxies) or None)
    except ValueError as error:
        raise ImproperlyConfigured(f"TRUSTED_PROXY_COUNT / TRUSTED_PROXIES: {error}") from error


def client_ip(request: HttpRequest) -> str | None:
    """The client's IP address as text, or None when the request has none (as REMOTE_ADDR)."""
    remote_addr = request.META.get("REMOTE_ADDR") or None
    proxy_count = int(getattr(settings, "TRUSTED_PROXY_COUNT", 0) or 0)
    proxies = tuple(getattr(settings, "TRUSTED_PROXIES", ()) or ())
    if not proxy_count and not proxies:
        return remote_addr
    forwarded = request.META.get(_HEADER, "")
    if not forwarded or not remote_addr:
        return remote_addr
    ip, _trusted = _ipware(proxy_count, proxies).get_client_ip({_HEADER: f"{forwarded}, {remote_addr}"})
    # No match (too few hops, an untrusted peer, an unusable entry): the peer itself.
    return str(ip) if ip is not None else remote_addr
