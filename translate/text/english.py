"""English text: the sentences of a summary or of what a summary reads."""

from __future__ import annotations

import re

# after an end mark, or an end mark and the quotation mark or bracket that closes with it
_SPLIT = re.compile(r"(?:(?<=[.!?])|(?<=[.!?][\"”’)]))\s+(?=[\"“‘(]?[A-Z0-9])")


def sentences_of(text: str) -> list[str]:
    """The sentences of an English text (a summary, or what one reads)."""
    return [part for part in _SPLIT.split(text) if part.strip()]
