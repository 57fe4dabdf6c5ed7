"""The translation memory: one SQLite file in the cache folder, `memory.sqlite`, shared by
runs and Ray workers (WAL mode: a reader never blocks the writer, and an interrupted run
leaves a consistent database).

It keeps four things, each in a table with its own small class over the one connection:
`translations` (every sentence once per model and settings), `summaries`, `articles` (the
folder index's rows) and `versions` (each article's units when last written). The stages
ask only for the table they use, through a protocol of the layer that uses it
(model.cache.TranslationCache, summarizers.cache.SummaryCache, run.changes.Versions).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from translate.run.store.articles import ArticleTable
from translate.run.store.schema import MIGRATIONS, open_migrated
from translate.run.store.summaries import SummaryTable
from translate.run.store.translations import TranslationTable
from translate.run.store.versions import VersionTable

__all__ = ["FILE_NAME", "MIGRATIONS", "TABLES", "MemoryInfo", "TranslationMemory"]

FILE_NAME = "memory.sqlite"
TABLES = {"translations": "translations", "summaries": "model summaries",
          "articles": "index rows", "versions": "article versions for change marks"}


@dataclass(frozen=True, slots=True)
class MemoryInfo:
    path: Path
    entries: int
    signatures: list[dict[str, Any]]  # the translations' (TranslationTable.signatures)
    bytes: int
    summaries: list[dict[str, Any]]  # the summarisers' (SummaryTable.signatures)


class TranslationMemory:
    """The memory file, opened (and migrated), with a table object for each thing it keeps."""

    @classmethod
    def in_folder(cls, cache_dir: Path, threads: bool = False) -> TranslationMemory:
        """The memory of `cache_dir`, made there if it has none (a run's). With `threads`,
        any thread may use it, one at a time (translate serve's request threads)."""
        return cls(cache_dir / FILE_NAME, threads)

    @classmethod
    def existing(cls, cache_dir: Path) -> TranslationMemory | None:
        """The memory of `cache_dir` if it has one; None, creating nothing, if not (so that
        `cache info` or `cache clear` on a mistyped folder makes no cache there)."""
        path = cache_dir / FILE_NAME
        return cls(path) if path.is_file() else None

    def __init__(self, path: Path, threads: bool = False) -> None:
        self.path = path
        self.db = open_migrated(path, threads)
        self.translations = TranslationTable(self.db)
        self.summaries = SummaryTable(self.db)
        self.articles = ArticleTable(self.db)
        self.versions = VersionTable(self.db)

    def __enter__(self) -> TranslationMemory:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def info(self) -> MemoryInfo:
        signatures = self.translations.signatures()
        size = sum(p.stat().st_size for p in self.path.parent.glob(self.path.name + "*"))
        return MemoryInfo(self.path, sum(s["entries"] for s in signatures), signatures, size,
                          self.summaries.signatures())

    def held(self) -> dict[str, int]:
        """How many rows each table holds, by what a user would call them (TABLES)."""
        return {words: self.db.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]
                for table, words in TABLES.items()}

    def clear(self) -> dict[str, int]:
        """Empty every table in one transaction; returns what they held (as `held`)."""
        with self.db:
            held = self.held()
            self.translations.clear()
            for table in (self.summaries, self.articles, self.versions):
                table.clear()
        self.db.execute("VACUUM")
        return held

    def close(self) -> None:
        self.db.close()
