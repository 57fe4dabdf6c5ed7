"""Which URLs a fetch for someone else may ask for: a server (translate serve) fetches the URLs
its clients send, and must not become their way into the machine's own network. Such a fetch
takes http and https only, and a host only when every address DNS gives for it is public: not
private, loopback, link-local, unspecified, multicast or reserved (an IPv6 address that carries
an IPv4 one, ::ffff:127.0.0.1 or 6to4's 2002:7f00:1::, is judged by that IPv4 address).
translate.sources.fetch asks again at every redirect.

The check is on the name's addresses as DNS gives them just before each request; httpx then
resolves the name again to connect, so a name whose DNS answer changes within that moment (DNS
rebinding) is not caught.
"""

from __future__ import annotations

import ipaddress
import socket
from urllib.parse import urlsplit

from translate.errors import InputError
from translate.sources.urls import check_url

Address = ipaddress.IPv4Address | ipaddress.IPv6Address
# what makes an address off limits, in the order the error names the first that applies
_KINDS = (("is_loopback", "a loopback address"), ("is_unspecified", "an unspecified address"),
          ("is_link_local", "a link-local address"), ("is_multicast", "a multicast address"),
          ("is_private", "a private address"), ("is_reserved", "a reserved address"))


def off_limits(address: Address) -> str | None:
    """Why `address` may not be fetched from ("a loopback address"), or None when it is a
    public one."""
    if isinstance(address, ipaddress.IPv6Address):
        address = address.ipv4_mapped or address.sixtofour or address
    for test, kind in _KINDS:
        if getattr(address, test):
            return kind
    return None if address.is_global else "not a public address"


def addresses(host: str, port: int) -> list[Address]:
    """Every address DNS gives for `host` (an IP address stands for itself)."""
    try:
        found = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError) as exc:
        raise InputError(f"cannot resolve {host} ({getattr(exc, 'strerror', None) or exc})") \
            from None
    return list(dict.fromkeys(ipaddress.ip_address(str(info[4][0]).split("%")[0])
                              for info in found))


def check_public(url: str) -> None:
    """Refuse, in one line naming `url` and why, a URL that is not http(s) or whose host has
    an address that is not public (see the module docstring)."""
    check_url(url)
    parts = urlsplit(url)
    host = parts.hostname or ""
    try:
        found = addresses(host, parts.port or (443 if parts.scheme.lower() == "https" else 80))
    except InputError as exc:
        raise InputError(f"{url}: {exc}") from None
    for address in found:
        if (kind := off_limits(address)) is not None:
            raise InputError(f"{url}: refused: {_named(host, address)} {kind}; only public "
                             "addresses are fetched here")


def _named(host: str, address: Address) -> str:
    """The host as the error names it: an IP address as itself, a name with its address."""
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return f"{host} resolves to {address},"
    return f"{host} is"
