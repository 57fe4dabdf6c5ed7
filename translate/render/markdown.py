"""Bilingual Markdown: one page with the article summary on top, then every section with its
headings in both languages, its summary, and German | English side by side per paragraph."""

from __future__ import annotations

from translate.document import Document, Paragraph, Section


def render(document: Document) -> str:
    lines = [f"# {_inline(document.title.de)}"]
    if document.title.en:
        lines.append(f"*{_inline(document.title.en)}*")
    lines += ["", _byline(document), ""]
    if document.summary:
        lines += [f"> **Summary.** {_inline(document.summary)}", ""]
    for section in document.sections:
        lines += _section(section)
    if document.boilerplate:
        lines += ["---", "", "*Left untranslated (site boilerplate):*", ""]
        lines += [f"> {_inline(text)}" for text in document.boilerplate] + [""]
    return "\n".join(lines).rstrip("\n") + "\n"


def _byline(document: Document) -> str:
    meta = document.meta
    parts = [meta.author, meta.date, meta.credit]
    translator = (document.run or {}).get("translator")
    if translator:
        revision = str(translator.get("revision", ""))
        revision = revision.removeprefix("sha256:")[:7]
        model = str(translator["model"]).rstrip("/").rsplit("/", 1)[-1]
        parts += [f"{model} (rev {revision})", f"beam {translator['beams']}"]
    return " · ".join(_inline(p) for p in parts if p)


def _section(section: Section) -> list[str]:
    lines: list[str] = []
    if section.heading is not None:
        lines.append(f"## {_inline(section.heading.de)}")
        if section.heading.en:
            lines.append(f"### {_inline(section.heading.en)}")
        lines.append("")
    if section.summary:
        lines += [f"> **Summary.** {_inline(section.summary)}", ""]
    if section.paragraphs:
        lines += ["| Deutsch | English |", "| --- | --- |"]
        lines += [_row(paragraph) for paragraph in section.paragraphs]
        lines.append("")
    return lines


def _row(paragraph: Paragraph) -> str:
    german = " ".join(s.de for s in paragraph.sentences)
    english = " ".join(s.en for s in paragraph.sentences if s.en)
    return f"| {_cell(german)} | {_cell(english)} |"


def _inline(text: str) -> str:
    """Input text on a Markdown line: no raw HTML, no line break that ends the block."""
    return " ".join(text.replace("<", "&lt;").split())


def _cell(text: str) -> str:
    return _inline(text).replace("|", "\\|")
