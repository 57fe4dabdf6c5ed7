"""Inputs that are URLs: which names are, which can be fetched, and the file name a page's
outputs get (safe on every OS, and one per URL)."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path
from urllib.parse import urlsplit

from translate.errors import InputError

WEB_SCHEMES = ("http", "https")
MAX_NAME = 100  # characters; the output adds ".de-en.html", a temporary write ~10 more
_SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.-]+):")  # two letters at least: "C:" is a drive
_HOST = re.compile(r"[a-z0-9-]+(?:\.[a-z0-9-]+)*")
_PATH = re.compile(r"(?:/[a-z0-9.-]+)*")
_UNSAFE = re.compile(r"[^a-z0-9._-]+")
# Names Windows reserves for devices, with any extension ("con.de" is one too).
_RESERVED = re.compile(r"(?:con|prn|aux|nul|com[0-9]|lpt[0-9])(?:\..*)?")


def scheme(name: str) -> str | None:
    """The URL scheme `name` starts with, in lower case ("https", "file"), or None."""
    match = _SCHEME.match(name)
    return match[1].lower() if match else None


def names_url(name: str) -> bool:
    """Whether an input `name` is a URL: it starts with a scheme ("https:", "ftp:", not a
    drive letter such as "C:") and is not the name of a file (which may hold a colon)."""
    return scheme(name) is not None and not Path(name).exists()


def is_web(name: str) -> bool:
    """Whether `name` is an http or https URL."""
    return scheme(name) in WEB_SCHEMES


def check_url(name: str) -> None:
    """Refuse, with one line, a URL that cannot be fetched: another scheme, or no host."""
    if not is_web(name):
        raise InputError(f"{name}: only http and https URLs can be fetched")
    parts = urlsplit(name)
    try:
        parts.port  # noqa: B018 (it raises on a port that is not a number)
    except ValueError:
        raise InputError(f"{name}: not a valid URL (bad port)") from None
    if not parts.hostname:
        raise InputError(f"{name}: not a valid URL (no host)")


def output_name(url: str) -> str:
    """The file name (without suffix) of the outputs of `url`: its host and path in lower-case
    letters, digits, "." and "-", each "/" written "_"; https://www.example.de/politik/wahl
    gives www.example.de_politik_wahl. Where the URL cannot be written so exactly (other
    characters or upper case in the path, a query, a port, http rather than https, an empty
    path segment, a name too long or one Windows reserves), "__" and a hash of the whole URL
    follow a name made as close as it can be. A plain name never holds "__", so no two URLs
    share a name, on a file system that ignores case too."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    path = "" if parts.path == "/" else parts.path
    plain = host + path.replace("/", "_")
    name = _UNSAFE.sub("-", (plain + (f"_{parts.query}" if parts.query else "")).lower())
    name = re.sub(r"__+", "_", name).strip("._-")
    exact = (parts.scheme.lower() == "https" and not parts.query and ":" not in parts.netloc
             and "@" not in parts.netloc and _HOST.fullmatch(host) is not None
             and _PATH.fullmatch(path) is not None and name == plain
             and len(name) <= MAX_NAME and not _RESERVED.fullmatch(name))
    if exact:
        return name
    name = name[:MAX_NAME - 10].rstrip("._-") or "page"
    if _RESERVED.fullmatch(name):
        name = re.sub(r"^[^.]*", lambda device: device[0] + "-", name)
    return f"{name}__{hashlib.sha256(url.encode()).hexdigest()[:8]}"
