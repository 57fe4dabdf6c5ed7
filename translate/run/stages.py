"""The stages of a run, named and in order; a runner drives them over a stream of articles.

    list      list_articles: files as given, folders walked (the only step over all inputs)
    resolve   make_plan (translate.run.plan): model, device, engine, signature, summariser
    read      read_article: the bytes, the output key; an up-to-date article stops here,
              before it is parsed; the rest are parsed, segmented and checked to be German
    translate Translate: the memory first, the model for the rest, batched across articles,
              in article order a few batches at a time: the first articles are done first
    summarise the plan's summariser, one summary per section and one per article
    write     write_article: the coverage check, then render and write atomically
    index     write_folder_index, from the small IndexRow each article leaves behind

A bad input fails alone: its stage returns the error and the others go on. The local runner
(translate.run.runners.local) streams groups of articles through these stages in one process;
the Ray runner (translate.run.runners.ray_data) runs the same functions as Ray Data tasks and
actors. A run's fixed facts travel as one small, picklable RunPlan.
"""

from __future__ import annotations

import logging
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from translate.articles import Article
from translate.document import Document, RunRecord, Translation, Unit
from translate.edits.names import NameBook
from translate.edits.terms import Enforcer, KeyedMemory
from translate.errors import InputError, OutputError
from translate.model.retry import retry_degenerate
from translate.output.paths import (
    IndexRow,
    IndexRows,
    check_output,
    destination,
    output_path,
    outputs_exist,
    up_to_date,
    write_index,
    write_outputs,
)
from translate.output.readback import read_english
from translate.output_formats import WRITABLE
from translate.run.changes import Versions, mark_changes
from translate.run.group import Group
from translate.run.phases import Phases, process_age
from translate.run.plan import RunPlan
from translate.run.report import UNITS, Counts, Report
from translate.settings import Settings
from translate.sources.inputs import Loaded, collect, load, parse
from translate.text.coverage import check_translated, german
from translate.text.language import tell_warnings
from translate.text.qa import check
from translate.words import counted

if TYPE_CHECKING:
    from translate.model.cache import TranslationCache
    from translate.model.retry import Attempt
    from translate.model.translator import Translator
    from translate.run.store import TranslationMemory
    from translate.summarizers import Summarizer

log = logging.getLogger(__name__)

WINDOW_BATCHES = 8  # the model's batches between handing on the articles finished


@dataclass(slots=True)
class ArticleRead:
    """What reading one article gave: a Document to translate, an up-to-date skip, or an
    error line."""

    article: Article
    key: str = ""  # the output key (empty for a failed read)
    document: Document | None = None
    german: list[str] = field(default_factory=list)  # every unit's German, for the check
    skipped: bool = False
    error: str = ""
    data_sha256: str = ""  # a failed read's bytes, where it got them (translate.run.failures)

    @property
    def parsed(self) -> Document:
        """The document of a read that neither failed nor found its article up to date."""
        assert self.document is not None, f"{self.article.name}: no document was read"
        return self.document


def list_articles(settings: Settings, report: Report, articles: list[Article] | None = None
                  ) -> list[Article]:
    """The list stage: the run's start-up time recorded, its inputs listed (unless a feed gave
    the `articles`), and the output checked to fit them."""
    report.phases.seconds["startup"] = process_age()
    report.phases.switch("read")
    if articles is None:
        articles = collect(settings.inputs, report.failed)
    check_output(settings, articles)
    return articles


def write_folder_index(rows: IndexRows, settings: Settings, report: Report) -> None:
    """The index stage: index.md (and index.html) from the rows, when the outputs go into a
    folder and there is any; one that cannot be written is a failure of the run's."""
    if destination(settings) == "folder" and len(rows):
        report.phases.switch("write")
        try:
            report.written += write_index(rows, settings)
        except OutputError as exc:  # a full disk: the articles are written, the index is not
            report.failed.append(str(exc))


class Keys(Protocol):
    """What reading asks of the plan stage: the settings, and an output key for an input's
    sha256 and reader (a RunPlan, or the local runner's Planner, which resolves the plan on
    first ask)."""

    @property
    def settings(self) -> Settings: ...

    def key(self, sha256: str, reader: str | None) -> str: ...


def read_article(article: Article, plan: Keys) -> ArticleRead:
    """Read (or fetch) one article. Its outputs are compared with its key (the plan's key of
    its bytes' sha256 and the format they are read in) before it is parsed, so an up-to-date
    article costs a read and a hash."""
    import hashlib

    settings = plan.settings
    loaded = None
    try:
        loaded = load(article, settings.input_format, settings.max_size_mb,
                      settings.cache_dir, settings.fetch_delay,
                      settings.allow_private_urls)
        if not settings.force and outputs_exist(article, settings):
            key = plan.key(hashlib.sha256(loaded.data).hexdigest(), loaded.fmt)
            if up_to_date(article, key, settings):
                return ArticleRead(article, key, skipped=True)
    except InputError as exc:
        digest = hashlib.sha256(loaded.data).hexdigest() if loaded is not None else ""
        return ArticleRead(article, error=str(exc), data_sha256=digest)
    return read_loaded(article, loaded, plan)


def read_loaded(article: Article, loaded: Loaded, plan: Keys) -> ArticleRead:
    """Parse bytes already loaded (read_article's, or a request body of translate serve):
    segmented, checked to be German, keyed."""
    import hashlib

    settings = plan.settings
    try:
        document = parse(article, loaded, settings.strict, settings.max_size_mb)
    except InputError as exc:
        return ArticleRead(article, error=str(exc),
                           data_sha256=hashlib.sha256(loaded.data).hexdigest())
    key = plan.key(document.source.sha256, loaded.fmt)  # the model first: its errors first
    tell_warnings(document)
    return ArticleRead(article, key, document, german(document))


class Model(Protocol):
    """What the translate stage asks of the model: a Translator, or translate serve's client
    of the batching queue that many requests share."""

    @property
    def batch_size(self) -> int: ...

    def translate(self, texts: list[str],
                  on_batch: Callable[[list[tuple[str, Translation]]], None] | None = None,
                  attempt: Attempt | None = None) -> list[Translation]: ...


class Translate:
    """The translate stage: fills in the English of documents' units, from the memory where
    it can and from the model (loaded on first need, once per process) for the rest, storing
    each new batch as it finishes. `on_sentences` is told how many units are done."""

    def __init__(self, plan: RunPlan, memory: TranslationCache | None, phases: Phases | None = None,
                 on_sentences: Callable[[int], None] | None = None,
                 translator: Model | None = None) -> None:
        """`translator`: a model already loaded (translate serve's queue in front of it)."""
        self.plan = plan
        self.terms = Enforcer(plan.glossary) if plan.glossary else None
        self.memory = KeyedMemory(memory, self.terms) if memory and self.terms else memory
        self.phases = phases or Phases()
        self.on_sentences = on_sentences or (lambda count: None)
        self._translator: Model | None = translator
        self._names = self._name_book() if plan.settings.names == "run" else None

    def __call__(self, documents: list[Document]) -> list[Counts]:
        """Translate the units of `documents` together, in one window (the Ray runner's
        actor hands its batch on whole); returns each document's counts."""
        counts = [Counts() for _ in documents]
        for finished in self.stream(documents, windowed=False):
            for index, each in finished:
                counts[index] = each
        return counts

    def stream(self, documents: list[Document], windowed: bool = True
               ) -> Iterator[list[tuple[int, Counts]]]:
        """Translate the units of `documents` together, yielding the documents finished
        (their index and counts) as they are, first to last. The texts the memory lacks go
        to the model in their documents' order, in windows of WINDOW_BATCHES batches, each
        window sorted by length (or all in one window, `windowed=False`): the first
        documents are done early and the batches stay full."""
        with self.phases("translate"):
            group = Group(documents, self.plan.signature, self.memory)
            self.on_sentences(group.found())
            windows = self._windows(group, windowed)
        for window in [[], *windows]:  # first those the memory had whole
            with self.phases("translate"):
                if window:
                    group.add(*self._translate(window, group.copies), to_model=len(window))
                finished = group.finished(self._finish)
            if finished:
                yield finished
        if self.terms:
            self.terms.forget(group.results)

    def _windows(self, group: Group, windowed: bool) -> list[list[str]]:
        """The texts `group` is missing, in windows of WINDOW_BATCHES full batches of the
        model (one window if not `windowed`)."""
        missing = group.missing
        if not missing:
            return []
        log.info("translating %s",  # copies too, as the report counts
                 counted(sum(group.copies[text] for text in missing), *UNITS))
        size = self.translator().batch_size * WINDOW_BATCHES if windowed else len(missing)
        return [missing[start:start + size] for start in range(0, len(missing), size)]

    def _finish(self, units: list[Unit], group: Group) -> Counts:
        """Give one document's units their English, QA flags, terms and names; its counts."""
        for unit in units:
            found = group.results[unit.de]
            unit.en, unit.score, unit.qa = found.text, found.score, list(group.flags(unit.de))
            if self.terms:
                self.terms.annotate(unit)
        (self._names if self._names is not None else self._name_book()).harmonise(units)
        fresh = group.fresh
        new = [unit for unit in units if unit.de in fresh]
        return Counts(translated=len(new), from_memory=len(units) - len(new),
                      capped=sum(fresh[unit.de].capped for unit in new),
                      flagged=sum(bool(unit.qa) for unit in units),
                      terms=sum(len(unit.terms) for unit in units))

    def _translate(self, missing: list[str], copies: Counter[str]
                   ) -> tuple[dict[str, Translation], int]:
        """The model's translations of `missing` (degenerate ones retried), and how many
        were retried."""
        memory, signature = self.memory, self.plan.signature
        translator = self.translator()

        def on_batch(pairs: list[tuple[str, Translation]]) -> None:
            if memory:
                memory.store(signature, pairs)
            self.on_sentences(sum(copies[text] for text, _ in pairs))

        translate = self.terms.wrap(translator.translate) if self.terms else translator.translate
        with self.phases("translate"):
            fresh = dict(zip(missing, translate(missing, on_batch), strict=True))
            retried = retry_degenerate(fresh, self.plan.settings.decoding,
                                       lambda texts, attempt: translate(texts, attempt=attempt))
        if memory and retried.kept:
            memory.store(signature, retried.kept)
        return fresh, retried.tried

    def _name_book(self) -> NameBook:
        """Where names get one rendering each: one book per article, or one for the run
        (a feed's digest); glossary terms are the glossary's."""
        glossary = self.plan.glossary
        return NameBook(term.de for term in glossary.terms) if glossary else NameBook()

    def translator(self) -> Model:
        """The model, loaded on first call."""
        if self._translator is None:
            with self.phases("load"):
                self._translator = load_translator(self.plan)
        return self._translator


def load_translator(plan: RunPlan) -> Translator:
    """The plan's model on its device, behind its engine."""
    from translate.model.translator import Translator

    engine = plan.signature.engine
    log.info("loading %s on %s (%s, %s)", plan.settings.model, plan.device, engine.name,
             engine.compute)
    return Translator.load(plan.source, plan.device, plan.settings.decoding, engine,
                           plan.settings.cache_dir)


def write_article(plan: RunPlan, read: ArticleRead, versions: Versions | None = None
                  ) -> tuple[list[Path], IndexRow]:
    """The write stage: check that every German unit is there once, in order, with its
    English (a CoverageError is a bug of ours), mark the units that are new since the
    article's previous version in `versions` (none the first time, nor without a memory),
    then render and write each format atomically. Returns the files written and the
    article's index row."""
    document = finish_document(plan, read)
    if versions is not None:
        mark_changes(document, read.article.name, versions)
    written = write_outputs(document, read.article, plan.settings, plan.token)
    return written, IndexRow.of(read.article, document)


def finish_document(plan: RunPlan, read: ArticleRead) -> Document:
    """A translated and summarised document made whole: every German unit checked to be there
    once, in order, with its English (a CoverageError is a bug of ours), and its run record."""
    document = read.parsed
    check_translated(document, read.german)
    document.run = RunRecord(**plan.labels, device=plan.device, key=read.key,
                             seconds=round(time.time() - plan.started, 2))
    return document


def skipped_row(read: ArticleRead, plan: RunPlan, memory: TranslationMemory | None,
                summarizer: Summarizer) -> IndexRow:
    """The index row of an up-to-date article: as stored when it was written, or else (the
    memory was off or cleared since) from its input, its English title, summary and count of
    flagged units read back from its outputs, or failing that filled in from the memory (its
    units checked again) and the summariser."""
    stored = memory.articles.lookup(read.key) if memory else None
    if stored:
        return IndexRow(read.article, *stored)
    settings = plan.settings
    loaded = load(read.article, settings.input_format, settings.max_size_mb,
                  settings.cache_dir, settings.fetch_delay, settings.allow_private_urls)
    document = parse(read.article, loaded, False, settings.max_size_mb)
    for fmt in sorted(settings.formats, key=lambda fmt: not WRITABLE[fmt].exact):  # JSON first
        path = output_path(read.article, fmt, settings)
        if path is not None and (english := read_english(path, fmt)):
            document.title.en, document.summary = english.title, english.summary
            return replace(IndexRow.of(read.article, document), flagged=english.flagged)
    units = list(document.units())
    found = (memory.translations.lookup(plan.signature, [unit.de for unit in units])
             if memory else {})
    for unit in units:
        if unit.de in found:
            unit.en, unit.qa = found[unit.de].text, check(unit.de, found[unit.de])
    summarizer.summarize(document)
    return IndexRow.of(read.article, document)
