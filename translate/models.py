"""Find a model (a local folder, or a hub id fetched into the cache), pick the device, load it.

Every failure a user can cause ends in a ModelError whose message says what to do. Hub
downloads are limited to the files the loaders read (configs, tokenizer files, safetensors
weights), so a first run fetches about 300 MB for opus-mt-de-en instead of every framework's
copy of the weights.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from translate.errors import ModelError, UsageError, first_line

DEFAULT_MODEL = "Helsinki-NLP/opus-mt-de-en"
DEVICES = ("auto", "cpu", "cuda", "mps")
_HUB_ID = re.compile(r"^[\w.-]+/[\w.-]+$|^[\w.-]+$")
_MODEL_FILES = ["*.json", "*.spm", "*.model", "*.txt", "*.safetensors"]
_PICKLE_FILES = ["pytorch_model*.bin"]


@dataclass(frozen=True, slots=True)
class ModelSource:
    name: str  # what the user asked for: a hub id or a folder
    path: Path  # the local folder holding the files
    revision: str  # hub commit, or a hash of a local folder's weights
    allow_pickle: bool = False  # load pickle weights when there are no safetensors


def resolve(name: str, cache_dir: Path, offline: bool, allow_pickle: bool = False) -> ModelSource:
    """A local folder as it is; a hub id from the cache, downloading it unless `offline`.

    Weights must be safetensors: pickle weights (`pytorch_model.bin`) can run code when
    loaded, so a model that has only those is refused unless `allow_pickle`."""
    folder = Path(name).expanduser()
    if folder.is_dir():
        if not (folder / "config.json").is_file():
            raise ModelError(f"{name}: not a model folder (it has no config.json)")
        _check_weights(name, folder, allow_pickle)
        return ModelSource(name, folder, _weights_hash(folder), allow_pickle)
    if name.startswith((".", "/", "~")) or not _HUB_ID.match(name):
        raise ModelError(f"{name}: no such model folder, and not a Hugging Face model id")
    path = _fetch(name, cache_dir, offline, _MODEL_FILES)
    if not any(path.glob("*.safetensors")):
        if not allow_pickle:
            raise ModelError(_pickle_refusal(name))
        path = _fetch(name, cache_dir, offline, _PICKLE_FILES)
    return ModelSource(name, path, path.name, allow_pickle)


def _check_weights(name: str, folder: Path, allow_pickle: bool) -> None:
    if any(folder.glob("*.safetensors")) or not any(folder.glob("*.bin")):
        return  # safetensors, or no weights at all (loading says what is missing)
    if not allow_pickle:
        raise ModelError(_pickle_refusal(name))


def _pickle_refusal(name: str) -> str:
    return (f"{name}: has only pickle weights (pytorch_model.bin), which can run code when "
            "loaded; convert them to safetensors, or pass --allow-pickle if you trust the source")


def _fetch(repo_id: str, cache_dir: Path, offline: bool, patterns: list[str]) -> Path:
    from huggingface_hub import constants, errors, snapshot_download

    offline = offline or constants.HF_HUB_OFFLINE
    try:
        return Path(
            snapshot_download(
                repo_id, cache_dir=cache_dir, local_files_only=offline, allow_patterns=patterns
            )
        )
    except errors.GatedRepoError:
        raise ModelError(
            f"{repo_id}: this model is gated; accept its terms on the hub and log in "
            "(`hf auth login`), or pass --model DIR with a downloaded copy"
        ) from None
    except errors.RepositoryNotFoundError:
        raise ModelError(f"{repo_id}: no such model on the Hugging Face hub") from None
    except errors.LocalEntryNotFoundError:
        if offline:
            raise ModelError(
                f"{repo_id}: not in the model cache ({cache_dir.resolve()}) and offline mode "
                "(--offline or HF_HUB_OFFLINE=1) forbids downloading; run once online, or pass "
                "--model DIR"
            ) from None
        raise ModelError(
            f"{repo_id}: cannot be downloaded (no connection to the Hugging Face hub?) and is "
            f"not in the model cache ({cache_dir.resolve()}); connect and retry, or pass "
            "--model DIR"
        ) from None
    except (errors.HfHubHTTPError, OSError) as exc:
        raise ModelError(f"{repo_id}: download failed: {first_line(exc)}") from None


def _weights_hash(folder: Path) -> str:
    """A short content hash of a folder's weights, so edited weights never reuse old output."""
    digest = hashlib.sha256()
    for weights in sorted(folder.glob("*.safetensors")) or sorted(folder.glob("*.bin")):
        with weights.open("rb") as stream:
            digest.update(hashlib.file_digest(stream, "sha256").digest())
    return "sha256:" + digest.hexdigest()[:16]


def pick_device(requested: str) -> str:
    import torch

    if requested not in DEVICES:
        raise UsageError(f"--device must be one of {', '.join(DEVICES)}, not {requested!r}")
    has_mps = torch.backends.mps.is_available()
    if requested == "auto":
        return "cuda" if torch.cuda.is_available() else "mps" if has_mps else "cpu"
    if requested == "cuda" and not torch.cuda.is_available():
        raise UsageError("--device cuda: torch sees no CUDA GPU on this machine; use --device cpu")
    if requested == "mps" and not has_mps:
        raise UsageError("--device mps: Apple's MPS backend is not available; use --device cpu")
    return requested


def load_tokenizer(source: ModelSource) -> tuple[Any, Any]:
    """The config and tokenizer of an encoder-decoder model (engines other than torch need
    no more from transformers)."""
    from transformers import AutoConfig, AutoTokenizer

    try:
        config = AutoConfig.from_pretrained(source.path)
        if not config.is_encoder_decoder:
            raise ModelError(
                f"{source.name}: a {config.model_type} model is not a translation model "
                "(expected an encoder-decoder such as MarianMT)"
            )
        return config, AutoTokenizer.from_pretrained(source.path)
    except (OSError, ValueError, KeyError) as exc:
        raise ModelError(f"{source.name}: cannot load the model: {first_line(exc)}") from None


def load_seq2seq(source: ModelSource, device: str) -> tuple[Any, Any]:
    """Tokenizer and encoder-decoder model, in fp16 on CUDA and fp32 elsewhere, in eval mode."""
    config, tokenizer = load_tokenizer(source)
    return tokenizer, load_seq2seq_model(source, device, config)


def load_seq2seq_model(source: ModelSource, device: str, config: Any) -> Any:
    """The weights of the model whose `config` load_tokenizer read, on `device`, in eval mode."""
    import torch
    from transformers import AutoModelForSeq2SeqLM
    from transformers.utils import logging as transformers_logging

    transformers_logging.disable_progress_bar()  # the per-tensor "Loading weights" bar
    try:
        dtype = torch.float16 if device == "cuda" else torch.float32
        # never trust_remote_code: a config's auto_map cannot pull in code from the folder
        model = AutoModelForSeq2SeqLM.from_pretrained(
            source.path, config=config, dtype=dtype,
            use_safetensors=None if source.allow_pickle else True)
    except (OSError, ValueError, KeyError) as exc:
        raise ModelError(f"{source.name}: cannot load the model: {first_line(exc)}") from None
    finally:
        transformers_logging.enable_progress_bar()
    return model.to(device).eval()
