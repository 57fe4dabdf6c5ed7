"""How well the plain-text reader finds title, byline, date, credit and sub-headings in articles
laid out as people paste them: with or without blank lines, the byline before or after the date.

Gold comes from the markup of the 30 real German news pages in `../shared/eval/html-de`: the
title, section headings and paragraphs as the HTML reader reads them (`<title>`/`<h1>`, the
`<h2>`-`<h6>` inside the article, `<p>`), and the author and date from the page's metadata
(trafilatura: `<meta name="author">`, JSON-LD, `<time>`, ...). Authors are the person names in
that metadata: parts of 2 or 3 capitalised words, none of them a publisher's word ("Online",
"GmbH", "Redaktion", ...); all-capital names are title-cased. Where the metadata names nobody
but the article opens with its own byline ("Von A, B und C, NDR"), those names are the authors
and that line leaves the body. Pages without a person have no byline, so the reader must not
invent one. The credit is the agency the byline form names, else the agency of a dateline
opening the first paragraph ("Heidelberg (dpa) - ...").

Each page is written as plain text in every layout of `LAYOUTS`, with a byline form and a date
form that rotate with the page, so every form meets every layout: `Von A`, `Von A und B`,
`A, dpa` (gold credit "dpa"), `Von A, Redakteurin ...` (an author line with a role); numeric
and written German dates, with and without a time. Then the text is read by
`translate.sources.readers.read_document` and scored per field: a field is a true positive when the
reader found the gold value (texts compared after `normalise`, dates as day, month and year), a
false positive when it found something else or something where gold has nothing, a false
negative when gold has a value the reader missed. Headings are matched as a multiset.

    python -m benchmarks.text_layouts [--dir PATH] [--errors]
"""

from __future__ import annotations

import argparse
import re
import sys
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import trafilatura

from benchmarks.html_extraction import DEFAULT_DIR, load_pages, load_texts, normalise
from benchmarks.sentence_split import Score
from translate.document import Document, Source
from translate.sources.readers import read_document
from translate.sources.readers.html import parse as parse_html

FIELDS = ("title", "author", "date", "credit", "headings")
_MONTHS = ("Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September",
           "Oktober", "November", "Dezember")
_PUBLISHER_WORDS = {"online", "de", "gmbh", "sport", "redaktion", "zeitung", "germany",
                    "hamburg", "munich", "schweiz", "autor", "in", "spiegel"}
_BODY_BYLINE = re.compile(r"^Von (?P<names>[^,]+(?:, [^,]+)*?)(?:, [A-Z]{2,6})?$")
_DATELINE_AGENCY = re.compile(r"^[^()]{2,40}\((?P<agency>dpa|AFP|AP|Reuters|KNA|epd)\)")
_NAME_WORD = re.compile(r"^[A-ZÄÖÜ][a-zäöüß]+(?:-[A-ZÄÖÜ][a-zäöüß]+)?$|^(?:von|van|de|zu)$")


@dataclass(frozen=True, slots=True)
class Gold:
    """What a page's plain text says, field by field; `body` is the text after the header:
    ("heading", text) and ("paragraph", text) in reading order."""

    title: str
    authors: tuple[str, ...]
    date: tuple[int, int, int] | None
    body: tuple[tuple[str, str], ...]
    dateline_credit: str | None  # "dpa" of a first paragraph "Heidelberg (dpa) - ..."


@dataclass(frozen=True, slots=True)
class Header:
    """The header lines of one rendered page, and the credit its byline gives."""

    byline: str | None
    date: str | None
    credit: str | None


@dataclass
class Result:
    scores: dict[str, Counter] = field(
        default_factory=lambda: {name: Counter() for name in FIELDS})
    errors: list[str] = field(default_factory=list)

    def score(self, name: str) -> Score:
        counts = self.scores[name]
        return Score(counts["tp"], counts["fp"], counts["fn"])


def person_names(author: str | None) -> tuple[str, ...]:
    """The person names in a page's author metadata (definition: module docstring)."""
    names = []
    for part in (author or "").split(";"):
        words = [w.title() if w.isupper() else w for w in part.split()]
        if (2 <= len(words) <= 3 and all(_NAME_WORD.match(w) for w in words)
                and not {w.lower() for w in words} & _PUBLISHER_WORDS):
            names.append(" ".join(words))
    return tuple(names)


def gold_of(html_text: str, file: str) -> Gold:
    document = parse_html(html_text, Source(file, "html", ""))
    metadata = trafilatura.extract_metadata(html_text)
    date = None
    if metadata is not None and metadata.date:
        year, month, day = (int(n) for n in metadata.date[:10].split("-"))
        date = (year, month, day)
    body: list[tuple[str, str]] = []
    for section in document.sections:
        if section.heading is not None:
            body.append(("heading", section.heading.de))
        body += [("paragraph", " ".join(s.de for s in p.sentences))
                 for p in section.paragraphs if p.sentences]
    authors = person_names(metadata.author if metadata else None)
    if not authors and body and (byline := _BODY_BYLINE.match(body[0][1])):
        authors = tuple(a for a in re.split(r",\s*|\s+und\s+", byline["names"]) if a)
        body = body[1:]  # written again, in the layout's byline form
    credit = _DATELINE_AGENCY.match(body[0][1]) if body else None
    return Gold(document.title.de, authors, date, tuple(body), credit and credit["agency"])


def byline_forms(authors: tuple[str, ...]) -> list[tuple[str, str | None]]:
    """(byline, credit) in each form the benchmark writes, for these authors."""
    names = " und ".join(authors)
    return [(f"Von {names}", None), (f"{names}, dpa", "dpa"),
            (f"Von {names}, Redakteurin im Ressort Politik", None), (f"Von {names}", None)]


def date_forms(date: tuple[int, int, int]) -> list[str]:
    year, month, day = date
    return [f"{day:02}.{month:02}.{year}", f"{day}. {_MONTHS[month - 1]} {year}",
            f"{day:02}.{month:02}.{year} 10.15", f"{day}. {_MONTHS[month - 1]} {year}, 10:15 Uhr"]


def header_of(gold: Gold, turn: int) -> Header:
    byline, credit = byline_forms(gold.authors)[turn % 4] if gold.authors else (None, None)
    date = date_forms(gold.date)[turn % 4] if gold.date else None
    return Header(byline, date, credit or gold.dateline_credit)


def _body_lines(gold: Gold, after_heading: str, between: str) -> str:
    parts = []
    for kind, text in gold.body:
        parts.append(text + (after_heading if kind == "heading" else between))
    return "".join(parts)


def _lines(*lines: str | None) -> list[str]:
    return [line for line in lines if line]


def compact(gold: Gold, header: Header) -> str:
    """No blank line anywhere: one line per title, byline, date, heading, paragraph."""
    head = _lines(gold.title, header.byline, header.date)
    return "\n".join(head) + "\n" + _body_lines(gold, "\n", "\n")


def blank_lines(gold: Gold, header: Header) -> str:
    """A blank line after every line, as a browser's copy gives it."""
    head = _lines(gold.title, header.byline, header.date)
    return "\n\n".join(head) + "\n\n" + _body_lines(gold, "\n\n", "\n\n")


def blank_after_title(gold: Gold, header: Header) -> str:
    """A blank line after the title and after the header; the body's headings sit directly
    on their paragraph, paragraphs apart."""
    head = "\n".join(_lines(header.byline, header.date))
    return f"{gold.title}\n\n{head}\n\n" + _body_lines(gold, "\n", "\n\n")


def date_first(gold: Gold, header: Header) -> str:
    """The date before the byline, a blank line after the byline only; a compact body."""
    head = "\n".join(_lines(gold.title, header.date, header.byline))
    return head + "\n\n" + _body_lines(gold, "\n", "\n")


def one_header_line(gold: Gold, header: Header) -> str:
    """Byline and date on one line ("Von A | 12.03.2024"); headings apart, paragraphs apart."""
    head = " | ".join(_lines(header.byline, header.date))
    return f"{gold.title}\n{head}\n\n" + _body_lines(gold, "\n\n", "\n\n")


LAYOUTS: dict[str, Callable[[Gold, Header], str]] = {
    "compact": compact, "blank lines": blank_lines, "blank after title": blank_after_title,
    "date first": date_first, "one header line": one_header_line,
}


def date_parts(text: str | None) -> tuple[int, int, int] | None:
    """Day, month and year of a German date as the reader reports it, or None."""
    if text is None:
        return None
    if found := re.search(r"(\d{1,2})\.(\d{1,2})\.(\d{4})", text):
        return int(found[3]), int(found[2]), int(found[1])
    if found := re.search(rf"(\d{{1,2}})\.\s*({'|'.join(_MONTHS)})\s+(\d{{4}})", text):
        return int(found[3]), _MONTHS.index(found[2]) + 1, int(found[1])
    if found := re.search(r"(\d{4})-(\d{2})-(\d{2})", text):
        return int(found[1]), int(found[2]), int(found[3])
    return None


def _count(counts: Counter, gold: object, found: object) -> bool:
    """Add one field's outcome; True when it was right."""
    counts["tp"] += gold is not None and found == gold
    counts["fp"] += found is not None and found != gold
    counts["fn"] += gold is not None and found != gold
    return found == gold


def score(document: Document, gold: Gold, header: Header, result: Result, name: str) -> None:
    authors = [a for a in re.split(r",\s*|\s+und\s+", document.meta.author or "") if a]
    found = {
        "title": (normalise(document.title.de), normalise(gold.title)),
        "author": (tuple(authors) or None, gold.authors or None),
        "date": (date_parts(document.meta.date), gold.date),
        "credit": (document.meta.credit, header.credit),
    }
    for field_name, (got, want) in found.items():
        if not _count(result.scores[field_name], want, got):
            result.errors.append(f"{name}: {field_name} {got!r}, expected {want!r}")
    headings = Counter(normalise(s.heading.de) for s in document.sections if s.heading)
    wanted = Counter(normalise(text) for kind, text in gold.body if kind == "heading")
    counts = result.scores["headings"]
    counts["tp"] += sum((headings & wanted).values())
    counts["fp"] += sum((headings - wanted).values())
    counts["fn"] += sum((wanted - headings).values())
    result.errors += [f"{name}: extra heading {h!r}" for h in headings - wanted]
    result.errors += [f"{name}: missed heading {h!r}" for h in wanted - headings]


def load_golds(folder: Path = DEFAULT_DIR) -> list[Gold]:
    pages = load_pages(folder)
    texts = load_texts(folder, pages)
    return [gold_of(text, page.file) for page in pages
            if isinstance(text := texts[page.file], str)]


def evaluate(golds: list[Gold], layouts: dict[str, Callable] = LAYOUTS) -> dict[str, Result]:
    """One Result per layout, over every page."""
    results = {}
    for number, (layout, render) in enumerate(layouts.items()):
        result = results[layout] = Result()
        for page, gold in enumerate(golds):
            header = header_of(gold, page + number)
            text = render(gold, header)
            document = read_document(text.encode(), f"page-{page}.txt", "text")
            score(document, gold, header, result, f"{layout} #{page}")
    return results


def total(results: dict[str, Result]) -> Result:
    summed = Result()
    for result in results.values():
        for name in FIELDS:
            summed.scores[name].update(result.scores[name])
        summed.errors += result.errors
    return summed


def _options(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--dir", type=Path, default=DEFAULT_DIR, help="folder of the pages")
    parser.add_argument("--errors", action="store_true", help="list every wrong field")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = _options(argv)
    if not (args.dir / "evaldata.json").is_file():
        print(f"error: eval pages not found in {args.dir} (pass --dir PATH)", file=sys.stderr)
        return 2
    golds = load_golds(args.dir)
    results = evaluate(golds)
    print(f"{len(golds)} pages × {len(LAYOUTS)} layouts; precision / recall per field")
    print(f"{'layout':18}" + "".join(f"{name:>15}" for name in FIELDS))
    for layout, result in [*results.items(), ("all", total(results))]:
        cells = [result.score(name) for name in FIELDS]
        print(f"{layout:18}" + "".join(f"{s.precision:>8.3f}/{s.recall:.3f}" for s in cells))
    if args.errors:
        for error in total(results).errors:
            print(f"  {error[:140]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
