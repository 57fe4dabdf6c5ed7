"""Scale: seconds per article, peak memory and time to first output, from a few hundred
articles to 100,000, for the local runner and for Ray with 1 and 2 actors.

The work is N byte-identical copies of one real article (default: the sample in seeds/),
written as NNNNNN.txt into subfolders of at most 1000 files each, as an archive holds them.
The copies are hard links to a copy inside the work folder (when it has all the links its
file system allows, ext4's 65,000, the next file is copied and linked to in turn), so even
100,000 take a second or two. The model is the tiny trained stand-in (tests.standin),
built once into --cache-dir/benchmarks and reused; the runs use a cache folder of their own,
made afresh for every invocation, so the translation memory is the benchmark's alone.

Warm memory (the default): one copy is translated once before the timed runs, so the memory
holds every sentence of the article and the CTranslate2 conversion is done; the runs then
measure what grows with the number of articles (reading, memory look-ups, summaries, checks,
writing, the index), not the model. With --cold there is no warm-up: the largest count runs
first, from the empty cache, as its own row ("local cold"; it translates each sentence once,
as the copies share them, and fills the memory for the warm rows after it).

Each run is `translate run FOLDER -o OUT/ --model M --cache-dir C --quiet` (plus
`--runner ray --actors N` for ray1 and ray2) as a child process, timed by the parent from
spawn to exit. While it runs the parent reads

- the child's peak resident memory (VmHWM in /proc, every 0.05 s): "peak MB";
- the peak resident memory of every process below it (for Ray: GCS, raylet, workers and
  actors), every 0.5 s: "children MB" is their sum, so pages they share (Ray's object
  store) count once per process that maps them;
- the OUT folder, every 0.2 s, until the first *.de-en.md appears: "first output s".

After it exits the run must have exit code 0, one *.de-en.md per article under OUT and an
OUT/index.md; otherwise the benchmark prints the rows it has and stops.

Ratios are against the smallest count of the same runner, peak ratios on peak + children.
Wall time includes the fixed start (interpreter, imports, model loading), which weighs more
on a small count's seconds per article, so the marginal cost per article is printed too.
Ray's start-up cost is `--runner ray --actors 1` on a folder of one article minus the local
runner on the same folder. The goal (from the issue): from 300 to 10,000 articles the local
runner's seconds per article within 1.2× and its peak memory within 1.25×.

Folders go under $TMPDIR (100,000 outputs take about 1.3 GB) and are removed unless --keep.

    python -m benchmarks.scale [--counts 300,10000] [--article PATH] [--model DIR] [--cold]
                               [--runners local,ray1,ray2] [--cache-dir DIR] [--keep]
"""

from __future__ import annotations

import argparse
import os
import shlex
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "seeds" / "putin-kim-wostotschny.txt"
PER_FOLDER = 1000
OUTPUT_SUFFIX = ".de-en.md"
RUNNERS = {"local": (), "ray1": ("--runner", "ray", "--actors", "1"),
           "ray2": ("--runner", "ray", "--actors", "2")}
COLD = "local cold"
GOAL_COUNT, GOAL_TIME, GOAL_PEAK = 10_000, 1.2, 1.25
ENV = {**os.environ, "HF_HUB_OFFLINE": "1", "TRANSFORMERS_VERBOSITY": "error"}


class RunFailed(Exception):
    """A run exited with an error or wrote the wrong outputs."""


@dataclass(slots=True)
class Row:
    runner: str
    articles: int
    wall: float
    first: float  # seconds from spawn to the first output (at most 0.2 s late)
    peak_mb: float  # the child's own peak resident memory
    children_mb: float  # the sum of its descendants' peaks

    @property
    def per_article(self) -> float:
        return self.wall / self.articles

    @property
    def total_mb(self) -> float:
        return self.peak_mb + self.children_mb


@dataclass(slots=True)
class Watch:
    """What the watcher thread sees of a running child."""

    started: float
    first: float | None = None
    peak_mb: float = 0.0
    children: dict[int, float] = field(default_factory=dict)  # pid → peak MB


@dataclass(slots=True)
class Setup:
    model: Path
    cache: Path  # the runs' private cache: translation memory and CTranslate2 conversion
    work: Path
    keep: bool


# --- the work: an archive of copies, the stand-in model --------------------------------------

def make_archive(article: Path, count: int, folder: Path) -> Path:
    """`count` byte-identical copies of `article` as folder/NNN/NNNNNN.txt, PER_FOLDER to a
    subfolder: hard links to a copy inside `folder` (so `article` may be on another file
    system), the next file copied and linked to in turn where a link fails."""
    source: Path | None = None
    for number in range(1, count + 1):
        sub = folder / f"{(number - 1) // PER_FOLDER:03d}"
        if (number - 1) % PER_FOLDER == 0:
            sub.mkdir(parents=True)
        target = sub / f"{number:06d}.txt"
        if source is not None:
            try:
                os.link(source, target)
                continue
            except OSError:  # the file system's link limit, or no hard links at all
                pass
        shutil.copyfile(article, target)
        source = target
    return folder


def standin(cache_dir: Path) -> Path:
    """The tiny trained stand-in in `cache_dir`/benchmarks, built once (seconds)."""
    folder = cache_dir / "benchmarks" / "standin-tiny-trained"
    if not (folder / "model.safetensors").is_file():
        print(f"building the tiny trained stand-in in {folder} (once)", file=sys.stderr)
        subprocess.run([sys.executable, "-m", "tests.standin", str(folder), "--trained",
                        "--size", "tiny"], cwd=ROOT, env=ENV, check=True,
                       stdout=subprocess.DEVNULL)
    return folder


# --- one run, in a child process -------------------------------------------------------------

def measure(runner: str, folder: Path, count: int, setup: Setup, extra: tuple[str, ...] = ()
            ) -> Row:
    """`translate run` over `folder` (`count` articles) with `runner` (and `extra` options),
    watched and checked."""
    name = f"{runner.replace(' ', '-')}-{count}"
    out = Path(tempfile.mkdtemp(prefix=f"out-{name}-", dir=setup.work))  # new even with --keep
    log = out.with_name(f"{out.name}.log")
    command = [sys.executable, "-m", "translate", "run", str(folder), "-o", f"{out}/",
               "--model", str(setup.model), "--cache-dir", str(setup.cache), "--quiet",
               *RUNNERS["local" if runner == COLD else runner], *extra]
    with log.open("w") as stderr:
        watch = Watch(time.perf_counter())
        with subprocess.Popen(command, cwd=ROOT, env=ENV, stdout=subprocess.DEVNULL,
                              stderr=stderr) as child:
            watcher = threading.Thread(target=_watch, args=(child, out, watch), daemon=True)
            watcher.start()
            child.wait()
        wall = time.perf_counter() - watch.started
    watcher.join()
    _check(child.returncode, out, count, log, name)
    if not setup.keep:
        shutil.rmtree(out)
    return Row(runner, count, wall, wall if watch.first is None else watch.first,
               watch.peak_mb, sum(watch.children.values()))


def _watch(child: subprocess.Popen, out: Path, watch: Watch) -> None:
    """Poll until the child exits: its peak memory every 0.05 s, OUT every 0.2 s until the
    first output, its descendants' peaks every 0.5 s."""
    ticks = 0
    while child.poll() is None:
        watch.peak_mb = max(watch.peak_mb, _peak_mb(child.pid))
        if watch.first is None and ticks % 4 == 0 and _any_output(out):
            watch.first = time.perf_counter() - watch.started
        if ticks % 10 == 0:
            _descendant_peaks(child.pid, watch.children)
        ticks += 1
        time.sleep(0.05)


def _peak_mb(pid: int) -> float:
    """A process's peak resident memory (VmHWM, which starts afresh at exec); 0 once gone."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except (OSError, ValueError):
        pass
    return 0.0


def _descendant_peaks(pid: int, peaks: dict[int, float]) -> None:
    """Raise each descendant's entry in `peaks` to its peak so far; gone ones keep theirs."""
    try:
        descendants = psutil.Process(pid).children(recursive=True)
    except psutil.Error:
        return
    for process in descendants:
        peaks[process.pid] = max(peaks.get(process.pid, 0.0), _peak_mb(process.pid))


def _any_output(out: Path) -> bool:
    return next(out.rglob(f"*{OUTPUT_SUFFIX}"), None) is not None


def _check(returncode: int, out: Path, count: int, log: Path, name: str) -> None:
    written = sum(1 for _ in out.rglob(f"*{OUTPUT_SUFFIX}"))
    problems = [f"exit code {returncode}"] if returncode else []
    if written != count:
        problems.append(f"{written} of {count} outputs")
    if not (out / "index.md").is_file():
        problems.append("no index.md")
    if problems:
        raise RunFailed(f"{name}: {', '.join(problems)}; stderr:\n"
                        f"{log.read_text(errors='replace')[-2000:]}")


# --- the parent: archives, runs in order, the table ------------------------------------------

def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--counts", default="300,10000",
                        help="comma-separated numbers of articles (default: 300,10000)")
    parser.add_argument("--article", type=Path, default=SAMPLE, help="the article to copy")
    parser.add_argument("--model", type=Path,
                        help="a local model folder (default: the tiny trained stand-in)")
    parser.add_argument("--cold", action="store_true",
                        help="no warm-up: the largest count first, from an empty cache")
    parser.add_argument("--runners", default="local",
                        help=f"comma-separated, of {', '.join(RUNNERS)} (default: local)")
    parser.add_argument("--cache-dir", type=Path, default=ROOT / "cache",
                        help="where the stand-in is built once (the runs use their own cache)")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folders")
    args = parser.parse_args(argv)
    parts = args.counts.split(",")
    if not all(part.isdigit() and int(part) > 0 for part in parts):
        parser.error("--counts: positive whole numbers, comma-separated")
    counts = sorted({int(part) for part in parts})
    runners = args.runners.split(",")
    unknown = [runner for runner in runners if runner not in RUNNERS]
    if unknown:
        parser.error(f"--runners: unknown {', '.join(unknown)}")
    print("python -m benchmarks.scale " + shlex.join(sys.argv[1:] if argv is None else argv))
    article = args.article.resolve()  # the runs start in the repository's root
    model = args.model.resolve() if args.model else standin(args.cache_dir.resolve())
    work = Path(tempfile.mkdtemp(prefix="scale-"))
    setup = Setup(model, work / "cache", work, args.keep)
    print(f"{article} ({article.stat().st_size} bytes) × {', '.join(map(str, counts))}; "
          f"model {model}; {os.cpu_count()} CPUs; work folder {work}", flush=True)
    rows: list[Row] = []
    try:
        startup = _run_all(article, counts, runners, args.cold, setup, rows)
    except RunFailed as failed:
        _report(rows, runners, None)
        print(f"\nscale: {failed}", file=sys.stderr)
        return 1
    finally:
        if args.keep:
            print(f"kept {work}", file=sys.stderr)
        else:
            shutil.rmtree(work, ignore_errors=True)
    _report(rows, runners, startup)
    return 0


def _run_all(article: Path, counts: list[int], runners: list[str], cold: bool, setup: Setup,
             rows: list[Row]) -> tuple[Row, Row] | None:
    """The cold run or the warm-up, Ray's start-up (local and ray1 on one article, returned
    when a Ray runner is asked for), then every count with every runner, appended to `rows`
    as they finish."""
    one = make_archive(article, 1, setup.work / "in-1")
    if cold:
        rows.append(_on_archive(article, counts[-1], [COLD], setup)[0])
    else:
        measure("local", one, 1, setup)
    startup = None
    if any(runner != "local" for runner in runners):
        startup = measure("local", one, 1, setup), measure("ray1", one, 1, setup)
    for count in counts:
        rows.extend(_on_archive(article, count, runners, setup))
        print(f"  done: {count} articles", file=sys.stderr)
    return startup


def _on_archive(article: Path, count: int, runners: list[str], setup: Setup) -> list[Row]:
    """Each of `runners` on a new archive of `count` copies (removed after, unless --keep)."""
    folder = make_archive(article, count, setup.work / f"in-{count}-{'-'.join(runners)}")
    rows = [measure(runner, folder, count, setup) for runner in runners]
    if not setup.keep:
        shutil.rmtree(folder)
    return rows


def _report(rows: list[Row], runners: list[str], startup: tuple[Row, Row] | None) -> None:
    order = [COLD, *runners]
    rows = sorted(rows, key=lambda row: (order.index(row.runner), row.articles))
    print("\n| runner | articles | wall s | s/article (ms) | first output s | peak MB "
          "| children MB | s/article ratio | peak ratio |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for row in rows:
        base = _smallest(rows, row.runner)
        children = f"{row.children_mb:.0f}" if row.children_mb else "-"
        print(f"| {row.runner} | {row.articles} | {row.wall:.1f} | {row.per_article * 1000:.1f} "
              f"| {row.first:.1f} | {row.peak_mb:.0f} | {children} "
              f"| {row.per_article / base.per_article:.2f} | {row.total_mb / base.total_mb:.2f} |")
    print("\npeak MB: the translate process's peak resident memory; children MB: the sum of "
          "the peaks of every process below it (Ray's GCS, raylet, workers, actors); ratios: "
          "against the same runner's smallest count, peak on peak + children")
    _marginal(rows, runners)
    if startup:
        local, ray = startup
        print(f"Ray start-up: {ray.wall - local.wall:.1f} s (1 article: ray1 {ray.wall:.1f} s, "
              f"local {local.wall:.1f} s)")
    _goal(rows)


def _smallest(rows: list[Row], runner: str) -> Row:
    return min((row for row in rows if row.runner == runner), key=lambda row: row.articles)


def _marginal(rows: list[Row], runners: list[str]) -> None:
    """Each runner's cost per extra article between its smallest and largest count, free of
    the fixed start that the s/article column spreads over the articles."""
    costs = []
    for runner in runners:
        mine = [row for row in rows if row.runner == runner]
        if len(mine) > 1:
            small, big = mine[0], mine[-1]
            cost = (big.wall - small.wall) / (big.articles - small.articles)
            costs.append(f"{runner} {cost * 1000:.1f} ms")
    if costs:
        print("marginal cost per article (smallest → largest count): " + ", ".join(costs))


def _goal(rows: list[Row]) -> None:
    local = [row for row in rows if row.runner == "local"]
    if len(local) < 2:
        print("goal: needs two counts of the local runner")
        return
    small = local[0]
    big = next((row for row in local if row.articles == GOAL_COUNT), local[-1])
    time_ratio = big.per_article / small.per_article
    peak_ratio = big.total_mb / small.total_mb
    holds = time_ratio <= GOAL_TIME and peak_ratio <= GOAL_PEAK
    note = "" if big.articles == GOAL_COUNT else f"; {GOAL_COUNT} not measured"
    print(f"goal (local, {small.articles} → {big.articles} articles{note}): s/article "
          f"×{time_ratio:.2f} (≤ {GOAL_TIME}), peak ×{peak_ratio:.2f} (≤ {GOAL_PEAK}): "
          f"{'holds' if holds else 'does NOT hold'}")


if __name__ == "__main__":
    sys.exit(main())
