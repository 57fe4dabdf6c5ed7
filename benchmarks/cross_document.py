"""Per-sentence speed of a folder of short articles against the same text as one article.

Both runs go through the whole pipeline (reading, translation, summaries, writing) with the
translation memory off. The model is a full-size stand-in (opus-mt-de-en's shape, random
weights), and every output is forced to the same number of tokens: random weights never end
a sentence, so a length cap of 0 × input + N tokens makes each sentence cost the same.
Sentences of many short articles share batches, so the two runs should cost the same per
sentence; the goal is a ratio within 1.2.

    python -m benchmarks.cross_document [--model DIR] [--articles 20] [--tokens 16] [--beams 4]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

from translate.run import run
from translate.settings import Decoding, Settings
from translate.sources.readers import read_file

SAMPLE = Path(__file__).resolve().parents[1] / "seeds" / "putin-kim-wostotschny.txt"


def write_articles(folder: Path, count: int) -> tuple[Path, Path]:
    """`count` short articles (a title and two sentences each), and one article holding the
    same titles and sentences: the titles as its sub-headings."""
    sentences = [s.de for s in read_file(SAMPLE).sentences()]
    articles = []
    for i in range(count):
        pair = [sentences[(2 * i) % len(sentences)], sentences[(2 * i + 1) % len(sentences)]]
        articles.append((f"Meldung Nummer {i + 1} aus Berlin", " ".join(pair)))
    many = folder / "many"
    many.mkdir()
    for i, (title, body) in enumerate(articles):
        (many / f"{i:03}.txt").write_text(f"{title}\n{body}\n")
    one = folder / "one.txt"
    one.write_text("Alle Meldungen des Tages\n" +
                   "".join(f"{title}\n{body}\n" for title, body in articles))
    return many, one


def timed(settings: Settings) -> tuple[float, int]:
    started = time.perf_counter()
    report = run(settings)
    return time.perf_counter() - started, report.translated


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--model", type=Path, help="a stand-in folder (built if not given)")
    parser.add_argument("--articles", type=int, default=20)
    parser.add_argument("--tokens", type=int, default=16, help="output tokens per sentence")
    parser.add_argument("--beams", type=int, default=4)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as temp:
        folder = Path(temp)
        model = args.model
        if model is None:
            from tests.standin import build_standin

            model = build_standin(folder / "standin", size="full")
        many, one = write_articles(folder, args.articles)
        decoding = Decoding(beams=args.beams, length_ratio=0.0, length_margin=args.tokens)
        common = {"model": str(model), "decoding": decoding, "memory": False, "device": "cpu",
                  "cache_dir": folder / "cache", "formats": ("md",)}
        timed(Settings(inputs=(str(one),), output=folder / "warm", **common))  # load, warm up
        results = {}
        for name, inputs in (("one article", (str(one),)), (f"{args.articles} articles",
                                                              (str(many),))):
            seconds, units = timed(Settings(inputs=inputs, output=folder / name, **common))
            results[name] = (seconds, units)
    print(f"model {model}, beam {args.beams}, {args.tokens} output tokens per sentence")
    print(f"{'input':14} {'units':>6} {'seconds':>8} {'ms/unit':>8}")
    for name, (seconds, units) in results.items():
        print(f"{name:14} {units:6d} {seconds:8.2f} {1000 * seconds / units:8.1f}")
    (one_s, one_n), (many_s, many_n) = results.values()
    print(f"ratio (folder / one file, per unit): {(many_s / many_n) / (one_s / one_n):.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
