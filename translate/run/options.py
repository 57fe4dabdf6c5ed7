"""The combinations of options a run refuses, checked once, before anything is listed or read.
(Each option's own values are checked as Settings is made: translate.settings.)"""

from __future__ import annotations

from translate.articles import STDIN
from translate.errors import UsageError
from translate.output.paths import check_writable, destination
from translate.settings import RunnerName, Settings


def check_options(settings: Settings, runner: RunnerName = RunnerName.LOCAL,
                  actors: int | None = None, feed: bool = False) -> None:
    """Refuse what cannot work together: --actors without Ray, Ray without an output folder
    or on standard input, a feed without an output folder, an -o of no known format, and an -o
    that cannot be written (before any model is loaded)."""
    if actors is not None and runner != RunnerName.RAY:
        raise UsageError("--actors sets the translation actors of --runner ray")
    where = destination(settings)
    if feed and where != "folder":
        raise UsageError(f"-o {settings.output}: translate feed writes a folder (the articles "
                         "and their digest); name a folder")
    if runner == RunnerName.RAY and STDIN in settings.inputs:
        raise UsageError("--runner ray reads files and folders, not standard input")
    if runner == RunnerName.RAY and where != "folder":
        raise UsageError("--runner ray writes into a folder that every worker can reach: "
                         "give -o FOLDER")
    check_writable(settings)
