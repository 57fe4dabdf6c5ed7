"""One rule for a summariser model that cannot be had: not in the cache and not downloadable
now (offline, or no connection to the hub) → one warning line and extractive summaries, the
translations written; a summariser that does not exist → the run fails before any work."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.local_hub import LocalHub, build_repo
from tests.test_hub import dead_url

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "seeds" / "putin-kim-wostotschny.txt"
SUMMARIZER = "someone/distilbart-news"  # in no cache, on no hub these tests reach


def translate(hub_url: str, tmp_path: Path, model: Path, *options: str
              ) -> subprocess.CompletedProcess[str]:
    """`translate run` on the sample, online (the offline variables the suite sets unset),
    with the hub at `hub_url`."""
    env = {k: v for k, v in os.environ.items()
           if k not in ("HF_HUB_OFFLINE", "TRANSFORMERS_OFFLINE")}
    env.update(HF_ENDPOINT=hub_url, HF_HUB_ETAG_TIMEOUT="2", HF_HUB_DOWNLOAD_TIMEOUT="2",
               HF_HUB_DISABLE_TELEMETRY="1", PYTHONPATH=str(ROOT))
    return subprocess.run(
        [sys.executable, "-m", "translate", "run", str(SAMPLE), "--model", str(model),
         "--summarizer", SUMMARIZER, "--cache-dir", str(tmp_path / "cache"),
         "-o", str(tmp_path / "out.json"), *options],
        env=env, capture_output=True, text=True, timeout=300, cwd=ROOT)


@pytest.mark.parametrize("why", ["no connection", "offline"])
def test_a_summarizer_that_cannot_be_downloaded_now_gives_way_to_extractive(
        why, trained_model_dir, tmp_path):
    result = translate(dead_url(), tmp_path, trained_model_dir,
                       *(["--offline"] if why == "offline" else []))
    assert result.returncode == 0, result.stderr
    warnings = [line for line in result.stderr.splitlines() if SUMMARIZER in line]
    assert len(warnings) == 1 and warnings[0].startswith(f"translate: summarizer {SUMMARIZER}: ")
    assert warnings[0].endswith("; writing extractive summaries instead")
    reason = "offline mode" if why == "offline" else "no connection to the Hugging Face hub"
    assert reason in warnings[0]
    document = json.loads((tmp_path / "out.json").read_text(encoding="utf-8"))
    assert document["run"]["summarizer"]["kind"] == "extractive"
    assert document["summary"]["en"]


def test_a_summarizer_that_does_not_exist_fails_the_run_before_any_work(
        tiny_model_dir, trained_model_dir, tmp_path):
    with LocalHub(build_repo(tiny_model_dir, "a", "SFconvertbot")) as hub:
        result = translate(hub.url, tmp_path, trained_model_dir)
    assert result.returncode == 1, result.stderr
    assert result.stderr.splitlines()[-1].startswith(
        f"translate: error: {SUMMARIZER}: no such model on the Hugging Face hub")
    assert "translating" not in result.stderr
    assert not (tmp_path / "out.json").exists()
