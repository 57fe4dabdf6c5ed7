"""The settings of one run, and the values its options may take.

Every option with a fixed set of values is an enum here; `choice` turns a string into one or
says which values there are. Every field of Settings and Decoding has a check in `_CHECKS`
(a choice, a range, a type), applied as the object is made, so a run built from the command
line or from Python is checked in one place, in the same words, naming the option:
"--beams must be at least 1, not 0"."""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field, fields
from enum import StrEnum
from pathlib import Path
from typing import Any, ClassVar, TypeVar

from translate.cache_home import default_cache_dir
from translate.errors import UsageError
from translate.input_formats import READABLE
from translate.output_formats import WRITABLE

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


# one member per format there is a writer for (translate.output_formats)
OutputFormat = StrEnum(  # type: ignore[misc]
    "OutputFormat", [(name.upper(), name) for name in WRITABLE])


# one member per format the readers know (translate.input_formats)
InputFormat = StrEnum(  # type: ignore[misc]
    "InputFormat", [(name.upper(), name) for name in READABLE])


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


Check = Callable[[str, Any], Any]  # (option, value) -> the value checked, or a UsageError


def one_of(kind: type[StrEnum]) -> Check:
    return lambda option, value: choice(kind, option, value)


def several(kind: type) -> Check:
    """A tuple (or list) of `kind`'s values; a lone string is refused, not read letter by
    letter."""
    def check(option: str, value: Any) -> tuple[Any, ...]:
        if isinstance(value, str) or not isinstance(value, tuple | list):
            raise UsageError(f"{option} takes a tuple of values, such as ({value!r},), "
                             f"not {value!r}")
        return tuple(checker(option, each) for each in value)

    checker = one_of(kind) if issubclass(kind, StrEnum) else of_type(kind)
    return check


def whole(least: int, most: int | None = None) -> Check:
    return _number(int, least, most)


def number(least: float) -> Check:
    return _number(float, least, None)


def _number(kind: type, least: float, most: float | None) -> Check:
    """A number from `least` to `most`: an int for a whole one (never a bool), an int or a
    float for any other (given back as a float)."""
    def check(option: str, value: Any) -> Any:
        allowed = int if kind is int else int | float
        if isinstance(value, bool) or not isinstance(value, allowed):
            raise UsageError(f"{option} must be {'a whole number' if kind is int else 'a number'}"
                             f", not {value!r}")
        if value < least:
            raise UsageError(f"{option} must be at least {least:g}, not {value:g}")
        if most is not None and value > most:
            raise UsageError(f"{option} must be at most {most:g}, not {value:g}")
        return kind(value)

    return check


_WHAT = {bool: "True or False", str: "a string", Path: "a path"}


def of_type(kind: type) -> Check:
    """A value of `kind` (a str or os.PathLike is made a Path where a Path is asked for)."""
    def check(option: str, value: Any) -> Any:
        if kind is Path and isinstance(value, str | os.PathLike):
            return Path(value)
        if isinstance(value, kind) and (kind is bool or not isinstance(value, bool)):
            return value
        raise UsageError(f"{option} must be {_WHAT.get(kind, f'a {kind.__name__}')}, "
                         f"not {value!r}")

    return check


def optional(check: Check) -> Check:
    """`check`, or None: the default chosen for the user (by device, suffix, ...)."""
    return lambda option, value: None if value is None else check(option, value)


def option_name(name: str) -> str:
    """The command-line option that sets the field `name` of Settings or Decoding."""
    return _OPTIONS.get(name, "--" + name.replace("_", "-"))


_OPTIONS = {"inputs": "INPUT", "output": "--output", "formats": "--format",
            "max_size_mb": "--max-size", "fetch_delay": "--delay"}


def check_fields(instance: Any) -> None:
    """Check (and normalise) every field of a frozen dataclass by its entry in the class's
    CHECKS, which names every field, so a new one cannot go unchecked."""
    for each in fields(instance):
        value = instance.CHECKS[each.name](option_name(each.name), getattr(instance, each.name))
        object.__setattr__(instance, each.name, value)


_FLAG, _TEXT, _PATH = of_type(bool), of_type(str), of_type(Path)

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

    CHECKS: ClassVar[dict[str, Check]] = {
        "beams": whole(1, 16), "batch_size": optional(whole(1, 1024)),
        "batch_tokens": optional(whole(1)), "length_ratio": number(0), "length_margin": whole(1)}

    def __post_init__(self) -> None:
        check_fields(self)


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
    formats: tuple[OutputFormat, ...] = (OutputFormat("md"),)
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
    # URLs whose hosts resolve to private, loopback or link-local addresses are fetched too
    # (the CLI's users fetch their own intranet's pages; translate serve turns it off)
    allow_private_urls: bool = True
    glossary: GlossaryFile | None = None  # terms enforced in every translation (translate.edits)
    names: NameScope = NameScope.ARTICLE  # one rendering per name: per article, or the run

    CHECKS: ClassVar[dict[str, Check]] = {
        "inputs": several(str), "output": optional(_PATH), "formats": several(OutputFormat),
        "model": _TEXT, "summarizer": _TEXT, "prompt_dir": optional(_PATH),
        "summary_sentences": whole(1, 2), "device": one_of(DeviceName),
        "engine": one_of(EngineName), "quantize": one_of(Quantize),
        "decoding": of_type(Decoding), "cache_dir": _PATH, "offline": _FLAG,
        "input_format": optional(one_of(InputFormat)), "strict": _FLAG, "force": _FLAG,
        "memory": _FLAG, "max_size_mb": number(0.001), "fetch_delay": number(0),
        "allow_private_urls": _FLAG,
        "glossary": optional(of_type(GlossaryFile)), "names": one_of(NameScope)}

    def __post_init__(self) -> None:
        check_fields(self)


