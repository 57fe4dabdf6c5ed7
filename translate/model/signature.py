"""What decides a translation: the key of the translation memory and of every output."""

from __future__ import annotations

from typing import Any

from translate.model.engines import EngineChoice
from translate.model.resolve import ModelSource
from translate.settings import Decoding


def translation_signature(source: ModelSource, decoding: Decoding,
                          engine: EngineChoice) -> dict[str, Any]:
    """Everything that decides a translation, and nothing else: it labels outputs and keys the
    memory. The engine, its compute type (int8 translates differently) and the versions of
    the libraries that decode are part of it; batch sizes are not, since they change how fast
    sentences are translated, not what they become (tests/test_signature.py shows it)."""
    return {"model": source.name, "revision": source.revision, "beams": decoding.beams,
            "length_ratio": decoding.length_ratio, "length_margin": decoding.length_margin,
            "engine": engine.name, "compute": engine.compute,
            "libraries": _decoding_libraries(engine.name)}


def _decoding_libraries(engine: str) -> str:
    """"ctranslate2 4.5.0" or "torch 2.13.0, transformers 5.2.0", read from the installed
    packages' metadata (which imports neither)."""
    from importlib.metadata import version

    names = ("ctranslate2",) if engine == "ctranslate2" else ("torch", "transformers")
    return ", ".join(f"{name} {version(name)}" for name in names)
