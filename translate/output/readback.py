"""What an output already says, read back by its format's writer: the up-to-date key it
records, and the English it shows of its article (its title, its summary and how many of its
units the QA checks flagged), for the folder index of an article that is up to date but whose
row the memory no longer holds (cleared, or never on): the index must not lose what the
outputs still say."""

from __future__ import annotations

import zipfile
from pathlib import Path

from translate.output.render import writer
from translate.output.render.common import English
from translate.output_formats import WRITABLE

# what reading a damaged, foreign or half-gone output can raise: it then says nothing
_UNREADABLE = (OSError, UnicodeDecodeError, ValueError, KeyError, TypeError, AttributeError,
               IndexError, zipfile.BadZipFile)


def _contents(path: Path, fmt: str) -> str | bytes:
    data = path.read_bytes()
    return data if WRITABLE[fmt].binary else data.decode("utf-8")


def recorded_key(path: Path, fmt: str) -> str | None:
    """The key the output `path` of format `fmt` records, or None (missing, unreadable, not
    one of ours, or no key)."""
    try:
        return writer(fmt).recorded_key(_contents(path, fmt))
    except _UNREADABLE:
        return None


def read_english(path: Path, fmt: str) -> English | None:
    """The English title, article summary and flagged units as the output `path` of format
    `fmt` shows them; None where the file cannot be read or is not one of ours."""
    try:
        return writer(fmt).read_english(_contents(path, fmt))
    except _UNREADABLE:
        return None
