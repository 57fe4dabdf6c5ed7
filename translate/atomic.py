"""Atomic writes: a reader, or a rival run sharing the cache, never sees half a file."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable
from pathlib import Path

PART = ".part"  # a write in progress: .NAME.RANDOM.part beside NAME


def write_atomic(path: Path, text: str | Iterable[str]) -> None:
    """Write `text` (or its pieces, one after another) through a temporary file in the same
    folder, so a reader never sees half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=PART, dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as stream:
            stream.writelines([text] if isinstance(text, str) else text)
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


def remove_partial(folder: Path) -> int:
    """Remove the temporary files of writes that were killed before they finished (a Ray
    worker stopped by Ctrl-C cannot clean up after itself); returns how many there were."""
    leftovers = [path for path in folder.rglob(f".*{PART}") if path.is_file()]
    for path in leftovers:
        path.unlink(missing_ok=True)
    return len(leftovers)
