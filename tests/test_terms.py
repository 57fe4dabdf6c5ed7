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

from tests.standin.terms import ARTICLE_DE, GLOSSARY_TSV, REPEATED, TITLE
from translate.cli import app
from translate.document import Unit
from translate.edits.glossary import glossary_file, parse_glossary
from translate.edits.renderings import place
from translate.edits.terms import Enforcer, mask, restore
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
    assert place(english, tuple(GLOSSARY.find(german))) == (placed, (how,))


@pytest.mark.parametrize(("german", "english", "placed", "hows"), [
    # the first occurrence is right, the second is the model's own spelling
    ("Wostotschny ist weit weg; Wostotschny ist neu.",
     "Vostochny is far away; Vostotschny is new.",
     "Vostochny is far away; Vostochny is new.", ("unmasked", "aligned")),
    ("Wostotschny ist weit weg; Wostotschny ist neu.",
     "Vostotschny is far away; Vostochny is new.",  # the first match takes the one there
     "Vostochny is far away; Vostochny is new.", ("unmasked", "aligned")),
    # one occurrence for two in the German: the second is missing, the sentence kept
    ("Wostotschny ist weit weg; Wostotschny ist neu.", "Vostochny is far away; it is new.",
     "Vostochny is far away; it is new.", ("unmasked", "missing")),
    ("Selenskyj und Selenskyj.", "Selenskyj and Selenskyj.", "Zelenskyy and Zelenskyy.",
     ("aligned", "aligned")),
])
def test_a_term_the_german_has_twice_needs_two_occurrences(
        german: str, english: str, placed: str, hows: tuple[str, ...]) -> None:
    assert place(english, tuple(GLOSSARY.find(german))) == (placed, hows)


CASED = parse_glossary("Kanzler\tchancellor\nWostotschny\tVostochny\nApfel\tiPhone\n"
                       "Bundeskanzler\tfederal chancellor of Germany\n")


@pytest.mark.parametrize(("german", "masked_english", "restored"), [
    ("Kanzler Scholz sagte es.", "ZQ1 Scholz said so.", "Chancellor Scholz said so."),
    ("Er sagte: Kanzler Scholz.", "He said, ZQ1 Scholz.", "He said, chancellor Scholz."),
    ("Ja. Kanzler Scholz kam.", "Yes. ZQ1 Scholz came.", "Yes. Chancellor Scholz came."),
    ("„Kanzler Scholz kam.“", "\"ZQ1 Scholz came.\"", "\"Chancellor Scholz came.\""),
    ("Bundeskanzler Scholz kam.", "ZQ1 Scholz came.",
     "Federal chancellor of Germany Scholz came."),
    ("Apfel kam.", "ZQ1 came.", "iPhone came."),  # capitals the user wrote are kept
    ("Wostotschny liegt am Amur.", "ZQ1 lies on the Amur.", "Vostochny lies on the Amur."),
])
def test_a_rendering_takes_the_case_its_place_in_the_sentence_needs(
        german: str, masked_english: str, restored: str) -> None:
    assert restore(mask(german, tuple(CASED.find(german))), masked_english) == restored


@pytest.mark.parametrize(("english", "placed", "how"), [
    ("chancellor Scholz said so.", "Chancellor Scholz said so.", "unmasked"),
    ("Kanzler Scholz said so.", "Chancellor Scholz said so.", "aligned"),
    ("The Chancellor said so.", "The Chancellor said so.", "unmasked"),  # the model's capital
    ("The Kanzler said so.", "The chancellor said so.", "aligned"),  # as the user wrote
])
def test_a_placed_rendering_takes_the_case_too(english: str, placed: str, how: str) -> None:
    assert place(english, tuple(CASED.find("Kanzler Scholz sagte es."))) == (placed, (how,))


# Whole runs.

def units(document: dict[str, Any]) -> Iterator[dict[str, Any]]:
    yield document["title"]
    for section in document["sections"]:
        for paragraph in section["paragraphs"]:
            yield from paragraph["sentences"]


def translate(tmp_path: Path, model: Path, engine: str, text: str = ARTICLE_DE,
              entries: str = GLOSSARY_TSV) -> dict[str, Any]:
    """The article `text` translated to JSON, Markdown and HTML with the glossary `entries`;
    returns the JSON document."""
    article, glossary = tmp_path / "bundestag.txt", tmp_path / "names.tsv"
    article.write_text(text, encoding="utf-8")
    glossary.write_text(entries, encoding="utf-8")
    result = CliRunner().invoke(app, [
        "run", str(article), "-o", str(tmp_path / "out"), "-f", "json,md,html", "--model",
        str(model), "--device", "cpu", "--engine", engine, "--summarizer", "none",
        "--glossary", str(glossary)], catch_exceptions=False)
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


@pytest.mark.parametrize(("model", "hows"), [("glossary_model_dir", ["placeholder"] * 2),
                                             ("dropping_model_dir", ["unmasked", "aligned"])])
def test_a_term_twice_in_a_sentence_is_enforced_at_both(
        model: str, hows: list[str], tmp_path: Path, request: pytest.FixtureRequest) -> None:
    """Without placeholders the model writes `Vostochny`, then `Vostotschny`: the second
    needs the glossary's English too, not a record that the first was there."""
    document = translate(tmp_path, request.getfixturevalue(model), "torch",
                         f"{TITLE}\n{REPEATED}\n")
    unit = list(units(document))[1]
    assert (unit["en"], unit.get("qa", [])) == ("Vostochny is far away; Vostochny is new.", [])
    assert [term["how"] for term in unit["terms"]] == hows


def test_a_rendering_short_of_the_germans_count_is_flagged() -> None:
    """A sentence whose English has the term once for twice in the German (from the memory,
    say) is flagged, not recorded as having it."""
    unit = Unit(REPEATED, en="Vostochny is far away; Vostotschny is new.")
    Enforcer(GLOSSARY).annotate(unit)
    assert unit.qa == ["term-missing Wostotschny"]
    assert [term["how"] for term in unit.terms] == ["memory", "missing"]


@pytest.mark.parametrize("model", ["glossary_model_dir", "dropping_model_dir"])
def test_a_lower_case_rendering_opening_a_sentence_is_capitalised(
        model: str, tmp_path: Path, request: pytest.FixtureRequest) -> None:
    document = translate(tmp_path, request.getfixturevalue(model), "torch",
                         entries="Selenskyj\tpresident Zelenskyy\n")
    assert list(units(document))[-1]["en"] == "President Zelenskyy met Scholz in Kyiv."


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
    assert (first.translated, first.from_memory, first.terms) == (6, 0, 5)
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
