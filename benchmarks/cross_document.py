"""Per-sentence speed of a folder of short articles against the same text as one article.

Both runs go through the whole pipeline (reading, translation, summaries, writing) with the
translation memory off. The model is a full-size stand-in (opus-mt-de-en's shape, random
weights), and every output is forced to the same number of tokens: random weights never end
a sentence, so a length cap of 0 × input + N tokens makes each sentence cost the same.
Sentences of many short articles share batches, so the two runs should cost the same per
sentence; the goal is a ratio within 1.2.

Then the order within a group: the same folder, its articles --sentences long (newstest2021's
German from ../shared/eval where present, else copies of the sample's units), translated in
article order a few batches at a time (the runner's way, so each article is written as soon as
its sentences are done) and in one length-sorted window over the whole group (the way before).
The stand-in gets a tokenizer cutting that German at opus-mt's pieces per word
(benchmarks.speed), and every output is as long as its input, plus one token, as the real
model's roughly are: batches mixing lengths cost what they would. The table gives each order's
time, per unit, and when the first article was on disk, best of --repeat alternating runs.

    python -m benchmarks.cross_document [--model DIR] [--articles 20] [--tokens 16] [--beams 4]
                                        [--sentences 40] [--repeat 2]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.speed import WMT_SOURCE, benchmark_model, load_texts
from translate.run import Progress, run, stages
from translate.settings import Decoding, Settings
from translate.sources.readers import read_file

SAMPLE = Path(__file__).resolve().parents[1] / "seeds" / "putin-kim-wostotschny.txt"
ORDERS = {"one window (before)": 10**9, "article order": stages.WINDOW_BATCHES}  # batches


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


def timed(settings: Settings) -> tuple[float, int, float]:
    """Seconds for a run, units translated, and seconds until the first article was written."""
    first: list[float] = []

    def on_progress(progress: Progress) -> None:
        if progress.files_done and not first:
            first.append(time.perf_counter() - started)

    started = time.perf_counter()
    report = run(settings, on_progress)
    return time.perf_counter() - started, report.translated, first[0]


def long_articles(count: int, sentences: int) -> tuple[list[str], list[str]]:
    """`count` articles of `sentences` units each (a title, then paragraphs of five, one a
    line), from newstest2021 where present, else from distinct copies of the sample's units;
    and the units they are made of."""
    kind, units = ("wmt" if WMT_SOURCE.is_file() else "sample"), count * sentences
    texts = load_texts(kind, 1 if kind == "wmt" else units, units)[:units]
    articles = []
    for i in range(count):
        title, *body = texts[i * sentences:(i + 1) * sentences]
        paragraphs = [" ".join(body[at:at + 5]) for at in range(0, len(body), 5)]
        articles.append("\n".join([title, *paragraphs]) + "\n")
    return articles, texts


def write_long_articles(folder: Path, count: int, sentences: int) -> tuple[Path, list[str]]:
    """The long_articles as files in `folder`/long, and the units they hold."""
    articles, texts = long_articles(count, sentences)
    many = folder / "long"
    many.mkdir()
    for i, article in enumerate(articles):
        (many / f"{i:03}.txt").write_text(article)
    return many, texts


def compare_orders(folder: Path, args: argparse.Namespace) -> dict[str, tuple[float, int, float]]:
    """The long articles translated in each of ORDERS, alternating, best of args.repeat."""
    many, texts = write_long_articles(folder, args.articles, args.sentences)
    model = args.model or benchmark_model(texts, folder)  # shares folder/standin-full
    decoding = Decoding(beams=args.beams, length_ratio=1.0, length_margin=1)
    common = {"model": str(model), "decoding": decoding, "memory": False, "device": "cpu",
              "cache_dir": folder / "cache", "formats": ("md",)}
    timed(Settings(inputs=(str(many / "000.txt"),), output=folder / "warm-long", **common))
    best: dict[str, tuple[float, int, float]] = {}
    for attempt in range(args.repeat):
        for name, window in ORDERS.items():
            stages.WINDOW_BATCHES = window
            result = timed(Settings(inputs=(str(many),), output=folder / f"{name}-{attempt}",
                                    **common))
            if name not in best or result[0] < best[name][0]:
                best[name] = result
    stages.WINDOW_BATCHES = ORDERS["article order"]
    return best


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--model", type=Path, help="a stand-in folder (built if not given)")
    parser.add_argument("--articles", type=int, default=20)
    parser.add_argument("--tokens", type=int, default=16, help="output tokens per sentence")
    parser.add_argument("--beams", type=int, default=4)
    parser.add_argument("--sentences", type=int, default=40, help="units per article, orders")
    parser.add_argument("--repeat", type=int, default=2, help="runs per order (best kept)")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as temp:
        folder = Path(temp)
        model = args.model
        if model is None:
            from tests.standin import build_standin

            model = build_standin(folder / "standin-full", size="full")
        many, one = write_articles(folder, args.articles)
        decoding = Decoding(beams=args.beams, length_ratio=0.0, length_margin=args.tokens)
        common = {"model": str(model), "decoding": decoding, "memory": False, "device": "cpu",
                  "cache_dir": folder / "cache", "formats": ("md",)}
        timed(Settings(inputs=(str(one),), output=folder / "warm", **common))  # load, warm up
        results = {}
        for name, inputs in (("one article", (str(one),)), (f"{args.articles} articles",
                                                              (str(many),))):
            seconds, units, _ = timed(Settings(inputs=inputs, output=folder / name, **common))
            results[name] = (seconds, units)
        orders = compare_orders(folder, args)
    print(f"model {model}, beam {args.beams}, {args.tokens} output tokens per sentence")
    print(f"{'input':14} {'units':>6} {'seconds':>8} {'ms/unit':>8}")
    for name, (seconds, units) in results.items():
        print(f"{name:14} {units:6d} {seconds:8.2f} {1000 * seconds / units:8.1f}")
    (one_s, one_n), (many_s, many_n) = results.values()
    print(f"ratio (folder / one file, per unit): {(many_s / many_n) / (one_s / one_n):.3f}")
    print(f"\n{args.articles} articles of {args.sentences} units, outputs as long as inputs, "
          f"best of {args.repeat}")
    print(f"{'order':20} {'units':>6} {'seconds':>8} {'ms/unit':>8} {'first written':>14}")
    for name, (seconds, units, first) in orders.items():
        print(f"{name:20} {units:6d} {seconds:8.2f} {1000 * seconds / units:8.1f} "
              f"{first:13.2f}s")
    (old_s, old_n, _), (new_s, new_n, _) = orders.values()
    print(f"ratio (article order / one window, per unit): {(new_s / new_n) / (old_s / old_n):.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
