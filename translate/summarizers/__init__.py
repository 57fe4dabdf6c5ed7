"""English summaries of every section and of the whole article.

One protocol, four kinds, picked by `--summarizer` (see `make_summarizer`):
- ``extractive`` (extractive.py) needs no model: whole sentences of the translation, the lead
  first, quotations whole (quotes.py);
- ``none`` writes no summaries;
- a **seq2seq** model (seq2seq.py: BART, Pegasus, T5) reads the English text, with a task
  prefix where its family needs one (`prompts/seq2seq-t5.txt`: "summarize: ");
- a **chat** model (chat.py: a decoder-only instruct model) follows
  `prompts/section_summary.txt` and `prompts/article_summary.txt` (prompts.py); a `.gguf`
  file runs on llama.cpp (gguf.py, the `chat` extra), quantised as it is, with the same prompts.
The kind of a model comes from its config (`is_encoder_decoder`, `model_type`), never its name;
where it is comes from location.py, by the rules of `translate.model.resolve`.

Model summaries (model.py) are English, at most `sentences` sentences per section (1 for
sections of up to three sentences) and 2–4 for the article, never longer than their text;
sections under MIN_WORDS English words get none. A text longer than the model reads is
summarised in chunks, never cut. All sections of the documents handed over at once go to the
model in shared batches, and every summary is stored in the translation memory keyed by model,
prompt and text, so a re-run loads no model. Weights load on the first summary that is not in
the memory; torch and transformers are imported only then. Every model summary is checked
against its text: one naming a person, place, number or date the text does not have (facts.py),
or with a sentence that no one or two sentences of the text support (support.py), is replaced by
the extractive summary, and `set_aside` on its section or document says what failed.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from translate.document import Document
from translate.errors import ModelError, UsageError
from translate.model.resolve import is_hub_id
from translate.summarizers.extractive import ExtractiveSummarizer

if TYPE_CHECKING:
    from collections.abc import Callable

    from translate.settings import Settings
    from translate.summarizers.cache import SummaryCache
    from translate.summarizers.location import Located
    from translate.summarizers.model import ModelSummarizer
    from translate.summarizers.prompts import Prompts

log = logging.getLogger(__name__)

KINDS = ("extractive", "none")


class Summarizer(Protocol):
    @property
    def kind(self) -> str:
        """Who writes the summaries: "none", "extractive", "seq2seq" or "chat"."""

    @property
    def model(self) -> str | None:
        """The summarising model's name (None without a model)."""

    def label(self) -> dict[str, Any]:
        """Everything that decides the summaries: it labels outputs, so that a change (another
        model, prompt or length) makes them out of date."""

    def summarize(self, *documents: Document) -> None:
        """Set `summary` on every section and on each document (None where there is none);
        documents handed over together may share the model's batches."""


class NoSummarizer:
    kind = "none"
    model = None

    def label(self) -> dict[str, Any]:
        return {"kind": self.kind, "model": None}

    def summarize(self, *documents: Document) -> None:
        return None


def check_summarizer(value: str) -> str:
    """`--summarizer` as given, if it can name a summariser: a kind, a hub id (the same ids
    `--model` takes), a model folder or a .gguf file. Whether the model exists is found out
    when the run starts."""
    path = Path(value).expanduser()
    if value in KINDS or is_hub_id(value) or path.suffix == ".gguf" or path.is_dir():
        return value
    raise UsageError(f"--summarizer must be one of {', '.join(KINDS)}, a Hugging Face model id "
                     f"(owner/name or name), a model folder or a .gguf file, not {value!r}")


def make_summarizer(settings: Settings, memory: SummaryCache | None = None,
                    device: str = "cpu",
                    on_progress: Callable[[int, int], None] | None = None) -> Summarizer:
    """The summariser `settings` ask for, on the `device` the run chose (the pipeline picks it
    once, for the translator and the summariser), telling `on_progress` (answers written,
    answers asked for) as a model writes. Prompts are checked first; a model is found
    and its config read (its weights load later, on the first summary the memory does not
    hold). A hub model that is not in the cache and cannot be downloaded now (offline, or no
    connection) gives way to `extractive`, with a one-line warning, so no translation work is
    lost for want of a summary; one that does not exist or cannot summarise fails the run here,
    before anything is translated."""
    if settings.summarizer == "none":
        return NoSummarizer()
    from translate.summarizers.prompts import load_prompts

    prompts = load_prompts(settings.prompt_dir)
    if settings.summarizer == "extractive":
        return ExtractiveSummarizer(settings.summary_sentences)
    from translate.summarizers.location import NotCached, locate

    try:
        model = locate(settings.summarizer, settings.cache_dir, settings.offline)
    except NotCached as exc:  # the outputs say so (their key too): a later run redoes them
        log.warning("summarizer %s; writing extractive summaries instead", exc)
        return ExtractiveSummarizer(settings.summary_sentences)
    summarizer = _model_summarizer(settings, model, prompts, device, memory)
    if on_progress:
        summarizer.on_progress = on_progress
    return summarizer


def _model_summarizer(settings: Settings, model: Located, prompts: Prompts, device: str,
                      memory: SummaryCache | None) -> ModelSummarizer:
    """A GGUF file on llama.cpp; a folder or hub model by its config: seq2seq or chat."""
    if model.gguf_file:
        from translate.summarizers.gguf import LlamaCppSummarizer, require_llama_cpp

        require_llama_cpp(settings.summarizer)
        return LlamaCppSummarizer(model, None, prompts, device, memory,
                                  settings.summary_sentences)
    config = model.config()
    if config.is_encoder_decoder:
        from translate.summarizers.seq2seq import Seq2SeqSummarizer

        return Seq2SeqSummarizer(model, config, prompts, device, memory,
                                 settings.summary_sentences)
    from transformers.models.auto.modeling_auto import MODEL_FOR_CAUSAL_LM_MAPPING_NAMES

    if config.model_type not in MODEL_FOR_CAUSAL_LM_MAPPING_NAMES:
        raise ModelError(f"{settings.summarizer}: a {config.model_type} model cannot write "
                         "summaries (expected a seq2seq model such as BART or a chat model)")
    from translate.summarizers.chat import ChatSummarizer

    return ChatSummarizer(model, config, prompts, device, memory, settings.summary_sentences)
