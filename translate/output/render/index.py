"""The folder index: one page listing every translated article, in Markdown or HTML, newest
first (the order is the rows': translate.output.paths.IndexRows). Each entry shows its date
and when it was updated in words (translate.output.render.dates) and how many of its
sentences the QA checks flagged.

Each entry links to the article's output in the same format, by a relative path that is
percent-encoded here, so a file name with spaces, brackets or a colon stays one relative link.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from urllib.parse import quote

from translate.output.render.dates import readable, time_html
from translate.output.render.html import escape, page
from translate.output.render.markdown import unblocked

TITLE = "Translated articles"
# Characters that would start Markdown markup, raw HTML or an entity inside a line ...
_MD_INLINE = re.compile(r"[\\`*_\[\]<>&|~]")


@dataclass(frozen=True, slots=True)
class IndexEntry:
    title_de: str
    title_en: str | None
    summary: str | None
    link: str  # relative path to the article's output in the index's format
    date: str | None = None  # ISO 8601, or as the source wrote it
    url: str | None = None  # the source: a web page's address
    updated: str | None = None  # when it was written changed since its previous version
    flagged: int = 0  # units the QA checks flagged: sentences for a reader to check


def render_index(entries: list[IndexEntry], fmt: str) -> str:
    return "".join(index_chunks(entries, len(entries), fmt))


def index_chunks(entries: Iterable[IndexEntry], count: int, fmt: str) -> Iterator[str]:
    """The index of `count` entries as pieces of text, one an entry, so that an index of a
    hundred thousand articles is written without being held whole."""
    if fmt not in PAGES:
        raise ValueError(f"no index for format {fmt!r}: {' or '.join(PAGES)}")
    return PAGES[fmt](entries, count)


def index_formats(formats: Iterable[str]) -> list[str]:
    """The formats a run's folder index is written in: always Markdown, and each other format
    asked for that an index page can be written in (whatever the articles' formats, the index
    links to their outputs)."""
    return list(dict.fromkeys([DEFAULT_PAGE, *(fmt for fmt in formats if fmt in PAGES)]))


def _href(link: str) -> str:
    """A relative path as a URL path: everything but unreserved characters and "/" encoded."""
    return quote(link.replace("\\", "/"), safe="/")


def _markdown(entries: Iterable[IndexEntry], count: int) -> Iterator[str]:
    yield f"# {TITLE}\n\n"
    empty = True
    for entry in entries:
        empty = False
        item = [f"[{_md_text(entry.title_de)}]({_href(entry.link)})"]
        if entry.title_en:
            item.append(f"*{_md_text(entry.title_en)}*")
        if entry.summary:
            item.append(unblocked(_md_text(entry.summary)))
        if details := _md_details(entry):
            item.append(details)
        yield "- " + "\\\n  ".join(item) + "\n"  # a backslash at a line's end breaks the line
    if empty:
        yield "No articles.\n"


def _to_check(entry: IndexEntry) -> str:
    return f"⚠ {entry.flagged} sentence{'' if entry.flagged == 1 else 's'} to check"


def _details(entry: IndexEntry, date: Callable[[str], str],
             strong: Callable[[str, str], str], source: Callable[[str], str]) -> str:
    """The entry's date, its sentences to check, when it was updated and its source, on one
    line, each written by the format's own `date`, `strong` (a class and text) and `source`."""
    parts = [date(entry.date)] if entry.date else []
    if entry.flagged:
        parts.append(strong("check", _to_check(entry)))
    if entry.updated:
        parts.append(strong("updated", f"updated {date(entry.updated)}"))
    if entry.url:
        parts.append(source(entry.url))
    return " · ".join(parts)


def _md_details(entry: IndexEntry) -> str:
    return _details(entry, lambda text: _md_text(readable(text)), lambda _, text: f"**{text}**",
                    lambda url: f"[source](<{_absolute(url)}>)")


def _absolute(url: str) -> str:
    """A web address inside <…> in Markdown: nothing in it can close the brackets."""
    return quote(url, safe="/:?#[]@!$&'()*+,;=%~")


def _md_text(text: str) -> str:
    """Input text on one Markdown line, every markup character escaped."""
    return _MD_INLINE.sub(r"\\\g<0>", " ".join(text.split()))


def _html(entries: Iterable[IndexEntry], count: int) -> Iterator[str]:
    mark = "\x00listing\x00"
    byline = f"{count} article{'' if count == 1 else 's'}"
    head, tail = page(lang="en", title=TITLE, body=f'<header><h1>{TITLE}</h1><p class="byline">'
                      f"{byline}</p></header>\n{mark}").split(mark)
    yield head
    opened = False
    for entry in entries:
        if not opened:
            yield '<ol class="index">\n'
            opened = True
        parts = [f'<h2 lang="de"><a href="{escape(_href(entry.link))}">'
                 f"{escape(entry.title_de)}</a></h2>"]
        if entry.title_en:
            parts.append(f'<p class="title-en">{escape(entry.title_en)}</p>')
        if entry.summary:
            parts.append(f'<p class="summary">{escape(entry.summary)}</p>')
        if details := _html_details(entry):
            parts.append(f'<p class="source">{details}</p>')
        yield "<li>" + "".join(parts) + "</li>\n"
    if opened:
        yield "</ol>"
    yield tail


def _html_details(entry: IndexEntry) -> str:
    return _details(entry, time_html, lambda kind, text: f'<strong class="{kind}">{text}</strong>',
                    lambda url: f'<a href="{escape(url)}">source</a>')


# The formats an index page can be written in, each with its page; the first is always written.
PAGES: dict[str, Callable[[Iterable[IndexEntry], int], Iterator[str]]] = {
    "md": _markdown, "html": _html}
DEFAULT_PAGE = next(iter(PAGES))
