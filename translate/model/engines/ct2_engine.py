"""The CTranslate2 engine: the Hugging Face model folder converted once into CTranslate2's
format (under the cache folder, one conversion per model, vocabulary and compute type), then
beam search in CTranslate2's C++ runtime. Tokenising and everything around decoding stay
with the Translator: this engine sees token ids and gives token ids back.

Scores: with `return_scores`, CTranslate2 (length_penalty 1) reports the sum of the output's
token log-probabilities divided by its length, the end token included when the model chose
it — the torch engine's mean log-probability per token (which leaves out an end token forced
by the cap). One call has one length limit, the batch's longest cap; an output that runs past
its own, shorter cap is cut there and scored again, teacher-forced, with score_batch (its
mean then leaves out the end token, as the torch engine's does), as is every output of a
retry, whose repetition penalty bends the scores CTranslate2 reports.
"""

from __future__ import annotations

import hashlib
import logging
from pathlib import Path
from typing import Any

from translate.errors import ModelError, first_line
from translate.model.device import import_ctranslate2
from translate.model.engines import Decoded, EngineChoice
from translate.model.quiet import quiet_progress
from translate.model.resolve import ModelSource
from translate.model.threads import cpu_threads
from translate.output.atomic import build_folder

log = logging.getLogger(__name__)


class CTranslate2Engine:
    def __init__(self, model: Any, tokenizer: Any, choice: EngineChoice) -> None:
        self.model = model
        self.tokenizer = tokenizer
        self.choice = choice
        self.eos = tokenizer.eos_token

    @classmethod
    def prepare(cls, source: ModelSource, choice: EngineChoice, cache_dir: Path) -> None:
        """Convert the model now (once), so that workers only load the copy."""
        converted(source, choice.compute, cache_dir)

    @classmethod
    def load(cls, source: ModelSource, tokenizer: Any, device: str, choice: EngineChoice,
             cache_dir: Path) -> CTranslate2Engine:
        ctranslate2 = import_ctranslate2()
        folder = converted(source, choice.compute, cache_dir)
        model = ctranslate2.Translator(str(folder), device=device, compute_type=choice.compute,
                                       inter_threads=1, intra_threads=cpu_threads())
        return cls(model, tokenizer, choice)

    def free_memory(self) -> int | None:
        """CTranslate2 does not say how much GPU memory is free: a 16 GB GPU is assumed."""
        return 16 * 2**30 if self.model.device == "cuda" else None

    def decode(self, inputs: list[list[int]], caps: list[int], beams: int,
               repetition_penalty: float = 1.0) -> list[Decoded]:
        tokens = [self.tokenizer.convert_ids_to_tokens(ids) for ids in inputs]
        results = self.model.translate_batch(
            tokens, beam_size=beams, repetition_penalty=repetition_penalty,
            max_decoding_length=max(caps), min_decoding_length=0,  # one limit per call
            return_scores=True, return_end_token=True, max_input_length=0)
        outputs, scores, capped, rescore = [], [], [], []
        for i, (result, cap) in enumerate(zip(results, caps, strict=True)):
            hypothesis = result.hypotheses[0]
            ended = bool(hypothesis) and hypothesis[-1] == self.eos
            body = hypothesis[:-1] if ended else hypothesis
            capped.append(len(body) >= cap)
            outputs.append(body[:cap])
            scores.append(result.scores[0])
            # past its own cap (or ended just there, which the torch engine's cap forbids)
            if repetition_penalty != 1 or (capped[-1] and (ended or len(body) > cap)):
                rescore.append(i)
        if rescore:
            rescored = self.model.score_batch([tokens[i] for i in rescore],
                                              [outputs[i] for i in rescore], max_input_length=0)
            for i, result in zip(rescore, rescored, strict=True):
                # score_batch appends the end token: count it only where the model chose it
                log_probs = result.log_probs[:-1] if capped[i] else result.log_probs
                scores[i] = sum(log_probs) / max(len(log_probs), 1)
        return [Decoded(self.tokenizer.convert_tokens_to_ids(body), score, hit)
                for body, score, hit in zip(outputs, scores, capped, strict=True)]


def converted(source: ModelSource, compute: str, cache_dir: Path) -> Path:
    """The CTranslate2 copy of `source` in `compute` precision, converted on first use."""
    import ctranslate2

    folder = cache_dir / "ctranslate2" / f"{_slug(source.name)}-{compute}-{_key(source)}"
    if (folder / "model.bin").is_file():
        return folder
    import ctranslate2.converters  # transformers and torch: imported for a conversion only

    log.info("converting %s for CTranslate2 (%s), once", source.name, compute)
    try:
        # a rival run converting the same model at once may finish first: its copy is as good
        with build_folder(folder, done="model.bin") as temp, quiet_progress():
            converter = ctranslate2.converters.TransformersConverter(str(source.path))
            converter.convert(str(temp), quantization=compute, force=True)
    except (OSError, ValueError, NotImplementedError, KeyError) as exc:
        raise ModelError(f"{source.name}: CTranslate2 cannot convert this model: "
                         f"{first_line(exc)}; use --engine torch") from None
    return folder


def _key(source: ModelSource) -> str:
    """Weights (the revision), vocabulary and config, and the CTranslate2 version: a change in
    any of them means a new conversion."""
    import ctranslate2

    digest = hashlib.sha256(f"{source.revision}|{ctranslate2.__version__}".encode())
    for path in sorted(source.path.iterdir()):
        if path.suffix in (".json", ".spm", ".model", ".txt") and path.is_file():
            digest.update(path.name.encode() + path.read_bytes())
    return digest.hexdigest()[:12]


def _slug(name: str) -> str:
    return "".join(c if c.isalnum() or c in "-." else "-" for c in Path(name).name or name)
