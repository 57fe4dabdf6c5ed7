"""The settings of one run, validated once by the CLI and passed to the pipeline as is."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from translate.cache_home import default_cache_dir

if TYPE_CHECKING:
    from translate.glossary import Glossary

DEFAULT_MODEL = "Helsinki-NLP/opus-mt-de-en"
DEFAULT_DELAY = 1.0  # seconds between two requests to one web site
FORMATS = ("md", "html", "json")
INPUT_FORMATS = ("text", "markdown", "html")
SUMMARIZERS = ("extractive", "none")


@dataclass(frozen=True, slots=True)
class Decoding:
    beams: int = 4
    # at most this many sentences per batch, and this many input tokens (padding included);
    # None: sized for the device (translate.model.batch_limits)
    batch_size: int | None = None
    batch_tokens: int | None = None
    length_ratio: float = 2.0  # at most this many output tokens per input token ...
    length_margin: int = 10  # ... plus this many, so short inputs still have room


@dataclass(frozen=True, slots=True)
class Settings:
    inputs: tuple[str, ...]  # files, folders, http(s) URLs, or "-" for standard input
    output: Path | None = None  # a file, a folder, "-" for standard output; None: beside input
    formats: tuple[str, ...] = ("md",)
    model: str = DEFAULT_MODEL
    summarizer: str = "extractive"  # extractive, none, or a model id, folder or .gguf file
    prompt_dir: Path | None = None  # templates that replace the shipped ones (translate/prompts)
    summary_sentences: int = 2  # at most this many sentences per section summary
    device: str = "auto"
    engine: str = "auto"  # auto, torch or ctranslate2 (translate.model.engines)
    quantize: str = "auto"  # auto (int8 for CTranslate2 on the CPU), none or int8
    decoding: Decoding = Decoding()
    cache_dir: Path = field(default_factory=default_cache_dir)  # translate.cache_home
    offline: bool = False
    input_format: str | None = None  # None: from each file's suffix, sniffed for stdin
    strict: bool = False  # an input that is clearly not German fails instead of warning
    force: bool = False  # rewrite outputs that are already up to date
    memory: bool = True  # look up and store translations in the cache folder's memory
    max_size_mb: float = 10.0  # larger inputs are refused before they are decoded
    fetch_delay: float = DEFAULT_DELAY  # seconds between two requests to one web site
    glossary: Glossary | None = None  # terms enforced in every translation (translate.model.terms)
    names: str = "article"  # one rendering per name across an "article" or the "run" (feeds)
