"""The local runner streams: groups of articles are read, translated and written one after
another, the articles of a group are written one by one as their sentences are done,
up-to-date articles are never parsed, and progress estimates the sentences of the articles
not read yet."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from translate.run import run
from translate.run.report import Progress
from translate.run.runners import local
from translate.settings import Decoding, Settings
from translate.sources import inputs
from translate.sources.readers import read_file

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "seeds" / "putin-kim-wostotschny.txt"


@pytest.fixture
def news(tmp_path: Path) -> Path:
    """Six articles like the sample (numbered, so each differs)."""
    folder = tmp_path / "news"
    folder.mkdir()
    text = SAMPLE.read_text(encoding="utf-8")
    for number in range(6):
        (folder / f"{number}.txt").write_text(text.replace("Putin", f"Putin {number}"),
                                              encoding="utf-8")
    return folder


def test_expected_sentences_grow_from_an_estimate_to_the_count():
    progress = Progress(files_total=4)
    assert progress.expected_sentences() == 0
    progress.add(10)
    assert progress.expected_sentences() == 40  # 10 now, and 10 for each of the 3 unread
    progress.add(30)
    assert progress.expected_sentences() == 80  # 40 read; 20 on average for the other two
    progress.add(5)
    progress.add(5)
    assert progress.expected_sentences() == progress.sentences_total == 50


def test_groups_are_written_before_later_articles_are_read(news, trained_model_dir, tmp_path,
                                                           monkeypatch):
    monkeypatch.setattr(local, "GROUP_UNITS", 60)  # two articles a group
    events: list[str] = []
    parse = inputs.parse

    def parse_and_log(article, *args, **kwargs):
        events.append(f"read {Path(article.name).name}")
        return parse(article, *args, **kwargs)

    monkeypatch.setattr("translate.run.stages.parse", parse_and_log)
    out = tmp_path / "out"
    seen: list[Progress] = []

    def on_progress(progress: Progress) -> None:
        written = sorted(p.name for p in out.glob("*.de-en.md"))
        events.append(f"written {len(written)}")
        seen.append(replace(progress))

    report = run(Settings(inputs=(str(news),), output=out, model=str(trained_model_dir)),
                 on_progress)
    total = sum(len(list(inputs.read(article).units()))
                for article in inputs.collect((str(news),), []))
    assert not report.failed and report.translated + report.from_memory == total
    reads = [i for i, event in enumerate(events) if event.startswith("read")]
    first_write = events.index("written 1")
    assert len(reads) == 6
    assert sum(i < first_write for i in reads) <= 3  # a group, and the first of the next
    assert seen[-1].files_done == seen[-1].files_total == 6
    assert seen[-1].sentences_done == seen[-1].expected_sentences() == total
    assert all(p.sentences_done <= p.expected_sentences() for p in seen)
    assert 0.8 * total <= seen[0].expected_sentences() <= 1.2 * total  # similar articles


@pytest.fixture
def briefs(tmp_path: Path) -> list[Path]:
    """Five short articles that share no text: each a heading of the sample as its title and
    four or five of the sample's sentences (the trained stand-in knows them all)."""
    document = read_file(SAMPLE)
    titles = [document.title.de] + [section.heading.de for section in document.sections
                                    if section.heading]
    sentences = [sentence.de for sentence in document.sentences()]
    folder = tmp_path / "briefs"
    folder.mkdir()
    for number, title in enumerate(titles):
        body = " ".join(sentences[number::len(titles)])
        (folder / f"{number}.txt").write_text(f"{title}\n{body}\n", encoding="utf-8")
    return sorted(folder.glob("*.txt"))


def test_articles_of_a_group_are_written_as_their_sentences_are_done(briefs, trained_model_dir,
                                                                    tmp_path):
    """All five are one group; at two sentences a batch, the model sees them in windows of
    16 texts, article by article, and each article is on disk once its window is done,
    before the last article's sentences are translated."""
    units = [len(list(read_file(path).units())) for path in briefs]
    out = tmp_path / "out"
    seen: list[tuple[int, int, list[str]]] = []  # sentences done, articles done, on disk

    def on_progress(progress: Progress) -> None:
        written = sorted(path.name for path in out.glob("*.de-en.md"))
        seen.append((progress.sentences_done, progress.files_done, written))

    report = run(Settings(inputs=(str(briefs[0].parent),), output=out, formats=("md",),
                          model=str(trained_model_dir), decoding=Decoding(batch_size=2)),
                 on_progress)
    assert report.articles_written == 5 and report.translated == sum(units)
    first = next(sentences for sentences, _, written in seen if written)
    assert first <= sum(units) - units[-1]  # the last article's sentences are still to do
    counts = [done for _, done, _ in seen]
    assert sorted(set(counts)) == list(range(6)) and counts == sorted(counts)
    for sentences, done, written in seen:  # counted as written, in the folder's order
        assert written == [f"{number}.de-en.md" for number in range(done)]
        assert sentences >= sum(units[:done])  # none before its own sentences are done


def test_up_to_date_articles_are_not_parsed(news, trained_model_dir, tmp_path, monkeypatch):
    settings = Settings(inputs=(str(news),), output=tmp_path / "out",
                        model=str(trained_model_dir))
    run(settings)
    before = _entries(tmp_path / "out" / "index.md")
    (news / "2.txt").write_text("Ein neuer Artikel.\n\nDer Kreml teilte mit, das Treffen "
                                "habe begonnen.\n", encoding="utf-8")
    parsed: list[str] = []
    parse = inputs.parse
    monkeypatch.setattr("translate.run.stages.parse", lambda article, *args, **kwargs:
                        parsed.append(Path(article.name).name) or parse(article, *args,
                                                                        **kwargs))
    again = run(settings)
    assert parsed == ["2.txt"]  # the five unchanged articles were hashed, not parsed
    assert len(again.skipped) == 5 and again.written[0].name == "2.de-en.md"
    after = _entries(tmp_path / "out" / "index.md")
    assert [entry.split("](")[1].split(")")[0] for entry in after] == [
        f"{n}.de-en.md" for n in (0, 1, 3, 4, 5, 2)]  # one date in input order; undated last
    # the skipped articles' titles and summaries, from the cache, as they were written
    assert after[:5] == [e for i, e in enumerate(before) if i != 2]
    assert after[5] != before[2] and "Ein neuer Artikel" in after[5]


def _entries(index: Path) -> list[str]:
    """The index's entries: each from its "- [" line to the next."""
    text = index.read_text(encoding="utf-8")
    return ["- [" + entry.rstrip("\n") for entry in text.split("\n- [")[1:]]
