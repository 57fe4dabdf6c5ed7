"""Hostile and broken input: every reader and `translate segment` either gives a Document or
one clear error line, never a traceback.

Budget: each property runs a bounded number of examples (FUZZ_EXAMPLES, raised by the
TRANSLATE_FUZZ_EXAMPLES variable for a longer hunt) with a per-example deadline; the whole file
takes well under 30 s. Examples are derandomized so a CI run is reproducible; a long hunt with
TRANSLATE_FUZZ_EXAMPLES=2000 draws fresh ones.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from tests.cli_helpers import assert_no_crash
from translate.cli import app
from translate.document import Document
from translate.errors import InputError
from translate.sources.readers import read_document

FORMATS = ("text", "markdown", "html")
FUZZ_EXAMPLES = int(os.environ.get("TRANSLATE_FUZZ_EXAMPLES", "40"))
FUZZ = settings(max_examples=FUZZ_EXAMPLES, deadline=2000, derandomize=FUZZ_EXAMPLES <= 100,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

_WORDS = ["Der", "Kreml", "sagte", "am", "Mittwoch", "über", "Nordkorea", "Waffen", "ß", "„",
          "“", "13.09.2023", "Dr.", "z.B.", "700", "KN-23", "...", "!", "?", ";", ":", "-", "|",
          "\t", "\u00ad", "\u200b", "\u202e", "\ufeff", "\x00", "\x07", "\x1b", "\r", "\r\n"]
words = st.lists(st.sampled_from(_WORDS) | st.text(max_size=8), max_size=40).map(" ".join)
unicode_text = st.text(st.characters(codec=None), max_size=400)
_MD_LINES = ["# ", "## ", "###### ", "---", "===", "```", "~~~", "> ", "- ", "* ", "1. ",
             "| a | b |", "|---|---|", "[x](http://a)", "![i](b.png)", "<div>", "</div>",
             "<!--", "-->", "    ", "***", "__", "`", "[^1]: ", "title: x", "...", ""]
markdown_text = st.lists(
    st.tuples(st.sampled_from(_MD_LINES), words).map("".join), max_size=30).map("\n".join)
_TAGS = ["p", "div", "h1", "h2", "article", "main", "span", "b", "table", "tr", "td", "ul",
         "li", "blockquote", "pre", "script", "style", "br", "head", "body", "html", "title",
         "meta", "!--", "![CDATA[", "?xml"]


@st.composite
def html_text(draw: st.DrawFn) -> str:
    """Tag soup: random open and close tags (often unclosed), attributes, text and entities."""
    parts = [draw(st.sampled_from(["", "<!doctype html>", "<html>", "<?xml version='1.0'?>"]))]
    for _ in range(draw(st.integers(0, 40))):
        tag = draw(st.sampled_from(_TAGS))
        kind = draw(st.integers(0, 4))
        if kind == 0:
            parts.append(f"<{tag}>")
        elif kind == 1:
            parts.append(f"</{tag}>")
        elif kind == 2:
            attr = draw(st.sampled_from(['class="x"', "id=a", 'content="Der"', "name='author'",
                                         'onload="alert(1)"', '="', "<"]))
            parts.append(f"<{tag} {attr}>")
        elif kind == 3:
            parts.append(draw(st.sampled_from(["&amp;", "&#0;", "&#x110000;", "&nbsp;", "&bogus",
                                               "&#65;", "]]>", "<", ">"])))
        else:
            parts.append(draw(words))
    return "".join(parts)


def nested_html(depth: int, tag: str = "div", closed: bool = True) -> str:
    text = "Der Kreml sagte am Mittwoch, die Gespräche mit Nordkorea seien gut verlaufen. " * 3
    close = f"</{tag}>" * depth if closed else ""
    return f"<html><body>{f'<{tag}>' * depth}<p>{text}</p>{close}</body></html>"


def check_read(data: bytes, fmt: str | None) -> None:
    """The property: a Document, or an InputError with a one-line message; nothing else."""
    try:
        document = read_document(data, "fuzz", fmt)
    except InputError as exc:
        assert str(exc) and "\n" not in str(exc)
        return
    assert isinstance(document, Document)
    document.to_dict()


@pytest.mark.parametrize("fmt", [*FORMATS, None])
@FUZZ
@given(text=unicode_text | words)
def test_random_unicode(fmt: str | None, text: str) -> None:
    check_read(text.encode("utf-8", "surrogatepass"), fmt)


@pytest.mark.parametrize("fmt", [*FORMATS, None])
@FUZZ
@given(data=st.binary(max_size=600))
def test_random_bytes(fmt: str | None, data: bytes) -> None:
    check_read(data, fmt)


@pytest.mark.parametrize("encoding", ["utf-16", "utf-8-sig", "cp1252", "latin-1"])
@FUZZ
@given(text=words)
def test_other_encodings(encoding: str, text: str) -> None:
    check_read(text.encode(encoding, "replace"), None)


@pytest.mark.parametrize("fmt", ["markdown", "text"])
@FUZZ
@given(text=markdown_text)
def test_random_markdown(fmt: str, text: str) -> None:
    check_read(text.encode("utf-8", "surrogatepass"), fmt)


@pytest.mark.parametrize("fmt", ["html", None])
@FUZZ
@given(text=html_text())
def test_tag_soup(fmt: str | None, text: str) -> None:
    check_read(text.encode("utf-8", "surrogatepass"), fmt)


@pytest.mark.parametrize("depth", [1, 300, 5000, 60000])
@pytest.mark.parametrize("closed", [True, False])
def test_deeply_nested_html(depth: int, closed: bool) -> None:
    check_read(nested_html(depth, closed=closed).encode(), "html")
    check_read(nested_html(depth, "b", closed).encode(), "html")


# Splitting a megabyte of short sentences takes ~8 s (pysbd reads ~130,000 characters a second),
# too long here; tests/test_segment.py splits 2,000 of them across several pysbd windows.
@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("filler", ["Wort | <b> # ä "])
def test_one_megabyte_line(fmt: str, filler: str) -> None:
    line = filler * (2**20 // len(filler.encode()))
    check_read(f"Titel\n\n{line}\n".encode(), fmt)


@pytest.mark.parametrize("data", [
    b"", b"\x00", b"\x00" * 10, b"\xff\xfe", b"\xfe\xff", b"\xef\xbb\xbf", b"\xff\xfe\x00",
    b"\xef\xbb\xbf\x00\x00", b"\xff\xfe" + "Der Kreml\x00".encode("utf-16-le"), b"\r\r\r",
    b"\xc3", b"\x1b[31mrot\x1b[0m", "\u202eDer Kreml sagte.".encode(), b"---\n---\n",
    b"---\n- a\n- b\n---\nText", b"---\n!!python/object:os.system ls\n---\nText",
    b"<", b"<html", b"<![CDATA[", b"<?xml version='1.0' encoding='latin-1'?><html>x</html>",
    b"<html><body><p>\x00</p></body></html>",
])
@pytest.mark.parametrize("fmt", [*FORMATS, None])
def test_known_nasties(data: bytes, fmt: str | None) -> None:
    check_read(data, fmt)


def yaml_bomb(levels: int = 8) -> bytes:
    """Front matter whose title, written out, holds 9**(levels + 1) strings ("billion laughs")."""
    lines, alias = ["---", "a: &a [" + ", ".join(["lol"] * 9) + "]"], "a"
    for name in "bcdefghi"[:levels]:
        lines.append(f"{name}: &{name} [" + ", ".join([f"*{alias}"] * 9) + "]")
        alias = name
    return "\n".join([*lines, f"title: [*{alias}]", "---", "Text hier."]).encode()


# Found while fuzzing: PyYAML fails with ValueError (impossible dates, unreadable or 5,000-digit
# numbers) or RecursionError (deep nesting), and aliases make a title gigabytes long as text.
BAD_FRONT_MATTER = {
    "bad-date": b"---\ntitle: 2023-13-45\n---\nText.",
    "year-0": b"---\ndate: 0000-01-01\n---\nText.",
    "bad-hex": b"---\nauthor: 0x_\n---\nText.",
    "5000-digits": b"---\ntitle: " + b"9" * 5000 + b"\n---\nText.",
    "deep-nesting": b"---\ntitle: " + b"[" * 1000 + b"]" * 1000 + b"\n---\nText.",
    "yaml-bomb": yaml_bomb(),
}


@pytest.mark.parametrize("data", BAD_FRONT_MATTER.values(), ids=BAD_FRONT_MATTER.keys())
def test_hostile_front_matter(data: bytes) -> None:
    check_read(data, "markdown")
    check_read(data, None)


def test_yaml_bomb_gives_no_title() -> None:
    assert read_document(yaml_bomb(), "fuzz", "markdown").title.de == "Text hier."


runner = CliRunner()


@FUZZ
@given(data=st.binary(max_size=300) | unicode_text.map(lambda t: t.encode("utf-8", "replace"))
       | markdown_text.map(str.encode) | html_text().map(str.encode),
       suffix=st.sampled_from([".txt", ".md", ".html", ".htm", ".markdown", ".pdf", ""]))
def test_segment_command(tmp_path_factory: pytest.TempPathFactory, data: bytes,
                         suffix: str) -> None:
    path = tmp_path_factory.mktemp("fuzz") / f"article{suffix}"
    path.write_bytes(data)
    result = runner.invoke(app, ["segment", str(path)])
    assert result.exit_code in (0, 1), result.output
    assert_no_crash(result)
    if result.exit_code == 1:
        assert result.output.count("translate: error:") == 1


@pytest.mark.parametrize("data", [nested_html(60000, closed=False).encode(), b"\x00" * 100,
                                  b"a" * 2**20, b"<p>" * 100000],
                         ids=["nested-divs", "nuls", "megabyte-word", "unclosed-p"])
def test_segment_command_extremes(tmp_path: Path, data: bytes) -> None:
    for suffix in (".txt", ".md", ".html"):
        path = tmp_path / f"article{suffix}"
        path.write_bytes(data)
        result = runner.invoke(app, ["segment", str(path)])
        assert result.exit_code in (0, 1), result.output
        assert_no_crash(result)
