"""The one way this tool opens a SQLite file in its cache folder."""

from __future__ import annotations

import sqlite3
from pathlib import Path

BUSY_SECONDS = 60


def open_shared(path: Path, threads: bool = False) -> sqlite3.Connection:
    """A SQLite file in the cache folder that several runs (and Ray workers) share: WAL, so a
    reader never blocks the writer and an interrupted run leaves it consistent; a writer
    waits up to BUSY_SECONDS for another's transaction (they are short) instead of failing.
    In autocommit mode: `with db:` is one transaction once isolation_level is set. With
    `threads`, any thread may use the connection (the caller makes them take turns)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    db = sqlite3.connect(path, timeout=BUSY_SECONDS, isolation_level=None,
                         check_same_thread=not threads)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("PRAGMA synchronous=NORMAL")
    return db
