"""What the translator needs from a model's config.json, read as JSON: importing transformers
for AutoConfig costs more than a second, and the CTranslate2 path needs nothing else from it.

A config.json that leaves out a value the translator needs is read by AutoConfig after all,
which fills in its model class's default (MarianConfig's max_position_embeddings is 1024).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, slots=True)
class ModelConfig:
    model_type: str | None  # "marian" for opus-mt
    is_encoder_decoder: bool
    max_position_embeddings: int | None  # the longest input (and output) in tokens
    # the sizes that decide memory per batch (model.batch_limits); opus-mt-de-en's if unsaid
    d_model: int = 512
    decoder_layers: int = 6
    vocab_size: int = 58101


def read_config(folder: Path) -> ModelConfig:
    """The config of a model folder; OSError or ValueError when config.json is unreadable."""
    data = json.loads((folder / "config.json").read_text(encoding="utf-8"))
    if not isinstance(data, dict):
        raise ValueError("config.json does not hold an object")
    if "is_encoder_decoder" not in data or "max_position_embeddings" not in data:
        from transformers import AutoConfig

        full = AutoConfig.from_pretrained(folder)
        data = {"model_type": full.model_type, "is_encoder_decoder": full.is_encoder_decoder,
                "max_position_embeddings": getattr(full, "max_position_embeddings", None)}
    sizes = {name: data[name] for name in ("d_model", "decoder_layers", "vocab_size")
             if isinstance(data.get(name), int)}
    return ModelConfig(data.get("model_type"), bool(data["is_encoder_decoder"]),
                       data["max_position_embeddings"], **sizes)

