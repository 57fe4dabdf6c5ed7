"""The coverage invariant: every German sentence once, in order, each with its English; a
violation (here injected into one stage) stops the run with exit code 70 and no output."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from translate import summarizers
from translate.cli import app
from translate.sources.readers import blocks, read_file
from translate.summarizers import NoSummarizer
from translate.text.coverage import CoverageError, check_split, check_translated, german

SAMPLE = Path(__file__).resolve().parents[1] / "seeds" / "putin-kim-wostotschny.txt"
PARAGRAPH = "Der Kreml schweigt. Kim reist ab. Die Gespräche gehen weiter."


def translated_sample():
    document = read_file(SAMPLE)
    for number, unit in enumerate(document.units()):
        unit.en = f"English {number}."
    return document


def test_a_whole_split_passes():
    check_split(PARAGRAPH, ["Der Kreml schweigt.", "Kim reist ab.",
                            "Die Gespräche gehen weiter."])
    check_split("Ein  Satz\nüber zwei Zeilen.", ["Ein Satz über zwei Zeilen."])  # spacing aside


@pytest.mark.parametrize("sentences", [
    ["Der Kreml schweigt.", "Die Gespräche gehen weiter."],  # one dropped
    ["Der Kreml schweigt.", "Kim reist ab.", "Kim reist ab.", "Die Gespräche gehen weiter."],
    ["Kim reist ab.", "Der Kreml schweigt.", "Die Gespräche gehen weiter."],  # reordered
    ["Der Kreml schweigt.", "Kim reist ab.", "Die Gespräche gehen"],  # cut short
])
def test_a_split_that_changes_the_text_is_a_bug(sentences):
    with pytest.raises(CoverageError, match="sentence splitting changed the text near"):
        check_split(PARAGRAPH, sentences)


def test_a_translated_document_passes():
    document = translated_sample()
    check_translated(document, german(read_file(SAMPLE)))


def test_a_lost_sentence_is_named():
    document = translated_sample()
    expected = german(document)
    lost = document.sections[2].paragraphs[0].sentences.pop(1)
    with pytest.raises(CoverageError, match=r"unit \d+ should be '" + lost.de[:20]):
        check_translated(document, expected)


def test_a_repeated_or_moved_sentence_is_a_bug():
    document = translated_sample()
    expected = german(document)
    sentences = document.sections[1].paragraphs[0].sentences
    sentences.append(sentences[0])  # the same sentence object twice
    with pytest.raises(CoverageError, match="appears twice"):
        check_translated(document, expected)
    sentences.pop()
    sentences[0], sentences[1] = sentences[1], sentences[0]
    with pytest.raises(CoverageError, match="should be"):
        check_translated(document, expected)


def test_a_sentence_without_english_is_a_bug():
    document = translated_sample()
    expected = german(document)
    document.sections[-1].paragraphs[-1].sentences[-1].en = None
    with pytest.raises(CoverageError, match="has no English"):
        check_translated(document, expected)


class LosingSummarizer(NoSummarizer):
    """A stage with a bug: it loses the article's last sentence."""

    def summarize(self, document):
        document.sections[-1].paragraphs[-1].sentences.pop()


def test_a_stage_that_loses_text_stops_the_run(tiny_model_dir, tmp_path, monkeypatch):
    monkeypatch.setattr(summarizers, "make_summarizer", lambda *args: LosingSummarizer())
    out = tmp_path / "out.md"
    result = CliRunner().invoke(app, ["run", str(SAMPLE), "--model", str(tiny_model_dir),
                                      "--beams", "1", "-o", str(out)])
    assert result.exit_code == 70
    [line] = [line for line in result.stderr.splitlines() if "error" in line]
    assert "should be '(the end)'" not in line and "unit 26 should be" in line
    assert line.endswith("this is a bug in translate; please report it with the input file")
    assert not out.exists()


def test_a_splitter_that_loses_text_stops_segment(monkeypatch):
    real = blocks.split_sentences
    monkeypatch.setattr(blocks, "split_sentences", lambda text: real(text)[:-1] or real(text))
    result = CliRunner().invoke(app, ["segment", str(SAMPLE)])
    assert result.exit_code == 70
    assert "sentence splitting changed the text near" in result.stderr
    assert result.stdout == ""
