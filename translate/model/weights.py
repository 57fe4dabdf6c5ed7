"""Pickle weights (`pytorch_model.bin`) made safe: read once with torch's weights-only
unpickler, kept as a safetensors copy in the cache, and read from there ever after.

Full unpickling can run any code a file carries; torch's weights-only unpickler accepts only
tensors and plain containers, which is all a state dict holds, so nothing ever needs more.
The copy is a folder holding the model's config and tokenizer files and one
`model.safetensors`, so transformers and the CTranslate2 converter read it like any safetensors
model, and later runs never unpickle again. It is built in a temporary folder and renamed into
place; several runs may build it at once, and the first rename wins.
"""

from __future__ import annotations

import logging
import re
import shutil
from pathlib import Path
from typing import Any

from translate.errors import ModelError, first_line
from translate.output.atomic import build_folder

log = logging.getLogger(__name__)

SAFETENSORS = "model.safetensors"
COPIES = "safetensors"  # the folder under cache_dir that holds the copies
# What config and tokenizer loaders read (Marian, BART, T5, chat models); never the other
# frameworks' weights (tf_model.h5, rust_model.ot, flax_model.msgpack) or the model card.
LOADER_FILES = frozenset({
    "config.json", "generation_config.json", "tokenizer_config.json", "tokenizer.json",
    "special_tokens_map.json", "added_tokens.json", "vocab.json", "vocab.txt", "merges.txt",
    "spiece.model", "sentencepiece.bpe.model", "tokenizer.model", "chat_template.jinja",
    "chat_template.json",
})
_SHARD = re.compile(r"^(?:pytorch_model|model)-\d+-of-\d+\.(?:bin|safetensors)$")


def is_loader_file(name: str) -> bool:
    """A config, tokenizer or vocabulary file (Marian's `source.spm` and `target.spm` too)."""
    return name in LOADER_FILES or name.endswith(".spm")


def is_shard(name: str) -> bool:
    """`pytorch_model-00001-of-00002.bin` and its safetensors twin: parts of one set of weights."""
    return bool(_SHARD.match(name))


def pickle_weights(folder: Path) -> list[Path]:
    """The pickle weights files of a model folder: one file, or the shards of one set."""
    single = folder / "pytorch_model.bin"
    if single.is_file():
        return [single]
    return sorted(p for p in folder.glob("pytorch_model-*.bin") if is_shard(p.name))


def safetensors_copy(name: str, folder: Path, key: str, cache_dir: Path) -> Path:
    """The safetensors copy of `folder` (whose weights are pickle), made on first use.

    `key` names the weights (a hub commit or a content hash): new weights, new copy."""
    copy = cache_dir / COPIES / f"{_slug(name)}-{_slug(key)[:40]}"
    if (copy / SAFETENSORS).is_file():
        return copy
    log.info("keeping a safetensors copy of %s's pickle weights (read weights-only, once)", name)
    copy.parent.mkdir(parents=True, exist_ok=True)
    try:
        # a rival run making the same copy at once may finish first: its copy is as good
        with build_folder(copy, done=SAFETENSORS) as temp:
            _write_copy(name, folder, temp)
    except OSError as exc:
        raise ModelError(f"{name}: cannot write the safetensors copy of its weights into "
                         f"{copy.parent}: {first_line(exc)}") from None
    return copy


def _write_copy(name: str, folder: Path, temp: Path) -> None:
    from safetensors.torch import save_file

    state: dict[str, Any] = {}
    for weights in pickle_weights(folder):
        state.update(_load_weights_only(name, weights))
    save_file(_untied(state), temp / SAFETENSORS, metadata={"format": "pt"})
    for path in folder.iterdir():
        if is_loader_file(path.name) and path.is_file():
            shutil.copyfile(path, temp / path.name)  # follows the hub cache's links to blobs
    for path in (temp, *temp.iterdir()):  # mkdtemp makes owner-only folders
        path.chmod(0o755 if path.is_dir() else 0o644)


def _load_weights_only(name: str, path: Path) -> dict[str, Any]:
    import pickle

    import torch

    try:
        state = torch.load(path, map_location="cpu", weights_only=True)
    except pickle.UnpicklingError as exc:
        raise ModelError(pickle_refusal(name, path.name, first_line(exc))) from None
    except (RuntimeError, OSError, EOFError, ValueError) as exc:
        raise ModelError(f"{name}: cannot read {path.name}: {first_line(exc)}") from None
    if not isinstance(state, dict) or not all(torch.is_tensor(v) for v in state.values()):
        raise ModelError(pickle_refusal(name, path.name, "it is not a dict of tensors"))
    return state


def pickle_refusal(name: str, file: str, why: str) -> str:
    return (f"{name}: {file} holds more than model weights, so it is not loaded ({why}); "
            "use a model with safetensors weights, or convert this one with a tool you trust")


def _untied(state: dict[str, Any]) -> dict[str, Any]:
    """One name per tensor: tied weights (Marian's shared embeddings and output layer) share
    storage, which the safetensors writer refuses. The name kept is the one transformers
    saves (`model.shared.weight`), though it re-ties from any of them."""
    groups: dict[tuple[int, ...], list[str]] = {}
    for key, tensor in state.items():
        storage = tensor.untyped_storage().data_ptr() if tensor.numel() else id(tensor)
        groups.setdefault((storage, tensor.storage_offset(), *tensor.shape), []).append(key)
    untied, storages = {}, set()
    for names in groups.values():
        key = min(names, key=lambda n: ("shared" not in n, n))
        tensor = state[key].contiguous()
        storage = tensor.untyped_storage().data_ptr() if tensor.numel() else id(tensor)
        untied[key] = tensor.clone() if storage in storages else tensor  # overlapping views
        storages.add(storage)
    return untied


def _slug(text: str) -> str:
    return "".join(c if c.isalnum() or c in "-._" else "-" for c in text).strip("-.") or "model"
