"""Extractive summaries, no model: whole sentences of the article, quotations kept whole.

The unit of choice is a *passage*: one sentence, or the sentences a quotation spans
(quotes.py), taken or left together; passages.py weighs them by place and centrality. The
article summary is chosen first (brief.py: 2–3 points, the lead's key passage and what the
later sections add); a section's summary then comes from that section's other passages, so it
never repeats the article summary. The choice reads words only (`select`, with the stop words
of the language given): benchmarks/summaries_quality.py runs it on German pages.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from translate.document import Document
from translate.summarizers.brief import POINTS, points
from translate.summarizers.lengths import section_count
from translate.summarizers.passages import Passage, pick, vectors_of
from translate.summarizers.quotes import spans

IN_BRIEF = ("whole sentences of the translation: for the article, the lead's key sentence and "
            "what later sections add, as points")  # --help's words, the docs'
ARTICLE_POINTS = POINTS


@dataclass(slots=True)
class Selection:
    article: list[Passage]  # in reading order: the In brief's points
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
            self.brief(document, article)
            for section, summary in zip(document.sections, sections, strict=True):
                section.summary, section.summary_kind = summary, summary and self.kind
                section.set_aside = None

    def summaries(self, document: Document) -> tuple[list[str], list[str | None]]:
        """The article summary's points and each section's summary, in English, set on
        nothing."""
        chosen = select(english_passages(document), "en", self.sentences)
        return ([" ".join(p.texts) for p in chosen.article],
                [_join(passages) for passages in chosen.sections])

    def brief(self, document: Document, points: list[str]) -> None:
        """Set `points` as the article summary of `document` (this summariser's)."""
        document.summary_points = list(points)
        document.summary = " ".join(points) or None
        document.summary_kind = self.kind if points else None
        document.set_aside = None

    def section_alone(self, document: Document, index: int) -> str | None:
        """The summary of section `index` from all its sentences: for a section under an
        article summary this summariser did not choose."""
        section = english_passages(document)[index]
        left = _shorter(section, section)
        vectors = vectors_of(section, "en")
        return _join(pick(left, _section_count(section, left, self.sentences), vectors,
                          context=section))


def english_passages(document: Document) -> list[list[Passage]]:
    """Each section's translated sentences in passages; a quotation is read in the German and
    in the English (a translation may lose a mark)."""
    sections: list[list[Passage]] = []
    order = number = 0
    for section in document.sections:
        passages = []
        for paragraph in section.paragraphs:
            sentences = [s for s in paragraph.sentences if s.en]
            for run in spans([s.de for s in sentences], [s.en or "" for s in sentences]):
                passages.append(Passage(order, tuple(sentences[i].en or "" for i in run),
                                        number))
                order += 1
            number += bool(sentences)
        sections.append(passages)
    return sections


def select(sections: list[list[Passage]], language: str, most: int = 2) -> Selection:
    """The article summary's points (brief.py), then each section's summary (1 or `most`
    sentences) from the passages the article summary left."""
    passages = [p for section in sections for p in section]
    vectors = vectors_of(passages, language)
    article = points(sections, vectors)
    taken = {p.order for p in article}
    chosen = []
    for section in sections:
        left = _shorter(section, [p for p in section if p.order not in taken])
        count = _section_count(section, left, most)
        chosen.append(pick(left, count, vectors, context=section) if left else [])
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


def _join(passages: list[Passage]) -> str | None:
    return " ".join(text for p in passages for text in p.texts) or None
