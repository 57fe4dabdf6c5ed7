"""How the models use the CPUs (translate.model.threads): OpenMP threads that spin briefly,
then sleep, set before any model library loads its OpenMP, and torch's threads following the
CPUs this process may use. Each check runs in a child process: both are process-wide."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "seeds" / "putin-kim-wostotschny.txt"

# Records how OpenMP threads will wait as each model library is first imported; runs the CLI
WATCH_IMPORTS = """
import json, os, sys
seen = {}
class Watch:
    def find_spec(self, name, path=None, target=None):
        if name in ("torch", "ctranslate2", "llama_cpp") and name not in seen:
            seen[name] = [os.environ.get(v) for v in ("OMP_WAIT_POLICY", "GOMP_SPINCOUNT")]
        return None
sys.meta_path.insert(0, Watch())
sys.argv = ["translate", *sys.argv[1:]]
try:
    from translate.cli import main
    main()
finally:
    print(json.dumps(seen), file=sys.stderr)
"""


def child(code: str, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    environment = {k: v for k, v in os.environ.items()
                   if k not in ("OMP_WAIT_POLICY", "GOMP_SPINCOUNT", "OMP_NUM_THREADS")}
    return subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True,
                          env={**environment, "PYTHONPATH": str(ROOT), **env}, cwd=ROOT,
                          timeout=600, check=False)


@pytest.mark.parametrize("engine", ["torch", "ctranslate2"])
def test_model_libraries_load_with_passive_waiting(engine, trained_model_dir, tmp_path):
    if engine == "ctranslate2":
        pytest.importorskip("ctranslate2")
    done = child(WATCH_IMPORTS, "run", str(SAMPLE), "--model", str(trained_model_dir),
                 "--engine", engine, "--no-memory", "-o", str(tmp_path / "out.md"))
    assert done.returncode == 0, done.stderr
    seen = json.loads(done.stderr.splitlines()[-1])  # library: the variables as it loaded
    assert engine in seen and all(wait == ["PASSIVE", "200"] for wait in seen.values()), seen


@pytest.mark.parametrize("chosen", [{"OMP_WAIT_POLICY": "ACTIVE"}, {"GOMP_SPINCOUNT": "5"}])
def test_how_threads_wait_is_left_to_a_user_who_chose(chosen):
    done = child("import os, translate.model; "
                 "print(os.getenv('OMP_WAIT_POLICY'), os.getenv('GOMP_SPINCOUNT'))", **chosen)
    assert done.stdout.split() == [chosen.get("OMP_WAIT_POLICY", "None"),
                                   chosen.get("GOMP_SPINCOUNT", "None")], done.stderr


@pytest.mark.skipif(len(os.sched_getaffinity(0)) < 2, reason="needs two CPUs to narrow to one")
def test_torch_threads_follow_the_cpus_this_process_may_use(trained_model_dir):
    """torch counts the CPUs once, as it loads; the process is then narrowed to one CPU (as
    taskset or a container's CPU list would), and loading a model sets torch's threads anew."""
    code = textwrap.dedent(f"""
        import os, torch
        before = torch.get_num_threads()
        os.sched_setaffinity(0, {{min(os.sched_getaffinity(0))}})
        from pathlib import Path
        from translate.model.engines import EngineChoice
        from translate.model.engines.torch_engine import TorchEngine
        from translate.model.resolve import resolve
        source = resolve({str(trained_model_dir)!r}, Path({str(ROOT / "cache")!r}), True)
        TorchEngine.load(source, None, "cpu", EngineChoice("torch", "float32"), Path("."))
        print(before, torch.get_num_threads())
    """)
    done = child(code)
    assert done.stdout.split() == [str(len(os.sched_getaffinity(0))), "1"], done.stderr


@pytest.mark.skipif(len(os.sched_getaffinity(0)) < 2, reason="needs two CPUs, one kept busy")
def test_a_cpu_another_process_keeps_busy_is_not_idle():
    from translate.model.threads import idle_cpus

    cpu = min(os.sched_getaffinity(0))
    spinner = subprocess.Popen([sys.executable, "-c", "while True: pass"],
                               preexec_fn=lambda: os.sched_setaffinity(0, {cpu}))
    try:
        time.sleep(0.3)
        assert 1 <= idle_cpus(0.3) < len(os.sched_getaffinity(0))
    finally:
        spinner.kill()
        spinner.wait()
