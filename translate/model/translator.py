"""MarianMT translation: sentences sorted by length and batched under a token budget, an
output length capped relative to the input, a score per sentence, and one of the decoding
engines of translate/engines (torch's generate(), or CTranslate2) doing the beam search.

Everything but the beam search is done here, the same for every engine: tokenising (with
the model's own tokenizer: translate.model.tokenizer for opus-mt, with no transformers import,
else transformers' AutoTokenizer), identical texts translated once, over-long sentences cut
into pieces, the caps, and turning token ids back into text.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Callable
from pathlib import Path
from typing import Any

from translate.document import Translation
from translate.model.batch_limits import batch_limits
from translate.model.batches import length_batches
from translate.model.config import ModelConfig
from translate.model.engines import Engine, EngineChoice
from translate.model.engines import load as load_engine
from translate.model.pieces import join, split_to_fit
from translate.model.resolve import ModelSource
from translate.model.retry import Attempt, first_attempt
from translate.model.signature import Signature, translation_signature
from translate.settings import Decoding
from translate.words import counted

log = logging.getLogger(__name__)


class Translator:
    def __init__(self, source: ModelSource, tokenizer: Any, engine: Engine,
                 config: ModelConfig, decoding: Decoding) -> None:
        self.source = source
        self.tokenizer = tokenizer
        self.engine = engine
        self.decoding = decoding
        self.batch_size, self.batch_tokens = batch_limits(decoding, config, engine.free_memory())
        self.max_input_tokens = _model_limit(tokenizer, config)
        # the decoder's positions also hold its start token and the end token of a capped
        # output; a model with no learned positions (T5) is held to its input limit
        positions = config.max_position_embeddings or self.max_input_tokens
        self.max_output_tokens = positions - 2

    @property
    def model(self) -> Any:
        """The engine's model: a transformers model (torch) or a ctranslate2.Translator."""
        return self.engine.model

    @classmethod
    def load(cls, source: ModelSource, device: str, decoding: Decoding,
             engine: EngineChoice | None = None, cache_dir: Path = Path("cache")) -> Translator:
        """The model on `device` behind `engine` (default: torch, fp32).
        CTranslate2 converts the model into `cache_dir` on first use."""
        from translate.model.resolve import load_tokenizer

        engine = engine or EngineChoice("torch", "float32")
        config, tokenizer = load_tokenizer(source)
        loaded = load_engine(source, tokenizer, device, engine, cache_dir)
        return cls(source, tokenizer, loaded, config, decoding)

    def signature(self) -> Signature:
        return translation_signature(self.source, self.decoding, self.engine.choice)

    def translate(
        self, texts: list[str],
        on_batch: Callable[[list[tuple[str, Translation]]], None] | None = None,
        attempt: Attempt | None = None,
    ) -> list[Translation]:
        """One Translation per text, in order. Identical texts are translated once; a text
        longer than the model's input limit is translated in pieces (see pieces.py). As texts
        are finished, they are handed to `on_batch` as (text, translation) pairs. `attempt`
        sets the beams and repetition penalty (default: the run's decoding; a retry of
        degenerate output passes translate.model.retry's safer one)."""
        unique = list(dict.fromkeys(texts))
        ids: dict[str, list[int]] = {}

        def count_tokens(text: str) -> int:
            if text not in ids:
                ids[text] = self.tokenizer.encode(text)
            return len(ids[text])

        pieces_of = {text: split_to_fit(text, count_tokens, self.max_input_tokens)
                     for text in unique}
        long = sum(len(pieces) > 1 for pieces in pieces_of.values())
        if long:
            log.info("%s longer than the model's %d-token limit, translated in pieces",
                     counted(long, "sentence"), self.max_input_tokens)
        waiting = {text: set(pieces) for text, pieces in pieces_of.items()}
        texts_of: dict[str, list[str]] = {}
        for text, pieces in pieces_of.items():
            for piece in pieces:
                texts_of.setdefault(piece, []).append(text)
        translated: dict[str, Translation] = {}
        finished: dict[str, Translation] = {}
        for batch in length_batches(texts_of, count_tokens, self.batch_tokens, self.batch_size):
            inputs = [_fit(ids[piece], self.max_input_tokens) for piece in batch]
            translated.update(zip(batch, self._translate_batch(inputs, attempt), strict=True))
            completed = []
            for piece in batch:
                for text in texts_of[piece]:
                    waiting[text].discard(piece)
                    if not waiting[text] and text not in finished:
                        finished[text] = join([translated[p] for p in pieces_of[text]])
                        completed.append((text, finished[text]))
            if on_batch and completed:
                on_batch(completed)
        return [finished[text] for text in texts]

    def _translate_batch(self, inputs: list[list[int]], attempt: Attempt | None = None
                         ) -> list[Translation]:
        caps = [min(math.ceil(len(ids) * self.decoding.length_ratio) + self.decoding.length_margin,
                    self.max_output_tokens) for ids in inputs]
        attempt = attempt or first_attempt(self.decoding)
        decoded = self.engine.decode(inputs, caps, attempt.beams, attempt.repetition_penalty)
        texts = self.tokenizer.batch_decode([d.ids for d in decoded], skip_special_tokens=True)
        return [Translation(text.strip(), round(d.score, 4), d.capped)
                for text, d in zip(texts, decoded, strict=True)]


def _fit(ids: list[int], limit: int) -> list[int]:
    """At most `limit` ids, the last (end) token kept: only a piece that could not be cut
    smaller (a single character) is ever that long."""
    return ids if len(ids) <= limit else [*ids[:limit - 1], ids[-1]]


def _model_limit(tokenizer: Any, config: ModelConfig) -> int:
    """The longest input the model takes, in tokens (512 for opus-mt, and where neither the
    model nor its tokenizer says)."""
    limits = [config.max_position_embeddings, tokenizer.model_max_length]
    return min((limit for limit in limits if isinstance(limit, int) and 0 < limit < 1_000_000),
               default=512)
