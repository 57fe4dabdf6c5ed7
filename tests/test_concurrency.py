"""Many runs, one cache: three `translate run` processes started at once on one fresh cache
folder — the download from a local hub, the safetensors copy of pickle weights, the
CTranslate2 conversion and the translation memory are all written by rivals — must all succeed
and write the same English, and leave a sound memory behind."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from tests.local_hub import LocalHub, build_repo
from tests.standin.pairs import sample_pairs

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "seeds" / "putin-kim-wostotschny.txt"
REPO_ID = "Helsinki-NLP/opus-mt-de-en"
RUNS = 3
HUB_OWN = {".locks", ".no_exist"}  # huggingface_hub's own folders in the cache


def english(out: Path) -> list[str | None]:
    document = json.loads((out / "putin-kim-wostotschny.de-en.json").read_text(encoding="utf-8"))
    units = [document["title"]]
    for section in document["sections"]:
        units += [section["heading"]] if section["heading"] else []
        units += [s for p in section["paragraphs"] for s in p["sentences"]]
    return [unit["en"] for unit in units]


def start_runs(model: str, cache_dir: Path, tmp_path: Path, env: dict[str, str]
               ) -> list[tuple[subprocess.Popen[str], Path]]:
    runs = []
    for i in range(RUNS):
        out = tmp_path / f"out{i}"
        command = [sys.executable, "-m", "translate", "run", str(SAMPLE), "--model", model,
                   "--device", "cpu", "--engine", "ctranslate2", "--cache-dir", str(cache_dir),
                   "-o", f"{out}/", "-f", "json"]
        runs.append((subprocess.Popen(command, env=env, cwd=ROOT, text=True,
                                      stdout=subprocess.DEVNULL, stderr=subprocess.PIPE), out))
    return runs


def finish(runs: list[tuple[subprocess.Popen[str], Path]]) -> list[list[str | None]]:
    results = []
    for process, out in runs:
        _, stderr = process.communicate(timeout=300)
        assert process.returncode == 0, stderr
        results.append(english(out))
    return results


def assert_sound_memory(cache_dir: Path, units: int) -> None:
    with sqlite3.connect(cache_dir / "memory.sqlite") as db:
        assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert db.execute("SELECT COUNT(*) FROM translations").fetchone()[0] == units
        assert db.execute("SELECT COUNT(*) FROM signatures").fetchone()[0] == 1
        migrations = [name for (name,) in db.execute("SELECT name FROM migrations")]
    assert len(migrations) == len(set(migrations))


@pytest.mark.slow
def test_three_first_runs_from_the_hub_share_one_fresh_cache(trained_model_dir: Path,
                                                             tmp_path: Path) -> None:
    cache_dir = tmp_path / "cache"
    env = {k: v for k, v in os.environ.items()
           if k not in ("HF_HUB_OFFLINE", "TRANSFORMERS_OFFLINE")}
    with LocalHub(build_repo(trained_model_dir, "c")) as hub:
        env.update(HF_ENDPOINT=hub.url, HF_HUB_DISABLE_TELEMETRY="1")
        results = finish(start_runs(REPO_ID, cache_dir, tmp_path, env))
    learned = [en for _, en in sample_pairs()]
    assert results == [learned] * RUNS
    assert len(list((cache_dir / "ctranslate2").iterdir())) == 1  # one conversion, kept
    assert len(list((cache_dir / "safetensors").iterdir())) == 1  # one safetensors copy
    leftovers = [p for p in cache_dir.rglob(".*") if p.is_dir() and p.name not in HUB_OWN]
    assert leftovers == []  # no rival's temp folder left behind
    assert_sound_memory(cache_dir, len(learned))


def test_three_runs_of_a_local_folder_share_one_fresh_cache(trained_model_dir: Path,
                                                            tmp_path: Path) -> None:
    cache_dir = tmp_path / "cache"
    results = finish(start_runs(str(trained_model_dir), cache_dir, tmp_path, dict(os.environ)))
    assert results == [[en for _, en in sample_pairs()]] * RUNS
    assert len(list((cache_dir / "ctranslate2").iterdir())) == 1
    assert_sound_memory(cache_dir, len(sample_pairs()))
