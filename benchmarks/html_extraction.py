"""How well the HTML reader keeps the article and drops the rest, on 30 real German news pages.

Eval data: `evaldata.json` (from trafilatura's test suite) gives for each page `with`, snippets
of the article body, `without`, boilerplate, and for some `comments`, reader comments; neither
of the last two may reach the article. Each page is decoded with the project's decoder and
read with `translate.sources.readers.html.parse` under several trafilatura settings.

Scored text: what would be translated, i.e. the Document's title, section headings, sentences
and verbatim blocks (tables) joined by newlines. Snippets and scored text are normalised alike
(`normalise`): Unicode NFKC, invisible format characters (soft hyphen, zero-width) removed,
every kind of quotation mark and apostrophe made `"`, dashes made `-`, runs of whitespace made
one space; case is kept. A snippet counts when it is a substring of the scored text.

Real in-body sub-headings (`subheadings`), found in the raw page: the `<h2>`-`<h6>` elements
(taz sets its sub-headings as `<h6>`) that
  1. lie inside the article container: the deepest element holding every `with` snippet,
     widened past paragraph-level elements (`<p>`, inline markup) to the block around them;
  2. stand between body paragraphs: inside the container, the nearest `<p>` of 80 characters
     or more before the heading and the nearest one after it both exist and neither holds a
     `without` or `comments` snippet;
  3. are plain text headings: some text, no `<p>`, `<div>` or `<img>` inside (one site wraps an
     image gallery in an `<h2>`), no `without` or `comments` snippet in them;
  4. are no part of a link, `<aside>`, `<nav>`, `<header>`, `<footer>`, `<form>`, `<figure>`,
     nor of an element whose class or id names a teaser, comment, recommendation, related
     box, donation, newsletter, media player or ad.
One counts as found when a section heading of the Document has the same normalised text;
"extra" counts the Document's section headings that are none of these (teaser or standfirst
headings, and real sub-headings the definition misses: an upper bound on spurious ones).

    python benchmarks/html_extraction.py [--dir PATH] [--repeat N] [--pages]
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import lxml.html

from translate.document import Document, Source
from translate.errors import InputError
from translate.sources.readers.decode import decode
from translate.sources.readers.html import EXTRACTION, parse

DEFAULT_DIR = Path(__file__).resolve().parents[2] / "shared/eval/html-de"

SETTINGS = {
    "precision (reader)": EXTRACTION,
    "default": {**EXTRACTION, "favor_precision": False},
    "default, fast": {**EXTRACTION, "favor_precision": False, "fast": True},
    "recall": {**EXTRACTION, "favor_precision": False, "favor_recall": True},
    "precision, no tables": {**EXTRACTION, "include_tables": False},
}

_NORMALISE = str.maketrans(
    {ch: '"' for ch in "„“”‟«»‚‘’‛‹›'`´″"} | {ch: "-" for ch in "‐‑‒–—―"}
    | {chr(cp): None for cp in range(0x3000) if unicodedata.category(chr(cp)) == "Cf"}
    | {"\ufeff": None})
_MIN_PARAGRAPH = 80
_OUTSIDE = {"a", "aside", "nav", "header", "footer", "form", "figure", "figcaption", "button"}
_BOX = re.compile(r"teaser|respond|recommend|related|spende|donat|newsletter|player"
                  r"|(?:^|[\s_-])(?:comments?|kommentare?|ad)(?:$|[\s_-])", re.IGNORECASE)
_PARAGRAPH_LEVEL = {"p", "span", "a", "em", "strong", "b", "i", "u", "q", "small", "sub", "sup",
                    "font", "mark", "cite", "br", "blockquote"}


def normalise(text: str) -> str:
    """The form in which snippets and extracted text are compared (see the module docstring)."""
    return " ".join(unicodedata.normalize("NFKC", text).translate(_NORMALISE).split())


@dataclass(frozen=True, slots=True)
class Page:
    file: str
    with_: tuple[str, ...]
    without: tuple[str, ...]
    comments: tuple[str, ...]


@dataclass(slots=True)
class Result:
    """Counts of one page, or of all pages once added up."""

    with_found: int = 0
    with_total: int = 0
    leaked: int = 0
    without_total: int = 0
    comments_leaked: int = 0
    comments_total: int = 0
    headings_found: int = 0
    headings_total: int = 0
    headings_extra: int = 0  # section headings that are none of the page's real sub-headings
    seconds: float = 0.0
    errors: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)  # what a page lost or let in, for --pages

    @property
    def recall(self) -> float:
        return self.with_found / max(self.with_total, 1)

    @property
    def leak(self) -> float:
        return self.leaked / max(self.without_total, 1)

    def add(self, other: Result) -> None:
        for name in ("with_found", "with_total", "leaked", "without_total", "comments_leaked",
                     "comments_total", "headings_found", "headings_total", "headings_extra",
                     "seconds"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.errors += other.errors


def load_pages(folder: Path) -> list[Page]:
    entries = json.loads((folder / "evaldata.json").read_text(encoding="utf-8")).values()
    return [Page(e["file"], tuple(e["with"]), tuple(e["without"]), tuple(e.get("comments", ())))
            for e in sorted(entries, key=lambda e: e["file"])]


def scored_text(document: Document) -> str:
    """Title, headings, sentences and verbatim blocks: everything a reader would see."""
    parts = [document.title.de]
    for section in document.sections:
        if section.heading is not None:
            parts.append(section.heading.de)
        for paragraph in section.paragraphs:
            parts.extend(s.de for s in paragraph.sentences)
            parts.append(paragraph.verbatim or "")
    return normalise("\n".join(parts))


def subheadings(html_text: str, page: Page) -> list[str]:
    """The page's real in-body sub-headings, normalised (definition: module docstring)."""
    tree = lxml.html.document_fromstring(html_text.encode("utf-8"),
                                         parser=lxml.html.HTMLParser(encoding="utf-8"))
    for element in tree.xpath("//script|//style|//noscript|//template"):
        element.drop_tree()
    holders = [_deepest_holder(tree, normalise(snippet)) for snippet in page.with_]
    if any(holder is None for holder in holders):
        return []
    container = _common_ancestor(holders)
    while container.tag in _PARAGRAPH_LEVEL and container.getparent() is not None:
        container = container.getparent()
    unwanted = [normalise(s) for s in (*page.without, *page.comments)]

    def clean(text: str) -> bool:
        return not any(snippet in text for snippet in unwanted)

    order = list(container.iter("p", "h2", "h3", "h4", "h5", "h6"))
    texts = [normalise(el.text_content()) for el in order]
    long = [el.tag == "p" and len(texts[i]) >= _MIN_PARAGRAPH for i, el in enumerate(order)]
    found = []
    for i, (element, text) in enumerate(zip(order, texts, strict=True)):
        if element.tag == "p" or not text or not clean(text) or _in_box(element) or any(
                element.find(f".//{tag}") is not None for tag in ("p", "div", "img")):
            continue
        before = next((texts[j] for j in range(i - 1, -1, -1) if long[j]), None)
        after = next((texts[j] for j in range(i + 1, len(order)) if long[j]), None)
        if before is not None and after is not None and clean(before) and clean(after):
            found.append(text)
    return found


def _deepest_holder(tree: lxml.html.HtmlElement, snippet: str) -> lxml.html.HtmlElement | None:
    if snippet not in normalise(tree.text_content()):
        return None
    element = tree
    while (child := next((c for c in element if isinstance(c.tag, str)
                          and snippet in normalise(c.text_content())), None)) is not None:
        element = child
    return element


def _common_ancestor(elements: list[lxml.html.HtmlElement]) -> lxml.html.HtmlElement:
    paths = [[*reversed(list(el.iterancestors())), el] for el in elements]
    common = paths[0][0]
    for level in zip(*paths, strict=False):
        if any(el is not level[0] for el in level):
            break
        common = level[0]
    return common


def _in_box(element: lxml.html.HtmlElement) -> bool:
    return any(el.tag in _OUTSIDE or _BOX.search(f"{el.get('class', '')} {el.get('id', '')}")
               for el in (element, *element.iterancestors()))


def score_page(document: Document, page: Page, headings: list[str]) -> Result:
    text = scored_text(document)
    section_headings = [normalise(s.heading.de) for s in document.sections if s.heading]
    result = Result(
        with_found=sum(normalise(s) in text for s in page.with_), with_total=len(page.with_),
        leaked=sum(normalise(s) in text for s in page.without),
        without_total=len(page.without),
        comments_leaked=sum(normalise(s) in text for s in page.comments),
        comments_total=len(page.comments),
        headings_found=sum(h in section_headings for h in headings),
        headings_total=len(headings),
        headings_extra=sum(h not in headings for h in section_headings),
    )
    result.missing = ([f"lost: {s}" for s in page.with_ if normalise(s) not in text]
                      + [f"leaked: {s}" for s in (*page.without, *page.comments)
                         if normalise(s) in text]
                      + [f"heading not found: {h}" for h in headings
                         if h not in section_headings]
                      + [f"extra heading: {h}" for h in section_headings if h not in headings])
    return result


def load_texts(folder: Path, pages: list[Page]) -> dict[str, str | InputError]:
    """Each page decoded with the project's decoder, or the error it raised."""
    texts: dict[str, str | InputError] = {}
    for page in pages:
        try:
            texts[page.file], _ = decode((folder / page.file).read_bytes(), page.file)
        except InputError as error:
            texts[page.file] = error
    return texts


def evaluate(folder: Path = DEFAULT_DIR, settings: dict[str, bool] = EXTRACTION,
             texts: dict[str, str | InputError] | None = None,
             headings: dict[str, list[str]] | None = None) -> tuple[Result, dict[str, Result]]:
    """Totals and per-page results of the reader under `settings` (texts and headings can be
    passed in to reuse them across settings)."""
    pages = load_pages(folder)
    texts = texts if texts is not None else load_texts(folder, pages)
    total, per_page = Result(), {}
    for page in pages:
        text = texts[page.file]
        empty = Result(with_total=len(page.with_), without_total=len(page.without),
                       comments_total=len(page.comments))
        if isinstance(text, InputError):
            empty.errors.append(f"decode: {text}")
            total.add(empty)
            continue
        page_headings = (headings or {}).get(page.file)
        if page_headings is None:
            page_headings = subheadings(text, page)
        start = time.perf_counter()
        try:
            document = parse(text, Source(page.file, "html", ""), settings)
            seconds = time.perf_counter() - start
        except InputError as error:
            empty.errors.append(f"parse: {error}")
            empty.headings_total = len(page_headings)
            total.add(empty)
            continue
        result = score_page(document, page, page_headings)
        result.seconds = seconds
        per_page[page.file] = result
        total.add(result)
    return total, per_page


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--dir", type=Path, default=DEFAULT_DIR,
                        help="folder with evaldata.json and the pages")
    parser.add_argument("--repeat", type=int, default=3, help="timing runs; the best counts")
    parser.add_argument("--pages", action="store_true",
                        help="also list, per setting, what each page lost or let in")
    args = parser.parse_args(argv)
    if not (args.dir / "evaldata.json").is_file():
        print(f"error: eval data not found: {args.dir}/evaldata.json (pass --dir PATH)",
              file=sys.stderr)
        return 2
    pages = load_pages(args.dir)
    texts = load_texts(args.dir, pages)
    headings = {p.file: subheadings(t, p) for p in pages
                if not isinstance(t := texts[p.file], InputError)}
    print(f"{args.dir}: {len(pages)} pages, {sum(map(len, headings.values()))} real in-body "
          f"sub-headings; seconds: parsing all pages, best of {args.repeat}")
    print(f"{'setting':20} {'with':>14} {'without leak':>13} {'comments':>9} "
          f"{'sub-headings':>13} {'extra':>6} {'seconds':>8}")
    warm_up = "<h1>Titel</h1><p>Ein erster Satz zum Aufwärmen. Und noch ein zweiter Satz.</p>"
    parse(warm_up, Source("warm-up", "html", ""))  # imports and lazy set-up stay off the clock
    details = []
    for name, settings in SETTINGS.items():
        runs = [evaluate(args.dir, settings, texts, headings) for _ in range(max(args.repeat, 1))]
        total, per_page = runs[0]
        seconds = min(run[0].seconds for run in runs)
        print(f"{name:20} {total.with_found:3d}/{total.with_total:<3d} {total.recall:6.1%} "
              f"{total.leaked:2d}/{total.without_total:<3d} {total.leak:5.1%} "
              f"{total.comments_leaked:3d}/{total.comments_total:<3d}  "
              f"{total.headings_found:5d}/{total.headings_total:<5d} "
              f"{total.headings_extra:6d} {seconds:8.2f}")
        details += [f"  {name}: {error}" for error in total.errors]
        details += [f"  {name}: {file}: {line}" for file, result in per_page.items()
                    for line in result.missing]
    if args.pages:
        print("\nlost, leaked and missed:", *details, sep="\n")
    else:
        print(*(line for line in details if ": decode:" in line or ": parse:" in line),
              sep="\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
