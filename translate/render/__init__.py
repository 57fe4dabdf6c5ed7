"""Renderers turn a finished Document into text; `write_atomic` puts it on disk safely."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path

from translate.document import Document
from translate.render import html as html_render
from translate.render import json as json_render
from translate.render import markdown

RENDERERS: dict[str, Callable[[Document], str]] = {
    "md": markdown.render,
    "html": html_render.render,
    "json": json_render.render,
}


def write_atomic(path: Path, text: str) -> None:
    """Write through a temporary file in the same folder, so a reader never sees half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as stream:
            stream.write(text)
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
