"""Ctrl-C and SIGTERM part of the way through a run: the command says what was finished (the
articles written, the translations kept in the memory) and how to go on, and going on does
what it said.

The signal is real: the process sends it to itself from inside the run (after a batch is
stored, or after an article is written), and Python and the CLI take it as they would from a
terminal or from `kill`. Each article is its own group (GROUP_UNITS 1), so articles are
written before the run is stopped.
"""

from __future__ import annotations

import re
import signal
import sqlite3
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.standin.pairs import SECTIONS_DE, TITLE_DE
from translate.cli import app
from translate.run.report import Interrupted, Report, interrupted_lines
from translate.run.runners import local
from translate.run.state import RunState
from translate.run.store.translations import TranslationTable

GO_ON = "translate: to go on, run the same command again: "


@pytest.fixture
def news(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Five articles, the sample's sections (sentences the trained stand-in knows), each
    translated and written on its own."""
    folder = tmp_path / "news"
    folder.mkdir()
    for number, (heading, sentences) in enumerate(SECTIONS_DE, 1):
        (folder / f"a{number}.txt").write_text(f"{heading or TITLE_DE}\n\n{' '.join(sentences)}\n")
    monkeypatch.setattr(local, "GROUP_UNITS", 1)
    return folder


@pytest.fixture(autouse=True)
def ctrl_c_raises() -> Iterator[None]:
    """Python's own Ctrl-C handling, even where pytest was started with SIGINT ignored (a
    shell's background job): SIGINT raises KeyboardInterrupt."""
    previous = signal.signal(signal.SIGINT, signal.default_int_handler)
    yield
    signal.signal(signal.SIGINT, previous)


def stop_when(monkeypatch: pytest.MonkeyPatch, cls: type, method: str, signal_number: int,
              ready: Callable[[], bool]) -> None:
    """Send `signal_number` to this process once `cls.method` has run while `ready()`."""
    real = getattr(cls, method)

    def then_stop(self, *args, **kwargs):
        result = real(self, *args, **kwargs)
        if ready():
            signal.raise_signal(signal_number)
        return result

    monkeypatch.setattr(cls, method, then_stop)


def translate(news: Path, out: Path, model: Path, *extra: str):
    return CliRunner().invoke(app, [
        "run", str(news), "-o", str(out), "-f", "md,json", "--model", str(model),
        "--device", "cpu", "--beams", "1", "--batch-size", "2", *extra],
        catch_exceptions=False)


def units(path: Path) -> int:
    """The units (title, headings, sentences) of a written article, from its JSON."""
    import json

    document = json.loads(path.read_text())
    return 1 + sum(bool(section["heading"]) + sum(len(p["sentences"])
                                                   for p in section["paragraphs"])
                   for section in document["sections"])


def test_ctrl_c_says_what_was_kept_and_the_same_command_goes_on(
        news, tmp_path, trained_model_dir, cache_dir, monkeypatch):
    out, store = tmp_path / "out", TranslationTable.store
    # stopped just after the third article's first batch is stored: two articles written
    stop_when(monkeypatch, TranslationTable, "store", signal.SIGINT,
              lambda: len(list(out.glob("*.json"))) == 2)
    stopped = translate(news, out, trained_model_dir)
    assert stopped.exit_code == 130
    with sqlite3.connect(cache_dir / "memory.sqlite") as db:
        kept = db.execute("SELECT COUNT(*) FROM translations").fetchone()[0]
    written = sorted(out.glob("*.json"))
    assert [path.name for path in written] == ["a1.de-en.json", "a2.de-en.json"]
    finished = sum(units(path) for path in written)
    assert kept > finished  # and a batch of the third, which was under way
    assert stopped.stderr.splitlines()[-2:] == [
        f"translate: interrupted: 2 articles written (4 files), {kept} translations kept in "
        "the memory",
        GO_ON + "finished articles are skipped and translated sentences come from the memory"]

    monkeypatch.setattr(TranslationTable, "store", store)  # the same command, not stopped
    again = translate(news, out, trained_model_dir)
    assert again.exit_code == 0, again.stderr
    summary = again.stderr.splitlines()[-1]
    assert re.search(r": 3 articles written \(7 files\), 2 up to date \(--force redoes them\), "
                     r"0 failed; \d+ sentences and headings translated, (\d+) from memory;",
                     summary), summary
    assert int(re.search(r"(\d+) from memory", summary)[1]) == kept - finished


def test_sigterm_without_the_memory_says_nothing_was_kept(news, tmp_path, trained_model_dir,
                                                          monkeypatch):
    out = tmp_path / "out"
    stop_when(monkeypatch, RunState, "record_written", signal.SIGTERM,
              lambda: len(list(out.glob("*.json"))) == 2)
    stopped = translate(news, out, trained_model_dir, "--no-memory")
    assert stopped.exit_code == 143
    assert sorted(path.name for path in out.iterdir()) == [
        "a1.de-en.json", "a1.de-en.md", "a2.de-en.json", "a2.de-en.md"]
    assert stopped.stderr.splitlines()[-2:] == [
        "translate: interrupted: 2 articles written (4 files), nothing kept in the memory "
        "(--no-memory)",
        GO_ON + "finished articles are skipped, the others translated anew"]


@pytest.mark.parametrize(("where", "kept", "force", "going_on"), [
    ("folder", 12, False, "to go on, run the same command again: finished articles are "
     "skipped and translated sentences come from the memory"),
    ("beside", 12, True, "to go on, run the same command again without --force: finished "
     "articles are skipped and translated sentences come from the memory"),
    ("stdout", 12, True, "to go on, run the same command again: translated sentences come "
     "from the memory"),  # nothing is skipped: --force changes nothing
    ("file", None, False, "to go on, run the same command again: finished articles are "
     "skipped, the others translated anew"),
    ("stdout", None, False, "run the same command again to start over"),
])
def test_how_to_go_on_depends_on_where_outputs_go_and_the_memory(where, kept, force,
                                                                  going_on):
    report = Report(articles_written=1, written=[Path("a.de-en.md")])
    lines = interrupted_lines(Interrupted(report, kept), where, force)
    assert lines[0].startswith("translate: interrupted: 1 article written (1 file), ")
    assert lines[1] == f"translate: {going_on}"
