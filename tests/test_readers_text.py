"""The plain-text reader's rules: title, byline, date, credit, boilerplate, headings."""

from __future__ import annotations

from pathlib import Path

import pytest

from translate.errors import InputError
from translate.sources.readers import read_document, read_file, sniff_format
from translate.sources.readers.decode import decode
from translate.sources.readers.text import is_boilerplate, is_credit, is_heading

SAMPLE = Path(__file__).resolve().parents[1] / "seeds" / "putin-kim-wostotschny.txt"
BODY = "Die Regierung hat am Dienstag ein neues Gesetz beschlossen. Es gilt ab Januar."


def read(text: str):
    return read_document(text.encode(), "test.txt", "text")


def test_sample_reads_as_specified():
    document = read_file(SAMPLE)
    assert document.title.de.startswith("Wladimir Putin und Kim Jong Un: Kreml-Despot")
    assert (document.meta.author, document.meta.date, document.meta.credit) == (
        "Claudia Löwe", "2023-09-13T13:32", "loc/news.de/dpa")  # the date in ISO 8601
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
    ("header", "author", "date"),  # the date in ISO 8601
    [
        (["Von Anna Schmidt", "13.09.2023"], "Anna Schmidt", "2023-09-13"),
        (["Autorin: Eva Maria Klein", "1. März 2024, 9:05 Uhr"], "Eva Maria Klein",
         "2024-03-01T09:05"),
        (["Stand: 02.01.2024 18:30 Uhr"], None, "2024-01-02T18:30"),
        (["Von der Leyen reist nach Kiew"], None, None),  # a sentence, not a byline
        (["Von Anna Schmidt | 13.09.2023, 18:30 Uhr"], "Anna Schmidt", "2023-09-13T18:30"),
        (["Von Anna Schmidt, 2.1.2024"], "Anna Schmidt", "2024-01-02"),
        (["13.09.2023 · Erstellt von Claudia Löwe"], "Claudia Löwe", "2023-09-13"),
        (["Von Anna Schmidt | Politik"], None, None),  # one part is neither: not a header
    ],
)
def test_byline_and_date(header, author, date):
    document = read("\n".join(["Der Titel", *header, BODY]))
    assert (document.meta.author, document.meta.date) == (author, date)


ISSUE_TITLE = "Stadtrat beschließt neues Radwegekonzept"
ISSUE_BYLINE = "Von Anna Becker"
ISSUE_DATE = "12.03.2024 10.15"


@pytest.mark.parametrize(
    "text",
    [
        f"{ISSUE_TITLE}\n{ISSUE_BYLINE}\n{ISSUE_DATE}\n{BODY}",
        f"{ISSUE_TITLE}\n{ISSUE_BYLINE}\n\n{ISSUE_DATE}\n\n{BODY}\n",
        f"{ISSUE_TITLE}\n\n{ISSUE_BYLINE} {ISSUE_DATE}\n\n{BODY}".replace(
            f"{ISSUE_BYLINE} ", f"{ISSUE_BYLINE}\n"),
        f"\n{ISSUE_TITLE}\n\n{ISSUE_DATE}\n\n{ISSUE_BYLINE}\n\n\n{BODY}\n\n",
        f"{ISSUE_TITLE}\n{ISSUE_BYLINE} | {ISSUE_DATE}\n\n{BODY}",
    ],
    ids=["no-blank-lines", "blank-after-byline", "blank-after-title", "date-first",
         "one-line"],
)
def test_header_is_found_whatever_the_blank_lines(text: str):
    document = read(text)
    assert document.title.de == ISSUE_TITLE
    assert (document.meta.author, document.meta.date) == ("Anna Becker", "2024-03-12T10:15")
    assert [s.heading for s in document.sections] == [None]
    assert [s.de for s in document.sentences()] == [
        "Die Regierung hat am Dienstag ein neues Gesetz beschlossen.", "Es gilt ab Januar."]


@pytest.mark.parametrize(
    ("byline", "author", "credit"),
    [
        ("Von Anna Becker und Paul Schmidt", "Anna Becker und Paul Schmidt", None),
        ("Anna Becker, dpa", "Anna Becker", "dpa"),
        ("Von Anna Becker (AFP)", "Anna Becker", "AFP"),
        ("Von Anna Becker, Korrespondentin in Brüssel", "Anna Becker", None),
        ("Anna Becker, Redakteur im Ressort Politik", "Anna Becker", None),
        ("Von Volkmar Kabisch, Jan Lukas Strozyk und Benedikt Strunz, NDR",
         "Volkmar Kabisch, Jan Lukas Strozyk und Benedikt Strunz", None),
        ("Anna Becker", None, None),  # a bare name could be anything: body text
    ],
)
def test_byline_forms(byline: str, author: str | None, credit: str | None):
    document = read(f"Der Titel\n\n{byline}\n\n{BODY}")
    assert (document.meta.author, document.meta.credit) == (author, credit)
    body = [s.heading.de for s in document.sections if s.heading]
    body += [s.de for s in document.sentences()]
    assert (byline in body) is (author is None)  # a header line leaves the body, others stay


@pytest.mark.parametrize(
    ("date", "iso"),
    [("12.03.2024", "2024-03-12"), ("12.03.2024 10.15", "2024-03-12T10:15"),
     ("12.03.2024, 10:15 Uhr", "2024-03-12T10:15"), ("12. März 2024", "2024-03-12"),
     ("12. März 2024, 10:15 Uhr", "2024-03-12T10:15"), ("Dienstag, 12. März 2024", "2024-03-12"),
     ("Veröffentlicht am 12.03.2024", "2024-03-12"), ("2024-03-12", "2024-03-12")],
)
def test_date_forms(date: str, iso: str):
    document = read(f"Der Titel\n{date}\n\nVon Anna Becker\n\n{BODY}")
    assert document.meta.date == iso
    assert document.meta.author == "Anna Becker"


HEADING = "Neue Regeln für alle Mieter in Berlin"  # longer than the paragraph under it
SHORT = "Das Gesetz gilt ab Januar."


@pytest.mark.parametrize(
    "text",
    [
        f"Der Titel\n\n{BODY}\n\n{HEADING}\n{SHORT}\n",
        f"Der Titel\n\n{BODY}\n\n{HEADING}\n\n{SHORT}\n",
        f"Der Titel\n{BODY}\n{HEADING}\n{SHORT}\n",
    ],
    ids=["heading-on-its-paragraph", "heading-apart", "no-blank-lines"],
)
def test_sub_heading_whatever_the_blank_lines(text: str):
    document = read(text)
    assert [s.heading.de if s.heading else None for s in document.sections] == [None, HEADING]
    assert [len(s.paragraphs) for s in document.sections] == [1, 1]


@pytest.mark.parametrize(
    "line",
    ["Fischer: Warum?", "Von Anna Becker", "Stand: 28.04.2020 18:00 Uhr",
     "Er kam. Dann ging er wieder"],
)
def test_not_headings(line: str):
    assert not is_heading(line, BODY)


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


TITLE = "Wladimir Putin und Kim Jong Un treffen sich am neuen Weltraumbahnhof Wostotschny im Osten"
REST = ("\n\nDer Weltraumbahnhof liegt im Gebiet Amur, rund 100 Kilometer von der Grenze zu "
        "China entfernt.\n\nEr gilt als Ergänzung des Kosmodroms Baikonur in Kasachstan.\n")


@pytest.mark.parametrize(
    "lead",
    [
        "Der Kremlchef hat den Machthaber aus Nordkorea empfangen.",
        "Der Kremlchef hat den Machthaber aus Nordkorea am Mittwochmorgen auf dem\n"
        "neuen Weltraumbahnhof empfangen. Es ist ihr erstes Treffen seit 2019.",
        "Was wollen die beiden? Der Kremlchef hat den Machthaber empfangen.",
    ],
    ids=["one sentence", "hard-wrapped", "question first"],
)
def test_title_never_takes_in_a_sentence_of_the_lead_under_it(lead: str):
    document = read(f"{TITLE}\n{lead}{REST}")
    assert document.title.de == TITLE
    first = document.sections[0].paragraphs[0]
    assert " ".join(s.de for s in first.sentences) == " ".join(lead.split())
    assert len(document.sections[0].paragraphs) == 3


def test_hard_wrapped_title_is_joined():
    text = ("Wladimir Putin und Kim Jong Un: besiegelt der Nordkorea-Deal die\n"
            "Wende im Ukraine-Krieg?" + REST)
    document = read(text)
    assert document.title.de == ("Wladimir Putin und Kim Jong Un: besiegelt der Nordkorea-Deal "
                                 "die Wende im Ukraine-Krieg?")
    assert len(document.sections[0].paragraphs) == 2


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
