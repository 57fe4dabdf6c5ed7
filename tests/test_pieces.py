"""Overlong sentences: cut into pieces that fit the model, nothing lost, put back together."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from translate.cli import app
from translate.document import Translation
from translate.model.pieces import join, split_to_fit
from translate.model.translator import Translator
from translate.settings import Decoding


def words(text: str) -> int:
    return len(text.split())


def visible(text: str) -> str:
    return "".join(text.split())


CLAUSE = "die Regierung hat am Dienstag in Berlin ein neues Gesetz beschlossen"


def test_short_text_stays_whole():
    assert split_to_fit("Ein kurzer Satz.", words, 50) == ["Ein kurzer Satz."]


def test_long_sentence_is_cut_at_clause_boundaries():
    sentence = "Er sagte, " + ", ".join([CLAUSE] * 300) + "."  # about 3,000 words
    pieces = split_to_fit(sentence, words, 100)
    assert all(words(piece) <= 100 for piece in pieces)
    assert visible("".join(pieces)) == visible(sentence)
    assert all(piece.endswith(",") for piece in pieces[:-1])  # every cut after a comma


def test_conjunctions_are_boundaries_too():
    sentence = " und ".join([CLAUSE] * 40)
    pieces = split_to_fit(sentence, words, 60)
    assert all(words(piece) <= 60 for piece in pieces)
    assert all(piece.startswith("und ") for piece in pieces[1:])


def test_paragraph_without_punctuation_is_cut_at_spaces():
    paragraph = " ".join(f"Wort{i}" for i in range(3000))  # about 20,000 characters
    assert len(paragraph) > 20_000
    pieces = split_to_fit(paragraph, words, 512)
    assert all(words(piece) <= 512 for piece in pieces)
    assert " ".join(pieces) == paragraph


def test_text_without_spaces_is_cut_into_windows():
    blob = "x" * 5000
    pieces = split_to_fit(blob, len, 512)
    assert all(len(piece) <= 512 for piece in pieces) and "".join(pieces) == blob


def test_join_puts_pieces_back_together():
    joined = join([Translation("One.", -0.5), Translation("Two.", -1.5, capped=True)])
    assert joined == Translation("One. Two.", -1.0, capped=True)
    assert join([Translation("Only.", -0.2)]) == Translation("Only.", -0.2)


@pytest.fixture(scope="module")
def translator(tiny_model_dir: Path) -> Translator:
    from translate.model.resolve import resolve

    source = resolve(str(tiny_model_dir), Path("unused"), offline=True)
    return Translator.load(source, "cpu", Decoding(beams=1, batch_size=1))


def test_a_3000_token_sentence_arrives_whole(translator: Translator):
    sentence = "Er sagte, " + ", ".join([CLAUSE] * 120) + "."
    tokens = len(translator.tokenizer(sentence)["input_ids"])
    assert tokens > 3000
    reported = []
    [result] = translator.translate([sentence], reported.extend)
    count = lambda text: len(translator.tokenizer(text)["input_ids"])  # noqa: E731
    pieces = split_to_fit(sentence, count, translator.max_input_tokens)
    assert len(pieces) >= 6 and all(count(piece) <= 512 for piece in pieces)
    expected = join([translator.translate([piece])[0] for piece in pieces])
    assert result == expected  # every piece's translation is in the output, in order
    assert reported == [(sentence, result)]  # the sentence is reported once, when whole


def test_a_20000_character_paragraph_without_punctuation(tiny_model_dir: Path, tmp_path):
    paragraph = " ".join(f"Gemeinde{i % 97} Rathaus Bürger Wahl" for i in range(800))
    assert len(paragraph) > 20_000 and not any(mark in paragraph for mark in ".,;:!?")
    article = tmp_path / "lang.txt"
    article.write_text(f"Ein sehr langer Absatz\n{paragraph}\n")
    result = CliRunner().invoke(app, ["run", str(article), "-o", str(tmp_path / "out.json"),
                                      "--model", str(tiny_model_dir), "--beams", "1"])
    assert result.exit_code == 0, result.stderr
    assert "translated in pieces" in result.stderr
    document = json.loads((tmp_path / "out.json").read_text())
    [sentence] = document["sections"][0]["paragraphs"][0]["sentences"]
    assert sentence["de"] == paragraph and sentence["en"]
