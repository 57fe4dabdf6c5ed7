"""What a model summariser asks of the store that keeps its summaries (translate.run.store's
`summaries`, or the Ray runner's actor in front of it)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, Protocol


class SummaryCache(Protocol):
    def lookup(self, signature: dict[str, Any], prompt: str, text: str) -> str | None:
        """The stored summary of `text` by this model and prompt ("" means: none fits)."""
        ...

    def store(self, signature: dict[str, Any], rows: Iterable[tuple[str, str, str]]) -> None:
        """Add (prompt, text, summary) rows."""
        ...
