"""What a run did: its counts, failures and progress, as the runners report them to the CLI."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from translate.phases import Phases


@dataclass(slots=True)
class Progress:
    """What `on_progress` is told after every batch. A run streams its inputs, so it knows
    the sentences of the articles read so far (`files_seen` of `files_total`), not all."""

    sentences_done: int = 0
    sentences_total: int = 0  # of the articles read so far
    files_done: int = 0
    files_total: int = 0  # articles to translate (those found up to date or failed left out)
    files_seen: int = 0  # articles whose sentences are in sentences_total

    def add(self, sentences: int) -> None:
        """One more article read, with this many units to translate."""
        self.files_seen += 1
        self.sentences_total += sentences

    def expected_sentences(self) -> int:
        """All sentences the run will translate: those read so far, and as many per article
        for the articles not read yet."""
        if not self.files_seen:
            return 0
        unread = max(self.files_total - self.files_seen, 0)
        return self.sentences_total + round(unread * self.sentences_total / self.files_seen)


@dataclass(slots=True)
class Counts:
    """How the units of one article were translated."""

    translated: int = 0  # titles, headings and sentences the model translated
    from_memory: int = 0  # ... and those found in the translation memory instead
    capped: int = 0  # of the model's translations, how many ran into their length cap
    retried: int = 0  # degenerate translations tried again with safer decoding
    flagged: int = 0  # units with QA flags (translate.qa)


@dataclass(slots=True)
class Report:
    written: list[Path] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # inputs whose outputs were up to date
    failed: list[str] = field(default_factory=list)  # one message per failed input
    translated: int = 0
    from_memory: int = 0
    capped: int = 0
    retried: int = 0
    flagged: int = 0  # units with QA flags in the written outputs
    seconds: float = 0.0
    phases: Phases = field(default_factory=Phases)  # seconds per phase (translate.phases)

    def add(self, counts: Counts) -> None:
        self.translated += counts.translated
        self.from_memory += counts.from_memory
        self.capped += counts.capped
        self.retried += counts.retried
        self.flagged += counts.flagged
