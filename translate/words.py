"""Numbers in messages, each with its noun in the form the number asks for."""

from __future__ import annotations


def counted(count: int, singular: str, plural: str | None = None) -> str:
    """`1 article`, `3 articles`; `plural` where an added s is wrong (`1 sentence or heading`,
    `2 sentences and headings`), and a verb that agrees may ride along (`1 item is`)."""
    return f"{count} {singular if count == 1 else plural or singular + 's'}"


def size(count: int) -> str:
    """A number of bytes as people read it: `512 bytes`, `45.1 KB`, `1.2 MB`, `3.4 GB`."""
    if count < 1000:
        return counted(count, "byte")
    amount, units = count / 1000, ["KB", "MB", "GB"]
    while round(amount, 1) >= 1000 and len(units) > 1:
        amount, units = amount / 1000, units[1:]
    return f"{amount:,.1f} {units[0]}"
