"""Where a summarisation model is: a .gguf file as it is; a folder or a hub id by the same
rules as the translation model (`translate.model.resolve.resolve`)."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from translate.errors import ModelError, ModelUnreachable, first_line
from translate.model.resolve import ModelSource, resolve


class NotCached(Exception):
    """The hub model is not in the cache and cannot be downloaded now (offline, or no
    connection to the hub): translate.errors.ModelUnreachable, for the caller to fall back."""


@dataclass(frozen=True, slots=True)
class Located:
    """A summarisation model on disk: a folder, or a GGUF file inside `source.path`."""

    source: ModelSource
    gguf_file: str | None = None

    def files(self) -> dict[str, Any]:
        """from_pretrained's arguments beyond the folder."""
        return {"gguf_file": self.gguf_file} if self.gguf_file else {}

    def config(self) -> Any:
        from transformers import AutoConfig

        try:
            return AutoConfig.from_pretrained(self.source.path, **self.files())
        except (OSError, ValueError, KeyError, ImportError) as exc:
            raise ModelError(f"{self.source.name}: cannot read the model's config: "
                             f"{first_line(exc)}") from None


def locate(name: str, cache_dir: Path, offline: bool) -> Located:
    """A .gguf file as it is; a folder or hub id through `translate.model.resolve.resolve`. A
    hub model missing from the cache that cannot be downloaded now (offline, no connection)
    raises NotCached (the caller falls back); one that does not exist is a ModelError."""
    path = Path(name).expanduser()
    if path.suffix == ".gguf":
        if not path.is_file():
            raise ModelError(f"{name}: no such GGUF file")
        with path.open("rb") as stream:
            digest = hashlib.file_digest(stream, "sha256").hexdigest()[:16]
        return Located(ModelSource(name, path.parent, "sha256:" + digest), path.name)
    try:
        return Located(resolve(name, cache_dir, offline))
    except ModelUnreachable as exc:
        raise NotCached(str(exc)) from None
