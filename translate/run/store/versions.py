"""The versions table: the digests of the German units each article had when it was last
written, keyed by its name (a path or address); translate.run.changes reads it."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class VersionTable:
    db: sqlite3.Connection

    def lookup(self, name: str) -> set[str] | None:
        """The digests the article `name` had when last written; None for an article never
        written (with the memory on)."""
        row = self.db.execute("SELECT units FROM versions WHERE name = ?", (name,)).fetchone()
        return set(json.loads(row[0])) if row else None

    def store(self, name: str, digests: Iterable[str]) -> None:
        """Remember the digests the article `name` was written with."""
        with self.db:
            self.db.execute("INSERT OR REPLACE INTO versions VALUES (?, ?, datetime('now'))",
                            (name, json.dumps(sorted(set(digests)))))

    def clear(self) -> None:
        """Delete every version (in the caller's transaction)."""
        self.db.execute("DELETE FROM versions")
