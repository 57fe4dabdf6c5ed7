"""Glossary terms enforced around a model that cannot be told about them.

The model never sees a glossary term. Each match (translate.edits.glossary) is replaced by a
placeholder, `ZQ1`, `ZQ2`, … in order: a short code of capitals and digits, the kind of token
(like `KN-23` or `G20`) that MarianMT models copy through unchanged. After translation every
placeholder must come back exactly once, and none may appear that was not sent; then each is
replaced by the term's English. A sentence that fails that check is translated again without
placeholders, and each term's English is put where the model wrote the term: its own
rendering if already right, else the German word, else the capitalised word closest in
spelling to the term (the model's transliteration, e.g. `Vostotschny` for `Wostotschny`);
a term the German has twice needs two occurrences (translate.edits.renderings). A term with
none is left as the model wrote it and carries the QA flag `term-missing TERM`: never a lost
or doubled term without a flag, never a placeholder in the output. A rendering written in
lower case opens a sentence with a capital.

What happened to every term is recorded on its unit (`Unit.terms`, in the JSON):
`placeholder` (masked, copied, restored), `unmasked` (the retry without placeholders had the
English already), `aligned` (put over the model's word), `memory` (the sentence came from the
translation memory, English checked), `missing` (flagged).

The memory is keyed with the glossary entries a sentence matched (`KeyedMemory`), so editing
the glossary re-translates exactly the sentences whose entries changed.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import TYPE_CHECKING, Protocol

from translate.document import Translation, Unit
from translate.edits.glossary import Glossary, Match
from translate.edits.renderings import cased, place, present

if TYPE_CHECKING:
    from translate.model.cache import TranslationCache
    from translate.model.retry import Attempt
    from translate.model.signature import Signature

PLACEHOLDER = "ZQ{}"
_PLACEHOLDER = re.compile(r"ZQ\d+")

Batches = Callable[[list[tuple[str, Translation]]], None]


class Translate(Protocol):
    """Translator.translate's shape, which the enforcing wrapper keeps."""

    def __call__(self, texts: list[str], on_batch: Batches | None = None,
                 attempt: Attempt | None = None) -> list[Translation]: ...


@dataclass(frozen=True, slots=True)
class Masked:
    """A German text as the model gets it, and the matches its placeholders stand for
    (`masked` False: sent as it is, because the text holds a placeholder-like code already)."""

    text: str
    matches: tuple[Match, ...]
    masked: bool = True


def mask(text: str, matches: tuple[Match, ...]) -> Masked:
    if not matches or _PLACEHOLDER.search(text):
        return Masked(text, matches, masked=False)
    parts, last = [], 0
    for number, match in enumerate(matches, 1):
        parts += [text[last:match.start], PLACEHOLDER.format(number)]
        last = match.end
    return Masked("".join([*parts, text[last:]]), matches)


def restore(masked: Masked, english: str) -> str | None:
    """The English with each placeholder replaced by its term's English; None unless every
    placeholder sent came back exactly once and no other appeared."""
    sent = {PLACEHOLDER.format(number): match.term.en
            for number, match in enumerate(masked.matches, 1)}
    if Counter(_PLACEHOLDER.findall(english)) != Counter(sent.keys()):
        return None
    return _PLACEHOLDER.sub(lambda found: cased(english, found.start(), sent[found.group()]),
                            english)


class Enforcer:
    """The glossary applied around a translate function, and the record of what it did."""

    def __init__(self, glossary: Glossary) -> None:
        self.glossary = glossary
        self.find = lru_cache(maxsize=16384)(lambda text: tuple(glossary.find(text)))
        self._how: dict[str, tuple[str, ...]] = {}  # German text → how, per match

    def wrap(self, translate: Translate) -> Translate:
        """`translate` with the glossary enforced: same arguments, same results' order."""
        def enforced(texts: list[str], on_batch: Batches | None = None,
                     attempt: Attempt | None = None) -> list[Translation]:
            return self._translate(translate, texts, on_batch, attempt)
        return enforced

    def _translate(self, translate: Translate, texts: list[str], on_batch: Batches | None,
                   attempt: Attempt | None) -> list[Translation]:
        plans = {text: mask(text, self.find(text)) for text in dict.fromkeys(texts)}
        texts_of: dict[str, list[str]] = {}
        for text, plan in plans.items():
            texts_of.setdefault(plan.text, []).append(text)
        done: dict[str, Translation] = {}
        retry: list[str] = []

        def first(pairs: list[tuple[str, Translation]]) -> None:
            finished = []
            for sent, translation in pairs:
                for text in texts_of[sent]:
                    if text in done or text in retry:
                        continue
                    english = restore(plans[text], translation.text) \
                        if plans[text].masked else None
                    if english is None and plans[text].matches:
                        retry.append(text)
                        continue
                    done[text] = _with(translation, english)
                    self._how[text] = ("placeholder",) * len(plans[text].matches)
                    finished.append((text, done[text]))
            if on_batch and finished:
                on_batch(finished)

        sent = list(texts_of)
        first(list(zip(sent, translate(sent, first, attempt), strict=True)))
        if retry:
            self._unmasked(translate, retry, plans, done, on_batch, attempt)
        return [done[text] for text in texts]

    def _unmasked(self, translate: Translate, texts: list[str], plans: dict[str, Masked],
                  done: dict[str, Translation], on_batch: Batches | None,
                  attempt: Attempt | None) -> None:
        """Translate `texts` as they are, then place each term's English (see `place`)."""
        finished = []
        for text, translation in zip(texts, translate(texts, None, attempt), strict=True):
            english, self._how[text] = place(translation.text, plans[text].matches)
            done[text] = _with(translation, english)
            finished.append((text, done[text]))
        if on_batch:
            on_batch(finished)

    def annotate(self, unit: Unit) -> None:
        """Record on `unit` which terms it has and how each was enforced; a term whose
        English is not in the unit's English, once for each time the German has it, gets a
        QA flag."""
        matches = self.find(unit.de)
        hows = self._how.get(unit.de, ("memory",) * len(matches))
        unit.terms = []
        for match, how, found in zip(matches, hows, present(unit.en or "", matches),
                                     strict=True):
            if not found:
                how = "missing"
                flag = f"term-missing {match.term.de}"
                if flag not in unit.qa:
                    unit.qa.append(flag)
            unit.terms.append({"de": match.surface, "en": match.term.en, "how": how})

    def forget(self, texts: Iterable[str]) -> None:
        """Drop the records of `texts` once their units have them: a run's memory use
        stays that of one group of articles."""
        for text in texts:
            self._how.pop(text, None)

    def key(self, text: str) -> str:
        """The glossary's part of `text`'s memory key: the entries it matched ("" for none)."""
        matches = self.find(text)
        return self.glossary.digest(tuple(match.term for match in matches)) if matches else ""


def _with(translation: Translation, english: str | None) -> Translation:
    if english is None or english == translation.text:
        return translation
    return Translation(english, translation.score, translation.capped)


class KeyedMemory:
    """A translation memory whose key includes the glossary entries each text matched:
    a text no entry matches shares its entry with runs without a glossary."""

    def __init__(self, memory: TranslationCache, enforcer: Enforcer) -> None:
        self.memory = memory
        self.enforcer = enforcer

    def _signed(self, signature: Signature, texts: Iterable[str]
                ) -> dict[str, tuple[Signature, list[str]]]:
        groups: dict[str, tuple[Signature, list[str]]] = {}
        for text in texts:
            key = self.enforcer.key(text)
            signed = replace(signature, glossary=key) if key else signature
            groups.setdefault(key, (signed, []))[1].append(text)
        return groups

    def lookup(self, signature: Signature, texts: list[str]) -> dict[str, Translation]:
        found: dict[str, Translation] = {}
        for signed, group in self._signed(signature, texts).values():
            found.update(self.memory.lookup(signed, group))
        return found

    def store(self, signature: Signature, pairs: list[tuple[str, Translation]]) -> None:
        english = dict(pairs)
        for signed, group in self._signed(signature, english).values():
            self.memory.store(signed, [(text, english[text]) for text in group])
