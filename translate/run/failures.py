"""Inputs that failed the same way last time: a folder with an empty or a binary file fails on
every run, and the summary says that nothing changed for those (the exit code stays 1).

Each failed read whose bytes were read is remembered in the cache folder (`failures.json`:
the input, its bytes' SHA-256 and the error), like translate.model.digests: small JSON, written
atomically, a lost entry only means one failure is not recognised as a repeat.
"""

from __future__ import annotations

from pathlib import Path

from translate.model.digests import read_store, write_store
from translate.run.report import Report
from translate.sources.urls import names_url

FILE = "failures.json"


def note_repeats(report: Report, cache_dir: Path) -> None:
    """Count in `report.failed_as_before` the failed reads whose input, bytes and error are
    those of the last failure recorded for it; then record this run's failures."""
    store = cache_dir / FILE
    known = read_store(store)
    now = {_key(name): {"sha256": digest, "error": error}
           for name, digest, error in report.failed_reads}
    report.failed_as_before = sum(known.get(key) == entry for key, entry in now.items())
    if now and any(known.get(key) != entry for key, entry in now.items()):
        write_store(store, {**known, **now})


def _key(name: str) -> str:
    return name if names_url(name) or name == "-" else str(Path(name).resolve())
