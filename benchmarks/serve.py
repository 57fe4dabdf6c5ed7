"""translate serve under load: a real server process with the trained stand-in, on the CPU.

1. Throughput: --clients concurrent clients each posting a different article, against the same
   articles posted one after another (total sentences per second; goal: >= 2.5x).
2. Latency: one request for one article on an idle server, against the warm in-process
   translation of the same article (the run's stages with the model loaded; goal: <= 1.2x).
3. p50/p95 latency of the concurrent requests.
4. Memory: the server's peak RSS after 200 and after --requests requests (the articles again,
   from the memory this time: the request path, not the model, is what could leak).
5. Against the anchor: the same articles through LibreTranslate's API (POST /translate), on
   this server and on LibreTranslate itself serving the same model (benchmarks/anchor.py).

The articles are newstest2021's German (../shared/eval) cut into --sentences-sentence articles
(as benchmarks/cross_document.py does), else distinct copies of the sample's units. The first
two parts run with the memory off, so every request goes to the model.

    python -m benchmarks.serve [--clients 16] [--sentences 20] [--requests 2000]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import httpx

from benchmarks.cross_document import long_articles
from benchmarks.speed import WMT_SOURCE
from tests.serve_process import ServeProcess

Anchor = Callable[[list[str], int, Path | None], dict[str, Any]]


def post(url: str, text: str) -> tuple[float, int]:
    """Seconds for one request, and the units its answer has."""
    started = time.perf_counter()
    response = httpx.post(f"{url}/v1/documents", content=text.encode(), timeout=600,
                          headers={"Content-Type": "text/plain"})
    response.raise_for_status()
    units = sum(len(p["sentences"]) for s in response.json()["sections"]
                for p in s["paragraphs"])
    return time.perf_counter() - started, units + 1


def throughput(url: str, articles: list[str], clients: int) -> dict[str, Any]:
    """Sentences per second one after another and with `clients` at once; their latencies."""
    started = time.perf_counter()
    sequential = [post(url, text) for text in articles]
    one_by_one = time.perf_counter() - started
    started = time.perf_counter()
    with ThreadPoolExecutor(clients) as pool:
        together = list(pool.map(lambda text: post(url, text), articles))
    at_once = time.perf_counter() - started
    units = sum(count for _, count in sequential)
    latencies = sorted(seconds for seconds, _ in together)
    return {"units": units, "sequential_s": one_by_one, "concurrent_s": at_once,
            "sequential_rate": units / one_by_one, "concurrent_rate": units / at_once,
            "p50": statistics.median(latencies),
            "p95": latencies[min(len(latencies) - 1, round(0.95 * (len(latencies) - 1)))]}


def in_process_seconds(model: Path, text: str, cache: Path, repeat: int = 3) -> float:
    """The warm in-process translation of one article: the run's stages, model loaded, the
    memory off (best of `repeat`)."""
    from translate.articles import Article
    from translate.output.render import render
    from translate.run.plan import make_plan
    from translate.run.stages import Translate, finish_document, load_translator, read_loaded
    from translate.settings import Settings
    from translate.sources.inputs import Loaded

    settings = Settings(inputs=(), model=str(model), cache_dir=cache, memory=False,
                        offline=True)
    plan, summarizer = make_plan(settings)
    translate = Translate(plan, None, translator=load_translator(plan))
    best = float("inf")
    for _ in range(repeat + 1):  # the first warms up
        started = time.perf_counter()
        read = read_loaded(Article("article", Path("article")), Loaded(text.encode(), "text"),
                           plan)
        translate([read.parsed])
        summarizer.summarize(read.parsed)
        render(finish_document(plan, read), "json")
        best = min(best, time.perf_counter() - started)
    return best


def peak_rss(server: ServeProcess) -> float:
    """The server process's peak resident memory so far, in MiB (Linux)."""
    status = Path(f"/proc/{server.process.pid}/status").read_text()
    return int(next(line.split()[1] for line in status.splitlines()
                    if line.startswith("VmHWM:"))) / 1024


def memory_over(server: ServeProcess, articles: list[str], requests: int, clients: int
                ) -> dict[int, float]:
    """Peak RSS after 200 requests and after `requests` (the articles round and round)."""
    marks: dict[int, float] = {}
    sent = 0
    with ThreadPoolExecutor(clients) as pool:
        for mark in (200, requests):
            list(pool.map(lambda n: post(server.url, articles[n % len(articles)]),
                          range(sent, mark)))
            sent = mark
            marks[mark] = peak_rss(server)
    return marks


def libretranslate_route(url: str, articles: list[str], clients: int) -> dict[str, Any]:
    """Our server through its LibreTranslate route (/translate: sentences only, no summaries),
    timed and counted exactly as benchmarks/anchor.py times LibreTranslate."""
    from benchmarks.anchor import compared, timed_requests

    return compared(articles, clients, timed_requests(url, articles, 1),
                    timed_requests(url, articles, clients))


def anchor_figures(articles: list[str], clients: int, venv: Path | None = None
                   ) -> dict[str, Any]:
    """LibreTranslate on the same articles and the same model (benchmarks/anchor.py)."""
    from benchmarks.anchor import DEFAULT_VENV, measure_anchor

    return measure_anchor(articles, clients, venv=venv or DEFAULT_VENV)


def main(argv: list[str] | None = None, anchor: Anchor | None = anchor_figures) -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.serve", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--sentences", type=int, default=20)
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--anchor-venv", type=Path, default=None,
                        help="LibreTranslate's virtualenv (made on first use if missing)")
    parser.add_argument("--no-anchor", action="store_true", help="skip LibreTranslate")
    args = parser.parse_args(argv)
    from tests.standin import build_standin

    articles = long_articles(args.clients, args.sentences)[0]
    source = "newstest2021" if WMT_SOURCE.is_file() else "the sample's units (no newstest2021)"
    with tempfile.TemporaryDirectory(prefix="serve-bench-") as folder:
        cache = Path(folder)
        print(f"building the trained stand-in; {len(articles)} articles of {args.sentences} "
              f"units from {source}", file=sys.stderr)
        model = build_standin(cache / "standin", size="tiny", seed=0, trained=True)
        with ServeProcess(model, cache / "off", "--no-memory") as server:
            post(server.url, articles[0])  # warm up
            load = throughput(server.url, articles, args.clients)
            alone = min(post(server.url, articles[0])[0] for _ in range(3))
            ours = libretranslate_route(server.url, articles, args.clients)
        local = in_process_seconds(model, articles[0], cache / "local")
        with ServeProcess(model, cache / "on") as server:
            rss = memory_over(server, articles, args.requests, args.clients)
        anchored = (None if args.no_anchor or anchor is None
                    else anchor(articles, args.clients, args.anchor_venv))
    report(load, alone, local, rss, args.clients)
    print(f"through LibreTranslate's API, translate serve: {ours}")
    if anchored is not None:
        print(f"through LibreTranslate's API, {anchored.pop('anchor')}: {anchored}")


def report(load: dict[str, Any], alone: float, local: float, rss: dict[int, float],
           clients: int) -> None:
    ratio = load["concurrent_rate"] / load["sequential_rate"]
    print(f"{load['units']} units in {clients} articles")
    print(f"one after another: {load['sequential_s']:.2f} s, {load['sequential_rate']:.1f} "
          "units/s")
    print(f"{clients} at once:        {load['concurrent_s']:.2f} s, "
          f"{load['concurrent_rate']:.1f} units/s  -> {ratio:.2f}x (goal >= 2.5x)")
    print(f"latency of the {clients} at once: p50 {load['p50']:.2f} s, p95 {load['p95']:.2f} s")
    print(f"one request alone: {alone:.3f} s; warm in-process: {local:.3f} s -> "
          f"{alone / local:.2f}x (goal <= 1.2x)")
    print("peak RSS of the server: " + ", ".join(f"{mib:.0f} MiB after {count} requests"
                                                 for count, mib in rss.items()))


if __name__ == "__main__":
    main()
