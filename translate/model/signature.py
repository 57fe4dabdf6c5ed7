"""What decides a translation: the key of the translation memory and of every output."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from typing import Any

from translate.document import translator_words
from translate.model.engines import EngineChoice
from translate.model.resolve import ModelSource
from translate.settings import Decoding


@dataclass(frozen=True, slots=True)
class Signature:
    """Everything that decides a translation, and nothing else: it labels outputs and keys the
    memory. The engine, its compute type (int8 translates differently) and the versions of
    the libraries that decode are part of it; batch sizes are not, since they change how fast
    sentences are translated, not what they become (tests/test_signature.py shows it).
    `glossary` is set only on a memory key: the glossary entries a text matched."""

    model: str
    revision: str
    beams: int
    length_ratio: float
    length_margin: int
    engine: EngineChoice
    libraries: str
    glossary: str = ""

    def to_dict(self) -> dict[str, Any]:
        """The signature as outputs record it (and as its key hashes it)."""
        data = {"model": self.model, "revision": self.revision, "beams": self.beams,
                "length_ratio": self.length_ratio, "length_margin": self.length_margin,
                "engine": self.engine.name, "compute": self.engine.compute,
                "libraries": self.libraries}
        return {**data, "glossary": self.glossary} if self.glossary else data

    def key(self) -> str:
        """The memory's key: the same string for the same dict, as memories written before
        this class keep theirs."""
        return digest(self.to_dict())

    def short(self) -> list[str]:
        """A reader's words for it: the model, its short revision, the beam width."""
        return translator_words(self.to_dict())


def digest(data: dict[str, Any]) -> str:
    """A short, stable hash of a JSON-able dict (its keys sorted)."""
    return hashlib.sha256(json.dumps(data, sort_keys=True).encode()).hexdigest()[:16]


def translation_signature(source: ModelSource, decoding: Decoding,
                          engine: EngineChoice) -> Signature:
    """The signature of translating with `source`, `decoding` and `engine`."""
    return Signature(source.name, source.revision, decoding.beams, decoding.length_ratio,
                     decoding.length_margin, engine, _decoding_libraries(engine.name))


def _decoding_libraries(engine: str) -> str:
    """"ctranslate2 4.5.0" or "torch 2.13.0, transformers 5.2.0", read from the installed
    packages' metadata (which imports neither)."""
    from importlib.metadata import version

    names = ("ctranslate2",) if engine == "ctranslate2" else ("torch", "transformers")
    return ", ".join(f"{name} {version(name)}" for name in names)
