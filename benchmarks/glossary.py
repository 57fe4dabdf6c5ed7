"""What a glossary costs, and how many of its terms come out right.

Speed: the German lines of WMT 2021 (../shared/eval, never copied into the project), translated
by CTranslate2 (int8, beam 4) with and without a glossary of 50 names and terms taken from
them (the most frequent capitalised words that do not start a line). The model is the
full-size stand-in of benchmarks.speed (opus-mt-de-en's shape, random weights), every output
forced to the same number of tokens, so both runs do the same decoding work. A random model
never copies a placeholder, so every sentence with a term fails the check and is translated a
second time without placeholders: the worst case. The script prints both ratios: the first
pass alone (what a model that keeps its placeholders costs: masking, checking, restoring) and
with the retries (what a model that never keeps them costs). The goal is at most 1.1x for the
first.

Terms restored: the glossary stand-ins of tests.standin.terms (tiny, trained), run
through the whole pipeline with each engine: the share of terms whose English is in the
output, and the share of the others that carry a `term-missing` flag (goal: 100 % of misses).

    python -m benchmarks.glossary [--lines 1002] [--tokens 16] [--beams 4] [--terms 50]
                                  [--repeats 2] [--skip-speed]
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

from benchmarks.speed import WMT_SOURCE, benchmark_model, load_texts
from translate.edits.glossary import Glossary, Term

ROOT = Path(__file__).resolve().parents[1]


def glossary_from(texts: list[str], size: int) -> Glossary:
    """The `size` most frequent capitalised words (4+ letters) that do not start a line, each
    kept as written: what a reader's list of names and terms would hold."""
    words = Counter(word for text in texts
                    for word in re.findall(r"(?<=\s)[A-ZÄÖÜ][a-zäöüß]{3,}", text))
    return Glossary(tuple(Term(word, word, number)
                          for number, (word, _) in enumerate(words.most_common(size), 1)))


def speed(texts: list[str], glossary: Glossary, tokens: int, beams: int, repeats: int) -> None:
    """Plain and glossary runs alternated `repeats` times; the fastest of each is kept."""
    from translate.edits.terms import Enforcer, mask
    from translate.model.engines import EngineChoice
    from translate.model.resolve import resolve
    from translate.model.translator import Translator
    from translate.settings import Decoding

    with tempfile.TemporaryDirectory() as temp:
        cache = Path(temp)
        folder = benchmark_model(texts, ROOT / "cache")
        decoding = Decoding(beams=beams, length_ratio=0.0, length_margin=tokens)
        translator = Translator.load(resolve(str(folder), cache, True), "cpu", decoding,
                                     EngineChoice("ctranslate2", "int8"), cache)
        passes: list[float] = []

        def timed(batch: list[str], on_batch=None, attempt=None):
            started = time.perf_counter()
            try:
                return translator.translate(batch, on_batch, attempt)
            finally:
                passes.append(time.perf_counter() - started)

        translator.translate(texts[:16])  # warm-up
        plain, first, total = [], [], []
        for _ in range(repeats):
            passes.clear()
            timed(texts)
            plain.append(passes.pop())
            started = time.perf_counter()
            Enforcer(glossary).wrap(timed)(texts)
            total.append(time.perf_counter() - started)
            first.append(total[-1] - (passes[1] if len(passes) > 1 else 0.0))
        enforcer = Enforcer(glossary)
        masked = [mask(text, enforcer.find(text)).text for text in texts]
        pieces = [sum(len(translator.tokenizer.encode(text)) for text in group)
                  for group in (texts, masked)]
    matched = sum(bool(glossary.find(text)) for text in texts)
    print(f"{len(texts)} WMT 2021 lines, {len(glossary.terms)} terms, {matched} lines with a "
          f"term (input pieces {pieces[1] / pieces[0]:.3f}x); CTranslate2 int8, beam {beams}, "
          f"{tokens} output tokens a sentence; fastest of {repeats}")
    print(f"  without a glossary       {min(plain):7.1f} s")
    print(f"  with, first pass         {min(first):7.1f} s   "
          f"{min(first) / min(plain):.2f}x  (the model keeps its placeholders)")
    print(f"  with, and the retries    {min(total):7.1f} s   "
          f"{min(total) / min(plain):.2f}x  (a model that never keeps them: this random one)")


def restored(engines: tuple[str, ...]) -> None:
    from tests.standin import build_standin
    from tests.standin.terms import ARTICLE_DE, GLOSSARY_TSV
    from translate.edits.glossary import glossary_file
    from translate.run import run
    from translate.settings import Settings

    with tempfile.TemporaryDirectory() as temp:
        folder = Path(temp)
        article, terms = folder / "bundestag.txt", folder / "glossary.tsv"
        article.write_text(ARTICLE_DE, encoding="utf-8")
        terms.write_text(GLOSSARY_TSV, encoding="utf-8")
        glossary = glossary_file(terms)
        for pair_set in ("glossary", "glossary-dropping"):
            model = build_standin(folder / pair_set, "tiny", trained=True, pair_set=pair_set)
            for engine in engines:
                out = folder / f"out-{pair_set}-{engine}"
                run(Settings(inputs=(str(article),), output=out, formats=("json",),
                             model=str(model), device="cpu", engine=engine, summarizer="none",
                             memory=False, glossary=glossary))
                document = json.loads((out / "bundestag.de-en.json").read_text())
                print(f"  {pair_set:18} {engine:12} {_share(document)}")


def _share(document: dict) -> str:
    units = [document["title"]] + [s for section in document["sections"]
                                   for p in section["paragraphs"] for s in p["sentences"]]
    terms = [(term, unit) for unit in units for term in unit.get("terms", [])]
    right = sum(term["en"] in unit["en"] and term["how"] != "missing" for term, unit in terms)
    missed = [(term, unit) for term, unit in terms if term["how"] == "missing"]
    flagged = sum("term-missing" in " ".join(unit.get("qa", [])) for _, unit in missed)
    hows = Counter(term["how"] for term, _ in terms)
    return (f"{right}/{len(terms)} terms restored ({100 * right / len(terms):.0f} %), "
            f"{flagged}/{len(missed)} misses flagged; " +
            ", ".join(f"{how} {count}" for how, count in sorted(hows.items())))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--lines", type=int, default=1002, help="WMT lines (of 1,002)")
    parser.add_argument("--tokens", type=int, default=16, help="output tokens per sentence")
    parser.add_argument("--beams", type=int, default=4)
    parser.add_argument("--terms", type=int, default=50)
    parser.add_argument("--repeats", type=int, default=2)
    parser.add_argument("--skip-speed", action="store_true")
    args = parser.parse_args(argv)
    print("terms restored on the glossary stand-ins:")
    restored(("torch", "ctranslate2"))
    if args.skip_speed:
        return 0
    if not WMT_SOURCE.is_file():
        print(f"glossary: needs {WMT_SOURCE} (../shared/eval)", file=sys.stderr)
        return 1
    texts = load_texts("wmt", 1, args.lines)
    speed(texts, glossary_from(texts, args.terms), args.tokens, args.beams, args.repeats)
    return 0


if __name__ == "__main__":
    sys.exit(main())
