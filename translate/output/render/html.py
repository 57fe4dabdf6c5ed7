"""Bilingual HTML: one self-contained page (inline CSS, one small inline script, no external
assets) with German and English side by side, one grid row per paragraph.

Every German sentence and its translation carry the same ``data-s`` id; hovering or focusing
either lights up both. All input text is escaped; link addresses become clickable only for
http, https, mailto and relative URLs. A Content-Security-Policy that admits only this page's
own style and script is a second line of defence: even markup that slipped through could
neither run nor load anything.
"""

from __future__ import annotations

import base64
import hashlib
import html
import re

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
from translate.output.render.dates import time_html
from translate.text.qa import describe

SAFE_SCHEMES = frozenset({"http", "https", "mailto"})
_IGNORED_IN_URL = re.compile(r"[\t\n\r]")  # browsers drop these anywhere in a URL
_STRIPPED_FROM_URL = "".join(map(chr, range(33)))  # ... and controls and spaces around it
NEW_MARK = "✎"  # before the English of a unit new or edited since the previous version
_MARK_TAGS = frozenset({"em", "strong"})  # anything else in `marks` is not markup we print
recorded_key = commented_key

CSS = """
:root {
  color-scheme: light dark;
  --fg: #1b1b1d; --en: #34363b; --muted: #62666d; --bg: #fdfdfc; --line: #e4e4e0;
  --accent: #1f5fa8; --tint: #f1f4f8; --hl: #ffeb99; --warn: #8a4b00; --warn-bg: #fff4e0;
  --serif: Charter, "Bitstream Charter", "Sitka Text", Cambria, "DejaVu Serif", Georgia, serif;
  --sans: system-ui, -apple-system, "Segoe UI", Roboto, "Liberation Sans", Arial, sans-serif;
  --mono: ui-monospace, Menlo, Consolas, "DejaVu Sans Mono", "Liberation Mono", monospace;
}
@media (prefers-color-scheme: dark) {
  :root {
    --fg: #e6e6e3; --en: #c9cbd0; --muted: #9a9ea6; --bg: #151517; --line: #2e2f33;
    --accent: #8ab4f8; --tint: #1e232c; --hl: #5a4a12; --warn: #ffc98a; --warn-bg: #35270f;
  }
}
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; text-size-adjust: 100%; }
body { margin: 0; background: var(--bg); color: var(--fg); font: 17px/1.6 var(--serif); }
main { max-width: 74rem; margin: 0 auto; padding: 2.5rem 2rem 4rem; }
a { color: var(--accent); text-underline-offset: 2px; }
h1 { font-size: 2.1rem; line-height: 1.2; margin: 0 0 .5rem; }
.title-en { font-size: 1.3rem; line-height: 1.35; font-style: italic; color: var(--muted);
  margin: 0 0 1rem; }
.byline, .source { font: .85rem/1.5 var(--sans); color: var(--muted); margin: 0 0 1.25rem; }
.byline:has(+ .source) { margin-bottom: .25rem; }
.source { overflow-wrap: anywhere; }
.colophon { margin-top: 3rem; padding-top: .75rem; border-top: 1px solid var(--line);
  font: .8rem/1.5 var(--sans); color: var(--muted); }
.warning { font: .9rem/1.5 var(--sans); color: var(--warn); background: var(--warn-bg);
  border-left: 4px solid var(--warn); border-radius: 0 6px 6px 0; padding: .6rem 1rem;
  margin: 0 0 1rem; }
.summary { background: var(--tint); border-left: 4px solid var(--accent);
  border-radius: 0 6px 6px 0; padding: .8rem 1.1rem; margin: 1rem 0 1.5rem;
  color: var(--en); }
.summary strong { font-family: var(--sans); font-size: .8rem; letter-spacing: .06em;
  text-transform: uppercase; color: var(--accent); }
.brief { font-size: 1.08rem; border-left-width: 6px; }
.summary:not(.brief) { background: none; border-left-style: dotted; }
.brief ul { margin: .35rem 0 0; padding-left: 1.2rem; }
.brief li + li { margin-top: .35rem; }
section { margin-top: 3rem; }
header + section { margin-top: 1.75rem; }
hgroup { margin: 0 0 1rem; }
hgroup h2 { font-size: 1.5rem; line-height: 1.25; margin: 0; }
hgroup p { font-size: 1.15rem; font-style: italic; color: var(--muted); margin: .25rem 0 0; }
.columns, .row { display: grid; grid-template-columns: minmax(0, 1fr) minmax(0, 1fr);
  column-gap: 2.5rem; }
.columns { font: 600 .72rem/1 var(--sans); letter-spacing: .1em; text-transform: uppercase;
  color: var(--muted); border-bottom: 1px solid var(--line); padding: .5rem 0; }
.row { padding: .7rem 0; border-bottom: 1px solid var(--line); }
.row > p, .row > blockquote { margin: 0; }
.row > .en { color: var(--en); }
.row.list > p { padding-left: 1.6em; }
.marker { display: inline-block; min-width: 1.6em; margin-left: -1.6em; color: var(--muted); }
.row.quote > blockquote { border-left: 3px solid var(--line); padding-left: 1rem;
  font-style: italic; }
.row > pre { grid-column: 1 / -1; margin: 0; padding: .8rem 1rem; overflow-x: auto;
  background: var(--tint); border-radius: 6px; font: .85rem/1.5 var(--mono); }
.links { grid-column: 1 / -1; margin: .4rem 0 0; font: .8rem/1.5 var(--sans);
  color: var(--muted); overflow-wrap: anywhere; }
.url { font-family: var(--mono); }
.s { border-radius: 3px; box-decoration-break: clone; -webkit-box-decoration-break: clone; }
.s.flagged { text-decoration: underline dotted var(--warn); text-underline-offset: 4px; }
.s .qa { font: .7em/1 var(--sans); margin-left: .15em; }
.qa a { color: var(--warn); text-decoration: none; padding: 0 .15em; }
.row.noted { grid-template-rows: auto 1fr; }
.row.noted > .de { grid-row: span 2; }
.qa-notes { grid-column: -2; align-self: start; list-style: none; margin: .45rem 0 0;
  padding: 0; font: .8rem/1.45 var(--sans); color: var(--warn); }
.qa-notes li { margin: .15rem 0; }
.qa-notes li:target { background: var(--warn-bg); }
.qa-number { font-weight: 600; margin-right: .2em; }
.changed { border-left: 3px solid var(--accent); padding-left: .3em; }
.s.changed { border-left: 0; padding-left: 0; background: var(--tint); }
.new { font: .75em/1 var(--sans); color: var(--accent); margin-right: .2em; }
.updated { font: .85rem/1.5 var(--sans); color: var(--accent); margin: 0 0 1rem; }
.boilerplate { margin-top: 3.5rem; padding-top: 1rem; border-top: 1px solid var(--line);
  color: var(--muted); font-size: .9rem; }
.boilerplate h2 { font: 600 .8rem/1.4 var(--sans); letter-spacing: .06em;
  text-transform: uppercase; margin: 0 0 .5rem; }
.boilerplate p { margin: .25rem 0; }
.index { list-style: none; padding: 0; margin: 2rem 0 0; }
.index > li { padding: 1.2rem 0; border-bottom: 1px solid var(--line); }
.index h2 { font-size: 1.3rem; line-height: 1.3; margin: 0; }
.index .title-en { font-size: 1.05rem; margin: .2rem 0 .6rem; }
.index .summary { margin: 0; padding: 0; background: none; border: 0; font-size: .95rem; }
.index .source { font: .8rem/1.5 var(--sans); color: var(--muted); margin: .5rem 0 0; }
.index .source .updated { font: inherit; }
.index .source .check { font: inherit; color: var(--warn); }
@media screen {
  .s { transition: background-color .12s; }
  .s:hover, .s:focus, .s.lit { background: var(--hl); outline: none; }
  .s:focus-visible { outline: 2px solid var(--accent); outline-offset: 1px; }
}
@media screen and (max-width: 700px) {
  body { font-size: 16px; }
  main { padding: 1.25rem 1rem 3rem; }
  h1 { font-size: 1.6rem; }
  .title-en { font-size: 1.1rem; }
  .columns { display: flex; gap: 1.2rem; border-bottom: 0; padding: .3rem 0 0; }
  .columns > [lang="en"] { border-left: 3px solid var(--accent); padding-left: .5rem; }
  .row { grid-template-columns: minmax(0, 1fr); row-gap: .45rem; }
  .row > .en { border-left: 3px solid var(--accent); padding-left: .7rem; }
  .row.list > .en { padding-left: calc(.7rem + 1.6em); }
  .row.quote > blockquote.en { border-left-color: var(--accent); }
  .qa-notes { margin-top: -.45rem; padding: .45rem 0 0 .7rem;
    border-left: 3px solid var(--accent); }
}
@media print {
  :root { --fg: #000; --en: #222; --muted: #444; --line: #bbb; --accent: #000; }
  body { background: none; font-size: 10.5pt; }
  main { max-width: none; padding: 0; }
  .summary, .warning, .row > pre { background: none; border: 1px solid #999;
    border-radius: 0; }
  .row, .summary, .warning, hgroup { break-inside: avoid; }
  hgroup, .columns { break-after: avoid; }
  .s.flagged { text-decoration: none; }
}
"""

# Lights up a sentence's pair. One map from id to elements, built once: no selector is built
# from page content.
SCRIPT = """\
(() => {
  const pairs = new Map();
  for (const el of document.querySelectorAll("[data-s]")) {
    pairs.set(el.dataset.s, [...(pairs.get(el.dataset.s) || []), el]);
  }
  let lit = [];
  const light = (event) => {
    for (const el of lit) el.classList.remove("lit");
    const hit = event.type === "focusout" ? null : event.target.closest("[data-s]");
    lit = hit ? pairs.get(hit.dataset.s) : [];
    for (const el of lit) el.classList.add("lit");
  };
  for (const type of ["mouseover", "focusin", "focusout"]) {
    document.addEventListener(type, light);
  }
})();
"""


def escape(text: str) -> str:
    """Input text in element content or a double-quoted attribute."""
    return html.escape(text, quote=True)


def csp_hash(source: str) -> str:
    """How a Content-Security-Policy names one inline style or script."""
    return "'sha256-" + base64.b64encode(hashlib.sha256(source.encode()).digest()).decode() + "'"


def page(*, lang: str, title: str, body: str, script: bool = False, comment: str = "") -> str:
    """A whole HTML page around `body` (markup, already escaped); `title` is plain text.
    The article page and the folder index share it, so they share one stylesheet."""
    script_src = csp_hash(SCRIPT) if script else "'none'"
    policy = (f"default-src 'none'; style-src {csp_hash(CSS)}; script-src {script_src}; "
              "base-uri 'none'; form-action 'none'")
    lines = [
        "<!doctype html>",
        *([f"<!-- {escape(comment)} -->"] if comment else []),  # first: before any input text
        f'<html lang="{escape(lang)}">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f'<meta http-equiv="Content-Security-Policy" content="{policy}">',
        f"<title>{escape(title)}</title>",
        f"<style>{CSS}</style>",
        "</head>",
        "<body>",
        "<main>",
        body,
        "</main>",
        *([f"<script>{SCRIPT}</script>"] if script else []),
        "</body>",
        "</html>",
    ]
    return "\n".join(lines) + "\n"


def render(document: Document) -> str:
    title = document.title.de + (f" — {document.title.en}" if document.title.en else "")
    key = document.run.key if document.run else None
    body = [_header(document),
            *(_section(section, shown_summary(section, document),
                       summary_origin(section, document)) for section in document.sections),
            _boilerplate(document), _colophon(document)]
    return page(lang="de", title=title, body="\n".join(part for part in body if part),
                script=True, comment=f"{KEY_LABEL}: {key}" if key else "")


def _header(document: Document) -> str:
    parts = ["<header>", f"<h1>{escape(document.title.de)}</h1>"]
    if document.title.en:
        parts.append(f'<p class="title-en{_changed(document.title)}" lang="en">'
                     f"{_new(document.title)}{escape(document.title.en)}</p>")
    byline = byline_parts(document)
    if byline:
        parts.append(f'<p class="byline">{" · ".join(map(escape, byline))}</p>')
    parts.append(_source(document))
    parts += [f'<p class="warning" lang="en">⚠ {escape(w)}</p>' for w in document.warnings]
    if updated := document.run and document.run.updated:
        parts.append(f'<p class="updated" lang="en">{NEW_MARK} Updated {time_html(updated)}.'
                     " New or edited since the "
                     f"previous version (marked {NEW_MARK}): "
                     f"{int(document.run.changed or 0)}.</p>")
    parts += [_in_brief(document), "</header>"]
    return "\n".join(part for part in parts if part)


def _source(document: Document) -> str:
    """The page a web article was fetched from, linked, and when ("" for a file)."""
    source = web_source(document)
    if source is None:
        return ""
    when = source.fetched()
    fetched = (f' · fetched <time datetime="{escape(source.fetched_at or "")}">'
               f"{escape(when)}</time>") if when else ""
    return f'<p class="source" lang="en">Source: {_link(Link(source.url))}{fetched}</p>'


def _in_brief(document: Document) -> str:
    """The article summary: the extractive one's points as a list, a model's paragraph as it
    was written."""
    origin = summary_origin(document, document)
    if not document.summary_points or not document.summary:
        return _summary(document.summary, ARTICLE_SUMMARY, "summary brief", origin)
    by = f' <small class="origin">({escape(origin)})</small>' if origin else ""
    items = "".join(f"<li>{escape(point)}</li>" for point in document.summary_points)
    return (f'<aside class="summary brief" lang="en"><strong>{ARTICLE_SUMMARY}</strong>{by}'
            f"<ul>{items}</ul></aside>")


def _summary(summary: str | None, label: str, kind: str, origin: str | None) -> str:
    if not summary:
        return ""
    by = f' <small class="origin">({escape(origin)})</small>' if origin else ""
    return (f'<aside class="{kind}" lang="en"><strong>{label}</strong> '
            f'{escape(summary)}{by}</aside>')


def _section(section: Section, summary: str | None, origin: str | None) -> str:
    parts = [f'<section id="{escape(section.id)}">']
    if section.heading is not None:
        english = section.heading.en
        parts += ["<hgroup>", f"<h2>{escape(section.heading.de)}</h2>",
                  f'<p lang="en"{_changed(section.heading, True)}>{_new(section.heading)}'
                  f"{escape(english)}</p>" if english else "", "</hgroup>"]
    parts.append(_summary(summary, SECTION_SUMMARY, "summary", origin))
    if section.paragraphs:
        parts.append('<div class="columns" aria-hidden="true">'
                     '<span>Deutsch</span><span lang="en">English</span></div>')
    numbers = qa_numbers(section)
    parts += [_row(paragraph, numbers) for paragraph in section.paragraphs]
    parts.append("</section>")
    return "\n".join(part for part in parts if part)


def _row(paragraph: Paragraph, numbers: dict[str, int]) -> str:
    """One grid row: German | English, the notes on its flagged sentences (`numbers`: each
    one's number in the section) under the English, then the paragraph's links across both
    columns; a verbatim block spans both columns as it is."""
    notes = _qa_notes(paragraph, numbers)
    noted = " noted" if notes else ""
    opening = f'<div class="row {escape(paragraph.kind)}{noted}" id="{escape(paragraph.id)}">'
    if paragraph.verbatim is not None:
        return f'{opening}<pre class="verbatim">{escape(paragraph.verbatim)}</pre></div>'
    tag = "blockquote" if paragraph.kind == "quote" else "p"
    prefix = ""
    if paragraph.kind == "list":
        marker = "•" if paragraph.marker is None else paragraph.marker
        prefix = f'<span class="marker">{escape(marker)}</span>' if marker else ""
    cells = [
        f'<{tag} class="{lang}" lang="{lang}">{prefix}'
        + " ".join(_sentence(s, lang, numbers.get(s.id)) for s in paragraph.sentences
                   if getattr(s, lang))
        + f"</{tag}>"
        for lang in ("de", "en")
    ]
    cells.append(notes)
    links = _listed_links(paragraph)
    if links:
        cells.append('<p class="links">↗ ' + " · ".join(map(_link, links)) + "</p>")
    return opening + "".join(cells) + "</div>"


def _sentence(sentence: Sentence, lang: str, number: int | None) -> str:
    """A focusable span paired by id with its counterpart, wrapped around the link and the
    emphasis that covered the whole German sentence, as the Markdown renderer does. A
    flagged English sentence also carries its note as a tooltip and a ⚠ `number` that
    links to the note shown under the paragraph."""
    inner = escape(getattr(sentence, lang))
    if sentence.href is not None and is_safe_url(sentence.href):
        inner = f'<a href="{escape(sentence.href)}">{inner}</a>'
    for mark in reversed(sentence.marks):
        if mark in _MARK_TAGS:
            inner = f"<{mark}>{inner}</{mark}>"
    if lang == "en":
        inner = _new(sentence) + inner
    changed = _changed(sentence)
    if lang != "en" or number is None:
        return (f'<span class="s{changed}" tabindex="0" data-s="{escape(sentence.id)}">'
                f"{inner}</span>")
    note = _qa_note_id(sentence)
    return (f'<span class="s flagged{changed}" tabindex="0" data-s="{escape(sentence.id)}" '
            f'title="{escape("Check: " + describe(sentence.qa))}" aria-describedby="{note}">'
            f"{inner}"
            f'<sup class="qa"><a href="#{note}">⚠{number}</a></sup></span>')


def _qa_note_id(sentence: Sentence) -> str:
    return escape(f"qa-{sentence.id}")


def _qa_notes(paragraph: Paragraph, numbers: dict[str, int]) -> str:
    """The QA notes on a paragraph's flagged sentences, numbered as their ⚠ markers, shown
    under its English so that touch screens and print show them too ("" when none)."""
    notes = [f'<li id="{_qa_note_id(s)}"><span class="qa-number">⚠{numbers[s.id]}</span> '
             f"{escape(describe(s.qa))}</li>"
             for s in paragraph.sentences if s.id in numbers]
    if not notes:
        return ""
    return f'<ol class="qa-notes" lang="en" aria-label="Translation checks">{"".join(notes)}</ol>'


def _changed(unit: Unit, attribute: bool = False) -> str:
    """The `changed` class of a unit new or edited since the previous version: to add to a
    class list, or (`attribute`) as a class attribute of its own."""
    if not unit.changed:
        return ""
    return ' class="changed"' if attribute else " changed"


def _new(unit: Unit) -> str:
    """The marker before the English of a changed unit."""
    return (f'<span class="new" title="new or edited since the previous version">{NEW_MARK}'
            "</span>") if unit.changed else ""


def _listed_links(paragraph: Paragraph) -> list[Link]:
    """The paragraph's links except those already clickable as a whole linked sentence."""
    shown = {s.href for s in paragraph.sentences if s.href is not None and is_safe_url(s.href)}
    return [link for link in paragraph.links if link.image or link.url not in shown]


def _link(link: Link) -> str:
    """A clickable link for safe addresses; anything else shows its address as text only.
    Images are linked, never loaded: the page stays self-contained."""
    label = escape(link.text or link.url)
    prefix = "image " if link.image else ""
    if not is_safe_url(link.url):
        return f'{prefix}{label} <span class="url">({escape(link.url)})</span>'
    title = f' title="{escape(link.title)}"' if link.title else ""
    return f'{prefix}<a href="{escape(link.url)}"{title} rel="noreferrer">{label}</a>'


def is_safe_url(url: str) -> bool:
    """http, https, mailto or a relative URL — judged as a browser reads the address:
    surrounding spaces and controls stripped, tabs and newlines inside removed."""
    cleaned = _IGNORED_IN_URL.sub("", url).strip(_STRIPPED_FROM_URL)
    scheme, colon, _ = cleaned.partition(":")
    if not colon or any(char in scheme for char in "/?#"):
        return True  # no scheme: a relative URL
    return scheme.lower() in SAFE_SCHEMES


def _colophon(document: Document) -> str:
    """The line at the end of the page that says how the English was made."""
    note = translation_note(document)
    return f'<p class="colophon" lang="en">{escape(note)}</p>' if note else ""


def _boilerplate(document: Document) -> str:
    if not document.boilerplate:
        return ""
    texts = "".join(f"<p>{escape(text)}</p>" for text in document.boilerplate)
    return (f'<footer class="boilerplate"><h2 lang="en">Left untranslated (site boilerplate)'
            f"</h2>{texts}</footer>")


def read_english(text: str) -> English:
    """The English title and summary from the page's header; each flagged sentence is a span
    of its own."""
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
