"""One run: read every input, translate all their text together, summarise, write the outputs.

Stages only move forward: readers → translator → summariser → renderers. A bad input is
reported and skipped; the others are still written. Models load once per run.
"""

from __future__ import annotations

import logging
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from translate.document import Document
from translate.errors import InputError, UsageError
from translate.language import check_german
from translate.readers import SUFFIXES, read_document, read_file
from translate.render import RENDERERS, write_atomic
from translate.settings import Settings
from translate.summarize import SUMMARIZERS

log = logging.getLogger(__name__)

STDIN = "-"
OUTPUT_INFIX = ".de-en"  # article.txt → article.de-en.md


@dataclass(frozen=True, slots=True)
class Article:
    """One input: where it came from, and where its outputs go relative to the output folder."""

    name: str  # a path, or "-" for standard input
    relative: Path  # the output's path under --output, without infix and suffix


@dataclass(slots=True)
class Report:
    written: list[Path] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)  # one message per failed input
    translated: int = 0  # titles, headings and sentences sent to the model
    capped: int = 0  # of those, how many ran into their length cap (likely runaways)
    seconds: float = 0.0


def run(settings: Settings, on_progress: Callable[[int, int], None] | None = None) -> Report:
    """Translate every input of `settings`; `on_progress(done, total)` follows the sentences."""
    started = time.perf_counter()
    report = Report()
    articles = collect(settings.inputs, report)
    check_output(settings, articles)
    documents = []
    for article in articles:
        try:
            documents.append((article, read(article, settings.input_format, settings.strict)))
        except InputError as exc:
            report.failed.append(str(exc))
    if not documents:
        return report

    translator, device = _load_translator(settings)
    units = [unit for _, document in documents for unit in document.units()]
    log.info("translating %d sentences and headings from %d article(s) on %s",
             len(units), len(documents), device)
    done = 0

    def advance(count: int) -> None:
        nonlocal done
        done += count
        if on_progress:
            on_progress(done, len(units))

    results = translator.translate([u.de for u in units], advance)
    for unit, result in zip(units, results, strict=True):
        unit.en, unit.score = result.text, result.score
    report.translated = len(units)
    report.capped = sum(result.capped for result in results)

    summarizer = SUMMARIZERS[settings.summarizer]()
    for article, document in documents:
        summarizer.summarize(document)
        document.run = {
            "translator": translator.signature(),
            "summarizer": {"kind": summarizer.kind, "model": summarizer.model},
            "device": device,
            "seconds": round(time.perf_counter() - started, 2),
        }
        report.written += write_outputs(document, article, settings)
    report.seconds = time.perf_counter() - started
    return report


def collect(inputs: tuple[str, ...], report: Report) -> list[Article]:
    """Files as given, folders walked recursively for readable files, "-" as standard input."""
    articles: list[Article] = []
    for name in inputs:
        path = Path(name)
        if name == STDIN:
            articles.append(Article(STDIN, Path("stdin")))
        elif path.is_dir():
            found = sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in
                           SUFFIXES and not p.name.startswith("."))
            found = [p for p in found if OUTPUT_INFIX not in p.name]
            if not found:
                report.failed.append(
                    f"{name}: folder holds no articles (looked for {', '.join(SUFFIXES)})")
            articles += [Article(str(p), p.relative_to(path).with_suffix("")) for p in found]
        elif path.exists():
            articles.append(Article(name, Path(path.stem)))
        else:
            report.failed.append(f"{name}: no such file or folder")
    return articles


def read(article: Article, input_format: str | None = None, strict: bool = False) -> Document:
    """Read one input and check that it is German (a warning, or an error when `strict`)."""
    if article.name == STDIN:
        document = read_document(sys.stdin.buffer.read(), STDIN, input_format)
    else:
        document = read_file(Path(article.name), input_format)
    return check_german(document, strict)


def destination(settings: Settings) -> str:
    """Where outputs go: "beside" each input, "stdout", one "file", or a "folder"."""
    output = settings.output
    if output is None:
        return "beside"
    if str(output) == STDIN:
        return "stdout"
    if output.suffix and not output.is_dir():
        if output.suffix.lstrip(".") not in RENDERERS:
            raise UsageError(f"-o {output}: {output.suffix} is not an output format "
                             f"({', '.join(RENDERERS)}); name a .md or .json file, or a folder")
        return "file"
    return "folder"


def check_output(settings: Settings, articles: list[Article]) -> None:
    """An output file or standard output only fits one article in one format."""
    where = destination(settings)
    single = len(articles) <= 1 and len(settings.inputs) == 1 and len(settings.formats) == 1
    to_stdout = where == "stdout" or (where == "beside" and settings.inputs == (STDIN,))
    if to_stdout and not single:
        raise UsageError("standard output takes one input in one format; use -o FOLDER")
    if where == "file" and not single:
        raise UsageError(f"-o {settings.output} names one file, but there are several inputs "
                         "or formats; give a folder instead")
    if where == "file" and settings.output.suffix.lstrip(".") != settings.formats[0]:
        raise UsageError(f"-o {settings.output} does not fit --format {settings.formats[0]}")


def output_path(article: Article, fmt: str, settings: Settings) -> Path | None:
    """Where one format of one article goes; None means standard output."""
    name = article.relative.name + f"{OUTPUT_INFIX}.{fmt}"
    match destination(settings):
        case "beside":
            return None if article.name == STDIN else Path(article.name).with_name(name)
        case "stdout":
            return None
        case "file":
            return settings.output
        case _:
            return settings.output / article.relative.parent / name


def write_outputs(document: Document, article: Article, settings: Settings) -> list[Path]:
    written = []
    for fmt in settings.formats:
        text = RENDERERS[fmt](document)
        path = output_path(article, fmt, settings)
        if path is None:
            sys.stdout.write(text)
            continue
        write_atomic(path, text)
        written.append(path)
        log.info("wrote %s", path)
    return written


def _load_translator(settings: Settings):  # imports here keep torch out of `segment`
    from translate.models import pick_device, resolve
    from translate.translator import Translator

    device = pick_device(settings.device)
    log.info("loading %s", settings.model)
    source = resolve(settings.model, settings.cache_dir, settings.offline)
    return Translator.load(source, device, settings.decoding), device
