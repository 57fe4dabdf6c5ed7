"""The articles table: what the folder index shows of each written article, keyed by its
output key, so that a re-run lists an up-to-date article without reading it again."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass

Row = tuple[str | int | None, ...]
# what lookup gives: the German title (never NULL), English title, summary, date, address,
# update time and the count of units the QA checks flagged (translate.output.paths.IndexRow)
Stored = tuple[str, str | None, str | None, str | None, str | None, str | None, int | None]


@dataclass(frozen=True, slots=True)
class ArticleTable:
    db: sqlite3.Connection

    def lookup(self, key: str) -> Stored | None:
        """The German title, English title, summary, date, address, update time and count
        of units flagged by the QA checks of the article written under `key`."""
        return self.db.execute("SELECT title_de, title_en, summary, date, url, updated, "
                               "flagged FROM articles WHERE key = ?", (key,)).fetchone()

    def store(self, rows: Iterable[Row]) -> None:
        """Add (key, German title, English title, summary, date, address, update time,
        flagged units) rows in one transaction."""
        with self.db:
            self.db.executemany(
                "INSERT OR REPLACE INTO articles (key, title_de, title_en, summary, date, url, "
                "updated, flagged, created) VALUES (?, ?, ?, ?, ?, ?, ?, ?, datetime('now'))",
                rows)

    def clear(self) -> None:
        """Delete every row (in the caller's transaction)."""
        self.db.execute("DELETE FROM articles")
