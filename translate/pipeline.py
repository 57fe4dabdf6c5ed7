"""One run: read every input, skip what is up to date, translate the rest, write the outputs.

Stages only move forward: readers → translator (through the translation memory) →
summariser → renderers. A bad input is reported and skipped; the others are still written.
Articles are translated in groups that share batches, so a folder of short articles runs
as fast per sentence as one long article, and each group's files are written as soon as it
is done. Models load once per run, and only when something is left to translate.
"""

from __future__ import annotations

import logging
import sys
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from translate.coverage import check_translated, german
from translate.document import Document, Translation, Unit
from translate.engines import EngineChoice, model_type, pick
from translate.errors import InputError
from translate.language import check_german
from translate.memory import TranslationMemory
from translate.outputs import (
    OUTPUT_INFIX,
    STDIN,
    Article,
    check_output,
    destination,
    output_key,
    up_to_date,
    write_index,
    write_outputs,
)
from translate.phases import Phases, process_age
from translate.qa import check
from translate.readers import DEFAULT_MAX_MB, SUFFIXES, read_document, read_file
from translate.retry import retry_degenerate
from translate.settings import Settings, translation_signature
from translate.summarizers import make_summarizer

log = logging.getLogger(__name__)

GROUP_UNITS = 2000  # sentences per group: large enough to batch well, small enough to save often


@dataclass(slots=True)
class Progress:
    """What `on_progress` is told after every batch."""

    sentences_done: int = 0
    sentences_total: int = 0
    files_done: int = 0
    files_total: int = 0


@dataclass(slots=True)
class Report:
    written: list[Path] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # inputs whose outputs were up to date
    failed: list[str] = field(default_factory=list)  # one message per failed input
    translated: int = 0  # titles, headings and sentences the model translated
    from_memory: int = 0  # ... and those found in the translation memory instead
    capped: int = 0  # of the model's translations, how many ran into their length cap
    retried: int = 0  # degenerate translations tried again with safer decoding
    flagged: int = 0  # units with QA flags (translate.qa) in the written outputs
    seconds: float = 0.0
    phases: Phases = field(default_factory=Phases)  # seconds per phase (translate.phases)


def run(settings: Settings, on_progress: Callable[[Progress], None] | None = None) -> Report:
    started = time.perf_counter()
    report = Report()
    report.phases.seconds["startup"] = process_age()
    report.phases.switch("read")
    articles = collect(settings.inputs, report)
    check_output(settings, articles)
    documents = []
    for article in articles:
        try:
            documents.append((article, read(article, settings.input_format, settings.strict,
                                            settings.max_size_mb)))
        except InputError as exc:
            report.failed.append(str(exc))
    if not documents:
        report.phases.switch(None)
        return report

    from translate.models import resolve

    report.phases.switch("resolve")
    source = resolve(settings.model, settings.cache_dir, settings.offline)
    # the engine decides which devices count: CTranslate2 is asked, not torch (translate.engines)
    device, engine = pick(settings.engine, settings.quantize, settings.device,
                          model_type(source.path))
    signature = translation_signature(source, settings.decoding, engine)
    memory = TranslationMemory.in_folder(settings.cache_dir) if settings.memory else None
    try:
        return _translate_and_write(settings, documents, source, device, signature, memory,
                                    report, started, on_progress)
    finally:
        report.phases.switch(None)
        if memory:
            memory.close()


def _translate_and_write(settings: Settings, documents: list[tuple[Article, Document]],
                         source: Any, device: str, signature: dict[str, Any],
                         memory: TranslationMemory | None, report: Report, started: float,
                         on_progress: Callable[[Progress], None] | None) -> Report:
    """Skip what is up to date, translate and summarise the rest, write outputs and index."""
    phase = report.phases
    with phase("summarize"):
        summarizer = make_summarizer(settings, memory, device)
    labels = {"translator": signature, "summarizer": summarizer.label()}
    pending, skipped = [], []
    for article, document in documents:
        key = output_key(document, labels)
        if not settings.force and up_to_date(article, key, settings):
            report.skipped.append(article.name)
            skipped.append(document)
        else:
            pending.append((article, document, key))
    if report.skipped:
        log.info("%d article(s) already up to date (--force redoes them)", len(report.skipped))

    progress = Progress(files_total=len(pending),
                        sentences_total=sum(len(list(d.units())) for _, d, _ in pending))
    translate = _translator(settings, source, device, signature, memory, report, progress,
                            on_progress)
    expected = {id(document): german(document) for _, document, _ in pending}
    for group in _groups(pending):
        with phase("translate"):
            translate([unit for _, document, _ in group for unit in document.units()])
        with phase("summarize"):  # batches span documents
            summarizer.summarize(*(document for _, document, _ in group))
        for article, document, key in group:
            phase.switch("write")
            check_translated(document, expected[id(document)])
            document.run = {**labels, "device": device, "key": key,
                            "seconds": round(time.perf_counter() - started, 2)}
            report.written += write_outputs(document, article, settings)
            progress.files_done += 1
            if on_progress:
                on_progress(progress)
    if destination(settings) == "folder":
        with phase("summarize"):
            _fill_from_memory(skipped, memory, signature, summarizer)
        phase.switch("write")
        report.written += write_index(documents, settings)
    phase.switch(None)
    report.seconds = time.perf_counter() - started
    return report


def _translator(settings: Settings, source: Any, device: str, signature: dict[str, Any],
                memory: TranslationMemory | None, report: Report, progress: Progress,
                on_progress: Callable[[Progress], None] | None) -> Callable[[list[Unit]], None]:
    """A function that fills in the English of units: from the memory where it can, from the
    model (loaded on first need, once) for the rest, storing each new batch as it finishes."""
    loaded: list[Any] = []

    def translate(units: list[Unit]) -> None:
        texts = [unit.de for unit in units]
        copies = Counter(texts)
        results = memory.lookup(signature, texts) if memory else {}
        report.from_memory += sum(copies[text] for text in results)
        missing = [text for text in dict.fromkeys(texts) if text not in results]

        def on_batch(pairs: list[tuple[str, Translation]]) -> None:
            if memory:
                memory.store(signature, pairs)
            progress.sentences_done += sum(copies[text] for text, _ in pairs)
            if on_progress:
                on_progress(progress)

        progress.sentences_done += len(texts) - sum(copies[text] for text in missing)
        if missing:
            if not loaded:
                from translate.translator import Translator

                engine = EngineChoice(signature["engine"], signature["compute"])
                log.info("loading %s on %s (%s, %s)", settings.model, device, engine.name,
                         engine.compute)
                with report.phases("load"):
                    loaded.append(Translator.load(source, device, settings.decoding, engine,
                                                  settings.cache_dir))
            log.info("translating %d sentences and headings", len(missing))
            fresh = dict(zip(missing, loaded[0].translate(missing, on_batch), strict=True))
            retried = retry_degenerate(fresh, settings.decoding,
                                       lambda texts, attempt: loaded[0].translate(
                                           texts, attempt=attempt))
            if memory and retried.kept:
                memory.store(signature, retried.kept)
            report.retried += retried.tried
            results.update(fresh)
            report.translated += sum(copies[text] for text in missing)
            report.capped += sum(copies[text] for text in missing if fresh[text].capped)
        for unit in units:
            unit.en, unit.score = results[unit.de].text, results[unit.de].score
            unit.qa = check(unit.de, results[unit.de])
        report.flagged += sum(bool(unit.qa) for unit in units)

    return translate


def _fill_from_memory(documents: list[Document], memory: TranslationMemory | None,
                      signature: dict[str, Any], summarizer: Any) -> None:
    """English titles and summaries of up-to-date articles, for the index, with no model."""
    for document in documents:
        units = list(document.units())
        found = memory.lookup(signature, [u.de for u in units]) if memory else {}
        for unit in units:
            if unit.de in found:
                unit.en = found[unit.de].text
    summarizer.summarize(*documents)


def _groups(pending: list[tuple[Article, Document, str]]) -> list[list[Any]]:
    """Consecutive articles in groups of about GROUP_UNITS sentences."""
    groups: list[list[Any]] = [[]]
    size = 0
    for item in pending:
        units = len(list(item[1].units()))
        if groups[-1] and size + units > GROUP_UNITS:
            groups.append([])
            size = 0
        groups[-1].append(item)
        size += units
    return [group for group in groups if group]


def collect(inputs: tuple[str, ...], report: Report) -> list[Article]:
    """Files as given, folders walked recursively for readable files, "-" as standard input.

    Inside a folder, a symbolic link (to a file or a folder) that leads out of that folder is
    skipped with an error line, so a run never reads or mirrors files from elsewhere; links
    within the folder are read, and linked folders are never walked (no loops). An output's
    relative path is built from the input's path under its folder, never with `..` or a root.
    """
    articles: list[Article] = []
    for name in inputs:
        path = Path(name)
        if name == STDIN:
            articles.append(Article(STDIN, Path("stdin")))
        elif path.is_dir():
            found = _walk(path, report)
            if not found:
                report.failed.append(
                    f"{name}: folder holds no articles (looked for {', '.join(SUFFIXES)})")
            articles += [Article(str(p), _relative(p.relative_to(path).with_suffix("")))
                         for p in found]
        elif path.exists():
            articles.append(Article(name, _relative(Path(path.stem))))
        else:
            report.failed.append(f"{name}: no such file or folder")
    return articles


def _walk(folder: Path, report: Report) -> list[Path]:
    """Readable files under `folder` (Path.rglob does not descend into linked folders)."""
    root = folder.resolve()
    found = []
    for path in sorted(folder.rglob("*")):
        if path.name.startswith(".") or OUTPUT_INFIX in path.name:
            continue
        readable = path.suffix.lower() in SUFFIXES
        if path.is_symlink() and not path.resolve().is_relative_to(root):
            if readable or path.is_dir():
                report.failed.append(f"{path}: skipped: a symbolic link out of {folder} (to "
                                     f"{path.resolve()}); copy the file in to translate it")
            continue
        if readable and path.is_file():
            found.append(path)
    return found


def _relative(path: Path) -> Path:
    """`path` with no root and no `.` or `..` parts, so an output stays in its folder."""
    parts = [part for part in (path.relative_to(path.anchor) if path.anchor else path).parts
             if part not in (".", "..")]
    return Path(*parts) if parts else Path("article")


def read(article: Article, input_format: str | None = None, strict: bool = False,
         max_size_mb: float = DEFAULT_MAX_MB) -> Document:
    """Read one input and check that it is German (a warning, or an error when `strict`);
    inputs over `max_size_mb` are refused before they are decoded."""
    limit = int(max_size_mb * 2**20)
    if article.name == STDIN:
        data = sys.stdin.buffer.read(limit + 1)
        document = read_document(data, STDIN, input_format, limit)
    else:
        document = read_file(Path(article.name), input_format, limit)
    return check_german(document, strict)
