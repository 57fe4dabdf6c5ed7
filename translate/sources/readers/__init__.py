"""Readers turn the bytes of one input into a German-only Document.

Each format lives in its own module, imported only when a file of that format is read; which
formats there are, their suffixes and how their bytes are told apart is in
translate.input_formats.
"""

from __future__ import annotations

import hashlib
import importlib
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from translate.document import Document, Source
from translate.errors import InputError
from translate.input_formats import READABLE, SUFFIXES
from translate.sources.readers.decode import decode
from translate.sources.readers.package import declared_type

DEFAULT_MAX_MB = 10.0  # inputs larger than this are refused (--max-size MB)
DEFAULT_MAX_BYTES = int(DEFAULT_MAX_MB * 2**20)
# how files that no reader reads begin, and what they are
_UNREADABLE = {b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1": "an old Word .doc file or a password-"
              "protected Office file; save it as .docx without a password"}
_ZIP = b"PK\x03\x04"

_HTML = re.compile(r"<(?:!doctype\s+html|html|head|body|article|div|p|h[1-6])\b", re.IGNORECASE)
_MARKDOWN = re.compile(
    r"^(?:#{1,6}\s|```|~~~|[-*+]\s+\S|>\s|(?:=+|-{3,})\s*$)|\[[^\]\n]+\]\([^)\s]+\)",
    re.MULTILINE,
)


def format_for(path: Path) -> str | None:
    """The input format a file name implies, or None when no reader handles it."""
    return SUFFIXES.get(path.suffix.lower())


def sniff_format(text: str) -> str:
    """The format of text with no file name (standard input): HTML, Markdown, or plain."""
    head = text[:5000]
    if head.lstrip().startswith("<") and _HTML.search(head):
        return "html"
    return "markdown" if _MARKDOWN.search(head) else "text"


def sniff_bytes(data: bytes, name: str) -> str | None:
    """The format bytes declare by how they begin or, for a zip package, by the media type it
    declares; None for bytes that declare none (text, or a zip of another kind). Bytes of a
    kind no reader reads are an error."""
    for spec in READABLE.values():
        if spec.magic is not None and data.startswith(spec.magic):
            return spec.name
    if (what := next((w for magic, w in _UNREADABLE.items() if data.startswith(magic)), None)):
        raise InputError(f"{name}: is {what}")
    if data.startswith(_ZIP):
        declared = declared_type(data)
        return next((spec.name for spec in READABLE.values()
                     if spec.package_type is not None and spec.package_type == declared), None)
    return None


def read_document(data: bytes, name: str, fmt: str | None = None,
                  max_bytes: int = DEFAULT_MAX_BYTES,
                  fetched: Mapping[str, str | None] | None = None) -> Document:
    """Parse one input; `name` is how the source is shown (a path, a URL or "-"). The format
    the bytes declare (a DOCX, ODT or EPUB package) wins over `fmt` (as the suffix or
    --input-format gave it); with neither, the text's format is sniffed. Only text formats are
    decoded. Inputs over `max_bytes` are refused. `fetched` is what the source block records
    of a web page's fetch (translate.sources.fetch)."""
    if fmt is not None and fmt not in READABLE:
        raise InputError(f"{name}: no reader for format {fmt!r} (known: {', '.join(READABLE)})")
    if len(data) > max_bytes:
        raise too_large(name, max_bytes)
    if not data.strip():
        raise empty(name)
    fmt = sniff_bytes(data, name) or fmt
    digest = hashlib.sha256(data).hexdigest()
    if fmt is not None and not READABLE[fmt].text:  # its XML parts are UTF-8 (or say so)
        source = Source(path=name, format=fmt, sha256=digest, encoding="utf-8",
                        **(fetched or {}))
        return _reader(fmt).parse(data, source, max_bytes)
    text, encoding = decode(data, name)
    if not text.strip():
        raise empty(name)
    fmt = fmt or sniff_format(text)
    source = Source(path=name, format=fmt, sha256=digest, encoding=encoding, **(fetched or {}))
    return _reader(fmt).parse(text, source)


def _reader(fmt: str) -> Any:
    """The module that reads `fmt`, imported when the first input of that format is read."""
    return importlib.import_module(f"{__name__}.{fmt}")


def read_file(path: Path, fmt: str | None = None, max_bytes: int = DEFAULT_MAX_BYTES) -> Document:
    """Read one file, in `fmt` or else the format its suffix implies; a file over `max_bytes`
    is refused before it is read."""
    fmt = file_format(path, fmt)
    return read_document(file_bytes(path, max_bytes), str(path), fmt, max_bytes)


def file_format(path: Path, fmt: str | None = None) -> str:
    """`fmt`, or the format the file's suffix implies; a suffix no reader handles is an error."""
    fmt = fmt or format_for(path)
    if fmt is None:
        raise InputError(f"{path}: unsupported file type (readable: {', '.join(SUFFIXES)})")
    return fmt


def file_bytes(path: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> bytes:
    """The bytes of one file, refused before they are read when there are over `max_bytes`."""
    try:
        if path.stat().st_size > max_bytes:
            raise too_large(str(path), max_bytes)
        with path.open("rb") as stream:  # read no more than the limit, even from a pipe
            return stream.read(max_bytes + 1)
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise InputError(f"{path}: is a folder, not a file") from None
    except OSError as exc:
        raise InputError(f"{path}: cannot be read ({exc.strerror})") from None


def empty(name: str) -> InputError:
    return InputError(f"{name}: the file is empty; there is nothing to translate")


def too_large(name: str, max_bytes: int) -> InputError:
    """The error for an input over the size limit (a file, standard input or a web page)."""
    return InputError(f"{name}: larger than the {max_bytes / 2**20:g} MB input limit; split it, "
                      "or raise the limit with --max-size MB")
