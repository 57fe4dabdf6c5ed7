"""The first run from the hub as it is (translate.model.hub): the real CLI in a subprocess, the real
huggingface_hub client, real HTTP to a local hub (tests/local_hub.py) that serves the tiny
stand-in as `Helsinki-NLP/opus-mt-de-en` in each weights layout the hub has."""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from functools import cache
from pathlib import Path

import pytest

from tests.local_hub import LocalHub, build_repo
from translate.model.hub import WITHOUT_HUB

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "seeds" / "putin-kim-wostotschny.txt"
REPO_ID = "Helsinki-NLP/opus-mt-de-en"
ERROR = f"translate: error: {REPO_ID}:"
TOKENIZER = {"config.json", "source.spm", "target.spm", "tokenizer_config.json", "vocab.json"}
FETCHED = {  # layout: the files a first run may ask the hub for, and nothing else
    "a": TOKENIZER | {"generation_config.json", "model.safetensors"},
    "b": TOKENIZER | {"model.safetensors"},
    "c": TOKENIZER | {"pytorch_model.bin"},
}
TIMEOUT_S = 2  # HF_HUB_ETAG_TIMEOUT / HF_HUB_DOWNLOAD_TIMEOUT in the runs: a silent hub fails fast


@pytest.fixture(scope="module")
def repo(tiny_model_dir: Path):
    """repo(layout, pr_author=...) → the stand-in as a hub repository, built once each."""
    return cache(lambda layout, pr_author="SFconvertbot": build_repo(tiny_model_dir, layout,
                                                                     pr_author))


def online_env(hub_url: str, **changes: str | None) -> dict[str, str]:
    """The environment of a run that may reach the hub at `hub_url`; a change to None unsets."""
    env = {k: v for k, v in os.environ.items()
           if k not in ("HF_HUB_OFFLINE", "TRANSFORMERS_OFFLINE")}  # conftest sets them
    env.update(HF_ENDPOINT=hub_url, HF_HUB_ETAG_TIMEOUT=str(TIMEOUT_S),
               HF_HUB_DOWNLOAD_TIMEOUT=str(TIMEOUT_S), HF_HUB_DISABLE_TELEMETRY="1")
    for name, value in changes.items():
        if value is None:
            env.pop(name, None)
        else:
            env[name] = value
    return env


def translate(hub_url: str, cache_dir: Path | None, out: Path, *options: str,
              cwd: Path = ROOT, **env: str | None) -> subprocess.CompletedProcess[str]:
    """`translate run` on the sample with the default model, as a user runs it (beam 1); with
    `cache_dir` None, the default caches."""
    cache = ["--cache-dir", str(cache_dir)] if cache_dir else []
    command = [sys.executable, "-m", "translate", "run", str(SAMPLE), "--model", REPO_ID,
               "--beams", "1", "--device", "cpu", "--no-memory", *cache,
               "-o", f"{out}/", "-f", "md,json", *options]
    return subprocess.run(command, env=online_env(hub_url, PYTHONPATH=str(ROOT), **env),
                          capture_output=True, text=True, timeout=300, cwd=cwd)


def revision(out: Path) -> str:
    document = json.loads((out / "putin-kim-wostotschny.de-en.json").read_text(encoding="utf-8"))
    return document["run"]["translator"]["revision"]


def assert_written(result: subprocess.CompletedProcess[str], out: Path) -> None:
    assert result.returncode == 0, result.stderr
    assert (out / "putin-kim-wostotschny.de-en.md").is_file()
    # no library warning reaches the user (generation settings in config.json, downloads)
    assert all(line.startswith("translate: ") for line in result.stderr.splitlines()), \
        result.stderr


def assert_one_line_error(result: subprocess.CompletedProcess[str]) -> str:
    """The run failed with exit 1 and said why in one line (which names a way out)."""
    lines = result.stderr.splitlines()
    assert result.returncode == 1, result.stderr
    assert lines and lines[-1].startswith(ERROR), result.stderr
    assert [line for line in lines if not line.startswith("translate: ")] == [], result.stderr
    assert sum(line.startswith("translate: error:") for line in lines) == 1, result.stderr
    return lines[-1]


def dead_url() -> str:
    """A port on 127.0.0.1 nobody listens on."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return f"http://127.0.0.1:{probe.getsockname()[1]}"


def drop_pickle_blobs(cache_dir: Path) -> None:
    """Remove the downloaded pytorch_model.bin, so a run that still read it would fail."""
    links = list(cache_dir.glob("models--*/snapshots/*/pytorch_model.bin"))
    assert links
    for link in links:
        link.resolve().unlink()


# -- first run, then offline -------------------------------------------------------------------

@pytest.mark.parametrize("layout", ["a", "b", "c"])
def test_first_run_then_offline(layout: str, repo, tmp_path: Path) -> None:
    cache_dir = tmp_path / "cache"
    with LocalHub(repo(layout)) as hub:
        first = translate(hub.url, cache_dir, tmp_path / "out1")
    assert_written(first, tmp_path / "out1")
    used = hub.commit("refs/pr/1" if layout == "b" else "main")
    assert revision(tmp_path / "out1") == used
    assert hub.files_requested() == FETCHED[layout]
    assert all(f"/resolve/{used}/" in path for _, path in hub.requests if "/resolve/" in path)
    assert_safe_with_generation_settings(cache_dir)

    if layout == "c":  # later runs read the safetensors copy, never the pickle (now gone),
        drop_pickle_blobs(cache_dir)
        shutil.rmtree(cache_dir / "ctranslate2", ignore_errors=True)  # and convert from it
    second = translate(hub.url, cache_dir, tmp_path / "out2", "--offline")  # hub stopped
    assert_written(second, tmp_path / "out2")
    assert revision(tmp_path / "out2") == used


def assert_safe_with_generation_settings(cache_dir: Path) -> None:
    """The cached model is safetensors only, and its generation settings take effect, even
    where they sit in config.json (2020 style, no generation_config.json): generate() never
    emits <pad>, and beams and length are as configured."""
    from translate.model.resolve import load_seq2seq_model, resolve

    source = resolve(REPO_ID, cache_dir, offline=True)  # in-process: conftest's offline mode
    assert (source.path / "model.safetensors").is_file()
    assert not list(source.path.glob("*.bin"))
    model = load_seq2seq_model(source, "cpu")
    assert model.generation_config.bad_words_ids == [[model.config.pad_token_id]]
    assert (model.generation_config.num_beams, model.generation_config.max_length) == (4, 512)


def test_pull_request_by_another_author_is_not_used(repo, tmp_path: Path) -> None:
    with LocalHub(repo("b", pr_author="mallory")) as hub:
        result = translate(hub.url, tmp_path / "cache", tmp_path / "out")
    assert_written(result, tmp_path / "out")
    assert revision(tmp_path / "out") == hub.commit("main")
    assert hub.files_requested() == FETCHED["c"]  # main's pickle, read weights-only


# -- where models and state live ----------------------------------------------------------------

def user_folders(tmp_path: Path) -> dict[str, str | None]:
    """A user's environment without TRANSLATE_CACHE_DIR: HF_HOME and XDG_CACHE_HOME in tmp."""
    return {"TRANSLATE_CACHE_DIR": None, "HF_HOME": str(tmp_path / "hf"),
            "XDG_CACHE_HOME": str(tmp_path / "xdg")}


def test_by_default_one_download_serves_every_folder(repo, tmp_path: Path) -> None:
    folders = [tmp_path / "here", tmp_path / "there"]
    for folder in folders:
        folder.mkdir()
    with LocalHub(repo("c")) as hub:
        first = translate(hub.url, None, tmp_path / "out1", cwd=folders[0],
                          **user_folders(tmp_path))
        assert_written(first, tmp_path / "out1")
        downloaded = len(hub.requests)
        second = translate(hub.url, None, tmp_path / "out2", cwd=folders[1],
                           **user_folders(tmp_path))
    assert_written(second, tmp_path / "out2")
    assert [path for _, path in hub.requests[downloaded:]] == [
        f"/api/models/{REPO_ID}/revision/main"]  # the one question; no file again
    hub_cache = tmp_path / "hf" / "hub" / "models--Helsinki-NLP--opus-mt-de-en"
    assert (hub_cache / "snapshots" / hub.commit()).is_dir()
    state = tmp_path / "xdg" / "translate"
    assert list((state / "safetensors").iterdir()) and (state / "hub").is_dir()
    assert [list(folder.iterdir()) for folder in folders] == [[], []]  # no ./cache anywhere


@pytest.mark.parametrize("layout", ["a", "c"])
def test_a_model_another_tool_downloaded_is_used(layout: str, repo, tmp_path: Path) -> None:
    """What transformers or EasyNMT leave in the hub cache serves an offline first run."""
    with LocalHub(repo(layout)) as hub:
        subprocess.run([sys.executable, "-c", "import huggingface_hub as h; "
                        f"h.snapshot_download({REPO_ID!r})"],
                       env=online_env(hub.url, **user_folders(tmp_path)), check=True,
                       capture_output=True, timeout=120)
        requests = len(hub.requests)
    result = translate(hub.url, None, tmp_path / "out", "--offline", **user_folders(tmp_path))
    assert_written(result, tmp_path / "out")
    assert revision(tmp_path / "out") == hub.commit() and len(hub.requests) == requests


def test_cache_dir_holds_models_and_state(repo, tmp_path: Path) -> None:
    """TRANSLATE_CACHE_DIR (like --cache-dir) overrides both defaults."""
    with LocalHub(repo("c")) as hub:
        env = {**user_folders(tmp_path), "TRANSLATE_CACHE_DIR": str(tmp_path / "mine")}
        result = translate(hub.url, None, tmp_path / "out", **env)
    assert_written(result, tmp_path / "out")
    assert list((tmp_path / "mine").glob("models--*/snapshots/*/config.json"))
    assert (tmp_path / "mine" / "safetensors").is_dir()
    assert not (tmp_path / "hf").exists()
    # only the language model's unpacked copy, which is per machine (translate.text.langid_model)
    assert [p.name for p in (tmp_path / "xdg" / "translate").iterdir()] == ["py3langid"]


# -- failures: one line each -------------------------------------------------------------------

def test_cut_off_download_fails_in_one_line_and_the_next_run_completes(repo,
                                                                     tmp_path: Path) -> None:
    cache_dir = tmp_path / "cache"
    with LocalHub(repo("c"), fault="cut") as hub:
        assert_one_line_error(translate(hub.url, cache_dir, tmp_path / "out"))
        assert not (tmp_path / "out").exists()
        hub.fault = None
        result = translate(hub.url, cache_dir, tmp_path / "out")
    assert_written(result, tmp_path / "out")


@pytest.mark.parametrize("fault", ["404", "500", "hang", "nobody listening"])
def test_hub_failure_is_one_line(fault: str, repo, tmp_path: Path) -> None:
    with LocalHub(repo("c"), fault=None if fault == "nobody listening" else fault) as hub:
        url = dead_url() if fault == "nobody listening" else hub.url
        started = time.monotonic()
        result = translate(url, tmp_path / "cache", tmp_path / "out")
    line = assert_one_line_error(result)
    assert f"see {WITHOUT_HUB}" in line  # every hub failure names the page on what to do
    if fault == "nobody listening":  # a user with no copy has no DIR: the page says what to do
        assert line.endswith(f"connect and retry, or see {WITHOUT_HUB}")
    assert time.monotonic() - started < 60  # a silent hub is given up on after the timeout
    assert not (tmp_path / "out").exists()


def test_the_page_errors_point_to_says_how_to_work_without_the_hub() -> None:
    page = (ROOT / WITHOUT_HUB).read_text(encoding="utf-8")
    section = page.split("\n## Working without the hub\n", 1)[1].split("\n#", 1)[0]
    assert "--model" in section and "HF_ENDPOINT" in section and "models--" in section


def test_offline_before_any_download_is_todays_line(repo, tmp_path: Path) -> None:
    with LocalHub(repo("c")) as hub:
        result = translate(hub.url, tmp_path / "cache", tmp_path / "out", "--offline")
    line = assert_one_line_error(result)
    assert "not in the model cache" in line and "offline" in line
    assert hub.requests == []


# -- the CI entry point ------------------------------------------------------------------------

def test_local_hub_runs_as_a_module(tiny_model_dir: Path) -> None:
    """`python -m tests.local_hub DIR --layout c` prints its URL, then serves (for .ci/run)."""
    process = subprocess.Popen(
        [sys.executable, "-m", "tests.local_hub", str(tiny_model_dir), "--layout", "c"],
        cwd=ROOT, stdout=subprocess.PIPE, text=True)
    try:
        assert process.stdout is not None
        url = process.stdout.readline().strip()
        assert url.startswith("http://127.0.0.1:")
        with urllib.request.urlopen(f"{url}/api/models/{REPO_ID}/revision/main") as answer:
            info = json.load(answer)
        assert "pytorch_model.bin" in {s["rfilename"] for s in info["siblings"]}
        assert "model.safetensors" not in {s["rfilename"] for s in info["siblings"]}
    finally:
        process.terminate()
        process.wait(timeout=10)
