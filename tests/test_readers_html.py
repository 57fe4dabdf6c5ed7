"""The HTML reader: article kept, boilerplate dropped, malformed pages survived, evaluation gate."""

from __future__ import annotations

import json
import subprocess
import sys
from html import escape
from pathlib import Path

import pytest
from typer.testing import CliRunner

from benchmarks import html_extraction as benchmark
from translate.cli import app
from translate.document import Document
from translate.errors import InputError
from translate.sources.readers import read_document, read_file

EVAL_DIR = Path(__file__).resolve().parents[2] / "shared/eval/html-de"
SAMPLE = Path(__file__).resolve().parents[1] / "seeds" / "putin-kim-wostotschny.txt"
# Measured with trafilatura 2.3.1, favor_precision (benchmarks/html_extraction.py): `with`
# 87/89 = 97.8 %, `without` 1/95 = 1.1 %, comments 0/22, sub-headings 93/93.
# The same after dropped.py (headings put back, a plain page read whole): no figure moved.
WITH_FLOOR = 0.95
WITHOUT_CEILING = 0.03
HEADINGS_FLOOR = 0.95


ARTICLE = """\
<article class="article">
  <h1>Stadtrat beschließt neuen Radweg</h1>
  <p class="byline">Von Anna Schmidt</p>
  <time datetime="2024-03-05T10:30:00+01:00">5. März 2024, 10:30 Uhr</time>
  <p>Der Stadtrat hat am Dienstagabend mit großer Mehrheit den Bau eines neuen Radwegs entlang
  der Hauptstraße beschlossen. Die Arbeiten sollen im Sommer beginnen und rund zwei Millionen
  Euro kosten.</p>
  <p>Bürgermeisterin Petra Wagner sprach von einem wichtigen Schritt für die Verkehrswende in
  der Stadt. Der Radweg soll den Bahnhof mit dem Gewerbegebiet im Norden verbinden.</p>
  <h2>Kritik aus der Opposition</h2>
  <p>Die Opposition kritisierte vor allem die hohen Kosten des Projekts. Sie forderte
  stattdessen andere Maßnahmen:</p>
  <ul>
    <li>Mehr Parkplätze am Bahnhof</li>
    <li>Eine zweite Busspur in der Innenstadt</li>
  </ul>
  <blockquote><p>Wir halten das Projekt für überteuert und schlecht geplant.</p></blockquote>
  <h2>Wie es weitergeht</h2>
  <p>Die Stadtverwaltung will die Aufträge in den kommenden Wochen ausschreiben. Anwohner
  können sich bei einer Informationsveranstaltung im April über die Pläne informieren.</p>
</article>"""

NEWS_PAGE = f"""<!DOCTYPE html>
<html lang="de">
<head>
<meta charset="utf-8">
<title>Stadtrat beschließt neuen Radweg | Beispiel-Zeitung</title>
<meta property="og:site_name" content="Beispiel-Zeitung">
<meta name="author" content="Anna Schmidt">
<meta property="article:published_time" content="2024-03-05T10:30:00+01:00">
<style>body {{ font-family: serif; }}</style>
<script>var geheim = "Skripttext darf nie erscheinen";</script>
</head>
<body>
<div id="cookie-banner" class="cookie-consent">
  <p>Wir verwenden Cookies, um Ihnen das beste Nutzererlebnis zu bieten. Mit Klick auf
  Akzeptieren stimmen Sie zu.</p>
  <button>Alle akzeptieren</button>
</div>
<header class="site-header">
  <a href="/" class="logo">Beispiel-Zeitung</a>
  <nav class="main-nav"><ul>
    <li><a href="/politik">Politik</a></li><li><a href="/wirtschaft">Wirtschaft</a></li>
    <li><a href="/sport">Sport</a></li><li><a href="/kultur">Kultur</a></li>
  </ul></nav>
  <div class="login-box"><a href="/login">Anmelden</a> <a href="/abo">Jetzt abonnieren</a></div>
</header>
<main>
{ARTICLE}
<section class="comments" id="comments">
  <h3>Kommentare (2)</h3>
  <div class="comment"><p class="comment-author">Radler99</p>
    <p>Endlich tut sich etwas in dieser Stadt, das wurde auch Zeit für alle Radfahrer.</p></div>
  <div class="comment"><p class="comment-author">Autofan</p>
    <p>Reine Geldverschwendung, die Straße ist doch schon viel zu eng für alle Autos.</p></div>
</section>
<aside class="related">
  <h3>Mehr zum Thema</h3>
  <ul>
    <li><a href="/a1">Neue Buslinie startet im Mai</a></li>
    <li><a href="/a2">Parkgebühren steigen ab Juli deutlich</a></li>
    <li><a href="/a3">Bahnhof wird bis 2026 umgebaut</a></li>
  </ul>
</aside>
</main>
<footer class="site-footer">
  <p>© 2024 Beispiel-Zeitung. Alle Rechte vorbehalten.</p>
  <a href="/impressum">Impressum</a> <a href="/datenschutz">Datenschutz</a>
</footer>
</body>
</html>
"""
BOILERPLATE = [
    "Skripttext", "font-family", "Cookies", "akzeptieren", "Politik", "Wirtschaft", "Anmelden",
    "abonnieren", "Kommentare", "Radler99", "Endlich tut sich etwas", "Geldverschwendung",
    "Mehr zum Thema", "Buslinie", "Parkgebühren", "umgebaut", "Alle Rechte", "Impressum",
    "Datenschutz", "Beispiel-Zeitung", "Von Anna Schmidt",
]
LONG = ("Die Landesregierung hat am Mittwoch ein umfangreiches Paket zur Förderung des "
        "Nahverkehrs vorgestellt. Es soll vor allem Pendlern auf dem Land helfen.")


def read(page: str) -> Document:
    return read_document(page.encode(), "artikel.html", "html")


def page_with(body: str, head: str = "<title>Nahverkehr im Land</title>") -> str:
    return f"<html><head>{head}</head><body>{body}</body></html>"


def outline(document: Document) -> list[tuple[str | None, list[tuple[str, str]]]]:
    """Each section's heading with its paragraphs as (kind, text)."""
    return [(s.heading.de if s.heading else None,
             [(p.kind, " ".join(t.de for t in p.sentences) or p.verbatim or "")
              for p in s.paragraphs])
            for s in document.sections]


def german(document: Document) -> str:
    return "\n".join(unit.de for unit in document.units())


def test_news_page_keeps_the_article_and_nothing_else():
    document = read(NEWS_PAGE)
    assert document.source.format == "html"
    assert document.title.de == "Stadtrat beschließt neuen Radweg"
    assert (document.meta.author, document.meta.date, document.meta.credit) == (
        "Anna Schmidt", "2024-03-05T10:30+01:00", None)  # the page's time and zone
    assert outline(document) == [
        (None, [
            ("text", "Der Stadtrat hat am Dienstagabend mit großer Mehrheit den Bau eines neuen "
                     "Radwegs entlang der Hauptstraße beschlossen. Die Arbeiten sollen im "
                     "Sommer beginnen und rund zwei Millionen Euro kosten."),
            ("text", "Bürgermeisterin Petra Wagner sprach von einem wichtigen Schritt für die "
                     "Verkehrswende in der Stadt. Der Radweg soll den Bahnhof mit dem "
                     "Gewerbegebiet im Norden verbinden."),
        ]),
        ("Kritik aus der Opposition", [
            ("text", "Die Opposition kritisierte vor allem die hohen Kosten des Projekts. Sie "
                     "forderte stattdessen andere Maßnahmen:"),
            ("list", "Mehr Parkplätze am Bahnhof"),
            ("list", "Eine zweite Busspur in der Innenstadt"),
            ("quote", "Wir halten das Projekt für überteuert und schlecht geplant."),
        ]),
        ("Wie es weitergeht", [
            ("text", "Die Stadtverwaltung will die Aufträge in den kommenden Wochen "
                     "ausschreiben. Anwohner können sich bei einer Informationsveranstaltung "
                     "im April über die Pläne informieren."),
        ]),
    ]
    text = german(document)
    assert [snippet for snippet in BOILERPLATE if snippet in text] == []


@pytest.mark.parametrize(
    "page",
    [
        page_with("<nav><a href='/'>Start</a> <a href='/politik'>Politik</a></nav>"
                  "<footer>© 2024 Beispiel-Zeitung</footer>"),
        page_with(""),
        "<!-- nur ein Kommentar -->",
        "<script>var x = 1;</script><style>p { color: red }</style>",
    ],
    ids=["navigation only", "empty body", "comment only", "script only"],
)
def test_page_without_article_is_an_input_error(page):
    with pytest.raises(InputError, match=r"^artikel\.html: no article text found in this HTML"):
        read(page)


NESTED = "<div>" * 400 + f"<p>{LONG}</p>" + "</div>" * 400


@pytest.mark.parametrize(
    ("page", "kept"),
    [
        (page_with(f"<article><h1>Nahverkehr<p>{LONG}<p>Noch ein Absatz ohne Ende"), LONG),
        (page_with(NESTED), LONG),
        (page_with(f"<article><p>{LONG}<script>document.write('Skripttext')</script>"
                   "<style>.x { color: red }</style></p></article>"), LONG),
        ("<html><body><p>" + LONG, LONG),
        (f"</div></p><p>{LONG}</span></li></article>", LONG),
        ("<<<>>> &&& <p <div =", None),
        ("<html><body>\x01\x02 binär \x7f</body></html>", None),
        ('<?xml version="1.0" encoding="iso-8859-1"?>' + page_with(f"<p>{LONG}</p>"), LONG),
    ],
    ids=["unclosed tags", "400 nested divs", "script and style inside", "truncated",
         "stray end tags", "garbage", "control characters", "xml declaration"],
)
def test_malformed_html_gives_a_document_or_an_input_error(page, kept):
    try:
        document = read(page)
    except InputError:
        assert kept is None, "the article text was lost"
        return
    text = german(document)
    assert "Skripttext" not in text and "color" not in text
    if kept is not None:  # in the body, or as the title of a page that has no other
        assert kept in " ".join(unit.de for unit in document.units())


def test_entities_and_line_breaks():
    document = read(page_with(
        "<article><h1>Müller &amp; Söhne</h1>"
        f"<p>{LONG}</p>"
        "<p>Die Firma Müller &amp; Söhne nannte das &bdquo;überfällig&ldquo; &ndash; die "
        "Stadt&nbsp;schwieg. Erste Zeile<br>zweite Zeile.<br/>Dritte Zeile.</p></article>",
        head="<title>Müller &amp; Söhne</title>"))
    assert document.title.de == "Müller & Söhne"
    assert [s.de for s in document.sections[0].paragraphs[1].sentences] == [
        "Die Firma Müller & Söhne nannte das „überfällig“ – die Stadt schwieg.",
        "Erste Zeile zweite Zeile.",
        "Dritte Zeile.",
    ]


def test_table_is_kept_verbatim_and_nested_lists_are_flattened():
    document = read(page_with(
        f"<article><h1>Nahverkehr</h1><p>{LONG}</p>"
        "<table><tr><th>Linie</th><th>Takt</th></tr>"
        "<tr><td>S1\n  Nord</td><td>10 Minuten</td></tr></table>"
        "<ol><li>Erstens kommt es anders<ul><li>Unterpunkt</li></ul></li><li>Zweitens</li></ol>"
        f"<p>{LONG}</p></article>"))
    assert outline(document)[0][1][1:5] == [
        ("table", "Linie | Takt\nS1 Nord | 10 Minuten"),
        ("list", "Erstens kommt es anders"),
        ("list", "Unterpunkt"),
        ("list", "Zweitens"),
    ]


def test_title_is_not_repeated_and_site_name_is_dropped():
    document = read(page_with(
        f"<article><h1>Nahverkehr im Land</h1><p>{LONG}</p><h2>Die Kosten</h2><p>{LONG}</p>"
        "</article>",
        head="<title>Nahverkehr im Land - Beispiel-Zeitung</title>"
             '<meta property="og:site_name" content="Beispiel-Zeitung">'))
    assert document.title.de == "Nahverkehr im Land"
    assert [s.heading.de if s.heading else None for s in document.sections] == [
        None, "Die Kosten"]


def test_lead_from_the_header_is_kept_but_never_invented():
    lead = "Pendler auf dem Land sollen schneller in die Städte kommen. Das kostet viel Geld."
    header = f"<header><h1>Nahverkehr im Land</h1><p class='intro'>{lead}</p></header>"
    article = f"<article><p>{LONG}</p><p>{LONG}</p></article>"
    meta = f'<title>Nahverkehr im Land</title><meta name="description" content="{lead}">'
    shown = read(page_with(header + article, head=meta))
    assert outline(shown)[0][1][0] == ("text", lead)
    hidden = read(page_with(article, head=meta))
    assert lead not in german(hidden)


def test_agency_and_image_credits():
    document = read(page_with(
        f"<article><h1>Nahverkehr</h1><p>{LONG}</p><p>{LONG}</p>"
        "<p>Foto: Max Mustermann</p><p>dpa/AFP</p></article>"))
    assert document.meta.credit == "dpa/AFP"
    assert "Foto: Max Mustermann" in document.boilerplate
    assert "Mustermann" not in german(document)


def sample_as_html(wrap: str = "{}") -> tuple[str, Document]:
    """The sample article written as a bare page (h1, then h2 and p), the way pandoc, mammoth
    and Word write HTML, inside `wrap`; and the plain-text reader's Document of it."""
    document = read_file(SAMPLE)
    lines = [f"<p>{line}</p>" for line in ("Erstellt von Claudia Löwe", "13.09.2023 13.32")]
    for section in document.sections:
        if section.heading is not None:
            lines.append(f"<h2>{escape(section.heading.de)}</h2>")
        lines += [f"<p>{escape(' '.join(s.de for s in p.sentences))}</p>"
                  for p in section.paragraphs]
    body = wrap.format("\n".join(lines))
    return page_with(f"<h1>{escape(document.title.de)}</h1>\n{body}", head=""), document


@pytest.mark.parametrize(
    "wrap", ["{}", "<article>{}</article>", "<div class='WordSection1'>{}</div>",
             "<nav><a href='/'>Start</a> <a href='/politik'>Politik</a></nav><div>{}</div>"],
    ids=["bare", "article", "word", "navigation"])
def test_sub_headings_of_a_page_without_an_article_element(wrap: str):
    page, text_document = sample_as_html(wrap)
    document = read(page)
    assert [s.heading and s.heading.de for s in document.sections] == [
        s.heading and s.heading.de for s in text_document.sections]
    assert len(document.sections) == 5
    assert [s.de for s in document.sentences()] == [s.de for s in text_document.sentences()]
    assert (document.meta.author, document.meta.date) == ("Claudia Löwe", "2023-09-13")
    assert "Politik" not in german(document)


PANDOC_BODY = """\
<p>Die Landesregierung hat am Mittwoch ein umfangreiches Paket zur
Förderung des Nahverkehrs vorgestellt.</p>
{open_costs}<h2{costs_id}>Die Kosten</h2>
<p>Das Paket kostet rund 200 Millionen Euro.</p>
<ul>
<li>Mehr Busse</li>
<li>Mehr Bahnen auf dem Land</li>
</ul>
{close}{open_next}<h2{next_id}>Wie es weitergeht</h2>
<p>Die Arbeiten beginnen im Sommer.</p>
{close}"""
PANDOC_STANDALONE = """\
<!DOCTYPE html>
<html xmlns="http://www.w3.org/1999/xhtml" lang="" xml:lang="">
<head>
  <meta charset="utf-8" />
  <meta name="generator" content="pandoc" />
  <meta name="author" content="Anna Schmidt" />
  <title>Nahverkehr im Land</title>
  <style>code{{white-space: pre-wrap;}}</style>
</head>
<body>
<header id="title-block-header">
<h1 class="title">Nahverkehr im Land</h1>
<p class="author">Anna Schmidt</p>
<p class="date">5. März 2024</p>
</header>
{body}</body>
</html>
"""
FLAT = {"open_costs": "", "open_next": "", "close": "", "costs_id": ' id="die-kosten"',
        "next_id": ' id="wie-es-weitergeht"'}
SECTION_DIVS = {"open_costs": '<section id="die-kosten" class="level2">\n',
                "open_next": '<section id="wie-es-weitergeht" class="level2">\n',
                "close": "</section>\n", "costs_id": "", "next_id": ""}


@pytest.mark.parametrize(
    "page",
    [PANDOC_BODY.format(**FLAT), PANDOC_BODY.format(**SECTION_DIVS),
     PANDOC_STANDALONE.format(body=PANDOC_BODY.format(**FLAT)),
     PANDOC_STANDALONE.format(body=PANDOC_BODY.format(**SECTION_DIVS))],
    ids=["fragment", "section-divs", "standalone", "standalone section-divs"])
def test_pandoc_html(page: str):
    """What pandoc 3.9 writes from Markdown (`pandoc -t html5 [-s] [--section-divs]`)."""
    document = read(page)
    if "title-block-header" in page:
        assert (document.title.de, document.meta.author) == ("Nahverkehr im Land", "Anna Schmidt")
        assert document.meta.date == "2024-03-05"
    assert outline(document) == [
        (None, [("text", "Die Landesregierung hat am Mittwoch ein umfangreiches Paket zur "
                         "Förderung des Nahverkehrs vorgestellt.")]),
        ("Die Kosten", [("text", "Das Paket kostet rund 200 Millionen Euro."),
                        ("list", "Mehr Busse"), ("list", "Mehr Bahnen auf dem Land")]),
        ("Wie es weitergeht", [("text", "Die Arbeiten beginnen im Sommer.")]),
    ]


MIXED = f"""<h1>Nahverkehr im Land</h1><p>{LONG}</p>
<h2>Die Kosten</h2><p>Kurz.</p><p>Das Paket kostet rund 200 Millionen Euro. Mehr unter
<a href="https://example.de">example.de</a>.</p>
<ul><li>Mehr Busse</li><li>Mehr Bahnen auf dem Land</li></ul>
<blockquote><p>Das ist ein guter Tag für alle Pendler.</p></blockquote>
<h3>Die Linien</h3><table><tr><td>S1</td><td>10 Minuten</td></tr></table>
<div>Ein Absatz ohne p-Element, direkt in einem div, mit etwas mehr Text darin.</div>
<h2>Wie es weitergeht</h2>
<p><a href="/plan">Ein ganzer Absatz, der nur aus einem Link besteht und doch Text ist.</a></p>
<p>Die Arbeiten beginnen im Sommer.</p>"""
MIXED_TEXTS = ["Die Kosten", "Kurz.", "Das Paket kostet rund 200 Millionen Euro.", "Mehr Busse",
               "Mehr Bahnen auf dem Land", "Das ist ein guter Tag für alle Pendler.",
               "Die Linien", "S1 | 10 Minuten", "Ein Absatz ohne p-Element",
               "Wie es weitergeht", "Ein ganzer Absatz, der nur aus einem Link besteht",
               "Die Arbeiten beginnen im Sommer."]


def test_plain_page_is_read_whole():
    document = read(page_with(MIXED))
    text = german(document) + "\n" + "\n".join(
        p.verbatim or "" for s in document.sections for p in s.paragraphs)
    assert [snippet for snippet in MIXED_TEXTS if snippet not in text] == []
    assert [s.heading and s.heading.de for s in document.sections] == [
        None, "Die Kosten", "Die Linien", "Wie es weitergeht"]


def test_what_trafilatura_drops_from_the_article_is_kept_as_boilerplate():
    menu = "<ul>" + "".join(f"<li><a href='/{w}'>{w}</a></li>" for w in ("Politik", "Sport"))
    document = read(page_with(menu + "</ul>" + MIXED))
    kept = german(document) + "\n" + "\n".join(document.boilerplate)
    headings_and_paragraphs = [t for t in MIXED_TEXTS if t not in (
        "Mehr Busse", "Mehr Bahnen auf dem Land", "S1 | 10 Minuten", "Ein Absatz ohne p-Element")]
    assert [snippet for snippet in headings_and_paragraphs if snippet not in kept] == []
    assert "Die Kosten" in [s.heading and s.heading.de for s in document.sections]
    assert "Sport" not in kept


def test_short_heading_is_not_taken_for_the_paragraph_it_opens():
    document = read(page_with(
        "<nav><a href='/'>Start</a></nav><div>"
        f"<p>{LONG}</p><h2>Die Kosten</h2>"
        "<p>Die Kosten tragen Land und Bund gemeinsam, sagte der Minister am Mittwoch.</p>"
        f"<p>{LONG}</p></div>"))
    assert [s.heading and s.heading.de for s in document.sections] == [None, "Die Kosten"]


def test_segment_command_reads_html(tmp_path: Path):
    path = tmp_path / "artikel.html"
    path.write_text(NEWS_PAGE, encoding="utf-8")
    result = CliRunner().invoke(app, ["segment", str(path)])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["source"]["format"] == "html"
    assert data["title"]["de"] == "Stadtrat beschließt neuen Radweg"
    assert [s["heading"] and s["heading"]["de"] for s in data["sections"]] == [
        None, "Kritik aus der Opposition", "Wie es weitergeht"]


def test_reader_module_does_not_import_trafilatura():
    code = ("import sys, translate.sources.readers.html; "
            "sys.exit('trafilatura' in sys.modules)")
    assert subprocess.run([sys.executable, "-c", code], check=False).returncode == 0


@pytest.mark.slow
@pytest.mark.skipif(not (EVAL_DIR / "evaldata.json").is_file(),
                    reason=f"evaluation pages not found: {EVAL_DIR}")
def test_evaluation_gate():
    total, _ = benchmark.evaluate(EVAL_DIR)
    assert total.errors == []
    assert total.recall >= WITH_FLOOR
    assert total.leak <= WITHOUT_CEILING
    assert total.comments_leaked == 0
    assert total.headings_found >= HEADINGS_FLOOR * total.headings_total
