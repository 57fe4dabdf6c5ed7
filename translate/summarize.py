"""English summaries of every section and of the whole article.

One protocol, four kinds, picked by `--summarizer` (see `make_summarizer`):
- ``extractive`` needs no model: it keeps the sentences most central to their text (highest
  TF-IDF cosine similarity to the other sentences), skipping ones that repeat what is already
  chosen, and prints them in reading order;
- ``none`` writes no summaries;
- a **seq2seq** model (BART, Pegasus, T5: `AutoModelForSeq2SeqLM`) reads the English text, with
  a task prefix where its family needs one (`prompts/seq2seq-t5.txt`: "summarize: ");
- a **chat** model (a decoder-only instruct model: `AutoModelForCausalLM` and the tokenizer's
  chat template; a `.gguf` file too) follows `prompts/section_summary.txt` and
  `prompts/article_summary.txt`.
The kind of a model comes from its config (`is_encoder_decoder`, `model_type`), never its name.

Model summaries are English, at most `sentences` sentences per section (1 for sections of up
to three sentences) and 2–4 for the article, never longer than their text; sections under
MIN_WORDS English words get none. The article summary reads every section (a share of each
when the article is long), not just the first paragraphs. All sections of an article go to
the model in batches, and every summary is stored in the translation memory keyed by model,
prompt and text, so a re-run loads no model. Weights load on the first summary that is not
in the memory; torch and transformers are imported only then.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import importlib.util
import json
import logging
import math
import re
import string
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from translate.document import Document, Section, Sentence
from translate.errors import ModelError, UsageError, first_line

if TYPE_CHECKING:
    from translate.memory import TranslationMemory
    from translate.models import ModelSource
    from translate.settings import Settings

log = logging.getLogger(__name__)

_WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")
_STOPWORDS = frozenset(
    """a an and are as at be been but by for from had has have he her his i if in into is it
    its not of on or our she so than that the their them there they this to was we were what
    when which who will with would you your also after about more said says""".split()
)
_CENTRALITY = 0.7  # maximal marginal relevance: weight of centrality against redundancy
_DUPLICATE = 0.9  # a candidate this similar to a chosen sentence is never taken


class Summarizer(Protocol):
    kind: str
    model: str | None

    def label(self) -> dict[str, Any]:
        """Everything that decides the summaries: it labels outputs, so that a change (another
        model, prompt or length) makes them out of date."""

    def summarize(self, document: Document) -> None:
        """Set `summary` on every section and on the document (None where there is none)."""


class NoSummarizer:
    kind = "none"
    model = None

    def label(self) -> dict[str, Any]:
        return {"kind": self.kind, "model": None}

    def summarize(self, document: Document) -> None:
        return None


class ExtractiveSummarizer:
    kind = "extractive"
    model = None

    def __init__(self, sentences: int = 2) -> None:
        self.sentences = sentences  # at most this many per section summary

    def label(self) -> dict[str, Any]:
        return {"kind": self.kind, "model": None, "sentences": self.sentences}

    def summarize(self, document: Document) -> None:
        """Each section keeps its 1–2 most central sentences; the article summary takes the
        2–4 of those that are most central to the whole article."""
        translated = [s for s in document.sentences() if s.en]
        weights = _idf([_words(s.en or "") for s in translated])
        picked: list[Sentence] = []
        for section in document.sections:
            sentences = [s for s in section.sentences() if s.en]
            chosen = _pick(sentences, _section_count(len(sentences), self.sentences), weights)
            section.summary = _join(chosen)
            picked += chosen
        count = _article_count(len(translated))
        document.summary = _join(_pick(picked, count, weights, context=translated))


def _section_count(sentences: int, most: int) -> int:
    """Sentences of a section summary: 1 for a section of up to three sentences."""
    return 1 if sentences <= 3 else most


def _article_count(sentences: int) -> int:
    """Sentences of the article summary: 2 to 4, growing with the article."""
    return 2 if sentences <= 8 else 3 if sentences <= 20 else 4


def _pick(candidates: list[Sentence], count: int, idf: dict[str, float],
          context: list[Sentence] | None = None) -> list[Sentence]:
    """Up to `count` candidates, most central to `context` first, skipping near-repeats of
    what is already chosen; returned in reading order."""
    context = candidates if context is None else context
    vectors = {id(s): _vector(s.en or "", idf) for s in [*candidates, *context]}
    centrality = {
        id(c): sum(_cosine(vectors[id(c)], vectors[id(o)]) for o in context if o is not c)
        / max(len(context) - 1, 1)
        for c in candidates
    }
    chosen: list[Sentence] = []
    while len(chosen) < count:
        overlap = {
            i: max((_cosine(vectors[id(c)], vectors[id(s)]) for s in chosen), default=0.0)
            for i, c in enumerate(candidates) if all(c is not s for s in chosen)
        }
        eligible = [i for i, o in overlap.items() if o < _DUPLICATE]
        if not eligible:
            break
        best = max(eligible, key=lambda i: (
            _CENTRALITY * centrality[id(candidates[i])] - (1 - _CENTRALITY) * overlap[i], -i))
        chosen.append(candidates[best])
    return sorted(chosen, key=candidates.index)


def _join(sentences: list[Sentence]) -> str | None:
    return " ".join(s.en or "" for s in sentences) or None


def _words(text: str) -> list[str]:
    return [w for w in _WORD.findall(text.lower()) if w not in _STOPWORDS and len(w) > 1]


def _idf(documents: list[list[str]]) -> dict[str, float]:
    frequency = Counter(word for words in documents for word in set(words))
    return {word: math.log((1 + len(documents)) / (1 + n)) + 1 for word, n in frequency.items()}


def _vector(text: str, idf: dict[str, float]) -> dict[str, float]:
    return {word: n * idf.get(word, 1.0) for word, n in Counter(_words(text)).items()}


def _cosine(a: dict[str, float], b: dict[str, float]) -> float:
    dot = sum(weight * b.get(word, 0.0) for word, weight in a.items())
    norm = math.sqrt(sum(w * w for w in a.values())) * math.sqrt(sum(w * w for w in b.values()))
    return dot / norm if norm else 0.0


SUMMARIZERS: dict[str, type[Summarizer]] = {"extractive": ExtractiveSummarizer,
                                             "none": NoSummarizer}

# ---------------------------------------------------------------- prompts

PROMPT_DIR = Path(__file__).parent / "prompts"
PLACEHOLDERS = ("text", "sentences", "title")  # what a template may name; {text} it must
SECTION_PROMPT, ARTICLE_PROMPT, SEQ2SEQ_PROMPT = ("section_summary", "article_summary",
                                                  "seq2seq")
_SEQ2SEQ_FAMILY = re.compile(r"^seq2seq-[\w.]+$")  # seq2seq-t5: the input of one model_type


@dataclass(frozen=True, slots=True)
class Prompts:
    """The templates by name (file name without .txt), checked when they are read."""

    templates: dict[str, str]
    folder: Path

    def digest(self) -> str:
        """A short hash of every template, so outputs know which prompts wrote them."""
        text = json.dumps(self.templates, sort_keys=True)
        return hashlib.sha256(text.encode()).hexdigest()[:12]

    def render(self, name: str, **values: Any) -> str:
        return self.templates[name].format(**values)

    def seq2seq(self, model_type: str) -> str:
        """The template of a seq2seq family, e.g. seq2seq-t5 with T5's task prefix."""
        family = f"{SEQ2SEQ_PROMPT}-{model_type}"
        return family if family in self.templates else SEQ2SEQ_PROMPT


def load_prompts(prompt_dir: Path | None = None) -> Prompts:
    """The shipped templates, each replaced by a file of the same name in `prompt_dir`.
    Every template is checked here, before any model loads: UsageError names the file and
    the placeholder that is wrong."""
    files = {p.stem: p for p in sorted(PROMPT_DIR.glob("*.txt"))}
    if prompt_dir is not None:
        if not prompt_dir.is_dir():
            raise UsageError(f"--prompt-dir {prompt_dir}: no such folder")
        for path in sorted(prompt_dir.glob("*.txt")):
            if path.stem not in files and not _SEQ2SEQ_FAMILY.match(path.stem):
                raise UsageError(
                    f"{path}: not a prompt this tool reads; name it one of "
                    f"{', '.join(p.name for p in files.values())} or seq2seq-MODEL_TYPE.txt")
            files[path.stem] = path
    templates = {}
    for name, path in files.items():
        try:
            templates[name] = path.read_text(encoding="utf-8").strip()
        except (OSError, UnicodeDecodeError) as exc:
            raise UsageError(f"{path}: cannot read the prompt ({exc})") from None
        _check_template(path, templates[name])
    return Prompts(templates, prompt_dir or PROMPT_DIR)


def _check_template(path: Path, template: str) -> None:
    allowed = ", ".join("{" + name + "}" for name in PLACEHOLDERS)
    try:
        fields = [field for _, field, _, _ in string.Formatter().parse(template)
                  if field is not None]
    except ValueError as exc:
        raise UsageError(f"{path}: {exc}; write a literal brace as {{{{ or }}}}") from None
    for field in fields:
        if field not in PLACEHOLDERS:
            raise UsageError(f"{path}: unknown placeholder {{{field}}}; a prompt may use "
                             f"{allowed} (write a literal brace as {{{{ or }}}})")
    if "text" not in fields:
        raise UsageError(f"{path}: the prompt has no {{text}} placeholder, so the model would "
                         "never see the text it should summarise")


# ---------------------------------------------------------------- choosing a summariser

KINDS = ("extractive", "none")
_HUB_ID = re.compile(r"^[\w.-]+/[\w.-]+$")


def check_summarizer(value: str) -> str:
    """`--summarizer` as given, if it can name a summariser: a kind, a hub id (owner/name), a
    model folder or a .gguf file. Whether the model exists is found out when the run starts."""
    path = Path(value).expanduser()
    if value in KINDS or _HUB_ID.match(value) or path.suffix == ".gguf" or path.is_dir():
        return value
    raise UsageError(f"--summarizer must be one of {', '.join(KINDS)}, a Hugging Face model id "
                     f"(owner/name), a model folder or a .gguf file, not {value!r}")


def make_summarizer(settings: Settings, memory: TranslationMemory | None = None) -> Summarizer:
    """The summariser `settings` ask for. Prompts are checked first; a model is found and its
    config read (its weights load later, on the first summary the memory does not hold).
    Offline, a hub model that is not in the cache gives way to `extractive`, with a notice."""
    if settings.summarizer == "none":
        return NoSummarizer()
    prompts = load_prompts(settings.prompt_dir)
    if settings.summarizer == "extractive":
        return ExtractiveSummarizer(settings.summary_sentences)
    try:
        model = locate(settings.summarizer, settings.cache_dir, settings.offline)
    except _NotCached:
        log.warning("summarizer %s is not in the model cache and offline mode forbids "
                    "downloading it; writing extractive summaries instead", settings.summarizer)
        return ExtractiveSummarizer(settings.summary_sentences)
    from translate.models import pick_device

    config = model.config()
    device = pick_device(settings.device)
    if config.is_encoder_decoder:
        return Seq2SeqSummarizer(model, config, prompts, device, memory,
                                 settings.summary_sentences)
    from transformers.models.auto.modeling_auto import MODEL_FOR_CAUSAL_LM_MAPPING_NAMES

    if config.model_type not in MODEL_FOR_CAUSAL_LM_MAPPING_NAMES:
        raise ModelError(f"{settings.summarizer}: a {config.model_type} model cannot write "
                         "summaries (expected a seq2seq model such as BART or a chat model)")
    return ChatSummarizer(model, config, prompts, device, memory, settings.summary_sentences)


class _NotCached(Exception):
    """Offline, and the hub model is not in the cache."""


@dataclass(frozen=True, slots=True)
class Located:
    """A summarisation model on disk: a folder, or a GGUF file inside `source.path`."""

    source: ModelSource
    gguf_file: str | None = None

    def files(self) -> dict[str, Any]:
        """from_pretrained's arguments beyond the folder."""
        return {"gguf_file": self.gguf_file} if self.gguf_file else {}

    def config(self) -> Any:
        from transformers import AutoConfig

        try:
            return AutoConfig.from_pretrained(self.source.path, **self.files())
        except (OSError, ValueError, KeyError, ImportError) as exc:
            raise ModelError(f"{self.source.name}: cannot read the model's config: "
                             f"{first_line(exc)}") from None


def locate(name: str, cache_dir: Path, offline: bool) -> Located:
    """A .gguf file as it is; a folder or hub id through `translate.models.resolve`."""
    from translate.models import ModelSource, resolve

    path = Path(name).expanduser()
    if path.suffix == ".gguf":
        if not path.is_file():
            raise ModelError(f"{name}: no such GGUF file")
        if importlib.util.find_spec("gguf") is None:
            raise ModelError(f"{name}: reading GGUF files needs the gguf package; "
                             "pip install 'translate-de-en[chat]'")
        with path.open("rb") as stream:
            digest = hashlib.file_digest(stream, "sha256").hexdigest()[:16]
        return Located(ModelSource(name, path.parent, "sha256:" + digest), path.name)
    from huggingface_hub import constants

    try:
        return Located(resolve(name, cache_dir, offline))
    except ModelError:
        if (offline or constants.HF_HUB_OFFLINE) and not path.is_dir():
            raise _NotCached from None
        raise


# ---------------------------------------------------------------- model summarisers

MIN_WORDS = 25  # a section with fewer English words gets no summary
SECTION_WORDS = 600  # at most this much of a section goes to the model (whole sentences)
ARTICLE_WORDS = 900  # ... and of the article, a share of every section
TOKENS_PER_SENTENCE = 40  # generation budget per summary sentence
BATCH_SIZE = 8
_SPLIT = re.compile(r"(?<=[.!?])[\"”’)]?\s+(?=[\"“‘(]?[A-Z0-9])")
_DIGITS = re.compile(r"\d+")
_LABEL = re.compile(r"^(?:\*\*)?(?:summary|here is [^:\n]{0,60}|in summary)\s*:?(?:\*\*)?[:,]?\s*",
                    re.IGNORECASE)


@dataclass(slots=True)
class _Job:
    """One summary to write: `text` is what it summarises, `prompt` what the model reads."""

    target: Section | Document
    text: str
    prompt: str
    sentences: int
    summary: str | None = None


class ModelSummarizer:
    """What seq2seq and chat summarisers share: choosing texts, the memory, batching and the
    rules every summary keeps. Subclasses load the model and turn prompts into summaries."""

    kind = "model"

    def __init__(self, model: Located, config: Any, prompts: Prompts, device: str,
                 memory: TranslationMemory | None = None, sentences: int = 2,
                 tokens_per_sentence: int | None = None) -> None:
        self.located, self.config, self.prompts = model, config, prompts
        self.model = model.source.name
        self.device, self.memory, self.sentences = device, memory, sentences
        self.tokens_per_sentence = tokens_per_sentence or TOKENS_PER_SENTENCE
        self.signature = {"kind": self.kind, "model": model.source.name,
                          "revision": model.source.revision,
                          "tokens_per_sentence": self.tokens_per_sentence}
        self.generated = 0  # summaries written by the model (not found in the memory)
        self._loaded: tuple[Any, Any] | None = None

    def label(self) -> dict[str, Any]:
        return {**self.signature, "sentences": self.sentences, "prompts": self.prompts.digest()}

    def summarize(self, document: Document) -> None:
        jobs = self._jobs(document)
        for job in jobs:
            if self.memory:
                job.summary = self.memory.lookup_summary(self.signature, job.prompt, job.text)
        missing = [job for job in jobs if job.summary is None]
        for batch in _batches(missing):
            outputs = self._generate([job.prompt for job in batch],
                                     self.tokens_per_sentence * batch[0].sentences)
            for job, output in zip(batch, outputs, strict=True):
                job.summary = _tidy(output, job.text, job.sentences) or ""
            if self.memory:
                self.memory.store_summary(self.signature,
                                          [(job.prompt, job.text, job.summary) for job in batch])
            self.generated += len(batch)
        for job in jobs:
            job.target.summary = job.summary or None

    def _jobs(self, document: Document) -> list[_Job]:
        """One job per section long enough to summarise, and one for the article."""
        jobs = []
        texts = []
        document.summary = None
        for section in document.sections:
            section.summary = None
            sentences = [s.en for s in section.sentences() if s.en]
            texts.append(sentences)
            if _count_words(" ".join(sentences)) < MIN_WORDS:
                continue
            text = _clip(sentences, SECTION_WORDS)
            count = _section_count(len(sentences), self.sentences)
            title = (section.heading.en if section.heading else None) or document.title.en or ""
            jobs.append(_Job(section, text, self._prompt(SECTION_PROMPT, text, count, title),
                             count))
        article = _share(texts, ARTICLE_WORDS)
        if _count_words(article) >= MIN_WORDS:
            count = _article_count(sum(len(t) for t in texts))
            jobs.append(_Job(document, article, self._prompt(
                ARTICLE_PROMPT, article, count, document.title.en or ""), count))
        return jobs

    def _prompt(self, name: str, text: str, sentences: int, title: str) -> str:
        return self.prompts.render(name, text=text, sentences=sentences, title=title)

    def _generate(self, prompts: list[str], max_new_tokens: int) -> list[str]:
        raise NotImplementedError

    def _load_model(self) -> tuple[Any, Any]:
        raise NotImplementedError

    def loaded(self) -> tuple[Any, Any]:
        """Tokenizer and model, loaded on first need."""
        if self._loaded is None:
            from transformers.utils import logging as transformers_logging

            log.info("loading summarizer %s on %s", self.model, self.device)
            transformers_logging.disable_progress_bar()  # GGUF conversion, weight loading
            try:
                with _quiet_gguf():
                    self._loaded = self._load_model()
            except (OSError, ValueError, KeyError, ImportError) as exc:
                raise ModelError(f"{self.model}: cannot load the summarizer: "
                                 f"{first_line(exc)}") from None
            finally:
                transformers_logging.enable_progress_bar()
        return self._loaded


class Seq2SeqSummarizer(ModelSummarizer):
    """An encoder-decoder summarisation model: BART, Pegasus, T5 (with its task prefix)."""

    kind = "seq2seq"

    def _prompt(self, name: str, text: str, sentences: int, title: str) -> str:
        template = self.prompts.seq2seq(self.config.model_type)
        return self.prompts.render(template, text=text, sentences=sentences, title=title)

    def _load_model(self) -> tuple[Any, Any]:
        import torch
        from transformers import AutoModelForSeq2SeqLM, AutoTokenizer

        path, files = self.located.source.path, self.located.files()
        dtype = torch.float16 if self.device == "cuda" else torch.float32
        tokenizer = AutoTokenizer.from_pretrained(path, **files)
        model = AutoModelForSeq2SeqLM.from_pretrained(path, dtype=dtype, **files)
        return tokenizer, model.to(self.device).eval()

    def _generate(self, prompts: list[str], max_new_tokens: int) -> list[str]:
        import torch

        tokenizer, model = self.loaded()
        longest = min(int(getattr(tokenizer, "model_max_length", 1024) or 1024), 1024)
        inputs = tokenizer(prompts, return_tensors="pt", padding=True, truncation=True,
                           max_length=longest).to(self.device)
        with torch.inference_mode():
            output = model.generate(**inputs, max_new_tokens=max_new_tokens, min_length=0)
        return tokenizer.batch_decode(output, skip_special_tokens=True)


class ChatSummarizer(ModelSummarizer):
    """A decoder-only instruct model, prompted through its tokenizer's chat template."""

    kind = "chat"

    def _load_model(self) -> tuple[Any, Any]:
        import torch
        from transformers import AutoModelForCausalLM, AutoTokenizer

        path, files = self.located.source.path, self.located.files()
        tokenizer = AutoTokenizer.from_pretrained(path, **files)
        if not getattr(tokenizer, "chat_template", None):
            raise ModelError(f"{self.model}: its tokenizer has no chat template, so it is not "
                             "an instruct model; pick a chat model or a seq2seq summariser")
        tokenizer.padding_side = "left"  # generation continues every prompt at its end
        if tokenizer.pad_token is None:
            tokenizer.pad_token = tokenizer.eos_token
        dtype = torch.float16 if self.device == "cuda" else torch.float32
        model = AutoModelForCausalLM.from_pretrained(path, dtype=dtype, config=self.config,
                                                     **files)
        return tokenizer, model.to(self.device).eval()

    def _generate(self, prompts: list[str], max_new_tokens: int) -> list[str]:
        import torch

        tokenizer, model = self.loaded()
        chats = [tokenizer.apply_chat_template([{"role": "user", "content": prompt}],
                                               add_generation_prompt=True, tokenize=False)
                 for prompt in prompts]
        inputs = tokenizer(chats, return_tensors="pt", padding=True,
                           add_special_tokens=False).to(self.device)
        with torch.inference_mode():
            output = model.generate(**inputs, max_new_tokens=max_new_tokens, do_sample=False,
                                    repetition_penalty=1.1,
                                    pad_token_id=tokenizer.pad_token_id)
        return tokenizer.batch_decode(output[:, inputs["input_ids"].shape[1]:],
                                      skip_special_tokens=True)


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


def _batches(jobs: list[_Job]) -> list[list[_Job]]:
    """Jobs that ask for as many sentences (one token budget), sorted by prompt length, in
    batches of up to BATCH_SIZE."""
    ordered = sorted(jobs, key=lambda job: (job.sentences, len(job.prompt)))
    batches: list[list[_Job]] = []
    for job in ordered:
        if batches and len(batches[-1]) < BATCH_SIZE and batches[-1][0].sentences == job.sentences:
            batches[-1].append(job)
        else:
            batches.append([job])
    return batches


def _clip(sentences: list[str], words: int) -> str:
    """Whole sentences from the start, up to `words` words (at least one sentence)."""
    kept, total = [], 0
    for sentence in sentences:
        total += _count_words(sentence)
        if kept and total > words:
            break
        kept.append(sentence)
    return " ".join(kept)


def _share(sections: list[list[str]], words: int) -> str:
    """The article for its summary: every section's sentences while they fit in `words`;
    when they do not, the first sentences of every section in turn, so the end of the
    article is read as well as its start. Sections are kept apart by a blank line."""
    kept: list[list[str]] = [[] for _ in sections]
    total, depth = 0, 0
    while any(depth < len(s) for s in sections):
        for index, sentences in enumerate(sections):
            if depth < len(sentences):
                total += _count_words(sentences[depth])
                if total > words and any(kept):
                    return "\n\n".join(" ".join(k) for k in kept if k)
                kept[index].append(sentences[depth])
        depth += 1
    return "\n\n".join(" ".join(k) for k in kept if k)


def _tidy(output: str, source: str, sentences: int) -> str | None:
    """The model's answer as a summary: one paragraph without a "Summary:" label, at most
    `sentences` sentences, an unfinished last sentence dropped, and never longer than the
    text it summarises (None when even its first sentence is). A sentence with a number
    the text does not have is left out: small models invent dates and figures."""
    text = " ".join(output.replace("**", "").split())
    text = _LABEL.sub("", text).strip()
    known = set(_DIGITS.findall(source))
    parts = [p for p in _SPLIT.split(text)
             if p.strip() and known.issuperset(_DIGITS.findall(p))][:sentences]
    if parts and not parts[-1].rstrip("\"”’)").endswith((".", "!", "?", "…")):
        if len(parts) > 1:
            parts.pop()  # cut off by the token budget
        else:
            parts[-1] = parts[-1].rstrip(" ,;:-–") + "…"
    limit = _count_words(source)
    while parts and _count_words(" ".join(parts)) >= limit:
        parts.pop()
    return " ".join(parts) or None


def _count_words(text: str) -> int:
    return len(text.split())
