"""The coverage invariant, checked on every document: each German sentence of the input
appears exactly once, in order, with exactly one English counterpart.

Two checks hold it up. `check_split` runs as a reader splits a paragraph: the sentences,
joined, are the paragraph (spacing aside), so the splitter dropped, repeated or moved
nothing. `check_translated` runs before anything is written: the document still holds the
German the reader produced, unit for unit and in the same order, and every unit has its
English. A violation is a bug in this tool, never the input's fault, so it stops the run.
"""

from __future__ import annotations

from translate.document import Document
from translate.errors import TranslateError

REPORT = "this is a bug in translate; please report it with the input file"


class CoverageError(TranslateError):
    """Text was lost, repeated, reordered or left without a translation."""


def check_split(paragraph: str, sentences: list[str]) -> None:
    """The sentences of `paragraph` are the whole paragraph, in order."""
    joined, whole = _squeeze("".join(sentences)), _squeeze(paragraph)
    if joined != whole:
        at = _first_difference(joined, whole)
        raise CoverageError(f"sentence splitting changed the text near {whole[at:at + 40]!r} "
                            f"(found {joined[at:at + 40]!r}); {REPORT}")


def german(document: Document) -> list[str]:
    """The German of every unit, in reading order: what `check_translated` compares with."""
    return [unit.de for unit in document.units()]


def check_translated(document: Document, expected: list[str]) -> None:
    """`document` holds the units of `expected` once each, in order, each with its English."""
    units = list(document.units())
    name = document.source.path or "the input"
    if len({id(unit) for unit in units}) != len(units):
        raise CoverageError(f"{name}: a sentence appears twice in the document; {REPORT}")
    found = [unit.de for unit in units]
    if found != expected:
        at = _first_difference(found, expected)
        wanted = expected[at] if at < len(expected) else "(the end)"
        got = found[at] if at < len(found) else "(the end)"
        raise CoverageError(f"{name}: unit {at + 1} should be {_short(wanted)} but is "
                            f"{_short(got)}; {REPORT}")
    for unit in units:
        if unit.en is None:
            raise CoverageError(f"{name}: {_short(unit.de)} has no English; {REPORT}")


def _squeeze(text: str) -> str:
    return "".join(text.split())


def _first_difference(a: str | list[str], b: str | list[str]) -> int:
    pairs = enumerate(zip(a, b, strict=False))  # lengths may differ: that is a difference too
    return next((i for i, (x, y) in pairs if x != y), min(len(a), len(b)))


def _short(text: str) -> str:
    return repr(text if len(text) <= 60 else text[:57] + "...")
