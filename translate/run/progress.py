"""Progress of a run: a bar with articles and an ETA on a terminal, a few plain lines
otherwise."""

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

    def update(self, progress: Any) -> None:
        """Follow a report.Progress: sentences done of those expected (an estimate until the
        last article is read), and articles."""
        total = progress.expected_sentences()
        if not self.enabled or not total:
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

    def __enter__(self) -> ProgressBar:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 traceback: TracebackType | None) -> None:
        if self._bar is not None:
            self._bar.close()
