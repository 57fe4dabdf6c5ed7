"""A job: the plan, the named stages (translate.run.stages), the store and the two runners;
`run` picks the runner."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

from translate.articles import Article
from translate.run.report import Interrupted, Progress, Report
from translate.settings import RunnerName, Settings

__all__ = ["Interrupted", "Progress", "Report", "run"]


def run(settings: Settings, on_progress: Callable[[Progress], None] | None = None,
        runner: RunnerName = RunnerName.LOCAL, actors: int | None = None,
        articles: list[Article] | None = None) -> Report:
    """One run of the stages over `settings.inputs` (or the `articles` given instead, such
    as a feed's items), by the local or the Ray runner. Stopped part of the way (Ctrl-C), it
    raises Interrupted, which says what was finished."""
    from translate.run.failures import note_repeats
    from translate.run.options import check_options

    check_options(settings, runner, actors)
    report, started = Report(), datetime.now(UTC)
    try:
        if runner == "ray":
            from translate.run.runners.ray_data import run_on_ray

            run_on_ray(settings, report, on_progress, actors, articles)
        else:
            from translate.run.runners.local import run_locally

            run_locally(settings, report, on_progress, articles)
    except KeyboardInterrupt as stop:
        raise Interrupted(report, _kept_since(settings, started)) from stop
    note_repeats(report, settings.cache_dir)
    return report


def _kept_since(settings: Settings, started: datetime) -> int | None:
    """How many translations the memory has taken since `started`, a stopped run's, by the
    times on their rows (a run sharing the memory meanwhile would count too); None under
    --no-memory."""
    if not settings.memory:
        return None
    from translate.run.store import TranslationMemory

    memory = TranslationMemory.existing(settings.cache_dir)
    if memory is None:
        return 0
    with memory:
        return memory.translations.stored_since(started)
