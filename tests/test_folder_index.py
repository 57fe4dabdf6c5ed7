"""The folder index as a reader meets it, on real folder runs with the trained stand-in:
articles newest first (undated last, by name), every date in one readable form (ISO 8601 in
the JSON), and how many sentences of each article the QA checks flagged, the same on a
re-run that lists up-to-date articles from the memory or, without it, from their outputs."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from tests.standin.pairs import GERMAN_LINES
from translate.output.render.index import IndexEntry, render_index
from translate.run import run
from translate.settings import Settings

SAMPLE = Path(__file__).resolve().parents[1] / "seeds" / "putin-kim-wostotschny.txt"
SAMPLE_DATE = "13.09.2023 13.32"
# German the stand-in never learned, full of figures: its English misses them (flags)
UNKNOWN = ("Im Jahr 2019 kamen 4500 Besucher in das neue Museum am Hafen. "
           "Für 2025 erwartet die Stadt 12000 Gäste und 300 Führungen.")

# name: (its date as written, or None; the sample, lines the stand-in knows, those and unknown
# ones; a Markdown file of known lines dated in its front matter)
ARTICLES = {
    "a.txt": ("12.03.2020 10.15", "known"),
    "b.txt": (SAMPLE_DATE, "sample"),
    "c.txt": (None, "known"),
    "d.txt": ("Mittwoch, 13. September 2017", "unknown"),
    "e.md": ("2021-03-05T10:30:00+01:00", "front matter"),
    "f.txt": (None, "unknown"),
}
NEWEST_FIRST = ["b", "e", "a", "d", "c", "f"]  # the undated two last, by name
SHOWN = {"a": "12 Mar 2020, 10:15", "b": "13 Sep 2023, 13:32", "d": "13 Sep 2017",
         "e": "5 Mar 2021, 10:30 UTC+1"}
IN_JSON = {"a": "2020-03-12T10:15", "b": "2023-09-13T13:32", "d": "2017-09-13",
           "e": "2021-03-05T10:30+01:00", "c": None, "f": None}


def article_text(date: str | None, kind: str) -> str:
    if kind == "sample":
        return SAMPLE.read_text(encoding="utf-8").replace(SAMPLE_DATE, date)
    title, *body = GERMAN_LINES[:4]
    if kind == "front matter":
        return f"---\ntitle: {title}\ndate: {date}\n---\n\n{' '.join(body)}\n"
    header = ["Von Anna Becker", *([date] if date else [])]
    body_text = " ".join(body) + ("\n\n" + UNKNOWN if kind == "unknown" else "")
    return "\n".join([title, *header, "", body_text, ""])


@pytest.fixture
def news(tmp_path: Path) -> Path:
    folder = tmp_path / "news"
    folder.mkdir()
    for name, (date, kind) in ARTICLES.items():
        (folder / name).write_text(article_text(date, kind), encoding="utf-8")
    return folder


def translate_folder(news: Path, out: Path, model: Path, **options) -> None:
    options.setdefault("formats", ("json", "md", "html"))
    report = run(Settings(inputs=(str(news),), output=out, model=str(model), device="cpu",
                          cache_dir=out.parent / "cache", **options))
    assert report.failed == []


def md_entries(out: Path) -> list[str]:
    """index.md's entries: each from its "- [" line to the next."""
    return ["- [" + entry for entry in (out / "index.md").read_text().split("\n- [")[1:]]


def html_entries(out: Path) -> list[str]:
    return re.findall(r"<li>.*?</li>", (out / "index.html").read_text(), flags=re.DOTALL)


def stem(entry: str) -> str:
    return re.search(r'(?:\]\(|href=")(\w+)\.de-en\.', entry)[1]


def flagged(out: Path) -> dict[str, int]:
    """Each article's flagged units, as its JSON counts them."""
    return {name[0]: json.loads((out / f"{name[0]}.de-en.json").read_text())["qa"]["flagged"]
            for name in ARTICLES}


def shown_checks(entries: list[str]) -> dict[str, int]:
    """The "n sentences to check" each entry shows (0 where it shows none)."""
    return {stem(entry): int(found[1]) if (found := re.search(
        r"⚠ (\d+) sentences? to check", entry)) else 0 for entry in entries}


def test_the_index_lists_the_newest_first_and_the_undated_last(news, trained_model_dir,
                                                               tmp_path):
    out = tmp_path / "out"
    translate_folder(news, out, trained_model_dir)
    assert [stem(entry) for entry in md_entries(out)] == NEWEST_FIRST
    assert [stem(entry) for entry in html_entries(out)] == NEWEST_FIRST


def test_every_date_shows_in_one_form_and_the_json_keeps_iso(news, trained_model_dir,
                                                              tmp_path):
    out = tmp_path / "out"
    translate_folder(news, out, trained_model_dir)
    for entry in md_entries(out):
        details = entry.rstrip("\n").splitlines()[-1].strip()  # the entry's last line
        assert details.split(" · ")[0] == SHOWN.get(stem(entry), details.split(" · ")[0])
        if stem(entry) not in SHOWN:
            assert not re.search(r"\d{4}", details), entry  # no date at all
    for entry in html_entries(out):
        if (name := stem(entry)) in SHOWN:
            assert f'<time datetime="{IN_JSON[name]}">{SHOWN[name]}</time>' in entry
        else:
            assert "<time" not in entry
    for name, iso in IN_JSON.items():
        document = json.loads((out / f"{name}.de-en.json").read_text())
        assert document["meta"]["date"] == iso
    byline = (out / "b.de-en.md").read_text().splitlines()[3]
    assert "13 Sep 2023, 13:32" in byline and SAMPLE_DATE not in byline


def test_each_entry_says_how_many_sentences_to_check(news, trained_model_dir, tmp_path):
    out = tmp_path / "out"
    translate_folder(news, out, trained_model_dir)
    counts = flagged(out)
    assert counts["a"] == counts["c"] == counts["e"] == 0  # lines the stand-in learned
    assert counts["b"] >= 1 and counts["d"] >= 2 and counts["f"] >= 2, counts
    assert shown_checks(md_entries(out)) == counts
    assert shown_checks(html_entries(out)) == counts
    index = (out / "index.md").read_text()

    translate_folder(news, out, trained_model_dir)  # all up to date: rows from the memory
    assert (out / "index.md").read_text() == index

    translate_folder(news, out, trained_model_dir, memory=False)  # read back from the JSON
    assert (out / "index.md").read_text() == index


@pytest.mark.parametrize("fmt", ["md", "html"])
def test_without_the_memory_the_counts_are_read_back_from_the_pages(news, trained_model_dir,
                                                                   tmp_path, fmt):
    out = tmp_path / "out"
    translate_folder(news, out, trained_model_dir, formats=("json", fmt))
    index = (out / f"index.{fmt}").read_text()
    assert "to check" in index
    for name in ARTICLES:
        (out / f"{name[0]}.de-en.json").unlink()
    translate_folder(news, out, trained_model_dir, formats=(fmt,), memory=False)
    assert (out / f"index.{fmt}").read_text() == index


def test_one_sentence_or_many():
    entries = [IndexEntry("Eins", None, None, "eins.de-en.html", flagged=1),
               IndexEntry("Viele", None, None, "viele.de-en.html", flagged=29),
               IndexEntry("Keins", None, None, "keins.de-en.html")]
    for fmt in ("md", "html"):
        text = render_index(entries, fmt)
        assert "⚠ 1 sentence to check" in text and "⚠ 29 sentences to check" in text
        assert text.count("to check") == 2
