"""Glossary terms enforced around the model (translate.edits.terms): the checks on their own, then
whole runs through the CLI on the glossary stand-ins (tests.standin.terms), which decode
for real: one copies its placeholders, one drops, doubles or invents some."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from tests.standin.terms import ARTICLE_DE, GLOSSARY_TSV
from translate.cli import app
from translate.edits.glossary import glossary_file, parse_glossary
from translate.edits.terms import mask, place, restore
from translate.run import run
from translate.settings import Settings

GLOSSARY = parse_glossary(GLOSSARY_TSV)
ENGINES = ["torch", "ctranslate2"]


def masked(text: str):
    return mask(text, tuple(GLOSSARY.find(text)))


def test_terms_become_numbered_placeholders() -> None:
    sent = masked("Selenskyj sprach im Bundestag über Wostotschny.")
    assert sent.text == "ZQ1 sprach im ZQ2 über ZQ3."
    assert [match.term.en for match in sent.matches] == ["Zelenskyy", "Bundestag", "Vostochny"]


def test_a_text_holding_a_placeholder_code_already_is_sent_as_it_is() -> None:
    sent = masked("Der Bundestag und das Modell ZQ7.")
    assert (sent.text, sent.masked) == ("Der Bundestag und das Modell ZQ7.", False)


@pytest.mark.parametrize(("english", "restored"), [
    ("ZQ1 met ZQ2 in ZQ3.", "Zelenskyy met Bundestag in Vostochny."),
    ("ZQ2, ZQ1 and ZQ3.", "Bundestag, Zelenskyy and Vostochny."),  # any order
    ("ZQ1 met ZQ2.", None),  # dropped
    ("ZQ1 met ZQ1, ZQ2 and ZQ3.", None),  # doubled
    ("ZQ1 met ZQ2 in ZQ3 and ZQ4.", None),  # invented
    ("ZQ1 met ZQ2 in ZQ33.", None),  # corrupted
])
def test_every_placeholder_must_come_back_exactly_once(english: str, restored: str | None
                                                        ) -> None:
    assert restore(masked("Selenskyj sprach im Bundestag über Wostotschny."), english) \
        == restored


@pytest.mark.parametrize(("german", "english", "placed", "how"), [
    ("Der Bundestag tagt.", "The Bundestag meets.", "The Bundestag meets.", "unmasked"),
    ("Selenskyj traf Scholz.", "Selenskyj met Scholz.", "Zelenskyy met Scholz.", "aligned"),
    ("Wostotschny liegt im Osten.", "Vostotschny lies in the east.",
     "Vostochny lies in the east.", "aligned"),  # the model's own spelling of the name
    ("Die Abgeordneten des Bundestages stimmten zu.", "The members of parliament agreed.",
     "The members of parliament agreed.", "missing"),
])
def test_a_term_is_placed_over_the_models_word_or_reported_missing(
        german: str, english: str, placed: str, how: str) -> None:
    assert place(english, GLOSSARY.find(german)[0]) == (placed, how)


# Whole runs.

def units(document: dict[str, Any]) -> Iterator[dict[str, Any]]:
    yield document["title"]
    for section in document["sections"]:
        for paragraph in section["paragraphs"]:
            yield from paragraph["sentences"]


def translate(tmp_path: Path, model: Path, engine: str, *options: str) -> dict[str, Any]:
    """The article translated to JSON, Markdown and HTML; returns the JSON document."""
    article, glossary = tmp_path / "bundestag.txt", tmp_path / "names.tsv"
    article.write_text(ARTICLE_DE, encoding="utf-8")
    glossary.write_text(GLOSSARY_TSV, encoding="utf-8")
    result = CliRunner().invoke(app, [
        "run", str(article), "-o", str(tmp_path / "out"), "-f", "json,md,html", "--model",
        str(model), "--device", "cpu", "--engine", engine, "--summarizer", "none",
        "--glossary", str(glossary), *options], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return json.loads((tmp_path / "out" / "bundestag.de-en.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("engine", ENGINES)
def test_terms_are_restored_in_json_markdown_and_html(
        glossary_model_dir: Path, tmp_path: Path, engine: str) -> None:
    document = translate(tmp_path, glossary_model_dir, engine)
    assert [unit["en"] for unit in units(document)] == [
        "News from the Bundestag",
        "The Bundestag debated the budget on Wednesday.",
        "The members of the Bundestag agreed.",
        "The Vostochny spaceport lies in the Amur region.",
        "Vostochny is seen as a complement to the Baikonur cosmodrome.",
        "Zelenskyy met Scholz in Kyiv."]
    assert [term for unit in units(document) for term in unit["terms"]] == [
        {"de": "Bundestag", "en": "Bundestag", "how": "placeholder"},
        {"de": "Bundestag", "en": "Bundestag", "how": "placeholder"},
        {"de": "Bundestages", "en": "Bundestag", "how": "placeholder"},
        {"de": "Wostotschny", "en": "Vostochny", "how": "placeholder"},
        {"de": "Wostotschny", "en": "Vostochny", "how": "placeholder"},
        {"de": "Selenskyj", "en": "Zelenskyy", "how": "placeholder"}]
    assert all(not unit.get("qa") for unit in units(document))
    for suffix in ("md", "html"):
        page = (tmp_path / "out" / f"bundestag.de-en.{suffix}").read_text(encoding="utf-8")
        assert page.count("Vostochny") == 2 and page.count("Zelenskyy") == 1
        assert "ZQ" not in page and "Vostotschny" not in page


@pytest.mark.parametrize("engine", ENGINES)
def test_a_model_that_loses_placeholders_gives_flags_and_no_lost_text(
        dropping_model_dir: Path, tmp_path: Path, engine: str) -> None:
    document = translate(tmp_path, dropping_model_dir, engine)
    found = [(unit["en"], unit.get("qa", []), [term["how"] for term in unit["terms"]])
             for unit in units(document)]
    assert found == [
        ("News from the Bundestag", [], ["unmasked"]),  # it invented a placeholder
        ("The Bundestag debated the budget on Wednesday.", [], ["unmasked"]),
        ("The members of parliament agreed.", ["term-missing Bundestag"], ["missing"]),
        ("The Vostochny spaceport lies in the Amur region.", [], ["aligned"]),
        ("Vostochny is seen as a complement to the Baikonur cosmodrome.", [], ["placeholder"]),
        ("Zelenskyy met Scholz in Kyiv.", [], ["aligned"])]  # it doubled one
    markdown = (tmp_path / "out" / "bundestag.de-en.md").read_text(encoding="utf-8")
    assert "ZQ" not in markdown and "Glossary terms the English lacks: Bundestag." in markdown


def run_with(model: Path, tmp_path: Path, glossary: str, engine: str = "torch"):
    article, terms = tmp_path / "bundestag.txt", tmp_path / "glossary.tsv"
    article.write_text(ARTICLE_DE, encoding="utf-8")
    terms.write_text(glossary, encoding="utf-8")
    return run(Settings(inputs=(str(article),), output=tmp_path / "out", formats=("json",),
                        model=str(model), device="cpu", engine=engine, summarizer="none",
                        cache_dir=tmp_path / "cache", glossary=glossary_file(terms)))


@pytest.mark.parametrize("engine", ENGINES)
def test_a_changed_glossary_retranslates_only_the_sentences_it_touches(
        glossary_model_dir: Path, tmp_path: Path, engine: str) -> None:
    first = run_with(glossary_model_dir, tmp_path, "Bundestag\nWostotschny\tVostochny\n", engine)
    assert (first.translated, first.from_memory) == (6, 0)
    added = run_with(glossary_model_dir, tmp_path,
                     "Bundestag\nWostotschny\tVostochny\nSelenskyj\tZelenskyy\n", engine)
    assert (added.translated, added.from_memory) == (1, 5)  # the Selenskyj sentence
    renamed = run_with(glossary_model_dir, tmp_path,
                       "Bundestag\nWostotschny\tWostok\nSelenskyj\tZelenskyy\n", engine)
    assert (renamed.translated, renamed.from_memory) == (2, 4)  # the two Wostotschny ones
    document = json.loads((tmp_path / "out" / "bundestag.de-en.json").read_text())
    assert [unit["en"] for unit in units(document)][3:5] == [
        "The Wostok spaceport lies in the Amur region.",
        "Wostok is seen as a complement to the Baikonur cosmodrome."]
