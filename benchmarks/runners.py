"""Runners on model-bound work: `--runner local` against `--runner ray` with 1 and 2 actors.

benchmarks/scale.py measures what grows with the number of articles on a warm memory, where
the model never runs. Here every sentence goes to the model: the work is the 1,002 German
lines of WMT 2021's news test set (../shared/eval, never copied into the project), cut in
order into articles of --lines lines (no two articles share a sentence), and each run starts
from an empty cache of its own, with the CTranslate2 conversion copied in (made once,
beforehand), so each run translates everything and converts nothing. Each run is a child
`translate run FOLDER -o OUT/ --quiet` timed from spawn to exit (benchmarks.scale.measure),
start-up included, since that is what a user waits for.

    python -m benchmarks.runners [--model DIR] [--lines 20] [--beams 4] [--runners ...]

The default model is the tiny trained stand-in; `--model cache/benchmarks/standin-full-trained`
(built by `python -m benchmarks.speed --trained`) has opus-mt-de-en's size. Neither has seen
these lines, so outputs are poor and often long, but the compute per token is the real one
for the full-size model.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from benchmarks.scale import ENV, ROOT, RUNNERS, Setup, measure, standin

WMT = ROOT.parent / "shared" / "eval" / "wmt21" / "newstest2021.de-en.src.de"


def make_articles(lines: list[str], per_article: int, folder: Path) -> int:
    """The lines in order as articles of `per_article` lines: a title line, then one
    paragraph; returns how many were written."""
    folder.mkdir(parents=True)
    count = 0
    for start in range(0, len(lines), per_article):
        chunk = lines[start:start + per_article]
        if len(chunk) < 2:
            break
        count += 1
        text = chunk[0] + "\n\n" + " ".join(chunk[1:]) + "\n"
        (folder / f"{count:04d}.txt").write_text(text, encoding="utf-8")
    return count


def converted_cache(model: Path, folder: Path, work: Path, beams: int) -> Path:
    """A cache folder holding the model's CTranslate2 conversion and nothing else."""
    cache = work / "converted"
    probe = folder / "0001.txt"
    subprocess.run([sys.executable, "-m", "translate", "run", str(probe), "-o",
                    str(work / "probe.md"), "--model", str(model), "--cache-dir", str(cache),
                    "--beams", str(beams), "--no-memory", "--quiet"],
                   cwd=ROOT, env=ENV, check=True)
    return cache


def fresh_cache(converted: Path, work: Path, name: str) -> Path:
    cache = work / f"cache-{name}"
    shutil.copytree(converted / "ctranslate2", cache / "ctranslate2")
    return cache


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--model", type=Path, help="default: the tiny trained stand-in")
    parser.add_argument("--lines", type=int, default=20, help="lines per article")
    parser.add_argument("--beams", type=int, default=4)
    parser.add_argument("--runners", default="local,ray1,ray2")
    args = parser.parse_args(argv)
    if not WMT.is_file():
        print(f"runners: needs {WMT} (../shared/eval)", file=sys.stderr)
        return 1
    runners = args.runners.split(",")
    if unknown := [runner for runner in runners if runner not in RUNNERS]:
        parser.error(f"--runners: unknown {', '.join(unknown)} (known: {', '.join(RUNNERS)})")
    model = args.model.resolve() if args.model else standin(ROOT / "cache")
    lines = [line.strip() for line in WMT.read_text(encoding="utf-8").splitlines()
             if line.strip()]
    work = Path(tempfile.mkdtemp(prefix="runners-"))
    try:
        folder = work / "news"
        count = make_articles(lines, args.lines, folder)
        print(f"python -m benchmarks.runners {' '.join(sys.argv[1:] if argv is None else argv)}"
              f"\n{count} articles of {args.lines} WMT 2021 lines; model {model}; beam "
              f"{args.beams}", flush=True)
        converted = converted_cache(model, folder, work, args.beams)
        rows = []
        for runner in runners:
            setup = Setup(model, fresh_cache(converted, work, runner), work, keep=False)
            rows.append(measure(runner, folder, count, setup, ("--beams", str(args.beams))))
            print(f"  done: {runner}", file=sys.stderr, flush=True)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    base = rows[0].wall
    print("\n| runner | articles | wall s | articles/s | × first | peak MB (driver) "
          "| peak MB (all processes) |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: |")
    for row in rows:
        print(f"| {row.runner} | {row.articles} | {row.wall:.1f} | {row.articles / row.wall:.2f}"
              f" | {base / row.wall:.2f} | {row.peak_mb:.0f} | {row.total_mb:.0f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
