"""The Ray runner: the pipeline's stages on Ray Data, on one machine or a cluster.

    driver         lists the files, resolves the model, converts it for CTranslate2 (once,
                   before any actor starts), starts or joins Ray
    read           `map`: CPU tasks run stages.read_article (bytes, key, up-to-date skip,
                   parse, segment, language check)
    translate      `map_batches` on an actor pool: each actor loads the model once and runs
                   stages.Translate on batches of articles (batches span articles)
    summarise      `map_batches` CPU tasks: the summariser, then stages.write_article
    + write        (coverage check, render, atomic write into -o)
    driver         gets one small row per article back, in order: progress, report, index

The translation memory stays one SQLite file in the driver's cache folder. One actor, pinned
to the driver's node, owns it (translate.run.runners.ray_memory); translate actors and summary
tasks ask it over Ray (lookups before the model, new pairs stored as each batch finishes), so
no worker needs the cache on a shared file system and SQLite never sees a network file system.
Outputs are written by the workers, so -o must be a folder every worker can reach.
"""

from __future__ import annotations

import logging
import os
import pickle
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, Any

from translate.articles import Article
from translate.errors import ClusterError, OutputError, TranslateError, UsageError, first_line
from translate.output.atomic import remove_partial
from translate.output.paths import (
    IndexRow,
    IndexRows,
)
from translate.run import stages
from translate.run.plan import RunPlan, make_plan
from translate.run.report import Counts, Progress, Report
from translate.run.runners.ray_memory import RemoteMemory, start_memory_actor
from translate.run.stages import ArticleRead
from translate.run.state import RunState
from translate.settings import Settings

if TYPE_CHECKING:
    from translate.summarizers import Summarizer

log = logging.getLogger(__name__)

Batch = dict[str, Any]  # a row or a batch of Ray Data's: column "item", pickled Items

BATCH_ARTICLES = 40  # articles per translate batch (about GROUP_UNITS units of news)
ACTOR_CPUS = 0.5  # a CPU actor's share in Ray's bookkeeping: two actors still leave room
#                   for the read and write tasks on a 2-core machine (not a thread limit)
TASK_CPUS = 0.5  # read and write tasks: they wait on files as much as they compute, and
#                 whole CPUs let reading take every slot before the first write can start
INSTALL = 'pip install -e ".[ray]"'
SCALING = "docs/scaling.md"  # the page on --runner ray, its install and its clusters
# Ray reads this as it is imported: "0" makes it take 127.0.0.1 as the node's address, as it
# does on macOS, instead of the address other machines would reach it at
LOOPBACK_ONLY = "RAY_ENABLE_WINDOWS_OR_OSX_CLUSTER"
TOKEN = Path.home() / ".ray" / "auth_token"  # where `ray start` keeps a cluster's login token


@dataclass(slots=True)
class Item:
    """One article on its way through the stages; only small fields are left when it comes
    back to the driver."""

    position: int
    read: ArticleRead
    counts: Counts = field(default_factory=Counts)
    written: list[Path] = field(default_factory=list)
    row: IndexRow | None = None
    fatal: TranslateError | None = None  # an error that stops the whole run, as it would locally


def import_ray() -> ModuleType:
    """Ray, imported on first use, with what it reads as it loads set first: without
    RAY_ADDRESS, the loopback address for the private instance; with it, the login token
    `ray start` left, if any."""
    if not os.environ.get("RAY_ADDRESS"):  # a private instance listens on 127.0.0.1 only
        os.environ.setdefault(LOOPBACK_ONLY, "0")
    elif "RAY_AUTH_MODE" not in os.environ and TOKEN.is_file():
        os.environ["RAY_AUTH_MODE"] = "token"  # `ray start` made a login token: present it
    try:
        import ray
        import ray.data
    except ImportError:
        raise UsageError(f"--runner ray needs Ray Data, which is not installed: {INSTALL} "
                         f"(or pip install 'ray[data]'); see {SCALING}") from None
    return ray


def run_on_ray(settings: Settings, report: Report,
               on_progress: Callable[[Progress], None] | None = None,
               actors: int | None = None, articles: list[Article] | None = None) -> None:
    """Run the stages on Ray, counting into `report` as articles come back (so a stopped
    run's report says what was finished)."""
    ray = import_ray()
    started = time.perf_counter()
    phases = report.phases
    articles = stages.list_articles(settings, report, articles)
    if address := os.environ.get("RAY_ADDRESS"):
        _check_reachable(address)  # before anything is downloaded or converted
    if not articles:
        phases.switch(None)
        return
    memory = rows = None
    try:
        with phases("resolve"):
            if settings.memory:
                from translate.run.store import TranslationMemory

                memory = TranslationMemory.in_folder(settings.cache_dir)
            plan, summarizer = make_plan(settings, memory.summaries if memory else None)
        with phases("load"):
            _convert_once(plan)
            session = _session(ray)
        rows = IndexRows(len(articles))
        assert settings.output is not None  # check_options: Ray writes into an -o folder
        with _cleaned_up(settings.output, plan.token), session:  # stop the workers, then clean up
            phases.switch("translate")
            items = _items(ray, articles, plan, actors)
            state = RunState(settings, report, rows, lambda: memory,
                             on_progress or (lambda progress: None),
                             Progress(files_total=len(articles)))
            _collect(items, plan, summarizer, state)
        stages.write_folder_index(rows, settings, report)
    finally:
        phases.switch(None)
        if rows is not None:
            rows.close()
        if memory:
            memory.close()
    report.seconds = time.perf_counter() - started


def _convert_once(plan: RunPlan) -> None:
    """Make the CTranslate2 copy of the model now, so the actors only load it."""
    from translate.model.engines import prepare

    prepare(plan.source, plan.signature.engine, plan.settings.cache_dir)


@contextmanager
def _session(ray: ModuleType) -> Iterator[None]:
    """Join the cluster RAY_ADDRESS names, or start a private local instance for this run
    (and stop it afterwards). Ray's own logs, its workers' and its progress bars stay quiet
    unless --verbose."""
    verbose = log.isEnabledFor(logging.DEBUG)
    quiet = {"log_to_driver": verbose, "logging_level": "info" if verbose else "warning",
             "include_dashboard": False}
    if not verbose:  # notices meant for Ray's developers (read by ray.init, not the import)
        os.environ.setdefault("RAY_BACKEND_LOG_LEVEL", "fatal")
        logging.getLogger("ray._private.authentication").setLevel(logging.ERROR)
    address = os.environ.get("RAY_ADDRESS")
    try:
        with _stderr_closed(not verbose):
            if address:
                ray.init(address=address, **quiet)
            else:
                ray.init(address="local", num_cpus=os.cpu_count(), **quiet)
    except (ConnectionError, RuntimeError, ValueError) as exc:
        if not address:
            raise ClusterError(f"cannot start a local Ray instance: {first_line(exc)}") from None
        raise ClusterError(f"cannot reach the Ray cluster at RAY_ADDRESS={address}: "
                           f"{first_line(exc)} (is it running? A cluster with token "
                           f"authentication needs its token in {TOKEN}; see {SCALING})") from None
    logging.getLogger("ray.data").setLevel(logging.ERROR)
    context = ray.data.DataContext.get_current()
    context.enable_progress_bars = False
    context.execution_options.preserve_order = True  # the index and the report keep input order
    try:
        yield
    finally:
        ray.shutdown()


@contextmanager
def _cleaned_up(output: Path, run: str) -> Iterator[None]:
    """On Ctrl-C or an error, the workers are stopped mid-write: no half-written temporary
    file of theirs (named with the run's token `run`) is left in -o; another run's writes in
    progress there are not touched (finished outputs are whole: each was renamed into place)."""
    try:
        yield
    except BaseException:
        remove_partial(output, run)
        raise


@contextmanager
def _stderr_closed(closed: bool) -> Iterator[None]:
    """Standard error pointed at /dev/null (when `closed`): Ray's C++ core writes its notices
    as it starts (the log level it was given, advice for Ray's developers) straight to file
    descriptor 2, past Python's logging. Its errors still arrive as Python exceptions."""
    if not closed:
        yield
        return
    sys.stderr.flush()
    saved, devnull = os.dup(2), os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 2)
    try:
        yield
    finally:
        os.dup2(saved, 2)
        os.close(saved)
        os.close(devnull)


def _check_reachable(address: str) -> None:
    """Fail at once when nothing listens at a host:port RAY_ADDRESS: Ray itself would retry
    for many minutes. (Other forms, such as ray://, are left to Ray.)"""
    import socket

    host, _, port = address.rpartition(":")
    if not host or not port.isdigit() or "://" in address:
        return
    try:
        socket.create_connection((host, int(port)), timeout=10).close()
    except OSError as exc:
        raise ClusterError(f"cannot reach the Ray cluster at RAY_ADDRESS={address}: "
                           f"{exc.strerror or exc} (is it running? `ray status` there "
                           f"says; see {SCALING})") from None


def _items(ray: ModuleType, articles: list[Article], plan: RunPlan, actors: int | None
           ) -> Iterator[Item]:
    """The dataflow, from the listed articles to finished Items in input order."""
    from ray.data import ActorPoolStrategy

    memory = start_memory_actor(ray, plan.settings.cache_dir) if plan.settings.memory else None
    gpu = plan.device == "cuda"
    size = actors or (max(int(ray.cluster_resources().get("GPU", 1)), 1) if gpu else 1)
    cwd = os.getcwd()
    rows = [{"item": pickle.dumps(Item(position, ArticleRead(article)))}
            for position, article in enumerate(articles)]
    dataset = (
        # blocks of one batch each: the first articles are written while later ones are read
        ray.data.from_items(rows, override_num_blocks=max(1, -(-len(rows) // BATCH_ARTICLES)))
        .map(_read, fn_kwargs={"plan": plan, "cwd": cwd}, num_cpus=TASK_CPUS)
        .map_batches(_Translator, fn_constructor_kwargs={"plan": plan, "memory": memory,
                                                         "cwd": cwd},
                     batch_size=BATCH_ARTICLES, batch_format="numpy",
                     compute=ActorPoolStrategy(size=size),
                     num_cpus=1 if gpu else ACTOR_CPUS, num_gpus=1 if gpu else 0)
        .map_batches(_finish, fn_kwargs={"plan": plan, "memory": memory, "cwd": cwd},
                     batch_size=BATCH_ARTICLES, batch_format="numpy", num_cpus=TASK_CPUS)
    )
    for row in dataset.iter_rows():
        yield pickle.loads(row["item"])


def _collect(items: Iterator[Item], plan: RunPlan, summarizer: Summarizer,
             state: RunState) -> None:
    """Fold the finished Items into the run's state, in order."""
    memory = state.store()
    for item in items:
        if item.fatal is not None:
            raise item.fatal
        read = item.read
        state.report.add(item.counts)  # translated, even where the write then failed
        if state.record_read(item.position, read,
                             partial(stages.skipped_row, read, plan, memory, summarizer)):
            continue
        units = item.counts.translated + item.counts.from_memory
        state.progress.add(units)
        state.progress.sentences_done += units
        assert item.row is not None
        state.record_written(item.position, read, item.written, item.row)
        state.flush()


def _enter(cwd: str) -> None:
    """Run in the driver's folder, so relative paths (inputs, -o, the cache) mean the same."""
    if os.getcwd() != cwd and os.path.isdir(cwd):
        os.chdir(cwd)


def _read(row: Batch, plan: RunPlan, cwd: str) -> Batch:
    _enter(cwd)
    item: Item = pickle.loads(row["item"])
    item.read = stages.read_article(item.read.article, plan)
    return {"item": pickle.dumps(item)}


class _Translator:
    """A translate actor: the model, loaded once, behind the pipeline's Translate stage."""

    def __init__(self, plan: RunPlan, memory: RemoteMemory | None, cwd: str) -> None:
        _enter(cwd)
        self.stage = stages.Translate(plan, memory.translations if memory else None)

    def __call__(self, batch: Batch) -> Batch:
        items = [pickle.loads(blob) for blob in batch["item"]]
        pending = [item for item in items if item.read.document is not None]
        try:
            counts = self.stage([item.read.document for item in pending])
        except TranslateError as exc:  # the model cannot load: the run stops, as locally
            for item in pending:
                item.fatal = exc
        else:
            for item, each in zip(pending, counts, strict=True):
                item.counts = each
        return _batch(items)


_summarizers: dict[str, Summarizer] = {}  # per worker process: a model summariser loads once


def _finish(batch: Batch, plan: RunPlan, memory: RemoteMemory | None, cwd: str) -> Batch:
    """Summarise a batch of translated articles together, then write each one."""
    _enter(cwd)
    items = [pickle.loads(blob) for blob in batch["item"]]
    ready = [item for item in items if item.read.document is not None and item.fatal is None]
    try:
        if ready:
            _summarizer(plan, memory).summarize(*(item.read.document for item in ready))
        for item in ready:
            try:
                item.written, item.row = stages.write_article(
                    plan, item.read, memory.versions if memory else None)
            except OutputError as exc:  # a full disk: this article fails, the others go on
                item.read.error = str(exc)
            item.read.document, item.read.german = None, []  # the driver needs the rest
    except TranslateError as exc:  # a coverage error: a bug of ours, the run stops
        for item in ready:
            item.fatal = exc
    return _batch(items)


def _summarizer(plan: RunPlan, memory: RemoteMemory | None) -> Summarizer:
    name = repr(plan.labels["summarizer"])
    if name not in _summarizers:
        from translate.summarizers import make_summarizer

        _summarizers[name] = make_summarizer(plan.settings,
                                             memory.summaries if memory else None,
                                             plan.device)
    return _summarizers[name]


def _batch(items: list[Item]) -> Batch:
    import numpy

    blobs = numpy.empty(len(items), dtype=object)
    blobs[:] = [pickle.dumps(item) for item in items]
    return {"item": blobs}
