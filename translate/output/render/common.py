"""What every renderer shows the same way."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import PurePath
from typing import NamedTuple

from translate.document import CLAIM_NOT_IN_TEXT, Document, Section, translator_words
from translate.output.render.dates import readable
from translate.text.english import sentences_of

# The article's summary and a section's are labelled apart: the page opens with both.
ARTICLE_SUMMARY, SECTION_SUMMARY = "In brief", "Summary"
KEY_LABEL = "translate-key"  # how a page's comment records the output's up-to-date key
_COMMENTED_KEY = re.compile(rf"{KEY_LABEL}: ([0-9a-f]{{16}})")


class English(NamedTuple):
    """What an output shows of its article that the folder index lists (a Writer reads it
    back for an up-to-date article whose row the memory no longer holds)."""

    title: str | None
    summary: str | None
    flagged: int  # units with QA flags


def commented_key(text: str) -> str | None:
    """The up-to-date key a page records in a comment, `translate-key: KEY` (None: none)."""
    match = _COMMENTED_KEY.search(text)
    return match[1] if match else None


def byline_parts(document: Document) -> list[str]:
    """Author, date and credit: who wrote the article (the machine is named at the end)."""
    meta = document.meta
    return [part for part in (meta.author, meta.date and readable(meta.date), meta.credit)
            if part]


@dataclass(frozen=True, slots=True)
class WebSource:
    """Where a web article was read: its address (where redirects ended), and when it was
    fetched (ISO 8601, UTC; None for the full text a feed carried)."""

    url: str
    fetched_at: str | None

    def fetched(self) -> str | None:
        """The fetch time in a reader's words, as every date on the pages: "7 Dec 2026,
        10:02 UTC"."""
        return readable(self.fetched_at) if self.fetched_at else None


def web_source(document: Document) -> WebSource | None:
    """The page an article was fetched from (None for a file or standard input)."""
    url = document.source.final_url or document.source.url
    return WebSource(url, document.source.fetched_at) if url else None


def translation_note(document: Document) -> str | None:
    """How the English was made, for the end of a page: the model, its revision and the
    beam width (None when the run is not recorded)."""
    translator = document.run.translator if document.run else None
    if not translator:
        return None
    return "Translated by machine: " + ", ".join(translator_words(translator)) + "."


def qa_numbers(section: Section) -> dict[str, int]:
    """The number of each flagged sentence's note, counted from 1 in each section: the same
    numbers in every format that lists the notes."""
    flagged = [s for p in section.paragraphs for s in p.sentences if s.qa]
    return {sentence.id: number for number, sentence in enumerate(flagged, 1)}


def shown_summary(section: Section, document: Document) -> str | None:
    """A section's summary as a page shows it: without the sentences the article summary
    above already has (None when nothing new is left), and none for the lead (the section
    without a heading) under an article summary: the In brief above is its box. The JSON
    keeps every summary whole."""
    if not section.summary or not document.summary:
        return section.summary
    if section.heading is None:
        return None
    fresh = [s for s in sentences_of(section.summary) if s.strip() not in document.summary]
    return " ".join(fresh) or None


def summary_origin(target: Section | Document, document: Document) -> str | None:
    """Who wrote a summary, in words a reader understands: sentences quoted from the
    article, or a language model, named, whose names and figures were checked; and when a
    model's summary was set aside for the quoted one, that too, and why (None when unknown)."""
    if target.set_aside is not None:
        return ("quoted from the article, in place of a language model's summary that "
                + _failed(target.set_aside))
    if target.summary_kind == "extractive":
        return "quoted from the article"
    if target.summary_kind is None:
        return None
    model = str(((document.run.summarizer if document.run else None) or {}).get("model") or "")
    name = PurePath(model).name.removesuffix(".gguf") if model else ""
    by = f"a language model ({name})" if name else "a language model"
    return f"written by {by}; names and figures checked against the article"


def _failed(set_aside: list[str]) -> str:
    """What a set-aside summary did wrong, from its `set_aside` entries."""
    claims = sum(entry.startswith(CLAIM_NOT_IN_TEXT) for entry in set_aside)
    reasons = ["said what the text does not say"] if claims else []
    if claims < len(set_aside) or not set_aside:
        reasons.insert(0, "named people, places or figures the text does not mention")
    return " and ".join(reasons)
