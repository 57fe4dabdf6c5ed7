"""How well the plain-text reader finds headings and sentences in real German news.

Each of the 61 German documents of WMT 2021 (newstest2021.de-fr.all.xml) becomes a plain-text
article: its first paragraph as the title line, then one line per paragraph. The reader's
output is mapped back to those lines. Gold, as the test set's notes define it: a paragraph
after the title that is a single sentence without end punctuation is a sub-heading; every
`<seg>` is a sentence. Lines the reader took for metadata, credit or boilerplate are counted
apart: in these news texts every such line is a loss.

    python -m benchmarks.text_structure [--xml PATH]
"""

from __future__ import annotations

import argparse
import sys
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path

from benchmarks.sentence_split import DEFAULT_XML, Score, boundaries
from translate.document import Document
from translate.sources.readers import read_document

_END_PUNCTUATION = ".!?…:;"
_CLOSERS = "\"'“”„»«’‘)]"


@dataclass
class Result:
    headings: Score = field(default_factory=lambda: Score(0, 0, 0))
    sentences: Score = field(default_factory=lambda: Score(0, 0, 0))
    lines: int = 0
    lost: list[str] = field(default_factory=list)  # body lines read as meta/credit/boilerplate
    heading_errors: list[tuple[str, str]] = field(default_factory=list)  # ("missed"|"extra", line)


def load_documents(xml_path: Path) -> list[list[list[str]]]:
    """Every German document as its paragraphs, each a list of gold sentences."""
    return [
        [[(seg.text or "").strip() for seg in p.iter("seg")] for p in src.iter("p")]
        for src in ET.parse(xml_path).getroot().iterfind("doc/src[@lang='de']")
    ]


def is_gold_heading(paragraph: list[str]) -> bool:
    return len(paragraph) == 1 and paragraph[0].rstrip(_CLOSERS)[-1:] not in _END_PUNCTUATION


def body_items(document: Document) -> list[tuple[str, list[str]]]:
    """("heading", [text]) and ("paragraph", sentences) in reading order."""
    items: list[tuple[str, list[str]]] = []
    for section in document.sections:
        if section.heading is not None:
            items.append(("heading", [section.heading.de]))
        items += [("paragraph", [s.de for s in p.sentences]) for p in section.paragraphs]
    return items


def evaluate(documents: list[list[list[str]]]) -> Result:
    result = Result()
    h_tp = h_fp = h_fn = s_tp = s_fp = s_fn = 0
    for number, paragraphs in enumerate(documents):
        lines = [" ".join(p) for p in paragraphs]
        document = read_document("\n".join(lines).encode(), f"wmt-{number}.txt", "text")
        items = iter(body_items(document))
        item = next(items, None)
        for gold, line in zip(paragraphs[1:], lines[1:], strict=True):
            result.lines += 1
            if item is None or " ".join(item[1]) != line:
                result.lost.append(line)
                continue
            kind, units = item
            item = next(items, None)
            found_heading, gold_heading = kind == "heading", is_gold_heading(gold)
            h_tp += found_heading and gold_heading
            h_fp += found_heading and not gold_heading
            h_fn += gold_heading and not found_heading
            if found_heading != gold_heading:
                result.heading_errors.append(("extra" if found_heading else "missed", line))
            expected, found = boundaries(gold), boundaries(units)
            s_tp += len(expected & found)
            s_fp += len(found - expected)
            s_fn += len(expected - found)
    result.headings = Score(h_tp, h_fp, h_fn)
    result.sentences = Score(s_tp, s_fp, s_fn)
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--xml", type=Path, default=DEFAULT_XML, help="WMT21 de-fr XML file")
    parser.add_argument("--errors", action="store_true", help="list every heading error")
    args = parser.parse_args(argv)
    if not args.xml.is_file():
        print(f"error: eval file not found: {args.xml} (pass --xml PATH)", file=sys.stderr)
        return 2
    documents = load_documents(args.xml)
    result = evaluate(documents)
    print(f"{args.xml.name}: {len(documents)} documents, {result.lines} lines after the titles")
    for name, score in (("headings", result.headings), ("sentence boundaries", result.sentences)):
        print(f"{name:20} P {score.precision:.4f}  R {score.recall:.4f}  F1 {score.f1:.4f}  "
              f"(TP {score.true_pos}, FP {score.false_pos}, FN {score.false_neg})")
    print(f"{'lines lost':20} {len(result.lost)} (read as metadata, credit or boilerplate)")
    if args.errors:
        for line in result.lost:
            print(f"  lost: {line[:110]}")
        for kind, line in result.heading_errors:
            print(f"  {kind}: {line[:110]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
