"""`translate cache info|clear`: clearing asks first (or takes --yes; without a terminal it
refuses), says what each table held, and neither command makes a cache where there is none.
After a clear, an up-to-date folder keeps its index: the English titles and summaries are read
back from the outputs."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.cli_helpers import assert_no_crash
from tests.standin.terms import ARTICLE_DE, GLOSSARY_TSV, PARAGRAPHS, TITLE
from tests.web_server import WebServer, html_page
from translate.cli import app
from translate.document import short_revision
from translate.run.store import TranslationMemory
from translate.words import size

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "seeds" / "putin-kim-wostotschny.txt"
SHORT = "Titel der Meldung\n\nDer Hund bellt. Die Katze schläft.\n"


def invoke(*args: object):
    result = CliRunner().invoke(app, [str(arg) for arg in args])
    assert_no_crash(result)
    return result


@pytest.fixture
def translated(trained_model_dir, tmp_path, cache_dir):
    """A folder of two articles translated into out/ (md, json and html), and the memory."""
    news = tmp_path / "news"
    news.mkdir()
    (news / "putin.txt").write_bytes(SAMPLE.read_bytes())
    (news / "kurz.txt").write_text(SHORT, encoding="utf-8")
    out = tmp_path / "out"

    def run(*formats: str):
        return invoke("run", news, "-o", out, "--model", trained_model_dir,
                      "-f", ",".join(formats))

    assert run("md").exit_code == 0
    return run, out, cache_dir


def _held(cache_dir: Path) -> dict[str, int]:
    with TranslationMemory.existing(cache_dir) as memory:
        return memory.held()


def test_without_a_terminal_clear_refuses_unless_given_yes(translated):
    _, _, cache_dir = translated
    held = _held(cache_dir)
    assert held["translations"] > 0 and held["index rows"] == 2
    refused = invoke("cache", "clear")
    described = (f"{held['translations']} translations, 0 model summaries, 2 index rows, "
                 "2 article versions for change marks")
    assert (refused.exit_code, refused.stderr) == (
        2, f"translate: error: cache clear would empty {cache_dir / 'memory.sqlite'} "
        f"({described}); there is no terminal to confirm at: give --yes\n")
    assert _held(cache_dir) == held  # nothing emptied
    cleared = invoke("cache", "clear", "--yes")
    assert cleared.exit_code == 0
    assert cleared.stdout == f"removed {described} from {cache_dir / 'memory.sqlite'}\n"
    assert set(_held(cache_dir).values()) == {0}


@pytest.mark.parametrize(("answer", "code", "emptied"), [("n", 1, False), ("y", 0, True)])
def test_at_a_terminal_clear_asks_first(translated, answer, code, emptied):
    """A real terminal (a pseudo-terminal) for the child's standard input."""
    _, _, cache_dir = translated
    held = _held(cache_dir)
    leader, follower = os.openpty()
    child = subprocess.Popen([sys.executable, "-m", "translate", "cache", "clear",
                              "--cache-dir", str(cache_dir)], stdin=follower,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                             cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)})
    os.close(follower)
    os.write(leader, f"{answer}\n".encode())
    stdout, stderr = child.communicate(timeout=120)
    os.close(leader)
    assert child.returncode == code, stderr
    assert stderr.startswith(f"Empty {cache_dir / 'memory.sqlite'} "
                             f"({held['translations']} translations, "), stderr
    assert (set(_held(cache_dir).values()) == {0}) is emptied
    assert stdout.lstrip().startswith("removed ") is emptied  # click answers after a " "


@pytest.mark.parametrize("command", ["info", "clear"])
def test_a_folder_without_a_cache_is_said_and_not_made_one(command, tmp_path):
    typo = tmp_path / "cahce"
    result = invoke("cache", command, "--cache-dir", typo,
                    *(["--yes"] if command == "clear" else []))
    assert (result.exit_code, result.stdout) == (0, f"no cache at {typo}\n")
    assert not typo.exists()


@pytest.mark.parametrize("formats", [("md",), ("json",), ("html",), ("md", "html")])
def test_after_a_clear_an_up_to_date_folder_keeps_its_index(translated, formats):
    run, out, _ = translated
    assert run(*formats).exit_code == 0
    index = (out / "index.md").read_text(encoding="utf-8")
    assert "*Vladimir Putin and Kim Jong Un" in index  # the English title is there
    assert invoke("cache", "clear", "--yes").exit_code == 0
    again = run(*formats)
    assert again.exit_code == 0 and "2 up to date" in again.stderr
    assert (out / "index.md").read_text(encoding="utf-8") == index


def _article_page() -> bytes:
    paragraphs = "".join(f"<p>{text}</p>" for text in PARAGRAPHS)
    return (f'<!DOCTYPE html><html lang="de"><head><meta charset="utf-8"><title>{TITLE}'
            f"</title></head><body><article><h1>{TITLE}</h1>{paragraphs}</article></body>"
            "</html>").encode()


@pytest.fixture
def filled(glossary_model_dir, tiny_bart_dir, tmp_path):
    """A cache filled by real runs of the glossary stand-in: the article fetched from a local
    site (no glossary, beam 4), then read from a file with two glossaries (beam 4), then
    with beam 1 and a BART summariser. Returns the page's bytes."""
    article, first, second = tmp_path / "a.txt", tmp_path / "first.tsv", tmp_path / "second.tsv"
    article.write_text(ARTICLE_DE, encoding="utf-8")
    first.write_text(GLOSSARY_TSV, encoding="utf-8")
    # Bundestag rendered otherwise: new keys; Wostotschny as in the first: the same keys
    second.write_text("Bundestag\tFederal Diet\nWostotschny\tVostochny\n", encoding="utf-8")
    body = _article_page()
    runs = [["--summarizer", "none"], ["--summarizer", "none", "--glossary", first],
            ["--summarizer", "none", "--glossary", second],
            ["--beams", "1", "--summarizer", tiny_bart_dir]]
    with WebServer({"/bundestag.html": html_page(body)}) as site:
        for number, options in enumerate(runs):
            source = f"{site.url}/bundestag.html" if number == 0 else article
            result = invoke("run", source, "-o", tmp_path / f"out{number}", "--model",
                            glossary_model_dir, "--device", "cpu", *options)
            assert result.exit_code == 0, result.output
    return body


def test_info_groups_translations_by_model_and_decoding(filled, glossary_model_dir,
                                                        tiny_bart_dir, cache_dir):
    shown = invoke("cache", "info")
    assert shown.exit_code == 0
    data = json.loads(invoke("cache", "info", "--json").stdout)
    # six keys: beam 4 without terms, three sets of the first glossary's entries, one new set
    # of the second's (Bundestag otherwise; its Wostotschny set is the first's), beam 1
    keys = [(key["beams"], key.get("glossary", "")[:4], key["entries"])
            for key in data["translations"]]
    assert [(beams, entries) for beams, _, entries in keys] == [
        (4, 6), (4, 3), (4, 2), (4, 1), (4, 3), (1, 6)]
    assert len({glossary for _, glossary, _ in keys}) == 5  # "" and four sets
    revision = short_revision(data["translations"][0]["revision"])
    [summarizer] = data["summaries"]
    summaries = summarizer["entries"]
    assert summaries == _held(cache_dir)["model summaries"] > 0
    model = f"{glossary_model_dir} (rev {revision})"
    bart = f"seq2seq {tiny_bart_dir} (rev {short_revision(summarizer['revision'])})"
    lines = shown.stdout.splitlines()
    assert lines[0] == f"cache folder: {cache_dir} ({size(data['bytes'])})"
    assert data["bytes"] > sum(p.stat().st_size for p in cache_dir.glob("*.sqlite")) > 0
    assert lines[1:9] == [
        f"models: {cache_dir}",
        "translations: 21 sentences",
        f"  15  {model} · beam 4",
        "       6  without glossary terms",
        "       9  with glossary terms (4 sets of entries matched)",
        f"   6  {model} · beam 1",
        f"summaries: {summaries}",
        f"  {summaries}  {bart}"]
    assert re.fullmatch(rf"fetched web pages: 1 \({re.escape(size(len(filled)))}\), the newest "
                        r"fetched \d{1,2} [A-Z][a-z]{2} \d{4}, \d\d:\d\d UTC", lines[9])
    assert data["pages"]["count"] == 1 and data["pages"]["bytes"] == len(filled)
    held = _held(cache_dir)
    assert lines[10:] == [f"also kept: {held['index rows']} index rows, "
                          f"{held['article versions for change marks']} article versions for "
                          "change marks"]
