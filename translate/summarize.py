"""English summaries of every section and of the whole article.

The extractive summariser needs no model: it keeps the sentences most central to their text
(highest TF-IDF cosine similarity to the other sentences), skipping ones that repeat what is
already chosen, and prints them in reading order.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from typing import Protocol

from translate.document import Document, Sentence

_WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")
_STOPWORDS = frozenset(
    """a an and are as at be been but by for from had has have he her his i if in into is it
    its not of on or our she so than that the their them there they this to was we were what
    when which who will with would you your also after about more said says""".split()
)
_CENTRALITY = 0.7  # maximal marginal relevance: weight of centrality against redundancy
_DUPLICATE = 0.9  # a candidate this similar to a chosen sentence is never taken


class Summarizer(Protocol):
    kind: str
    model: str | None

    def summarize(self, document: Document) -> None:
        """Set `summary` on every section and on the document (None where there is none)."""


class NoSummarizer:
    kind = "none"
    model = None

    def summarize(self, document: Document) -> None:
        return None


class ExtractiveSummarizer:
    kind = "extractive"
    model = None

    def summarize(self, document: Document) -> None:
        """Each section keeps its 1–2 most central sentences; the article summary takes the
        2–4 of those that are most central to the whole article."""
        translated = [s for s in document.sentences() if s.en]
        weights = _idf([_words(s.en or "") for s in translated])
        picked: list[Sentence] = []
        for section in document.sections:
            sentences = [s for s in section.sentences() if s.en]
            chosen = _pick(sentences, 1 if len(sentences) <= 3 else 2, weights)
            section.summary = _join(chosen)
            picked += chosen
        count = 2 if len(translated) <= 8 else 3 if len(translated) <= 20 else 4
        document.summary = _join(_pick(picked, count, weights, context=translated))


def _pick(candidates: list[Sentence], count: int, idf: dict[str, float],
          context: list[Sentence] | None = None) -> list[Sentence]:
    """Up to `count` candidates, most central to `context` first, skipping near-repeats of
    what is already chosen; returned in reading order."""
    context = candidates if context is None else context
    vectors = {id(s): _vector(s.en or "", idf) for s in [*candidates, *context]}
    centrality = {
        id(c): sum(_cosine(vectors[id(c)], vectors[id(o)]) for o in context if o is not c)
        / max(len(context) - 1, 1)
        for c in candidates
    }
    chosen: list[Sentence] = []
    while len(chosen) < count:
        overlap = {
            i: max((_cosine(vectors[id(c)], vectors[id(s)]) for s in chosen), default=0.0)
            for i, c in enumerate(candidates) if all(c is not s for s in chosen)
        }
        eligible = [i for i, o in overlap.items() if o < _DUPLICATE]
        if not eligible:
            break
        best = max(eligible, key=lambda i: (
            _CENTRALITY * centrality[id(candidates[i])] - (1 - _CENTRALITY) * overlap[i], -i))
        chosen.append(candidates[best])
    return sorted(chosen, key=candidates.index)


def _join(sentences: list[Sentence]) -> str | None:
    return " ".join(s.en or "" for s in sentences) or None


def _words(text: str) -> list[str]:
    return [w for w in _WORD.findall(text.lower()) if w not in _STOPWORDS and len(w) > 1]


def _idf(documents: list[list[str]]) -> dict[str, float]:
    frequency = Counter(word for words in documents for word in set(words))
    return {word: math.log((1 + len(documents)) / (1 + n)) + 1 for word, n in frequency.items()}


def _vector(text: str, idf: dict[str, float]) -> dict[str, float]:
    return {word: n * idf.get(word, 1.0) for word, n in Counter(_words(text)).items()}


def _cosine(a: dict[str, float], b: dict[str, float]) -> float:
    dot = sum(weight * b.get(word, 0.0) for word, weight in a.items())
    norm = math.sqrt(sum(w * w for w in a.values())) * math.sqrt(sum(w * w for w in b.values()))
    return dot / norm if norm else 0.0


SUMMARIZERS: dict[str, type[Summarizer]] = {"extractive": ExtractiveSummarizer,
                                             "none": NoSummarizer}
