"""The articles of a run: files as given, folders walked, http(s) URLs, "-" as standard
input; and the bytes and Document of each.

Listing is cheap and done up front (a runner needs the count, and the Ray runner hands the list
to its workers); reading (for a URL: fetching) and parsing happen one article at a time, as a
runner streams them.
"""

from __future__ import annotations

import sys
from collections import Counter
from dataclasses import dataclass, replace
from pathlib import Path

from translate.articles import OUTPUT_INFIX, STDIN, Article
from translate.document import Document
from translate.errors import InputError
from translate.settings import DEFAULT_DELAY
from translate.sources.fetch import PAGE, fetch, page_format
from translate.sources.readers import (
    DEFAULT_MAX_MB,
    SUFFIXES,
    file_bytes,
    file_format,
    read_document,
)
from translate.sources.urls import check_url, names_url, output_name
from translate.sources.web_cache import WebCache
from translate.text.language import check_german, tell_warnings


def collect(inputs: tuple[str, ...], failed: list[str]) -> list[Article]:
    """Files as given, folders walked recursively for readable files, http(s) URLs, "-" as
    standard input; what cannot be read is added to `failed`, one line each. A URL's outputs
    are named after it (translate.sources.urls.output_name); a name with another scheme (file:,
    ftp:, data:) that is not a file is refused.

    Inside a folder, a symbolic link (to a file or a folder) that leads out of that folder is
    skipped with an error line, so a run never reads or mirrors files from elsewhere; links
    within the folder are read, and linked folders are never walked (no loops). An output's
    relative path is built from the input's path under its folder, never with `..` or a root;
    inputs whose outputs would share a name get names apart (distinct).
    """
    articles: list[Article] = []
    for name in inputs:
        path = Path(name)
        if name == STDIN:
            articles.append(Article(STDIN, Path("stdin")))
        elif names_url(name):
            try:
                check_url(name)
            except InputError as exc:
                failed.append(str(exc))
                continue
            articles.append(Article(name, Path(output_name(name))))
        elif path.is_dir():
            found = _walk(path, failed)
            if not found:
                failed.append(
                    f"{name}: folder holds no articles (looked for {', '.join(SUFFIXES)})")
            articles += [Article(str(p), _relative(p.relative_to(path).with_suffix("")))
                         for p in found]
        elif path.exists():
            articles.append(Article(name, _relative(Path(path.stem))))
        else:
            failed.append(f"{name}: no such file or folder")
    return distinct(articles, failed)


def distinct(articles: list[Article], failed: list[str]) -> list[Article]:
    """The articles with outputs of their own. Files whose outputs would share a name (gut.docx
    and gut.odt in one folder: gut.de-en.md) keep their suffix in it (gut.docx.de-en.md,
    gut.odt.de-en.md) in the runs that list them together; any that still share one (a.txt of
    two folders given side by side) are refused after the first, a line each, so no output
    overwrites another. An input listed twice is read once. Names that differ only in case
    are one name (as on macOS and Windows)."""
    shared = Counter(_folded(article.relative) for article in articles)
    first: dict[str, Article] = {}
    kept = []
    for article in articles:
        if shared[_folded(article.relative)] > 1 and _is_file(article.name):
            suffix = Path(article.name).suffix
            article = replace(article, relative=article.relative.with_name(
                article.relative.name + suffix))
        other = first.setdefault(_folded(article.relative), article)
        if other is article:
            kept.append(article)
        elif other.name != article.name:
            failed.append(f"{article.name}: not translated: its outputs would be named as "
                          f"those of {other.name} ({article.relative}{OUTPUT_INFIX}.*); "
                          "rename one, or translate them into separate folders")
    return kept


def _folded(relative: Path) -> str:
    return str(relative).casefold()


def _is_file(name: str) -> bool:
    return name != STDIN and not names_url(name)


def _walk(folder: Path, failed: list[str]) -> list[Path]:
    """Readable files under `folder` (Path.rglob does not descend into linked folders)."""
    root = folder.resolve()
    found = []
    for path in sorted(folder.rglob("*")):
        if path.name.startswith(".") or OUTPUT_INFIX in path.name:
            continue
        readable = path.suffix.lower() in SUFFIXES
        if path.is_symlink() and not path.resolve().is_relative_to(root):
            if readable or path.is_dir():
                failed.append(f"{path}: skipped: a symbolic link out of {folder} (to "
                              f"{path.resolve()}); copy the file in to translate it")
            continue
        if readable and path.is_file():
            found.append(path)
    return found


def _relative(path: Path) -> Path:
    """`path` with no root and no `.` or `..` parts, so an output stays in its folder."""
    parts = [part for part in (path.relative_to(path.anchor) if path.anchor else path).parts
             if part not in (".", "..")]
    return Path(*parts) if parts else Path("article")


@dataclass(frozen=True, slots=True)
class Loaded:
    """One input's bytes, their format (None: to be sniffed, for standard input), and for a
    web page what the source block records of its fetch (translate.sources.fetch)."""

    data: bytes
    fmt: str | None
    fetched: dict[str, str | None] | None = None


def load(article: Article, input_format: str | None = None,
         max_size_mb: float = DEFAULT_MAX_MB, cache_dir: Path | None = None,
         delay: float = DEFAULT_DELAY, allow_private: bool = True) -> Loaded:
    """The bytes of one input; inputs over `max_size_mb` are refused before they are read. A
    URL is fetched as an HTML page or a document (translate.sources.fetch.page_format); with
    a `cache_dir`, conditionally and `delay` seconds after the last request to its host; from
    a host at a private address only when `allow_private`."""
    limit = int(max_size_mb * 2**20)
    if article.name == STDIN:
        return Loaded(sys.stdin.buffer.read(limit + 1), input_format)
    if article.inline is not None:  # a feed item's full text: the feed was the fetch
        return Loaded(article.inline, "html", {"url": article.name, "final_url": article.name,
                                               "fetched_at": None, "etag": None,
                                               "last_modified": None})
    if names_url(article.name):
        check_url(article.name)
        accept = PAGE if allow_private else PAGE.public()
        if cache_dir is None:
            page = fetch(article.name, limit, accept=accept)
        else:
            with WebCache.in_folder(cache_dir) as cache:
                page = fetch(article.name, limit, cache, delay, accept=accept)
        return Loaded(page.body, page_format(page), page.source_fields())
    path = Path(article.name)
    return Loaded(file_bytes(path, limit), file_format(path, input_format))


def parse(article: Article, loaded: Loaded, strict: bool = False,
          max_size_mb: float = DEFAULT_MAX_MB) -> Document:
    """The Document of one input, checked to be German (a warning, or an error when
    `strict`)."""
    return check_german(read_document(loaded.data, article.name, loaded.fmt,
                                      int(max_size_mb * 2**20), loaded.fetched), strict)


def read(article: Article, input_format: str | None = None, strict: bool = False,
         max_size_mb: float = DEFAULT_MAX_MB) -> Document:
    """Read and parse one input (`translate segment` shows the result)."""
    document = parse(article, load(article, input_format, max_size_mb), strict, max_size_mb)
    tell_warnings(document)
    return document
