"""Decoding engines behind one interface, and the choice between them.

The Translator (translator.py) does everything around decoding — tokenising, batching by
length, pieces of over-long sentences, length caps, turning token ids back into text — and
hands each batch of token ids to an engine:

- ``torch``: transformers' generate() on the PyTorch model (always installed); fp32 (int8
  dynamic quantisation on the CPU with ``--quantize int8``, fp16 on CUDA with
  ``--quantize float16``).
- ``ctranslate2``: the same model converted once into CTranslate2's format (kept in the cache
  folder), int8 on the CPU, fp16 or int8_float16 on CUDA.

``auto`` takes CTranslate2 when it is installed, supports the device and the model is a
MarianMT model; torch otherwise. `pick` resolves the device and the engine together, asking
CTranslate2 (not torch) which GPUs there are when CTranslate2 is to run. The choice (engine
and compute type) is part of the translation signature, so the memory and the outputs'
up-to-date keys tell them apart.
"""

from __future__ import annotations

import importlib
import json
import logging
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from translate.errors import UsageError
from translate.model.device import import_ctranslate2, pick_device
from translate.model.engines.cuda_libraries import cuda_libraries_problem
from translate.model.resolve import ModelSource

CT2_INSTALL = "pip install ctranslate2"
log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Decoded:
    """One output of an engine."""

    ids: list[int]  # output token ids, without start, end or padding tokens
    score: float  # mean log-probability per output token (end token included when produced)
    capped: bool  # the output ran into its length cap


@dataclass(frozen=True, slots=True)
class EngineChoice:
    name: str  # "torch" or "ctranslate2"
    compute: str  # "float32", "float16", "int8" or "int8_float16"


class Engine(Protocol):
    choice: EngineChoice
    model: Any  # the engine's model object (a transformers model, a ctranslate2.Translator)

    def decode(self, inputs: list[list[int]], caps: list[int], beams: int,
               repetition_penalty: float = 1.0) -> list[Decoded]:
        """Beam-search one batch. `inputs` are token ids with the end token; output i has at
        most caps[i] tokens before its end token."""
        ...

    def free_memory(self) -> int | None:
        """Bytes free on the GPU the engine runs on (it sizes the batches); None on a CPU."""
        ...


class EngineKind(Protocol):
    """What the registry asks of an engine class."""

    @classmethod
    def prepare(cls, source: ModelSource, choice: EngineChoice, cache_dir: Path) -> None:
        """Work done once before any worker loads the engine (CTranslate2: its conversion)."""
        ...

    @classmethod
    def load(cls, source: ModelSource, tokenizer: Any, device: str, choice: EngineChoice,
             cache_dir: Path) -> Engine:
        ...


@dataclass(frozen=True, slots=True)
class Registered:
    module: str  # imported on first use, so a run imports only its own engine's libraries
    cls: str
    prepares: bool  # has work to do before workers load it (else `prepare` imports nothing)


REGISTRY = {
    "torch": Registered("translate.model.engines.torch_engine", "TorchEngine", False),
    "ctranslate2": Registered("translate.model.engines.ct2_engine", "CTranslate2Engine", True),
}


def engine_kind(name: str) -> EngineKind:
    """The engine class registered as `name`."""
    registered = REGISTRY[name]
    kind: EngineKind = getattr(importlib.import_module(registered.module), registered.cls)
    return kind


def prepare(source: ModelSource, choice: EngineChoice, cache_dir: Path) -> None:
    """Do what `choice`'s engine needs done once, before workers load it."""
    if REGISTRY[choice.name].prepares:
        engine_kind(choice.name).prepare(source, choice, cache_dir)


def load(source: ModelSource, tokenizer: Any, device: str, choice: EngineChoice,
         cache_dir: Path) -> Engine:
    """`source` on `device` behind `choice`'s engine."""
    return engine_kind(choice.name).load(source, tokenizer, device, choice, cache_dir)


def pick(engine: str, quantize: str, device: str, model_type: str | None = None
         ) -> tuple[str, EngineChoice]:
    """The device and the engine for a request (`device` may be "auto"). The engine that will
    run is asked which devices it sees, so a CTranslate2 run never imports torch. torch is
    asked where it may run instead: the torch engine, an MPS request, "auto" on macOS (Apple's
    GPU, which CTranslate2 cannot use), and cuda when CTranslate2 cannot run there (a build
    without CUDA, or CUDA libraries it cannot load). So where only torch can use a GPU,
    "auto" runs torch on it, and says once why CTranslate2 does not."""
    if engine == "auto":
        ct2_first = (model_type == "marian" and ct2_problem("cpu") is None
                     and device != "mps" and not (device == "auto" and sys.platform == "darwin"))
        resolved = pick_device(device, "ctranslate2" if ct2_first else "torch")
        if ct2_first and resolved == "cuda" and (problem := ct2_problem("cuda")):
            resolved = pick_device(device, "torch")  # CTranslate2 cannot: can torch?
            if resolved == "cuda":
                log.info("CTranslate2 cannot run on this GPU (%s); translating with torch "
                         "there", problem)
    else:
        resolved = pick_device(device, engine)
    return resolved, choose(engine, quantize, resolved, model_type)


def choose(engine: str, quantize: str, device: str, model_type: str | None = None
           ) -> EngineChoice:
    """The engine and compute type for a request on a resolved `device`: `auto` resolved,
    impossible pairs refused.

    Unquantised, torch runs fp32 on CUDA too: its first half-precision call in a process
    spent 5-9 s warming up on an H200 (fp32's first call: 0.7-0.9 s), and in steady state
    the two were equally fast there (about 0.6 s for the sample's 26 sentences, beam 4).
    `--quantize float16` asks for half precision, for long jobs. CTranslate2 runs fp16 on
    CUDA."""
    if engine == "auto":
        usable = model_type == "marian" and ct2_problem(device) is None
        engine = "ctranslate2" if usable else "torch"
    elif engine == "ctranslate2" and (problem := ct2_problem(device)):
        page = "docs/gpu.md" if device == "cuda" else "docs/speed.md"
        raise UsageError(f"--engine ctranslate2: {problem} (see {page})")
    if quantize == "float16":
        if device != "cuda":
            raise UsageError("--quantize float16 is for a CUDA GPU; use --device cuda, or "
                             "--quantize int8 on a CPU")
        return EngineChoice(engine, "float16")
    int8 = quantize == "int8" or (quantize == "auto" and engine == "ctranslate2"
                                  and device == "cpu")
    if engine == "torch":
        if int8 and device != "cpu":
            raise UsageError("--quantize int8 with the torch engine works on the CPU only; use "
                             "--device cpu, or --engine ctranslate2 for int8 on a GPU")
        return EngineChoice("torch", "int8" if int8 else "float32")
    if not int8:
        return EngineChoice("ctranslate2", "float16" if device == "cuda" else "float32")
    return EngineChoice("ctranslate2", "int8_float16" if device == "cuda" else "int8")


def ct2_problem(device: str) -> str | None:
    """Why CTranslate2 cannot run on `device` here, or None if it can."""
    try:
        ctranslate2 = import_ctranslate2()
    except ImportError:
        return f"CTranslate2 is not installed; {CT2_INSTALL}, or use --engine torch"
    if device == "mps":
        return "CTranslate2 has no Apple MPS backend; use --device cpu or --engine torch"
    if device == "cuda":
        if ctranslate2.get_cuda_device_count() == 0:
            return ("this CTranslate2 build sees no CUDA GPU; use --device cpu or "
                    "--engine torch")
        return cuda_libraries_problem()
    return None


def model_type(folder: Path) -> str | None:
    """The `model_type` of a model folder's config.json ("marian" for opus-mt)."""
    try:
        return json.loads((folder / "config.json").read_text(encoding="utf-8")).get("model_type")
    except (OSError, ValueError, AttributeError):
        return None
