"""The memory file's tables, as migrations applied in order, each recorded in the `migrations`
table under its fixed id; `open_migrated` opens the file with the missing ones applied."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from translate.sqlite import open_shared


@dataclass(frozen=True, slots=True)
class Migration:
    """One change to the tables. Its `id` is what the `migrations` table records, so it never
    changes once released (the function may be renamed or moved freely); `former` is the name
    releases before the ids recorded it under (its function's name then)."""

    id: str
    apply: Callable[[sqlite3.Connection], None]
    former: str | None = None

    def done(self, recorded: set[str]) -> bool:
        return self.id in recorded or self.former in recorded


def _translations_table(db: sqlite3.Connection) -> None:
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


def _articles_flagged(db: sqlite3.Connection) -> None:
    """The index shows how many of an article's units the QA checks flagged (NULL for rows
    written before: not known)."""
    db.execute("ALTER TABLE articles ADD COLUMN flagged INTEGER")


MIGRATIONS = [
    Migration("m001_translations", _translations_table, "_create_translations"),
    Migration("m002_summaries", _summaries_table, "_summaries_table"),
    Migration("m003_articles", _articles_table, "_articles_table"),
    Migration("m004_articles_date_and_url", _articles_date_and_url, "_articles_date_and_url"),
    Migration("m005_versions", _versions_table, "_versions_table"),
    Migration("m006_articles_flagged", _articles_flagged),
]


def open_migrated(path: Path, threads: bool = False) -> sqlite3.Connection:
    """The memory file at `path` (created if new) with every migration applied; from then
    on, `with db:` is one transaction. `threads`: as translate.sqlite.open_shared."""
    db = open_shared(path, threads)
    _migrate(db)
    db.isolation_level = "DEFERRED"  # SQLite's default BEGIN, as "" gives it, spelled out
    return db


def _migrate(db: sqlite3.Connection) -> None:
    """Apply the missing migrations. BEGIN IMMEDIATE takes the write lock before reading what
    is done, so two runs opening a new file never both create the tables."""
    db.execute("BEGIN IMMEDIATE")
    try:
        db.execute("CREATE TABLE IF NOT EXISTS migrations "
                   "(name TEXT PRIMARY KEY, applied TEXT NOT NULL)")
        recorded = {name for (name,) in db.execute("SELECT name FROM migrations")}
        for migration in MIGRATIONS:
            if not migration.done(recorded):
                migration.apply(db)
                db.execute("INSERT INTO migrations VALUES (?, datetime('now'))",
                           (migration.id,))
    except BaseException:
        db.execute("ROLLBACK")
        raise
    db.execute("COMMIT")
