"""Numbers in messages, each with its noun in the form the number asks for."""

from __future__ import annotations


def counted(count: int, singular: str, plural: str | None = None) -> str:
    """`1 article`, `3 articles`; `plural` where an added s is wrong (`1 sentence or heading`,
    `2 sentences and headings`), and a verb that agrees may ride along (`1 item is`)."""
    return f"{count} {singular if count == 1 else plural or singular + 's'}"
