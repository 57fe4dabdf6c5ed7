"""One queue in front of the model for every request: the sentences of concurrent requests wait
a moment (WINDOW_SECONDS) for each other, then go to the model together, so its batches are
full and sorted by length across requests (the Translator batches them by tokens:
translate.model.batches, batch_limits). The model runs in one worker thread; requests wait
in theirs, and the event loop stays free.

A request's texts are one job. The worker takes TAKE_BATCHES of the model's batches at a time
from the jobs in order; a job that has had that much and has texts left goes to the back, so a
long article does not hold up the short ones behind it, and a job past its deadline loses only
what is not yet taken. A
retry of degenerate output (another Attempt) goes to the front, as it finishes a request under
way, in batches of its own. Past `limit` waiting sentences a new job is refused (QueueFull,
with a Retry-After from the rate the worker has been translating at); a job not finished by
its deadline leaves the queue (TimedOut).
"""

from __future__ import annotations

import functools
import math
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field

from translate.document import Translation
from translate.model.retry import Attempt
from translate.run.stages import Model

WINDOW_SECONDS = 0.02  # how long the first job waits for others before the model starts
TAKE_BATCHES = 8  # the model's batches handed to it at once (it sorts them by length)
DEFAULT_LIMIT = 4096  # sentences waiting, beyond which requests are refused


class QueueFull(Exception):
    """Too many sentences are waiting; try again in `retry_after` seconds."""

    def __init__(self, retry_after: int) -> None:
        super().__init__(f"the translation queue is full; try again in {retry_after} s")
        self.retry_after = retry_after


class TimedOut(Exception):
    """A request's sentences were not translated before its deadline."""


class Closed(Exception):
    """The server is shutting down."""


@dataclass(eq=False)
class Job:
    texts: list[str]  # each once
    attempt: Attempt | None
    taken: int = 0  # texts handed to the model so far (texts[:taken])
    results: dict[str, Translation] = field(default_factory=dict)
    done: threading.Event = field(default_factory=threading.Event)
    error: BaseException | None = None


class BatchingQueue:
    def __init__(self, model: Model, limit: int = DEFAULT_LIMIT,
                 window: float = WINDOW_SECONDS) -> None:
        self.model = model
        self.limit = limit
        self.window = window
        self._jobs: deque[Job] = deque()
        self._waiting = 0  # sentences in self._jobs
        self._changed = threading.Condition()
        self._closed = False
        self._rate = 0.0  # sentences a second, the worker's recent pace
        self._worker = threading.Thread(target=self._work, name="translate-model", daemon=True)
        self._worker.start()

    @property
    def waiting(self) -> int:
        return self._waiting

    def client(self, deadline: float) -> QueueClient:
        """What one request's translate stage uses as its model, until `deadline`
        (time.monotonic())."""
        return QueueClient(self, deadline)

    def submit(self, texts: list[str], attempt: Attempt | None) -> Job:
        job = Job(texts, attempt)
        with self._changed:
            if self._closed:
                raise Closed("the server is shutting down")
            if self._jobs and self._waiting + len(texts) > self.limit:
                raise QueueFull(self.retry_after())
            if attempt is None:
                self._jobs.append(job)
            else:  # a retry finishes a request already under way: it goes first
                self._jobs.appendleft(job)
            self._waiting += len(texts)
            self._changed.notify_all()
        return job

    def retry_after(self) -> int:
        """Seconds until the sentences waiting now are likely done (1 to 60)."""
        return max(1, min(60, math.ceil(self._waiting / self._rate) if self._rate else 1))

    def cancel(self, job: Job) -> None:
        """Drop `job` if the worker has not taken it yet."""
        with self._changed:
            if job in self._jobs:
                self._jobs.remove(job)
                self._waiting -= len(job.texts) - job.taken

    def close(self) -> None:
        """Finish the jobs taken, refuse the rest, stop the worker."""
        with self._changed:
            self._closed = True
            self._changed.notify_all()
        self._worker.join()

    def _take(self) -> list[tuple[Job, list[str]]] | None:
        """The next texts for the model, with the jobs they are of (None once closed): the
        first job waits up to `window` for others, unless TAKE_BATCHES batches' worth are
        there already."""
        enough = self.model.batch_size * TAKE_BATCHES
        with self._changed:
            while not self._jobs and not self._closed:
                self._changed.wait()
            opened = time.monotonic()
            while (not self._closed and self._waiting < enough
                   and (left := opened + self.window - time.monotonic()) > 0):
                self._changed.wait(left)
            if self._closed:
                for job in self._jobs:
                    job.error = Closed("the server is shutting down")
                    job.done.set()
                self._jobs.clear()
                return None
            return self._pieces(enough)

    def _pieces(self, enough: int) -> list[tuple[Job, list[str]]]:
        """Up to `enough` texts from the jobs in order (of one Attempt). A job with texts left
        stays first when the window cut it short, and goes to the end of the queue once it has
        had a window's worth, so requests finish in order (each then summarised and written
        while the model goes on) and a long article takes turns with the rest."""
        pieces: list[tuple[Job, list[str]]] = []
        unfinished: list[Job] = []
        count, attempt = 0, self._jobs[0].attempt
        while self._jobs and count < enough and self._jobs[0].attempt == attempt:
            job = self._jobs.popleft()
            if job.error is not None:  # failed in an earlier piece: the rest is not wanted
                self._waiting -= len(job.texts) - job.taken
                continue
            piece = job.texts[job.taken:job.taken + enough - count]
            job.taken += len(piece)
            count += len(piece)
            pieces.append((job, piece))
            if job.taken < len(job.texts):
                unfinished.append(job)
        for job in reversed(unfinished):
            if job.attempt is None and job.taken >= enough:
                self._jobs.append(job)  # it has had a window's worth: the others' turn
            else:
                self._jobs.appendleft(job)  # cut short by the window: it finishes next
        self._waiting -= count
        return pieces

    def _work(self) -> None:
        while (pieces := self._take()) is not None:
            if not pieces:
                continue
            jobs = list(dict.fromkeys(job for job, _ in pieces))
            texts = list(dict.fromkeys(text for _, piece in pieces for text in piece))
            started = time.monotonic()
            try:
                self.model.translate(texts, functools.partial(_deliver, jobs),
                                     attempt=jobs[0].attempt)
            except Exception as exc:  # the requests say so; the worker goes on
                for job in jobs:
                    if not job.done.is_set():
                        job.error = exc
                        job.done.set()
            pace = len(texts) / max(time.monotonic() - started, 1e-6)
            self._rate = pace if not self._rate else 0.7 * self._rate + 0.3 * pace


def _deliver(jobs: list[Job], pairs: list[tuple[str, Translation]]) -> None:
    """Hand a finished batch's translations to the jobs that asked for them."""
    found = dict(pairs)
    for job in jobs:
        if job.done.is_set():
            continue
        job.results.update((text, found[text]) for text in job.texts if text in found)
        if len(job.results) == len(job.texts):
            job.done.set()


class QueueClient:
    """One request's way to the model: Translator.translate's shape (translate.run.stages.Model),
    through the shared queue, within the request's deadline."""

    def __init__(self, queue: BatchingQueue, deadline: float) -> None:
        self.queue = queue
        self.deadline = deadline

    @property
    def batch_size(self) -> int:
        return self.queue.model.batch_size

    def translate(self, texts: list[str],
                  on_batch: Callable[[list[tuple[str, Translation]]], None] | None = None,
                  attempt: Attempt | None = None) -> list[Translation]:
        unique = list(dict.fromkeys(texts))
        if not unique:
            return []
        job = self.queue.submit(unique, attempt)
        if not job.done.wait(max(0.0, self.deadline - time.monotonic())):
            self.queue.cancel(job)
            raise TimedOut("the request took longer than its time limit")
        if job.error is not None:
            raise job.error
        if on_batch:
            on_batch([(text, job.results[text]) for text in unique])
        return [job.results[text] for text in texts]
