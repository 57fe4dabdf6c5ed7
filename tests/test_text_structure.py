"""Evaluation gate: the plain-text reader on the 61 German WMT 2021 documents."""

from __future__ import annotations

from pathlib import Path

import pytest

from benchmarks.text_structure import evaluate, load_documents

EVAL_XML = Path(__file__).resolve().parents[2] / "shared/eval/wmt21/newstest2021.de-fr.all.xml"
# Measured: headings P 1.000 R 1.000 (15 of 15), sentence boundaries F1 0.9992, no line lost.
HEADING_FLOOR = 0.95
SENTENCE_F1_FLOOR = 0.99


@pytest.mark.skipif(not EVAL_XML.is_file(), reason="needs ../shared/eval (WMT 2021)")
def test_headings_and_sentences_on_real_news():
    result = evaluate(load_documents(EVAL_XML))
    assert result.headings.precision >= HEADING_FLOOR, result.heading_errors
    assert result.headings.recall >= HEADING_FLOOR, result.heading_errors
    assert result.sentences.f1 >= SENTENCE_F1_FLOOR
    assert result.lost == []
