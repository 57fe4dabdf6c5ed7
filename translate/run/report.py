"""What a run did: its counts, failures and progress, as the runners report them to the CLI."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from translate.run.phases import Phases
from translate.words import counted


@dataclass(slots=True)
class Progress:
    """What `on_progress` is told after every batch. A run streams its inputs, so it knows
    the sentences of the articles read so far (`files_seen` of `files_total`), not all."""

    sentences_done: int = 0
    sentences_total: int = 0  # of the articles read so far
    files_done: int = 0
    files_total: int = 0  # articles to translate (those found up to date or failed left out)
    files_seen: int = 0  # articles whose sentences are in sentences_total
    # (answers written, answers asked for) when a model has written one more summary, else None
    summaries: tuple[int, int] | None = None

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
    to_model: int = 0  # distinct texts the model was given (a text repeated goes once)
    capped: int = 0  # of the model's translations, how many ran into their length cap
    retried: int = 0  # degenerate translations tried again with safer decoding
    flagged: int = 0  # units with QA flags (translate.text.qa)
    terms: int = 0  # glossary terms found in the German (translate.edits.terms)


@dataclass(slots=True)
class Report:
    written: list[Path] = field(default_factory=list)  # files: outputs and the index
    articles_written: int = 0
    skipped: list[str] = field(default_factory=list)  # inputs whose outputs were up to date
    failed: list[str] = field(default_factory=list)  # one message per failed input
    # (input, sha256 of its bytes, error) of each failed read that got the bytes
    failed_reads: list[tuple[str, str, str]] = field(default_factory=list)
    failed_as_before: int = 0  # of those, failing as last time (translate.run.failures)
    translated: int = 0
    from_memory: int = 0
    to_model: int = 0
    capped: int = 0
    retried: int = 0
    flagged: int = 0  # units with QA flags in the written outputs
    terms: int = 0  # glossary terms found in the German of the articles translated
    seconds: float = 0.0
    phases: Phases = field(default_factory=Phases)  # seconds per phase (translate.run.phases)

    def add(self, counts: Counts) -> None:
        self.translated += counts.translated
        self.from_memory += counts.from_memory
        self.to_model += counts.to_model
        self.capped += counts.capped
        self.retried += counts.retried
        self.flagged += counts.flagged
        self.terms += counts.terms


_LISTED = 5  # at most this many written files are named one by one
UNITS = ("sentence or heading", "sentences and headings")  # what the model translates


class Interrupted(KeyboardInterrupt):
    """Ctrl-C (or SIGTERM) stopped a run part of the way: `report` holds what it finished,
    `kept` how many translations it stored in the memory (None: --no-memory)."""

    def __init__(self, report: Report, kept: int | None) -> None:
        super().__init__()
        self.report = report
        self.kept = kept


def summary_lines(report: Report, where: str, output: Path | None) -> list[str]:
    """What the CLI says at the end of a run: where it wrote (unless to standard output), then
    its counts, each number with the one thing it counts."""
    lines = []
    index = [path for path in report.written if path.name.startswith("index.")]
    if where == "folder" and output is not None:
        if report.written or report.skipped:  # else nothing is there: it may not even exist
            lines.append(f"translate: output folder {output}"
                         + (f", index {' and '.join(map(str, index))}" if index else ""))
    elif where != "stdout" and 0 < len(report.written) <= _LISTED:
        lines.append(f"translate: wrote {', '.join(str(path) for path in report.written)}")
    elif where != "stdout" and report.written:
        lines.append(f"translate: wrote {counted(len(report.written), 'file')} beside their "
                     "inputs")
    skipped = f"{len(report.skipped)} up to date" + (" (--force redoes them)"
                                                     if report.skipped else "")
    lines.append(
        f"translate: {_written(report)}, {skipped}, {len(report.failed)} failed"
        f"{_as_before(report)}; {counted(report.translated, *UNITS)} translated"
        f"{_distinct(report)}, {report.from_memory} from memory; {report.seconds:.1f} s")
    return lines


def _written(report: Report) -> str:
    return (f"{counted(report.articles_written, 'article')} written "
            f"({counted(len(report.written), 'file')})")


def _distinct(report: Report) -> str:
    """How many texts went to the model, where repeats made that fewer than it translated."""
    if report.to_model == report.translated:
        return ""
    return f" ({counted(report.to_model, 'distinct one', 'distinct ones')} by the model)"


def interrupted_lines(stopped: Interrupted, where: str, force: bool) -> list[str]:
    """What the CLI says when a run is stopped part of the way: what it finished (articles
    written, translations kept in the memory) and how to go on from there. (`where`: as
    translate.output.paths.destination says.)"""
    kept = stopped.kept
    memory = ("nothing kept in the memory (--no-memory)" if kept is None else
              f"{counted(kept, 'translation')} kept in the memory")
    return [f"translate: interrupted: {_written(stopped.report)}, {memory}",
            f"translate: {_going_on(where, kept, force)}"]


def _going_on(where: str, kept: int | None, force: bool) -> str:
    """How a stopped run goes on: the same command again, which skips the articles written
    (unless they went to standard output) and takes the memory's translations."""
    skips = where != "stdout"
    again = "the same command again" + (" without --force" if force and skips else "")
    if kept is not None:
        skipped = "finished articles are skipped and " if skips else ""
        return f"to go on, run {again}: {skipped}translated sentences come from the memory"
    if skips:
        return f"to go on, run {again}: finished articles are skipped, the others translated anew"
    return f"run {again} to start over"


def _as_before(report: Report) -> str:
    """Failures that nothing could have changed: the same input failing as on the last run."""
    count = report.failed_as_before
    if not count:
        return ""
    share = "" if count == len(report.failed) else f"{count} of them "
    return f" ({share}as before: unchanged since the last run)"
