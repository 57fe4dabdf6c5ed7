"""What fetching web pages keeps in the cache folder: each page's last body and validators,
for a conditional GET, and when each host may next be asked, for a polite delay.

A SQLite file, `web.sqlite` (WAL mode, and a writer waits for another's short transaction
instead of failing), so runs and workers sharing the cache folder share both: a page fetched
by one is not fetched again whole by the next, and their requests to one host are spaced out
between them.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path

from translate.sqlite import open_shared

FILE_NAME = "web.sqlite"


@dataclass(frozen=True, slots=True)
class CachedPage:
    """A page's body as last fetched, and the validators the server sent with it."""

    body: bytes
    etag: str | None
    last_modified: str | None


@dataclass(frozen=True, slots=True)
class KeptPages:
    """What the cache keeps of fetched pages, for `translate cache info`."""

    count: int
    bytes: int  # their bodies
    newest: str | None  # when the latest was fetched: ISO 8601, UTC


class WebCache:
    @classmethod
    def in_folder(cls, cache_dir: Path) -> WebCache:
        return cls(cache_dir / FILE_NAME)

    @classmethod
    def existing(cls, cache_dir: Path) -> WebCache | None:
        """The web cache of `cache_dir` if it has one; None, creating nothing, if not."""
        path = cache_dir / FILE_NAME
        return cls(path) if path.is_file() else None

    def __init__(self, path: Path) -> None:
        self.path = path
        self.db = open_shared(path)
        # One statement each, so two runs opening a new file never both create a table.
        self.db.execute("""CREATE TABLE IF NOT EXISTS pages (
            url TEXT PRIMARY KEY, body BLOB NOT NULL, etag TEXT, last_modified TEXT,
            stored TEXT NOT NULL)""")
        self.db.execute("""CREATE TABLE IF NOT EXISTS hosts (
            host TEXT PRIMARY KEY, next REAL NOT NULL) WITHOUT ROWID""")

    def __enter__(self) -> WebCache:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def close(self) -> None:
        self.db.close()

    def page(self, url: str) -> CachedPage | None:
        """What was kept of the page `url` served, or None."""
        row = self.db.execute("SELECT body, etag, last_modified FROM pages WHERE url = ?",
                              (url,)).fetchone()
        return CachedPage(*row) if row else None

    def kept(self) -> KeptPages:
        count, size, newest = self.db.execute(
            "SELECT COUNT(*), COALESCE(SUM(LENGTH(body)), 0), MAX(stored) FROM pages").fetchone()
        return KeptPages(count, size, newest and newest.replace(" ", "T") + "Z")

    def keep(self, url: str, page: CachedPage) -> None:
        """Keep `page` as what `url` serves; a page with no validator is forgotten instead,
        since a later request would have nothing to ask the server with."""
        if page.etag is None and page.last_modified is None:
            self.db.execute("DELETE FROM pages WHERE url = ?", (url,))
        else:
            self.db.execute("INSERT OR REPLACE INTO pages VALUES (?, ?, ?, ?, datetime('now'))",
                            (url, page.body, page.etag, page.last_modified))

    def turn(self, host: str, delay: float) -> float:
        """Book the next request to `host`: `delay` seconds after the one booked before it
        (by any run), or now. Returns the seconds to wait until then. One statement, so two
        runs booking at once get different turns."""
        now = time.time()
        [(booked,)] = self.db.execute(
            "INSERT INTO hosts VALUES (:host, :now + :delay) ON CONFLICT(host) DO UPDATE "
            "SET next = max(next, :now) + :delay RETURNING next",
            {"host": host, "now": now, "delay": delay}).fetchall()
        return max(0.0, booked - delay - now)
