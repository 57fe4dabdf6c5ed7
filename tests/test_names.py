"""One rendering per name (translate.edits.names): on its own, over correct English (WMT 2021
de-en references, where it must rewrite nothing), and in runs of the glossary stand-in, which
spells Wostotschny two ways when it is not given a glossary."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from benchmarks import names as benchmark
from tests.standin.pairs import sample_pairs
from tests.standin.terms import ARTICLE_DE, PARAGRAPHS, TITLE
from translate.articles import Article
from translate.cli import app
from translate.document import Unit
from translate.edits.names import NameBook, renderings, spelt_otherwise
from translate.run.plan import make_plan
from translate.run.stages import Translate
from translate.settings import Settings
from translate.sources.inputs import read


@pytest.mark.parametrize(("german", "english", "found"), [
    ("Der Weltraumbahnhof Wostotschny liegt im Gebiet Amur.",
     "The Vostotschny spaceport lies in the Amur region.",
     {"Wostotschny": "Vostotschny", "Amur": "Amur"}),  # nouns have no capital in English
    ("Selenskyj traf Scholz in Kiew.", "Selensky met Scholz in Kyiv.",
     {"Selenskyj": "Selensky", "Scholz": "Scholz"}),
    ("Die Regierung tagt.", "The government meets.", {}),
    ("Der Minister sagte, das Ministerium prüfe den Fall.",  # one English word, one German
     "The Minister said that the Ministry was examining the case.",
     {"Minister": "Minister", "Ministerium": "Ministry"}),
])
def test_names_are_capitalised_words_with_a_capitalised_english_of_close_spelling(
        german: str, english: str, found: dict[str, str]) -> None:
    assert renderings(german, english) == found


def test_a_later_spelling_is_replaced_by_the_first() -> None:
    units = [Unit("Wostotschny liegt im Osten.", "Vostotschny lies in the east."),
             Unit("Wostotschny ist neu.", "Vostochny is new."),
             Unit("Russlands Plan und Russlands Ziele.", "Russia's plan and Russian goals.")]
    assert NameBook().harmonise(units) == 1
    assert [unit.en for unit in units] == ["Vostotschny lies in the east.",
                                           "Vostotschny is new.",
                                           "Russia's plan and Russian goals."]


def test_a_spelling_that_cannot_be_told_apart_is_flagged_and_kept() -> None:
    units = [Unit("Wostotschny liegt im Osten.", "Vostotschny lies in the east."),
             Unit("Wostotschny ist neu.", "Vostochny is new, Vostochny is big.")]
    NameBook().harmonise(units)
    assert units[1].en == "Vostochny is new, Vostochny is big."
    assert units[1].qa == ["name-inconsistent Wostotschny"]


def test_common_nouns_alike_in_both_languages_are_not_taken_for_one_name() -> None:
    units = [Unit("Das Ministerium prüft den Fall.", "The Ministry is examining the case."),
             Unit("Der Minister sagte, das Ministerium prüfe den Fall.",
                  "The Minister said that the Ministry was examining the case.")]
    assert NameBook().harmonise(units) == 0
    assert [(unit.en, unit.qa) for unit in units] == [
        ("The Ministry is examining the case.", []),
        ("The Minister said that the Ministry was examining the case.", [])]


@pytest.mark.parametrize(("kept", "other", "same_name"), [
    ("Vostotschny", "Vostochny", True),
    ("Max-Theuer", "Max-Theurer", True),
    ("Hümme", "Humme", True),
    ("Minister", "Ministry", False),  # words that differ in their ending are other words
    ("President", "Presidency", False),
    ("Chancellor", "Chancellery", False),
    ("Russia", "Russian", False),  # the same word with an ending
    ("Russia", "Russia", False),
    ("Selensky", "Zelensky", False),  # another first letter: not sure
])
def test_a_name_spelt_otherwise_begins_and_ends_alike(kept: str, other: str,
                                                       same_name: bool) -> None:
    assert spelt_otherwise(kept, other) is same_name


@pytest.mark.parametrize("pairs", [
    [("Unter Präsident Biden wuchs die Wirtschaft.",
      "The economy grew under the Biden Presidency."),
     ("Präsident Biden sagte das.", "President Biden said so.")],
    [("Das Ministerium prüft den Fall.", "The Ministry is examining the case."),
     ("Laut Ministerium ist der Fall ernst.",
      "According to the Minister's office, it is serious.")],
])
def test_a_word_is_never_rewritten_into_another_word(pairs: list[tuple[str, str]]) -> None:
    units = [Unit(de, en) for de, en in pairs]
    assert NameBook().harmonise(units) == 0
    assert [(unit.en, unit.qa) for unit in units] == [(en, []) for _, en in pairs]


def test_the_german_spelling_copied_through_is_kept_and_the_others_flagged() -> None:
    """WMT 2021's reference A spells Max-Theurer once without its second r."""
    pairs = [("Das Pferd gehört Max-Theurer.", "The horse belongs to Max-Theuer."),
             ("Zweite wurde Max-Theurer.", "Max-Theurer came second."),
             ("Max-Theurer lobte das Pferd.", "Max-Theuer praised the horse.")]
    units = [Unit(de, en) for de, en in pairs]
    assert NameBook().harmonise(units) == 0
    assert [(unit.en, unit.qa) for unit in units] == [
        (pairs[0][1], []), (pairs[1][1], ["name-inconsistent Max-Theurer"]),
        (pairs[2][1], ["name-inconsistent Max-Theurer"])]


@pytest.mark.parametrize(("pairs", "name"), [
    ([("Das Finale ist in Lissabon.", "The final is in Lissabon."),  # an exonym left as it is
      ("Lissabon ist bereit.", "Lisbon is ready.")], "Lissabon"),
    ([("Netanjahus Regierung wankt.", "Netanyahu's government is shaky."),
      ("Tausende standen vor Netanjahus Amtssitz.",  # the German less its ending
       "Thousands stood outside Netanjahu's residence.")], "Netanjahus"),
])
def test_a_copy_of_the_german_spelling_neither_replaces_nor_is_replaced(
        pairs: list[tuple[str, str]], name: str) -> None:
    units = [Unit(de, en) for de, en in pairs]
    assert NameBook().harmonise(units) == 0
    assert [(unit.en, unit.qa) for unit in units] == [
        (pairs[0][1], []), (pairs[1][1], [f"name-inconsistent {name}"])]


@pytest.mark.skipif(not (benchmark.WMT / "newstest2021.de-en.src.de").is_file(),
                    reason="needs ../shared/eval (not part of the repository)")
@pytest.mark.parametrize("reference", ["A", "B"])
def test_correct_english_is_never_rewritten(reference: str) -> None:
    """WMT 2021 de-en, source and a human reference as the translation, 20-line windows as
    articles: a rewrite of correct English is a change for the worse. Flags are allowed
    (reference A spells Max-Theurer two ways, B Hümme)."""
    figures = benchmark.measure(reference=reference, window=20)
    assert (figures.windows, figures.sentences) == (50, 1000)
    words = benchmark.lexicon()
    assert not [pair for before, after in figures.rewrites
                for pair in benchmark.replaced_words(before, after)
                if {word.lower() for word in pair} <= words]  # a word into another word
    assert figures.rewrites == []
    assert len(figures.flags) <= 1


def test_a_consistent_translation_is_left_as_it_is() -> None:
    units = [Unit(de, en) for de, en in sample_pairs()]
    assert NameBook().harmonise(units) == 0
    assert not [unit.qa for unit in units if unit.qa]


def english(tmp_path: Path, model: Path, *options: str) -> list[str]:
    article = tmp_path / "bundestag.txt"
    article.write_text(ARTICLE_DE, encoding="utf-8")
    result = CliRunner().invoke(app, [
        "run", str(article), "-o", str(tmp_path / "out.json"), "--model", str(model),
        "--device", "cpu", "--summarizer", "none", *options], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    document = json.loads((tmp_path / "out.json").read_text(encoding="utf-8"))
    return [s["en"] for section in document["sections"] for p in section["paragraphs"]
            for s in p["sentences"]]


def test_an_article_renders_each_name_one_way(glossary_model_dir: Path, tmp_path: Path) -> None:
    assert english(tmp_path, glossary_model_dir)[2:4] == [
        "The Vostotschny spaceport lies in the Amur region.",  # the model's first spelling
        "Vostotschny is seen as a complement to the Baikonur cosmodrome."]  # it said Vostochny


def test_the_glossary_wins_over_the_first_rendering(glossary_model_dir: Path,
                                                    tmp_path: Path) -> None:
    glossary = tmp_path / "g.tsv"
    glossary.write_text("Wostotschny\tVostochny\n", encoding="utf-8")
    assert english(tmp_path, glossary_model_dir, "--glossary", str(glossary))[2:4] == [
        "The Vostochny spaceport lies in the Amur region.",
        "Vostochny is seen as a complement to the Baikonur cosmodrome."]


def documents(tmp_path: Path) -> list:
    """Two articles: one that the model renders Vostotschny, one that it renders Vostochny."""
    found = []
    for number, paragraph in enumerate(PARAGRAPHS[1:3]):
        path = tmp_path / f"{number}.txt"
        path.write_text(f"{TITLE}\n{paragraph}\n", encoding="utf-8")
        found.append(read(Article(str(path), path)))
    return found


@pytest.mark.parametrize(("scope", "second"), [
    ("run", "Vostotschny is seen as a complement to the Baikonur cosmodrome."),  # a digest
    ("article", "Vostochny is seen as a complement to the Baikonur cosmodrome."),
])
def test_a_feed_digest_renders_each_name_one_way_across_its_articles(
        glossary_model_dir: Path, tmp_path: Path, scope: str, second: str) -> None:
    plan, _ = make_plan(Settings(inputs=(), model=str(glossary_model_dir), device="cpu",
                                 engine="torch", summarizer="none", names=scope))
    stage = Translate(plan, None)
    first_article, second_article = documents(tmp_path)
    stage([first_article])  # translated in separate groups, as a long feed is
    stage([second_article])
    assert first_article.sections[0].paragraphs[0].sentences[0].en == \
        "The Vostotschny spaceport lies in the Amur region."
    assert second_article.sections[0].paragraphs[0].sentences[0].en == second


@pytest.mark.parametrize(("glossary", "name"), [("", "Vostotschny"),
                                               ("Wostotschny\tVostochny\n", "Vostochny")])
def test_translate_feed_renders_each_name_one_way_across_its_digest(
        glossary_model_dir: Path, tmp_path: Path, glossary: str, name: str) -> None:
    """Two items, translated together: the newer renders Wostotschny first, unless the
    glossary (--glossary works for feeds too) says otherwise."""
    from tests.test_feeds import RSS_TYPE, article
    from tests.web_server import WebServer, html_page

    with WebServer() as server:
        server.routes["/a.html"] = html_page(article(TITLE, "2024-03-13T09:00:00+01:00",
                                                     PARAGRAPHS[1]))
        server.routes["/b.html"] = html_page(article(TITLE, "2024-03-12T09:00:00+01:00",
                                                     PARAGRAPHS[2]))
        server.routes["/rss.xml"] = html_page(b"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Raumfahrt</title>
<item><title>B</title><link>/b.html</link><pubDate>Tue, 12 Mar 2024 09:00:00 +0100</pubDate></item>
<item><title>A</title><link>/a.html</link><pubDate>Wed, 13 Mar 2024 09:00:00 +0100</pubDate></item>
</channel></rss>""", content_type=RSS_TYPE)
        result = CliRunner().invoke(app, [
            "feed", f"{server.url}/rss.xml", "-o", str(tmp_path / "out"), "-f", "json",
            "--model", str(glossary_model_dir), "--device", "cpu", "--delay", "0",
            "--summarizer", "none", *glossary_option(tmp_path, glossary)],
            catch_exceptions=False)
    assert result.exit_code == 0, result.output
    found = sorted(s["en"] for path in (tmp_path / "out").rglob("*.json")
                   for section in json.loads(path.read_text())["sections"]
                   for p in section["paragraphs"] for s in p["sentences"])
    assert found == [f"The {name} spaceport lies in the Amur region.",
                     f"{name} is seen as a complement to the Baikonur cosmodrome."]


def glossary_option(folder: Path, entries: str) -> list[str]:
    if not entries:
        return []
    (folder / "g.tsv").write_text(entries, encoding="utf-8")
    return ["--glossary", str(folder / "g.tsv")]
