"""Training a stand-in MarianMT model until beam search reproduces its pairs exactly.

A random stand-in never ends a sentence, so it only shows the worst path (length caps,
retries). A trained one translates a fixed set of German → English pairs (tests.standin.pairs)
exactly, ends its sentences by itself, and so lets tests and benchmarks take the path users
take. tests.standin builds the folder; this module does the learning and the proof:

1. Teacher-forced training on all pairs at once (one full-batch step, split into length-sorted
   chunks only to save padding), AdamW with a linear warm-up and no dropout, until every
   target token's logit leads the runner-up by at least `Recipe.margin` nats. That alone
   makes greedy decoding exact; the margin is what keeps beam search and int8 rounding exact.
2. The proof: the folder is translated by the project's own Translator with torch (fp32) and
   CTranslate2 (int8), beam 4, default caps. Any difference, or an output that ran into its
   cap, and training goes on with a wider margin; a run out of steps fails loudly.
"""

from __future__ import annotations

import logging
import math
import os
import shutil
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Any

import torch
import torch.nn.functional as F

from translate.model.batches import length_batches

log = logging.getLogger(__name__)

CHUNK_TOKENS = 1024  # source + target tokens (padding included) per chunk of the full batch
LOG_SECONDS = 10.0  # progress lines while training, at most this often
VERIFY_ENGINES = (("torch", "float32"), ("ctranslate2", "int8"))


@dataclass(frozen=True)
class Recipe:
    """How a stand-in learns its pairs; part of the folder's marker, so a change rebuilds."""

    lr: float
    warmup: int  # steps of linear warm-up, then a constant rate
    max_steps: int  # the budget: past it, the build fails
    margin: float  # gold logit minus the best other, for every target token, before decoding
    margin_step: float = 2.0  # added to the margin after a failed decoding check
    weight_decay: float = 0.0
    clip: float = 1.0


@dataclass
class Trained:
    """What training did, for the marker file."""

    steps: int = 0
    loss: float = math.inf  # mean cross-entropy per target token at the last step
    min_margin: float = -math.inf  # the smallest gold-over-runner-up logit lead at that step
    seconds: float = 0.0
    checks: list[dict[str, Any]] = field(default_factory=list)  # one per decoding check

    def to_dict(self) -> dict[str, Any]:
        return {**asdict(self), "loss": round(self.loss, 6),
                "min_margin": round(self.min_margin, 3), "seconds": round(self.seconds, 1)}


class StandinTrainingError(RuntimeError):
    """The step budget ran out before beam search reproduced every pair."""


@contextmanager
def torch_threads(threads: int | None) -> Iterator[None]:
    """torch's intra-op threads set to `threads` (default: every CPU this process may use,
    at most 8, where more rarely pays for models this size), restored afterwards."""
    saved = torch.get_num_threads()
    available = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (
        os.cpu_count() or 1)
    torch.set_num_threads(threads or max(1, min(available, 8)))
    try:
        yield
    finally:
        torch.set_num_threads(saved)


def _encode(tokenizer: Any, pairs: list[tuple[str, str]]) -> list[tuple[list[int], list[int]]]:
    """Source and target ids (each ending in </s>), as the model's own tokenizer makes them;
    a piece missing from the vocabulary is a bug in the vocabulary, not something to learn."""
    source = tokenizer([de for de, _ in pairs])["input_ids"]
    target = tokenizer(text_target=[en for _, en in pairs])["input_ids"]
    for (de, en), src, tgt in zip(pairs, source, target, strict=True):
        if tokenizer.unk_token_id in src or tokenizer.unk_token_id in tgt:
            raise ValueError(f"the stand-in vocabulary lacks a piece of {de!r} / {en!r}")
    return list(zip(source, target, strict=True))


def _chunks(encoded: list[tuple[list[int], list[int]]]) -> list[list[tuple[list[int], list[int]]]]:
    """The pairs sorted by length, in chunks of about CHUNK_TOKENS padded tokens."""
    return length_batches(encoded, lambda pair: len(pair[0]) + len(pair[1]), CHUNK_TOKENS)


def _tensors(chunk: list[tuple[list[int], list[int]]], pad: int) -> dict[str, torch.Tensor]:
    """Right-padded encoder inputs, decoder inputs (start token = pad, as Marian shifts) and
    the gold next tokens; `gold_mask` marks the real target positions."""
    width_src = max(len(src) for src, _ in chunk)
    width_tgt = max(len(tgt) for _, tgt in chunk)
    inputs = torch.full((len(chunk), width_src), pad)
    attention = torch.zeros((len(chunk), width_src), dtype=torch.long)
    gold = torch.full((len(chunk), width_tgt), pad)
    decoder = torch.full((len(chunk), width_tgt), pad)
    for row, (src, tgt) in enumerate(chunk):
        inputs[row, :len(src)] = torch.tensor(src)
        attention[row, :len(src)] = 1
        gold[row, :len(tgt)] = torch.tensor(tgt)
        decoder[row, 1:len(tgt)] = torch.tensor(tgt[:-1])
    mask = torch.zeros_like(gold, dtype=torch.bool)
    for row, (_, tgt) in enumerate(chunk):
        mask[row, :len(tgt)] = True
    return {"input_ids": inputs, "attention_mask": attention, "decoder_input_ids": decoder,
            "gold": gold, "gold_mask": mask}


def _step(model: Any, batches: list[dict[str, torch.Tensor]], tokens: int
          ) -> tuple[float, float]:
    """Forward and backward over every chunk (gradients add up to the full batch's); returns
    the mean loss per target token and the smallest margin of a gold token. The output layer
    runs on real target positions only: with opus-mt's 58,101-piece vocabulary it is most of
    the cost, and padding would double it."""
    total, smallest = 0.0, math.inf
    for batch in batches:
        hidden = model.model(input_ids=batch["input_ids"], attention_mask=batch["attention_mask"],
                             decoder_input_ids=batch["decoder_input_ids"]).last_hidden_state
        logits = model.lm_head(hidden[batch["gold_mask"]]) + model.final_logits_bias
        gold = batch["gold"][batch["gold_mask"]]
        loss = F.cross_entropy(logits, gold, reduction="sum")
        (loss / tokens).backward()
        with torch.no_grad():
            gold_logit = logits.gather(1, gold[:, None]).squeeze(1)
            others = logits.scatter(1, gold[:, None], -math.inf).amax(dim=1)
            smallest = min(smallest, (gold_logit - others).min().item())
        total += loss.item()
    return total / tokens, smallest


def _keep_pad_row_zero(model: Any, grad: bool = False) -> None:
    """Keep <pad>'s embedding (row and, with `grad`, its gradient) at zero, as opus-mt's is.

    <pad> is Marian's decoder start token, and a zero start vector is what the original
    models were trained with: CTranslate2 drops the row and starts from a zero embedding.
    padding_idx only stops the gradient of the lookup; the tied output layer would still move
    the row, and the CTranslate2 model would then start from a state torch never saw."""
    weight = model.get_input_embeddings().weight
    pad = model.config.pad_token_id
    with torch.no_grad():
        if grad and weight.grad is not None:
            weight.grad[pad] = 0
        elif not grad:
            weight[pad] = 0


def training_device() -> str:
    """A CUDA GPU where torch sees one: the full-size stand-in learned the sample in 34 s on
    an H200, against 79 minutes on a 2-core CPU."""
    return "cuda" if torch.cuda.is_available() else "cpu"


def fit(model: Any, tokenizer: Any, pairs: list[tuple[str, str]], recipe: Recipe,
        trained: Trained, margin: float) -> bool:
    """Train `model` in place until every gold token leads by `margin` or the budget is
    spent (then False). Resumable: `trained.steps` counts on across calls; the optimiser
    restarts with a short warm-up, which costs a few steps and keeps the code simple."""
    device = training_device()
    encoded = _encode(tokenizer, pairs)
    batches = [{name: tensor.to(device) for name, tensor in
                _tensors(chunk, model.config.pad_token_id).items()}
               for chunk in _chunks(encoded)]
    model.to(device)
    tokens = sum(len(tgt) for _, tgt in encoded)
    optimiser = torch.optim.AdamW(model.parameters(), lr=recipe.lr,
                                  weight_decay=recipe.weight_decay)
    schedule = torch.optim.lr_scheduler.LambdaLR(
        optimiser, lambda step: min(1.0, (step + 1) / recipe.warmup))
    _keep_pad_row_zero(model)
    model.train()
    started = logged = time.perf_counter()
    first = trained.steps
    try:
        while trained.steps < recipe.max_steps:
            optimiser.zero_grad(set_to_none=True)
            trained.loss, trained.min_margin = _step(model, batches, tokens)
            if trained.min_margin >= margin:
                return True  # measured on these weights: stop before changing them
            _keep_pad_row_zero(model, grad=True)
            torch.nn.utils.clip_grad_norm_(model.parameters(), recipe.clip)
            optimiser.step()
            schedule.step()
            trained.steps += 1
            if time.perf_counter() - logged > LOG_SECONDS:
                logged = time.perf_counter()
                log.info("step %d: loss %.4f, smallest margin %.2f (%.1f s/step)",
                         trained.steps, trained.loss, trained.min_margin,
                         (logged - started) / (trained.steps - first))
        return False
    finally:
        model.to("cpu").eval()
        trained.seconds += time.perf_counter() - started


def check_decoding(folder: Path, pairs: list[tuple[str, str]]) -> dict[str, Any]:
    """Translate every pair's German with the project's Translator, beam 4 and default caps,
    through each engine of VERIFY_ENGINES that is installed. Returns per engine the smallest
    score and the pairs it got wrong (an English that differs, or one that ran into its cap)."""
    from translate.model.engines import EngineChoice, ct2_problem
    from translate.model.resolve import resolve
    from translate.model.translator import Translator
    from translate.settings import Decoding

    results: dict[str, Any] = {}
    cache = Path(tempfile.mkdtemp(prefix="standin-check-"))
    try:
        source = resolve(str(folder), cache, offline=True)
        for name, compute in VERIFY_ENGINES:
            if name == "ctranslate2" and ct2_problem("cpu"):
                log.warning("CTranslate2 is not installed: int8 decoding left unchecked")
                continue
            translator = Translator.load(source, "cpu", Decoding(), EngineChoice(name, compute),
                                         cache)
            outputs = translator.translate([de for de, _ in pairs])
            wrong = [{"de": de, "expected": en, "got": out.text, "capped": out.capped}
                     for (de, en), out in zip(pairs, outputs, strict=True)
                     if out.text != en or out.capped]
            results[f"{name}-{compute}"] = {"min_score": min(out.score for out in outputs),
                                            "wrong": wrong}
            del translator
    finally:
        shutil.rmtree(cache, ignore_errors=True)
    return results


def train_until_exact(model: Any, tokenizer: Any, pairs: list[tuple[str, str]], recipe: Recipe,
                      save: Any) -> Trained:
    """Train, `save()` the folder, check decoding; widen the margin and go on until both
    engines reproduce every pair. `save` writes the model into the folder and returns it."""
    trained, margin = Trained(), recipe.margin
    while True:
        reached = fit(model, tokenizer, pairs, recipe, trained, margin)
        if not reached:
            raise StandinTrainingError(
                f"the stand-in did not learn its {len(pairs)} pairs in {recipe.max_steps} "
                f"steps (loss {trained.loss:.4f}, smallest margin {trained.min_margin:.2f} < "
                f"{margin}); raise max_steps or lr in tests.standin")
        results = check_decoding(save(), pairs)
        trained.checks.append({"step": trained.steps, "margin": margin, **{
            engine: {"min_score": r["min_score"], "wrong": len(r["wrong"])}
            for engine, r in results.items()}})
        wrong = {engine: r["wrong"] for engine, r in results.items() if r["wrong"]}
        if not wrong:
            return trained
        for engine, mistakes in wrong.items():
            log.info("%s: %d pair(s) not yet exact at step %d, e.g. %r", engine, len(mistakes),
                     trained.steps, mistakes[0]["got"])
        margin += recipe.margin_step
        recipe = replace(recipe, warmup=min(recipe.warmup, 5))
