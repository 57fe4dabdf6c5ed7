"""What seq2seq and chat summarisers share: which texts get a summary, the memory, batches
that span documents, chunking texts longer than the model reads, and loading on first need.

Subclasses load the model, count a prompt's tokens and turn prompts into summaries.
"""

from __future__ import annotations

import contextlib
import functools
import logging
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from translate.document import Document, Section
from translate.errors import ModelError, first_line
from translate.model.quiet import quiet_progress
from translate.summarizers.extractive import ExtractiveSummarizer
from translate.summarizers.facts import unsupported
from translate.summarizers.lengths import article_count, count_words, section_count
from translate.summarizers.prompts import ARTICLE_PROMPT, SECTION_PROMPT, Prompts
from translate.summarizers.support import unsupported_claims
from translate.summarizers.texts import chunks, share, tidy

if TYPE_CHECKING:
    from translate.summarizers.cache import SummaryCache
    from translate.summarizers.location import Located

log = logging.getLogger(__name__)

MIN_WORDS = 25  # a section with fewer English words gets no summary
ARTICLE_WORDS = 900  # the article summary reads this much: a share of every section
TOKENS_PER_SENTENCE = 40  # generation budget per summary sentence
BATCH_SIZE = 8  # prompts a generate() call reads at once (transformers pads them)
MAX_ROUNDS = 4  # chunk summaries summarised again at most this often (each round shrinks ~10×)


@dataclass(slots=True)
class _Job:
    """One summary to write: `text` is what it summarises, `prompt` what the model reads
    (and with `text`, the memory's key); `title` and `name` let a chunk get its own prompt."""

    target: Section | Document
    text: str
    prompt: str
    sentences: int
    title: str
    name: str
    summary: str | None = None
    reading: str = ""  # what this round summarises: `text`, then the chunks' summaries
    parts: list[str] = field(default_factory=list)  # `reading` in chunks that fit the model

    def finish(self, summary: str) -> tuple[str, str, str]:
        """Set the summary; returns the (prompt, text, summary) row the memory keeps."""
        self.summary = summary
        return self.prompt, self.text, summary


@dataclass(slots=True)
class _Request:
    prompt: str
    sentences: int


@dataclass(slots=True)
class _Tally:
    """The model's answers so far of the requests one summarize() call asked for (a round of
    chunk summaries asks for more), told to `report` after every batch."""

    report: Callable[[int, int], None]
    done: int = 0
    total: int = 0

    def answered(self, count: int) -> None:
        self.done += count
        self.report(self.done, self.total)


class ModelSummarizer:
    """The shared base: choosing texts, the memory, batching and the rules every summary
    keeps."""

    kind = "model"
    batch_size = BATCH_SIZE

    def __init__(self, model: Located, config: Any, prompts: Prompts, device: str,
                 memory: SummaryCache | None = None, sentences: int = 2) -> None:
        self.located, self.config, self.prompts = model, config, prompts
        self.model = model.source.name
        self.device, self.memory, self.sentences = device, memory, sentences
        self.tokens_per_sentence = TOKENS_PER_SENTENCE  # read here, so tests can set it
        self.signature = {"kind": self.kind, "model": model.source.name,
                          "revision": model.source.revision,
                          "tokens_per_sentence": self.tokens_per_sentence}
        self.generated = 0  # summaries written by the model (not found in the memory)
        # told (requests answered, requests asked) as the model writes: the run's progress
        self.on_progress: Callable[[int, int], None] = lambda done, total: None
        self._loaded: tuple[Any, Any] | None = None

    def label(self) -> dict[str, Any]:
        return {**self.signature, "sentences": self.sentences, "prompts": self.prompts.digest()}

    def summarize(self, *documents: Document) -> None:
        """Summaries of every section and of each document; the texts of all `documents` go
        to the model in shared batches, as translations do."""
        jobs = [job for document in documents for job in self._jobs(document)]
        for job in jobs:
            if self.memory:
                job.summary = self.memory.lookup(self.signature, job.prompt, job.text)
        self._write([job for job in jobs if job.summary is None])
        for job in jobs:
            job.target.summary = job.summary or None
        for document in documents:
            self._check(document)

    def _check(self, document: Document) -> None:
        """Every model summary of `document` whose names, numbers or dates its text does not
        have (facts.py), or with a sentence no one or two sentences of its text support
        (support.py), is replaced by the extractive summary; `set_aside` records what
        failed. The rest are labelled as this model's."""
        fallback = ExtractiveSummarizer(self.sentences)
        title = document.title.en or ""
        targets: list[tuple[Document | Section, list[str], int | None]] = [
            (document, [title, *_texts(document.sections)], None)]
        targets += [(section, [title, *_texts([section])], index)
                    for index, section in enumerate(document.sections)]
        for target, texts, index in targets:
            if target.summary is None:
                continue
            missing = (unsupported(target.summary, " ".join(texts))
                       + unsupported_claims(target.summary, texts))
            target.summary_kind = fallback.kind if missing else self.kind
            if missing:
                log.info("%s: a model summary set aside: %s", document.source.path,
                         "; ".join(missing))
                if index is None:  # the extractive article summary: its points
                    fallback.brief(document, fallback.summaries(document)[0])
                else:
                    target.summary = fallback.section_alone(document, index)
                target.set_aside = missing

    def _jobs(self, document: Document) -> list[_Job]:
        """One job per section long enough to summarise, and one for the article."""
        jobs = []
        texts = []
        document.summary, document.summary_kind, document.set_aside = None, None, None
        document.summary_points = []
        for section in document.sections:
            section.summary, section.summary_kind, section.set_aside = None, None, None
            sentences = [s.en for s in section.sentences() if s.en]
            texts.append(sentences)
            text = " ".join(sentences)
            if count_words(text) < MIN_WORDS:
                continue
            count = section_count(len(sentences), self.sentences)
            title = (section.heading.en if section.heading else None) or document.title.en or ""
            jobs.append(self._job(section, SECTION_PROMPT, text, count, title))
        article = share(texts, ARTICLE_WORDS)
        if count_words(article) >= MIN_WORDS:
            count = article_count(sum(len(t) for t in texts))
            jobs.append(self._job(document, ARTICLE_PROMPT, article, count,
                                  document.title.en or ""))
        return jobs

    def _job(self, target: Section | Document, name: str, text: str, sentences: int,
             title: str) -> _Job:
        return _Job(target, text, self._prompt(name, text, sentences, title), sentences, title,
                    name, reading=text)

    def _write(self, jobs: list[_Job]) -> None:
        """Summaries of `jobs`, never of a cut text: a text whose prompt is longer than the
        model reads is summarised in chunks that fit, and the chunks' summaries, joined, are
        summarised in turn (or kept, after MAX_ROUNDS)."""
        pending = jobs
        tally = _Tally(self.on_progress)
        for round_ in range(1, MAX_ROUNDS + 1):
            if not pending:
                return
            for job in pending:
                job.parts = self._chunks(job)
            requests = [_Request(self._prompt(job.name, part, job.sentences, job.title),
                                 job.sentences) for job in pending for part in job.parts]
            tally.total += len(requests)
            outputs = iter(self._run(requests, tally))
            done: list[tuple[str, str, str]] = []  # the memory's rows of the finished jobs
            again: list[_Job] = []
            for job in pending:
                tidied = [tidy(next(outputs), part, job.sentences) or "" for part in job.parts]
                if len(job.parts) == 1:
                    done.append(job.finish(tidied[0]))
                    continue
                job.reading = " ".join(t for t in tidied if t)
                if round_ < MAX_ROUNDS and job.reading:
                    again.append(job)
                else:  # the chunks' summaries, kept as they are (at most `sentences`)
                    done.append(job.finish(tidy(job.reading, job.text, job.sentences) or ""))
            if self.memory and done:
                self.memory.store(self.signature, done)
            self.generated += len(done)
            pending = again

    def _chunks(self, job: _Job) -> list[str]:
        """The text of `job` this round, whole when its prompt fits the model, else in
        chunks whose prompts do."""
        limit = self._max_input_tokens()
        if self._prompt_tokens(self._prompt(job.name, job.reading, job.sentences,
                                            job.title)) <= limit:
            return [job.reading]
        overhead = self._prompt_tokens(self._prompt(job.name, "", job.sentences, job.title))
        return chunks(job.reading, self._count_tokens, limit - overhead)

    def _run(self, requests: list[_Request], tally: _Tally) -> list[str]:
        """The model's answer to every request, in order, in batches of one token budget
        (requests asking for as many sentences), sorted by prompt length."""
        ordered = sorted(enumerate(requests),
                         key=lambda item: (item[1].sentences, len(item[1].prompt)))
        answers: dict[int, str] = {}
        for batch in _batches(ordered, self.batch_size):
            outputs = self._generate([request.prompt for _, request in batch],
                                     self.tokens_per_sentence * batch[0][1].sentences)
            answers.update(zip([index for index, _ in batch], outputs, strict=True))
            tally.answered(len(batch))
        return [answers[index] for index in range(len(requests))]

    def _prompt(self, name: str, text: str, sentences: int, title: str) -> str:
        return self.prompts.render(name, text=text, sentences=sentences, title=title)

    def _generate(self, prompts: list[str], max_new_tokens: int) -> list[str]:
        raise NotImplementedError

    def _count_tokens(self, text: str) -> int:
        """Tokens of `text`, a part of a prompt."""
        tokenizer, _ = self.loaded()
        return len(tokenizer(text)["input_ids"])

    def _prompt_tokens(self, prompt: str) -> int:
        """Tokens the model reads for `prompt` (a chat model: inside its chat template)."""
        return self._count_tokens(prompt)

    def _max_input_tokens(self) -> int:
        raise NotImplementedError

    def _load_model(self) -> tuple[Any, Any]:
        raise NotImplementedError

    def loaded(self) -> tuple[Any, Any]:
        """Tokenizer and model, loaded on first need."""
        if self._loaded is None:
            log.info("loading summarizer %s on %s", self.model, self.device)
            try:
                with self._quiet_loading():
                    self._loaded = self._load_model()
            except (OSError, ValueError, KeyError, ImportError) as exc:
                raise ModelError(f"{self.model}: cannot load the summarizer: "
                                 f"{first_line(exc)}") from None
        return self._loaded

    @contextlib.contextmanager
    def _quiet_loading(self) -> Iterator[None]:
        """transformers' progress bars off while the model loads (weights, a GGUF conversion)."""
        with quiet_progress(), _quiet_gguf():
            yield


def _texts(sections: list[Section]) -> list[str]:
    """The English headings and sentences of `sections`."""
    return [text for section in sections
            for text in ([section.heading.en if section.heading else None]
                         + [s.en for s in section.sentences()]) if text]


def model_limit(tokenizer: Any, config: Any, most: int) -> int:
    """The longest input the model reads, in tokens: its tokenizer's and its positions'
    limits (a tokenizer without one says 10**30), and at most `most`."""
    limits = [getattr(tokenizer, "model_max_length", None),
              getattr(config, "max_position_embeddings", None), most]
    return min(limit for limit in limits if isinstance(limit, int) and limit > 0)


@contextlib.contextmanager
def _quiet_gguf() -> Iterator[None]:
    """transformers converts GGUF tensors under a bare tqdm bar that ignores its own progress
    bar switch; silence that bar while loading."""
    try:
        from transformers import modeling_gguf_pytorch_utils as gguf_utils
    except ImportError:
        yield
        return
    bar = getattr(gguf_utils, "tqdm", None)
    if bar is not None:
        gguf_utils.tqdm = functools.partial(bar, disable=True)
    try:
        yield
    finally:
        if bar is not None:
            gguf_utils.tqdm = bar


def _batches(ordered: list[tuple[int, _Request]], size: int
             ) -> list[list[tuple[int, _Request]]]:
    """Requests in their order, in batches of up to `size` that ask for as many sentences
    (one token budget)."""
    batches: list[list[tuple[int, _Request]]] = []
    for item in ordered:
        if (batches and len(batches[-1]) < size
                and batches[-1][0][1].sentences == item[1].sentences):
            batches[-1].append(item)
        else:
            batches.append([item])
    return batches
