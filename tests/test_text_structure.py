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


HTML_DE = Path(__file__).resolve().parents[2] / "shared/eval/html-de"
# Measured (python -m benchmarks.text_layouts), all 5 layouts together: title, author, date and
# credit P 1.000 R 1.000; headings P 0.858 R 0.942. Before the header was read whatever the
# blank lines: title 0.613/0.613, author 1.000/0.307, date 0.970/0.427, headings 0.735/0.871.
FIELD_FLOORS = {"title": 0.98, "author": 0.95, "date": 0.95, "credit": 0.95}
HEADING_PRECISION_FLOOR, HEADING_RECALL_FLOOR = 0.83, 0.92


@pytest.mark.skipif(not (HTML_DE / "evaldata.json").is_file(),
                    reason="needs ../shared/eval (html-de)")
def test_header_and_headings_in_every_plain_text_layout():
    from benchmarks.text_layouts import evaluate as evaluate_layouts
    from benchmarks.text_layouts import load_golds

    for layout, result in evaluate_layouts(load_golds(HTML_DE)).items():
        for name, floor in FIELD_FLOORS.items():
            score = result.score(name)
            assert min(score.precision, score.recall) >= floor, (layout, name, score)
        headings = result.score("headings")
        assert headings.precision >= HEADING_PRECISION_FLOOR, (layout, result.errors)
        assert headings.recall >= HEADING_RECALL_FLOOR, (layout, result.errors)
