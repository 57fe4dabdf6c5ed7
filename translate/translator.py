"""MarianMT translation with transformers' generate(): batches sorted by length, an output
length capped relative to the input, and a score per sentence.

The score is the mean log-probability the model gives its own output, measured by one
teacher-forced decoder pass that reuses the encoder states of the generation. Asking
generate() for `output_scores` instead would keep a (batch × beams × vocabulary) tensor for
every decoding step: about 15 MB a step for opus-mt at batch 16, beam 4.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Callable
from typing import Any

import torch
from transformers import LogitsProcessor, LogitsProcessorList

from translate.document import Translation
from translate.models import ModelSource, load_seq2seq
from translate.pieces import join, split_to_fit
from translate.settings import Decoding, translation_signature

log = logging.getLogger(__name__)

# A retry's safer decoding: a repetition penalty and a wider beam. (no_repeat_ngram_size is
# the textbook fix, but transformers applies it in Python loops whose cost grows with the
# square of the output length: minutes for a batch of 500-token runaways on a CPU.)
_SAFER = {"repetition_penalty": 1.3}
_SCORE_ROWS = 1  # rows per scoring pass: (rows × length × vocabulary) logits, 119 MB at most


class Translator:
    def __init__(self, source: ModelSource, tokenizer: Any, model: Any, device: str,
                 decoding: Decoding) -> None:
        self.source = source
        self.tokenizer = tokenizer
        self.model = model
        self.device = device
        self.decoding = decoding
        self.max_input_tokens = _model_limit(tokenizer, model)
        # the decoder's positions also hold its start token and the end token LengthCap forces
        self.max_output_tokens = model.config.max_position_embeddings - 2

    @classmethod
    def load(cls, source: ModelSource, device: str, decoding: Decoding) -> Translator:
        tokenizer, model = load_seq2seq(source, device)
        return cls(source, tokenizer, model, device, decoding)

    def signature(self) -> dict[str, Any]:
        return translation_signature(self.source, self.decoding)

    def translate(
        self, texts: list[str],
        on_batch: Callable[[list[tuple[str, Translation]]], None] | None = None,
        safer: bool = False,
    ) -> list[Translation]:
        """One Translation per text, in order. Identical texts are translated once; a text
        longer than the model's input limit is translated in pieces (see pieces.py). As texts
        are finished, they are handed to `on_batch` as (text, translation) pairs. `safer`
        decoding (for a retry of degenerate output) penalises repetition and searches a
        wider beam."""
        unique = list(dict.fromkeys(texts))
        counts: dict[str, int] = {}

        def count_tokens(text: str) -> int:
            if text not in counts:
                counts[text] = len(self.tokenizer(text)["input_ids"])
            return counts[text]

        pieces_of = {text: split_to_fit(text, count_tokens, self.max_input_tokens)
                     for text in unique}
        long = sum(len(pieces) > 1 for pieces in pieces_of.values())
        if long:
            log.info("%d sentence(s) longer than the model's %d-token limit are translated in "
                     "pieces", long, self.max_input_tokens)
        waiting = {text: set(pieces) for text, pieces in pieces_of.items()}
        texts_of: dict[str, list[str]] = {}
        for text, pieces in pieces_of.items():
            for piece in pieces:
                texts_of.setdefault(piece, []).append(text)
        order = sorted(texts_of, key=lambda piece: -count_tokens(piece))
        translated: dict[str, Translation] = {}
        finished: dict[str, Translation] = {}
        size = self.decoding.batch_size
        for start in range(0, len(order), size):
            batch = order[start:start + size]
            translated.update(zip(batch, self._translate_batch(batch, safer), strict=True))
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

    def _translate_batch(self, batch: list[str], safer: bool = False) -> list[Translation]:
        inputs = self.tokenizer(batch, return_tensors="pt", padding=True, truncation=True,
                                max_length=self.max_input_tokens).to(self.device)
        caps = (inputs["attention_mask"].sum(1) * self.decoding.length_ratio).ceil().long()
        caps = (caps + self.decoding.length_margin).clamp(max=self.max_output_tokens)
        beams = max(self.decoding.beams + 2, 4) if safer else self.decoding.beams
        length_cap = LengthCap(caps, beams, self.model.generation_config.eos_token_id)
        with torch.inference_mode():
            encoded = self.model.get_encoder()(**inputs)
            sequences = self.model.generate(
                attention_mask=inputs["attention_mask"], encoder_outputs=encoded,
                # decoder positions: the start token, the longest cap, the end token
                num_beams=beams, max_length=int(caps.max()) + 2,
                logits_processor=LogitsProcessorList([length_cap]), **(_SAFER if safer else {}),
            )
            scores = self._scores(inputs["attention_mask"], encoded.last_hidden_state, sequences)
        generated = (sequences[:, 1:] != self.model.generation_config.pad_token_id).sum(1)
        capped = (generated > caps.to(generated.device)).tolist()
        texts = self.tokenizer.batch_decode(sequences, skip_special_tokens=True)
        return [Translation(text.strip(), round(score, 4), hit_cap)
                for text, score, hit_cap in zip(texts, scores.tolist(), capped, strict=True)]

    def _scores(self, attention_mask: torch.Tensor, encoder_states: torch.Tensor,
                sequences: torch.Tensor) -> torch.Tensor:
        """Mean log-probability of each generated token (end-of-sentence included)."""
        from transformers.modeling_outputs import BaseModelOutput

        targets = sequences[:, 1:]
        mask = targets != self.model.generation_config.pad_token_id
        scores = []
        for rows in torch.split(torch.arange(len(sequences)), _SCORE_ROWS):
            logits = self.model(
                encoder_outputs=BaseModelOutput(last_hidden_state=encoder_states[rows]),
                attention_mask=attention_mask[rows],
                decoder_input_ids=sequences[rows, :-1],
            ).logits.float()
            picked = logits.gather(-1, targets[rows].unsqueeze(-1)).squeeze(-1)
            token_scores = (picked - logits.logsumexp(-1)) * mask[rows]
            scores.append(token_scores.sum(-1) / mask[rows].sum(-1).clamp(min=1))
        return torch.cat(scores)


class LengthCap(LogitsProcessor):
    """Ends each sentence's output at its own cap, however long its batch-mates may run."""

    def __init__(self, caps: torch.Tensor, beams: int, eos_token_id: int) -> None:
        self.caps = caps.repeat_interleave(beams)  # generate() keeps a row per beam
        self.eos_token_id = eos_token_id

    def __call__(self, input_ids: torch.LongTensor, scores: torch.FloatTensor) -> torch.FloatTensor:
        generated = input_ids.shape[1] - 1  # minus the decoder start token
        over = self.caps.to(scores.device) <= generated
        if over.any():
            scores[over] = -math.inf
            scores[over, self.eos_token_id] = 0.0
        return scores


def _model_limit(tokenizer: Any, model: Any) -> int:
    """The longest input the model takes, in tokens (512 for opus-mt)."""
    limits = [getattr(model.config, "max_position_embeddings", None), tokenizer.model_max_length]
    return min(limit for limit in limits if isinstance(limit, int) and 0 < limit < 1_000_000)
