"""Reading a glossary file and finding its terms in German text (translate.edits.glossary)."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.standin.terms import ARTICLE_DE
from translate.cli import app
from translate.edits.glossary import (
    GlossaryError,
    glossary_file,
    load_checked,
    load_glossary,
    parse_glossary,
)


@pytest.mark.parametrize(("text", "entries"), [
    ("Bundestag\nWostotschny\tVostochny\n", [("Bundestag", "Bundestag"),
                                             ("Wostotschny", "Vostochny")]),
    ("# comment\n\nSelenskyj,Zelenskyy\nBundestag\n", [("Selenskyj", "Zelenskyy"),
                                                       ("Bundestag", "Bundestag")]),
    ('"Kim Jong Un","Kim Jong-un"\n', [("Kim Jong Un", "Kim Jong-un")]),
    ("\ufeffBundestag\t\n", [("Bundestag", "Bundestag")]),  # BOM, empty English: keep
    ("Bundestag\nBundestag\n", [("Bundestag", "Bundestag")]),  # a repeated line is one entry
    # German Excel writes CSV with semicolons
    ("Wostotschny;Vostochny\nBundestag\n", [("Wostotschny", "Vostochny"),
                                             ("Bundestag", "Bundestag")]),
    # a tab in a comment, or in a quoted term, is no separator
    ("# German\tEnglish\nSelenskyj,Zelenskyy\nWostotschny,Vostochny\n",
     [("Selenskyj", "Zelenskyy"), ("Wostotschny", "Vostochny")]),
    ('"Kim Jong Un";"Kim Jong-un, leader"\n', [("Kim Jong Un", "Kim Jong-un, leader")]),
    ('"Müller, Thomas","Thomas Müller"\n', [("Müller, Thomas", "Thomas Müller")]),
])
def test_entries_are_read_from_tsv_or_csv(text: str, entries: list[tuple[str, str]],
                                          tmp_path: Path) -> None:
    path = tmp_path / "glossary.txt"
    path.write_bytes(text.encode("utf-8"))
    assert [(term.de, term.en) for term in load_glossary(path).terms] == entries


@pytest.mark.parametrize(("text", "message"), [
    ("Bundestag\nA\tB\tC\n", "line 2: 3 fields"),
    ("Bundestag\n\tVostochny\n", "line 2: no German term"),
    ("Wostotschny\tVostochny\n# x\nWostotschny\tWostok\n", "line 3: 'Wostotschny' is already "
                                                           "rendered as 'Vostochny' on line 1"),
    ("# nothing\n\n", "no entries"),
    # a term holding another separator than the file's entries use
    ("Selenskyj,Zelenskyy\nWostotschny\tVostochny\nKiew,Kyiv\n",
     "line 2: a tab in a file whose entries are separated by commas; use one separator"),
    ("Wostotschny;Vostochny\nKim Jong Un;Kim Jong-un, the leader\nKiew;Kyiv\n",
     "line 2: a comma in a file whose entries are separated by semicolons"),
    ("Wostotschny\tVostochny\nKiew;Kyiv\n", "line 2: a semicolon in a file whose entries "
                                              "are separated by tabs"),
])
def test_a_bad_file_names_the_line(text: str, message: str) -> None:
    with pytest.raises(GlossaryError, match=message):
        parse_glossary(text, "g.tsv")


def test_a_file_that_is_not_utf8_names_the_line(tmp_path: Path) -> None:
    path = tmp_path / "g.tsv"
    path.write_bytes("Bundestag\nMünchen\tMunich\n".encode("latin-1"))
    with pytest.raises(GlossaryError, match=r"g\.tsv line 2: not UTF-8"):
        load_glossary(path)


def test_the_cli_reports_a_bad_glossary_in_one_line_with_exit_code_2(tmp_path: Path) -> None:
    article, glossary = tmp_path / "a.txt", tmp_path / "g.csv"
    article.write_text("Titel\nDer Bundestag tagt.\n", encoding="utf-8")
    glossary.write_text("Bundestag\nA,B,C\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["run", str(article), "--glossary", str(glossary)])
    assert result.exit_code == 2
    assert result.stderr.strip().splitlines() == [
        "translate: error: --glossary g.csv line 2: 3 fields; write the German term, then "
        "optionally its English, separated by a comma (see docs/glossary.md)"]


GLOSSARY = parse_glossary("Bundestag\nDeutscher Bundestag\tGerman Bundestag\nexport\tExport\n"
                          "Kim Jong Un\nKim\n")


@pytest.mark.parametrize(("text", "found"), [
    ("Der Bundestag tagt.", ["Bundestag"]),
    ("Die Abgeordneten des Bundestages stimmten zu.", ["Bundestages"]),  # an ending
    ("Die Bundestagswahl war im Herbst.", []),  # a compound is another word
    ("Der Deutsche Bundestag und der Deutscher Bundestag.", ["Bundestag", "Deutscher Bundestag"]),
    ("Kim Jong Un traf Kim.", ["Kim Jong Un", "Kim"]),  # the longest wins where they overlap
    ("Export ist wichtig, export auch.", ["Export", "export"]),  # capital first letter allowed
    ("Der Exporteur und die BUNDESTAG-Debatte.", []),  # whole words, case as written
    ("Bundestag-Abgeordnete", ["Bundestag"]),  # a hyphen ends the word
])
def test_terms_match_whole_words_with_endings(text: str, found: list[str]) -> None:
    assert [match.surface for match in GLOSSARY.find(text)] == found


def test_the_digest_depends_on_the_entries_not_their_order() -> None:
    one = parse_glossary("A\tB\nC\n")
    assert one.digest() == parse_glossary("C\nA\tB\n").digest()
    assert one.digest() != parse_glossary("A\tB2\nC\n").digest()


def test_settings_hold_the_file_and_the_run_reads_what_was_checked(tmp_path: Path) -> None:
    """Settings carries the path and digest; the plan's load refuses entries nobody checked."""
    path = tmp_path / "g.tsv"
    path.write_text("Wostotschny\tVostochny\n", encoding="utf-8")
    reference = glossary_file(path)
    assert (reference.path, reference.digest) == (path, load_glossary(path).digest())
    assert [term.en for term in load_checked(reference).terms] == ["Vostochny"]
    path.write_text("Wostotschny\tWostok\n", encoding="utf-8")
    with pytest.raises(GlossaryError, match="changed since the run started"):
        load_checked(reference)


@pytest.mark.parametrize(("entries", "warned"), [
    ("Kanzler\tchancellor\nWostok\n", True),  # no term of it in the article
    ("Kanzler\tchancellor\nBundestag\n", False),
])
def test_a_glossary_that_matched_nothing_in_the_run_is_reported_in_one_line(
        glossary_model_dir: Path, tmp_path: Path, entries: str, warned: bool) -> None:
    article, glossary = tmp_path / "bundestag.txt", tmp_path / "names.csv"
    article.write_text(ARTICLE_DE, encoding="utf-8")
    glossary.write_text(entries, encoding="utf-8")
    result = CliRunner().invoke(app, [
        "run", str(article), "-o", str(tmp_path / "out"), "--model", str(glossary_model_dir),
        "--device", "cpu", "--summarizer", "none", "--glossary", str(glossary)],
        catch_exceptions=False)
    assert result.exit_code == 0, result.output
    lines = [line for line in result.stderr.splitlines() if "--glossary" in line]
    assert lines == (["translate: --glossary names.csv matched nothing in the 1 "
                      "article written; check that its terms are spelled as the German has "
                      "them"] if warned else [])
