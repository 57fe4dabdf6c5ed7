"""The Markdown reader: block structure from the token stream, title and metadata rules, verbatim
blocks, and inline markup kept out of the German text but not lost."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

import pytest
from typer.testing import CliRunner

from translate.cli import app
from translate.document import Document, Link
from translate.errors import InputError
from translate.output.render import render
from translate.sources.readers import read_document


def read(markdown: str) -> Document:
    return read_document(textwrap.dedent(markdown).encode(), "test.md", "markdown")


def structure(document: Document) -> list[tuple[str | None, list[tuple[str, object]]]]:
    """Each section as (heading, [(kind, sentences or verbatim text)])."""
    return [
        (section.heading.de if section.heading else None,
         [(p.kind, p.verbatim if p.verbatim is not None else [s.de for s in p.sentences])
          for p in section.paragraphs])
        for section in document.sections
    ]


def german(document: Document) -> str:
    """Everything that goes to the model, one unit a line."""
    return "\n".join(unit.de for unit in document.units())


def test_atx_and_setext_headings_start_sections():
    document = read("""\
        Der Titel
        =========

        Der Vorspann steht vor der ersten Überschrift.

        ## Erste Überschrift

        Ein Absatz. Noch ein Satz.

        Zweite Überschrift
        ------------------

        Text zwei.

        #### Tiefe Überschrift ####

        Zweites H1
        ==========

        Text drei.
        """)
    assert document.title.de == "Der Titel"
    assert structure(document) == [
        (None, [("text", ["Der Vorspann steht vor der ersten Überschrift."])]),
        ("Erste Überschrift", [("text", ["Ein Absatz.", "Noch ein Satz."])]),
        ("Zweite Überschrift", [("text", ["Text zwei."])]),
        ("Tiefe Überschrift", []),
        ("Zweites H1", [("text", ["Text drei."])]),
    ]


@pytest.mark.parametrize(
    ("markdown", "title", "headings"),
    [
        # the first level-1 heading, wherever it is; text after it stays in its section
        ("Davor.\n\n## Zwei\n\n# Eins\n\nDanach.\n", "Eins", [None, "Zwei"]),
        # no level-1 heading: the first heading of any level
        ("## Zwei\n\nText.\n\n### Drei\n\nMehr.\n", "Zwei", [None, "Drei"]),
        # no heading at all: the whole first paragraph
        ("Erster Absatz\nüber zwei Zeilen\n\nText.\n", "Erster Absatz über zwei Zeilen", [None]),
        ("- Ein Punkt\n\nText.\n", "Ein Punkt", [None]),
        # front matter wins; a level-1 heading that repeats it is not a section
        ("---\ntitle: Vorspann\n---\n# Vorspann\n\nText.\n", "Vorspann", [None]),
        ("---\ntitle: Vorspann\n---\n# Anders\n\nText.\n", "Vorspann", ["Anders"]),
        # a heading made of an image only is no title; its address is kept
        ("# ![](logo.png)\n\n## Echt\n\nText.\n", "Echt", [None]),
    ],
)
def test_title_rule(markdown: str, title: str, headings: list[str | None]):
    document = read(markdown)
    assert document.title.de == title
    assert [s.heading.de if s.heading else None for s in document.sections] == headings
    assert title not in [s.de for s in document.sentences()]


def test_no_text_at_all_is_an_input_error():
    with pytest.raises(InputError, match="no heading and no paragraph"):
        read("```\nnur Code\n```\n")


def test_front_matter_gives_metadata_and_is_never_translated():
    document = read("""\
        ---
        title: "Neue Regeln für Mieter"
        authors: [Anna Schmidt, Bernd Bauer]
        date: 2024-03-12
        credit: dpa
        tags: [Wohnen, Recht]
        ---
        Die Regierung hat ein Gesetz beschlossen.
        """)
    assert document.title.de == "Neue Regeln für Mieter"
    assert (document.meta.author, document.meta.date, document.meta.credit) == (
        "Anna Schmidt, Bernd Bauer", "2024-03-12", "dpa")
    assert structure(document) == [
        (None, [("text", ["Die Regierung hat ein Gesetz beschlossen."])])]
    assert "Wohnen" not in german(document)


@pytest.mark.parametrize(
    "markdown",
    [
        "---\nNur ein Satz.\n---\n\nText.\n",  # YAML reads a string: a break and a heading
        "---\nfoo: [offen\n---\n\nText.\n",  # not YAML at all
    ],
)
def test_a_block_that_is_no_yaml_mapping_stays_markdown(markdown: str):
    document = read(markdown)
    first_line = markdown.split("\n")[1]
    assert first_line in german(document)


def test_byline_and_date_under_the_title():
    document = read("""\
        # Titel

        Von [Anna Schmidt](https://example.org/autoren/anna)\\
        13.09.2023 13.32

        Von Bernd Bauer stammt dieser Satz.

        Text.
        """)
    assert (document.meta.author, document.meta.date) == ("Anna Schmidt", "2023-09-13T13:32")
    assert structure(document) == [
        (None, [("text", ["Von Bernd Bauer stammt dieser Satz."]), ("text", ["Text."])])]
    assert document.sections[0].paragraphs[0].links == [
        Link("https://example.org/autoren/anna", "Anna Schmidt")]


def test_credit_and_boilerplate_follow_the_plain_text_rules():
    document = read("""\
        # Titel

        Text.

        Folgen Sie uns auf Facebook und Instagram!

        Lesen Sie auch: [Der andere Artikel](https://example.org/anders)

        dpa
        """)
    assert document.meta.credit == "dpa"
    assert document.boilerplate == ["Folgen Sie uns auf Facebook und Instagram!"]
    # a paragraph with a link stays text: taking it out would lose the address
    assert structure(document)[0][1][-1] == ("text", ["Lesen Sie auch: Der andere Artikel"])


def test_lists_give_one_paragraph_per_item_nested_too():
    document = read("""\
        # Titel

        - Erster Punkt.
        - Zweiter Punkt
          1. Unterpunkt eins.
          2. Unterpunkt zwei.
        - Dritter Punkt.

          Sein zweiter Absatz.

        3) Gezählt ab drei.
        """)
    paragraphs = document.sections[0].paragraphs
    assert [(p.kind, p.marker, [s.de for s in p.sentences]) for p in paragraphs] == [
        ("list", "•", ["Erster Punkt."]),
        ("list", "•", ["Zweiter Punkt"]),
        ("list", "1.", ["Unterpunkt eins."]),
        ("list", "2.", ["Unterpunkt zwei."]),
        ("list", "•", ["Dritter Punkt."]),
        ("list", "", ["Sein zweiter Absatz."]),
        ("list", "3)", ["Gezählt ab drei."]),
    ]


def test_quotes_keep_their_paragraphs_and_what_is_inside():
    document = read("""\
        # Titel

        > Erster zitierter Absatz. Zwei Sätze.
        >
        > ## Eine Überschrift im Zitat
        >
        > - Ein Punkt im Zitat.

        Text danach.
        """)
    assert structure(document) == [(None, [
        ("quote", ["Erster zitierter Absatz.", "Zwei Sätze."]),
        ("quote", ["Eine Überschrift im Zitat"]),
        ("list", ["Ein Punkt im Zitat."]),
        ("text", ["Text danach."]),
    ])]


def test_code_is_kept_verbatim_and_never_sent_to_the_model():
    fenced = 'print("Das ist Code.")\n\nif x:\n    return "Nicht übersetzen."'
    indented = "Eingerückter Code. Auch kein Text."
    document = read(
        "# Titel\n\nVorher.\n\n```python\n" + fenced + "\n```\n\n    " + indented + "\n\nNachher.\n"
    )
    assert structure(document) == [(None, [
        ("text", ["Vorher."]), ("code", fenced), ("code", indented), ("text", ["Nachher."])])]
    assert "Code" not in german(document) and "übersetzen" not in german(document)


def test_tables_and_html_blocks_are_verbatim():
    table = "| Partei | Stimmen |\n| --- | ---: |\n| SPD | 25,7 % |"
    html = '<div class="info">\nEin Kasten in HTML.\n</div>'
    document = read(f"# Titel\n\n{table}\n\n{html}\n\nText.\n")
    assert structure(document) == [(None, [
        ("table", table), ("code", html), ("text", ["Text."])])]
    assert "Partei" not in german(document) and "Kasten" not in german(document)


def test_inline_markup_leaves_plain_text():
    document = read("""\
        # Titel

        Ein **fetter** und ein *kursiver* Satz mit `code()`, \\*Sternen\\* und <span>Tags</span>.
        Zeile<br>zwei.
        """)
    assert [s.de for s in document.sentences()] == [
        "Ein fetter und ein kursiver Satz mit code(), *Sternen* und Tags.", "Zeile zwei."]


def test_link_and_image_addresses_stay_out_of_the_text_but_are_kept():
    document = read("""\
        # [Titel mit Link](https://example.org/titel)

        Siehe [den Bericht](https://example.org/bericht "Der Bericht") und
        ![ein Foto vom Gipfel](https://example.org/gipfel.jpg).

        ![](https://example.org/ohne-alt.png)

        ## Abschnitt [mit Link](https://example.org/abschnitt)

        [![Logo](https://example.org/logo.png)](https://example.org/start)
        """)
    assert "example.org" not in german(document)
    first, last = document.sections[0].paragraphs[0], document.sections[1].paragraphs[0]
    assert [s.de for s in first.sentences] == ["Siehe den Bericht und ein Foto vom Gipfel."]
    # the title's link goes to the next paragraph with text, as do those of headings and of
    # paragraphs that have no text
    assert first.links == [
        Link("https://example.org/titel", "Titel mit Link"),
        Link("https://example.org/bericht", "den Bericht", title="Der Bericht"),
        Link("https://example.org/gipfel.jpg", "ein Foto vom Gipfel", image=True),
    ]
    assert last.links == [
        Link("https://example.org/ohne-alt.png", "", image=True),
        Link("https://example.org/abschnitt", "mit Link"),
        Link("https://example.org/start", "Logo"),
        Link("https://example.org/logo.png", "Logo", image=True),
    ]
    markdown = render(document, "md")
    for link in [*first.links, *last.links]:
        assert f"({link.url}" in markdown


def test_links_with_no_paragraph_after_them_are_kept():
    document = read("# Titel\n\nText.\n\n![](https://example.org/ende.png)\n")
    assert document.sections[0].paragraphs[0].links == [
        Link("https://example.org/ende.png", "", image=True)]
    document = read("# Titel\n\n![](https://example.org/allein.png)\n")
    assert [p.links for s in document.sections for p in s.paragraphs] == [
        [Link("https://example.org/allein.png", "", image=True)]]


@pytest.mark.parametrize(
    ("markdown", "marks", "hrefs"),
    [
        ("*Ganz kursiv.* Nicht kursiv.", [("em",), ()], [None, None]),
        ("**Fett bis auf den Punkt**.", [("strong",)], [None]),
        ("***Beides.***", [("em", "strong")], [None]),
        ("„*Zitat kursiv*“, sagte er. Ein Teil *kursiv*.", [(), ()], [None, None]),
        ("*Zwei Sätze kursiv. Beide.*", [("em",), ("em",)], [None, None]),
        ("[Der ganze Satz ist ein Link.](https://example.org/a) Der hier nicht.",
         [(), ()], ["https://example.org/a", None]),
        ("*[Kursiver Link.](https://example.org/b)*", [("em",)], ["https://example.org/b"]),
        ("![Ein Bild ist kein Link.](https://example.org/c.png)", [()], [None]),
    ],
)
def test_markup_covering_a_whole_sentence_is_kept_on_it(markdown, marks, hrefs):
    sentences = list(read(f"# Titel\n\n{markdown}\n").sentences())
    assert [s.marks for s in sentences] == marks
    assert [s.href for s in sentences] == hrefs


def test_json_round_trip_keeps_links_markers_and_marks():
    document = read("# Titel\n\n1. *[Ein Link.](https://example.org/a)* Und mehr.\n")
    data = document.to_dict()
    assert data["sections"][0]["paragraphs"][0]["marker"] == "1."
    assert Document.from_dict(data).to_dict() == data


def test_segment_command_reads_markdown(tmp_path: Path):
    path = tmp_path / "artikel.md"
    path.write_text("# Titel\n\nEin Satz mit [Link](https://example.org/x).\n\n```\ncode\n```\n",
                    encoding="utf-8")
    result = CliRunner().invoke(app, ["segment", str(path)])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["source"]["format"] == "markdown"
    assert data["title"]["de"] == "Titel"
    text, code = data["sections"][0]["paragraphs"]
    assert [s["de"] for s in text["sentences"]] == ["Ein Satz mit Link."]
    assert text["links"] == [
        {"url": "https://example.org/x", "text": "Link", "image": False, "title": None}]
    assert (code["kind"], code["verbatim"], code["sentences"]) == ("code", "code", [])
