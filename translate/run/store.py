"""The translation memory: every sentence translated once per model and settings.

A SQLite file in the cache folder (WAL mode, so a reader never blocks the writer and an
interrupted run leaves a consistent database). Entries are keyed by the translator's
signature (model, revision, decoding settings) and the German text; they hold the English,
its score and whether it ran into the length cap. Schema changes are migration functions,
applied in order and recorded in the `migrations` table.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from translate.document import Translation
from translate.model.signature import Signature, digest
from translate.sqlite import open_shared

FILE_NAME = "memory.sqlite"


def _create_translations(db: sqlite3.Connection) -> None:
    db.execute("""CREATE TABLE signatures (
        key TEXT PRIMARY KEY, signature TEXT NOT NULL, created TEXT NOT NULL)""")
    db.execute("""CREATE TABLE translations (
        signature TEXT NOT NULL REFERENCES signatures(key), source TEXT NOT NULL,
        target TEXT NOT NULL, score REAL NOT NULL, capped INTEGER NOT NULL,
        created TEXT NOT NULL, PRIMARY KEY (signature, source)) WITHOUT ROWID""")


def _summaries_table(db: sqlite3.Connection) -> None:
    """Model summaries: keyed by the summariser's signature, the prompt and the text."""
    db.execute("""CREATE TABLE summaries (
        model TEXT NOT NULL, prompt TEXT NOT NULL, source TEXT NOT NULL, summary TEXT NOT NULL,
        signature TEXT NOT NULL, created TEXT NOT NULL,
        PRIMARY KEY (model, prompt, source)) WITHOUT ROWID""")


def _articles_table(db: sqlite3.Connection) -> None:
    """What the folder index shows of each written article, keyed by its output key: a re-run
    lists an up-to-date article without parsing it again."""
    db.execute("""CREATE TABLE articles (
        key TEXT PRIMARY KEY, title_de TEXT NOT NULL, title_en TEXT, summary TEXT,
        created TEXT NOT NULL) WITHOUT ROWID""")


def _articles_date_and_url(db: sqlite3.Connection) -> None:
    """The index shows an article's date and, for a web page, its address."""
    db.execute("ALTER TABLE articles ADD COLUMN date TEXT")
    db.execute("ALTER TABLE articles ADD COLUMN url TEXT")


def _versions_table(db: sqlite3.Connection) -> None:
    """The German units each article had when it was last written (digests, keyed by its
    name: a path or address), so that a changed article's page marks what changed; and the
    index shows when an article was updated."""
    db.execute("""CREATE TABLE versions (
        name TEXT PRIMARY KEY, units TEXT NOT NULL, written TEXT NOT NULL) WITHOUT ROWID""")
    db.execute("ALTER TABLE articles ADD COLUMN updated TEXT")


MIGRATIONS: list[Callable[[sqlite3.Connection], None]] = [
    _create_translations, _summaries_table, _articles_table, _articles_date_and_url,
    _versions_table]


@dataclass(frozen=True, slots=True)
class MemoryInfo:
    path: Path
    entries: int
    signatures: list[dict[str, Any]]
    bytes: int


class TranslationMemory:
    @classmethod
    def in_folder(cls, cache_dir: Path) -> TranslationMemory:
        return cls(cache_dir / FILE_NAME)

    def __enter__(self) -> TranslationMemory:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def __init__(self, path: Path) -> None:
        self.path = path
        self.db = open_shared(path)
        self._migrate()
        self.db.isolation_level = ""  # from here on, `with self.db:` is one transaction

    def _migrate(self) -> None:
        """Apply the missing migrations. BEGIN IMMEDIATE takes the write lock before reading
        what is done, so two runs opening a new file never both create the tables."""
        self.db.execute("BEGIN IMMEDIATE")
        try:
            self.db.execute("CREATE TABLE IF NOT EXISTS migrations "
                            "(name TEXT PRIMARY KEY, applied TEXT NOT NULL)")
            done = {name for (name,) in self.db.execute("SELECT name FROM migrations")}
            for migration in MIGRATIONS:
                if migration.__name__ not in done:
                    migration(self.db)
                    self.db.execute("INSERT INTO migrations VALUES (?, datetime('now'))",
                                    (migration.__name__,))
        except BaseException:
            self.db.execute("ROLLBACK")
            raise
        self.db.execute("COMMIT")

    def lookup(self, signature: Signature, texts: Iterable[str]) -> dict[str, Translation]:
        key, found = signature.key(), {}
        unique = list(dict.fromkeys(texts))
        for start in range(0, len(unique), 500):  # stays under SQLite's variable limit
            chunk = unique[start:start + 500]
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

    def lookup_summary(self, signature: dict[str, Any], prompt: str, text: str) -> str | None:
        """The stored summary of `text` by this model and prompt ("" means: none fits)."""
        row = self.db.execute(
            "SELECT summary FROM summaries WHERE model = ? AND prompt = ? AND source = ?",
            (digest(signature), _digest(prompt), text)).fetchone()
        return row[0] if row else None

    def store_summary(self, signature: dict[str, Any],
                      rows: Iterable[tuple[str, str, str]]) -> None:
        """Add (prompt, text, summary) rows in one transaction."""
        key, described = digest(signature), json.dumps(signature, sort_keys=True)
        with self.db:
            self.db.executemany(
                "INSERT OR REPLACE INTO summaries VALUES (?, ?, ?, ?, ?, datetime('now'))",
                [(key, _digest(prompt), text, summary, described)
                 for prompt, text, summary in rows])

    def lookup_article(self, key: str) -> tuple[str | None, ...] | None:
        """The German title, English title, summary, date, address and update time of the
        article written under `key`."""
        return self.db.execute("SELECT title_de, title_en, summary, date, url, updated "
                               "FROM articles WHERE key = ?", (key,)).fetchone()

    def store_articles(self, rows: Iterable[tuple[str | None, ...]]) -> None:
        """Add (key, German title, English title, summary, date, address, update time) rows
        in one transaction."""
        with self.db:
            self.db.executemany(
                "INSERT OR REPLACE INTO articles (key, title_de, title_en, summary, date, url, "
                "updated, created) VALUES (?, ?, ?, ?, ?, ?, ?, datetime('now'))", rows)

    def lookup_version(self, name: str) -> set[str] | None:
        """The digests of the German units the article `name` had when last written; None
        for an article never written (with the memory on)."""
        row = self.db.execute("SELECT units FROM versions WHERE name = ?", (name,)).fetchone()
        return set(json.loads(row[0])) if row else None

    def store_version(self, name: str, digests: Iterable[str]) -> None:
        """Remember the digests of the German units the article `name` was written with."""
        with self.db:
            self.db.execute("INSERT OR REPLACE INTO versions VALUES (?, ?, datetime('now'))",
                            (name, json.dumps(sorted(set(digests)))))

    def info(self) -> MemoryInfo:
        signatures = [
            {**json.loads(signature), "entries": entries}
            for signature, entries in self.db.execute(
                "SELECT s.signature, COUNT(t.source) FROM signatures s LEFT JOIN translations t "
                "ON t.signature = s.key GROUP BY s.key ORDER BY s.created")
        ]
        entries = sum(s["entries"] for s in signatures)
        size = sum(p.stat().st_size for p in self.path.parent.glob(self.path.name + "*"))
        return MemoryInfo(self.path, entries, signatures, size)

    def clear(self) -> int:
        """Remove every entry; returns how many there were."""
        with self.db:
            count = self.db.execute("SELECT COUNT(*) FROM translations").fetchone()[0]
            self.db.execute("DELETE FROM translations")
            self.db.execute("DELETE FROM signatures")
            self.db.execute("DELETE FROM summaries")
            self.db.execute("DELETE FROM articles")
            self.db.execute("DELETE FROM versions")
        self.db.execute("VACUUM")
        return count

    def close(self) -> None:
        self.db.close()


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()[:16]
