"""What the server holds for its whole life, loaded once at start (the plan, the model behind
its batching queue, the summariser, the memory), and the run's stages applied to one request's
article. No business logic: reading, translating, summarising and the run record are the
stages' (translate.run.stages), the documents' shape the renderers'.

Request threads run the stages; only the queue's worker thread runs the model. The memory's
one SQLite connection is shared by the request threads, one at a time (Locked).
"""

from __future__ import annotations

import asyncio
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from translate.articles import Article
from translate.document import Document
from translate.errors import InputError
from translate.run.plan import RunPlan, make_plan
from translate.run.stages import Translate, finish_document, load_translator, read_loaded
from translate.serve.batching import BatchingQueue
from translate.settings import Settings
from translate.sources.inputs import Loaded, load

if TYPE_CHECKING:
    from collections.abc import Callable

    from translate.edits.glossary import Glossary
    from translate.run.store import TranslationMemory
    from translate.summarizers import Summarizer

T = TypeVar("T")
REQUEST_THREADS = 64  # requests whose stages run at once (their sentences share the queue)


@dataclass(frozen=True, slots=True)
class Limits:
    """A server's limits on what clients ask of it."""

    seconds: float = 120.0  # per request, from its start to its answer (504 past it)
    queue: int = 4096  # sentences waiting for the model (429 past it)
    body_bytes: int = 10 * 2**20  # a request body (413 past it)


@dataclass(frozen=True, slots=True)
class Options:
    """A request's own choices, where they are cheap: the summariser (none or extractive)
    and a glossary of its own."""

    summarizer: str | None = None
    glossary: Glossary | None = None


@dataclass(frozen=True, slots=True)
class Submitted:
    """A request's article: bytes to read, or a URL to fetch."""

    name: str
    loaded: Loaded | None = None
    url: str | None = None


class Locked:
    """`target` with every method call holding `lock`: the memory's tables, whose one
    connection the request threads take turns on."""

    def __init__(self, target: Any, lock: threading.Lock) -> None:
        self._target = target
        self._lock = lock

    def __getattr__(self, name: str) -> Any:
        found = getattr(self._target, name)
        if not callable(found):
            return found

        def call(*args: Any, **kwargs: Any) -> Any:
            with self._lock:
                return found(*args, **kwargs)

        return call


class TranslationService:
    """The loaded model, memory and summariser, and the run's stages for one request."""

    def __init__(self, settings: Settings, limits: Limits = Limits(),
                 api_key: str | None = None, allow_private_urls: bool = False) -> None:
        self.settings = settings
        self.limits = limits
        self.api_key = api_key  # None: no key asked (a loopback bind)
        self.allow_private_urls = allow_private_urls
        self._lock = threading.Lock()
        self._summarizing = threading.Lock()  # a summariser is not made for threads
        self.memory: TranslationMemory | None = None
        if settings.memory:
            from translate.run.store import TranslationMemory

            self.memory = TranslationMemory.in_folder(settings.cache_dir, threads=True)
        self._translations = (Locked(self.memory.translations, self._lock)
                              if self.memory else None)
        summaries = Locked(self.memory.summaries, self._lock) if self.memory else None
        self.plan, self.summarizer = make_plan(settings, summaries)
        self.model = load_translator(self.plan)
        self.queue = BatchingQueue(self.model, limits.queue)
        self._threads = ThreadPoolExecutor(REQUEST_THREADS, thread_name_prefix="request")
        self._closed = False

    def describe(self) -> dict[str, Any]:
        """What /healthz says: the model, the summariser, the queue."""
        return {"status": "ok", "model": self.settings.model, "device": self.plan.device,
                "translator": self.plan.signature.to_dict(),
                "summarizer": self.summarizer.label(), "waiting": self.queue.waiting}

    async def in_thread(self, work: Callable[[float], T]) -> T:
        """`work(deadline)` in a request thread, within the request's time limit (TimeoutError
        past it; the thread then finds its deadline passed and stops at the queue)."""
        deadline = time.monotonic() + self.limits.seconds
        loop = asyncio.get_running_loop()
        return await asyncio.wait_for(loop.run_in_executor(self._threads, work, deadline),
                                      self.limits.seconds)

    async def translate_sentences(self, sentences: list[str]) -> list[str]:
        """English for each sentence, in order: the memory first, the queue for the rest
        (the LibreTranslate routes' way in)."""
        return await self.in_thread(lambda deadline: self._sentences(sentences, deadline))

    def _sentences(self, sentences: list[str], deadline: float) -> list[str]:
        signature = self.plan.signature
        found = self._translations.lookup(signature, sentences) if self._translations else {}
        missing = [text for text in dict.fromkeys(sentences) if text and text not in found]
        fresh = self.queue.client(deadline).translate(missing)
        if self._translations and missing:
            self._translations.store(signature, list(zip(missing, fresh, strict=True)))
        found.update(zip(missing, fresh, strict=True))
        return [found[text].text if text else "" for text in sentences]

    def document(self, submitted: Submitted, options: Options, deadline: float) -> Document:
        """One article read (a URL fetched), translated (through the queue), summarised and
        made whole, as a run's stages do; an input that cannot be read raises InputError."""
        plan, summarizer = self._request_plan(options)
        article = Article(submitted.name, Path("article"))
        loaded = submitted.loaded or self._fetch(article)
        read = read_loaded(article, loaded, plan)
        if read.error:
            raise InputError(read.error)
        stage = Translate(plan, self._translations, translator=self.queue.client(deadline))
        stage([read.parsed])
        with self._summarizing:
            summarizer.summarize(read.parsed)
        return finish_document(plan, read)

    def _fetch(self, article: Article) -> Loaded:
        """A web page, fetched as `translate run URL` fetches it (size and time limits, the
        web cache), from public addresses only unless --allow-private-urls."""
        settings = self.settings
        return load(article, None, settings.max_size_mb, settings.cache_dir,
                    settings.fetch_delay, self.allow_private_urls)

    def _request_plan(self, options: Options) -> tuple[RunPlan, Summarizer]:
        """The server's plan and summariser, with the request's choices in them."""
        plan, summarizer = replace(self.plan, started=time.time()), self.summarizer
        if options.summarizer and options.summarizer != self.settings.summarizer:
            from translate.summarizers import make_summarizer

            summarizer = make_summarizer(replace(self.settings, summarizer=options.summarizer))
        labels = {**plan.labels, "summarizer": summarizer.label()}
        if options.glossary:
            labels["glossary"] = options.glossary.digest()
            plan = replace(plan, glossary=options.glossary)
        return replace(plan, labels=labels), summarizer

    def close(self) -> None:
        """After the last request: the worker stopped, the memory closed (once)."""
        if self._closed:
            return
        self._closed = True
        self._threads.shutdown(wait=True)
        self.queue.close()
        if self.memory is not None:
            with self._lock:
                self.memory.close()
