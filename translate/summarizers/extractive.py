"""Extractive summaries, no model: whole sentences of the article, chosen for their place and
their centrality, quotations kept whole.

News puts what matters first, so a passage's score mixes its position (the lead weighs most)
with its centrality: its mean TF-IDF cosine similarity to the other passages of its text. With
unit vectors that mean is one dot product against the sum of all the vectors
(Σ_o cos(c, o) = ĉ · Σ_o ô), so it costs O(sentences × words) instead of a comparison of every
pair: a 10 MB article without headings is summarised in seconds (benchmarks/summaries.py).
Passages that repeat what is already chosen are skipped (maximal marginal relevance), and the
chosen ones are printed in reading order.

The unit of choice is a *passage*: one sentence, or the sentences a quotation spans
(quotes.py), taken or left together. The article summary is chosen first, from the whole
article; a section's summary then comes from that section's other passages, so it never
repeats the article summary. The choice reads words only (`select`, with the stop words of
the language given): benchmarks/summaries_quality.py runs it on German pages.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from translate.document import Document
from translate.summarizers.lengths import section_count
from translate.summarizers.quotes import spans

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
ARTICLE_SENTENCES = 2  # the article summary: as long as a desk's teaser
IN_BRIEF = "whole sentences of the translation, the lead first"  # --help's words, the docs'
CENTRALITY = 0.05  # weight of centrality beside position (1/√rank) in a passage's score
SUBSTANCE = 6  # a passage with fewer distinct content words counts for less
REDUNDANCY = 0.3  # maximal marginal relevance: weight of similarity to what is chosen
DUPLICATE = 0.9  # a candidate this similar to a chosen passage is never taken

Vector = dict[str, float]


@dataclass(frozen=True, slots=True)
class Passage:
    """Sentences taken or left together; `texts` in the language scored, `order` the place of
    the passage in the article."""

    order: int
    texts: tuple[str, ...]


@dataclass(slots=True)
class Selection:
    article: list[Passage]  # in reading order
    sections: list[list[Passage]]


class ExtractiveSummarizer:
    kind = "extractive"
    model = None

    def __init__(self, sentences: int = 2) -> None:
        self.sentences = sentences  # at most this many per section summary

    def label(self) -> dict[str, Any]:
        return {"kind": self.kind, "model": None, "sentences": self.sentences}

    def summarize(self, *documents: Document) -> None:
        for document in documents:
            article, sections = self.summaries(document)
            document.summary, document.summary_kind = article, article and self.kind
            document.set_aside = None
            for section, summary in zip(document.sections, sections, strict=True):
                section.summary, section.summary_kind = summary, summary and self.kind
                section.set_aside = None

    def summaries(self, document: Document) -> tuple[str | None, list[str | None]]:
        """The article's summary and each section's, in English, set on nothing."""
        chosen = select(english_passages(document), "en", self.sentences)
        return _join(chosen.article), [_join(passages) for passages in chosen.sections]

    def section_alone(self, document: Document, index: int) -> str | None:
        """The summary of section `index` from all its sentences: for a section under an
        article summary this summariser did not choose."""
        section = english_passages(document)[index]
        left = _shorter(section, section)
        vectors = _vectors(section, "en")
        return _join(_pick(left, _section_count(section, left, self.sentences), vectors,
                           context=section))


def english_passages(document: Document) -> list[list[Passage]]:
    """Each section's translated sentences in passages; a quotation is read in the German and
    in the English (a translation may lose a mark)."""
    sections: list[list[Passage]] = []
    order = 0
    for section in document.sections:
        passages = []
        for paragraph in section.paragraphs:
            sentences = [s for s in paragraph.sentences if s.en]
            for run in spans([s.de for s in sentences], [s.en or "" for s in sentences]):
                passages.append(Passage(order, tuple(sentences[i].en or "" for i in run)))
                order += 1
        sections.append(passages)
    return sections


def select(sections: list[list[Passage]], language: str, most: int = 2) -> Selection:
    """The article summary's passages (ARTICLE_SENTENCES sentences), then each section's (1
    or `most` sentences) from the passages the article summary left."""
    passages = [p for section in sections for p in section]
    vectors = _vectors(passages, language)
    article = _pick(passages, ARTICLE_SENTENCES, vectors)
    taken = {p.order for p in article}
    chosen = []
    for section in sections:
        left = _shorter(section, [p for p in section if p.order not in taken])
        count = _section_count(section, left, most)
        chosen.append(_pick(left, count, vectors, context=section) if left else [])
    return Selection(article, chosen)


def _shorter(section: list[Passage], passages: list[Passage]) -> list[Passage]:
    """`passages` less one that is all of `section`: a summary says less than its text."""
    size = sum(len(p.texts) for p in section)
    return [p for p in passages if len(p.texts) < size]


def _section_count(section: list[Passage], left: list[Passage], most: int) -> int:
    """Sentences of a section's summary: by the section's length, and fewer than are `left`
    to choose from (but one passage may be all that is left)."""
    size = sum(len(p.texts) for p in left)
    return min(section_count(sum(len(p.texts) for p in section), most), max(size - 1, 1))


def _vectors(passages: list[Passage], language: str) -> dict[int, Vector]:
    """Each passage's TF-IDF unit vector, by its order."""
    stopwords = STOPWORDS[language]
    words = [_words(" ".join(p.texts), stopwords) for p in passages]
    weights = _idf(words)
    return {p.order: _unit(_vector(w, weights)) for p, w in zip(passages, words, strict=True)}


def _pick(candidates: list[Passage], count: int, vectors: dict[int, Vector],
          context: list[Passage] | None = None) -> list[Passage]:
    """Passages of up to `count` sentences in all, best first by position and centrality to
    `context`, skipping near-repeats of what is chosen and passages too long for what is left
    (the first may run one sentence over: a quotation across two sentences is one statement);
    returned in reading order."""
    context = candidates if context is None else context
    scores = _scores(candidates, context, vectors)
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
        overlap = [max(o, _dot(vectors[c.order], taken))
                   for o, c in zip(overlap, candidates, strict=True)]
    return [candidates[i] for i in sorted(chosen)]


def _scores(candidates: list[Passage], context: list[Passage],
            vectors: dict[int, Vector]) -> list[float]:
    """Each candidate's position among the context's passages (1 for the first, falling as
    1/√rank) and, far less, its centrality to `context` (scaled to the best one's); a
    passage of few words (a dateline, a caption, "36 hours.") counts for less."""
    total = _sum(vectors[p.order] for p in context)
    others = max(len(context) - 1, 1)
    in_context = {p.order for p in context}
    first = min((p.order for p in context), default=0)
    centrality = [(_dot(vectors[c.order], total)
                   - (1.0 if c.order in in_context and vectors[c.order] else 0.0)) / others
                  for c in candidates]
    top = max(centrality, default=0.0) or 1.0
    return [(1 / math.sqrt(1 + p.order - first) + CENTRALITY * c / top)
            * min(1.0, len(vectors[p.order]) / SUBSTANCE)
            for c, p in zip(centrality, candidates, strict=True)]


def _join(passages: list[Passage]) -> str | None:
    return " ".join(text for p in passages for text in p.texts) or None


def _words(text: str, stopwords: frozenset[str]) -> list[str]:
    return [w for w in _WORD.findall(text.lower()) if w not in stopwords and len(w) > 1]


def _idf(documents: list[list[str]]) -> dict[str, float]:
    frequency = Counter(word for words in documents for word in set(words))
    return {word: math.log((1 + len(documents)) / (1 + n)) + 1 for word, n in frequency.items()}


def _vector(words: list[str], idf: dict[str, float]) -> Vector:
    return {word: n * idf.get(word, 1.0) for word, n in Counter(words).items()}


def _unit(vector: Vector) -> Vector:
    norm = math.sqrt(sum(w * w for w in vector.values()))
    return {word: w / norm for word, w in vector.items()} if norm else {}


def _sum(vectors: Iterable[Vector]) -> Vector:
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

