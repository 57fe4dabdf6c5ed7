"""Which device a run uses, asked of the engine that will run on it."""

from __future__ import annotations

import importlib
from typing import Any

from translate.errors import UsageError


def pick_device(requested: str, engine: str = "torch") -> str:
    """The device `requested` resolved for `engine` ("torch" or "ctranslate2"), asking the
    engine that will run what it sees: a CTranslate2 run never imports torch (a second).
    For CTranslate2, an impossible device (cuda without a GPU, mps) is passed on for
    engines.choose to refuse with its own advice."""
    if requested == "cpu":
        return requested
    if engine == "ctranslate2":
        try:
            ctranslate2 = import_ctranslate2()
        except ImportError:  # engines.choose says how to install it
            return "cpu" if requested == "auto" else requested
        if requested != "auto":
            return requested
        return "cuda" if ctranslate2.get_cuda_device_count() > 0 else "cpu"
    import torch

    has_mps = torch.backends.mps.is_available()
    if requested == "auto":
        return "cuda" if torch.cuda.is_available() else "mps" if has_mps else "cpu"
    if requested == "cuda" and not torch.cuda.is_available():
        raise UsageError("--device cuda: torch sees no CUDA GPU on this machine; use --device cpu")
    if requested == "mps" and not has_mps:
        raise UsageError("--device mps: Apple's MPS backend is not available; use --device cpu")
    return requested


def import_ctranslate2() -> Any:
    """The ctranslate2 module. Its OpenMP threads sleep rather than spin while they wait, as
    every model library's here (translate.model.threads): spinning, on 2 busy cores, made
    loading the full-size model take 0.9 s instead of 0.1 s, and translating was no faster
    (1.45 s against 1.41 s for the same batch, beam 4)."""
    return importlib.import_module("ctranslate2")
