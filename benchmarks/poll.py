"""Polling a feed: the first `translate feed` and a second one on the unchanged feed, each a
cold process timed from spawn to exit, against the test site of tests/test_feeds.py (an RSS
and an Atom feed, six German pages) served on 127.0.0.1, with the tiny trained stand-in.

The first poll fetches both feeds and every page and translates them; the second asks each
conditionally, gets 304 answers, and skips every article before parsing it. Both use the
default polite delay (one request a second to a host) unless --delay says otherwise.

    python -m benchmarks.poll [--delay 1.0]
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.scale import ENV, ROOT, standin
from tests.test_feeds import ATOM, ATOM_TYPE, PAGES, RSS_TYPE, rss
from tests.web_server import Page, WebServer, html_page


def poll(site: WebServer, work: Path, model: Path, delay: float) -> tuple[float, str]:
    """One `translate feed` run: its wall time and its closing report line."""
    started = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-m", "translate", "feed", f"{site.url}/rss.xml",
         f"{site.url}/feeds/atom.xml", "-o", str(work / "digest"), "--model", str(model),
         "--cache-dir", str(work / "cache"), "--delay", str(delay)],
        cwd=ROOT, env=ENV, capture_output=True, text=True)
    wall = time.perf_counter() - started
    lines = [line for line in result.stderr.splitlines() if "file(s) written" in line]
    return wall, lines[-1] if lines else result.stderr.strip().splitlines()[-1]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--delay", type=float, default=1.0)
    args = parser.parse_args(argv)
    model = standin(ROOT / "cache")
    with tempfile.TemporaryDirectory(prefix="poll-") as folder, WebServer() as site:
        site.routes.update({path: html_page(body) for path, body in PAGES.items()})
        site.routes["/rss.xml"] = html_page(rss(site.url), content_type=RSS_TYPE)
        site.routes["/feeds/atom.xml"] = Page(ATOM, content_type=ATOM_TYPE,
                                              last_modified="Thu, 14 Mar 2024 09:00:00 GMT")
        rows = [poll(site, Path(folder), model, args.delay) for _ in range(2)]
        statuses = [hit.status for hit in site.requests]
    print(f"python -m benchmarks.poll --delay {args.delay}\n")
    print("| poll | wall s | report |\n| --- | ---: | --- |")
    for name, (wall, line) in zip(("first", "second"), rows, strict=True):
        print(f"| {name} | {wall:.1f} | {line.removeprefix('translate: ')} |")
    half = len(statuses) // 2
    print(f"\nanswers: first poll {statuses[:half]}, second poll {statuses[half:]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
