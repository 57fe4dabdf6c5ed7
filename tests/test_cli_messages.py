"""What a run says as it goes and at the end: each thing once, each number with its noun in the
number it asks for (translate.words), and no folder named that was never made."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.standin.pairs import GERMAN_LINES
from translate.cli import app
from translate.run import run
from translate.settings import Decoding, Settings
from translate.words import counted


def translate(*args: str | Path):
    return CliRunner().invoke(app, ["run", *map(str, args), "--device", "cpu"],
                              catch_exceptions=False)


@pytest.mark.parametrize(("count", "words", "said"), [
    (0, ("article",), "0 articles"),
    (1, ("article",), "1 article"),
    (2, ("file",), "2 files"),
    (1, ("sentence or heading", "sentences and headings"), "1 sentence or heading"),
    (26, ("sentence or heading", "sentences and headings"), "26 sentences and headings"),
    (1, ("entry", "entries"), "1 entry"),
    (3, ("entry", "entries"), "3 entries"),
])
def test_a_count_takes_the_noun_its_number_asks_for(count, words, said):
    assert counted(count, *words) == said


def test_one_sentence_is_counted_as_one_and_each_file_named_once(trained_model_dir, tmp_path):
    article, out = tmp_path / "kurz.txt", tmp_path / "out" / "kurz.md"
    article.write_text(GERMAN_LINES[0] + "\n")  # one unit: the title
    result = translate(article, "-o", out, "--model", trained_model_dir, "-v")
    assert result.exit_code == 0, result.stderr
    lines = result.stderr.splitlines()
    assert "translate: translating 1 sentence or heading" in lines
    assert [line for line in lines if "wrote" in line] == [f"translate: wrote {out}"]
    assert [line.rsplit("; ", 1)[0] for line in lines if "written" in line] == [
        "translate: 1 article written (1 file), 0 up to date, 0 failed; 1 sentence or heading "
        "translated, 0 from memory"]
    assert "(s)" not in result.stderr


def test_a_folder_that_was_never_made_is_not_named(trained_model_dir, tmp_path):
    out = tmp_path / "out"
    result = translate(tmp_path / "fehlt.txt", "-o", out, "--model", trained_model_dir)
    assert result.exit_code == 1
    assert not out.exists()
    assert [line for line in result.stderr.splitlines() if "fehlt.txt" in line] == [
        f"translate: error: {tmp_path / 'fehlt.txt'}: no such file or folder"]
    assert "output folder" not in result.stderr
    assert "0 articles written (0 files), 0 up to date, 1 failed" in result.stderr


def test_repeats_go_to_the_model_once_and_the_summary_says_both(trained_model_dir, tmp_path,
                                                               cache_dir):
    article = tmp_path / "wiederholt.txt"
    paragraph = " ".join(GERMAN_LINES[1:4])
    article.write_text(GERMAN_LINES[0] + "\n\n" + "\n\n".join([paragraph] * 5) + "\n")
    report = run(Settings(inputs=(str(article),), output=tmp_path / "a.md",
                          model=str(trained_model_dir), decoding=Decoding(beams=1),
                          cache_dir=cache_dir, memory=False))
    assert (report.translated, report.to_model, report.from_memory) == (16, 4, 0)

    result = translate(article, "-o", tmp_path / "b.md", "--model", trained_model_dir,
                       "--beams", "1")
    assert result.exit_code == 0, result.stderr
    assert re.search(r"; 16 sentences and headings translated \(4 distinct ones by the "
                     r"model\), 0 from memory; ", result.stderr), result.stderr
    again = translate(article, "-o", tmp_path / "c.md", "--model", trained_model_dir,
                      "--beams", "1")
    assert re.search(r"; 0 sentences and headings translated, 16 from memory; ",
                     again.stderr), again.stderr
