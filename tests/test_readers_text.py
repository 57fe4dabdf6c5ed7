"""The plain-text reader's rules: title, byline, date, credit, boilerplate, headings."""

from __future__ import annotations

from pathlib import Path

import pytest

from translate.errors import InputError
from translate.readers import read_document, read_file, sniff_format
from translate.readers.decode import decode
from translate.readers.text import is_boilerplate, is_credit, is_heading

SAMPLE = Path(__file__).resolve().parents[1] / "seeds" / "putin-kim-wostotschny.txt"
BODY = "Die Regierung hat am Dienstag ein neues Gesetz beschlossen. Es gilt ab Januar."


def read(text: str):
    return read_document(text.encode(), "test.txt", "text")


def test_sample_reads_as_specified():
    document = read_file(SAMPLE)
    assert document.title.de.startswith("Wladimir Putin und Kim Jong Un: Kreml-Despot")
    assert (document.meta.author, document.meta.date, document.meta.credit) == (
        "Claudia Löwe", "13.09.2023 13.32", "loc/news.de/dpa")
    assert [s.heading is None for s in document.sections] == [True, False, False, False, False]
    assert len(list(document.sections[0].sentences())) == 2


@pytest.mark.parametrize(
    ("line", "following", "expected"),
    [
        ("Neue Regeln für Mieter", BODY, True),
        ("Was bedeutet das für Mieter?", BODY, True),
        ('Scholz: "Wir schaffen das"', BODY, True),
        ("2024 wird alles anders", BODY, True),
        ("Die Sitzung endete am Abend.", BODY, False),  # a one-sentence paragraph
        ('Er sagte: "Wir schaffen das."', BODY, False),  # ends a sentence inside quotes
        ("Dazu gehören:", BODY, False),  # introduces what follows
        ("Neue Regeln für Mieter", None, False),  # nothing follows
        ("Neue Regeln für Mieter", "Zweite Zeile ohne Punkt", False),  # heading after heading
        ("kleingeschrieben ohne Punkt", BODY, False),
        (" ".join(["Wort"] * 30), BODY, False),  # too long for a heading
    ],
)
def test_heading_rule(line, following, expected):
    assert is_heading(line, following) is expected


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("loc/news.de/dpa", True),
        ("dpa", True),
        ("(AFP)", True),
        ("Quelle: Reuters", True),
        ("dpa/AFP/jos", True),
        ("Die dpa berichtete über den Fall.", False),
        ("Mehr dazu finden Sie bei unserem Partner auf der Webseite der Agentur dpa", False),
    ],
)
def test_credit_rule(line, expected):
    assert is_credit(line) is expected


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Folgen Sie uns auf Facebook und Instagram!", True),
        ("Lesen Sie auch: Das Ende der Ampel", True),
        ("Mehr zum Thema", True),
        ("Jetzt den Newsletter abonnieren", True),
        ("Die Polizei folgte der Spur bis nach Facebook.", False),
    ],
)
def test_boilerplate_rule(line, expected):
    assert is_boilerplate(line) is expected


@pytest.mark.parametrize(
    ("header", "author", "date"),
    [
        (["Von Anna Schmidt", "13.09.2023"], "Anna Schmidt", "13.09.2023"),
        (["Autorin: Eva Maria Klein", "1. März 2024, 9:05 Uhr"], "Eva Maria Klein",
         "1. März 2024, 9:05 Uhr"),
        (["Stand: 02.01.2024 18:30 Uhr"], None, "02.01.2024 18:30 Uhr"),
        (["Von der Leyen reist nach Kiew"], None, None),  # a sentence, not a byline
        (["Von Anna Schmidt | 13.09.2023, 18:30 Uhr"], "Anna Schmidt", "13.09.2023, 18:30 Uhr"),
        (["Von Anna Schmidt, 2.1.2024"], "Anna Schmidt", "2.1.2024"),
        (["13.09.2023 · Erstellt von Claudia Löwe"], "Claudia Löwe", "13.09.2023"),
        (["Von Anna Schmidt | Politik"], None, None),  # one part is neither: not a header
    ],
)
def test_byline_and_date(header, author, date):
    document = read("\n".join(["Der Titel", *header, BODY]))
    assert (document.meta.author, document.meta.date) == (author, date)


@pytest.mark.parametrize(
    ("first", "credit"),
    [
        ("Berlin (dpa) - Die Regierung hat ein Gesetz beschlossen.", "dpa"),
        ("Frankfurt/Main (dpa/lhe) – Die Börse schloss fester.", "dpa/lhe"),
        ("Washington (AFP) — Der Präsident sprach.", "AFP"),
        ("Berlin (Foto) - Die Regierung hat ein Gesetz beschlossen.", None),
        ("Die Regierung (CDU) - so heißt es - hat ein Gesetz beschlossen.", None),
    ],
)
def test_agency_dateline_gives_the_credit_and_keeps_the_text(first: str, credit: str | None):
    document = read(f"Der Titel\n{first} {BODY}")
    assert document.meta.credit == credit
    assert next(document.sentences()).de.startswith(first.split(" ")[0])


def test_blank_line_paragraphs_are_unwrapped():
    text = (
        "Titel des Artikels\n\n"
        "Die Regierung hat am Dienstag ein neues Gesetz beschlossen, das die\n"
        "Mieten in großen Städten begrenzen soll und ab Januar gilt, wie der\n"
        "Minister sagte.\n\n"
        "Kritik der Opposition\n\n"
        "Die Opposition hält das Gesetz für wirkungslos und will klagen, sagte\n"
        "ihr Sprecher am Abend in Berlin vor Journalisten.\n"
    )
    document = read(text)
    lead, second = document.sections
    [paragraph] = lead.paragraphs
    assert paragraph.sentences[0].de.endswith("wie der Minister sagte.")
    assert second.heading is not None and second.heading.de == "Kritik der Opposition"
    assert len(second.paragraphs) == 1


def test_title_only_article_is_kept():
    document = read("Nur eine Zeile")
    assert document.title.de == "Nur eine Zeile" and document.sections == []


@pytest.mark.parametrize(
    ("data", "text"),
    [
        ("Grüße\r\naus Köln\r\n".encode(), "Grüße\naus Köln\n"),
        (b"\xef\xbb\xbf" + "Straße".encode(), "Straße"),
        ("Maß\u00adnahme".encode("utf-16"), "Maßnahme"),
        ("10\u00a0km\u200b weit".encode(), "10 km weit"),
    ],
    ids=["crlf", "utf8-bom", "utf16-bom-soft-hyphen", "nbsp-zero-width"],
)
def test_decode_normalises(data: bytes, text: str):
    assert decode(data, "x")[0] == text


GERMAN = ("Der Bürgermeister sagt: „Die Straße bleibt gesperrt.“ Maßnahmen gelten ab März – "
          "für alle.")


@pytest.mark.parametrize(
    ("encoding", "reported"),
    [("utf-8", "utf-8"), ("utf-8-sig", "utf-8"), ("utf-16", "utf-16"), ("cp1252", "cp1252"),
     ("mac_roman", "mac_roman")],
)
def test_decode_detects_encodings(encoding: str, reported: str):
    assert decode(GERMAN.encode(encoding), "x") == (GERMAN, reported)


def test_latin1_german_reads_correctly():
    text = "Grüße aus Köln: Öl, Ärger und Maß."
    assert decode(text.encode("latin-1"), "x")[0] == text


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"PK\x03\x04\x00\x00", r"binary file \(it contains NUL bytes\)"),
        (bytes(range(1, 32)) * 40, r"binary file \(control characters\)"),
        (b"\xff\xfeA\x00\x00\xd8", r"not valid UTF-16 \(bad byte at offset 4\)"),
    ],
    ids=["nul", "control", "broken-utf16"],
)
def test_decode_refuses_what_is_not_text(data: bytes, message: str):
    with pytest.raises(InputError, match=message):
        decode(data, "a.txt")


@pytest.mark.parametrize(
    ("text", "format"),
    [
        ("<!DOCTYPE html><html><body><p>Hallo</p></body></html>", "html"),
        ("  <div><p>Hallo</p></div>", "html"),
        ("# Titel\n\nText.", "markdown"),
        ("Titel\n=====\n\nText.", "markdown"),
        ("Titel\n\nSiehe [hier](https://example.org).", "markdown"),
        ("Titel\nErstellt von Anna\nText < 5 und > 3.", "text"),
        ("Wladimir Putin: ein Besuch\nDer Text geht weiter.", "text"),
    ],
)
def test_sniff_format(text: str, format: str):
    assert sniff_format(text) == format
