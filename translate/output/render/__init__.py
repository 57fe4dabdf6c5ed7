"""Writers turn a finished Document into the text or bytes of one output format
(translate.output.atomic puts it on disk safely). Which formats there are is in
translate.output_formats; each format's writer module is imported only when it is used."""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Protocol, cast

from translate.output_formats import WRITABLE

if TYPE_CHECKING:
    from translate.document import Document
    from translate.output.render.common import English


class Writer(Protocol):
    """What a writer module has."""

    def render(self, document: Document) -> str | bytes:
        """The output: text for a text format, bytes for a binary one (OutputFormatSpec.binary);
        it records `document.run.key`, the up-to-date key, where recorded_key finds it."""

    def recorded_key(self, data: str | bytes) -> str | None:
        """The key an output of this format records (None: none, or not one of ours); `data`
        as render gives it."""

    def read_english(self, data: str | bytes) -> English:
        """The English title, article summary and flagged units the output shows (any error
        where it is not one of ours)."""


def writer(fmt: str) -> Writer:
    """The writer of the output format `fmt` (a key of WRITABLE)."""
    return cast("Writer", importlib.import_module(f"{__name__}.{WRITABLE[fmt].module}"))


def render(document: Document, fmt: str) -> str | bytes:
    return writer(fmt).render(document)
