"""Issue 28, the In brief a side-by-side reader needs: the lead's key sentence, then what the
later sections add, as points; never all of the first paragraph (the page prints it right
below); quotations whole; no section summary repeating it; one box for the lead without a
heading; the extractive summary a list (a model's stays a paragraph: test_summarize_models)."""

from __future__ import annotations

import json
from pathlib import Path

import lxml.html
import pytest
from markdown_it import MarkdownIt

from tests.test_extractive import inside_a_quote
from tests.test_render_html import leave, needs_chromium, probe
from tests.test_summarize_models import SAMPLE, sample_document
from translate.document import Document, Paragraph, Section, Sentence, Source, Unit
from translate.output.readback import read_english
from translate.output.render import render
from translate.summarizers import ExtractiveSummarizer
from translate.text.english import sentences_of


def paragraph(*texts: str) -> Paragraph:
    return Paragraph([Sentence(text, text, -0.1) for text in texts])


def harbour(*later: Section) -> Document:
    """A lead whose first paragraph is one sentence, the one the lead is about, then
    `later` sections (by default two of four sentences each)."""
    lead = Section(None, [
        paragraph("Mayor Anna Berg opened the new harbour bridge in Kiel on Monday morning."),
        paragraph("The harbour bridge cost forty million euros and took three years to build.",
                  "Ships can now pass under the harbour bridge at any tide of the year."),
    ])
    sections = later or (
        Section(Unit("Verkehr", "Traffic"), [paragraph(
            "Traffic across the harbour now flows in four lanes instead of two narrow ones.",
            "Buses reach the station ten minutes faster than they did last winter.",
            "Cyclists get their own lane on the eastern side of the new bridge.",
            "The old ferry keeps running for tourists during the summer months.")]),
        Section(Unit("Kritik", "Criticism"), [paragraph(
            "Critics say the bridge blocks the view of the old harbour from the town hall.",
            "A citizens' group collected four thousand signatures against its colour.",
            "The council will vote on a new coat of paint for the bridge next spring.",
            "Shops near the ferry pier fear that fewer visitors will walk past them.")]))
    return Document(Source("harbour.txt", "text", "0" * 64), Unit("Brücke", "Bridge"),
                    [lead, *sections])


def headingless() -> Document:
    """One section of four paragraphs: the paragraphs after the first are its later parts."""
    return Document(Source("plain.txt", "text", "0" * 64), Unit("Wahl", "Election"), [
        Section(None, [
            paragraph("Claudia Brandes won the mayoral election in Petersberg on Sunday."),
            paragraph("She took fifty-four percent of the vote against the long-time mayor.",
                      "Turnout in the small town rose to sixty-one percent this year."),
            paragraph("Brandes promised a new school building and cheaper kindergarten places.",
                      "The town council must still approve the money for the school."),
            paragraph("Her opponent congratulated her and said he would help with the handover.",
                      "He had led the town for eighteen years and three election campaigns."),
        ])])


def summarised(document: Document) -> Document:
    ExtractiveSummarizer().summarize(document)
    return document


def section_of(document: Document, text: str) -> int:
    return next(index for index, section in enumerate(document.sections)
                if any(text in (s.en or "") for s in section.sentences()))


def paragraph_of(document: Document, text: str) -> int:
    paragraphs = [p for section in document.sections for p in section.paragraphs]
    return next(index for index, p in enumerate(paragraphs)
                if any(text in (s.en or "") for s in p.sentences))


def first_paragraph(document: Document) -> str:
    return " ".join(s.en or "" for s in document.sections[0].paragraphs[0].sentences)


# --- the choice ------------------------------------------------------------------------------

@pytest.mark.parametrize("make", [harbour, sample_document, headingless])
def test_two_points_never_the_first_paragraph_and_from_two_parts(make):
    document = summarised(make())
    points = document.summary_points
    assert len(points) == 2 and document.summary == " ".join(points)
    assert all(point in first_paragraph(document) for point in points) is False
    assert first_paragraph(document) not in points  # not even as one of the two
    where = section_of if len(document.sections) > 1 else paragraph_of
    assert len({where(document, point) for point in points}) == 2


def test_the_first_point_is_the_leads_key_sentence_when_its_paragraph_has_more():
    document = summarised(sample_document())  # its lead paragraph has two sentences
    lead = [s.en for s in document.sections[0].sentences()]
    assert document.summary_points[0] == lead[0]


def test_a_later_quotation_is_one_whole_point():
    quote = ('"The bridge changes everything for the whole harbour and the town.',
             'Every ship and every harbour worker gains from it," the harbour master said.')
    document = summarised(harbour(Section(Unit("Stimmen", "Voices"), [
        paragraph(*quote), paragraph("Cars wait.")])))
    assert document.summary_points[1] == " ".join(quote)
    assert not any(inside_a_quote(point) for point in document.summary_points)


def test_a_quotation_over_three_sentences_is_never_a_point():
    quote = ('"The bridge changes everything for the whole harbour and the town.',
             "Every ship gains from it.", 'Every harbour worker too," the harbour master said.')
    document = summarised(harbour(Section(Unit("Stimmen", "Voices"), [
        paragraph(*quote, "Traffic across the harbour now flows in four lanes instead of two.")])))
    assert document.summary_points[1] == ("Traffic across the harbour now flows in four lanes "
                                          "instead of two.")
    assert not any(sentence in document.summary for sentence in quote)


@pytest.mark.parametrize("make", [harbour, sample_document, headingless])
def test_no_section_summary_shares_a_sentence_with_the_in_brief(make):
    document = summarised(make())
    brief = set(sentences_of(document.summary))
    for section in document.sections:
        assert brief.isdisjoint(sentences_of(section.summary or "")), section.id


# --- the pages -------------------------------------------------------------------------------

def test_the_in_brief_is_a_list_and_the_lead_has_no_second_box():
    document = summarised(sample_document())
    markdown = render(document, "md")
    head, _, _ = markdown.partition("\n## ")
    assert head.count("> **In brief.**") == 1 and "> **Summary.**" not in head
    assert markdown.count(document.sections[0].summary) == 1  # in its row; its box: JSON only
    shown = lxml.html.fromstring(MarkdownIt("commonmark").render(markdown))
    items = shown.xpath("//blockquote[1]/ul/li")
    assert [item.text_content() for item in items] == document.summary_points
    page = lxml.html.fromstring(render(document, "html"))
    assert [li.text_content() for li in page.xpath("//header/aside/ul/li")] == \
        document.summary_points
    lead = page.xpath("//section")[0]
    assert lead.xpath(".//aside") == [] and lead.xpath("./hgroup") == []
    assert len(page.xpath("//section/aside")) == sum(bool(s.summary) for s in
                                                      document.sections[1:])
    data = json.loads(render(document, "json"))
    assert data["sections"][0]["summary"]["en"] == document.sections[0].summary


# --- the JSON, and reading an output back ----------------------------------------------------

def test_the_json_keeps_en_and_adds_the_points():
    document = summarised(harbour())
    data = json.loads(render(document, "json"))
    assert data["schema"] == "translate.document/1"  # an added field: readers of 1 still read
    assert data["summary"]["en"] == " ".join(data["summary"]["points"])
    assert Document.from_dict(data).summary_points == document.summary_points
    del data["summary"]["points"]  # as written before the points: a paragraph
    older = Document.from_dict(data)
    assert older.summary == document.summary and older.summary_points == []
    assert f"> **In brief.** {document.summary} *(quoted" in render(older, "md")


@pytest.mark.parametrize("fmt", ["md", "html", "json"])
def test_the_index_reads_the_points_back(fmt, tmp_path: Path):
    document = summarised(harbour())
    document.summary_points[0] = "1. FC Kiel - " + document.summary_points[0]  # a list's start
    document.summary = " ".join(document.summary_points)
    path = tmp_path / f"bridge.{fmt}"
    path.write_text(render(document, fmt), encoding="utf-8")
    assert read_english(path, fmt).summary == document.summary


def test_a_point_that_looks_like_a_list_stays_text():
    document = summarised(harbour())
    document.summary_points[0] = "1. FC Kiel won. " + document.summary_points[0]
    shown = lxml.html.fromstring(MarkdownIt("commonmark").render(render(document, "md")))
    items = shown.xpath("//blockquote[1]/ul/li")
    assert [item.text_content() for item in items] == document.summary_points
    assert shown.xpath("//blockquote[1]//ol") == []


# --- in a browser, and end to end ------------------------------------------------------------

BRIEF = ("const view = document.documentElement.clientWidth;"
         "const box = document.querySelector('aside.brief');"
         "const items = [...box.querySelectorAll('li')].map(li => {"
         "const r = li.getBoundingClientRect();"
         "return [li.innerText, r.width > 0 && r.left >= 0 && r.right <= view]; });"
         + leave("[box.querySelector('strong').innerText, items,"
                 " document.querySelectorAll('aside').length]"))


@needs_chromium
@pytest.mark.parametrize("width", [1280, 390])
def test_browser_shows_the_points(tmp_path: Path, width: int):
    document = summarised(sample_document())
    label, items, boxes = probe(tmp_path, render(document, "html"), BRIEF, width)
    assert label == "IN BRIEF"
    assert [text for text, _ in items] == document.summary_points
    assert all(inside for _, inside in items)
    assert boxes == 1 + sum(bool(s.summary) for s in document.sections[1:])


def test_the_sample_translated_end_to_end(trained_model_dir: Path, tmp_path: Path):
    from typer.testing import CliRunner

    from translate.cli import app

    result = CliRunner().invoke(app, ["run", str(SAMPLE), "--model", str(trained_model_dir),
                                      "-o", str(tmp_path), "-f", "json,md,html",
                                      "--device", "cpu"])
    assert result.exit_code == 0, result.stderr
    name = SAMPLE.stem + ".de-en"
    document = Document.from_dict(json.loads((tmp_path / f"{name}.json").read_text()))
    assert len(document.summary_points) == 2
    assert first_paragraph(document) not in document.summary
    assert len({section_of(document, point) for point in document.summary_points}) == 2
    page = lxml.html.fromstring((tmp_path / f"{name}.html").read_text())
    assert [li.text_content() for li in page.xpath("//header/aside/ul/li")] == \
        document.summary_points
    assert page.xpath("//section")[0].xpath(".//aside") == []
    markdown = (tmp_path / f"{name}.md").read_text()
    assert markdown.count("> **In brief.**") == 1
