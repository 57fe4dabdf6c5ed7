"""What translating asks of the store that keeps translations (translate.run.store's
`translations`, or the Ray runner's actor in front of it)."""

from __future__ import annotations

from typing import Protocol

from translate.document import Translation
from translate.model.signature import Signature


class TranslationCache(Protocol):
    def lookup(self, signature: Signature, texts: list[str]) -> dict[str, Translation]:
        """The stored translations of those `texts` it has, under this signature."""
        ...

    def store(self, signature: Signature, pairs: list[tuple[str, Translation]]) -> None:
        """Add (German, translation) pairs, all or none."""
        ...
