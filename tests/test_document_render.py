"""Document ids and JSON round trip, the extractive summariser, and the renderers.

Translations here are written by hand (a fake translator is fine for these stages)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from markdown_it import MarkdownIt

from translate.document import (
    Document,
    Link,
    Meta,
    Paragraph,
    RunRecord,
    Section,
    Sentence,
    Source,
    Unit,
)
from translate.output.atomic import write_atomic
from translate.output.render import render
from translate.summarizers import ExtractiveSummarizer, NoSummarizer

KEY = "0123456789abcdef"


def paragraph(*pairs: tuple[str, str], **fields: Any) -> Paragraph:
    return Paragraph([Sentence(de, en, -0.5) for de, en in pairs], **fields)


def make_document() -> Document:
    return Document(
        source=Source("a.txt", "text", "0" * 64),
        title=Unit("Titel | mit Strich", "Title | with bar"),
        meta=Meta(author="Anna", date="1.1.2024", credit="dpa"),
        sections=[
            Section(None, [paragraph(
                ("Der Bundestag stimmt ab.", "The Bundestag votes on the energy law."),
                ("Das Gesetz betrifft Energie.", "The energy law concerns energy prices."),
                ("Es regnet.", "It is raining."),
                ("Preise steigen.", "Energy prices rise under the new law."),
            )]),
            Section(Unit("Kritik", "Criticism"), [
                paragraph(("Die Opposition klagt <script>.", "The opposition sues <script>.")),
                paragraph(("Ein zweiter Absatz.", "A second paragraph.")),
            ]),
            Section(Unit("Leer", "Empty"), []),
        ],
        boilerplate=["Folgen Sie uns!"],
    )


def test_ids_follow_reading_order():
    document = make_document()
    assert [s.id for s in document.sentences()] == [
        "s1p1t1", "s1p1t2", "s1p1t3", "s1p1t4", "s2p1t1", "s2p2t1"]
    units = [u.de for u in document.units()]
    assert units[:2] == ["Titel | mit Strich", "Der Bundestag stimmt ab."]
    assert len(list(document.units())) == 1 + 6 + 2  # the title, six sentences, two headings


def test_json_round_trip_keeps_everything():
    document = make_document()
    data = json.loads(render(document, "json"))
    assert data["sections"][0]["heading"] is None
    assert data["sections"][1]["paragraphs"][1]["sentences"][0] == {
        "id": "s2p2t1", "de": "Ein zweiter Absatz.", "en": "A second paragraph.", "score": -0.5,
        "qa": []}
    assert Document.from_dict(data).to_dict() == data


def test_from_dict_refuses_other_schemas():
    with pytest.raises(ValueError, match=r"not a translate\.document/1 document"):
        Document.from_dict({"schema": "other/2"})


def test_extractive_summaries_start_from_the_lead_and_never_repeat():
    document = make_document()
    ExtractiveSummarizer().summarize(document)
    lead, criticism, empty = document.sections
    # the article summary: two points, the lead's key sentence, then what the later section
    # adds; never the whole lead paragraph, which the page prints right below
    assert document.summary_points == ["The Bundestag votes on the energy law.",
                                       "The opposition sues <script>."]
    assert document.summary == " ".join(document.summary_points)
    # each section's summary comes from what the article summary left, shorter than that
    assert lead.summary == ("The energy law concerns energy prices. Energy prices rise under "
                            "the new law.")
    assert criticism.summary == "A second paragraph."
    assert empty.summary is None
    assert document.summary_kind == lead.summary_kind == "extractive"
    assert empty.summary_kind is None
    first = lead.summary
    ExtractiveSummarizer().summarize(document)
    assert lead.summary == first  # deterministic


def test_extractive_summary_skips_repeats():
    document = make_document()
    document.sections[0].paragraphs[0].sentences[1].en = "The Bundestag votes on the energy law."
    ExtractiveSummarizer().summarize(document)
    assert document.summary.count("votes on the energy law") == 1


def test_no_summarizer_leaves_summaries_empty():
    document = make_document()
    NoSummarizer().summarize(document)
    assert document.summary is None and all(s.summary is None for s in document.sections)


def test_markdown_escapes_and_structures():
    document = make_document()
    ExtractiveSummarizer().summarize(document)
    markdown = render(document, "md")
    lines = markdown.splitlines()
    assert lines[:2] == ["# Titel | mit Strich", "*Title | with bar*"]
    assert lines[3] == "Anna · 1 Jan 2024 · dpa"  # the date in words
    assert "| Die Opposition klagt &lt;script>. | The opposition sues &lt;script>. |" in lines
    assert "<script>" not in markdown
    assert "## Leer" in lines and "### Empty" in lines
    assert markdown.count("| Deutsch | English |") == 2  # the empty section has no table
    assert lines[-1] == "> Folgen Sie uns!"


def test_markdown_names_a_web_article_s_page_under_the_byline_and_the_model_at_the_end():
    """The header links the page the article was fetched from and says when; the byline is
    the article's; the model, its revision and the beam width close the page, after the
    boilerplate and before the output key."""
    document = make_document()
    document.source = Source("https://example.de/a", "html", "0" * 64, url="https://example.de/a",
                             final_url="https://example.de/a (b)|c",
                             fetched_at="2024-01-02T21:04:00Z")
    document.run = RunRecord(translator={"model": "/models/opus-mt-de-en/",
                                         "revision": "sha256:9f8e7d6c5b", "beams": 5}, key=KEY)
    lines = render(document, "md").splitlines()
    assert lines[3:7] == ["Anna · 1 Jan 2024 · dpa", "",
                          "Source: [https://example.de/a (b)|c](https://example.de/a%20%28b%29%7Cc)"
                          " · fetched 2 Jan 2024, 21:04 UTC", ""]
    assert lines[-8:] == ["> Folgen Sie uns!", "", "---", "",
                          "*Translated by machine: opus-mt-de-en (rev 9f8e7d6), beam 5.*",
                          "", "", f"<!-- translate-key: {KEY} -->"]
    html = MarkdownIt().render("\n".join(lines))
    assert '<a href="https://example.de/a%20%28b%29%7Cc">https://example.de/a (b)|c</a>' in html


def test_a_feed_s_full_text_names_its_page_without_a_fetch_time():
    document = make_document()
    document.source = Source("https://example.de/a", "html", "0" * 64, url="https://example.de/a",
                             final_url="https://example.de/a")
    markdown = render(document, "md")
    assert "\nSource: [https://example.de/a](https://example.de/a)\n" in markdown
    assert "fetched" not in markdown and "Translated by machine" not in markdown


def test_markdown_escapes_pipes_inside_cells():
    document = make_document()
    document.sections[0].paragraphs[0].sentences[0].de = "A | B"
    row = next(line for line in render(document, "md").splitlines() if line.startswith("| A"))
    assert row.startswith("| A \\| B ")


def one_section(*paragraphs: Paragraph) -> Document:
    return Document(source=Source("a.md", "markdown", "0" * 64), title=Unit("Titel", "Title"),
                    sections=[Section(None, list(paragraphs))])


def test_markdown_prints_verbatim_blocks_between_tables():
    code = "def f():\n    return '```' if 1 < 2 else '|'"
    table = "| Partei | <b>Stimmen</b> |\n| --- | --- |\n| SPD | 25,7 % |"
    document = one_section(
        paragraph(("Vorher.", "Before.")),
        Paragraph([], kind="code", verbatim=code),
        Paragraph([], kind="table", verbatim=table),
        paragraph(("Nachher.", "After.")),
    )
    lines = render(document, "md").splitlines()
    header = ["| Deutsch | English |", "| --- | --- |"]
    start = lines.index(header[0])
    assert lines[start:] == [
        *header, "| Vorher. | Before. |", "",
        "````", *code.splitlines(), "````", "",  # a fence longer than the ``` inside
        "| Partei | &lt;b>Stimmen&lt;/b> |", "| --- | --- |", "| SPD | 25,7 % |", "",
        *header, "| Nachher. | After. |",
    ]


def test_markdown_marks_list_items_and_quotes_in_both_cells():
    document = one_section(
        paragraph(("Ein Punkt.", "A point."), kind="list"),
        paragraph(("Zweitens.", "Secondly."), kind="list", marker="2."),
        paragraph(("Fortsetzung.", "Continued."), kind="list", marker=""),
        paragraph(("Ein Zitat.", "A quote.")),
        paragraph(("Zitiert.", "Quoted."), kind="quote"),
    )
    lines = render(document, "md").splitlines()
    assert lines[-5:] == [
        "| • Ein Punkt. | • A point. |",
        "| 2. Zweitens. | 2. Secondly. |",
        "| Fortsetzung. | Continued. |",
        "| Ein Zitat. | A quote. |",
        "| > Zitiert. | > Quoted. |",
    ]


def test_markdown_lists_links_at_the_end_of_the_section():
    linked = Sentence("Alles verlinkt.", "All linked.", marks=("em", "strong"),
                      href="https://example.org/z")
    document = one_section(
        paragraph(("Siehe Bericht.", "See the report."), links=[
            Link("https://example.org/a|b (1)", "Bericht", title='Der "Bericht"'),
            Link("https://example.org/foto.jpg", "Foto", image=True)]),
        Paragraph([linked], links=[Link("https://example.org/z", "Alles verlinkt.")]),
        paragraph(("Ohne Link.", "No link.")),
    )
    markdown = render(document, "md")
    lines = markdown.splitlines()
    assert lines[-5:] == [
        "| Siehe Bericht. ↗¹ | See the report. ↗¹ |",
        "| ***[Alles verlinkt.](https://example.org/z)*** |"
        " ***[All linked.](https://example.org/z)*** |",
        "| Ohne Link. | No link. |",
        "",
        '- ↗¹ [Bericht](https://example.org/a%7Cb%20%281%29 "Der \\"Bericht\\"")'
        " · image [Foto](https://example.org/foto.jpg)",
    ]
    html = MarkdownIt("commonmark").enable("table").render(markdown)
    assert ('<a href="https://example.org/a%7Cb%20%281%29" title="Der &quot;Bericht&quot;">'
            "Bericht</a>") in html
    assert ("<td><em><strong><a href=\"https://example.org/z\">All linked.</a></strong></em>"
            "</td>") in html


def test_write_atomic_replaces_whole_files(tmp_path: Path):
    target = tmp_path / "deep" / "out.md"
    write_atomic(target, "first")
    write_atomic(target, "second")
    assert target.read_text() == "second"
    assert [p.name for p in target.parent.iterdir()] == ["out.md"]


def test_write_atomic_leaves_nothing_when_writing_fails(tmp_path: Path):
    target = tmp_path / "out.md"
    with pytest.raises(UnicodeEncodeError):
        write_atomic(target, "\ud800")  # a lone surrogate cannot be encoded
    assert list(tmp_path.iterdir()) == []


def test_markdown_labels_the_two_summaries_apart_and_says_who_wrote_them():
    document = make_document()
    ExtractiveSummarizer().summarize(document)
    markdown = render(document, "md")
    quoted = " *(quoted from the article)*"
    assert ("> **In brief.**" + quoted + "\n> - The Bundestag votes on the energy law.\n"
            "> - The opposition sues &lt;script>.\n\n") in markdown
    assert "> **Summary.** A second paragraph." + quoted + "\n" in markdown
    assert markdown.count("> **Summary.** ") == 1  # Kritik's: the lead's box is the In brief
    data = json.loads(render(document, "json"))
    assert data["summary"] == {"en": document.summary, "kind": "extractive",
                               "points": document.summary_points}
    assert data["sections"][1]["summary"] == {"en": "A second paragraph.",
                                              "kind": "extractive"}
    assert data["sections"][2]["summary"] == {"en": None}
    assert Document.from_dict(data).sections[1].summary_kind == "extractive"
    assert Document.from_dict(data).summary_points == document.summary_points


def test_pages_say_which_summaries_a_model_wrote_and_which_it_had_set_aside():
    document = make_document()
    document.run = RunRecord(summarizer={"kind": "chat",
                                         "model": "/models/SmolLM2-135M-Instruct.Q4_1.gguf"})
    document.summary, document.summary_kind = "The Bundestag votes on prices.", "chat"
    criticism = document.sections[1]
    criticism.summary, criticism.summary_kind = "The energy law concerns energy prices.", \
        "extractive"
    criticism.set_aside = ["United States"]
    markdown = render(document, "md")
    assert ("> **In brief.** The Bundestag votes on prices. *(written by a language model "
            "(SmolLM2-135M-Instruct.Q4_1); names and figures checked against the article)*\n"
            ) in markdown
    assert ("> **Summary.** The energy law concerns energy prices. *(quoted from the article, "
            "in place of a language model's summary that named people, places or figures the "
            "text does not mention)*\n") in markdown
    assert "United States" not in markdown
    html = render(document, "html")
    assert ('<strong>In brief</strong> The Bundestag votes on prices. <small class="origin">'
            "(written by a language model (SmolLM2-135M-Instruct.Q4_1); names and figures "
            "checked against the article)</small></aside>") in html
    assert "in place of a language model" in html and "United States" not in html
    data = json.loads(render(document, "json"))
    assert data["summary"] == {"en": "The Bundestag votes on prices.", "kind": "chat"}
    assert data["sections"][1]["summary"] == {
        "en": "The energy law concerns energy prices.", "kind": "extractive",
        "set_aside": ["United States"]}
    assert Document.from_dict(data).to_dict() == data
