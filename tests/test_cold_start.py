"""A cold start that costs nothing: on the CTranslate2 path a run imports neither torch nor
transformers, and the Report says where the time went, phase by phase."""

from __future__ import annotations

import dataclasses
import json
import subprocess
import sys
from pathlib import Path

import pytest

from translate.run import run
from translate.run.phases import PHASES
from translate.settings import Settings

pytest.importorskip("ctranslate2")

SAMPLE = Path(__file__).resolve().parents[1] / "seeds/putin-kim-wostotschny.txt"
# the CLI in a fresh interpreter; at exit it prints the heavy modules it ever imported
CHILD = """
import atexit, json, sys
atexit.register(lambda: print("MODULES", json.dumps(sorted(
    {m.split(".")[0] for m in sys.modules} & {"torch", "transformers"}))))
sys.argv = ["translate", *sys.argv[1:]]
from translate.cli import main
main()
"""


@pytest.fixture(scope="module")
def converted_cache(tiny_model_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A cache folder holding the tiny model's int8 CTranslate2 conversion: converting needs
    transformers, once; the runs after it are what users start every day."""
    from translate.model.engines.ct2_engine import converted
    from translate.model.resolve import resolve

    cache = tmp_path_factory.mktemp("cold-cache")
    converted(resolve(str(tiny_model_dir), cache, offline=True), "int8", cache)
    return cache


def cold_run(*args: str | Path) -> tuple[subprocess.CompletedProcess[str], list[str]]:
    done = subprocess.run([sys.executable, "-c", CHILD, *map(str, args)], capture_output=True,
                          text=True, timeout=300)
    marker = [line for line in done.stdout.splitlines() if line.startswith("MODULES ")]
    return done, json.loads(marker[-1].removeprefix("MODULES ")) if marker else ["?"]


@pytest.mark.parametrize("engine", ["ctranslate2", "auto"])
def test_the_ctranslate2_path_imports_neither_torch_nor_transformers(
        engine, tiny_model_dir, converted_cache, tmp_path):
    out = tmp_path / "out"
    done, heavy = cold_run("run", SAMPLE, "--model", tiny_model_dir, "-o", out, "-f", "json",
                           "--cache-dir", converted_cache, "--engine", engine, "--no-memory",
                           "--beams", "1", "--verbose")
    assert done.returncode == 0, done.stderr
    [written] = out.glob("*.json")
    assert json.loads(written.read_text())["run"]["translator"]["engine"] == "ctranslate2"
    assert heavy == []
    assert "time: startup" in done.stderr  # --verbose prints the phases


def test_the_check_sees_torch_when_it_is_imported(tiny_model_dir, converted_cache, tmp_path):
    """The probe itself works: the torch engine's run reports both."""
    article = tmp_path / "a.txt"
    article.write_text("Titel der Meldung\nDer Hund bellt.\n", encoding="utf-8")
    done, heavy = cold_run("run", article, "--model", tiny_model_dir, "-o", tmp_path / "out",
                           "--cache-dir", converted_cache, "--engine", "torch", "--no-memory",
                           "--beams", "1")
    assert done.returncode == 0, done.stderr
    assert heavy == ["torch", "transformers"]


def test_the_report_times_every_phase(tiny_model_dir, tmp_path):
    settings = Settings(inputs=(str(SAMPLE),), output=tmp_path / "out", model=str(tiny_model_dir),
                        cache_dir=tmp_path / "cache", engine="ctranslate2", formats=("json",))
    first = run(settings)
    assert first.translated == 26 and not first.failed
    seconds = first.phases.seconds
    assert list(seconds) == list(PHASES)
    assert all(value >= 0 for value in seconds.values())
    assert seconds["startup"] > 0 and seconds["load"] > 0 and seconds["translate"] > 0
    assert first.phases.total() == pytest.approx(first.seconds, abs=0.01)
    again = run(dataclasses.replace(settings, force=True))
    assert again.from_memory == 26
    assert again.phases.seconds["load"] == 0  # the memory answered: no model was loaded
    assert again.phases.total() == pytest.approx(again.seconds, abs=0.01)

