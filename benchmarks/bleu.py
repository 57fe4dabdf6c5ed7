"""Translation quality on WMT 2021 news: BLEU and chrF (sacrebleu) of the 1,000 German lines of
newstest2021 de-en against each of its two human references and against both together.

It runs the real Translator (the engine and precision you choose), so it tells whether an
engine or int8 costs quality: CTranslate2 reports int8 within 0.3 BLEU of fp32 for opus-mt.
It needs real weights (Helsinki-NLP/opus-mt-de-en) and ../shared/eval (not part of the repo);
on a random-weights stand-in it runs, but the scores are near zero.

    python benchmarks/bleu.py --model ID|DIR [--engine auto|torch|ctranslate2]
                              [--quantize auto|none|int8] [--device auto|cpu|cuda]
                              [--beams 4] [--lines N] [--cache-dir DIR]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
WMT = ROOT.parent / "shared" / "eval" / "wmt21"
SOURCE, REFERENCES = "newstest2021.de-en.src.de", ("newstest2021.de-en.ref.A.en",
                                                   "newstest2021.de-en.ref.B.en")


def read_lines(path: Path, count: int | None) -> list[str]:
    lines = path.read_text(encoding="utf-8").splitlines()
    return lines[:count] if count else lines


def scores(hypotheses: list[str], references: list[list[str]]) -> tuple[float, float]:
    """Corpus BLEU and chrF of `hypotheses` against one or more reference streams."""
    import sacrebleu

    return (sacrebleu.corpus_bleu(hypotheses, references).score,
            sacrebleu.corpus_chrf(hypotheses, references).score)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--model", required=True, help="a Hugging Face model id or folder")
    parser.add_argument("--engine", default="auto", help="auto, torch or ctranslate2")
    parser.add_argument("--quantize", default="auto", help="auto, none or int8")
    parser.add_argument("--device", default="auto", help="auto, cpu, cuda or mps")
    parser.add_argument("--beams", type=int, default=4)
    parser.add_argument("--lines", type=int, help="only the first N lines")
    parser.add_argument("--data", type=Path, default=WMT, help="folder of the WMT21 files")
    parser.add_argument("--cache-dir", type=Path, default=ROOT / "cache")
    args = parser.parse_args(argv)
    if not (args.data / SOURCE).is_file():
        print(f"bleu: {args.data / SOURCE} is missing (../shared/eval is not part of the repo)",
              file=sys.stderr)
        return 2

    from translate.errors import TranslateError
    from translate.model.device import pick_device
    from translate.model.engines import choose, model_type
    from translate.model.resolve import resolve
    from translate.model.translator import Translator
    from translate.settings import Decoding

    sources = read_lines(args.data / SOURCE, args.lines)
    references = [read_lines(args.data / name, args.lines) for name in REFERENCES]
    try:
        device = pick_device(args.device)
        model = resolve(args.model, args.cache_dir, offline=False)
        engine = choose(args.engine, args.quantize, device, model_type(model.path))
        translator = Translator.load(model, device, Decoding(beams=args.beams), engine,
                                     args.cache_dir)
    except TranslateError as exc:
        print(f"bleu: {exc}", file=sys.stderr)
        return 1
    started = time.perf_counter()
    hypotheses = [t.text for t in translator.translate(sources)]
    seconds = time.perf_counter() - started
    print(f"{args.model} ({model.revision[:16]}), {engine.name} {engine.compute} on {device}, "
          f"beam {args.beams}: {len(sources)} lines in {seconds:.1f} s")
    print(f"{'references':12} {'BLEU':>6} {'chrF':>6}")
    for label, refs in (("A", references[:1]), ("B", references[1:]), ("A+B", references)):
        bleu, chrf = scores(hypotheses, refs)
        print(f"{label:12} {bleu:6.2f} {chrf:6.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
