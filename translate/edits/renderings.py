"""Where glossary renderings stand in an English sentence, and putting them there.

Each German match needs an occurrence of its own: "Wostotschny ... Wostotschny" needs
"Vostochny" twice, so an occurrence, once counted for one match, is not counted for
another. A rendering takes the case its place needs: one written in lower case
("chancellor") opens a sentence with a capital; one the user wrote with a capital in its
first word (`Vostochny`, `iPhone`) is kept as written, and so is a capital the model gave a
rendering mid-sentence.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from difflib import SequenceMatcher

from translate.edits.glossary import Match

_WORD = re.compile(r"[A-ZÄÖÜ][\w-]*")
# Before a sentence's first word: the text's start, or an end of sentence and a space; then
# opening quotes, brackets or dashes.
_OPENING = re.compile(r"(?:^|[.!?…][\"'”’»)\]]*\s)[\s\"'“„«‘‚(\[–—-]*$")
SIMILAR = 0.7  # spelling similarity at which a capitalised word counts as the term's

Span = tuple[int, int]


def opens_sentence(english: str, start: int) -> bool:
    return _OPENING.search(english[:start]) is not None


def cased(english: str, start: int, rendering: str) -> str:
    """`rendering` as it reads at `start` of `english`: capitalised where it opens a sentence,
    unless the user wrote capitals in its first word."""
    first = rendering.split(" ", 1)[0]
    if first == first.lower() and opens_sentence(english, start):
        return rendering[:1].upper() + rendering[1:]
    return rendering


def _whole(word: str, any_case_first: bool = False) -> re.Pattern[str]:
    head = re.escape(word[:1])
    if any_case_first and word[:1].lower() != word[:1].upper():
        head = f"[{word[:1].lower()}{word[:1].upper()}]"
    return re.compile(rf"(?<!\w){head}{re.escape(word[1:])}(?!\w)")


def _similarity(word: str, *forms: str) -> float:
    return max(SequenceMatcher(None, word.lower(), form.lower()).ratio() for form in forms)


class Renderings:
    """An English sentence and the spans of it already counted for a match."""

    def __init__(self, english: str) -> None:
        self.english = english
        self.claimed: list[Span] = []

    def _free(self, spans: list[Span]) -> list[Span]:
        return [span for span in spans if all(span[1] <= start or span[0] >= end
                                              for start, end in self.claimed)]

    def rendering(self, match: Match) -> Span | None:
        """The first occurrence of the match's rendering not counted yet (its first letter
        in either case: `write` gives it the case its place needs)."""
        pattern = _whole(match.term.en, any_case_first=True)
        return next(iter(self._free([m.span() for m in pattern.finditer(self.english)])), None)

    def german(self, match: Match) -> Span | None:
        """The first German word of the match copied through, not counted yet."""
        for german in dict.fromkeys((match.surface, match.term.de)):
            spans = self._free([m.span() for m in _whole(german).finditer(self.english)])
            if spans:
                return spans[0]
        return None

    def closest(self, match: Match) -> Span | None:
        """The capitalised word not counted yet that is spelled most like the term (the
        model's transliteration, `Vostotschny` for `Wostotschny`), if close enough."""
        def likeness(span: Span) -> float:
            return _similarity(self.english[span[0]:span[1]], match.term.de, match.term.en)
        spans = [span for span in self._free([m.span() for m in _WORD.finditer(self.english)])
                 if likeness(span) >= SIMILAR]
        return max(spans, key=likeness, default=None)

    def claim(self, span: Span) -> None:
        self.claimed.append(span)

    def write(self, span: Span, rendering: str) -> None:
        """`rendering` over `span`, cased for its place, and counted. An occurrence that
        differs from it only by a capital the model gave it mid-sentence ("the Chancellor
        said" for `chancellor`) is kept as the model wrote it."""
        start, end = span
        text = cased(self.english, start, rendering)
        if self.english[start + 1:end] == text[1:] and not opens_sentence(self.english, start):
            text = self.english[start:end]
        self.english = self.english[:start] + text + self.english[end:]
        shift = len(text) - (end - start)
        self.claimed = [(a + shift, b + shift) if a >= end else (a, b) for a, b in self.claimed]
        self.claim((start, start + len(text)))


def _longest_first(matches: tuple[Match, ...]) -> list[int]:
    """Indexes of `matches`, longer renderings first: "German Bundestag" counts its words
    before "Bundestag" may."""
    return sorted(range(len(matches)), key=lambda index: -len(matches[index].term.en))


def place(english: str, matches: tuple[Match, ...]) -> tuple[str, tuple[str, ...]]:
    """Every match's English put into the model's unmasked `english`, and how, per match:
    `unmasked` (an occurrence of its own there already), `aligned` (written over the German
    word copied through, else over the closest spelling), `missing`."""
    renderings = Renderings(english)
    hows: list[str | None] = [None] * len(matches)
    steps: tuple[tuple[str, Callable[[Match], Span | None]], ...] = (
        ("unmasked", renderings.rendering), ("aligned", renderings.german),
        ("aligned", renderings.closest))
    for how, find in steps:
        for index in _longest_first(matches):
            if hows[index] is None and (span := find(matches[index])):
                renderings.write(span, matches[index].term.en)
                hows[index] = how
    return renderings.english, tuple(how or "missing" for how in hows)


def present(english: str, matches: tuple[Match, ...]) -> tuple[bool, ...]:
    """Whether each match has an occurrence of its rendering of its own in `english`."""
    renderings = Renderings(english)
    found = [False] * len(matches)
    for index in _longest_first(matches):
        if span := renderings.rendering(matches[index]):
            renderings.claim(span)
            found[index] = True
    return tuple(found)
