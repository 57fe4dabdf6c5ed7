"""Sentences too long for the model, cut into pieces that fit and put back together.

opus-mt reads at most 512 tokens; anything longer would be truncated — text silently lost.
A sentence over the limit is cut in two, preferably at a clause boundary (after ; : , or
before a conjunction) near its middle, else at the space nearest the middle, else in the
middle of a word (a token window), and each half again until every piece fits.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from translate.document import Translation

_CLAUSE = re.compile(
    r"(?<=[;:,])\s+|\s+(?=(?:und|oder|aber|denn|sondern|doch|weil|dass|sowie|während|wobei|"
    r"nachdem|obwohl|damit)\s)"
)
_SPACE = re.compile(r"\s+")
_BALANCE = 0.25  # a clause boundary is used only between 25 % and 75 % of the text


def split_to_fit(text: str, count_tokens: Callable[[str], int], limit: int) -> list[str]:
    """`text` as pieces of at most `limit` tokens each, in order, no character lost."""
    if count_tokens(text) <= limit or len(text) < 2:
        return [text]
    left, right = _halves(text)
    return split_to_fit(left, count_tokens, limit) + split_to_fit(right, count_tokens, limit)


def _halves(text: str) -> tuple[str, str]:
    middle = len(text) / 2
    low, high = _BALANCE * len(text), (1 - _BALANCE) * len(text)
    clauses = [m.start() for m in _CLAUSE.finditer(text) if low <= m.start() <= high]
    spaces = [m.start() for m in _SPACE.finditer(text) if 0 < m.start() < len(text)]
    cuts = clauses or spaces or [len(text) // 2]
    cut = min(cuts, key=lambda position: abs(position - middle))
    return text[:cut].rstrip(), text[cut:].lstrip()


def join(translations: list[Translation]) -> Translation:
    """One translation from the translations of a sentence's pieces."""
    if len(translations) == 1:
        return translations[0]
    return Translation(
        text=" ".join(t.text for t in translations if t.text),
        score=round(sum(t.score for t in translations) / len(translations), 4),
        capped=any(t.capped for t in translations),
    )
