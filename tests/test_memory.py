"""The SQLite translation memory: one file, a table object for each thing it keeps (keyed,
migrated, clearable), each satisfying the protocol of the stage that uses it."""

from __future__ import annotations

import inspect
import sqlite3
from dataclasses import replace
from pathlib import Path

import pytest

from translate.document import Translation
from translate.model.cache import TranslationCache
from translate.model.engines import EngineChoice
from translate.model.signature import Signature
from translate.run.changes import Versions
from translate.run.runners.ray_memory import RemoteSummaries, RemoteTranslations, RemoteVersions
from translate.run.store import FILE_NAME, MIGRATIONS, TranslationMemory
from translate.run.store.summaries import SummaryTable
from translate.run.store.translations import TranslationTable
from translate.run.store.versions import VersionTable
from translate.summarizers.cache import SummaryCache

SIGNATURE = Signature("m", "r1", 4, 1.5, 10, EngineChoice("torch", "float32"), "torch 2")
SUMMARISER = {"model": "s", "revision": "r1", "sentences": 2}


@pytest.fixture
def memory(tmp_path: Path):
    with TranslationMemory(tmp_path / "m.sqlite") as opened:
        yield opened


def test_store_and_lookup(memory: TranslationMemory):
    memory.translations.store(SIGNATURE, [("Hallo.", Translation("Hello.", -0.2)),
                                          ("Tschüss.", Translation("Bye.", -0.4, capped=True))])
    found = memory.translations.lookup(SIGNATURE, ["Tschüss.", "Neu.", "Hallo.", "Hallo."])
    assert found == {"Hallo.": Translation("Hello.", -0.2),
                     "Tschüss.": Translation("Bye.", -0.4, capped=True)}


def test_other_settings_do_not_share_entries(memory: TranslationMemory):
    memory.translations.store(SIGNATURE, [("Hallo.", Translation("Hello.", -0.2))])
    assert memory.translations.lookup(replace(SIGNATURE, beams=1), ["Hallo."]) == {}
    assert memory.translations.lookup(replace(SIGNATURE, revision="r2"), ["Hallo."]) == {}


def test_lookup_of_many_texts(memory: TranslationMemory):
    texts = [f"Satz {i}." for i in range(1234)]
    memory.translations.store(SIGNATURE, [(t, Translation(t.upper(), -1.0)) for t in texts])
    assert len(memory.translations.lookup(SIGNATURE, texts)) == 1234


def test_summaries_are_keyed_by_model_prompt_and_text(memory: TranslationMemory):
    memory.summaries.store(SUMMARISER, [("Summarise:", "Long text.", "Short."),
                                        ("Summarise:", "No fit.", "")])
    assert memory.summaries.lookup(SUMMARISER, "Summarise:", "Long text.") == "Short."
    assert memory.summaries.lookup(SUMMARISER, "Summarise:", "No fit.") == ""  # none fits
    assert memory.summaries.lookup(SUMMARISER, "Shorten:", "Long text.") is None
    assert memory.summaries.lookup({**SUMMARISER, "sentences": 3}, "Summarise:",
                                   "Long text.") is None


def test_article_rows_and_versions(memory: TranslationMemory):
    memory.articles.store([("k1", "Titel", "Title", "Sum.", "2026-12-01", None, None, 3)])
    assert memory.articles.lookup("k1") == ("Titel", "Title", "Sum.", "2026-12-01", None, None,
                                            3)
    assert memory.articles.lookup("k2") is None
    memory.versions.store("a.txt", ["d2", "d1", "d1"])
    assert memory.versions.lookup("a.txt") == {"d1", "d2"}
    assert memory.versions.lookup("b.txt") is None


def test_tables_share_one_file_and_one_connection(tmp_path: Path):
    with TranslationMemory.in_folder(tmp_path) as memory:
        tables = (memory.translations, memory.summaries, memory.articles, memory.versions)
        assert {id(table.db) for table in tables} == {id(memory.db)}
        memory.versions.store("a.txt", ["d1"])
    assert (tmp_path / FILE_NAME).is_file()
    with TranslationMemory.in_folder(tmp_path) as reopened:
        assert reopened.versions.lookup("a.txt") == {"d1"}


def test_survives_reopening_and_records_migrations(tmp_path: Path):
    path = tmp_path / "m.sqlite"
    with TranslationMemory(path) as memory:
        memory.translations.store(SIGNATURE, [("Hallo.", Translation("Hello.", -0.2))])
    with TranslationMemory(path) as reopened:
        assert reopened.translations.lookup(SIGNATURE, ["Hallo."])["Hallo."].text == "Hello."
    db = sqlite3.connect(path)
    assert [name for (name,) in db.execute("SELECT name FROM migrations ORDER BY rowid")] == [
        m.id for m in MIGRATIONS]
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_migrations_are_numbered_in_order():
    assert [m.id[:5] for m in MIGRATIONS] == [f"m{n:03}_" for n in range(1, len(MIGRATIONS) + 1)]
    assert len({m.id for m in MIGRATIONS}) == len(MIGRATIONS)


# The tables as release b3e0398 made them: each migration as it recorded it (its function's
# name) with its SQL, in order.
PREVIOUS_RELEASE = [
    ("_create_translations", [
        """CREATE TABLE signatures (
        key TEXT PRIMARY KEY, signature TEXT NOT NULL, created TEXT NOT NULL)""",
        """CREATE TABLE translations (
        signature TEXT NOT NULL REFERENCES signatures(key), source TEXT NOT NULL,
        target TEXT NOT NULL, score REAL NOT NULL, capped INTEGER NOT NULL,
        created TEXT NOT NULL, PRIMARY KEY (signature, source)) WITHOUT ROWID"""]),
    ("_summaries_table", ["""CREATE TABLE summaries (
        model TEXT NOT NULL, prompt TEXT NOT NULL, source TEXT NOT NULL, summary TEXT NOT NULL,
        signature TEXT NOT NULL, created TEXT NOT NULL,
        PRIMARY KEY (model, prompt, source)) WITHOUT ROWID"""]),
    ("_articles_table", ["""CREATE TABLE articles (
        key TEXT PRIMARY KEY, title_de TEXT NOT NULL, title_en TEXT, summary TEXT,
        created TEXT NOT NULL) WITHOUT ROWID"""]),
    ("_articles_date_and_url", ["ALTER TABLE articles ADD COLUMN date TEXT",
                                "ALTER TABLE articles ADD COLUMN url TEXT"]),
    ("_versions_table", ["""CREATE TABLE versions (
        name TEXT PRIMARY KEY, units TEXT NOT NULL, written TEXT NOT NULL) WITHOUT ROWID""",
                         "ALTER TABLE articles ADD COLUMN updated TEXT"]),
]


def previous_release_file(path: Path, migrations: int) -> None:
    """A memory file as release b3e0398 left it after its first `migrations` migrations, with
    a translation and a summary (and an index row and a version where it had those tables)."""
    db = sqlite3.connect(path)
    db.execute("CREATE TABLE migrations (name TEXT PRIMARY KEY, applied TEXT NOT NULL)")
    for name, statements in PREVIOUS_RELEASE[:migrations]:
        for statement in statements:
            db.execute(statement)
        db.execute("INSERT INTO migrations VALUES (?, datetime('now'))", (name,))
    db.commit()
    TranslationTable(db).store(SIGNATURE, [("Hallo.", Translation("Hello.", -0.2))])
    SummaryTable(db).store(SUMMARISER, [("p", "Lang.", "Kurz.")])
    db.execute("INSERT INTO articles (key, title_de, title_en, summary, created) "
               "VALUES ('k1', 'Titel', 'Title', 'Sum.', datetime('now'))")
    if migrations == len(PREVIOUS_RELEASE):
        VersionTable(db).store("/news/a.txt", ["d1"])
    db.commit()
    db.close()


@pytest.mark.parametrize("migrations", [len(PREVIOUS_RELEASE), 3])
def test_a_file_of_the_previous_release_opens_with_its_rows(tmp_path: Path, migrations: int):
    """A file whose migrations were recorded under their functions' names opens without
    applying any of them again, gets only those it lacks, and keeps every row."""
    path = tmp_path / FILE_NAME
    previous_release_file(path, migrations)
    for _ in range(2):  # and again, once migrated
        with TranslationMemory(path) as memory:
            assert memory.translations.lookup(SIGNATURE, ["Hallo."]) == {
                "Hallo.": Translation("Hello.", -0.2)}
            assert memory.summaries.lookup(SUMMARISER, "p", "Lang.") == "Kurz."
            assert memory.articles.lookup("k1") == ("Titel", "Title", "Sum.", None, None, None,
                                                    None)  # flagged: not known
            if migrations == len(PREVIOUS_RELEASE):
                assert memory.versions.lookup("/news/a.txt") == {"d1"}
            recorded = [name for (name,) in memory.db.execute(
                "SELECT name FROM migrations ORDER BY rowid")]
        assert recorded == ([name for name, _ in PREVIOUS_RELEASE[:migrations]]
                            + [m.id for m in MIGRATIONS[migrations:]])


def test_info_and_clear(memory: TranslationMemory):
    translations = memory.translations
    translations.store(SIGNATURE, [("A.", Translation("A.", 0.0)), ("B.", Translation("B.", 0.0))])
    translations.store(replace(SIGNATURE, beams=1), [("A.", Translation("A!", 0.0))])
    memory.summaries.store(SUMMARISER, [("p", "A. B.", "A.")])
    memory.articles.store([("k1", "Titel", "Title", "Sum.", None, None, None, 0)])
    memory.versions.store("a.txt", ["d1"])
    info = memory.info()
    assert info.entries == 3 and info.bytes > 0
    assert [(s["beams"], s["entries"]) for s in info.signatures] == [(4, 2), (1, 1)]
    assert info.summaries == [{**SUMMARISER, "entries": 1}]
    held = {"translations": 3, "model summaries": 1, "index rows": 1,
            "article versions for change marks": 1}
    assert memory.held() == held
    assert memory.clear() == held
    assert set(memory.held().values()) == {0}
    assert memory.info().entries == 0 and memory.info().signatures == []
    assert memory.info().summaries == []
    assert translations.lookup(SIGNATURE, ["A."]) == {}
    assert memory.summaries.lookup(SUMMARISER, "p", "A. B.") is None
    assert memory.articles.lookup("k1") is None and memory.versions.lookup("a.txt") is None


def test_a_folder_without_a_memory_gets_none_made(tmp_path: Path):
    assert TranslationMemory.existing(tmp_path / "typo") is None
    assert not (tmp_path / "typo").exists()
    TranslationMemory.in_folder(tmp_path / "cache").close()
    with TranslationMemory.existing(tmp_path / "cache") as memory:
        assert memory.path == tmp_path / "cache" / "memory.sqlite"


@pytest.mark.parametrize(("protocol", "tables"), [
    (TranslationCache, (TranslationTable, RemoteTranslations)),
    (SummaryCache, (SummaryTable, RemoteSummaries)),
    (Versions, (VersionTable, RemoteVersions)),
])
def test_each_table_and_its_ray_proxy_answer_the_stage_protocol(protocol, tables):
    """The stages see only a protocol: the store's table and the Ray runner's proxy for it
    both have its methods, with its parameters in its order."""
    methods = [name for name in vars(protocol) if not name.startswith("_")]
    assert methods == ["lookup", "store"]
    for table in tables:
        for name in methods:
            wanted = list(inspect.signature(getattr(protocol, name)).parameters)
            assert list(inspect.signature(getattr(table, name)).parameters) == wanted, (
                f"{table.__name__}.{name}")
