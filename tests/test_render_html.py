"""The HTML renderer and the folder index, on Documents written by hand (no model).

Pages are parsed back with the standard library's HTMLParser; the browser tests run the page
in headless Chromium and skip when it is not installed."""

from __future__ import annotations

import base64
import hashlib
import json
import re
import shutil
import subprocess
from collections.abc import Iterator
from html import unescape as html_unescape
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from markdown_it import MarkdownIt

from translate.document import (
    Document,
    Link,
    Meta,
    Paragraph,
    Section,
    Sentence,
    Source,
    Unit,
)
from translate.document import RunRecord as Run
from translate.output.render import writer
from translate.output.render.html import CSS, SCRIPT, csp_hash, is_safe_url, render
from translate.output.render.index import IndexEntry, render_index
from translate.text.qa import describe

KEY = "0123456789abcdef"
HOSTILE = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    '" onmouseover="x',
    "</style>",
]
BROWSER_TIMEOUT = 60  # seconds: a hung browser fails its test instead of stalling the suite


class Page(HTMLParser):
    """What a browser would build from the markup: elements with their attributes, the text
    outside script and style, the contents of scripts, and comments."""

    def __init__(self, markup: str) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict[str, str | None]]] = []
        self.scripts: list[str] = []
        self.comments: list[str] = []
        self.texts: list[str] = []
        self._raw: str | None = None  # the element whose raw contents come next
        self.feed(markup)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append((tag, dict(attrs)))
        if tag in ("script", "style"):
            self._raw = tag
            if tag == "script":
                self.scripts.append("")

    def handle_endtag(self, tag: str) -> None:
        if tag == self._raw:
            self._raw = None

    def handle_data(self, data: str) -> None:
        if self._raw == "script":
            self.scripts[-1] += data
        elif self._raw is None:
            self.texts.append(data)

    def handle_comment(self, data: str) -> None:
        self.comments.append(data)

    @property
    def text(self) -> str:
        return "".join(self.texts)

    def find(self, tag: str, **wanted: str) -> list[dict[str, str | None]]:
        """Attributes of every `tag` element; `class_` matches one of its classes."""
        found = []
        for name, attrs in self.elements:
            classes = (attrs.get("class") or "").split()
            if name == tag and all(
                value in classes if key == "class_" else attrs.get(key) == value
                for key, value in wanted.items()
            ):
                found.append(attrs)
        return found


def sentences(*pairs: tuple[str, str | None], score: float = -0.4) -> list[Sentence]:
    """Sentences as the pipeline leaves them: a low score carries its QA flag."""
    flags = [f"low-score {score:.2f}"] if score < -1.5 else []
    return [Sentence(de, en, score, qa=list(flags)) for de, en in pairs]


def sample_document() -> Document:
    """A short news article with every kind of paragraph, links, a shaky translation, a
    warning, and hostile strings in the text, a heading, a summary, links and boilerplate."""
    linked = Sentence("Hier geht es zum Live-Ticker.", "Click here for the live ticker.", -0.3,
                      marks=("strong",), href="https://example.org/ticker")
    document = Document(
        source=Source("putin-kim.txt", "text", "0" * 64),
        title=Unit("Putin empfängt Kim am Weltraumbahnhof Wostotschny",
                   "Putin receives Kim at the Vostochny spaceport"),
        meta=Meta(author="Claudia Löwe", date="13.09.2023 13:32", credit="dpa"),
        sections=[
            Section(None, [
                Paragraph(sentences(
                    ("Kremlchef Wladimir Putin hat Nordkoreas Machthaber Kim Jong Un empfangen.",
                     "Kremlin chief Vladimir Putin has received North Korea's ruler Kim Jong Un."),
                    ("Die beiden trafen sich im Fernen Osten Russlands.",
                     "The two met in Russia's Far East."),
                )),
                Paragraph(sentences(("Beobachter vermuten Gespräche über Waffen.",
                                     "Observers suspect talks about weapons.")),
                          links=[Link("https://example.org/bericht", "Bericht",
                                      title='Der "ganze" Bericht')]),
            ], summary="Putin received Kim at the spaceport; arms deals are suspected."),
            Section(Unit("Was auf der Tagesordnung steht", "What is on the agenda"), [
                Paragraph(sentences(("Munition für die Artillerie.",
                                     "Ammunition for the artillery.")), kind="list"),
                Paragraph(sentences(("Technik für Satelliten.", "Technology for satellites.")),
                          kind="list", marker="2."),
                Paragraph(sentences(("Fortsetzung des zweiten Punkts.",
                                     "Continuation of the second point.")),
                          kind="list", marker=""),
                Paragraph(sentences(("„Wir sind bereit“, sagte Kim.",
                                     '"We are ready," said Kim.')), kind="quote"),
                Paragraph([], kind="code", verbatim="if a < b:\n    print('<b>fett</b>')"),
                Paragraph([], kind="table",
                          verbatim="| Land | Raketen |\n| --- | --- |\n| Nordkorea | 1000 |"),
                Paragraph([linked], links=[Link("https://example.org/ticker",
                                                "Hier geht es zum Live-Ticker.")]),
            ], summary="Ammunition and satellite technology are on the table."),
            Section(Unit(f"Kritik {HOSTILE[0]}", f"Criticism {HOSTILE[0]}"), [
                Paragraph(
                    sentences((f"Ein Leser schrieb {HOSTILE[1]} und {HOSTILE[3]}.",
                               f"A reader wrote {HOSTILE[1]} and {HOSTILE[3]}."),
                              (f"Das Zitat {HOSTILE[2]} endet hier.",
                               f"The quote {HOSTILE[2]} ends here."),
                              score=-2.25),
                    links=[Link("javascript:alert(1)", "Klick"),
                           Link(HOSTILE[2], HOSTILE[0], title=HOSTILE[2]),
                           Link("data:text/html,<script>alert(1)</script>", "Daten"),
                           Link("https://example.org/foto.jpg", "Foto", image=True)]),
                Paragraph([Sentence("Unsicher verlinkt.", "Unsafely linked.", -0.2,
                                    marks=("em", "img src=x onerror=alert(1)"),
                                    href=" JaVa\tScRiPt:alert(1)")],
                          links=[Link(" JaVa\tScRiPt:alert(1)", "Unsicher verlinkt.")]),
            ], summary=f"Readers objected {HOSTILE[0]}."),
        ],
        boilerplate=["Folgen Sie uns auf Facebook!", HOSTILE[1]],
        summary=f"Putin met Kim; weapons deals are suspected {HOSTILE[0]}.",
        warnings=["This article looks partly English; check the source language."],
    )
    document.run = Run(translator={"model": "Helsinki-NLP/opus-mt-de-en",
                                   "revision": "sha256:1a2b3c4d5e6f", "beams": 4},
                       key=KEY)
    return document


@pytest.fixture(scope="module")
def markup() -> str:
    return render(sample_document())


@pytest.fixture(scope="module")
def page(markup: str) -> Page:
    return Page(markup)


def test_registered_as_an_output_format():
    assert writer("html").render is render


def test_page_is_one_document_with_language_and_viewport(markup: str, page: Page):
    assert markup.startswith("<!doctype html>\n")
    assert page.find("html", lang="de")
    assert page.find("meta", charset="utf-8")
    assert page.find("meta", name="viewport")
    assert page.find("p", class_="title-en", lang="en")
    assert '<p class="byline">Claudia Löwe · 13 Sep 2023, 13:32 · dpa</p>' in markup
    assert "This article looks partly English" in page.text
    assert page.find("p", class_="warning")
    summaries = page.find("aside", class_="summary", lang="en")
    assert len(summaries) == 3  # the article and its two sections with headings (the lead,
    # without one, has its box in the In brief)


def test_one_grid_row_per_paragraph_with_both_columns(page: Page):
    document = sample_document()
    rows = page.find("div", class_="row")
    assert [row["id"] for row in rows] == [p.id for s in document.sections for p in s.paragraphs]
    text_rows = sum(1 for s in document.sections for p in s.paragraphs if p.verbatim is None)
    assert len(page.find("p", class_="de", lang="de")) + len(
        page.find("blockquote", class_="de", lang="de")) == text_rows
    assert len(page.find("p", class_="en", lang="en")) + len(
        page.find("blockquote", class_="en", lang="en")) == text_rows
    assert len(page.find("blockquote", class_="de")) == 1


def test_every_sentence_is_a_focusable_pair(page: Page):
    paragraphs = [p for section in sample_document().sections for p in section.paragraphs]
    spans = page.find("span", class_="s")
    assert all(span["tabindex"] == "0" for span in spans)
    # each row: the German sentences, then their English counterparts with the same ids
    assert [span["data-s"] for span in spans] == [
        s.id for p in paragraphs for _ in ("de", "en") for s in p.sentences]
    flagged = page.find("span", class_="flagged")
    assert [span["data-s"] for span in flagged] == ["s3p1t1", "s3p1t2"]
    assert flagged[0]["title"] == "Check: The model was unsure of this translation."


# A dropped clause: the German runs on long after its short English has ended.
DROPPED = Sentence(
    "Zudem könnte der Kreml-Chef Kurzstrecken-Raketen erbitten; Putins Soldaten seien mit der "
    "Iskander vertraut und könnten mit dem weiterentwickelten Modell, der KN-23 mit einer "
    "Reichweite von knapp 700 Kilometern, in den Krieg ziehen.",
    "The Kremlin chief could also ask for short-range missiles.", -0.5,
    qa=["content-missing 0.41", "number-missing 700"])


def noted_document() -> Document:
    """The sample with more QA flags: in two paragraphs of the first section (one a German
    far longer than its English), and in a list item of the second."""
    document = sample_document()
    lead, agenda = document.sections[0], document.sections[1]
    lead.paragraphs[0].sentences[1].qa = ["number-missing 2023"]
    lead.paragraphs[1].sentences.append(DROPPED)
    agenda.paragraphs[1].sentences[0].qa = ["name-missing NATO"]
    document.sections[2].paragraphs[1].sentences[0].marks = ("em",)  # one Markdown can print
    document.assign_ids()
    return document


def flagged_in_order(document: Document) -> list[Sentence]:
    return [s for section in document.sections for p in section.paragraphs
            for s in p.sentences if s.qa]


NOTE_NUMBERS = [1, 2, 1, 1, 2]  # the notes of `noted_document()`, counted in each section


def shown_notes(document: Document) -> list[str]:
    """The notes on `noted_document()` as a reader sees them."""
    return [f"⚠{n} {describe(s.qa)}"
            for n, s in zip(NOTE_NUMBERS, flagged_in_order(document), strict=True)]


def qa_notes(page: Page) -> list[dict[str, str | None]]:
    """Every note's list item, in page order."""
    return [attrs for attrs in page.find("li") if (attrs.get("id") or "").startswith("qa-")]


def test_each_flag_has_a_visible_note_its_marker_links_to():
    document = noted_document()
    page = Page(render(document))
    flagged, notes = flagged_in_order(document), qa_notes(page)
    spans = page.find("span", class_="flagged")
    assert len(notes) == len(spans) == len(flagged) == 5
    assert [span["data-s"] for span in spans] == [s.id for s in flagged]
    ids = [f"qa-{s.id}" for s in flagged]
    assert [note["id"] for note in notes] == ids
    assert [span["aria-describedby"] for span in spans] == ids  # read out with the sentence
    markers = [a["href"] for a in page.find("a") if (a["href"] or "").startswith("#qa-")]
    assert markers == [f"#{note_id}" for note_id in ids]
    # the words are in the text itself, not only in a title attribute, numbered as the
    # Markdown numbers them
    assert all(note in page.text for note in shown_notes(document))
    superscript = {1: "¹", 2: "²"}
    assert [line for line in writer("md").render(document).splitlines() if line.startswith("- ⚠")] \
        == [f"- ⚠{superscript[n]} {describe(s.qa)}"
            for n, s in zip(NOTE_NUMBERS, flagged, strict=True)]


def test_notes_sit_in_their_paragraph_after_the_english(markup: str, page: Page):
    """One list per paragraph with flags, straight after its English cell."""
    assert len(page.find("ol", class_="qa-notes", lang="en")) == 1  # both flags: one paragraph
    assert [row["id"] for row in page.find("div", class_="noted")] == ["s3p1"]
    row = markup.split('<div class="row text noted" id="s3p1">')[1].split("</div>")[0]
    english, notes = row.split('<p class="en" lang="en">')[1].split("</p>", 1)
    assert notes.startswith('<ol class="qa-notes"')
    assert english.count('<sup class="qa">') == 2


HIDDEN = re.compile(r"display:\s*none|visibility:\s*hidden|opacity:\s*0\b")


def test_no_style_hides_the_notes():
    """No rule for a note or its marker hides it, and printing hides nothing at all."""
    rules = re.findall(r"([^{}]+)\{([^{}]*)\}", CSS)
    assert [selector for selector, _ in rules if "qa" in selector]
    assert [selector for selector, declarations in rules
            if "qa" in selector and HIDDEN.search(declarations)] == []
    printed = CSS.split("@media print {")[1].split("\n}\n")[0]
    assert "{" in printed and not HIDDEN.search(printed)


def test_headings_in_both_languages(page: Page, markup: str):
    assert "<hgroup>\n<h2>Was auf der Tagesordnung steht</h2>\n" \
           '<p lang="en">What is on the agenda</p>\n</hgroup>' in markup
    assert len(page.find("hgroup")) == 2  # the lead section has no heading


def test_list_markers_quotes_and_verbatim_blocks(markup: str):
    assert '<p class="de" lang="de"><span class="marker">•</span>' in markup
    assert '<p class="en" lang="en"><span class="marker">2.</span>' in markup
    assert '<p class="en" lang="en"><span class="s"' in markup  # "" marks a continuation
    assert '<blockquote class="en" lang="en"><span class="s"' in markup
    assert ('<div class="row code" id="s2p5"><pre class="verbatim">'
            "if a &lt; b:\n    print(&#x27;&lt;b&gt;fett&lt;/b&gt;&#x27;)</pre></div>") in markup
    assert '<div class="row table" id="s2p6"><pre class="verbatim">| Land |' in markup


def test_only_safe_links_are_clickable(page: Page, markup: str):
    hrefs = [attrs["href"] for _, attrs in page.elements if "href" in attrs]
    assert hrefs == ["https://example.org/bericht", "https://example.org/ticker",
                     "https://example.org/ticker", "#qa-s3p1t1", "#qa-s3p1t2", HOSTILE[2],
                     "https://example.org/foto.jpg"]  # with the two ⚠ markers' own links
    assert page.find("a", title='Der "ganze" Bericht')
    # the whole linked sentence keeps its emphasis and link in both languages; no note repeats it
    assert ('<strong><a href="https://example.org/ticker">Click here for the live ticker.</a>'
            "</strong>") in markup
    assert "Klick (javascript:alert(1))" in page.text
    assert "Daten (data:text/html,<script>alert(1)</script>)" in page.text
    assert "image Foto" in page.text
    # an unsafe whole-sentence link is plain text in the sentence and listed as an address;
    # a mark that is not em or strong is dropped, never printed as a tag
    assert '<em>Unsafely linked.</em>' in markup
    assert "↗ Unsicher verlinkt. ( JaVa\tScRiPt:alert(1))" in page.text


@pytest.mark.parametrize(("url", "safe"), [
    ("https://example.org/a?b#c", True),
    ("HTTP://example.org", True),
    ("mailto:redaktion@example.org", True),
    ("../artikel.html#absatz", True),
    ("/pfad/mit:doppelpunkt", True),
    ("?seite=2", True),
    ("javascript:alert(1)", False),
    (" \x01JaVaScRiPt:alert(1)", False),
    ("java\tscript:alert(1)", False),
    ("java\nscript:alert(1)", False),
    ("data:text/html,<b>x</b>", False),
    ("vbscript:msgbox", False),
    ("file:///etc/passwd", False),
])
def test_safe_url_table(url: str, safe: bool):
    assert is_safe_url(url) is safe


def assert_nothing_injected(page: Page) -> None:
    assert page.scripts == [SCRIPT]
    assert [tag for tag, _ in page.elements if tag in ("script", "img", "iframe")] == ["script"]
    assert len([tag for tag, _ in page.elements if tag == "style"]) == 1
    handlers = [(tag, name) for tag, attrs in page.elements for name in attrs
                if name.startswith("on")]
    assert handlers == []
    for hostile in HOSTILE:
        assert hostile in page.text


def test_hostile_text_stays_text(page: Page):
    assert_nothing_injected(page)


def test_title_element_is_escaped():
    hostile = sample_document()
    hostile.title = Unit(f"Titel {HOSTILE[0]}", "</title><script>x</script>")
    parsed = Page(render(hostile))
    assert parsed.scripts == [SCRIPT]
    assert f"Titel {HOSTILE[0]} — </title><script>x</script>" in parsed.text


def test_records_the_output_key(markup: str):
    # on the second line, so no input text (the title, say) comes before it
    assert markup.splitlines()[1] == f"<!-- translate-key: {KEY} -->"
    without = sample_document()
    without.run = None
    assert "translate-key" not in render(without)


def test_page_is_self_contained(page: Page, markup: str):
    sources = [attrs["src"] for _, attrs in page.elements if "src" in attrs]
    assert sources == []
    assert not [attrs for tag, attrs in page.elements if tag == "link"]
    assert "@import" not in markup and "url(" not in markup
    assert "default-src 'none'" in page.find("meta", **{"http-equiv": "Content-Security-Policy"}
                                            )[0]["content"]


def test_policy_admits_exactly_the_page_style_and_script(page: Page):
    policy = page.find("meta", **{"http-equiv": "Content-Security-Policy"})[0]["content"]
    hashes = [
        "'sha256-" + base64.b64encode(hashlib.sha256(source.encode()).digest()).decode() + "'"
        for source in (CSS, SCRIPT)]
    assert f"style-src {hashes[0]};" in policy and f"script-src {hashes[1]};" in policy


def test_boilerplate_is_listed_untranslated(page: Page):
    assert page.find("footer", class_="boilerplate")
    assert "Left untranslated (site boilerplate)Folgen Sie uns auf Facebook!" in page.text


def test_the_page_ends_saying_how_it_was_translated(markup: str):
    """The model, its revision and the beam width close the page, after the boilerplate;
    the byline names only the article's author, date and credit."""
    ending = ('<p class="colophon" lang="en">Translated by machine: opus-mt-de-en '
              "(rev 1a2b3c4), beam 4.</p>\n</main>")
    assert ending in markup
    assert markup.index('<footer class="boilerplate">') < markup.index(ending)
    assert markup.count("opus-mt-de-en") == 1


def test_a_web_article_names_its_page_and_fetch_time_under_the_byline():
    """The page the article was read from (where redirects ended), clickable, and when it was
    fetched, in words and as a machine-readable time, in the header; a file has neither."""
    document = sample_document()
    document.source = Source("https://t.example/k?a=1&b=2", "html", "0" * 64,
                             url="https://t.example/k?a=1&b=2",
                             final_url='https://www.example.de/putin-kim.html?a=1&b="2"',
                             fetched_at="2023-09-03T07:05:09Z")
    markup = render(document)
    address = "https://www.example.de/putin-kim.html?a=1&amp;b=&quot;2&quot;"
    line = (f'<p class="source" lang="en">Source: <a href="{address}" rel="noreferrer">'
            f'{address}</a> · fetched <time datetime="2023-09-03T07:05:09Z">'
            "3 Sep 2023, 07:05 UTC</time></p>")
    assert markup.index('<p class="byline">') < markup.index(line) < markup.index("</header>")
    assert "t.example" not in markup
    assert "Source:" not in render(sample_document())


def test_minimal_document_renders():
    document = Document(source=Source("a.txt", "text", "0" * 64), title=Unit("Titel"),
                        sections=[Section(None, [Paragraph(sentences(("Satz.", None)))])])
    parsed = Page(render(document))
    assert not parsed.find("p", class_="title-en")
    assert not parsed.find("aside")
    assert not parsed.find("footer")
    assert not parsed.find("p", class_="source") and not parsed.find("p", class_="colophon")
    assert [span["data-s"] for span in parsed.find("span", class_="s")] == ["s1p1t1"]


def index_entries() -> list[IndexEntry]:
    return [
        IndexEntry("Putin empfängt Kim", "Putin receives Kim", "Arms deals are suspected.",
                   "putin-kim.de-en.html"),
        IndexEntry(f"1. FC Köln [Bericht] {HOSTILE[0]}", f"*Cologne* {HOSTILE[2]}",
                   f"# Not a heading & {HOSTILE[1]}", "sport/Köln & Co (1)#2.de-en.html"),
        IndexEntry("Ohne Übersetzung", None, None, "c:d.de-en.html"),
    ]


def test_html_index_lists_articles_with_relative_links():
    markup = render_index(index_entries(), "html")
    parsed = Page(markup)
    assert parsed.scripts == []
    assert "<title>Translated articles</title>" in markup
    assert [a["href"] for a in parsed.find("a")] == [
        "putin-kim.de-en.html", "sport/K%C3%B6ln%20%26%20Co%20%281%29%232.de-en.html",
        "c%3Ad.de-en.html"]
    assert [h["lang"] for h in parsed.find("h2")] == ["de"] * 3
    assert len(parsed.find("p", class_="title-en")) == 2
    assert len(parsed.find("p", class_="summary")) == 2
    for text in (HOSTILE[0], HOSTILE[1], HOSTILE[2], "Putin receives Kim"):
        assert text in parsed.text
    assert not [name for _, attrs in parsed.elements for name in attrs if name.startswith("on")]


def test_html_index_shares_the_article_stylesheet():
    for markup in (render(sample_document()), render_index(index_entries(), "html")):
        assert markup.count("<style>") == 1
        assert f"<style>{CSS}</style>" in markup


def test_markdown_index_escapes_and_links():
    text = render_index(index_entries(), "md")
    lines = text.splitlines()
    assert lines[:5] == ["# Translated articles", "",
                         "- [Putin empfängt Kim](putin-kim.de-en.html)\\",
                         "  *Putin receives Kim*\\", "  Arms deals are suspected."]
    rendered = MarkdownIt("commonmark").render(text)
    assert rendered.count("<li>") == 3 and rendered.count("<h1>") == 1
    assert "<script>" not in rendered and "<img" not in rendered
    assert "<em>*Cologne* &quot; onmouseover=&quot;x</em>" in rendered
    assert "# Not a heading &amp; &lt;img src=x onerror=alert(1)&gt;" in rendered
    assert "1. FC Köln [Bericht] &lt;script&gt;" in rendered
    assert 'href="sport/K%C3%B6ln%20%26%20Co%20%281%29%232.de-en.html"' in rendered
    assert 'href="c%3Ad.de-en.html"' in rendered


def test_index_refuses_other_formats():
    with pytest.raises(ValueError, match="no index for format 'json'"):
        render_index([], "json")


def test_empty_index_says_so():
    assert "No articles." in render_index([], "md")
    assert "<ol" not in render_index([], "html")


# --- in a real browser -------------------------------------------------------------------

CHROMIUM = shutil.which("chromium")
needs_chromium = pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed")


def chromium(tmp_path: Path, *arguments: str) -> subprocess.CompletedProcess[str]:
    profile = tmp_path / "profile"
    command = [CHROMIUM or "chromium", "--headless", "--no-sandbox", "--disable-gpu",
               "--disable-quic", "--no-first-run", "--disable-background-networking",
               "--disable-component-update", "--disable-sync", "--hide-scrollbars",
               f"--user-data-dir={profile}", *arguments]
    return subprocess.run(command, capture_output=True, text=True, timeout=BROWSER_TIMEOUT,
                          check=True)


@pytest.fixture()
def article_file(tmp_path: Path) -> Iterator[Path]:
    path = tmp_path / "article.de-en.html"
    path.write_text(render(sample_document()), encoding="utf-8")
    yield path


@needs_chromium
def test_browser_keeps_hostile_text_as_text(tmp_path: Path, article_file: Path):
    """The browser applies the page's own style and script (the policy refuses nothing) and
    builds no element from the hostile text."""
    done = chromium(tmp_path, "--enable-logging=stderr", "--v=0", "--dump-dom",
                    article_file.as_uri())
    assert "Content Security Policy" not in done.stderr
    assert_nothing_injected(Page(done.stdout))


@needs_chromium
def test_browser_lights_up_both_sentences_of_a_pair(tmp_path: Path, article_file: Path):
    """The page's own script, run under the page's policy, marks a hovered German sentence
    and its English counterpart. A driver script, admitted by its hash, does the hovering."""
    driver = ('document.querySelector(\'.de [data-s="s1p1t2"]\')'
              '.dispatchEvent(new MouseEvent("mouseover", {bubbles: true}));')
    markup = article_file.read_text(encoding="utf-8")
    own = f"script-src {csp_hash(SCRIPT)}"
    assert own in markup
    markup = markup.replace(own, f"{own} {csp_hash(driver)}").replace(
        "</body>", f"<script>{driver}</script></body>")
    article_file.write_text(markup, encoding="utf-8")
    dom = Page(chromium(tmp_path, "--dump-dom", article_file.as_uri()).stdout)
    assert [span["data-s"] for span in dom.find("span", class_="lit")] == ["s1p1t2"] * 2


@needs_chromium
@pytest.mark.parametrize(("name", "size"), [("desktop", "1200,1600"), ("phone", "390,1600")])
def test_browser_screenshots(tmp_path: Path, article_file: Path, name: str, size: str):
    shot = tmp_path / f"html-{name}.png"
    chromium(tmp_path, f"--screenshot={shot}", f"--window-size={size}", article_file.as_uri())
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert shot.stat().st_size > 30_000  # a page of text, not a blank or error page


# Each QA note as laid out: its text as shown, whether it lies inside the window, how far
# below the end of its paragraph's English text the list starts (the English cell itself
# stretches to the German's height), whether it stays in the English column (and the German
# column as wide as the English), and
# whether its ⚠ marker can be seen; and how far the page runs wider than the window.
def leave(value: str) -> str:
    """A probe's last statement: the JSON of `value` left in a <pre id="probe">."""
    return ("const out = document.createElement('pre'); out.id = 'probe';"
            f"out.textContent = JSON.stringify({value}); document.body.append(out);")


NOTES = ("const view = document.documentElement.clientWidth;"
         "const fits = box => box.width > 0 && box.height > 0 && box.left >= 0"
         " && box.right <= view;"
         "const notes = [...document.querySelectorAll('.qa-notes > li')].map(note => {"
         "const box = note.getBoundingClientRect();"
         "const list = note.parentElement.getBoundingClientRect();"
         "const row = note.closest('.row'), english = row.querySelector(':scope > .en');"
         "const cell = english.getBoundingClientRect();"
         "const german = row.querySelector(':scope > .de').getBoundingClientRect();"
         "const range = document.createRange(); range.selectNodeContents(english);"
         "const text = range.getBoundingClientRect();"
         "const marker = document.querySelector(`a[href='#${note.id}']`);"
         "return [note.innerText.replace(/\\s+/g, ' '), fits(box),"
         " Math.round(list.top - text.bottom),"
         " box.left >= cell.left - 1 && box.right <= cell.right + 1"
         " && Math.abs(german.width - cell.width) <= 1,"
         " fits(marker.getBoundingClientRect())]; });"
         + leave("[notes, document.documentElement.scrollWidth - view]"))
needs_pdftotext = pytest.mark.skipif(shutil.which("pdftotext") is None,
                                     reason="pdftotext (poppler-utils) is not installed")


@needs_chromium
@pytest.mark.parametrize("width", [1280, 390])
def test_browser_shows_each_note_under_its_english(tmp_path: Path, width: int):
    document = noted_document()
    notes, overflow = probe(tmp_path, render(document), NOTES, width)
    assert [text for text, *_ in notes] == shown_notes(document)
    assert all(shown and in_column and marker for _, shown, _, in_column, marker in notes)
    # straight under the English, even where the German beside it runs much longer
    assert all(0 <= gap <= 16 for _, _, gap, _, _ in notes), notes
    assert overflow == 0


@needs_chromium
@needs_pdftotext
def test_printed_page_shows_the_notes(tmp_path: Path):
    document = noted_document()
    path, pdf = tmp_path / "noted.html", tmp_path / "noted.pdf"
    path.write_text(render(document), encoding="utf-8")
    chromium(tmp_path, f"--print-to-pdf={pdf}", "--no-pdf-header-footer", path.as_uri())
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True,
                          timeout=BROWSER_TIMEOUT, check=True).stdout
    assert all(note in " ".join(text.split()) for note in shown_notes(document))


# --- the article's summary and a section's ------------------------------------------------

def repeating_document() -> Document:
    """Section summaries that repeat the article summary's sentences, one of them saying more."""
    document = sample_document()
    document.summary = "Putin received Kim at the spaceport. Arms deals are suspected."
    document.sections[0].summary = "Putin received Kim at the spaceport. Kim asked questions."
    document.sections[1].summary = "Arms deals are suspected. Satellites are on the table."
    document.sections[2].summary = "Arms deals are suspected."
    return document


def test_article_and_section_summaries_are_labelled_apart(page: Page, markup: str):
    assert len(page.find("aside", class_="brief")) == 1
    assert '<aside class="summary brief" lang="en"><strong>In brief</strong> Putin met' in markup
    assert markup.count("<strong>Summary</strong>") == 2  # the sections with headings


def test_a_section_summary_shows_only_what_the_article_summary_has_not_said():
    document = repeating_document()
    html = render(document)
    assert html.count("Putin received Kim at the spaceport.") == 1  # once, in brief
    assert html.count("Arms deals are suspected.") == 1  # section 3 has nothing new: no box
    assert "Satellites are on the table." in html  # what section 2's summary adds is kept
    assert "Kim asked questions." not in html  # the lead without a heading: one box, In brief
    assert html.count('<aside class="summary"') == 1  # section 2's
    data = json.loads(writer("json").render(document))  # the JSON keeps every summary whole
    assert data["sections"][0]["summary"]["en"] == document.sections[0].summary
    assert data["sections"][2]["summary"]["en"] == "Arms deals are suspected."


# The page's own boxes as a browser lays them out: each label as shown, and whether it fits.
PROBE = ("const view = document.documentElement.clientWidth;"
         "const boxes = [...document.querySelectorAll('aside.summary')].map(box => {"
         "const label = box.querySelector('strong').getBoundingClientRect();"
         "return [box.querySelector('strong').innerText, box.innerText, label.width > 0 &&"
         " label.height > 0 && box.getBoundingClientRect().right <= view]; });"
         + leave("boxes"))


# Headless Chromium lays a page out at least 500 px wide whatever --window-size says, so the
# page is probed in a frame of the exact width; the frame sends back the probe's findings.
FRAME = ("<!doctype html><body style='margin:0'><iframe src='{src}' style='border:0;"
         "width:{width}px;height:1200px'></iframe><script>addEventListener('message', event => {{"
         "const out = document.createElement('pre'); out.id = 'probe';"
         "out.textContent = JSON.stringify(event.data); document.body.append(out); }});</script>")
REPORT = "parent.postMessage([innerWidth, document.getElementById('probe').textContent], '*');"


def probe(tmp_path: Path, markup: str, script: str, width: int) -> Any:
    """What `script` (admitted by its hash) finds in the page laid out `width` pixels wide:
    the JSON it leaves in a <pre id="probe">."""
    script += REPORT
    own = f"script-src {csp_hash(SCRIPT)}"
    if own not in markup:
        own = "script-src 'none'"  # the index runs no script of its own
    markup = markup.replace(own, f"script-src {csp_hash(SCRIPT)} {csp_hash(script)}").replace(
        "</body>", f"<script>{script}</script></body>")
    path, frame = tmp_path / "page.html", tmp_path / "frame.html"
    path.write_text(markup, encoding="utf-8")
    frame.write_text(FRAME.format(src=path.as_uri(), width=width), encoding="utf-8")
    dom = chromium(tmp_path, f"--window-size={max(width, 500)},1300",
                   "--virtual-time-budget=5000", "--dump-dom", frame.as_uri()).stdout
    viewport, found = json.loads(html_unescape(dom.split('<pre id="probe">')[1]
                                               .split("</pre>")[0]))
    assert viewport == width
    return json.loads(found)


@needs_chromium
@pytest.mark.parametrize("width", [1280, 390])
def test_browser_shows_the_two_summaries_apart(tmp_path: Path, width: int):
    found = probe(tmp_path, render(repeating_document()), PROBE, width)
    labels = [label for label, _, _ in found]
    assert labels == ["IN BRIEF", "SUMMARY"]  # uppercase by the page's style
    assert all(visible for _, _, visible in found)  # inside the window, at either width
    brief, agenda = found[0][1], found[1][1]
    assert "Satellites are on the table." in agenda and "Arms deals" not in agenda
    assert "Satellites" not in brief


def test_an_index_entry_shows_its_date_and_source_page():
    entry = IndexEntry("Fähre fährt wieder", "Ferry runs again", None, "faehre.de-en.html",
                       "2026-11-30", 'https://www.example.de/fähre?a=1&b=<2> "x"')
    markdown = MarkdownIt("commonmark").render(render_index([entry], "md"))
    assert "30 Nov 2026 · <a href=\"https://www.example.de/f%C3%A4hre?a=1&amp;b=%3C2%3E%20" \
           "%22x%22\">source</a>" in markdown
    page = Page(render_index([entry], "html"))
    assert len(page.find("p", class_="source")) == 1
    assert [a["href"] for a in page.find("a")][-1] == 'https://www.example.de/fähre?a=1&b=<2> "x"'
    assert "30 Nov 2026" in page.text and "<2>" not in render_index([entry], "html")
    assert '<time datetime="2026-11-30">30 Nov 2026</time>' in render_index([entry], "html")


# Each section's column labels as laid out: their text and whether they can be seen.
LABELS = leave("[...document.querySelectorAll('.columns')].map(row => [...row.children].map("
               "label => { const box = label.getBoundingClientRect();"
               " return [label.innerText, box.width > 0 && box.height > 0]; }))")
# The index's lines as laid out: each class's computed font size in pixels.
SIZES = ("const size = s => parseFloat(getComputedStyle(document.querySelector(s)).fontSize);"
         + leave("['h2', '.title-en', '.summary', '.source', '.source time'].map(size)"))


@needs_chromium
@pytest.mark.parametrize("width", [1280, 390])
def test_browser_labels_the_two_languages_at_any_width(tmp_path: Path, width: int):
    found = probe(tmp_path, render(sample_document()), LABELS, width)
    assert found and all(labels == [["DEUTSCH", True], ["ENGLISH", True]] for labels in found)


@needs_chromium
@pytest.mark.parametrize("width", [1280, 390])
def test_browser_sets_an_index_entry_smaller_line_by_line(tmp_path: Path, width: int):
    entry = IndexEntry("Kreistag beschließt Busfahrplan", "District council adopts timetable",
                       "The council adopted a new timetable.", "a.de-en.html", "2024-03-11",
                       "https://www.example.de/a.html")
    heading, title_en, summary, source, date = probe(
        tmp_path, render_index([entry], "html"), SIZES, width)
    assert heading > title_en > summary > source == date
