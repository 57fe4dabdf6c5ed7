"""The torch engine: transformers' generate() with a KV cache under inference_mode, a length
cap per row, and a score per sentence.

The score is the mean log-probability the model gives its own output, measured by
teacher-forced decoder passes that reuse the encoder states of the generation, as many rows
a pass as SCORE_BYTES of logits hold. Asking generate() for `output_scores` instead would keep
a (batch × beams × vocabulary) tensor for every decoding step: about 15 MB a step for opus-mt
at batch 16, beam 4.

On the CPU, `int8` quantises every Linear layer (the output projection included) with
torch's dynamic quantisation: weights in int8, activations quantised on the fly.
"""

from __future__ import annotations

import math
import warnings
from pathlib import Path
from typing import Any

import torch
from transformers import LogitsProcessor, LogitsProcessorList

from translate.model.engines import Decoded, EngineChoice
from translate.model.resolve import ModelSource, load_seq2seq_model
from translate.model.threads import use_cpu_threads

# the fp32 logits of one scoring pass (rows × length × vocabulary): as many rows as fit
SCORE_BYTES = {"cpu": 128 * 2**20, "cuda": 2 * 2**30}


class TorchEngine:
    def __init__(self, model: Any, choice: EngineChoice) -> None:
        self.model = model
        self.choice = choice
        self.device = next(model.parameters()).device
        self.pad_id = model.generation_config.pad_token_id
        self.eos_id = model.generation_config.eos_token_id

    @classmethod
    def prepare(cls, source: ModelSource, choice: EngineChoice, cache_dir: Path) -> None:
        """Nothing to do: the torch engine reads the model folder as it is."""

    @classmethod
    def load(cls, source: ModelSource, tokenizer: Any, device: str, choice: EngineChoice,
             cache_dir: Path) -> TorchEngine:
        use_cpu_threads()
        if choice.compute == "int8":
            return cls(quantize_int8(load_seq2seq_model(source, device)), choice)
        model = load_seq2seq_model(source, device, choice.compute)
        return cls(model, choice)

    def free_memory(self) -> int | None:
        if self.device.type != "cuda":
            return None
        return torch.cuda.mem_get_info(self.device)[0]

    def decode(self, inputs: list[list[int]], caps: list[int], beams: int,
               repetition_penalty: float = 1.0) -> list[Decoded]:
        width = max(len(ids) for ids in inputs)
        input_ids = torch.tensor([ids + [self.pad_id] * (width - len(ids)) for ids in inputs],
                                 device=self.device)
        attention_mask = (torch.arange(width) < torch.tensor([len(i) for i in inputs])[:, None])
        attention_mask = attention_mask.long().to(self.device)
        cap = torch.tensor(caps)
        length_cap = LengthCap(cap, beams, self.eos_id)
        penalty = {"repetition_penalty": repetition_penalty} if repetition_penalty != 1 else {}
        with torch.inference_mode():
            encoded = self.model.get_encoder()(input_ids=input_ids, attention_mask=attention_mask)
            # generate() replaces encoded.last_hidden_state by its copy with a row per beam
            states = encoded.last_hidden_state
            sequences = self.model.generate(
                attention_mask=attention_mask, encoder_outputs=encoded,
                # decoder positions: the start token, the longest cap, the end token
                num_beams=beams, max_length=max(caps) + 2, use_cache=True,
                logits_processor=LogitsProcessorList([length_cap]), **penalty,
            )
        generated = (sequences[:, 1:] != self.pad_id).sum(1).cpu()
        capped = generated > cap
        with torch.inference_mode():
            scores = self._scores(attention_mask, states, sequences, capped.to(sequences.device))
        capped = capped.tolist()
        outputs = [[t for t in row if t not in (self.pad_id, self.eos_id)]
                   for row in sequences[:, 1:].tolist()]
        return [Decoded(ids, score, hit) for ids, score, hit
                in zip(outputs, scores.tolist(), capped, strict=True)]

    def _scores(self, attention_mask: torch.Tensor, encoder_states: torch.Tensor,
                sequences: torch.Tensor, forced_end: torch.Tensor | None = None
                ) -> torch.Tensor:
        """Mean log-probability of each generated token, the end token included where the
        model chose it; where the length cap forced it (`forced_end`), it is left out."""
        from transformers.modeling_outputs import BaseModelOutput

        targets = sequences[:, 1:]
        mask = targets != self.pad_id
        if forced_end is not None and forced_end.any():
            last = mask.sum(1) - 1  # the position of each row's end token
            mask[forced_end, last[forced_end]] = False
        scores = []
        logits_bytes = targets.shape[1] * self.model.config.vocab_size * 4
        per_pass = max(1, SCORE_BYTES.get(self.device.type, SCORE_BYTES["cpu"]) // logits_bytes)
        for rows in torch.split(torch.arange(len(sequences), device=self.device), per_pass):
            logits = self.model(
                encoder_outputs=BaseModelOutput(last_hidden_state=encoder_states[rows]),
                attention_mask=attention_mask[rows],
                decoder_input_ids=sequences[rows, :-1],
            ).logits.float()
            picked = logits.gather(-1, targets[rows].unsqueeze(-1)).squeeze(-1)
            token_scores = (picked - logits.logsumexp(-1)) * mask[rows]
            scores.append(token_scores.sum(-1) / mask[rows].sum(-1).clamp(min=1))
        return torch.cat(scores)


def quantize_int8(model: Any) -> Any:
    """Every nn.Linear as a dynamically quantised int8 layer (CPU only). torch 2.13 still
    ships torch.ao.quantization.quantize_dynamic (measured here) but warns that it moves to
    torchao; the warning is silenced, the behaviour pinned by the tests."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from torch.ao.quantization import quantize_dynamic

        return quantize_dynamic(model, {torch.nn.Linear}, dtype=torch.qint8, inplace=True)


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
