"""Is the article German? A cheap check with py3langid (its model ships in the package)
before any translation model runs: a clearly foreign article is flagged, or refused with
--strict."""

from __future__ import annotations

import dataclasses
import itertools
import logging
from functools import cache
from typing import Any

from translate.document import Document
from translate.errors import InputError

log = logging.getLogger(__name__)

MIN_CHARS = 80  # below this, identification is guesswork ("Titel" comes out Croatian)
CONFIDENCE = 0.8  # how sure another language must be before we speak up
_NAMES = {"en": "English", "fr": "French", "it": "Italian", "es": "Spanish", "nl": "Dutch",
          "pl": "Polish", "pt": "Portuguese", "ru": "Russian", "tr": "Turkish", "da": "Danish",
          "sv": "Swedish", "cs": "Czech", "uk": "Ukrainian", "de": "German"}


@cache
def _identifier() -> Any:
    from translate.text.langid_model import load_identifier  # unpacked once per machine

    return load_identifier()


def detect(document: Document) -> tuple[str | None, float]:
    """The language of the title and first sentences, and the probability; None if too short."""
    first = itertools.islice(document.sentences(), 30)
    text = " ".join([document.title.de, *(s.de for s in first)])[:3000]
    if len(text) < MIN_CHARS:
        return None, 0.0
    return ranked(text)[0]


def ranked(text: str) -> list[tuple[str, float]]:
    """Every language py3langid knows, with its probability for `text` (however short), most
    likely first."""
    return [(code, float(probability)) for code, probability in _identifier().rank(text)]


def name_of(code: str) -> str:
    """The English name of a language code py3langid gives ("fr" → "French"), else the code."""
    return _NAMES.get(code, code)


def check_german(document: Document, strict: bool) -> Document:
    """Record the detected language; warn (or, when `strict`, refuse) if it is clearly not
    German."""
    code, probability = detect(document)
    document.source = dataclasses.replace(document.source, language=code)
    if code is None or code == "de" or probability < CONFIDENCE:
        return document
    message = (f"{document.source.path}: this looks like {name_of(code)} "
               f"({probability:.0%} sure), not German")
    if strict:
        raise InputError(message + "; --strict refuses it")
    document.warnings.append(message)
    return document


def tell_warnings(document: Document) -> None:
    """Log what check_german found. Apart from the check, so that a run says it only once the
    article's key is made: a model or device error ends the run before any warning."""
    for message in document.warnings:
        log.warning("%s; translating anyway", message)
