"""One English rendering per name, across an article or a feed's digest.

A model may spell a transliterated name two ways in two sentences (`Vostotschny`, then
`Vostochny`). German capitalises every noun, so a capital alone does not make a name; but
English capitalises only names, so a German capitalised word whose English sentence has a
capitalised word of close spelling (`Wostotschny` → `Vostochny`) is taken to be a name with
that rendering. Each English word is one German word's rendering at most, the closest pairs
first: in "Der Minister sagte, das Ministerium …" / "The Minister said that the Ministry …",
`Minister` is the rendering of `Minister`, not of `Ministerium`.

The first rendering a name gets is kept for it. Another spelling in a later sentence is
replaced by the kept one only where every sign says it is the same name spelt otherwise, so
that a rewrite does not make correct English worse:
- the two begin with the same letter and end with the same two, and neither is the other plus
  an ending: words that differ in their ending are other words (`Minister`, `Ministry`;
  `President`, `Presidency`) or grammar (`Russia`, `Russian`), and are left alone unflagged;
- neither is the German spelling copied through (less a German ending: `Netanjahu` for
  `Netanjahus`). A copy may be right (a German name: `Max-Theurer`, where the other is the
  typo `Max-Theuer`) or an exonym left untranslated (`Lissabon` for `Lisbon`): it is never
  replaced and never replaces another; a copy met later is the kept rendering from then on;
- the other spelling occurs in the English no more often than the name in the German (else
  it cannot be told which occurrence is the name's).
Where the spellings differ and one of the last two fails, the sentence keeps its English and
gets the QA flag `name-inconsistent NAME`. Glossary terms are left alone (the glossary decides
them, translate.edits.terms).
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
    pairs at least SIMILAR alike; the closest pairs are taken first, and an English word is
    one German word's rendering at most."""
    names = list(dict.fromkeys(_GERMAN_WORD.findall(german)))
    words = list(dict.fromkeys(_ENGLISH_WORD.findall(english)))
    pairs = sorted(((_similarity(name, word), name, word) for name in names for word in words),
                   key=lambda pair: -pair[0])
    found: dict[str, str] = {}
    for score, name, word in pairs:
        if score >= SIMILAR and name not in found and word not in found.values():
            found[name] = word
    return {name: found[name] for name in names if name in found}


def _similarity(a: str, b: str) -> float:
    return SequenceMatcher(None, a.lower(), b.lower()).ratio()


def spelt_otherwise(kept: str, other: str) -> bool:
    """Whether `other` is the name `kept` spelt another way: alike, with the same first letter
    and the same last two, and neither the other plus an ending (`Russia`, `Russian`)."""
    a, b = kept.lower(), other.lower()
    return (not (a.startswith(b) or b.startswith(a)) and a[0] == b[0] and a[-2:] == b[-2:]
            and _similarity(a, b) >= SIMILAR)


def _whole(word: str) -> re.Pattern[str]:
    return re.compile(rf"(?<![\w-]){re.escape(word)}(?![\w-])")


def _count(word: str, text: str) -> int:
    return len(_whole(word).findall(text))


def _flag(unit: Unit, name: str) -> None:
    flag = f"name-inconsistent {name}"
    if flag not in unit.qa:
        unit.qa.append(flag)


class NameBook:
    """The renderings names have had so far in one article or one digest."""

    def __init__(self, fixed: Iterable[str] = ()) -> None:
        self.kept: dict[str, str] = {}  # German name → the rendering it keeps
        self.fixed = set(fixed)  # German words the glossary decides

    def harmonise(self, units: Iterable[Unit]) -> int:
        """Give every name in `units` (in reading order) its kept rendering where that is
        sure, flag where it is not; returns how many units changed."""
        return sum(self._harmonise(unit) for unit in units if unit.en)

    def _harmonise(self, unit: Unit) -> bool:
        english = unit.en or ""
        for name, word in renderings(unit.de, english).items():
            if name in self.fixed:
                continue
            replacement = self._replacement(name, word, unit)
            if replacement:
                english = _whole(word).sub(replacement, english)
        if english == unit.en:
            return False
        unit.en = english
        return True

    def _replacement(self, name: str, word: str, unit: Unit) -> str | None:
        """What `word`, the rendering of `name` in `unit`, is to be replaced by, if anything;
        flags `unit` where the spellings differ and it is not sure which is meant."""
        kept = self.kept.setdefault(name, word)
        if not spelt_otherwise(kept, word):
            return None
        if name.startswith(word):  # the German spelling, copied through: kept from here on
            self.kept[name] = word
        elif not name.startswith(kept) and _count(word, unit.en or "") <= _count(name, unit.de):
            return kept
        _flag(unit, name)
        return None
