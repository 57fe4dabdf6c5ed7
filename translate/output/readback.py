"""The English an output already shows of its article: its title, its summary and how many of
its units the QA checks flagged, read back from a written JSON, Markdown or HTML file, for the
folder index of an article that is up to date but whose row the memory no longer holds
(cleared, or never on): the index must not lose what the outputs still say."""

from __future__ import annotations

import json
import re
from itertools import takewhile
from pathlib import Path
from typing import NamedTuple

from translate.output.render.common import ARTICLE_SUMMARY
from translate.output.render.html import NEW_MARK
from translate.output.render.markdown import CHANGED_MARK


class English(NamedTuple):
    title: str | None
    summary: str | None
    flagged: int  # units with QA flags (the JSON's count; the pages mark their sentences)


_MD_TITLE = re.compile(r"^\*(?!\*)(.*)\*$")  # the line under "# German title"
# "> **In brief.** TEXT *(who wrote it)*", or without TEXT when points follow
_MD_SUMMARY = re.compile(rf"^> \*\*{re.escape(ARTICLE_SUMMARY)}\.\*\*(?: (?!\*\()(.*?))?"
                         r"(?: \*\(.*\)\*)?$")
_MD_ESCAPE = re.compile(r"\\(?=[#>+\-=.)])")  # how a point keeps its start from being a block
_MD_QA_NOTE = re.compile(r"^- ⚠[⁰¹²³⁴⁵⁶⁷⁸⁹]+ ", re.MULTILINE)  # a section's list of flags


def read_english(path: Path) -> English | None:
    """The English title, article summary and flagged units as the output `path` shows them;
    None where the file cannot be read or is not one of ours."""
    try:
        text = path.read_text(encoding="utf-8")
        return _READERS[path.suffix](text)
    except (OSError, UnicodeDecodeError, ValueError, KeyError, TypeError, AttributeError):
        return None


def _from_json(text: str) -> English:
    data = json.loads(text)
    return English(data["title"]["en"], (data.get("summary") or {}).get("en"),
                   int((data.get("qa") or {}).get("flagged") or 0))


def _from_markdown(text: str) -> English:
    """The title's English is the italic line under the heading; the summary the first
    "In brief" quote, before any section, without the note on who wrote it (its text, or the
    points listed under it, joined); each flagged sentence has a note under its section."""
    lines = text.splitlines()
    if not lines or not lines[0].startswith("# "):
        raise ValueError("not a bilingual Markdown file")
    title = _MD_TITLE.match(lines[1]) if len(lines) > 1 else None
    summary = None
    for number, line in enumerate(lines[2:], 2):
        if line.startswith("## "):
            break
        if found := _MD_SUMMARY.match(line):
            points = takewhile(lambda each: each.startswith("> - "), lines[number + 1:])
            summary = _unescape(found[1] or " ".join(_MD_ESCAPE.sub("", point[4:])
                                                     for point in points))
            break
    return English(_unescape(title[1]).removeprefix(CHANGED_MARK) if title else None, summary,
                   len(_MD_QA_NOTE.findall(text)))


def _unescape(text: str) -> str:
    return text.replace("&lt;", "<")


def _from_html(text: str) -> English:
    import lxml.html

    page = lxml.html.document_fromstring(text)
    header = page.find(".//header")
    title = next(iter(header.xpath("./p[contains(concat(' ', @class, ' '), ' title-en ')]")),
                 None)
    summary = header.find("./aside")
    if summary is not None:
        for part in (*summary.findall("strong"), *summary.findall("small")):
            part.drop_tree()  # the label, and who wrote it
    english = title.text_content().removeprefix(NEW_MARK) if title is not None else None
    flagged = page.xpath("count(//span[contains(concat(' ', @class, ' '), ' flagged ')])")
    return English(english, " ".join(" ".join(summary.itertext()).split())  # points apart
                   if summary is not None else None, int(flagged))


_READERS = {".json": _from_json, ".md": _from_markdown, ".html": _from_html}
