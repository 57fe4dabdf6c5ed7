"""What every renderer shows the same way."""

from __future__ import annotations

from pathlib import PurePath

from translate.document import Document, Section, translator_byline
from translate.output.render.dates import readable
from translate.text.english import sentences_of

# The article's summary and a section's are labelled apart: the page opens with both.
ARTICLE_SUMMARY, SECTION_SUMMARY = "In brief", "Summary"


def byline_parts(document: Document) -> list[str]:
    """Author, date (in words: translate.output.render.dates), credit, then the model, its
    revision and the beam width of the run."""
    meta = document.meta
    parts = [meta.author, meta.date and readable(meta.date), meta.credit]
    translator = document.run.translator if document.run else None
    if translator:
        parts += translator_byline(translator)
    return [part for part in parts if part]


def shown_summary(section: Section, document: Document) -> str | None:
    """A section's summary as a page shows it: without the sentences the article summary
    above already has (None when nothing new is left). The JSON keeps the whole summary."""
    if not section.summary or not document.summary:
        return section.summary
    fresh = [s for s in sentences_of(section.summary) if s.strip() not in document.summary]
    return " ".join(fresh) or None


def summary_origin(target: Section | Document, document: Document) -> str | None:
    """Who wrote a summary, in words a reader understands: sentences quoted from the
    article, or a language model, named, whose names and figures were checked; and when a
    model's summary was set aside for the quoted one, that too (None when unknown)."""
    if target.set_aside is not None:
        return ("quoted from the article, in place of a language model's summary that named "
                "people, places or figures the text does not mention")
    if target.summary_kind == "extractive":
        return "quoted from the article"
    if target.summary_kind is None:
        return None
    model = str(((document.run.summarizer if document.run else None) or {}).get("model") or "")
    name = PurePath(model).name.removesuffix(".gguf") if model else ""
    by = f"a language model ({name})" if name else "a language model"
    return f"written by {by}; names and figures checked against the article"
