"""SHA-256 digests of large files (a local model's weights), remembered in the cache folder by
each file's stat, so that a run reads 300 MB of weights only when they have changed.

Why a remembered content hash, not a hash of the stat itself: the digest names the weights in
the translation memory, in every output's up-to-date key and in the CTranslate2 conversion, and
a content hash keeps those valid for a copy of the same folder (and for entries made before
this cache existed). The stat key is path, size, mtime_ns, ctime_ns, inode and device: a write
changes mtime and ctime, and restoring mtime by hand (touch -d, cp -p, rsync -t) still changes
ctime, which no user call can set, so changed content is never served an old digest on one
file system; the cost of a false alarm (chmod, a new hard link) is one more read.
The file is small JSON, written atomically; runs that race each keep a valid file, and a lost
entry is only computed again.
"""

from __future__ import annotations

import hashlib
import json
import logging
from pathlib import Path
from typing import Any

from translate.output.atomic import write_atomic

log = logging.getLogger(__name__)

FILE = "digests.json"


def sha256_digests(paths: list[Path], cache_dir: Path) -> list[str]:
    """The hex SHA-256 of each file, read from disk only when its stat is new."""
    store = cache_dir / FILE
    known = read_store(store)
    digests, changed = [], False
    for path in paths:
        name, stamp = str(path.resolve()), _stamp(path)
        entry = known.get(name)
        if not entry or entry.get("stat") != stamp:
            with path.open("rb") as stream:
                entry = {"stat": stamp, "sha256": hashlib.file_digest(stream, "sha256").hexdigest()}
            known[name], changed = entry, True
        digests.append(entry["sha256"])
    if changed:
        write_store(store, known)
    return digests


def _stamp(path: Path) -> list[int]:
    stat = path.stat()
    return [stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns, stat.st_ino, stat.st_dev]


def read_store(store: Path) -> dict[str, dict[str, Any]]:
    try:
        data = json.loads(store.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def write_store(store: Path, known: dict[str, dict[str, Any]]) -> None:
    """Write atomically, into a cache folder that exists (a run creates it for its memory;
    a caller that names a folder never used gets no new one)."""
    if not store.parent.is_dir():
        return
    try:
        write_atomic(store, json.dumps(known))
    except OSError as exc:  # a full or read-only cache folder: digests are computed again
        log.debug("cannot remember %s: %s", store, exc)
