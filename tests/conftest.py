"""Shared fixtures: no test may reach the Hugging Face hub, and a tiny stand-in model to load.

For the whole session (set in `pytest_configure`, before any test module imports transformers):
- `HF_HUB_OFFLINE=1` and `TRANSFORMERS_OFFLINE=1`, so a hub id can never trigger a download;
- `HF_HOME` points to a fresh temporary folder (removed at the end), so tests never read or
  write the user's Hugging Face cache.

Fixtures:
- `tiny_model_dir` (session): a folder built once by `tests.standin.build_standin`; load it
  with `AutoTokenizer` / `AutoModelForSeq2SeqLM.from_pretrained`. Shared: never write into it.
- `trained_model_dir` (session): the tiny stand-in trained until beam search reproduces
  `tests.standin.pairs.pairs()` exactly (the sample article's units); built once (seconds).
  Shared: never write into it.
- `glossary_model_dir`, `dropping_model_dir` (session): tiny stand-ins trained on the glossary
  tests' sentences (tests.standin.terms), one copying placeholders, one losing some.
- `tiny_bart_dir` (session): a tiny random BART summariser (tests.standin.summarizers).
- `cache_dir` (autouse): a fresh TRANSLATE_CACHE_DIR for every test, so no test writes ./cache.
- `process_logging` (autouse): the `translate` logger, the library verbosity variables and the
  warning filters as they were before each test, so a CLI run in-process (which configures
  them for the process, as a CLI should) leaves nothing behind for the next test.
- `offline_env`: sets the offline variables for one test explicitly (and the constant
  huggingface_hub read them into), for tests that are about offline behaviour.
"""

from __future__ import annotations

import logging
import os
import shutil
import sys
import tempfile
import warnings
from collections.abc import Iterator
from pathlib import Path

import pytest

OFFLINE_VARS = ("HF_HUB_OFFLINE", "TRANSFORMERS_OFFLINE")
# Variables that would send the caches somewhere other than $HF_HOME.
_CACHE_OVERRIDES = (
    "HF_HUB_CACHE",
    "HUGGINGFACE_HUB_CACHE",
    "TRANSFORMERS_CACHE",
    "HF_ASSETS_CACHE",
    "HF_XET_CACHE",
)
_saved_env: dict[str, str | None] = {}
_hf_home: Path | None = None


def pytest_configure(config: pytest.Config) -> None:
    global _hf_home
    config.addinivalue_line(
        "markers", "slow: takes seconds (e.g. builds the full-size stand-in); -m 'not slow' skips"
    )
    _hf_home = Path(tempfile.mkdtemp(prefix="translate-tests-hf-home-"))
    for name in (*OFFLINE_VARS, "HF_HOME", *_CACHE_OVERRIDES):
        _saved_env[name] = os.environ.pop(name, None)
    for name in OFFLINE_VARS:
        os.environ[name] = "1"
    os.environ["HF_HOME"] = str(_hf_home)
    # huggingface_hub reads the variables once, at import; if something imported it already,
    # still make is_offline_mode() (which transformers asks before any download) say yes.
    constants = sys.modules.get("huggingface_hub.constants")
    if constants is not None:
        constants.HF_HUB_OFFLINE = True


def pytest_unconfigure(config: pytest.Config) -> None:
    for name, value in _saved_env.items():
        if value is None:
            os.environ.pop(name, None)
        else:
            os.environ[name] = value
    if _hf_home is not None:
        shutil.rmtree(_hf_home, ignore_errors=True)


@pytest.fixture
def offline_env(monkeypatch: pytest.MonkeyPatch) -> None:
    """HF_HUB_OFFLINE=1 and TRANSFORMERS_OFFLINE=1 for this test, env and hub constant alike."""
    import huggingface_hub.constants

    for name in OFFLINE_VARS:
        monkeypatch.setenv(name, "1")
    monkeypatch.setattr(huggingface_hub.constants, "HF_HUB_OFFLINE", True)


# What translate.cli's _setup_logging sets for the whole process.
_VERBOSITY_VARS = ("TRANSFORMERS_VERBOSITY", "HF_HUB_VERBOSITY")


@pytest.fixture(autouse=True)
def process_logging() -> Iterator[logging.Logger]:
    """The `translate` logger (handlers, level, propagate), the verbosity variables and the
    warning filters restored after the test: a CliRunner run binds a handler to its own stream
    and stops propagation, and the next test must not inherit that."""
    logger = logging.getLogger("translate")
    handlers, level, propagate = list(logger.handlers), logger.level, logger.propagate
    variables = {name: os.environ.get(name) for name in _VERBOSITY_VARS}
    with warnings.catch_warnings():
        yield logger
    logger.handlers[:] = handlers
    logger.setLevel(level)
    logger.propagate = propagate
    for name, value in variables.items():
        if value is None:
            os.environ.pop(name, None)
        else:
            os.environ[name] = value


@pytest.fixture(autouse=True)
def cache_dir(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test gets its own cache folder (models, translation memory), never ./cache."""
    path = tmp_path_factory.mktemp("cache")
    monkeypatch.setenv("TRANSLATE_CACHE_DIR", str(path))
    return path


@pytest.fixture(scope="session")
def tiny_model_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A tiny random-weights MarianMT folder (opus-mt-de-en layout), built once per session."""
    from tests.standin import build_standin

    return build_standin(tmp_path_factory.mktemp("standin") / "tiny", size="tiny", seed=0)


@pytest.fixture(scope="session")
def trained_model_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A tiny trained MarianMT folder: it translates the sample article exactly as
    tests.standin.pairs says, and ends its sentences by itself. Built once per session."""
    from tests.standin import build_standin

    folder = tmp_path_factory.mktemp("standin") / "tiny-trained"
    return build_standin(folder, size="tiny", seed=0, trained=True)


@pytest.fixture(scope="session")
def glossary_model_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A tiny stand-in trained on the glossary tests' sentences (tests.standin.terms):
    it copies the placeholders translate.edits.terms sends. Built once per session (seconds)."""
    from tests.standin import build_standin

    folder = tmp_path_factory.mktemp("standin") / "glossary"
    return build_standin(folder, size="tiny", trained=True, pair_set="glossary")


@pytest.fixture(scope="session")
def tiny_bart_dir(tiny_model_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A tiny random BART summariser with the stand-in's tokenizer. Built once per session."""
    from tests.standin.summarizers import tiny_bart

    return tiny_bart(tmp_path_factory.mktemp("bart") / "bart", tiny_model_dir)


@pytest.fixture(scope="session")
def dropping_model_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The same sentences, but a model that drops, doubles or invents placeholders in some."""
    from tests.standin import build_standin

    folder = tmp_path_factory.mktemp("standin") / "glossary-dropping"
    return build_standin(folder, size="tiny", trained=True, pair_set="glossary-dropping")
