"""What changed in an article since it was last written: each German unit's digest is kept
per article (the store's `versions`), and a unit whose digest is new is marked changed.

An article is known by its address, or by its file's resolved path: the memory is the user's,
so `article.txt` typed in two folders is two articles, and one file typed as a relative and as
an absolute path is one."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime
from pathlib import Path
from typing import Protocol

from translate.articles import STDIN
from translate.document import Document
from translate.sources.urls import is_web


class Versions(Protocol):
    """What the write stage asks of the memory: the German units an article had when it was
    last written (translate.run.store's `versions`)."""

    def lookup(self, name: str) -> set[str] | None: ...

    def store(self, name: str, digests: list[str]) -> None: ...


def mark_changes(document: Document, name: str, versions: Versions) -> None:
    """Mark the units of `document` (the article `name`, as listed) that are new since its
    previous version, and when it was updated and how many changed (none the first time);
    then keep this version. Standard input names no article: nothing is marked or kept."""
    if name == STDIN:
        return
    name = name if is_web(name) else str(Path(name).resolve())
    units = list(document.units())
    digests = [hashlib.sha256(unit.de.encode()).hexdigest() for unit in units]
    previous = versions.lookup(name)
    if previous is not None and previous != set(digests):
        for unit, digest in zip(units, digests, strict=True):
            unit.changed = digest not in previous
        assert document.run is not None
        document.run.updated = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        document.run.changed = sum(unit.changed for unit in units)
    versions.store(name, digests)
