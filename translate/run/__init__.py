"""A job: the plan, the named stages (translate.run.stages), the store and the two runners;
`run` picks the runner."""

from __future__ import annotations

from collections.abc import Callable

from translate.articles import Article
from translate.run.report import Progress, Report
from translate.settings import RunnerName, Settings

__all__ = ["Progress", "Report", "run"]


def run(settings: Settings, on_progress: Callable[[Progress], None] | None = None,
        runner: RunnerName = RunnerName.LOCAL, actors: int | None = None,
        articles: list[Article] | None = None) -> Report:
    """One run of the stages over `settings.inputs` (or the `articles` given instead, such
    as a feed's items), by the local or the Ray runner."""
    from translate.run.failures import note_repeats
    from translate.run.options import check_options

    check_options(settings, runner, actors)
    if runner == "ray":
        from translate.run.runners.ray_data import run_on_ray

        report = run_on_ray(settings, on_progress, actors, articles)
    else:
        from translate.run.runners.local import run_locally

        report = run_locally(settings, on_progress, articles)
    note_repeats(report, settings.cache_dir)
    return report
