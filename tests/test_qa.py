"""QA checks: degenerate outputs are retried, numbers and names are checked, flags shown."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from tests.test_document_render import make_document
from translate.cli import app
from translate.document import Translation
from translate.output.render import render
from translate.text.qa import check, degenerate, describe

RANGE = "Die KN-23 hat eine Reichweite von knapp 700 Kilometern und 500 Kilogramm."
CLOSED = ("Die Polizei sperrte am Abend die Straße, weil ein Lastwagen umgekippt war und Öl auf "
          "die Fahrbahn lief.")


@pytest.mark.parametrize(
    ("german", "english", "flags"),
    [
        (RANGE, "The KN-23 has a range of almost 700 kilometres and 500 kilograms.", []),
        (RANGE, "The KN 23 has a range of almost 70 kilometres and 500 kilograms.",
         ["number-missing 700", "number-added 70", "name-missing KN-23"]),
        ("Interfax teilte am 13.09.2023 mit, die NATO sei besorgt.",
         "Interfax announced on 13 September 2023 that NATO was concerned.", []),
        ("Interfax teilte das am 13. September 2023 mit.",
         "Interfax reported this on 13 September 2023.", []),
        ("Im März und im Mai 2024 kam er.", "He came in March and in June 2024.",
         ["number-missing 5", "number-added 6"]),
        ("Er kommt vielleicht im Sommer.", "He may come in the summer.", []),
        ("Die KN-23 fliegt weit.", "The missile flies far.", ["number-missing 23",
                                                              "name-missing KN-23"]),
        ("Es kostet 1.000 Euro und 1,5 Prozent mehr.", "It costs 1,000 euros and 1.5 percent more.",
         []),
        ("Kreml-Despot bettelt um DIESE Waffen", "Kremlin despot begs for THESE weapons", []),
        ("Die SPD und die NATO streiten.", "The SPD and NATO are arguing.", []),
        ("Die SPD und die NATO streiten.", "The Social Democrats and the alliance argue.",
         ["name-missing SPD", "name-missing NATO"]),
        ("Der Hund bellt laut im Garten des Nachbarn.",
         "Der Hund bellt laut im Garten des Nachbarn.", ["untranslated"]),
        (CLOSED, "The police closed the road in the evening because a lorry had overturned and "
         "oil was running onto the carriageway.", []),
        (CLOSED, "The police closed the road in the evening.", ["content-missing 0.42"]),
        ("Der Hund bellt laut im Garten des Nachbarn.", "The dog.",
         ["length-ratio 0.2", "content-missing 0.20"]),
        ("Es waren 1, 2, 3, 4, 5, 6, 7 oder 8.", "There were 11 12 13 14 15 16 17 18 19 20 21 22.",
         [*(f"number-missing {n}" for n in (1, 2, 3, 4, 5)), "number-missing (and 3 more)",
          *(f"number-added {n}" for n in (11, 12, 13, 14, 15)), "number-added (and 7 more)"]),
    ],
)
def test_check(german: str, english: str, flags: list[str]):
    assert check(german, Translation(english, -0.3)) == flags


def test_loops_caps_and_low_scores():
    looped = Translation("the the the the house", -3.0, capped=True)
    assert degenerate("Der Hund bellt im Garten.", looped) == ["repetition", "capped"]
    assert check("Der Hund bellt im Garten.", looped)[-1] == "low-score -3.00"
    # a four-times repeated trigram is a loop; "Kurz." is too short for a length verdict
    assert degenerate("Kurz.", Translation("he said that he said that he said that he said "
                                           "that", -0.1)) == ["repetition"]


def test_markdown_marks_flagged_sentences_and_lists_flags_per_section():
    document = make_document()
    document.sections[1].paragraphs[0].sentences[0].qa = ["number-missing 700"]
    markdown = render(document, "md")
    assert "The opposition sues &lt;script>. ⚠¹ |" in markdown
    assert "- ⚠¹ Numbers missing from the English: 700.\n" in markdown  # words, no ids
    data = json.loads(render(document, "json"))
    assert data["qa"] == {"flagged": 1, "kinds": {"number-missing": 1}}
    assert data["sections"][1]["paragraphs"][0]["sentences"][0]["qa"] == ["number-missing 700"]


def test_degenerate_translations_are_retried_flagged_and_fail_strict(tiny_model_dir, tmp_path):
    """Random weights never end a sentence: every output is capped, so every one is retried
    once with safer decoding, stays flagged, and --strict turns that into exit code 1."""
    article = tmp_path / "a.txt"
    article.write_text("Ein Titel\nDer Hund bellt im Garten. Die Katze schläft.\n")
    out = tmp_path / "a.json"
    result = CliRunner().invoke(app, ["run", str(article), "-o", str(out), "--model",
                                      str(tiny_model_dir), "--beams", "1", "--strict"])
    assert result.exit_code == 1
    assert "retrying 3 degenerate translations with safer decoding" in result.stderr
    assert "3 sentences or headings carry QA flags" in result.stderr
    document = json.loads(out.read_text())
    sentences = document["sections"][0]["paragraphs"][0]["sentences"]
    assert all("capped" in s["qa"] for s in sentences)
    assert document["qa"]["flagged"] == 3 and document["qa"]["kinds"]["capped"] == 3
    assert "capped" in document["title"]["qa"]


def test_clean_translations_are_not_retried(tiny_model_dir, tmp_path):
    """A model that ends every sentence at once gives nothing degenerate: the pipeline runs
    and retries nothing (while the random stand-in above has every output retried)."""
    import shutil

    import torch
    from transformers import AutoModelForSeq2SeqLM

    from translate.run import run
    from translate.settings import Decoding, Settings

    folder = tmp_path / "ends-at-once"
    shutil.copytree(tiny_model_dir, folder)
    model = AutoModelForSeq2SeqLM.from_pretrained(folder)
    with torch.no_grad():
        model.final_logits_bias[0, model.config.eos_token_id] = 50.0
    model.save_pretrained(folder)
    article = tmp_path / "a.txt"
    article.write_text("Ein Titel\nDer Hund bellt im Garten. Die Katze schläft.\n")
    report = run(Settings(inputs=(str(article),), output=tmp_path / "a.json", formats=("json",),
                          model=str(folder),
                          decoding=Decoding(beams=1), cache_dir=tmp_path / "cache"))
    assert not report.failed and report.translated == 3  # the title and two sentences
    assert report.retried == 0 and report.capped == 0
    document = json.loads((tmp_path / "a.json").read_text())
    assert all("capped" not in s.get("qa", []) for p in document["sections"][0]["paragraphs"]
               for s in p["sentences"])


@pytest.mark.parametrize(
    ("flags", "words"),
    [
        (["number-missing 2030", "number-missing 45"],
         "Numbers missing from the English: 2030, 45."),
        (["name-missing KN-23", "low-score -1.83"],
         "Names missing from the English: KN-23. The model was unsure of this translation."),
        ([*(f"number-missing {n}" for n in range(1, 6)), "number-missing (and 3 more)",
          "number-added 7"],
         "Numbers missing from the English: 1, 2, 3, 4, 5, and 3 more. Numbers in the English "
         "that the German does not have: 7."),
        (["repetition", "length-ratio 3.1", "capped"],
         "The English repeats itself. The English is much longer than the German. The English "
         "ran into its length limit and may be cut off."),
        (["length-ratio 0.2", "untranslated"],
         "The English is much shorter than the German. The English is partly still German."),
        (["number-missing 700", "content-missing 0.47"],
         "Numbers missing from the English: 700. Part of the German may be missing from the "
         "English (it is 47% of the usual length)."),
        (["term-missing Bundestag", "name-inconsistent Wostotschny"],
         "Glossary terms the English lacks: Bundestag. Names rendered differently elsewhere in "
         "the text: Wostotschny."),
    ],
)
def test_flags_are_described_in_words(flags: list[str], words: str):
    assert describe(flags) == words


def test_html_tooltip_describes_the_flags():
    document = make_document()
    document.sections[1].paragraphs[0].sentences[0].qa = ["number-missing 700"]
    assert 'title="Check: Numbers missing from the English: 700."' in render(document, "html")
