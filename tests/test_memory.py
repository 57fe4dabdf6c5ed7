"""The SQLite translation memory: keyed by signature and text, migrated, clearable."""

from __future__ import annotations

import sqlite3
from dataclasses import replace
from pathlib import Path

from translate.document import Translation
from translate.model.engines import EngineChoice
from translate.model.signature import Signature
from translate.run.store import MIGRATIONS, TranslationMemory

SIGNATURE = Signature("m", "r1", 4, 1.5, 10, EngineChoice("torch", "float32"), "torch 2")


def test_store_and_lookup(tmp_path: Path):
    memory = TranslationMemory(tmp_path / "m.sqlite")
    memory.store(SIGNATURE, [("Hallo.", Translation("Hello.", -0.2)),
                             ("Tschüss.", Translation("Bye.", -0.4, capped=True))])
    found = memory.lookup(SIGNATURE, ["Tschüss.", "Neu.", "Hallo.", "Hallo."])
    assert found == {"Hallo.": Translation("Hello.", -0.2),
                     "Tschüss.": Translation("Bye.", -0.4, capped=True)}


def test_other_settings_do_not_share_entries(tmp_path: Path):
    memory = TranslationMemory(tmp_path / "m.sqlite")
    memory.store(SIGNATURE, [("Hallo.", Translation("Hello.", -0.2))])
    assert memory.lookup(replace(SIGNATURE, beams=1), ["Hallo."]) == {}
    assert memory.lookup(replace(SIGNATURE, revision="r2"), ["Hallo."]) == {}


def test_lookup_of_many_texts(tmp_path: Path):
    memory = TranslationMemory(tmp_path / "m.sqlite")
    texts = [f"Satz {i}." for i in range(1234)]
    memory.store(SIGNATURE, [(t, Translation(t.upper(), -1.0)) for t in texts])
    assert len(memory.lookup(SIGNATURE, texts)) == 1234


def test_survives_reopening_and_records_migrations(tmp_path: Path):
    path = tmp_path / "m.sqlite"
    TranslationMemory(path).store(SIGNATURE, [("Hallo.", Translation("Hello.", -0.2))])
    reopened = TranslationMemory(path)
    assert reopened.lookup(SIGNATURE, ["Hallo."])["Hallo."].text == "Hello."
    db = sqlite3.connect(path)
    assert [name for (name,) in db.execute("SELECT name FROM migrations ORDER BY rowid")] == [
        m.__name__ for m in MIGRATIONS]
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_info_and_clear(tmp_path: Path):
    memory = TranslationMemory(tmp_path / "m.sqlite")
    memory.store(SIGNATURE, [("A.", Translation("A.", 0.0)), ("B.", Translation("B.", 0.0))])
    memory.store(replace(SIGNATURE, beams=1), [("A.", Translation("A!", 0.0))])
    info = memory.info()
    assert info.entries == 3 and info.bytes > 0
    assert [(s["beams"], s["entries"]) for s in info.signatures] == [(4, 2), (1, 1)]
    assert memory.clear() == 3
    assert memory.info().entries == 0
    assert memory.lookup(SIGNATURE, ["A."]) == {}
