"""Polling again: an article that changed since its previous version is re-translated only
where it changed (the memory), its bilingual page marks the new and edited units, and the
index says when it was updated. A web page served on 127.0.0.1 by tests/web_server.py (a new
ETag when it is edited), and a text file edited between runs; the trained stand-in model."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.web_server import WebServer, html_page
from translate.articles import STDIN
from translate.document import RunRecord
from translate.output.render.dates import readable
from translate.run import run
from translate.run.changes import mark_changes
from translate.run.report import Report
from translate.run.store import TranslationMemory
from translate.settings import Settings
from translate.sources.readers import read_document
from translate.sources.urls import output_name

SENTENCES = [
    "Der Rostocker Hafen hat im vergangenen Jahr so viel Fracht umgeschlagen wie nie zuvor.",
    "Vor allem der Fährverkehr nach Skandinavien legte deutlich zu.",
    "Die Hafengesellschaft will in den kommenden Jahren einen weiteren Liegeplatz bauen.",
    "Der Bau soll im Herbst beginnen.",
]
EDITED = "Der Bau soll erst im kommenden Frühjahr beginnen."  # replaces SENTENCES[3]
PATH = "/wirtschaft/hafen.html"


def page(sentences: list[str]) -> bytes:
    first, second = " ".join(sentences[:2]), " ".join(sentences[2:])
    return f"""<!DOCTYPE html>
<html lang="de"><head><meta charset="utf-8"><title>Hafen Rostock meldet Rekordumschlag</title>
<meta property="article:published_time" content="2024-03-13T09:15:00+01:00"></head>
<body><article><h1>Hafen Rostock meldet Rekordumschlag</h1>
<p>{first}</p><p>{second}</p></article></body></html>
""".encode()


@pytest.fixture
def site() -> Iterator[WebServer]:
    with WebServer({PATH: html_page(page(SENTENCES))}) as server:
        yield server


def units(document: dict[str, Any]) -> Iterator[dict[str, Any]]:
    """Every unit of a JSON document, the title first, each with its German and marks."""
    yield document["title"]
    for section in document["sections"]:
        if section["heading"]:
            yield section["heading"]
        for paragraph in section["paragraphs"]:
            yield from paragraph["sentences"]


def changed(document: dict[str, Any]) -> list[str]:
    return [unit["de"] for unit in units(document) if unit.get("changed")]


def marked_rows(markdown: str) -> list[str]:
    """The English of the table cells and headings that carry the ✎ marker."""
    english = [line.split(" | ")[1] for line in markdown.splitlines()
               if line.startswith("| ") and not line.startswith(("| Deutsch", "| ---"))]
    english += [line for line in markdown.splitlines() if line.startswith(("###", "*"))]
    return [text for text in english if "✎" in text]


def test_an_edited_page_translates_and_marks_only_its_edited_sentence(
        site: WebServer, trained_model_dir: Path, tmp_path: Path) -> None:
    url = site.url + PATH
    out = tmp_path / "out"
    settings = Settings(inputs=(url,), output=out, formats=("json", "md", "html"),
                        model=str(trained_model_dir), device="cpu",
                        cache_dir=tmp_path / "cache", fetch_delay=0)
    name = output_name(url) + ".de-en"

    first = run(settings)
    assert first.failed == [] and first.translated == len(SENTENCES) + 1  # and the title
    document = json.loads((out / f"{name}.json").read_text())
    assert changed(document) == [] and "updated" not in document["run"]  # a first version
    assert "✎" not in (out / f"{name}.md").read_text()
    assert "updated" not in (out / "index.md").read_text()

    site.routes[PATH] = html_page(page([*SENTENCES[:3], EDITED]))  # a new ETag
    second = run(settings)
    assert (second.failed, second.translated, second.from_memory) == ([], 1, len(SENTENCES))
    document = json.loads((out / f"{name}.json").read_text())
    assert changed(document) == [EDITED]
    assert document["run"]["changed"] == 1
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", document["run"]["updated"])
    edited_en = next(unit["en"] for unit in units(document) if unit["de"] == EDITED)
    markdown = (out / f"{name}.md").read_text()
    assert marked_rows(markdown) == [marked_rows(markdown)[0]]
    assert f"✎ {edited_en}" in marked_rows(markdown)[0]
    assert f"Updated {readable(document['run']['updated'])}" in markdown  # "7 Dec 2026, …"
    html = (out / f"{name}.html").read_text()
    assert re.findall(r'class="s changed"[^>]*data-s="([^"]+)"', html) == ["s1p2t2"] * 2
    index = (out / "index.md").read_text()
    assert f"updated {readable(document['run']['updated'])}" in index
    written = {path: path.read_bytes() for path in out.iterdir()}

    # unchanged since: a 304, nothing translated, the page and its marks kept as they were
    third = run(settings)
    assert (third.failed, third.skipped) == ([], [url])
    assert third.written == [out / "index.md", out / "index.html"]  # as they were
    assert third.translated == 0
    assert [hit.status for hit in site.hits(PATH)] == [200, 200, 304]
    assert {path: path.read_bytes() for path in out.iterdir()} == written


def translate_file(article: Path, out: Path, model: Path, **options: Any) -> Report:
    return run(Settings(inputs=(str(article),), output=out, formats=("json", "md", "html"),
                        model=str(model), device="cpu", **options))


def test_an_edited_file_translates_and_marks_only_its_edited_sentence(
        trained_model_dir: Path, tmp_path: Path) -> None:
    article, out = tmp_path / "hafen.txt", tmp_path / "out"
    article.write_text("Hafen Rostock meldet Rekordumschlag\n\n" + " ".join(SENTENCES) + "\n")
    first = translate_file(article, out, trained_model_dir)
    assert first.failed == [] and first.translated == 5

    article.write_text("Hafen Rostock meldet Rekordumschlag\n\n"
                       + " ".join([*SENTENCES[:3], EDITED, SENTENCES[0]]) + "\n")
    second = translate_file(article, out, trained_model_dir)
    assert second.failed == [] and second.translated == 1
    document = json.loads((out / "hafen.de-en.json").read_text())
    assert changed(document) == [EDITED]  # a repeated sentence is not new
    assert len(marked_rows((out / "hafen.de-en.md").read_text())) == 1
    html = (out / "hafen.de-en.html").read_text()
    assert len(re.findall(r'class="s changed"', html)) == 2  # German and English
    assert "updated" in (out / "index.html").read_text()

    # forced again, unchanged: the same version, so nothing is marked any more
    third = translate_file(article, out, trained_model_dir, force=True)
    assert third.failed == [] and third.translated == 0
    document = json.loads((out / "hafen.de-en.json").read_text())
    assert changed(document) == [] and "updated" not in document["run"]
    assert "updated" not in (out / "index.md").read_text()


def test_without_the_memory_nothing_is_marked(trained_model_dir: Path, tmp_path: Path) -> None:
    article, out = tmp_path / "hafen.txt", tmp_path / "out"
    article.write_text("Hafen Rostock meldet Rekordumschlag\n\n" + " ".join(SENTENCES) + "\n")
    assert translate_file(article, out, trained_model_dir, memory=False).failed == []
    article.write_text("Hafen Rostock meldet Rekordumschlag\n\n"
                       + " ".join([*SENTENCES[:3], EDITED]) + "\n")
    assert translate_file(article, out, trained_model_dir, memory=False).failed == []
    assert changed(json.loads((out / "hafen.de-en.json").read_text())) == []


def test_two_articles_of_one_name_in_two_folders_keep_their_own_versions(
        trained_model_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Versions are kept by the article's resolved path: `hafen.txt` typed in one folder and
    `hafen.txt` typed in another (the per-user memory holds both) are two articles, and one
    file typed from two folders is one."""
    first, second = tmp_path / "first", tmp_path / "second"
    for folder, sentences in ((first, SENTENCES[:2]), (second, SENTENCES[2:])):
        folder.mkdir()
        (folder / "hafen.txt").write_text("Hafen Rostock meldet Rekordumschlag\n\n"
                                          + " ".join(sentences) + "\n")

    def translated(where: Path, name: str) -> dict[str, Any]:
        """The JSON page of `name` typed in the folder `where` (and written beside it)."""
        monkeypatch.chdir(where)
        report = run(Settings(inputs=(name,), formats=("json",), model=str(trained_model_dir),
                              device="cpu"))
        assert report.failed == [] and report.articles_written == 1
        return json.loads((where / name).with_name("hafen.de-en.json").read_text())

    assert changed(translated(first, "hafen.txt")) == []
    document = translated(second, "hafen.txt")
    assert changed(document) == [] and "updated" not in document["run"]  # its first version

    (first / "hafen.txt").write_text("Hafen Rostock meldet Rekordumschlag\n\n"
                                     + " ".join([SENTENCES[0], EDITED]) + "\n")
    document = translated(tmp_path, "first/hafen.txt")
    assert changed(document) == [EDITED] and document["run"]["changed"] == 1


def test_standard_input_keeps_no_version(tmp_path: Path) -> None:
    """Two texts piped in one after the other are two articles, not two versions of one."""
    with TranslationMemory.in_folder(tmp_path) as memory:
        for sentences in (SENTENCES[:2], SENTENCES[2:]):
            text = "\n\n".join(["Hafen Rostock", *sentences])
            document = read_document(text.encode(), STDIN, "text")
            document.run = RunRecord()
            mark_changes(document, STDIN, memory.versions)
            assert [unit.changed for unit in document.units()] == [False] * 3
            assert document.run == RunRecord()
        assert memory.versions.lookup(STDIN) is None
