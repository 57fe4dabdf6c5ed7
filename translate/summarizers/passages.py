"""Passages of an article and how they are weighed: TF-IDF vectors, a passage's place and
centrality, and a greedy choice that skips near-repeats.

News puts what matters first, so a passage's score mixes its position (the lead weighs most)
with its centrality: its mean TF-IDF cosine similarity to the other passages of its text. With
unit vectors that mean is one dot product against the sum of all the vectors
(Σ_o cos(c, o) = ĉ · Σ_o ô), so it costs O(sentences × words) instead of a comparison of every
pair: a 10 MB article without headings is summarised in seconds (benchmarks/summaries.py).
Passages that repeat what is already chosen are skipped (maximal marginal relevance), and the
chosen ones are returned in reading order.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

_WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")
STOPWORDS = {
    "en": frozenset("""a an and are as at be been but by for from had has have he her his i if
        in into is it its not of on or our she so than that the their them there they this to
        was we were what when which who will with would you your also after about more said
        says""".split()),
    "de": frozenset("""der die das den dem des ein eine einer einen einem eines und oder aber
        als auch auf aus bei bis durch für gegen in im ins mit nach noch nur ob ohne seit so
        über um unter von vom vor zu zum zur ist sind war waren wird werden wurde wurden hat
        haben hatte hatten sein seine seiner seinen sich sie er es ich wir ihr ihre ihren man
        nicht kein keine dass daß wie wenn was wer wo schon sehr mehr dann denn doch diese
        dieser dieses diesem diesen jetzt sagte sagt""".split()),
}
# Measured on 29 newsroom teasers (benchmarks/summaries_quality.py; docs/summaries.md):
# position is what matters; centrality only breaks near-ties, more of it loses ROUGE.
CENTRALITY = 0.05  # weight of centrality beside position (1/√rank) in a passage's score
SUBSTANCE = 6  # a passage with fewer distinct content words counts for less
REDUNDANCY = 0.3  # maximal marginal relevance: weight of similarity to what is chosen
DUPLICATE = 0.9  # a candidate this similar to a chosen passage is never taken

Vector = dict[str, float]


@dataclass(frozen=True, slots=True)
class Passage:
    """Sentences taken or left together; `texts` in the language scored, `order` the place of
    the passage in the article, `paragraph` the place of its paragraph."""

    order: int
    texts: tuple[str, ...]
    paragraph: int = 0


def vectors_of(passages: list[Passage], language: str) -> dict[int, Vector]:
    """Each passage's TF-IDF unit vector, by its order."""
    stopwords = STOPWORDS[language]
    words = [words_of(" ".join(p.texts), stopwords) for p in passages]
    weights = idf(words)
    return {p.order: unit(vector(w, weights)) for p, w in zip(passages, words, strict=True)}


def pick(candidates: list[Passage], count: int, vectors: dict[int, Vector],
         context: list[Passage] | None = None) -> list[Passage]:
    """Passages of up to `count` sentences in all, best first by position and centrality to
    `context`, skipping near-repeats of what is chosen and passages too long for what is left
    (the first may run one sentence over: a quotation across two sentences is one statement);
    returned in reading order."""
    context = candidates if context is None else context
    scores = weigh(candidates, context, vectors)
    overlap = [0.0] * len(candidates)
    chosen: list[int] = []
    room = count
    while room > 0:
        eligible = [i for i, c in enumerate(candidates) if i not in chosen
                    and overlap[i] < DUPLICATE and len(c.texts) <= room + (not chosen)]
        if not eligible:
            break
        best = max(eligible, key=lambda i: (scores[i] - REDUNDANCY * overlap[i], -i))
        chosen.append(best)
        room -= len(candidates[best].texts)
        taken = vectors[candidates[best].order]
        overlap = [max(o, dot(vectors[c.order], taken))
                   for o, c in zip(overlap, candidates, strict=True)]
    return [candidates[i] for i in sorted(chosen)]


def weigh(candidates: list[Passage], context: list[Passage], vectors: dict[int, Vector],
          centrality_weight: float = CENTRALITY) -> list[float]:
    """Each candidate's position among the context's passages (1 for the first, falling as
    1/√rank) and, weighted by `centrality_weight`, its centrality to `context` (scaled to the
    best one's); a passage of few words (a dateline, a caption, "36 hours.") counts for less."""
    first = min((p.order for p in context), default=0)
    central = centrality(candidates, context, vectors)
    top = max(central, default=0.0) or 1.0
    return [(1 / math.sqrt(1 + p.order - first) + centrality_weight * c / top)
            * substance(p, vectors) for c, p in zip(central, candidates, strict=True)]


def centrality(candidates: list[Passage], context: list[Passage],
               vectors: dict[int, Vector]) -> list[float]:
    """Each candidate's mean cosine similarity to the other passages of `context`."""
    total = sum_of(vectors[p.order] for p in context)
    others = max(len(context) - 1, 1)
    in_context = {p.order for p in context}
    return [(dot(vectors[c.order], total)
             - (1.0 if c.order in in_context and vectors[c.order] else 0.0)) / others
            for c in candidates]


def substance(passage: Passage, vectors: dict[int, Vector]) -> float:
    """1 for a passage of SUBSTANCE distinct content words or more, less for fewer."""
    return min(1.0, len(vectors[passage.order]) / SUBSTANCE)


def words_of(text: str, stopwords: frozenset[str]) -> list[str]:
    return [w for w in _WORD.findall(text.lower()) if w not in stopwords and len(w) > 1]


def idf(documents: list[list[str]]) -> dict[str, float]:
    frequency = Counter(word for words in documents for word in set(words))
    return {word: math.log((1 + len(documents)) / (1 + n)) + 1 for word, n in frequency.items()}


def vector(words: list[str], weights: dict[str, float]) -> Vector:
    return {word: n * weights.get(word, 1.0) for word, n in Counter(words).items()}


def unit(of: Vector) -> Vector:
    norm = math.sqrt(sum(w * w for w in of.values()))
    return {word: w / norm for word, w in of.items()} if norm else {}


def sum_of(vectors: Iterable[Vector]) -> Vector:
    total: Vector = {}
    for each in vectors:
        for word, weight in each.items():
            total[word] = total.get(word, 0.0) + weight
    return total


def dot(a: Vector, b: Vector) -> float:
    """The cosine of two unit vectors (0 when either is empty)."""
    if len(a) > len(b):
        a, b = b, a
    return sum(weight * b.get(word, 0.0) for word, weight in a.items())
