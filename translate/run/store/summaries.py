"""The summaries table: model summaries keyed by the summariser's signature, the prompt and
the text (the summarisers' SummaryCache)."""

from __future__ import annotations

import hashlib
import json
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from translate.model.signature import digest


@dataclass(frozen=True, slots=True)
class SummaryTable:
    db: sqlite3.Connection

    def lookup(self, signature: dict[str, Any], prompt: str, text: str) -> str | None:
        """The stored summary of `text` by this model and prompt ("" means: none fits)."""
        row = self.db.execute(
            "SELECT summary FROM summaries WHERE model = ? AND prompt = ? AND source = ?",
            (digest(signature), _prompt_key(prompt), text)).fetchone()
        return row[0] if row else None

    def store(self, signature: dict[str, Any], rows: Iterable[tuple[str, str, str]]) -> None:
        """Add (prompt, text, summary) rows in one transaction."""
        key, described = digest(signature), json.dumps(signature, sort_keys=True)
        with self.db:
            self.db.executemany(
                "INSERT OR REPLACE INTO summaries VALUES (?, ?, ?, ?, ?, datetime('now'))",
                [(key, _prompt_key(prompt), text, summary, described)
                 for prompt, text, summary in rows])

    def signatures(self) -> list[dict[str, Any]]:
        """Each summariser signature the table holds summaries by, oldest first, with its
        number of `entries`."""
        return [{**json.loads(signature), "entries": entries}
                for signature, entries in self.db.execute(
                    "SELECT signature, COUNT(*) FROM summaries GROUP BY model "
                    "ORDER BY MIN(created), model")]

    def clear(self) -> None:
        """Delete every summary (in the caller's transaction)."""
        self.db.execute("DELETE FROM summaries")


def _prompt_key(prompt: str) -> str:
    return hashlib.sha256(prompt.encode()).hexdigest()[:16]
