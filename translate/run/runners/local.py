"""The local runner: the pipeline's stages over a stream of articles, in one process.

Articles are read one at a time and gathered into groups of about GROUP_UNITS units, which
are translated together (batches span articles, so a folder of short articles runs as fast
per sentence as one long article; their sentences go to the model in article order, a few
batches at a time, so each article is summarised and written as soon as its sentences are
done), and dropped: what a run holds grows with one group, not with the folder. Only each
article's small index row is kept until the end. The plan (model, engine, signature,
summariser) is resolved once, by the Planner stage, when the first article needs its key;
the model's weights are loaded only when something is left to translate.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING

from translate.articles import Article
from translate.errors import OutputError
from translate.output.paths import IndexRow, IndexRows
from translate.run.plan import Planner
from translate.run.report import Progress, Report
from translate.run.stages import (
    ArticleRead,
    Translate,
    list_articles,
    read_article,
    skipped_row,
    write_article,
    write_folder_index,
)
from translate.run.state import RunState
from translate.settings import Settings

if TYPE_CHECKING:
    from translate.run.store import TranslationMemory
    from translate.run.store.summaries import SummaryTable

GROUP_UNITS = 2000  # units per group: large enough to batch well, small enough to write often


def run_locally(settings: Settings, report: Report,
                on_progress: Callable[[Progress], None] | None = None,
                articles: list[Article] | None = None) -> None:
    """Run the stages, counting into `report` as articles go by (so a stopped run's report
    says what was finished)."""
    run = LocalRun(settings, report, on_progress)
    try:
        run.run(articles)
    finally:
        run.close()


class LocalRun:
    """One local run: the stream of articles, and what the stages share along it (the
    planner; the memory; the translate stage, which holds the model)."""

    def __init__(self, settings: Settings, report: Report,
                 on_progress: Callable[[Progress], None] | None) -> None:
        self.settings = settings
        self.on_progress = on_progress or (lambda progress: None)
        self.report = report
        self.progress = Progress()
        self.started = time.perf_counter()
        self._memory: TranslationMemory | None = None
        self._translate: Translate | None = None

    def run(self, articles: list[Article] | None = None) -> None:
        report = self.report
        articles = list_articles(self.settings, report, articles)
        self.progress.files_total = len(articles)
        rows = IndexRows(len(articles))
        state = RunState(self.settings, report, rows, self.memory, self.on_progress,
                         self.progress)
        try:
            planner = Planner(self.settings, self._summaries, report.phases,
                              self._summaries_done)
            for group in self._groups(articles, planner, state):
                self._finish(group, planner, state)
            write_folder_index(rows, self.settings, report)
        finally:
            rows.close()
        report.phases.switch(None)
        report.seconds = time.perf_counter() - self.started

    def close(self) -> None:
        self.report.phases.switch(None)
        if self._memory is not None:
            self._memory.close()

    def _groups(self, articles: list[Article], planner: Planner, state: RunState
                ) -> Iterator[list[tuple[int, ArticleRead]]]:
        """Articles read in order, failures and up-to-date ones dealt with at once, the rest
        in groups of about GROUP_UNITS units."""
        group: list[tuple[int, ArticleRead]] = []
        size = 0
        for position, article in enumerate(articles):
            self.report.phases.switch("read")
            read = read_article(article, planner)
            row = lambda read=read: self._skipped_row(read, planner)  # noqa: E731
            if state.record_read(position, read, row):
                continue
            units = len(read.german)
            if group and size + units > GROUP_UNITS:
                yield group
                group, size = [], 0
            group.append((position, read))
            size += units
            self.progress.add(units)
        if group:
            yield group

    def _finish(self, group: list[tuple[int, ArticleRead]], planner: Planner,
                state: RunState) -> None:
        """Translate one group, and summarise and write its articles as they are finished
        (the first ones long before the last); keep only their index rows."""
        phases, report = self.report.phases, self.report
        plan, summarizer = planner.resolved()
        memory = self.memory()
        if self._translate is None:  # holds the model: made once, loaded on first need
            self._translate = Translate(plan, memory.translations if memory else None, phases,
                                        self._sentences_done)
        documents = [read.parsed for _, read in group]
        for finished in self._translate.stream(documents):
            with phases("summarize"):  # batches span the articles finished together
                summarizer.summarize(*(documents[index] for index, _ in finished))
            phases.switch("write")
            for index, counts in finished:
                report.add(counts)
                position, read = group[index]
                try:
                    written = write_article(plan, read, memory.versions if memory else None)
                except OutputError as exc:  # a full disk: this article fails, the others go on
                    state.record_failed(str(exc))
                    continue
                state.record_written(position, read, *written)
            state.flush()

    def _skipped_row(self, read: ArticleRead, planner: Planner) -> IndexRow:
        """An up-to-date article's index row (its summary may need the summariser)."""
        with self.report.phases("summarize"):
            plan, summarizer = planner.resolved()
            return skipped_row(read, plan, self.memory(), summarizer)

    def memory(self) -> TranslationMemory | None:
        if self._memory is None and self.settings.memory:
            from translate.run.store import TranslationMemory

            self._memory = TranslationMemory.in_folder(self.settings.cache_dir)
        return self._memory

    def _summaries(self) -> SummaryTable | None:
        memory = self.memory()
        return memory.summaries if memory else None

    def _sentences_done(self, count: int) -> None:
        self.progress.sentences_done += count
        self.on_progress(self.progress)

    def _summaries_done(self, done: int, total: int) -> None:
        self.progress.summaries = (done, total)
        self.on_progress(self.progress)
        self.progress.summaries = None
