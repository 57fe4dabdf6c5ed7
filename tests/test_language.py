"""The language check: German passes, a clearly foreign article is flagged or refused."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from benchmarks.text_structure import load_documents
from translate.cli import app
from translate.errors import InputError
from translate.sources.readers import read_document
from translate.text.language import check_german

EVAL_XML = Path(__file__).resolve().parents[2] / "shared/eval/wmt21/newstest2021.de-fr.all.xml"
ENGLISH = (
    "Spaceport visit\n"
    "The leaders looked at the launch pad and learned how a carrier rocket is assembled, the "
    "news agency said on Wednesday. Both men spoke for several hours behind closed doors.\n"
)
GERMAN = (
    "Besuch am Weltraumbahnhof\n"
    "Die beiden Staatschefs schauten sich die Startrampe an und ließen sich die Montage einer "
    "Trägerrakete erklären, teilte die Nachrichtenagentur am Mittwoch mit.\n"
)


def read(text: str):
    return read_document(text.encode(), "a.txt", "text")


def test_german_passes_and_is_recorded():
    document = check_german(read(GERMAN), strict=True)
    assert document.source.language == "de" and document.warnings == []


def test_english_is_flagged_and_still_read():
    document = check_german(read(ENGLISH), strict=False)
    assert document.source.language == "en"
    [warning] = document.warnings
    assert warning.startswith("a.txt: this looks like English (") and "not German" in warning


def test_english_is_refused_when_strict():
    with pytest.raises(InputError, match=r"looks like English .* not German; --strict refuses"):
        check_german(read(ENGLISH), strict=True)


def test_too_little_text_gets_no_verdict():
    document = check_german(read("Hello world\nThanks."), strict=True)
    assert document.source.language is None and document.warnings == []


def test_segment_json_carries_language_encoding_and_warning(tmp_path: Path):
    path = tmp_path / "english.txt"
    path.write_bytes(ENGLISH.encode("utf-16"))
    result = CliRunner().invoke(app, ["segment", str(path)])
    assert result.exit_code == 0, result.stderr
    document = json.loads(result.stdout)
    assert document["source"]["encoding"] == "utf-16"
    assert document["source"]["language"] == "en"
    assert len(document["warnings"]) == 1
    assert "looks like English" in result.stderr and "translating anyway" in result.stderr


def test_strict_run_fails_the_foreign_input_only(tmp_path: Path, tiny_model_dir: Path):
    (tmp_path / "en.txt").write_text(ENGLISH)
    (tmp_path / "de.txt").write_text(GERMAN)
    result = CliRunner().invoke(app, ["run", str(tmp_path), "--strict", "--model",
                                      str(tiny_model_dir), "--beams", "1"])
    assert result.exit_code == 1
    assert "en.txt: this looks like English" in result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["de.de-en.md", "de.txt", "en.txt"]


@pytest.mark.skipif(not EVAL_XML.is_file(), reason="needs ../shared/eval (WMT 2021)")
def test_no_real_german_article_is_called_foreign():
    for number, paragraphs in enumerate(load_documents(EVAL_XML)):
        text = "\n".join(" ".join(p) for p in paragraphs)
        document = check_german(read_document(text.encode(), f"wmt-{number}", "text"), True)
        assert document.source.language == "de", number
