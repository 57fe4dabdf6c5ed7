"""benchmarks/bleu.py end to end on the tiny model and a few WMT 2021 lines: it must run with
either engine and print BLEU and chrF against each reference and both (the tiny model's
scores mean nothing; real weights are needed for real figures)."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
WMT = ROOT.parent / "shared" / "eval" / "wmt21"

pytestmark = pytest.mark.skipif(not (WMT / "newstest2021.de-en.src.de").is_file(),
                                reason="needs ../shared/eval (not part of the repository)")


@pytest.mark.parametrize("engine", ["torch", "ctranslate2"])
def test_bleu_prints_scores_for_each_reference(tiny_model_dir: Path, cache_dir: Path, engine):
    if engine == "ctranslate2":
        pytest.importorskip("ctranslate2")
    pytest.importorskip("sacrebleu")
    done = subprocess.run(
        [sys.executable, "benchmarks/bleu.py", "--model", str(tiny_model_dir), "--engine", engine,
         "--device", "cpu", "--beams", "1", "--lines", "6", "--cache-dir", str(cache_dir)],
        cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert f"{engine} " in lines[0] and "6 lines" in lines[0]
    rows = {line.split()[0]: line.split()[1:] for line in lines[2:]}
    assert set(rows) == {"A", "B", "A+B"}
    for bleu, chrf in rows.values():
        assert re.fullmatch(r"\d+\.\d\d", bleu) and re.fullmatch(r"\d+\.\d\d", chrf)
        assert 0 <= float(bleu) <= 100 and 0 <= float(chrf) <= 100


def test_bleu_scores_a_perfect_hypothesis_at_100():
    """The scoring itself: the references against themselves."""
    pytest.importorskip("sacrebleu")
    from benchmarks.bleu import REFERENCES, read_lines, scores

    reference = read_lines(WMT / REFERENCES[0], 20)
    assert scores(reference, [reference]) == (pytest.approx(100.0), pytest.approx(100.0))
    other = read_lines(WMT / REFERENCES[1], 20)
    bleu, chrf = scores(other, [reference])
    assert 5 < bleu < 100 and 20 < chrf < 100  # two human translations: related, not equal
