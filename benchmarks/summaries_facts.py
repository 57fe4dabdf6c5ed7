"""How often a chat model's summaries pass the fact check (translate.summarizers.facts): on the
sample, with the trained stand-in's English, and on the 30 German pages of
`../shared/eval/html-de`.

The pages have no English we can trust (the stand-in's is noise), so the model summarises the
pages' own German text, set where the English would be: the check then compares the model's
summary with the German it read. A model writing English renders some names in English
("Germany" for "Deutschland"), which the check counts as missing: the page rate is a lower
bound. Every summary is a section's (25 words or more) or an article's.

    python -m benchmarks.summaries_facts MODEL.gguf [--dir PATH] [--pages N] [--device cpu]
"""

from __future__ import annotations

import argparse
import time
from collections import Counter
from pathlib import Path

from tests.standin.pairs import SECTIONS_EN, TITLE_EN
from translate.document import CLAIM_NOT_IN_TEXT, Document, Source
from translate.settings import Settings
from translate.sources.readers import read_file
from translate.sources.readers.decode import decode
from translate.sources.readers.html import parse
from translate.summarizers import make_summarizer

DEFAULT_DIR = Path(__file__).resolve().parents[2] / "shared/eval/html-de"
SAMPLE = Path(__file__).resolve().parents[1] / "seeds/putin-kim-wostotschny.txt"


def sample() -> Document:
    """The sample with the trained stand-in's English."""
    document = read_file(SAMPLE)
    document.title.en = TITLE_EN
    for section, (heading, sentences) in zip(document.sections, SECTIONS_EN, strict=True):
        if section.heading:
            section.heading.en = heading
        for sentence, english in zip(section.sentences(), sentences, strict=True):
            sentence.en = english
    return document


def german_as_text(folder: Path, limit: int | None) -> list[Document]:
    """Each page read, its German set where the English would be."""
    documents = []
    for path in sorted(folder.glob("*.html"))[:limit]:
        text, _ = decode(path.read_bytes(), path.name)
        document = parse(text, Source(path.name, "html", ""))
        for unit in document.units():
            unit.en = unit.de
        documents.append(document)
    return documents


def tally(documents: list[Document]) -> tuple[int, int, list[str]]:
    """Summaries kept, summaries set aside (by the fact or the support check), and the names
    and figures the set-aside ones gave that their text lacks."""
    kept = set_aside = 0
    named: list[str] = []
    for document in documents:
        for target in (document, *document.sections):
            if target.set_aside:
                set_aside += 1
                named += [n for n in target.set_aside if not n.startswith(CLAIM_NOT_IN_TEXT)]
            elif target.summary:
                kept += 1
    return kept, set_aside, named


def report(name: str, documents: list[Document], seconds: float) -> None:
    kept, set_aside, named = tally(documents)
    total = kept + set_aside
    print(f"{name}: {kept} of {total} summaries pass ({kept / max(total, 1):.0%}), "
          f"{set_aside} set aside, {seconds:.0f} s")
    common = Counter(named).most_common(12)
    print("  most often missing: " + ", ".join(f"{name} ({n})" for name, n in common))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("model", help="a chat model: a .gguf file, a folder or a hub id")
    parser.add_argument("--dir", type=Path, default=DEFAULT_DIR)
    parser.add_argument("--pages", type=int, default=None, help="only the first N pages")
    parser.add_argument("--device", default="cpu")
    args = parser.parse_args()
    summarizer = make_summarizer(Settings(inputs=(), summarizer=args.model, device=args.device),
                                 device=args.device)
    started = time.perf_counter()
    document = sample()
    summarizer.summarize(document)
    report("sample", [document], time.perf_counter() - started)
    started = time.perf_counter()
    done: list[Document] = []
    for document in german_as_text(args.dir, args.pages):  # a running tally, page by page
        summarizer.summarize(document)
        done.append(document)
        report(f"pages 1–{len(done)}", done, time.perf_counter() - started)


if __name__ == "__main__":
    main()
