"""The translations table: every sentence translated once per translator signature (model,
revision, decoding settings, engine), with its score and whether it ran into the length cap."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from translate.document import Translation
from translate.model.signature import Signature

CHUNK = 500  # texts per lookup query: stays under SQLite's variable limit


@dataclass(frozen=True, slots=True)
class TranslationTable:
    db: sqlite3.Connection

    def lookup(self, signature: Signature, texts: Iterable[str]) -> dict[str, Translation]:
        key, found = signature.key(), {}
        unique = list(dict.fromkeys(texts))
        for start in range(0, len(unique), CHUNK):
            chunk = unique[start:start + CHUNK]
            rows = self.db.execute(
                "SELECT source, target, score, capped FROM translations WHERE signature = ? "
                f"AND source IN ({', '.join('?' * len(chunk))})", (key, *chunk))
            found.update({source: Translation(target, score, bool(capped))
                          for source, target, score, capped in rows})
        return found

    def store(self, signature: Signature, pairs: Iterable[tuple[str, Translation]]) -> None:
        """Add translations in one transaction: all of them are stored, or none."""
        key = signature.key()
        with self.db:
            self.db.execute("INSERT OR IGNORE INTO signatures VALUES (?, ?, datetime('now'))",
                            (key, json.dumps(signature.to_dict(), sort_keys=True)))
            self.db.executemany(
                "INSERT OR REPLACE INTO translations VALUES (?, ?, ?, ?, ?, datetime('now'))",
                [(key, source, t.text, t.score, int(t.capped)) for source, t in pairs])

    def stored_since(self, when: datetime) -> int:
        """How many translations were stored (or stored again) at or after `when`."""
        since = when.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S")  # as datetime('now')
        return self.db.execute("SELECT COUNT(*) FROM translations WHERE created >= ?",
                               (since,)).fetchone()[0]

    def signatures(self) -> list[dict[str, Any]]:
        """Each signature the table holds translations under, oldest first (as stored, within
        a second), with its number of `entries`."""
        return [{**json.loads(signature), "entries": entries}
                for signature, entries in self.db.execute(
                    "SELECT s.signature, COUNT(t.source) FROM signatures s LEFT JOIN "
                    "translations t ON t.signature = s.key GROUP BY s.key "
                    "ORDER BY s.created, s.rowid")]

    def clear(self) -> int:
        """Delete every translation (in the caller's transaction); returns how many."""
        count = self.db.execute("SELECT COUNT(*) FROM translations").fetchone()[0]
        self.db.execute("DELETE FROM translations")
        self.db.execute("DELETE FROM signatures")
        return count
