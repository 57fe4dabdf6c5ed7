"""Where a run's time goes: seconds per phase (start-up, read, resolve, load, translate,
summarise, write), kept in the pipeline's Report and printed by `--verbose`.

One phase runs at a time: entering a phase pauses the one around it, so a model loaded in the
middle of translating counts as `load`, not twice, and the phases after start-up add up to the
run's time. Start-up is the time from the process's start (the interpreter, the imports) to
the start of the pipeline.
"""

from __future__ import annotations

import contextlib
import os
import time
from collections.abc import Iterator
from dataclasses import dataclass, field

PHASES = ("startup", "read", "resolve", "load", "translate", "summarize", "write")


@dataclass(slots=True)
class Phases:
    seconds: dict[str, float] = field(default_factory=lambda: dict.fromkeys(PHASES, 0.0))
    current: str | None = None
    _since: float = field(default_factory=time.perf_counter)

    def switch(self, name: str | None) -> str | None:
        """Make `name` the running phase (None: none); returns the phase that was running."""
        now = time.perf_counter()
        previous = self.current
        if previous is not None:
            self.seconds[previous] += now - self._since
        self.current, self._since = name, now
        return previous

    @contextlib.contextmanager
    def __call__(self, name: str) -> Iterator[None]:
        """Time a block as `name`; the phase around it resumes afterwards."""
        previous = self.switch(name)
        try:
            yield
        finally:
            self.switch(previous)

    def total(self) -> float:
        """Seconds in all phases after start-up."""
        return sum(seconds for name, seconds in self.seconds.items() if name != "startup")


def process_age() -> float:
    """Seconds since this process started (0.0 where the system will not say)."""
    try:
        with open("/proc/self/stat", encoding="ascii") as stat:  # Linux: ticks since boot
            ticks = int(stat.read().rsplit(")", 1)[1].split()[19])
        return max(time.clock_gettime(time.CLOCK_BOOTTIME) - ticks / os.sysconf("SC_CLK_TCK"),
                   0.0)
    except (OSError, ValueError, IndexError, AttributeError):
        pass
    try:
        import psutil
    except ImportError:
        return 0.0
    return max(time.time() - psutil.Process().create_time(), 0.0)
