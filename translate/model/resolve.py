"""Find a model (a local folder, or a hub id fetched into the cache), pick the device, load it.

Every failure a user can cause ends in a ModelError whose message says what to do. Hub
downloads (translate.model.hub) are limited to the files the loaders read (configs, tokenizer files,
one set of weights), so a first run fetches about 300 MB for opus-mt-de-en instead of every
framework's copy of the weights. Weights are only ever read as safetensors: pickle weights are
read once, weights-only, into a safetensors copy in the cache (translate.model.weights).
"""

from __future__ import annotations

import hashlib
import logging
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from translate.errors import ModelError, first_line
from translate.model.config import ModelConfig, read_config
from translate.model.quiet import quiet_progress

log = logging.getLogger(__name__)

_HUB_ID = re.compile(r"^[\w.-]+/[\w.-]+$|^[\w.-]+$")


def is_hub_id(name: str) -> bool:
    """Whether `name` can be a Hugging Face model id: `owner/name`, or a bare `name` (gpt2)."""
    return not name.startswith((".", "/", "~", "-")) and bool(_HUB_ID.match(name))


@dataclass(frozen=True, slots=True)
class ModelSource:
    name: str  # what the user asked for: a hub id or a folder
    path: Path  # the local folder holding the files
    revision: str  # the hub commit the files come from, or a hash of a local folder's weights


def resolve(name: str, cache_dir: Path, offline: bool) -> ModelSource:
    """A local folder as it is; a hub id from the cache, downloading it unless `offline`.

    Pickle weights (`pytorch_model.bin`) can run code when fully unpickled: a model that has
    only those is read once with torch's weights-only unpickler into a safetensors copy in
    `cache_dir`, and `path` is that copy."""
    folder = Path(name).expanduser()
    if folder.is_dir():
        if not (folder / "config.json").is_file():
            raise ModelError(f"{name}: not a model folder (it has no config.json)")
        revision = _weights_hash(folder, cache_dir)
        return ModelSource(name, _check_weights(name, folder, revision, cache_dir), revision)
    if not is_hub_id(name):
        raise ModelError(f"{name}: no such model folder, and not a Hugging Face model id")
    from translate.model.hub import fetch

    fetched = fetch(name, cache_dir, offline)
    return ModelSource(name, fetched.path, fetched.revision)


def _check_weights(name: str, folder: Path, revision: str, cache_dir: Path) -> Path:
    """The folder to load: `folder` itself when it has safetensors weights (or none, which
    loading reports), else the safetensors copy of its pickle weights."""
    from translate.model.weights import pickle_weights, safetensors_copy

    if any(folder.glob("*.safetensors")) or not pickle_weights(folder):
        return folder
    return safetensors_copy(name, folder, revision, cache_dir)


def _weights_hash(folder: Path, cache_dir: Path) -> str:
    """A short content hash of a folder's weights, so edited weights never reuse old output.
    Each file's digest is remembered by its stat (model.digests): read once, not per run."""
    from translate.model.digests import sha256_digests

    weights = sorted(folder.glob("*.safetensors")) or sorted(folder.glob("*.bin"))
    digest = hashlib.sha256()
    for file_digest in sha256_digests(weights, cache_dir):
        digest.update(bytes.fromhex(file_digest))
    return "sha256:" + digest.hexdigest()[:16]


def load_tokenizer(source: ModelSource) -> tuple[ModelConfig, Any]:
    """The config and tokenizer of an encoder-decoder model. An opus-mt folder needs no
    transformers (translate.model.tokenizer); other models get transformers' AutoTokenizer."""
    from translate.model.tokenizer import MarianTokenizer, Unsupported

    try:
        config = read_config(source.path)
        if not config.is_encoder_decoder:
            raise ModelError(
                f"{source.name}: a {config.model_type} model is not a translation model "
                "(expected an encoder-decoder such as MarianMT)"
            )
        if config.model_type == "marian":
            try:
                return config, MarianTokenizer.from_folder(source.path)
            except Unsupported as exc:
                log.debug("%s: transformers' tokenizer, as %s", source.name, exc)
        from transformers import AutoTokenizer

        return config, AutoTokenizer.from_pretrained(source.path)
    except (OSError, ValueError, KeyError) as exc:
        raise ModelError(f"{source.name}: cannot load the model: {first_line(exc)}") from None


def load_seq2seq_model(source: ModelSource, device: str, dtype: str = "float32") -> Any:
    """The weights of an encoder-decoder model on `device` in `dtype`, in eval mode. On a GPU
    they are read straight onto it, in that precision: no fp32 copy in host memory first."""
    import torch
    from transformers import AutoModelForSeq2SeqLM

    try:
        # never trust_remote_code: a config's auto_map cannot pull in code from the folder
        with quiet_progress():  # the per-tensor "Loading weights" bar
            model = AutoModelForSeq2SeqLM.from_pretrained(
                source.path, dtype=getattr(torch, dtype), use_safetensors=True,
                device_map=None if device == "cpu" else device)
    except (OSError, ValueError, KeyError) as exc:
        raise ModelError(f"{source.name}: cannot load the model: {first_line(exc)}") from None
    return model.to(device).eval()
