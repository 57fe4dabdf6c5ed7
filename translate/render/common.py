"""What every renderer shows the same way."""

from __future__ import annotations

from translate.document import Document, Section
from translate.summarizers.texts import sentences_of

# The article's summary and a section's are labelled apart: the page opens with both.
ARTICLE_SUMMARY, SECTION_SUMMARY = "In brief", "Summary"


def byline_parts(document: Document) -> list[str]:
    """Author, date, credit, then the model, its revision and the beam width of the run."""
    meta = document.meta
    parts = [meta.author, meta.date, meta.credit]
    translator = (document.run or {}).get("translator")
    if translator:
        model = str(translator.get("model", "")).rstrip("/").rsplit("/", 1)[-1]
        revision = str(translator.get("revision") or "").removeprefix("sha256:")[:7]
        parts.append(f"{model} (rev {revision})" if revision else model)
        if translator.get("beams") is not None:
            parts.append(f"beam {translator['beams']}")
    return [part for part in parts if part]


def shown_summary(section: Section, document: Document) -> str | None:
    """A section's summary as a page shows it: without the sentences the article summary
    above already has (None when nothing new is left). The JSON keeps the whole summary."""
    if not section.summary or not document.summary:
        return section.summary
    fresh = [s for s in sentences_of(section.summary) if s.strip() not in document.summary]
    return " ".join(fresh) or None
