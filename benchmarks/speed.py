"""Speed and memory of every translation engine on the same work, against the naive baseline.

Engines (each in a fresh Python process, so one's memory never counts against another's):

- ``naive``          the baseline most scripts use: one generate() call per sentence, beam B,
                     fp32, transformers' default settings otherwise;
- ``torch``          our Translator, torch engine (batched by length, inference_mode, KV cache);
- ``torch-int8``     the same with torch's dynamic int8 quantisation (CPU only);
- ``ct2-int8``       our Translator, CTranslate2 engine, int8 (``int8_float16`` on CUDA);
- ``ct2``            the same in fp32 (fp16 on CUDA);
- ``torch-fp16``     our Translator, torch engine in half precision (CUDA only);
- ``generate``       transformers' generate() alone, fp32, sentences sorted by length, at the
                     best of GPU_BATCHES sentences a batch (each tried after a warm-up call):
                     what the engine around it is measured against;
- ``ct2-standalone`` CTranslate2 int8 used directly, as its documentation shows: the model's
                     tokenizer, one translate_batch() call over all sentences
                     (max_batch_size = --batch-size), detokenised — no Translator around it.

The model is the full-size stand-in (opus-mt-de-en's shape, random weights: the same compute
per token as the real model), built once into ``--cache-dir``/benchmarks and reused. Its own
SentencePiece model is trained on a few dozen lines and would cut German into about 4.5 tokens
a word; opus-mt-de-en's cuts news German into about 1.4. So the harness gives the stand-in a
source SentencePiece model trained on the benchmark's own German, with the vocabulary size
chosen so the text comes out at 1.4 pieces per word (the weights are shared; only the tokenizer
files differ). Every engine then reads the same token ids.

Random weights never end a sentence, so every engine is made to produce exactly --tokens
output tokens per sentence (end token included; default: the mean input length, as German
and English come out about equally long in opus-mt's shared vocabulary): our engines through
the Translator's length cap (0 × input + tokens − 1, then the end token), the naive baseline
with min/max_new_tokens, standalone CTranslate2 with min/max_decoding_length. The table shows
the tokens each engine actually produced, so unequal work would show.

Columns: model loading (from the cache: the CTranslate2 conversion is done, and timed, before
the engines run), the first translation in the process (warm-up included), the fastest of
--repeat, target tokens per second, peak resident memory of the process (imports, model and
translation), and speed relative to the naive baseline; the extractive summary of the sample
is timed separately.

With ``--trained`` the model is the *trained* full-size stand-in instead
(tests.standin: opus-mt-de-en's shape, trained until beam search reproduces the sample's
English), with its own tokenizer, and nothing forces output lengths: every engine decodes until
the model ends each sentence, as the real model does. The work is then what a user waits for,
and one more row times it whole:

- ``cli``            ``translate run`` on the sample as a cold process (interpreter start,
                     imports, reading, model loading, translation, summaries, writing; the
                     CTranslate2 conversion is cached, the translation memory off), timed by
                     the parent from spawn to exit, with the process's peak memory and the
                     phase times its ``--verbose`` line reports.

    python -m benchmarks.speed [--input sample|wmt] [--copies N] [--lines N] [--beams 4]
                               [--tokens N] [--engines naive,torch,...] [--device cpu|cuda]
                               [--repeat N] [--rounds N] [--trained]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import re
import resource
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "seeds" / "putin-kim-wostotschny.txt"
WMT_SOURCE = ROOT.parent / "shared" / "eval" / "wmt21" / "newstest2021.de-en.src.de"
PIECES_PER_WORD = 1.4  # opus-mt-de-en's SentencePiece on German news
GPU_BATCHES = (64, 128, 256)  # generate() alone, sentences a batch
CPU_ENGINES = ("naive", "torch", "torch-int8", "ct2", "ct2-int8", "ct2-standalone")
CUDA_ENGINES = ("naive", "torch", "torch-fp16", "generate", "ct2", "ct2-int8", "ct2-standalone")
TRAINED_ENGINES = ("naive", "ct2-int8", "ct2-standalone", "cli")
OURS = {"torch": ("torch", "none"), "torch-int8": ("torch", "int8"),
        "torch-fp16": ("torch", "float16"),
        "ct2": ("ctranslate2", "none"), "ct2-int8": ("ctranslate2", "int8")}


# --- the work: texts, and a stand-in whose tokenizer cuts them like opus-mt's ----------------

def load_texts(kind: str, copies: int, lines: int | None, wmt: Path = WMT_SOURCE) -> list[str]:
    if kind == "sample":
        from translate.sources.readers import read_file

        texts = [unit.de for unit in read_file(SAMPLE).units()]
    else:
        if not wmt.is_file():
            sys.exit(f"speed: {wmt} is missing (../shared/eval is not part of the repo)")
        texts = [line.strip() for line in wmt.read_text(encoding="utf-8").splitlines()
                 if line.strip()]
    texts = texts[:lines] if lines else texts
    # copies are made distinct so the Translator's de-duplication cannot skip them
    return [text if i == 0 else f"{text} ({i})" for i in range(copies) for text in texts]


def benchmark_model(texts: list[str], cache: Path) -> Path:
    """The full-size stand-in with a source tokenizer trained on `texts` to cut them at about
    PIECES_PER_WORD pieces a word; weights and config are links to one shared build."""
    from tests.standin import build_standin

    base = cache / "standin-full"
    if not (base / "model.safetensors").is_file():
        print(f"building the full-size stand-in in {base} (once)", file=sys.stderr)
        build_standin(base, size="full")
    digest = hashlib.sha256("\n".join(sorted(set(texts))).encode()).hexdigest()[:12]
    folder = cache / f"standin-full-{digest}"
    if (folder / "vocab.json").is_file():
        return folder
    temp = Path(tempfile.mkdtemp(prefix=f".{folder.name}.", dir=cache))
    for name in ("config.json", "generation_config.json", "model.safetensors", "standin.json",
                 "target.spm", "tokenizer_config.json"):
        (temp / name).symlink_to((base / name).resolve())
    proto = _realistic_spm(sorted(set(texts)))
    (temp / "source.spm").write_bytes(proto)
    vocab = json.loads((base / "vocab.json").read_text(encoding="utf-8"))
    (temp / "vocab.json").write_text(json.dumps(_with_pieces(vocab, proto), ensure_ascii=False),
                                     encoding="utf-8")
    os.replace(temp, folder)
    return folder


def _realistic_spm(lines: list[str]) -> bytes:
    """A BPE SentencePiece model for `lines`, its size bisected to PIECES_PER_WORD (a unigram
    model trained on so little text stops growing at a few hundred pieces)."""
    import io

    import sentencepiece as spm

    words = sum(len(line.split()) for line in lines)
    low, high = 100, 4 * len({word for line in lines for word in line.split()}) + 200
    best: tuple[float, bytes] | None = None
    for _ in range(9):
        size = (low + high) // 2
        buffer = io.BytesIO()
        spm.SentencePieceTrainer.train(
            sentence_iterator=iter(lines), model_writer=buffer, vocab_size=size,
            model_type="bpe", character_coverage=1.0, hard_vocab_limit=False, num_threads=1,
            minloglevel=2)
        sp = spm.SentencePieceProcessor(model_proto=buffer.getvalue())
        rate = sum(len(sp.encode(line)) for line in lines) / words
        if best is None or abs(rate - PIECES_PER_WORD) < best[0]:
            best = (abs(rate - PIECES_PER_WORD), buffer.getvalue())
        low, high = (size, high) if rate > PIECES_PER_WORD else (low, size)
    assert best is not None
    return best[1]


def _with_pieces(vocab: dict[str, int], proto: bytes) -> dict[str, int]:
    """`vocab` with the new model's pieces in place of placeholder entries (same size)."""
    import sentencepiece as spm

    from tests.standin import PLACEHOLDER_PREFIX

    sp = spm.SentencePieceProcessor(model_proto=proto)
    new = [sp.id_to_piece(i) for i in range(sp.get_piece_size())
           if not (sp.is_control(i) or sp.is_unknown(i)) and sp.id_to_piece(i) not in vocab]
    free = [piece for piece in vocab if piece.startswith(PLACEHOLDER_PREFIX)]
    for piece, placeholder in zip(new, free, strict=False):
        vocab[piece] = vocab.pop(placeholder)
    return vocab


# --- one engine, in a child process ----------------------------------------------------------

def run_engine(name: str, model: Path, texts: list[str], args: argparse.Namespace) -> dict:
    """Load, translate (--repeat times; the fastest counts), measure: what the child process
    prints as JSON."""
    started = time.perf_counter()
    translate, extra = _loader(name)(model, args)
    loaded = time.perf_counter()
    seconds, produced = [], 0
    for _ in range(args.repeat):
        begun = time.perf_counter()
        produced = translate(texts)
        seconds.append(time.perf_counter() - begun)
    # generate() alone reports its best batch size's pass (its warm-up and the others apart)
    return {"engine": name, "load_s": loaded - started, "translate_s": min(seconds),
            "runs_s": seconds, "tokens": produced, "sentences": len(texts), **extra(),
            "rss_mb": _peak_rss_mb()}


def _peak_rss_mb() -> float:
    """This process's peak resident memory. On Linux from VmHWM, which starts afresh at exec
    (getrusage's ru_maxrss would include the parent's memory at fork)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return rss / 2**20 if sys.platform == "darwin" else rss / 1024


def _loader(name: str):
    if name == "naive":
        return _naive
    if name == "generate":
        return _generate_alone
    if name == "ct2-standalone":
        return _standalone
    return lambda model, args: _ours(name, model, args)


def _naive(model: Path, args: argparse.Namespace):
    import torch
    from transformers import AutoModelForSeq2SeqLM, AutoTokenizer

    tokenizer = AutoTokenizer.from_pretrained(model)
    marian = AutoModelForSeq2SeqLM.from_pretrained(model).to(args.device).eval()

    def translate(texts: list[str]) -> int:
        produced = 0
        for text in texts:
            inputs = tokenizer([text], return_tensors="pt").to(args.device)
            with torch.no_grad():
                out = marian.generate(**inputs, num_beams=args.beams, **_forced(args, "new_tokens"))
            produced += int((out[0, 1:] != marian.config.pad_token_id).sum())
            tokenizer.decode(out[0], skip_special_tokens=True)
        return produced

    return translate, dict


def _generate_alone(model: Path, args: argparse.Namespace):
    """generate() on length-sorted batches; the batch size of the fastest pass is kept."""
    import torch
    from transformers import AutoModelForSeq2SeqLM, AutoTokenizer

    tokenizer = AutoTokenizer.from_pretrained(model)
    marian = AutoModelForSeq2SeqLM.from_pretrained(model).to(args.device).eval()
    best: dict[str, Any] = {}

    def run(texts: list[str], size: int) -> int:
        produced = 0
        for start in range(0, len(texts), size):
            inputs = tokenizer(texts[start:start + size], return_tensors="pt",
                               padding=True).to(args.device)
            with torch.inference_mode():
                out = marian.generate(**inputs, num_beams=args.beams,
                                      **_forced(args, "new_tokens"))
            produced += int((out[:, 1:] != marian.config.pad_token_id).sum())
            tokenizer.batch_decode(out, skip_special_tokens=True)
        return produced

    def translate(texts: list[str]) -> int:
        ordered = sorted(texts, key=len, reverse=True)
        run(ordered[:GPU_BATCHES[0]], GPU_BATCHES[0])  # warm-up, not timed by the caller's best
        produced = 0
        for size in GPU_BATCHES if args.device == "cuda" else (args.batch_size or 16,):
            started = time.perf_counter()
            produced = run(ordered, size)
            seconds = time.perf_counter() - started
            if not best or seconds < best["seconds"]:
                best.update(seconds=seconds, batch=size)
        return produced

    return translate, lambda: {"compute": f"float32, batch {best.get('batch')}",
                               "translate_s": best["seconds"]}


def _standalone(model: Path, args: argparse.Namespace):
    import ctranslate2
    from transformers import AutoTokenizer

    from translate.model.engines.ct2_engine import converted
    from translate.model.resolve import resolve

    source = resolve(str(model), args.cache_dir, offline=True)
    compute = "int8_float16" if args.device == "cuda" else "int8"
    translator = ctranslate2.Translator(str(converted(source, compute, args.cache_dir)),
                                        device=args.device, compute_type=compute,
                                        intra_threads=os.cpu_count() or 0)
    tokenizer = AutoTokenizer.from_pretrained(model)

    def translate(texts: list[str]) -> int:
        tokens = [tokenizer.convert_ids_to_tokens(tokenizer(t)["input_ids"]) for t in texts]
        results = translator.translate_batch(
            tokens, beam_size=args.beams,
            max_batch_size=args.batch_size or (256 if args.device == "cuda" else 16),
            **_forced(args, "decoding_length"))
        for result in results:
            tokenizer.decode(tokenizer.convert_tokens_to_ids(result.hypotheses[0]),
                             skip_special_tokens=True)
        ends = 0 if args.tokens else len(results)  # natural lengths: the end tokens too
        return sum(len(result.hypotheses[0]) for result in results) + ends

    return translate, dict


def _forced(args: argparse.Namespace, suffix: str) -> dict[str, int]:
    """min_/max_`suffix` keywords that make exactly --tokens output tokens (end included);
    none with --trained, whose model ends its sentences by itself."""
    if not args.tokens:
        return {}
    shorter = 1 if suffix == "new_tokens" else 0  # generate() counts the end token apart
    return {f"min_{suffix}": args.tokens - shorter, f"max_{suffix}": args.tokens}


def _ours(name: str, model: Path, args: argparse.Namespace):
    from translate.model.engines import choose
    from translate.model.resolve import resolve
    from translate.model.translator import Translator
    from translate.settings import Decoding

    engine, quantize = OURS[name]
    source = resolve(str(model), args.cache_dir, offline=True)
    caps = {"length_ratio": 0.0, "length_margin": args.tokens - 1} if args.tokens else {}
    decoding = Decoding(beams=args.beams, batch_size=args.batch_size,
                        batch_tokens=args.batch_tokens, **caps)
    choice = choose(engine, quantize, args.device, "marian")
    translator = Translator.load(source, args.device, decoding, choice, args.cache_dir)
    counted = []
    decode = translator.engine.decode

    def counting(*decode_args: Any, **kwargs: Any) -> Any:  # outputs plus their end tokens
        outputs = decode(*decode_args, **kwargs)
        counted.extend(len(output.ids) + 1 for output in outputs)
        return outputs

    translator.engine.decode = counting  # type: ignore[method-assign]
    results: list[Any] = []

    def translate(texts: list[str]) -> int:
        counted.clear()
        results[:] = translator.translate(texts)
        return sum(counted)

    def summary() -> dict[str, Any]:
        if args.input != "sample" or args.copies != 1 or args.lines:
            return {"compute": choice.compute}
        return {"compute": choice.compute, "summary_s": _summarise(results)}

    return translate, summary


def _summarise(results: list[Any]) -> float:
    """Seconds the default (extractive) summariser takes on the translated sample."""
    from translate.settings import Settings
    from translate.sources.readers import read_file
    from translate.summarizers import make_summarizer

    document = read_file(SAMPLE)
    for unit, result in zip(document.units(), results, strict=True):
        unit.en, unit.score = result.text, result.score
    started = time.perf_counter()
    make_summarizer(Settings(inputs=()), None).summarize(document)
    return time.perf_counter() - started


# --- the parent: prepare once, run every engine, print the table -----------------------------

def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--input", choices=["sample", "wmt"], default="sample",
                        help="the sample article, or the 1,000 German lines of WMT 2021 "
                        "(../shared/eval)")
    parser.add_argument("--wmt", type=Path, default=WMT_SOURCE,
                        help="the WMT 2021 German lines (default: in ../shared/eval)")
    parser.add_argument("--copies", type=int, default=1, help="translate N copies of the input")
    parser.add_argument("--lines", type=int, help="only the first N texts of the input")
    parser.add_argument("--beams", type=int, default=4)
    parser.add_argument("--tokens", type=int, help="output tokens per sentence, end included "
                        "(default: the mean input length in tokens)")
    parser.add_argument("--batch-size", type=int, default=None)
    parser.add_argument("--batch-tokens", type=int, default=None)
    parser.add_argument("--device", choices=["cpu", "cuda"], default="cpu")
    parser.add_argument("--repeat", type=int, default=1,
                        help="translate N times in each process and keep the fastest")
    parser.add_argument("--rounds", type=int, default=1,
                        help="run the engines N times in turn, each in a new process, and keep "
                        "each engine's fastest")
    parser.add_argument("--engines", help="comma-separated; default: every one for the device")
    parser.add_argument("--trained", action="store_true",
                        help="the trained full-size stand-in, natural output lengths, and the "
                        "whole cold `translate run` as a row (engines naive, ct2-int8, "
                        "ct2-standalone, cli)")
    parser.add_argument("--cache-dir", type=Path, default=ROOT / "cache")
    parser.add_argument("--cli-engine", default="ctranslate2",
                        help="the engine of the cli row (auto: what a user gets)")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--model", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--texts", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        texts = json.loads(args.texts.read_text(encoding="utf-8"))
        print(json.dumps(run_engine(args.child, args.model, texts, args)))
        return 0
    return _parent(args)


def _parent(args: argparse.Namespace) -> int:
    texts = load_texts(args.input, args.copies, args.lines, args.wmt)
    cache = args.cache_dir / "benchmarks"
    cache.mkdir(parents=True, exist_ok=True)
    if args.trained:
        from tests.standin import trained_standin

        print("the trained full-size stand-in (built once, minutes)", file=sys.stderr)
        model = trained_standin(cache / "standin-full-trained", "full")
    else:
        model = benchmark_model(texts, cache)
    lengths = _input_lengths(model, texts)
    words = sum(len(text.split()) for text in texts)
    if not args.trained:
        args.tokens = args.tokens or round(sum(lengths) / len(lengths))
    engines = (args.engines.split(",") if args.engines else
               list(TRAINED_ENGINES if args.trained else
                    CUDA_ENGINES if args.device == "cuda" else CPU_ENGINES))
    if "cli" in engines and (args.input != "sample" or args.copies != 1 or args.lines):
        sys.exit("speed: the cli row runs `translate run` on the sample: use --input sample "
                 "with no --copies or --lines")
    conversions = _convert(model, engines, args)
    outputs = f"{args.tokens} output tokens each" if args.tokens else "natural output lengths"
    print(f"{len(texts)} texts, {words} words, {sum(lengths)} input tokens "
          f"({sum(lengths) / words:.2f} per word, end tokens included), {outputs}, "
          f"beam {args.beams}, batch {args.batch_size or 'sized for the device:'} sentences / "
          f"{args.batch_tokens or 'by'} tokens, {args.device}, {os.cpu_count()} CPUs, "
          f"best of {args.repeat} × {args.rounds} round(s)")
    for compute, seconds in conversions.items():
        print(f"CTranslate2 conversion ({compute}, first use only): {seconds:.1f} s")
    best: dict[str, dict] = {}
    with tempfile.TemporaryDirectory() as temp:
        texts_file = Path(temp) / "texts.json"
        texts_file.write_text(json.dumps(texts), encoding="utf-8")
        for round_ in range(args.rounds):  # engines interleaved, so a busy spell hits all
            for name in engines:
                row = (_cold_cli(model, Path(temp), args) if name == "cli" else
                       _child(name, model, texts_file, args))
                if name in best:  # the fastest run, with the highest peak of them all
                    row["rss_mb"] = max(row["rss_mb"], best[name]["rss_mb"])
                    row = min(row, {**best[name], "rss_mb": row["rss_mb"]},
                              key=lambda r: r["translate_s"])
                best[name] = row
                print(f"  done: {name} (round {round_ + 1})", file=sys.stderr)
    _table([best[name] for name in engines], (args.tokens or 0) * len(texts))
    return 0


def _cold_cli(model: Path, temp: Path, args: argparse.Namespace) -> dict:
    """`translate run` on the sample as a user starts it, timed from spawn to exit; its peak
    memory read from /proc while it runs (wait4's maxrss would count the parent's memory that
    a vfork-ed child starts with), its phases from the --verbose time line."""
    out = Path(tempfile.mkdtemp(dir=temp))
    command = [sys.executable, "-m", "translate", "run", str(SAMPLE), "--model", str(model),
               "-o", f"{out}/", "--cache-dir", str(args.cache_dir), "--no-memory",
               "--device", args.device, "--engine", args.cli_engine, "--beams", str(args.beams),
               *batch_options(args),
               "--verbose"]
    env = {**os.environ, "HF_HUB_OFFLINE": "1"}
    peak = [0.0]
    started = time.perf_counter()
    with subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL,
                          stderr=subprocess.PIPE, text=True) as child:
        watcher = threading.Thread(target=_watch_peak, args=(child, peak), daemon=True)
        watcher.start()
        stderr = child.stderr.read() if child.stderr else ""
        child.wait()
    seconds = time.perf_counter() - started
    watcher.join()
    if child.returncode:
        sys.exit(f"speed: translate run failed:\n{stderr[-2000:]}")
    times = next((line for line in stderr.splitlines() if line.startswith("translate: time:")),
                 "")
    phases = {name: float(value) for name, value in re.findall(r"(\w+) ([\d.]+) s", times)}
    return {"engine": "cli", "load_s": phases.get("load", 0.0), "translate_s": seconds,
            "runs_s": [seconds], "tokens": 0, "sentences": 0, "rss_mb": peak[0],
            "phases": phases}


def batch_options(args: argparse.Namespace) -> list[str]:
    """--batch-size and --batch-tokens where given; else the translator sizes its batches."""
    return [*(["--batch-size", str(args.batch_size)] if args.batch_size else []),
            *(["--batch-tokens", str(args.batch_tokens)] if args.batch_tokens else [])]


def _watch_peak(child: subprocess.Popen, peak: list[float]) -> None:
    """Keep the child's VmHWM (its peak resident memory, which only grows) until it exits."""
    status = Path(f"/proc/{child.pid}/status")
    while child.poll() is None:
        try:
            for line in status.read_text().splitlines():
                if line.startswith("VmHWM:"):
                    peak[0] = max(peak[0], int(line.split()[1]) / 1024)
        except (OSError, ValueError):
            pass
        time.sleep(0.01)


def _input_lengths(model: Path, texts: list[str]) -> list[int]:
    from transformers import AutoTokenizer

    tokenizer = AutoTokenizer.from_pretrained(model)
    return [len(ids) for ids in tokenizer(texts)["input_ids"]]


def _convert(model: Path, engines: list[str], args: argparse.Namespace) -> dict[str, float]:
    """Convert for CTranslate2 up front, so engines load from the cache; conversion times."""
    from translate.model.engines import choose
    from translate.model.engines.ct2_engine import converted
    from translate.model.resolve import resolve

    source = resolve(str(model), args.cache_dir, offline=True)
    wanted = {choose(*OURS[name], args.device, "marian").compute for name in engines
              if name in OURS and OURS[name][0] == "ctranslate2"}
    if "ct2-standalone" in engines:
        wanted.add("int8_float16" if args.device == "cuda" else "int8")
    seconds = {}
    for compute in sorted(wanted):
        started = time.perf_counter()
        converted(source, compute, args.cache_dir)
        seconds[compute] = time.perf_counter() - started
    return seconds


def _child(name: str, model: Path, texts_file: Path, args: argparse.Namespace) -> dict:
    command = [sys.executable, "-m", "benchmarks.speed", "--child", name, "--model", str(model),
               "--texts", str(texts_file), "--beams", str(args.beams),
               "--tokens", str(args.tokens or 0), *batch_options(args), "--device", args.device,
               "--cache-dir", str(args.cache_dir), "--input", args.input, "--wmt", str(args.wmt),
               "--repeat", str(args.repeat),
               "--copies", str(args.copies), *(["--lines", str(args.lines)] if args.lines else [])]
    env = {**os.environ, "TRANSFORMERS_VERBOSITY": "error", "HF_HUB_OFFLINE": "1"}
    done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True)
    if done.returncode:
        sys.exit(f"speed: {name} failed:\n{done.stderr[-2000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def _table(rows: list[dict], expected_tokens: int) -> None:
    """The table; `expected_tokens` 0 (natural lengths) expects every engine to produce what
    the others do, since a trained model's outputs do not depend on the engine."""
    baseline = next((r for r in rows if r["engine"] == "naive"), rows[0])
    print(f"\n{'engine':30} {'load s':>7} {'first s':>8} {'transl. s':>9} {'tokens':>7} "
          f"{'tok/s':>7} {'peak MB':>8} {'× ' + baseline['engine']:>9}")
    for row in rows:
        label = row["engine"] + (f" ({row['compute']})" if "compute" in row else "")
        tokens, speed = ((f"{row['tokens']:7d}", f"{row['tokens'] / row['translate_s']:7.0f}")
                         if row["tokens"] else (f"{'-':>7}", f"{'-':>7}"))
        print(f"{label:30} {row['load_s']:7.2f} {row['runs_s'][0]:8.2f} "
              f"{row['translate_s']:9.2f} {tokens} {speed} {row['rss_mb']:8.0f} "
              f"{baseline['translate_s'] / row['translate_s']:9.2f}")
    produced = {row["tokens"] for row in rows if row["tokens"]}
    uneven = [row["engine"] for row in rows if row["tokens"] and
              (row["tokens"] != expected_tokens if expected_tokens else len(produced) > 1)]
    if uneven:
        print(f"note: {', '.join(uneven)} produced other token counts "
              f"({', '.join(str(row['tokens']) for row in rows if row['tokens'])}): "
              "their work differs")
    summaries = [f"{row['engine']} {row['summary_s'] * 1000:.0f} ms" for row in rows
                 if "summary_s" in row]
    if summaries:
        print("extractive summaries of the sample (not in the times above): "
              + ", ".join(summaries))
    standalone = next((r for r in rows if r["engine"] == "ct2-standalone"), None)
    if standalone:
        for row in rows:
            if row["engine"].startswith("ct2-int8") or row["engine"] == "cli":
                print(f"{row['engine']} / ct2-standalone time: "
                      f"{row['translate_s'] / standalone['translate_s']:.3f}")
    for row in rows:
        if row.get("phases"):
            print("cli phases: " + ", ".join(f"{name} {seconds:.2f} s"
                                             for name, seconds in row["phases"].items()))

if __name__ == "__main__":
    sys.exit(main())
