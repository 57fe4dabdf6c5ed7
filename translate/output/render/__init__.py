"""Renderers turn a finished Document into text (translate.output.atomic puts it on disk safely)."""

from __future__ import annotations

from collections.abc import Callable

from translate.document import Document
from translate.output.render import html as html_render
from translate.output.render import json as json_render
from translate.output.render import markdown

RENDERERS: dict[str, Callable[[Document], str]] = {
    "md": markdown.render,
    "html": html_render.render,
    "json": json_render.render,
}
