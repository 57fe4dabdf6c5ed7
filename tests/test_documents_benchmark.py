"""The document readers' floors on real pages (benchmarks/documents.py): 8 of the 30 German
news pages of ../shared/eval, each article converted to DOCX, ODT and EPUB by pandoc and
printed to PDF by Chromium (one and two columns), read back and scored against what the HTML
reader made of the page. Skipped without ../shared; the PDF rows without a PDF reader, and
without Chromium and Playwright."""

from __future__ import annotations

import dataclasses
import importlib.util
import shutil
from pathlib import Path

import pytest

from benchmarks.documents import (
    CHROMIUM,
    FLOORS,
    PANDOC_FORMATS,
    PDF_LAYOUTS,
    Score,
    evaluate,
    gold_documents,
    page_files,
    pdf_readable,
    score,
    words,
)
from benchmarks.html_extraction import normalise
from translate.document import Paragraph, Section, Sentence, Unit

ROOT = Path(__file__).resolve().parents[1]
EVAL_DIR = ROOT.parent / "shared" / "eval" / "html-de"
pytestmark = pytest.mark.skipif(not EVAL_DIR.is_dir(),
                                 reason="needs ../shared/eval (not part of the repository)")
PAGES = 8
SENTENCES_FLOOR = 0.95
CAN_PRINT = importlib.util.find_spec("playwright") is not None and (
    Path(CHROMIUM).exists() or shutil.which("chromium") is not None)


@pytest.fixture(scope="module")
def golds():
    return gold_documents(page_files(EVAL_DIR, PAGES))


@pytest.fixture(scope="module")
def totals(golds) -> dict[str, Score]:
    rows = [*PANDOC_FORMATS, *(PDF_LAYOUTS if CAN_PRINT else ())]
    return evaluate(golds, rows)


def _meets_floors(total: Score) -> None:
    figures = total.figures()
    assert total.errors == []
    assert figures["documents"] == PAGES
    assert figures["kept"] >= FLOORS["kept"]
    assert figures["extra"] <= FLOORS["extra"]
    assert figures["headings_precision"] >= FLOORS["headings_precision"], total.missed
    assert figures["headings_recall"] >= FLOORS["headings_recall"], total.missed
    assert figures["sentences"] >= SENTENCES_FLOOR


@pytest.mark.parametrize("fmt", PANDOC_FORMATS)
def test_pandoc_documents_keep_the_article(totals: dict[str, Score], fmt: str) -> None:
    _meets_floors(totals[fmt])


@pytest.mark.skipif(not pdf_readable(), reason="no PDF reader registered yet")
@pytest.mark.skipif(not CAN_PRINT, reason="needs Playwright and Chromium to print PDFs")
@pytest.mark.parametrize("layout", PDF_LAYOUTS)
def test_printed_pdfs_keep_the_article(totals: dict[str, Score], layout: str) -> None:
    _meets_floors(totals[layout])


def test_pdf_rows_wait_for_a_pdf_reader(golds) -> None:
    """Without a PDF reader the PDF rows are left out (the table prints "no PDF reader")."""
    rows = set(evaluate(dict(list(golds.items())[:1]), PDF_LAYOUTS))
    assert rows == (set(PDF_LAYOUTS) if pdf_readable() else set())


def test_the_score_counts_leaks_lost_headings_and_split_sentences(golds) -> None:
    """A running head and page number added, a heading lost and one sentence split in two:
    each moves its figure, and nothing else does."""
    gold = next(g for g in golds.values() if any(s.heading for s in g.sections))
    read = dataclasses.replace(gold, sections=[dataclasses.replace(s) for s in gold.sections])
    headed = next(i for i, s in enumerate(read.sections) if s.heading is not None)
    read.sections[headed].heading = None
    first = read.sections[0].paragraphs[0].sentences[0].de
    cut = first.index(" ", len(first) // 2)
    halves = [Sentence(first[:cut]), Sentence(first[cut + 1:])]
    paragraphs = read.sections[0].paragraphs
    read.sections[0] = Section(read.sections[0].heading, [
        Paragraph(halves + paragraphs[0].sentences[1:]), *paragraphs[1:],
        Paragraph([Sentence("Seitenkopfzeile 987654")])])
    assert score(gold, gold).figures()["extra"] == 0
    got, want = score(gold, read).figures(), score(gold, gold).counts
    lost = _heading_words(gold.sections[headed].heading)
    assert got["kept"] == 1 - lost / want["tokens_gold"]
    assert got["extra"] == 2 / (want["tokens_read"] - lost + 2)  # the running head's 2 words
    assert got["headings_precision"] == 1
    assert got["headings_recall"] == (want["headings_gold"] - 1) / want["headings_gold"]
    assert got["sentences"] == (want["sentences_gold"] - 1) / want["sentences_gold"]


def _heading_words(heading: Unit | None) -> int:
    assert heading is not None
    return len(words(normalise(heading.de)))
