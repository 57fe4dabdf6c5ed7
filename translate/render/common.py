"""What every renderer shows the same way."""

from __future__ import annotations

from translate.document import Document


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
