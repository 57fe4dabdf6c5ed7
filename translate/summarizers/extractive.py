"""Extractive summaries, no model: the sentences most central to their text.

A sentence's centrality is its mean TF-IDF cosine similarity to the other sentences of its
text. With unit vectors that mean is one dot product against the sum of all the vectors
(Σ_o cos(c, o) = ĉ · Σ_o ô), so it costs O(sentences × words) instead of a comparison of every
pair: a 10 MB article without headings is summarised in seconds (benchmarks/summaries.py).
Sentences that repeat what is already chosen are skipped (maximal marginal relevance), and
the chosen ones are printed in reading order.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from typing import Any

from translate.document import Document, Sentence
from translate.summarizers.lengths import article_count, section_count

_WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")
_STOPWORDS = frozenset(
    """a an and are as at be been but by for from had has have he her his i if in into is it
    its not of on or our she so than that the their them there they this to was we were what
    when which who will with would you your also after about more said says""".split()
)
_CENTRALITY = 0.7  # maximal marginal relevance: weight of centrality against redundancy
_DUPLICATE = 0.9  # a candidate this similar to a chosen sentence is never taken

Vector = dict[str, float]


class ExtractiveSummarizer:
    kind = "extractive"
    model = None

    def __init__(self, sentences: int = 2) -> None:
        self.sentences = sentences  # at most this many per section summary

    def label(self) -> dict[str, Any]:
        return {"kind": self.kind, "model": None, "sentences": self.sentences}

    def summarize(self, *documents: Document) -> None:
        for document in documents:
            self._summarize(document)

    def _summarize(self, document: Document) -> None:
        """Each section keeps its 1–2 most central sentences; the article summary takes the
        2–4 of those that are most central to the whole article."""
        translated = [s for s in document.sentences() if s.en]
        weights = _idf([_words(s.en or "") for s in translated])
        vectors = {id(s): _unit(_vector(s.en or "", weights)) for s in translated}
        picked: list[Sentence] = []
        for section in document.sections:
            sentences = [s for s in section.sentences() if s.en]
            chosen = _pick(sentences, section_count(len(sentences), self.sentences), vectors)
            section.summary = _join(chosen)
            picked += chosen
        count = article_count(len(translated))
        document.summary = _join(_pick(picked, count, vectors, context=translated))


def _pick(candidates: list[Sentence], count: int, vectors: dict[int, Vector],
          context: list[Sentence] | None = None) -> list[Sentence]:
    """Up to `count` candidates, most central to `context` first, skipping near-repeats of
    what is already chosen; returned in reading order."""
    context = candidates if context is None else context
    total = _sum(vectors[id(s)] for s in context)
    others = max(len(context) - 1, 1)
    in_context = {id(s) for s in context}
    centrality = [(_dot(vectors[id(c)], total) - (_dot(vectors[id(c)], vectors[id(c)])
                                                   if id(c) in in_context else 0.0)) / others
                  for c in candidates]
    overlap = [0.0] * len(candidates)
    chosen: list[int] = []
    while len(chosen) < count:
        eligible = [i for i in range(len(candidates))
                    if i not in chosen and overlap[i] < _DUPLICATE]
        if not eligible:
            break
        best = max(eligible, key=lambda i: (
            _CENTRALITY * centrality[i] - (1 - _CENTRALITY) * overlap[i], -i))
        chosen.append(best)
        taken = vectors[id(candidates[best])]
        overlap = [max(o, _dot(vectors[id(c)], taken)) for o, c in zip(overlap, candidates,
                                                                        strict=True)]
    return [candidates[i] for i in sorted(chosen)]


def _join(sentences: list[Sentence]) -> str | None:
    return " ".join(s.en or "" for s in sentences) or None


def _words(text: str) -> list[str]:
    return [w for w in _WORD.findall(text.lower()) if w not in _STOPWORDS and len(w) > 1]


def _idf(documents: list[list[str]]) -> dict[str, float]:
    frequency = Counter(word for words in documents for word in set(words))
    return {word: math.log((1 + len(documents)) / (1 + n)) + 1 for word, n in frequency.items()}


def _vector(text: str, idf: dict[str, float]) -> Vector:
    return {word: n * idf.get(word, 1.0) for word, n in Counter(_words(text)).items()}


def _unit(vector: Vector) -> Vector:
    norm = math.sqrt(sum(w * w for w in vector.values()))
    return {word: w / norm for word, w in vector.items()} if norm else {}


def _sum(vectors: Any) -> Vector:
    total: Vector = {}
    for vector in vectors:
        for word, weight in vector.items():
            total[word] = total.get(word, 0.0) + weight
    return total


def _dot(a: Vector, b: Vector) -> float:
    """The cosine of two unit vectors (0 when either is empty)."""
    if len(a) > len(b):
        a, b = b, a
    return sum(weight * b.get(word, 0.0) for word, weight in a.items())
