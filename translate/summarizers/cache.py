"""What a model summariser asks of the store that keeps its summaries (translate.run.store)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, Protocol


class SummaryCache(Protocol):
    def lookup_summary(self, signature: dict[str, Any], prompt: str, text: str) -> str | None:
        """The stored summary of `text` by this model and prompt ("" means: none fits)."""

    def store_summary(self, signature: dict[str, Any],
                      rows: Iterable[tuple[str, str, str]]) -> None:
        """Add (prompt, text, summary) rows."""
