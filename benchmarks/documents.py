"""How well the document readers (DOCX, ODT, EPUB, PDF) keep what the HTML reader found, on
the articles of 30 real German news pages.

Gold: each page of `../shared/eval/html-de` as the project's HTML reader extracts it (title,
section headings, paragraphs, list items and quotes; verbatim tables and code left out). That
article is written as a plain HTML page (`article_html`) and converted, in a temporary folder:
to DOCX, ODT and EPUB by pandoc (the page's `<h1>` becomes the document's title, its `<h2>`s
Heading 1), and to PDF by Chromium's print-to-PDF (A4, 2 cm margins, the title as a running
head and "Seite N von M" as a footer on every page; once in one column and once in two columns
by CSS, justified and hyphenated). Each file is read back through the reader registry
(translate.sources.readers.read_document, the format found from its bytes) and scored against
the gold:

- kept: token recall: the share of the gold's word tokens (title, headings and sentences,
  normalised as benchmarks.html_extraction does, then `\\w+`) that the read document has,
  counted as multisets;
- extra: the read document's tokens the gold lacks, as a share of its tokens: an upper bound
  on leaked running heads and page numbers (a word broken at a line end counts here too);
- headings P / R: the title and the section headings, matched by normalised text;
- sentences: the share of gold sentences that the read document has identically.

    python -m benchmarks.documents [--dir PATH] [--pages N] [--pages-detail]
"""

from __future__ import annotations

import argparse
import re
import shutil
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from html import escape
from pathlib import Path
from typing import Any

from benchmarks.html_extraction import normalise
from translate.document import Document, Paragraph
from translate.errors import InputError
from translate.input_formats import READABLE
from translate.sources.readers import read_document

DEFAULT_DIR = Path(__file__).resolve().parents[2] / "shared/eval/html-de"
PANDOC_FORMATS = ("docx", "odt", "epub")
PDF_LAYOUTS = {"pdf, 1 column": 1, "pdf, 2 columns": 2}
ROWS = (*PANDOC_FORMATS, *PDF_LAYOUTS)
FLOORS = {"kept": 0.97, "headings_precision": 0.9, "headings_recall": 0.9, "extra": 0.01}
CHROMIUM = "/usr/bin/chromium"  # the system's; else Playwright's own (`playwright install`)
_WORD = re.compile(r"\w+")
_PRINT_CSS = ("@page { size: A4; } body { font: 11pt/1.4 serif; } "
              "article { column-count: %d; column-gap: 1cm; text-align: justify; "
              "hyphens: auto; } h1, h2 { column-span: none; hyphens: manual; }")
_HEAD = ('<div style="font-size: 8pt; width: 100%; text-align: center;">'
         '<span class="title"></span></div>')
_FOOT = ('<div style="font-size: 8pt; width: 100%; text-align: center;">Seite '
         '<span class="pageNumber"></span> von <span class="totalPages"></span></div>')


@dataclass(slots=True)
class Score:
    """Counts for one document, or for many once added up: tokens_gold, tokens_kept,
    tokens_read, tokens_extra, headings_gold, headings_read, headings_matched, sentences_gold,
    sentences_same, documents."""

    counts: Counter[str] = field(default_factory=Counter)
    errors: list[str] = field(default_factory=list)
    missed: list[str] = field(default_factory=list)  # headings lost or extra, for --pages-detail

    def add(self, other: Score) -> None:
        self.counts.update(other.counts)
        self.errors += other.errors
        self.missed += other.missed

    def figures(self) -> dict[str, float]:
        count = self.counts
        return {"kept": count["tokens_kept"] / max(count["tokens_gold"], 1),
                "extra": count["tokens_extra"] / max(count["tokens_read"], 1),
                "headings_precision": count["headings_matched"] / max(count["headings_read"], 1),
                "headings_recall": count["headings_matched"] / max(count["headings_gold"], 1),
                "sentences": count["sentences_same"] / max(count["sentences_gold"], 1),
                "documents": float(count["documents"]), "errors": float(len(self.errors))}


def page_files(folder: Path, count: int | None = None) -> list[Path]:
    """The pages, in name order; `count` of them spread evenly over the list."""
    files = sorted(folder.glob("*.html"))
    if count is None or count >= len(files):
        return files
    step = len(files) / count
    return [files[int(i * step)] for i in range(count)]


def gold_documents(files: Iterable[Path]) -> dict[str, Document]:
    """Each page's article as the HTML reader extracts it."""
    return {path.name: read_document(path.read_bytes(), path.name, "html") for path in files}


def headings(document: Document) -> list[str]:
    return [normalise(document.title.de),
            *(normalise(s.heading.de) for s in document.sections if s.heading is not None)]


def sentences(document: Document) -> list[str]:
    return [normalise(s.de) for s in document.sentences()]


def words(text: str) -> list[str]:
    """The word tokens of normalised text."""
    return _WORD.findall(text)


def tokens(document: Document) -> Counter[str]:
    return Counter(words("\n".join([*headings(document), *sentences(document)])))


def score(gold: Document, read: Document) -> Score:
    """How much of `gold` the document `read` back kept (see the module docstring)."""
    want, got = tokens(gold), tokens(read)
    gold_headings, read_headings = Counter(headings(gold)), Counter(headings(read))
    gold_sentences = Counter(sentences(gold))
    return Score(Counter(
        tokens_gold=want.total(), tokens_kept=(want & got).total(),
        tokens_read=got.total(), tokens_extra=(got - want).total(),
        headings_gold=gold_headings.total(), headings_read=read_headings.total(),
        headings_matched=(gold_headings & read_headings).total(),
        sentences_gold=gold_sentences.total(),
        sentences_same=(gold_sentences & Counter(sentences(read))).total(), documents=1),
        missed=[f"heading lost: {h}" for h in gold_headings - read_headings]
        + [f"heading extra: {h}" for h in read_headings - gold_headings])


def article_html(document: Document, css: str = "") -> str:
    """The article as a plain HTML page: its title as `<h1>`, section headings as `<h2>`,
    paragraphs, lists and block quotes; verbatim blocks left out."""
    parts = [f'<!DOCTYPE html>\n<html lang="de"><head><meta charset="utf-8">'
             f"<title>{escape(document.title.de)}</title><style>{css}</style></head>",
             f"<body><article>\n<h1>{escape(document.title.de)}</h1>"]
    for section in document.sections:
        if section.heading is not None:
            parts.append(f"<h2>{escape(section.heading.de)}</h2>")
        parts += _blocks(section.paragraphs)
    return "\n".join([*parts, "</article></body></html>\n"])


def _blocks(paragraphs: list[Paragraph]) -> Iterator[str]:
    """The HTML of a section's paragraphs; consecutive list items in one list."""
    in_list = False
    for paragraph in paragraphs:
        if paragraph.verbatim is not None or not paragraph.sentences:
            continue
        if in_list != (paragraph.kind == "list"):
            yield "<ul>" if not in_list else "</ul>"
            in_list = not in_list
        text = escape(" ".join(sentence.de for sentence in paragraph.sentences))
        yield {"list": f"<li>{text}</li>",
               "quote": f"<blockquote><p>{text}</p></blockquote>"}.get(paragraph.kind,
                                                                     f"<p>{text}</p>")
    if in_list:
        yield "</ul>"


def pandoc_file(html_path: Path, fmt: str) -> bytes:
    """`html_path` converted by pandoc to `fmt` (docx, odt, epub); the `<h1>` becomes the
    document's title (--shift-heading-level-by=-1)."""
    import pypandoc

    target = html_path.with_suffix(f".{fmt}")
    pypandoc.convert_file(str(html_path), fmt, format="html", outputfile=str(target),
                          extra_args=["--standalone", "--metadata", "lang=de",
                                      "--shift-heading-level-by=-1"])
    return target.read_bytes()


@contextmanager
def printer() -> Iterator[Any]:
    """A Chromium page (Playwright) to print HTML with, open for the block's duration."""
    from playwright.sync_api import sync_playwright

    executable = CHROMIUM if Path(CHROMIUM).exists() else shutil.which("chromium")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=["--no-sandbox"])
        try:
            yield browser.new_page()
        finally:
            browser.close()


def print_pdf(page: Any, document: Document, columns: int) -> bytes:
    """The article printed to PDF by Chromium: A4, the title as a running head, the page
    number as a footer, in `columns` columns."""
    page.set_content(article_html(document, _PRINT_CSS % columns))
    return page.pdf(format="A4", display_header_footer=True, header_template=_HEAD,
                    footer_template=_FOOT, margin={side: "2cm" for side in
                                                   ("top", "bottom", "left", "right")})


def pdf_readable() -> bool:
    """Whether the reader registry has a PDF reader yet."""
    return "pdf" in READABLE


def read_back(data: bytes, name: str, gold: Document) -> Score:
    """Score the file `data` (format told by its bytes) against `gold`; an error is a row
    of zero kept."""
    try:
        read = read_document(data, name)
    except InputError as error:
        return Score(Counter(tokens_gold=tokens(gold).total(), headings_gold=len(headings(gold)),
                             sentences_gold=len(sentences(gold)), documents=1), [str(error)])
    return score(gold, read)


def evaluate(golds: dict[str, Document], rows: Iterable[str] = ROWS) -> dict[str, Score]:
    """Per row (a format, or a PDF layout): the scores added up over the `golds`. PDF rows
    are left out while the registry has no PDF reader."""
    rows = [row for row in rows if row in PANDOC_FORMATS or pdf_readable()]
    totals = {row: Score() for row in rows}
    with tempfile.TemporaryDirectory(prefix="documents-bench-") as temp:
        for name, gold in golds.items():
            html_path = Path(temp) / Path(name).with_suffix(".html").name
            html_path.write_text(article_html(gold), encoding="utf-8")
            for fmt in (row for row in rows if row in PANDOC_FORMATS):
                totals[fmt].add(read_back(pandoc_file(html_path, fmt), f"{name}.{fmt}", gold))
    pdf_rows = [row for row in rows if row in PDF_LAYOUTS]
    if pdf_rows:
        with printer() as page:
            for name, gold in golds.items():
                for row in pdf_rows:
                    pdf = print_pdf(page, gold, PDF_LAYOUTS[row])
                    totals[row].add(read_back(pdf, f"{name}.pdf", gold))
    return totals


def figures(totals: dict[str, Score]) -> dict[str, dict[str, float]]:
    """What `evaluate` found, as plain numbers per row."""
    return {row: score.figures() for row, score in totals.items()}


def table(totals: dict[str, Score]) -> str:
    lines = [f"{'format':16} {'docs':>4} {'kept':>7} {'extra':>7} {'head P':>7} {'head R':>7} "
             f"{'sentences':>9} {'errors':>6}"]
    for row in ROWS:
        if row not in totals:
            lines.append(f"{row:16} no PDF reader")
            continue
        f = totals[row].figures()
        lines.append(f"{row:16} {f['documents']:4.0f} {f['kept']:7.1%} {f['extra']:7.2%} "
                     f"{f['headings_precision']:7.1%} {f['headings_recall']:7.1%} "
                     f"{f['sentences']:9.1%} {f['errors']:6.0f}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> dict[str, dict[str, float]] | int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--dir", type=Path, default=DEFAULT_DIR, help="folder of HTML pages")
    parser.add_argument("--pages", type=int, default=None, help="only N pages (default: all)")
    parser.add_argument("--pages-detail", action="store_true",
                        help="also list errors and headings lost or extra, per format")
    args = parser.parse_args(argv)
    files = page_files(args.dir, args.pages)
    if not files:
        print(f"error: no HTML pages in {args.dir} (pass --dir PATH)", file=sys.stderr)
        return 2
    start = time.perf_counter()
    totals = evaluate(gold_documents(files))
    print(f"{args.dir}: {len(files)} pages, each read by the HTML reader, converted and read "
          f"back ({time.perf_counter() - start:.0f} s)")
    print(table(totals))
    for row, total in totals.items():
        for line in total.errors + (total.missed if args.pages_detail else []):
            print(f"  {row}: {line}")
    return figures(totals)


if __name__ == "__main__":
    sys.exit(0 if isinstance(main(), dict) else 2)
