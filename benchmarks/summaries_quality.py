"""How close the extractive summary comes to what the newsroom wrote, on 30 real German pages.

Most pages in `../shared/eval/html-de` carry the desk's own teaser (`<meta name="description">`
or `og:description`): a German summary written by a journalist. Each page is read with the
project's HTML reader and segmented; the sentences the teaser already holds (many sites print
it as the article's first paragraph, and the reader keeps it as a standfirst) are taken out of
the text, so that no system can score by copying the reference. Then the summariser's own
choice of points for the In brief (`translate.summarizers.extractive.select`, with German stop
words; the choice reads words only) is scored against the teaser beside three baselines:

- lead-1, lead-2: the first one or two sentences of the text;
- random: as many sentences as ours, drawn in reading order (mean of RANDOM_DRAWS seeded draws).

Scores are ROUGE-1, ROUGE-2 and ROUGE-L F1 from Google's `rouge-score`, with German-aware
tokens (`GermanTokens`): Unicode NFKC, lower case, letters and digits as words (umlauts and ß
kept; rouge-score's default tokeniser keeps only a–z and 0–9), Snowball's German stemmer.
The table gives the mean over pages; `worst` the largest deficit of ours against lead-1 on one
page (ROUGE-1). Two counts follow: on how many pages with two sections of three sentences or
more the points come from two sections or more, and on how many pages of more than one
paragraph the points hold all of the first paragraph (the page prints it right below).

    python -m benchmarks.summaries_quality [--dir PATH] [--pages]
"""

from __future__ import annotations

import argparse
import html
import random
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import lxml.html

from translate.document import Document, Source
from translate.sources.readers.decode import decode
from translate.sources.readers.html import parse
from translate.summarizers.extractive import select
from translate.summarizers.passages import Passage
from translate.summarizers.quotes import spans

DEFAULT_DIR = Path(__file__).resolve().parents[2] / "shared/eval/html-de"
RANDOM_DRAWS = 20
MEASURES = ("rouge1", "rouge2", "rougeL")
_TOKEN = re.compile(r"[^\W_]+")
_KEY = re.compile(r"[^\w]+")


class GermanTokens:
    """rouge-score's tokenizer interface (`tokenize`) for German text."""

    def __init__(self) -> None:
        from nltk.stem.snowball import GermanStemmer

        self.stem = GermanStemmer().stem

    def tokenize(self, text: str) -> list[str]:
        words = _TOKEN.findall(unicodedata.normalize("NFKC", text).lower())
        return [self.stem(word) for word in words]


@dataclass(slots=True)
class Page:
    name: str
    teaser: str
    sections: list[list[Passage]]  # the German text, less what the teaser holds

    def sentences(self) -> list[str]:
        return [text for section in self.sections for p in section for text in p.texts]


@dataclass(slots=True)
class Scores:
    """Mean F1 per measure for one system, and its per-page ROUGE-1."""

    totals: dict[str, float] = field(default_factory=lambda: dict.fromkeys(MEASURES, 0.0))
    pages: list[float] = field(default_factory=list)

    def add(self, scores: dict[str, float]) -> None:
        for measure in MEASURES:
            self.totals[measure] += scores[measure]
        self.pages.append(scores["rouge1"])

    def mean(self, measure: str) -> float:
        return self.totals[measure] / max(len(self.pages), 1)


def teaser_of(tree: lxml.html.HtmlElement) -> str | None:
    """The page's description, or its Open Graph description, as plain text."""
    for path in ('//meta[@name="description"]/@content', '//meta[@property="og:description"]'
                 '/@content'):
        for value in tree.xpath(path):
            text = " ".join(html.unescape(html.unescape(value)).split())
            text = re.sub(r"<[^>]+>", "", text)  # one site puts <em> into it
            if text:
                return text
    return None


def load_pages(folder: Path) -> list[Page]:
    """Every page with a teaser, read and segmented, the teaser's sentences taken out."""
    pages = []
    for path in sorted(folder.glob("*.html")):
        text, _ = decode(path.read_bytes(), path.name)
        teaser = teaser_of(lxml.html.document_fromstring(text.encode("utf-8", "surrogatepass")))
        if teaser is None:
            continue
        document = parse(text, Source(path.name, "html", ""))
        pages.append(Page(path.name, teaser, german_passages(document, _key(teaser))))
    return pages


def german_passages(document: Document, teaser_key: str) -> list[list[Passage]]:
    """The German sentences of each section in passages (quotations whole), without the
    sentences whose text the teaser holds."""
    sections: list[list[Passage]] = []
    order = number = 0
    for section in document.sections:
        passages = []
        for paragraph in section.paragraphs:
            german = [s.de for s in paragraph.sentences if _key(s.de) not in teaser_key]
            for run in spans(german):
                passages.append(Passage(order, tuple(german[i] for i in run), number))
                order += 1
            number += bool(german)
        sections.append(passages)
    return sections


def _key(text: str) -> str:
    return _KEY.sub(" ", unicodedata.normalize("NFKC", text).lower()).strip()


def ours(page: Page) -> list[Passage]:
    """The In brief's points for `page`."""
    return select(page.sections, "de").article


def coverage(pages: list[Page]) -> tuple[int, int, int, int]:
    """How the points sit in the articles: of the pages with two sections of three sentences
    or more, how many have points from two sections or more; of the pages of more than one
    paragraph, how many have all of the first paragraph among the points."""
    spread = wide = whole = several = 0
    for page in pages:
        points = {p.order for p in ours(page)}
        if sum(sum(len(p.texts) for p in section) >= 3 for section in page.sections) >= 2:
            wide += 1
            spread += sum(any(p.order in points for p in s) for s in page.sections) >= 2
        passages = [p for section in page.sections for p in section]
        if passages and any(p.paragraph != passages[0].paragraph for p in passages):
            several += 1
            whole += all(p.order in points for p in passages
                         if p.paragraph == passages[0].paragraph)
    return spread, wide, whole, several


def systems(page: Page, seed: int) -> dict[str, list[str]]:
    """Each system's summary of `page` as sentences (random: one draw)."""
    ours_ = [t for p in ours(page) for t in p.texts]
    sentences = page.sentences()
    rng = random.Random(seed)
    drawn = sorted(rng.sample(range(len(sentences)), min(len(ours_), len(sentences))))
    return {"ours": ours_, "lead-1": sentences[:1], "lead-2": sentences[:2],
            "random": [sentences[i] for i in drawn]}


def evaluate(pages: list[Page], show_pages: bool = False) -> dict[str, Scores]:
    from rouge_score import rouge_scorer

    scorer = rouge_scorer.RougeScorer(list(MEASURES), tokenizer=GermanTokens())
    results = {name: Scores() for name in ("ours", "lead-1", "lead-2", "random")}
    for page in pages:
        for name, summary in systems(page, 0).items():
            if name == "random":
                continue
            scores = scorer.score(page.teaser, " ".join(summary))
            results[name].add({m: scores[m].fmeasure for m in MEASURES})
            if show_pages and name == "ours":
                print(f"{page.name}: {scores['rouge1'].fmeasure:.3f} {' '.join(summary)[:160]}")
        draws = [scorer.score(page.teaser, " ".join(systems(page, seed)["random"]))
                 for seed in range(RANDOM_DRAWS)]
        results["random"].add({m: sum(d[m].fmeasure for d in draws) / len(draws)
                               for m in MEASURES})
    return results


def worst_deficit(results: dict[str, Scores]) -> float:
    """The largest amount by which ours scores below lead-1 on one page (ROUGE-1 F1)."""
    return max((lead - ours for ours, lead in zip(results["ours"].pages,
                                                    results["lead-1"].pages, strict=True)),
               default=0.0)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dir", type=Path, default=DEFAULT_DIR)
    parser.add_argument("--pages", action="store_true", help="print ours per page")
    args = parser.parse_args()
    pages = load_pages(args.dir)
    results = evaluate(pages, args.pages)
    print(f"{len(pages)} pages with a teaser (of {len(list(args.dir.glob('*.html')))})")
    print(f"{'system':<8} {'ROUGE-1':>8} {'ROUGE-2':>8} {'ROUGE-L':>8}")
    for name, scores in results.items():
        print(f"{name:<8} " + " ".join(f"{scores.mean(m):8.3f}" for m in MEASURES))
    print(f"worst page, ours below lead-1 (ROUGE-1): {worst_deficit(results):.3f}")
    spread, wide, whole, several = coverage(pages)
    print(f"points from two sections or more: {spread} of the {wide} pages with two sections "
          "of three sentences or more")
    print(f"all of the first paragraph among the points: {whole} of the {several} pages of "
          "more than one paragraph")


if __name__ == "__main__":
    main()
