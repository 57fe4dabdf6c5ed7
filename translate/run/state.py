"""What both runners record as articles go by: the report, the progress, the index rows, and
the store's copy of each written article's row (so a later up-to-date run can list it
without reading it again)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from translate.output.paths import IndexRow, IndexRows, destination
from translate.run.report import Progress, Report
from translate.run.stages import ArticleRead
from translate.settings import Settings

if TYPE_CHECKING:
    from translate.run.store import TranslationMemory


@dataclass(slots=True)
class RunState:
    settings: Settings
    report: Report
    rows: IndexRows
    store: Callable[[], TranslationMemory | None]  # the store, opened on first need
    on_progress: Callable[[Progress], None] = lambda progress: None
    progress: Progress = field(default_factory=Progress)
    _unstored: list[tuple[str | int | None, ...]] = field(default_factory=list)

    def record_read(self, position: int, read: ArticleRead,
                    skipped_row: Callable[[], IndexRow]) -> bool:
        """A read that failed or found its article up to date, reported as such (an
        up-to-date one keeps its place in a folder's index: `skipped_row()`); True if it was
        one, and nothing is left to do for it."""
        if read.error:
            self.record_failed(read.error)
            if read.data_sha256:
                self.report.failed_reads.append((read.article.name, read.data_sha256,
                                                 read.error))
            return True
        if not read.skipped:
            return False
        self.progress.files_total -= 1
        self.report.skipped.append(read.article.name)
        if destination(self.settings) == "folder":
            self.rows.put(position, skipped_row())
        return True

    def record_failed(self, error: str) -> None:
        """An article that failed, reading or writing (a full disk: translate.errors.
        OutputError); the run goes on without it."""
        self.progress.files_total -= 1
        self.report.failed.append(error)

    def record_written(self, position: int, read: ArticleRead, written: list[Path],
                       row: IndexRow) -> None:
        """An article written: its files counted, its index row kept (and queued for the
        store until `flush`), the progress told."""
        self.report.written += written
        self.report.articles_written += 1
        self.rows.put(position, row)
        self._unstored.append((read.key, *row.fields()))
        self.progress.files_done += 1
        self.on_progress(self.progress)

    def flush(self) -> None:
        """Store the rows of the articles written since the last flush, in one transaction."""
        if self._unstored and (store := self.store()):
            store.articles.store(self._unstored)
        self._unstored = []
