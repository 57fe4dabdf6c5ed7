"""Bilingual Markdown: one page with the article summary on top, then every section with its
headings in both languages, its summary, and German | English side by side per paragraph."""

from __future__ import annotations

import re
from itertools import takewhile

from translate.document import Document, Link, Paragraph, Section, Sentence, Unit
from translate.output.render.common import (
    ARTICLE_SUMMARY,
    KEY_LABEL,
    SECTION_SUMMARY,
    English,
    byline_parts,
    commented_key,
    qa_numbers,
    shown_summary,
    summary_origin,
    translation_note,
    web_source,
)
from translate.output.render.dates import readable
from translate.text.qa import describe

CHANGED_MARK = "✎ "  # before the English of a unit that is new since the previous version
_MARKS = {"em": "*", "strong": "**"}
_SUPERSCRIPT = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")
_BACKTICKS = re.compile(r"`+")
_UNSAFE_IN_URL = re.compile(r"[\s|<>()\\]")  # would end a link destination or a table cell
_BLOCK_START = re.compile(r"^(\d{0,9})(?=[#>+\-=.)])")  # a heading, quote, list, setext line
_TITLE_EN = re.compile(r"^\*(?!\*)(.*)\*$")  # the line under "# German title"
# "> **In brief.** TEXT *(who wrote it)*", or without TEXT when points follow
_SUMMARY = re.compile(rf"^> \*\*{re.escape(ARTICLE_SUMMARY)}\.\*\*(?: (?!\*\()(.*?))?"
                      r"(?: \*\(.*\)\*)?$")
_ESCAPE = re.compile(r"\\(?=[#>+\-=.)])")  # how a point keeps its start from being a block
_QA_NOTE = re.compile(r"^- ⚠[⁰¹²³⁴⁵⁶⁷⁸⁹]+ ", re.MULTILINE)  # a section's list of flags
recorded_key = commented_key


def render(document: Document) -> str:
    lines = [f"# {_inline(document.title.de)}"]
    if document.title.en:
        lines.append(f"*{_changed(document.title)}{_inline(document.title.en)}*")
    lines += ["", " · ".join(_inline(p) for p in byline_parts(document)), ""]
    if source := web_source(document):
        fetched = f" · fetched {when}" if (when := source.fetched()) else ""
        lines += [f"Source: {_link(Link(source.url))}{fetched}", ""]
    lines += [f"> ⚠ {_inline(warning)}" for warning in document.warnings]
    if document.warnings:
        lines.append("")
    if updated := document.run and document.run.updated:
        lines += [f"> {CHANGED_MARK}Updated {_inline(readable(updated))}. New or edited since the "
                  f"previous version (marked ✎): {document.run.changed or 0}.", ""]
    if document.summary:
        lines += [*_in_brief(document), ""]
    for section in document.sections:
        lines += _section(section, shown_summary(section, document),
                          summary_origin(section, document))
    if document.boilerplate:
        lines += ["---", "", "*Left untranslated (site boilerplate):*", ""]
        lines += [f"> {_inline(text)}" for text in document.boilerplate] + [""]
    if note := translation_note(document):
        lines += ["---", "", f"*{_inline(note)}*", ""]
    if key := document.run and document.run.key:
        lines += ["", f"<!-- {KEY_LABEL}: {key} -->"]  # lets a re-run skip this output
    return "\n".join(lines).rstrip("\n") + "\n"


def _in_brief(document: Document) -> list[str]:
    """The article summary: the extractive one's points as a list under the label, a model's
    paragraph as it was written."""
    origin = summary_origin(document, document)
    if not document.summary_points:
        return [_summary(ARTICLE_SUMMARY, document.summary or "", origin)]
    note = f" *({origin})*" if origin else ""
    return [f"> **{ARTICLE_SUMMARY}.**{note}",
            *(f"> - {unblocked(_inline(point))}" for point in document.summary_points)]


def unblocked(text: str) -> str:
    """`text` read as text at a line's start, not as a heading, quote or list: "1. FC" is
    written "1\\. FC"."""
    return _BLOCK_START.sub(r"\1\\", text)


def _summary(label: str, text: str, origin: str | None) -> str:
    """A summary box: its label, its text, and who wrote it."""
    return f"> **{label}.** {_inline(text)}" + (f" *({origin})*" if origin else "")


def _section(section: Section, summary: str | None, origin: str | None) -> list[str]:
    """Headings, `summary`, then the paragraphs side by side; a verbatim block (code, a table)
    closes the German | English table, is printed as it is, and a new table follows it.
    Links that are not shown in a cell are listed at the end of the section."""
    lines: list[str] = []
    if section.heading is not None:
        lines.append(f"## {_inline(section.heading.de)}")
        if section.heading.en:
            lines.append(f"### {_changed(section.heading)}{_inline(section.heading.en)}")
        lines.append("")
    if summary:
        lines += [_summary(SECTION_SUMMARY, summary, origin), ""]
    rows: list[str] = []
    notes: list[list[Link]] = []
    numbers = qa_numbers(section)
    for paragraph in section.paragraphs:
        if paragraph.verbatim is not None:
            lines += _table(rows) + _verbatim(paragraph)
            rows = []
            continue
        links = _listed_links(paragraph)
        if links:
            notes.append(links)
        rows.append(_row(paragraph, _note_marker(len(notes)) if links else "", numbers))
    lines += _table(rows)
    if notes:
        lines += [f"- {_note_marker(i)} " + " · ".join(_link(link) for link in links)
                  for i, links in enumerate(notes, 1)] + [""]
    if numbers:
        flagged = [s for p in section.paragraphs for s in p.sentences if s.id in numbers]
        lines += [f"- {_qa_marker(numbers[s.id])} {_inline(describe(s.qa))}"
                  for s in flagged] + [""]
    return lines


def _table(rows: list[str]) -> list[str]:
    return ["| Deutsch | English |", "| --- | --- |", *rows, ""] if rows else []


def _verbatim(paragraph: Paragraph) -> list[str]:
    """A table's Markdown as it is (raw HTML still escaped); code in a fence it cannot end."""
    text = paragraph.verbatim or ""
    if paragraph.kind == "table":
        return [text.replace("<", "&lt;"), ""]
    longest = max((len(run) for run in _BACKTICKS.findall(text)), default=0)
    fence = "`" * max(3, longest + 1)
    return [fence, text, fence, ""]


def _row(paragraph: Paragraph, note: str, qa_numbers: dict[str, int]) -> str:
    """One paragraph as a table row: list marker or quote sign, sentences, link note."""
    if paragraph.kind == "list":
        marker = "•" if paragraph.marker is None else paragraph.marker
        prefix = f"{marker} " if marker else ""
    else:
        prefix = "> " if paragraph.kind == "quote" else ""
    german = " ".join(_styled(s.de, s) for s in paragraph.sentences)
    english = " ".join(_changed(s) + _styled(s.en, s)
                       + (f" {_qa_marker(qa_numbers[s.id])}" if s.id in qa_numbers else "")
                       for s in paragraph.sentences if s.en)
    cells = [f"{prefix}{text} {note}".rstrip() if text else note for text in (german, english)]
    return f"| {cells[0]} | {cells[1]} |"


def _styled(text: str, sentence: Sentence) -> str:
    """A sentence in a cell, wrapped in the link and emphasis that covered all of it."""
    cell = _cell(text)
    if sentence.href is not None:
        cell = f"[{_label(cell)}]({_destination(sentence.href)})"
    for mark in reversed(sentence.marks):
        cell = f"{_MARKS[mark]}{cell}{_MARKS[mark]}"
    return cell


def _listed_links(paragraph: Paragraph) -> list[Link]:
    """The paragraph's links except those already shown as a whole linked sentence."""
    shown = {s.href for s in paragraph.sentences}
    return [link for link in paragraph.links if link.image or link.url not in shown]


def _note_marker(number: int) -> str:
    return "↗" + str(number).translate(_SUPERSCRIPT)


def _changed(unit: Unit) -> str:
    """Marks a translation whose German is new or edited since the previous version."""
    return CHANGED_MARK if unit.changed else ""


def _qa_marker(number: int) -> str:
    """Marks a translation that QA checks flagged; the flags are listed under the section."""
    return "⚠" + str(number).translate(_SUPERSCRIPT)


def _link(link: Link) -> str:
    label = _label(_inline(link.text or link.url))
    target = _destination(link.url)
    if link.title:
        title = _inline(link.title).replace('"', '\\"')
        target += f' "{title}"'
    return f"image [{label}]({target})" if link.image else f"[{label}]({target})"


def _label(text: str) -> str:
    return text.replace("[", "\\[").replace("]", "\\]")


def _destination(url: str) -> str:
    """A link address that stays one link destination, inside a table cell too."""
    return _UNSAFE_IN_URL.sub(lambda match: f"%{ord(match[0]):02X}", url)


def _inline(text: str) -> str:
    """Input text on a Markdown line: no raw HTML, no line break that ends the block."""
    return " ".join(text.replace("<", "&lt;").split())


def _cell(text: str) -> str:
    return _inline(text).replace("|", "\\|")


def read_english(text: str) -> English:
    """The title's English is the italic line under the heading; the summary the first
    "In brief" quote, before any section, without the note on who wrote it (its text, or the
    points listed under it, joined); each flagged sentence has a note under its section."""
    lines = text.splitlines()
    if not lines or not lines[0].startswith("# "):
        raise ValueError("not a bilingual Markdown file")
    title = _TITLE_EN.match(lines[1]) if len(lines) > 1 else None
    summary = None
    for number, line in enumerate(lines[2:], 2):
        if line.startswith("## "):
            break
        if found := _SUMMARY.match(line):
            points = takewhile(lambda each: each.startswith("> - "), lines[number + 1:])
            summary = _unescape(found[1] or " ".join(_ESCAPE.sub("", point[4:])
                                                     for point in points))
            break
    return English(_unescape(title[1]).removeprefix(CHANGED_MARK) if title else None, summary,
                   len(_QA_NOTE.findall(text)))


def _unescape(text: str) -> str:
    return text.replace("&lt;", "<")
