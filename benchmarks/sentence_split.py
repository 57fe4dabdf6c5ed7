"""Sentence-boundary precision, recall and speed of German sentence splitters on WMT21.

Gold: the German `<src>` of each `<doc>` in newstest2021.de-fr.all.xml; every `<p>` is one
paragraph, its `<seg>`s are its sentences. A paragraph is the segs joined by single spaces.
A boundary is where a sentence ends inside a paragraph (the paragraph's own end excluded),
counted in non-whitespace characters from the paragraph start, so the score does not depend
on how a splitter trims whitespace. Speed is gold sentences per second, best of a few runs.

    python benchmarks/sentence_split.py [--xml PATH] [--repeat N]
"""

import argparse
import sys
import time
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

DEFAULT_XML = Path(__file__).resolve().parents[2] / "shared/eval/wmt21/newstest2021.de-fr.all.xml"

Splitter = Callable[[str], list[str]]


@dataclass(frozen=True, slots=True)
class Score:
    """Boundary counts of one splitter over a set of paragraphs."""

    true_pos: int
    false_pos: int
    false_neg: int

    @property
    def precision(self) -> float:
        return self.true_pos / max(self.true_pos + self.false_pos, 1)

    @property
    def recall(self) -> float:
        return self.true_pos / max(self.true_pos + self.false_neg, 1)

    @property
    def f1(self) -> float:
        return 2 * self.precision * self.recall / max(self.precision + self.recall, 1e-12)


def load_paragraphs(xml_path: Path) -> list[list[str]]:
    """The gold German sentences of every paragraph, in document order."""
    paragraphs = []
    for doc in ET.parse(xml_path).getroot().iter("doc"):
        for src in doc.iterfind("src[@lang='de']"):
            for p in src.iter("p"):
                paragraphs.append([(seg.text or "").strip() for seg in p.iter("seg")])
    return paragraphs


def visible(text: str) -> str:
    """`text` without its whitespace."""
    return "".join(text.split())


def boundaries(sentences: Iterable[str]) -> set[int]:
    """Sentence ends, in non-whitespace characters from the start, without the last one."""
    ends, count = set(), 0
    for sentence in sentences:
        count += len(visible(sentence))
        ends.add(count)
    ends.discard(count)
    return ends


def score(split: Splitter, paragraphs: Iterable[list[str]]) -> Score:
    """Boundary true positives, false positives and false negatives of `split`."""
    true_pos = false_pos = false_neg = 0
    for gold in paragraphs:
        expected, found = boundaries(gold), boundaries(split(" ".join(gold)))
        true_pos += len(expected & found)
        false_pos += len(found - expected)
        false_neg += len(expected - found)
    return Score(true_pos, false_pos, false_neg)


def _pysbd() -> Splitter:
    import pysbd

    segmenter = pysbd.Segmenter(language="de", clean=False)
    return lambda text: [s.strip() for s in segmenter.segment(text) if s.strip()]


def _syntok() -> Splitter:
    from syntok import segmenter

    def split(text: str) -> list[str]:
        return [
            "".join(token.spacing + token.value for token in sentence).strip()
            for paragraph in segmenter.analyze(text)
            for sentence in paragraph
        ]

    return split


def _ours() -> Splitter:
    from translate.text.segment import split_sentences

    return split_sentences


CANDIDATES: dict[str, Callable[[], Splitter]] = {
    "pysbd (de, clean=False)": _pysbd,
    "syntok": _syntok,
    "translate.text.segment.split_sentences": _ours,
}


def _sentences_per_second(split: Splitter, paragraphs: list[list[str]], repeat: int) -> float:
    texts = [" ".join(gold) for gold in paragraphs]
    split(texts[0])  # build lazily created state outside the clock
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        for text in texts:
            split(text)
        best = min(best, time.perf_counter() - start)
    return sum(map(len, paragraphs)) / best


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--xml", type=Path, default=DEFAULT_XML, help="WMT21 de-fr XML file")
    parser.add_argument("--repeat", type=int, default=5, help="timing runs; the best counts")
    args = parser.parse_args(argv)
    if not args.xml.is_file():
        print(f"error: eval file not found: {args.xml} (pass --xml PATH)", file=sys.stderr)
        return 2
    paragraphs = load_paragraphs(args.xml)
    print(
        f"{args.xml.name}: {len(paragraphs)} paragraphs, {sum(map(len, paragraphs))} sentences, "
        f"{sum(len(p) - 1 for p in paragraphs)} gold boundaries"
    )
    print(f"{'splitter':34} {'P':>7} {'R':>7} {'F1':>7} {'FP':>4} {'FN':>4} {'sent/s':>9}")
    for name, build in CANDIDATES.items():
        try:
            split = build()
        except ImportError as error:
            print(f"{name:34} skipped: {error}")
            continue
        result = score(split, paragraphs)
        speed = _sentences_per_second(split, paragraphs, args.repeat)
        print(
            f"{name:34} {result.precision:7.4f} {result.recall:7.4f} {result.f1:7.4f} "
            f"{result.false_pos:4d} {result.false_neg:4d} {speed:9.0f}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
