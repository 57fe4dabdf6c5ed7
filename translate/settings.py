"""The settings of one run, and the values its options may take.

Every option with a fixed set of values is an enum here; `choice` turns a string into one or
says which values there are, and Settings applies it to its fields as it is made, so a run
built from the command line or from Python is checked in the same place, in the same words."""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from enum import StrEnum
from pathlib import Path
from typing import TypeVar

from translate.cache_home import default_cache_dir
from translate.errors import UsageError

DEFAULT_MODEL = "Helsinki-NLP/opus-mt-de-en"
DEFAULT_DELAY = 1.0  # seconds between two requests to one web site

Kind = TypeVar("Kind", bound=StrEnum)


class DeviceName(StrEnum):
    AUTO = "auto"
    CPU = "cpu"
    CUDA = "cuda"
    MPS = "mps"


class EngineName(StrEnum):
    AUTO = "auto"
    TORCH = "torch"
    CTRANSLATE2 = "ctranslate2"


class Quantize(StrEnum):
    AUTO = "auto"
    NONE = "none"
    INT8 = "int8"
    FLOAT16 = "float16"


class OutputFormat(StrEnum):
    MD = "md"
    HTML = "html"
    JSON = "json"


class InputFormat(StrEnum):
    TEXT = "text"
    MARKDOWN = "markdown"
    HTML = "html"


class NameScope(StrEnum):
    """Where a name gets one rendering: each article, or the whole run (a feed's digest)."""

    ARTICLE = "article"
    RUN = "run"


class RunnerName(StrEnum):
    LOCAL = "local"
    RAY = "ray"


def choice(kind: type[Kind], option: str, value: str) -> Kind:
    """`value` as a member of `kind`, or a UsageError that lists the values `option` takes."""
    try:
        return kind(value)
    except ValueError:
        raise UsageError(f"{option} must be one of {', '.join(kind)}, not {value!r}") from None


FORMATS = tuple(OutputFormat)
INPUT_FORMATS = tuple(InputFormat)


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
class GlossaryFile:
    """A glossary as the run was given it: the file, and the digest of its entries when it was
    checked (translate.edits.glossary.glossary_file), so the run uses what was checked."""

    path: Path
    digest: str


@dataclass(frozen=True, slots=True)
class Settings:
    inputs: tuple[str, ...]  # files, folders, http(s) URLs, or "-" for standard input
    output: Path | None = None  # a file, a folder, "-" for standard output; None: beside input
    formats: tuple[OutputFormat, ...] = (OutputFormat.MD,)
    model: str = DEFAULT_MODEL
    summarizer: str = "extractive"  # extractive, none, or a model id, folder or .gguf file
    prompt_dir: Path | None = None  # templates that replace the shipped ones (translate/prompts)
    summary_sentences: int = 2  # at most this many sentences per section summary
    device: DeviceName = DeviceName.AUTO
    engine: EngineName = EngineName.AUTO  # translate.model.engines
    quantize: Quantize = Quantize.AUTO  # auto: int8 for CTranslate2 on the CPU, else none
    decoding: Decoding = Decoding()
    cache_dir: Path = field(default_factory=default_cache_dir)  # translate.cache_home
    offline: bool = False
    input_format: InputFormat | None = None  # None: from each file's suffix, sniffed for stdin
    strict: bool = False  # an input that is clearly not German fails instead of warning
    force: bool = False  # rewrite outputs that are already up to date
    memory: bool = True  # look up and store translations in the cache folder's memory
    max_size_mb: float = 10.0  # larger inputs are refused before they are decoded
    fetch_delay: float = DEFAULT_DELAY  # seconds between two requests to one web site
    glossary: GlossaryFile | None = None  # terms enforced in every translation (translate.edits)
    names: NameScope = NameScope.ARTICLE  # one rendering per name: per article, or the run

    def __post_init__(self) -> None:
        for each in fields(self):
            value = getattr(self, each.name)
            kind = _CHOICES.get(each.name)
            if kind is None or value is None:
                continue
            option = "--" + each.name.replace("_", "-")
            checked = (tuple(choice(kind, "--format", name) for name in value)
                       if each.name == "formats" else choice(kind, option, value))
            object.__setattr__(self, each.name, checked)


_CHOICES: dict[str, type[StrEnum]] = {
    "formats": OutputFormat, "device": DeviceName, "engine": EngineName, "quantize": Quantize,
    "input_format": InputFormat, "names": NameScope}
