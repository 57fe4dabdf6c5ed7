"""Folder runs end to end on a tiny model: failures stay local, re-runs skip, edits reuse the
translation memory, and an interrupted run leaves no partial file."""

from __future__ import annotations

import json
import os
import re
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.cli_helpers import default_sigint
from translate.cli import app
from translate.run import run
from translate.run.report import Report
from translate.settings import Decoding, Settings

ARTICLE = (
    "Neue Regeln für Mieter\n"
    "Von Anna Schmidt\n"
    "Die Regierung hat am Dienstag ein neues Gesetz beschlossen. Es gilt ab Januar.\n"
    "Kritik der Opposition\n"
    "Die Opposition hält das Gesetz für wirkungslos. Sie will vor Gericht ziehen.\n"
)


def make_folder(root: Path) -> Path:
    news = root / "news"
    (news / "politik").mkdir(parents=True)
    (news / "eins.txt").write_text(ARTICLE)
    (news / "politik" / "zwei.txt").write_text(ARTICLE.replace("Januar", "März"))
    (news / "politik" / "alt.txt").write_bytes(
        "Grüße aus Köln\nDie Straße bleibt gesperrt, sagte der Bürgermeister.\n".encode("cp1252"))
    (news / "notiz.md").write_text("# Wetter\n\nMorgen wird es **sonnig**. Es bleibt warm.\n")
    (news / "bild.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    (news / "leer.txt").write_text("")
    return news


def invoke(*args):
    return CliRunner().invoke(app, [str(a) for a in args])


def test_folder_run_writes_good_articles_and_reports_bad_ones(tiny_model_dir, tmp_path):
    news, out = make_folder(tmp_path), tmp_path / "out"
    result = invoke("run", news, "-o", out, "-f", "md,json", "--model", tiny_model_dir,
                    "--beams", "1")
    assert result.exit_code == 1
    errors = [line for line in result.stderr.splitlines() if "error:" in line]
    assert len(errors) == 2
    assert any("bild.txt: looks like a binary file" in line for line in errors)
    assert any("leer.txt: the file is empty" in line for line in errors)
    written = sorted(str(p.relative_to(out)) for p in out.rglob("*") if p.is_file())
    assert written == sorted(["index.md", *(
        f"{name}.de-en.{fmt}" for name in ("eins", "notiz", "politik/alt", "politik/zwei")
        for fmt in ("md", "json"))])
    index = (out / "index.md").read_text()
    assert index.count("](") == 4 and "(politik/alt.de-en.md)" in index
    assert "Grüße aus Köln" in index and "Wetter" in index
    alt = json.loads((out / "politik" / "alt.de-en.json").read_text())
    assert alt["source"]["encoding"] == "cp1252" and alt["title"]["de"] == "Grüße aus Köln"
    assert json.loads((out / "notiz.de-en.json").read_text())["source"]["format"] == "markdown"
    assert f"translate: output folder {out}, index {out / 'index.md'}\n" in result.stderr
    # articles and files counted apart: 4 articles in 2 formats, and the index
    assert "4 articles written (9 files), 0 up to date, 2 failed" in result.stderr
    # eins and zwei share sentences: what the run announces is what it reports at the end
    announced = re.findall(r"translating (\d+) sentences and headings", result.stderr)
    [done] = re.findall(r"(\d+) sentences and headings translated", result.stderr)
    assert announced and sum(map(int, announced)) == int(done), result.stderr


def run_once(inputs: Path, out: Path | None, model: Path, **options) -> Report:
    """One run through the Python API, greedy as the CLI tests here, with its Report."""
    decoding = Decoding(beams=options.pop("beams", 1))
    return run(Settings(inputs=(str(inputs),), output=out, model=str(model), decoding=decoding,
                        **options))


def test_second_run_skips_and_an_edit_retranslates_one_sentence(tiny_model_dir, tmp_path,
                                                                  caplog):
    news, out = make_folder(tmp_path), tmp_path / "out"
    first_run = run_once(news, out, tiny_model_dir)
    assert len(first_run.failed) == 2 and first_run.failed_as_before == 0
    first = (out / "eins.de-en.md").stat().st_mtime_ns
    index = (out / "index.md").read_text()
    assert len(re.findall(r"\\\n  \*(?!\*)", index)) == 4  # every entry has its English title

    caplog.set_level("INFO")
    caplog.clear()
    again = run_once(news, out, tiny_model_dir)
    # honest: two inputs still fail, but nothing could change
    assert len(again.failed) == 2 and again.failed_as_before == 2
    assert (out / "index.md").read_text() == index  # English rebuilt from the memory
    assert (again.articles_written, again.written) == (0, [out / "index.md"])  # only the index
    assert len(again.skipped) == 4 and again.translated == 0
    assert not [r for r in caplog.records if r.getMessage().startswith("loading")]  # no model
    assert (out / "eins.de-en.md").stat().st_mtime_ns == first

    article = news / "eins.txt"
    article.write_text(article.read_text().replace("Es gilt ab Januar.", "Es gilt ab Juli."))
    (news / "bild.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00")  # new bytes
    edited = run_once(news, out, tiny_model_dir)
    assert len(edited.failed) == 2 and edited.failed_as_before == 1
    assert (edited.articles_written, len(edited.written), len(edited.skipped)) == (1, 2, 3)
    assert (edited.translated, edited.from_memory) == (1, 5)

    forced = run_once(news, out, tiny_model_dir, force=True)
    assert (forced.articles_written, len(forced.written), len(forced.skipped)) == (4, 5, 0)
    assert forced.translated == 0  # all from memory


def test_other_settings_are_not_up_to_date(tiny_model_dir, tmp_path):
    news, out = make_folder(tmp_path), tmp_path / "out"
    run_once(news, out, tiny_model_dir)
    result = run_once(news, out, tiny_model_dir, beams=2)
    assert (result.articles_written, len(result.written), len(result.skipped)) == (4, 5, 0)


def test_no_memory_translates_everything_again(tiny_model_dir, tmp_path, cache_dir):
    article = tmp_path / "a.txt"
    article.write_text(ARTICLE)
    run_once(article, None, tiny_model_dir)
    result = run_once(article, None, tiny_model_dir, force=True, memory=False)
    assert (result.translated, result.from_memory) == (6, 0)


def test_cache_info_and_clear(tiny_model_dir, tmp_path, cache_dir):
    article = tmp_path / "a.txt"
    article.write_text(ARTICLE)
    invoke("run", article, "--model", tiny_model_dir, "--beams", "1")
    info = invoke("cache", "info")
    assert info.exit_code == 0
    assert "translations: 6 sentences" in info.stdout
    assert f"\n  6  {tiny_model_dir} (rev " in info.stdout
    cleared = invoke("cache", "clear", "--yes")
    assert "removed 6 translations" in cleared.stdout
    assert "translations: none" in invoke("cache", "info").stdout


@pytest.mark.parametrize("signal_number", [signal.SIGINT, signal.SIGTERM])
def test_interrupted_run_leaves_complete_files_and_a_sound_memory(
        tiny_model_dir, tmp_path, cache_dir, signal_number, monkeypatch):
    news = tmp_path / "many"
    news.mkdir()
    for i in range(20):
        (news / f"a{i:02}.txt").write_text(ARTICLE.replace("Dienstag", f"Tag {i}"))
    out = tmp_path / "out"
    command = [sys.executable, "-m", "translate", "run", str(news), "-o", str(out), "-f",
               "md,json", "--model", str(tiny_model_dir), "--beams", "2", "--batch-size", "4"]
    env = {**os.environ, "TRANSLATE_CACHE_DIR": str(cache_dir)}
    process = subprocess.Popen(command, env=env, stderr=subprocess.PIPE, text=True,
                               preexec_fn=default_sigint)
    memory = cache_dir / "memory.sqlite"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and process.poll() is None:
        if memory.exists() and _entries(memory) >= 8:  # translating is under way
            break
        time.sleep(0.05)
    process.send_signal(signal_number)
    _, stderr = process.communicate(timeout=60)
    assert process.returncode == 128 + signal_number, stderr
    assert "Traceback" not in stderr
    assert not [p for p in out.rglob("*") if p.name.endswith(".part")]
    for path in out.rglob("*.json"):
        json.loads(path.read_text())  # every file there is whole
    db = sqlite3.connect(memory)
    assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    stored = {source for (source,) in db.execute("SELECT source FROM translations")}
    db.close()
    assert len(stored) >= 8
    # it says what it finished, as the disk and the memory have it
    said = re.fullmatch(r"translate: interrupted: (\d+) articles? written \(\d+ files?\), "
                        r"(\d+) translations? kept in the memory", stderr.splitlines()[-2])
    assert said, stderr
    assert [int(said[1]), int(said[2])] == [len(list(out.rglob("*.json"))), len(stored)]

    # the rerun, in this process so that its Report and the model's inputs can be seen
    from translate.model.translator import Translator
    from translate.run import run
    from translate.settings import Decoding, Settings

    sent: list[str] = []
    translate = Translator.translate
    monkeypatch.setattr(Translator, "translate", lambda self, texts, *args, **kwargs:
                        sent.extend(texts) or translate(self, texts, *args, **kwargs))
    report = run(Settings(inputs=(str(news),), output=out, formats=("md", "json"),
                          model=str(tiny_model_dir), decoding=Decoding(beams=2, batch_size=4),
                          cache_dir=cache_dir))
    assert not report.failed
    assert not stored & set(sent)  # what the interrupted run stored is never translated again
    assert report.from_memory > 0 or len(report.skipped) == 20
    for path in out.rglob("*.json"):
        sentences = [s for section in json.loads(path.read_text())["sections"]
                     for p in section["paragraphs"] for s in p["sentences"]]
        assert sentences and all(s["en"] is not None for s in sentences)
    assert len(list(out.rglob("*.json"))) == 20


def _entries(path: Path) -> int:
    try:
        with sqlite3.connect(path, timeout=1) as db:
            return db.execute("SELECT COUNT(*) FROM translations").fetchone()[0]
    except sqlite3.OperationalError:
        return 0
