"""An article as a run lists it: where it came from and where its outputs go."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

STDIN = "-"
OUTPUT_INFIX = ".de-en"  # article.txt → article.de-en.md


@dataclass(frozen=True, slots=True)
class Article:
    """One input: where it came from, and where its outputs go relative to the output folder."""

    name: str  # a path, a URL, or "-" for standard input
    relative: Path  # the output's path under --output, without infix and suffix
    # a feed item's page as the feed carries it (its full text), read instead of fetching
    inline: bytes | None = field(default=None, compare=False, repr=False)
    # the date a listing orders it by (a feed item's, ISO 8601 in UTC): the index shows this one
    listed_date: str | None = field(default=None, compare=False)
