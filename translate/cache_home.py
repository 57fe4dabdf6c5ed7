"""Where a run keeps what it downloads and what it learns, when nobody says otherwise.

- Model files go into the Hugging Face hub cache, as transformers and most tools do
  (`HF_HUB_CACHE`, else `HF_HOME/hub`, else `~/.cache/huggingface/hub`): one download serves
  every folder a command runs from and every tool, and a model another tool fetched is used.
- The project's own state (the translation memory, safetensors copies, CTranslate2
  conversions, the web cache) goes into one per-user folder: `$XDG_CACHE_HOME/translate`, else
  `~/.cache/translate` (the same convention as the hub cache, on every OS).
- `--cache-dir DIR` / `TRANSLATE_CACHE_DIR` put both into DIR (models under DIR/models--*).
"""

from __future__ import annotations

import os
from pathlib import Path

ENV = "TRANSLATE_CACHE_DIR"


def user_cache_dir() -> Path:
    """The per-user folder of the project's own state."""
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "translate"


def default_cache_dir() -> Path:
    """TRANSLATE_CACHE_DIR if set, else the per-user folder."""
    return Path(os.environ[ENV]) if os.environ.get(ENV) else user_cache_dir()


def model_cache_dir(cache_dir: Path) -> Path:
    """Where the model files of a run with `cache_dir` live: the Hugging Face hub cache when
    `cache_dir` is the per-user default, else `cache_dir` itself."""
    if cache_dir.expanduser().absolute() != user_cache_dir().absolute():
        return cache_dir
    from huggingface_hub import constants

    return Path(constants.HF_HUB_CACHE)
