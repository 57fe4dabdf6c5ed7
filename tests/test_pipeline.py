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

from translate.cli import app

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


def test_second_run_skips_and_an_edit_retranslates_one_sentence(tiny_model_dir, tmp_path):
    news, out = make_folder(tmp_path), tmp_path / "out"
    args = ("run", news, "-o", out, "--model", tiny_model_dir, "--beams", "1")
    assert invoke(*args).exit_code == 1
    first = (out / "eins.de-en.md").stat().st_mtime_ns
    index = (out / "index.md").read_text()
    assert index.count("\\\n  *") == 4  # every entry has its English title

    again = invoke(*args)
    assert again.exit_code == 1  # honest: two inputs still fail, but nothing could change
    assert "2 failed (as before: unchanged since the last run)" in again.stderr
    assert (out / "index.md").read_text() == index  # English rebuilt from the memory
    assert "0 articles written (1 file), 4 up to date" in again.stderr  # only the index
    assert "0 sentences and headings translated" in again.stderr
    assert "loading" not in again.stderr  # nothing to translate: the model is never loaded
    assert (out / "eins.de-en.md").stat().st_mtime_ns == first

    article = news / "eins.txt"
    article.write_text(article.read_text().replace("Es gilt ab Januar.", "Es gilt ab Juli."))
    (news / "bild.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00")  # new bytes
    edited = invoke(*args)
    assert "2 failed (1 of them as before: unchanged since the last run)" in edited.stderr
    assert "1 article written (2 files), 3 up to date" in edited.stderr
    assert "1 sentences and headings translated, 5 from memory" in edited.stderr

    forced = invoke(*args, "--force")
    assert "4 articles written (5 files), 0 up to date" in forced.stderr
    assert "0 sentences and headings translated" in forced.stderr  # all from memory


def test_other_settings_are_not_up_to_date(tiny_model_dir, tmp_path):
    news, out = make_folder(tmp_path), tmp_path / "out"
    invoke("run", news, "-o", out, "--model", tiny_model_dir, "--beams", "1")
    result = invoke("run", news, "-o", out, "--model", tiny_model_dir, "--beams", "2")
    assert "4 articles written (5 files), 0 up to date" in result.stderr


def test_no_memory_translates_everything_again(tiny_model_dir, tmp_path, cache_dir):
    article = tmp_path / "a.txt"
    article.write_text(ARTICLE)
    invoke("run", article, "--model", tiny_model_dir, "--beams", "1")
    result = invoke("run", article, "--model", tiny_model_dir, "--beams", "1", "--force",
                    "--no-memory")
    assert "6 sentences and headings translated, 0 from memory" in result.stderr


def test_cache_info_and_clear(tiny_model_dir, tmp_path, cache_dir):
    article = tmp_path / "a.txt"
    article.write_text(ARTICLE)
    invoke("run", article, "--model", tiny_model_dir, "--beams", "1")
    info = invoke("cache", "info")
    assert info.exit_code == 0
    assert "6 translations" in info.stdout and str(tiny_model_dir) in info.stdout
    cleared = invoke("cache", "clear")
    assert "removed 6 translations" in cleared.stdout
    assert "0 translations" in invoke("cache", "info").stdout


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
    process = subprocess.Popen(command, env=env, stderr=subprocess.PIPE, text=True)
    memory = cache_dir / "memory.sqlite"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and process.poll() is None:
        if memory.exists() and _entries(memory) >= 8:  # translating is under way
            break
        time.sleep(0.05)
    process.send_signal(signal_number)
    _, stderr = process.communicate(timeout=60)
    assert process.returncode in (130, 128 + signal_number), stderr
    assert "Traceback" not in stderr
    assert not [p for p in out.rglob("*") if p.name.endswith(".part")]
    for path in out.rglob("*.json"):
        json.loads(path.read_text())  # every file there is whole
    db = sqlite3.connect(memory)
    assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    stored = {source for (source,) in db.execute("SELECT source FROM translations")}
    db.close()
    assert len(stored) >= 8

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
