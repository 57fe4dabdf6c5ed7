"""The prepared GPU check: one run on one GPU machine, no network, at most about 6 minutes.

    python -m benchmarks.gpu [--wmt FILE] [--cache-dir DIR]   # on a CUDA machine
    python -m benchmarks.gpu --dry-run                        # the same steps on this CPU

Steps, each timed, each failure a row of the table rather than the end of the check:

1. what the machine has: torch and CUDA, the GPU, CTranslate2 and whether it can run there
   (its CUDA 12 libraries load: translate.model.engines.cuda_libraries);
2. the trained full-size stand-in (opus-mt-de-en's shape), trained on the GPU;
3. `translate run` on the sample with --device cuda, as a user starts it, once per engine
   (auto, torch, and CTranslate2 where it can run): the English against the stand-in's known
   English, the engine chosen, and the cold process timed from spawn to exit with its phases;
4. where the first half-precision call's seconds go: generate() on the sample, five calls in
   a fresh process each, for fp32, fp16 and bf16 with PyTorch's SDPA attention, and fp16 with
   transformers' eager attention;
5. the speed harness's GPU rows on the WMT 2021 lines (--copies 4, forced lengths, beam 4):
   our Translator (fp32, fp16, CTranslate2 where it runs) against generate() alone at its best
   batch size; the naive loop on the first 100 lines;
6. `--runner ray` with a GPU actor, where Ray is installed.

The machine reaches no package registry: pure-Python dependencies travel as wheels, and
../shared does not travel, so pass --wmt with a copy of newstest2021.de-en.src.de inside the
checkout (see the device tool's README).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "seeds" / "putin-kim-wostotschny.txt"
STEP_SECONDS = 240  # one step's limit
PROBE = """
import json, sys, time, torch
from transformers import AutoModelForSeq2SeqLM, AutoTokenizer
folder, device, dtype, attention, texts = sys.argv[1:6]
texts = json.loads(texts)
started = time.perf_counter()
tokenizer = AutoTokenizer.from_pretrained(folder)
model = AutoModelForSeq2SeqLM.from_pretrained(folder, dtype=getattr(torch, dtype),
                                              attn_implementation=attention).to(device).eval()
loaded = time.perf_counter() - started
inputs = tokenizer(texts, return_tensors="pt", padding=True).to(device)
calls = []
for _ in range(5):
    begun = time.perf_counter()
    with torch.inference_mode():
        model.generate(**inputs, num_beams=4)
    if device == "cuda":
        torch.cuda.synchronize()
    calls.append(time.perf_counter() - begun)
print(json.dumps({"load": loaded, "calls": calls}))
"""


class Table:
    """The rows of the one table the check prints."""

    def __init__(self) -> None:
        self.rows: list[tuple[str, str, str]] = []

    def step(self, name: str, work: Callable[[], str]) -> None:
        started = time.perf_counter()
        try:
            result = work()
        except Exception as exc:  # a failed step is a row, and the check goes on
            result = f"FAILED: {type(exc).__name__}: {str(exc).strip()[-400:]}"
        self.rows.append((name, result, f"{time.perf_counter() - started:.1f}"))
        print(f"gpu: {name}: {result}", file=sys.stderr, flush=True)

    def print(self) -> None:
        width = max(len(name) for name, _, _ in self.rows)
        print(f"\n{'step':{width}}  {'seconds':>7}  result")
        for name, result, seconds in self.rows:
            print(f"{name:{width}}  {seconds:>7}  {result}")


def _run(command: list[str], env: dict[str, str] | None = None,
         timeout: float = STEP_SECONDS) -> subprocess.CompletedProcess:
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=timeout,
                          env={**os.environ, "HF_HUB_OFFLINE": "1", **(env or {})})
    if done.returncode:
        raise RuntimeError(f"exit {done.returncode}: {done.stderr.strip()[-600:]}")
    return done


def machine(device: str) -> str:
    import torch

    from translate.model.engines import ct2_problem

    gpu = (f"{torch.cuda.get_device_name(0)}, CUDA {torch.version.cuda}"
           if torch.cuda.is_available() else "no CUDA GPU")
    try:
        import ctranslate2

        ct2 = (f"ctranslate2 {ctranslate2.__version__} sees "
               f"{ctranslate2.get_cuda_device_count()} GPU(s); "
               f"on {device}: {ct2_problem(device) or 'runs'}")
    except ImportError:
        ct2 = "ctranslate2 not installed"
    return f"torch {torch.__version__}, {gpu}; {ct2}"


def sample_english(model: Path, device: str, engine: str, out: Path, cache: Path) -> str:
    """`translate run` on the sample, twice (the first converts for CTranslate2 where it runs);
    the second, a cold process like any later run, is timed from spawn to exit."""
    from tests.standin.pairs import pairs

    target = out / f"{engine}.json"
    command = [sys.executable, "-m", "translate", "run", str(SAMPLE), "--model", str(model),
               "--device", device, "--engine", engine, "-o", str(target), "--no-memory",
               "--cache-dir", str(cache), "--force", "--verbose"]
    _run(command)
    started = time.perf_counter()
    done = _run(command)
    seconds = time.perf_counter() - started
    document = json.loads(target.read_text(encoding="utf-8"))
    known = dict(pairs())
    units = [unit for section in document["sections"] for unit in _units(section)]
    titled = [document["title"], *units]
    exact = sum(unit["en"] == known.get(unit["de"]) for unit in titled)
    flags = sum(bool(unit.get("qa")) for unit in titled)
    translator = document["run"]["translator"]
    phases = next((line.removeprefix("translate: time: ") for line in done.stderr.splitlines()
                   if line.startswith("translate: time:")), "")
    return (f"{translator['engine']} {translator['compute']}: {exact}/{len(titled)} exact, "
            f"{flags} QA flags; cold process {seconds:.2f} s ({phases})")


def _units(section: dict) -> list[dict]:
    heading = [section["heading"]] if section.get("heading") else []
    return heading + [s for p in section["paragraphs"] for s in p["sentences"]]


def warm_up(model: Path, device: str, dtype: str, attention: str) -> str:
    from translate.sources.readers import read_file

    texts = [unit.de for unit in read_file(SAMPLE).units()]
    done = _run([sys.executable, "-c", PROBE, str(model), device, dtype, attention,
                 json.dumps(texts)])
    result = json.loads(done.stdout.strip().splitlines()[-1])
    calls = ", ".join(f"{seconds:.2f}" for seconds in result["calls"])
    return f"load {result['load']:.2f} s; generate() calls: {calls} s"


def speed(args: argparse.Namespace, device: str, engines: str, extra: list[str]) -> str:
    done = _run([sys.executable, "-m", "benchmarks.speed", "--device", device, "--engines",
                 engines, "--cache-dir", str(args.cache_dir), "--wmt", str(args.wmt), *extra],
                timeout=STEP_SECONDS * 2)
    table = done.stdout.strip().split("\n\n")[-1]
    return "\n" + table


def ray_run(model: Path, device: str, out: Path, cache: Path) -> str:
    import importlib.util

    if importlib.util.find_spec("ray") is None:
        return "Ray is not installed: skipped"
    folder = out / "ray-in"
    folder.mkdir()
    for i in range(4):
        shutil.copy(SAMPLE, folder / f"article-{i}.txt")
    started = time.perf_counter()
    _run([sys.executable, "-m", "translate", "run", str(folder), "-o", str(out / "ray-out"),
          "--runner", "ray", "--model", str(model), "--device", device, "--no-memory",
          "--cache-dir", str(cache), "-f", "json"])
    seconds = time.perf_counter() - started
    written = sorted((out / "ray-out").glob("*.json"))
    engines = {json.loads(p.read_text())["run"]["translator"]["engine"] for p in written}
    return f"{len(written)} articles written by {', '.join(sorted(engines))} in {seconds:.1f} s"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--dry-run", action="store_true",
                        help="the same steps on the CPU, with the tiny trained stand-in and a "
                        "few lines: checks the script, measures nothing")
    parser.add_argument("--wmt", type=Path,
                        default=ROOT.parent / "shared/eval/wmt21/newstest2021.de-en.src.de")
    parser.add_argument("--cache-dir", type=Path, default=ROOT / "cache")
    args = parser.parse_args(argv)
    device, size = ("cpu", "tiny") if args.dry_run else ("cuda", "full")
    from tests.standin import trained_standin
    from translate.model.engines import ct2_problem

    table = Table()
    table.step("machine", lambda: machine(device))
    model = args.cache_dir / "benchmarks" / f"standin-{size}-trained"
    table.step(f"trained {size} stand-in", lambda: str(trained_standin(model, size)))
    ct2 = ct2_problem(device) is None
    with tempfile.TemporaryDirectory() as temp:
        out, cache = Path(temp), Path(temp) / "cache"
        for engine in ("auto", "torch", *(["ctranslate2"] if ct2 else [])):
            table.step(f"translate run, --engine {engine}",
                       lambda e=engine: sample_english(model, device, e, out, cache))
        for dtype, attention in (("float32", "sdpa"), ("float16", "sdpa"),
                                 ("bfloat16", "sdpa"), ("float16", "eager")):
            if device == "cuda" or dtype == "float32":
                table.step(f"warm-up, {dtype} {attention}",
                           lambda d=dtype, a=attention: warm_up(model, device, d, a))
        ours = ",".join(["torch", *(["torch-fp16"] if device == "cuda" else []),
                         "generate", *(["ct2", "ct2-int8"] if ct2 else [])])
        work = (["--input", "sample", "--repeat", "2"] if args.dry_run else
                ["--input", "wmt", "--copies", "4", "--repeat", "2"])
        table.step("speed, ours and generate()", lambda: speed(args, device, ours, work))
        naive = ["--input", "sample"] if args.dry_run else ["--input", "wmt", "--lines", "100"]
        table.step("speed, naive", lambda: speed(args, device, "naive,torch", naive))
        table.step("--runner ray", lambda: ray_run(model, device, out, cache))
    table.print()
    return 0 if all("FAILED" not in result for _, result, _ in table.rows) else 1


if __name__ == "__main__":
    sys.exit(main())
