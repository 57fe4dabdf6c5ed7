"""Progress of a run: a bar with articles and an ETA on a terminal, a few plain lines
otherwise; the same for a model's summaries ("summarising 3/6") while it writes them."""

from __future__ import annotations

import logging
import sys
from types import TracebackType
from typing import Any

log = logging.getLogger(__name__)

_LINES = 10  # plain progress lines per run when stderr is not a terminal


class ProgressBar:
    def __init__(self, enabled: bool = True) -> None:
        self.enabled = enabled
        self.terminal = sys.stderr.isatty()
        self._bar: Any = None
        self._next_line = 0.0
        self._summaries_bar: Any = None
        self._summary_tenth = -1  # the tenth of the summaries the last plain line told

    def update(self, progress: Any) -> None:
        """Follow a report.Progress: sentences done of those expected (an estimate until the
        last article is read), and articles; or the summaries, while a model writes them."""
        if not self.enabled:
            return
        if progress.summaries is not None:
            self._summarising(*progress.summaries)
            return
        total = progress.expected_sentences()
        if not total:
            return
        if not self.terminal:
            share = progress.sentences_done / total
            if share >= self._next_line:
                log.info("%d/%d sentences and headings, %d/%d articles",
                         progress.sentences_done, total, progress.files_done,
                         progress.files_total)
                self._next_line = share + 1 / _LINES
            return
        if self._bar is None:
            from tqdm import tqdm

            self._bar = tqdm(total=total, unit="sent", desc="translating", leave=False,
                             dynamic_ncols=True)
        if self._bar.total != total:
            self._bar.total = total
        self._bar.set_postfix_str(f"articles {progress.files_done}/{progress.files_total}",
                                  refresh=False)
        self._bar.update(progress.sentences_done - self._bar.n)

    def _summarising(self, done: int, total: int) -> None:
        """`done` of `total` summaries: a bar on a terminal (gone when all are written), else
        at most _LINES lines for each group of articles."""
        if not self.terminal:
            if done * _LINES // total > self._summary_tenth:
                log.info("summarising %d/%d", done, total)
                self._summary_tenth = done * _LINES // total
        else:
            if self._summaries_bar is None:
                from tqdm import tqdm

                self._summaries_bar = tqdm(total=total, unit="summary", desc="summarising",
                                           leave=False, dynamic_ncols=True)
            self._summaries_bar.total = total
            self._summaries_bar.update(done - self._summaries_bar.n)
        if done == total:
            self._summaries_done()

    def _summaries_done(self) -> None:
        self._summary_tenth = -1
        if self._summaries_bar is not None:
            self._summaries_bar.close()
            self._summaries_bar = None

    def __enter__(self) -> ProgressBar:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 traceback: TracebackType | None) -> None:
        self._summaries_done()
        if self._bar is not None:
            self._bar.close()
