"""`--runner ray` on a real local Ray instance (2 CPUs) against `--runner local` on the same
folder: the same outputs (timing aside), the same report and exit code, the same translation
memory; with one translation actor and with two. Each run is a `translate` process, as a user
starts it."""

from __future__ import annotations

import json
import os
import re
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from tests.cli_helpers import default_sigint

pytest.importorskip("ray.data", reason="the ray extra is not installed")

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "seeds" / "putin-kim-wostotschny.txt"
# no usage reports; every Ray process on 127.0.0.1, a test cluster too (translate sets this
# itself for a private instance)
RAY_ENV = {"RAY_DISABLE_USAGE_STATS": "1", "RAY_ENABLE_WINDOWS_OR_OSX_CLUSTER": "0"}


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Two good articles (no sentence in common), a binary file and an empty one."""
    news = tmp_path_factory.mktemp("news")
    text = SAMPLE.read_text(encoding="utf-8")
    (news / "a-putin.txt").write_text(text, encoding="utf-8")
    (news / "sub").mkdir()
    (news / "sub" / "b-medwedew.md").write_text(
        "# " + text.replace("Putin", "Medwedew").replace("Kim", "Lee"), encoding="utf-8")
    (news / "c-binary.txt").write_bytes(b"\x00\x01\x02 not an article")
    (news / "d-empty.txt").write_bytes(b"")
    return news


def translate(folder: Path, out: Path, cache: Path, model: Path, *options: str
              ) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "TRANSLATE_CACHE_DIR": str(cache), **RAY_ENV}
    return subprocess.run(
        [sys.executable, "-m", "translate", "run", str(folder), "-o", str(out), "--model",
         str(model), "-f", "md,html,json", *options],
        capture_output=True, text=True, env=env, timeout=600)


def report(result: subprocess.CompletedProcess[str]) -> list[str]:
    """The error lines and the closing line, its seconds left out."""
    lines = [line for line in result.stderr.splitlines()
             if line.startswith("translate: error:") or " written (" in line]
    return [re.sub(r"; [\d.]+ s$", "", line) for line in lines]


def outputs(out: Path) -> dict[str, object]:
    """Every file under `out`, JSON documents without their timing field."""
    files: dict[str, object] = {}
    for path in sorted(out.rglob("*")):
        if path.is_file():
            text = path.read_text(encoding="utf-8")
            if path.suffix == ".json":
                data = json.loads(text)
                data["run"].pop("seconds")
                files[str(path.relative_to(out))] = data
            else:
                files[str(path.relative_to(out))] = text
    return files


def memory(cache: Path) -> dict[str, list[tuple]]:
    db = sqlite3.connect(cache / "memory.sqlite")
    try:
        return {
            "translations": db.execute("SELECT signature, source, target, score, capped FROM "
                                       "translations ORDER BY 1, 2").fetchall(),
            "articles": db.execute("SELECT key, title_de, title_en, summary FROM articles "
                                   "ORDER BY 1").fetchall(),
            "versions": db.execute("SELECT name, units FROM versions ORDER BY 1").fetchall(),
        }
    finally:
        db.close()


@pytest.fixture(scope="module")
def local_run(folder: Path, trained_model_dir: Path, tmp_path_factory: pytest.TempPathFactory):
    base = tmp_path_factory.mktemp("local")
    first = translate(folder, base / "out", base / "cache", trained_model_dir)
    again = translate(folder, base / "out", base / "cache", trained_model_dir)
    return base, first, again


@pytest.mark.parametrize("actors", [1, 2])
def test_ray_runner_gives_what_the_local_runner_gives(actors, folder, trained_model_dir,
                                                      local_run, tmp_path):
    base, local, local_again = local_run
    ray = translate(folder, tmp_path / "out", tmp_path / "cache", trained_model_dir,
                    "--runner", "ray", "--actors", str(actors))
    assert local.returncode == 1, local.stderr  # the binary and the empty file fail alone
    assert ray.returncode == local.returncode, ray.stderr
    assert report(ray) == report(local)
    assert len(report(local)) == 3  # two error lines, in input order, then the totals
    assert "c-binary.txt" in report(local)[0] and "d-empty.txt" in report(local)[1]
    assert "2 articles written (8 files), 0 up to date, 2 failed" in report(local)[-1]
    assert outputs(tmp_path / "out") == outputs(base / "out")
    assert sorted(outputs(base / "out")) == [
        "a-putin.de-en.html", "a-putin.de-en.json", "a-putin.de-en.md", "index.html",
        "index.md", "sub/b-medwedew.de-en.html", "sub/b-medwedew.de-en.json",
        "sub/b-medwedew.de-en.md"]
    assert memory(tmp_path / "cache") == memory(base / "cache")
    assert len(memory(base / "cache")["articles"]) == 2
    assert len(memory(base / "cache")["versions"]) == 2
    assert not list((tmp_path / "out").rglob(".*.part"))

    # a second run: both good articles are up to date, skipped before they are parsed, and
    # listed in the index from the memory
    ray_again = translate(folder, tmp_path / "out", tmp_path / "cache", trained_model_dir,
                          "--runner", "ray", "--actors", str(actors))
    assert ray_again.returncode == local_again.returncode == 1
    assert report(ray_again) == report(local_again)
    assert ("0 articles written (2 files), 2 up to date (--force redoes them), 2 failed (as "
            "before: unchanged since the last run); 0 sentences") in report(local_again)[-1]
    assert outputs(tmp_path / "out") == outputs(base / "out")


def test_ray_runner_needs_an_output_folder_and_files(folder, trained_model_dir, tmp_path):
    result = translate(folder, tmp_path / "one.md", tmp_path / "cache", trained_model_dir,
                       "--runner", "ray", "-f", "md")
    assert result.returncode == 2
    assert result.stderr.strip().splitlines()[-1] == (
        "translate: error: --runner ray writes into a folder that every worker can reach: "
        "give -o FOLDER")


def test_without_ray_the_runner_says_how_to_install_it(folder, trained_model_dir, tmp_path):
    hidden = tmp_path / "no-ray" / "ray"
    hidden.mkdir(parents=True)  # a `ray` package that cannot be imported, as if absent
    (hidden / "__init__.py").write_text("raise ImportError('No module named ray')\n")
    env = {**os.environ, "PYTHONPATH": str(hidden.parent)}
    result = subprocess.run(
        [sys.executable, "-m", "translate", "run", str(folder), "-o", str(tmp_path / "out"),
         "--model", str(trained_model_dir), "--runner", "ray"],
        capture_output=True, text=True, env=env, timeout=120)
    assert result.returncode == 2
    assert result.stderr.splitlines() == [
        "translate: error: --runner ray needs Ray Data, which is not installed: "
        "pip install -e \".[ray]\" (or pip install 'ray[data]'); see docs/scaling.md"]
    assert not (tmp_path / "out").exists()


def test_ctrl_c_stops_the_ray_run_and_leaves_only_whole_files(trained_model_dir, tmp_path):
    import signal
    import time

    news = tmp_path / "news"
    news.mkdir()
    for number in range(400):
        (news / f"{number:03}.txt").write_bytes(SAMPLE.read_bytes())
    out = tmp_path / "out"
    out.mkdir()
    others = {".000.de-en.md.run0123456789ab.x1y2z3.part": "another run's write, going on",
              ".draft.md.part": "a user's own file"}
    for name, text in others.items():
        (out / name).write_text(text)
    env = {**os.environ, "TRANSLATE_CACHE_DIR": str(tmp_path / "cache")}
    child = subprocess.Popen(
        [sys.executable, "-m", "translate", "run", str(news), "-o", str(out), "--model",
         str(trained_model_dir), "-f", "md,json", "--runner", "ray"],
        stderr=subprocess.PIPE, text=True, env=env, preexec_fn=default_sigint)
    deadline = time.monotonic() + 300
    while not list(out.rglob("*.de-en.json")) and time.monotonic() < deadline:
        time.sleep(0.05)
    child.send_signal(signal.SIGINT)
    stderr = child.communicate(timeout=120)[1]
    assert child.returncode == 130, stderr
    said = re.fullmatch(r"translate: interrupted: (\d+) articles? written \((\d+) files?\), "
                        r"\d+ translations? kept in the memory", stderr.splitlines()[-2])
    assert said and int(said[2]) == 2 * int(said[1]), stderr
    assert stderr.splitlines()[-1] == ("translate: to go on, run the same command again: "
                                       "finished articles are skipped and translated "
                                       "sentences come from the memory")
    assert {path.name: path.read_text() for path in out.rglob(".*.part")} == others
    finished = list(out.rglob("*.de-en.json"))
    assert 1 <= len(finished) < 400  # stopped part of the way, with whole files only
    assert int(said[1]) <= len(finished)  # those back at the driver; workers may be ahead
    for path in finished:
        assert json.loads(path.read_text(encoding="utf-8"))["run"]["key"]
    for path in out.rglob("*.de-en.md"):
        assert "translate-key:" in path.read_text(encoding="utf-8")


def test_leftovers_of_this_runs_killed_writes_are_removed_and_nothing_else(tmp_path):
    from translate.output.atomic import remove_partial, run_token, write_atomic

    ours, rivals = run_token(), run_token()
    assert ours != rivals
    write_atomic(tmp_path / "sub" / "a.de-en.md", "whole\n", ours)
    (tmp_path / "sub" / f".a.de-en.md.{ours}.k3j2_x.part").write_text("half a fi")  # killed
    (tmp_path / "sub" / f".b.de-en.md.{rivals}.p0q_9z.part").write_text("another run's wri")
    (tmp_path / ".a.de-en.md.k3j2_x.part").write_text("a write without a run's token")
    (tmp_path / ".draft.part").write_text("a user's own hidden file")
    (tmp_path / "notes.part").write_text("a user's file")
    assert remove_partial(tmp_path, ours) == 1
    assert sorted(str(p.relative_to(tmp_path)) for p in tmp_path.rglob("*")) == [
        ".a.de-en.md.k3j2_x.part", ".draft.part", "notes.part", "sub",
        f"sub/.b.de-en.md.{rivals}.p0q_9z.part", "sub/a.de-en.md"]


@pytest.fixture
def cluster(tmp_path):
    """A Ray cluster started as an operator starts one (`ray start --head`, 2 CPUs), on a
    free port of 127.0.0.1; stopped afterwards."""
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    ray_cli = [sys.executable, "-c", "from ray.scripts.scripts import main; main()"]
    env = {**os.environ, **RAY_ENV}
    subprocess.run([*ray_cli, "start", "--head", "--num-cpus", "2", "--port", str(port),
                    "--include-dashboard=false"],
                   check=True, capture_output=True, env=env, timeout=120)
    try:
        yield f"127.0.0.1:{port}"
    finally:
        subprocess.run([*ray_cli, "stop", "--force"], capture_output=True, env=env,
                       timeout=120)


def test_ray_address_runs_the_stages_on_that_cluster(folder, trained_model_dir, local_run,
                                                     cluster, tmp_path, monkeypatch):
    base, local, _ = local_run
    monkeypatch.setenv("RAY_ADDRESS", cluster)
    monkeypatch.delenv("RAY_AUTH_MODE", raising=False)
    result = translate(folder, tmp_path / "out", tmp_path / "cache", trained_model_dir,
                       "--runner", "ray", "--actors", "1", "-v")
    assert result.returncode == local.returncode, result.stderr
    assert report(result) == report(local), result.stderr[-3000:]
    assert outputs(tmp_path / "out") == outputs(base / "out")
    assert memory(tmp_path / "cache") == memory(base / "cache")
    assert f"Connecting to existing Ray cluster at address: {cluster}" in result.stderr


def test_an_unreachable_cluster_is_one_line(folder, trained_model_dir, tmp_path, monkeypatch):
    import socket

    with socket.socket() as probe:  # a port where nothing listens
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    monkeypatch.setenv("RAY_ADDRESS", f"127.0.0.1:{port}")
    result = translate(folder, tmp_path / "out", tmp_path / "cache", trained_model_dir,
                       "--runner", "ray")
    assert result.returncode == 1
    [line] = result.stderr.splitlines()
    assert line.startswith(f"translate: error: cannot reach the Ray cluster at RAY_ADDRESS="
                           f"127.0.0.1:{port}: ")



WORKER_SCRIPT = """
import sys
from pathlib import Path

from translate.document import Translation
from translate.model.engines import EngineChoice
from translate.model.signature import Signature
from translate.run.runners.ray_data import _session, import_ray
from translate.run.runners.ray_memory import start_memory_actor
from translate.run.store import TranslationMemory

cache = Path(sys.argv[1])
signature = Signature("m", "r1", 4, 1.5, 10, EngineChoice("torch", "float32"), "torch 2")
ray = import_ray()


def work(memory):  # in a Ray worker process: each table through the actor
    memory.translations.store(signature, iter([("Hallo.", Translation("Hello.", -0.5))]))
    memory.summaries.store({"model": "s"}, (row for row in [("p", "Hallo.", "Hi.")]))
    memory.versions.store("a.txt", (digest for digest in ["d2", "d1"]))
    return (memory.translations.lookup(signature, ["Hallo.", "Neu."]),
            memory.summaries.lookup({"model": "s"}, "p", "Hallo."),
            sorted(memory.versions.lookup("a.txt")))


with _session(ray):
    memory = start_memory_actor(ray, cache)
    print(ray.get(ray.remote(work).remote(memory)))
with TranslationMemory.in_folder(cache) as stored:  # the driver's view of the same file
    print(stored.translations.lookup(signature, ["Hallo."]),
          stored.summaries.lookup({"model": "s"}, "p", "Hallo."),
          sorted(stored.versions.lookup("a.txt")))
"""


def test_a_worker_reaches_each_table_through_the_memory_actor(tmp_path):
    """The store's tables, asked from a Ray worker through the actor's typed proxies (the
    generators a stage passes arrive as their items), land in the driver's memory file."""
    env = {**os.environ, **RAY_ENV}
    result = subprocess.run([sys.executable, "-c", WORKER_SCRIPT, str(tmp_path / "cache")],
                            capture_output=True, text=True, env=env, timeout=300, cwd=ROOT)
    assert result.returncode == 0, result.stderr[-3000:]
    hello = "{'Hallo.': Translation(text='Hello.', score=-0.5, capped=False)}"
    assert result.stdout.splitlines() == [f"({hello}, 'Hi.', ['d1', 'd2'])",
                                          f"{hello} Hi. ['d1', 'd2']"]
