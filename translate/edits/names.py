"""One English rendering per name, across an article or a feed's digest.

A model may spell a transliterated name two ways in two sentences (`Vostotschny`, then
`Vostochny`). German capitalises every noun, so a capital alone does not make a name; but
English capitalises only names, so a German capitalised word whose English sentence has a
capitalised word of close spelling (`Wostotschny` → `Vostochny`) is taken to be a name with
that rendering. The first rendering a name gets is used for it from then on: a later sentence
that spells it another way has that spelling replaced. Glossary terms are left alone (the
glossary decides them, translate.edits.terms). Two renderings where one is the other plus an
ending (`Russian`, `Russians`) are grammar, not spelling, and are kept.

Where the other spelling occurs in the English more often than the name in the German, it
cannot be told which occurrence is the name's: the sentence keeps its English and gets the
QA flag `name-inconsistent NAME`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from difflib import SequenceMatcher

from translate.document import Unit

SIMILAR = 0.7  # spelling similarity (difflib ratio, lower case) of a name and its rendering
_GERMAN_WORD = re.compile(r"(?<![\w-])[A-ZÄÖÜ][\w]*(?:-[A-ZÄÖÜ][\w]*)*")
_ENGLISH_WORD = re.compile(r"(?<![\w-])[A-Z][\w]*(?:-[A-Z][\w]*)*")


def renderings(german: str, english: str) -> dict[str, str]:
    """German capitalised word → the capitalised English word of closest spelling, for the
    pairs at least SIMILAR alike."""
    candidates = list(dict.fromkeys(_ENGLISH_WORD.findall(english)))
    found: dict[str, str] = {}
    for name in dict.fromkeys(_GERMAN_WORD.findall(german)):
        scored = [(_similarity(name, word), word) for word in candidates]
        score, word = max(scored, default=(0.0, ""))
        if score >= SIMILAR:
            found[name] = word
    return found


def _similarity(a: str, b: str) -> float:
    return SequenceMatcher(None, a.lower(), b.lower()).ratio()


def _variant(first: str, other: str) -> bool:
    """Whether `other` spells the name `first` otherwise (not the same word with an ending)."""
    return other != first and not (other.startswith(first) or first.startswith(other))


class NameBook:
    """The renderings names have had so far in one article or one digest."""

    def __init__(self, fixed: Iterable[str] = ()) -> None:
        self.first: dict[str, str] = {}
        self.fixed = set(fixed)  # German words the glossary decides

    def harmonise(self, units: Iterable[Unit]) -> int:
        """Give every name in `units` (in reading order) its first rendering; returns how
        many units changed."""
        changed = 0
        for unit in units:
            if unit.en and self._harmonise(unit):
                changed += 1
        return changed

    def _harmonise(self, unit: Unit) -> bool:
        english = unit.en or ""
        for name, word in renderings(unit.de, english).items():
            if name in self.fixed:
                continue
            first = self.first.setdefault(name, word)
            if not _variant(first, word):
                continue
            pattern = re.compile(rf"(?<![\w-]){re.escape(word)}(?![\w-])")
            if len(pattern.findall(english)) > len(re.findall(
                    rf"(?<![\w-]){re.escape(name)}(?![\w-])", unit.de)):
                flag = f"name-inconsistent {name}"
                if flag not in unit.qa:
                    unit.qa.append(flag)
                continue
            english = pattern.sub(first, english)
        if english == unit.en:
            return False
        unit.en = english
        return True
