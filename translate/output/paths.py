"""Where a run's outputs go, whether they are already up to date, and writing them.

Every output records a key: a hash of its input's bytes and of everything that decides the
result (model, revision, decoding, summariser, glossary, the reader and the name scope, this
tool's version: translate.run.plan.RunPlan.key). A re-run whose key matches what an output
records skips that article.
"""

from __future__ import annotations

import hashlib
import json
import math
import sys
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from translate import __version__
from translate.articles import OUTPUT_INFIX, STDIN, Article
from translate.document import Document
from translate.errors import OutputError, UsageError
from translate.output.atomic import write_atomic
from translate.output.readback import recorded_key
from translate.output.render import render
from translate.output_formats import OUTPUT_SUFFIXES, WRITABLE
from translate.settings import Settings
from translate.sources.urls import is_web
from translate.text.dates import instant


def destination(settings: Settings) -> str:
    """Where outputs go: "beside" each input, "stdout", one "file", or a "folder"."""
    output = settings.output
    if output is None:
        return "beside"
    if str(output) == STDIN:
        return "stdout"
    if output.suffix and not output.is_dir():
        if output.suffix.lower() not in OUTPUT_SUFFIXES:
            *others, last = OUTPUT_SUFFIXES
            raise UsageError(f"-o {output}: {output.suffix} is not an output format; name a "
                             f"{', '.join(others)} or {last} file, or a folder")
        return "file"
    return "folder"


def _given(settings: Settings) -> Path:
    """The -o path, where destination() is "file" or "folder" (never without one)."""
    assert settings.output is not None
    return settings.output


def check_writable(settings: Settings) -> None:
    """Refuse an -o that cannot be written before anything is loaded or translated: its folder
    (the nearest one that exists, for a folder still to be made) must be a folder, and one this
    process can create files in (a read-only file system, another user's folder). A disk that
    fills up later fails the articles it cannot take (write_outputs)."""
    where = destination(settings)
    if where not in ("file", "folder"):
        return
    output = _given(settings)
    folder = output if where == "folder" else output.parent
    existing = next(path for path in (folder, *folder.parents) if path.exists())
    if not existing.is_dir():
        raise UsageError(f"-o {output}: {existing} is a file, not a folder")
    try:
        tempfile.TemporaryFile(dir=existing, prefix=".translate-probe.").close()
    except OSError as exc:
        raise UsageError(f"-o {output}: cannot write in {existing} "
                         f"({(exc.strerror or str(exc)).lower()})") from None


def check_output(settings: Settings, articles: list[Article]) -> None:
    """An output file or standard output only fits one article in one format."""
    where = destination(settings)
    single = len(articles) <= 1 and len(settings.inputs) == 1 and len(settings.formats) == 1
    to_stdout = where == "stdout" or (where == "beside" and settings.inputs == (STDIN,))
    if to_stdout and not single:
        raise UsageError("standard output takes one input in one format; use -o FOLDER")
    if where == "file" and not single:
        raise UsageError(f"-o {settings.output} names one file, but there are several inputs "
                         "or formats; give a folder instead")
    fmt = settings.formats[0]
    if where == "file" and OUTPUT_SUFFIXES[_given(settings).suffix.lower()] != fmt:
        raise UsageError(f"-o {settings.output} does not fit --format {fmt}")
    if to_stdout and WRITABLE[fmt].binary and sys.stdout.isatty():
        raise UsageError(f"--format {fmt} writes a binary file: redirect standard output to a "
                         f"file, or give -o FILE{WRITABLE[fmt].suffix}")


def output_path(article: Article, fmt: str, settings: Settings) -> Path | None:
    """Where one format of one article goes; None means standard output."""
    relative = _in_folder(article, fmt)
    match destination(settings):
        case "beside":  # a web page's outputs go into the current folder
            if article.name == STDIN:
                return None
            name = relative.name
            return Path(name) if is_web(article.name) else Path(article.name).with_name(name)
        case "stdout":
            return None
        case "file":
            return settings.output
        case _:
            return _given(settings) / relative


def _in_folder(article: Article, fmt: str) -> Path:
    """Where one format of one article goes, relative to an output folder."""
    return article.relative.parent / (article.relative.name + OUTPUT_INFIX + WRITABLE[fmt].suffix)


def output_key(sha256: str, labels: dict[str, Any]) -> str:
    """The key an up-to-date output records: its input's bytes (their `sha256`) and the run
    `labels`; known before the input is parsed."""
    data = {"input": sha256, "version": __version__, **labels}
    return hashlib.sha256(json.dumps(data, sort_keys=True).encode()).hexdigest()[:16]


def outputs_exist(article: Article, settings: Settings) -> bool:
    """Every output of `article` is a file already (a stat each: whether they are up to date
    takes the run's key, which needs the model resolved)."""
    paths = [output_path(article, fmt, settings) for fmt in settings.formats]
    return all(path is not None and path.is_file() for path in paths)


def up_to_date(article: Article, key: str, settings: Settings) -> bool:
    """Every output of `article` exists and records `key`."""
    return all((path := output_path(article, fmt, settings)) is not None
               and recorded_key(path, fmt) == key for fmt in settings.formats)


@dataclass(frozen=True, slots=True)
class IndexRow:
    """What the folder index shows of one article: all a run keeps of a finished article."""

    article: Article
    title_de: str
    title_en: str | None
    summary: str | None
    date: str | None = None  # the article's own date (ISO 8601 where its source's reads as one)
    url: str | None = None  # a web page's address
    updated: str | None = None  # when it was written changed since its previous version
    flagged: int | None = None  # units the QA checks flagged (None: not known)

    @classmethod
    def of(cls, article: Article, document: Document) -> IndexRow:
        return cls(article, document.title.de, document.title.en, document.summary,
                   document.meta.date, document.source.url,
                   document.run.updated if document.run else None,
                   document.qa_summary()["flagged"])

    def fields(self) -> tuple[str | int | None, ...]:
        """Everything but the article, in order (as the memory stores it)."""
        return (self.title_de, self.title_en, self.summary, self.date, self.url, self.updated,
                self.flagged)


class IndexRows:
    """The index rows of a run, one per listed article, in a temporary file rather than in
    memory (a row with its summary is over a kilobyte; a run may list a million articles),
    given back newest first however they arrived: undated articles last, and articles of one
    date (or none) in listing order (by name in a folder, as a feed lists them)."""

    def __init__(self, count: int) -> None:
        import array
        import tempfile

        self._file = tempfile.TemporaryFile()  # noqa: SIM115 (open until close(): the run's end)
        self._offsets = array.array("q", [-1]) * count  # where each position's row starts
        self._order = array.array("d", [math.inf]) * count  # minus its time; undated: inf

    def put(self, position: int, row: IndexRow) -> None:
        self._offsets[position] = self._file.seek(0, 2)
        if row.article.listed_date:  # one date per entry: the one the listing is sorted by
            row = replace(row, date=row.article.listed_date)
        when = instant(row.date)
        self._order[position] = math.inf if when is None else -when
        data = [row.article.name, str(row.article.relative), *row.fields()]
        self._file.write(json.dumps(data, ensure_ascii=False).encode() + b"\n")

    def __len__(self) -> int:
        return sum(offset >= 0 for offset in self._offsets)

    def __iter__(self) -> Iterator[IndexRow]:
        positions = [at for at, offset in enumerate(self._offsets) if offset >= 0]
        for position in sorted(positions, key=self._order.__getitem__):  # stable: ties in order
            self._file.seek(self._offsets[position])
            name, relative, *texts = json.loads(self._file.readline())
            yield IndexRow(Article(name, Path(relative)), *texts)

    def close(self) -> None:
        self._file.close()


def write_index(rows: IndexRows, settings: Settings) -> list[Path]:
    """index.md, and index.html when HTML is asked for (render.index.index_formats), in the
    output folder: every article with its German and English title, its summary and a link
    to its output, in the index's format where the run writes it, else in the run's first
    format. Written as it is rendered, a row at a time."""
    from translate.output.render.index import IndexEntry, index_chunks, index_formats

    root = _given(settings)
    written = []
    for fmt in index_formats(settings.formats):
        target = fmt if fmt in settings.formats else settings.formats[0]
        entries = (
            IndexEntry(row.title_de, row.title_en, row.summary,
                       str(_in_folder(row.article, target)),
                       row.date, row.url, row.updated, row.flagged or 0)
            for row in rows
        )
        page = root / f"index{WRITABLE[fmt].suffix}"
        write_output(page, index_chunks(entries, len(rows), fmt))
        written.append(page)
    return written


def write_output(path: Path, text: str | bytes | Iterable[str], run: str = "") -> None:
    """write_atomic, with a failure (a full disk) as an OutputError that names `path` as the
    user will look for it, never the temporary file."""
    try:
        write_atomic(path, text, run)
    except OSError as exc:
        raise OutputError(f"{path}: cannot be written "
                          f"({(exc.strerror or str(exc)).lower()})") from None


def write_outputs(document: Document, article: Article, settings: Settings, run: str = ""
                  ) -> list[Path]:
    """Render `document` in each format and write it atomically (temporary files named with
    the `run` token: translate.output.atomic), or to standard output; a file that cannot be
    written is an OutputError (write_output)."""
    written = []
    for fmt in settings.formats:
        data = render(document, fmt)
        path = output_path(article, fmt, settings)
        if path is None:
            if isinstance(data, bytes):
                sys.stdout.flush()
                sys.stdout.buffer.write(data)
            else:
                sys.stdout.write(data)
            continue
        write_output(path, data, run)
        written.append(path)  # the CLI names what was written, once, at the end
    return written
