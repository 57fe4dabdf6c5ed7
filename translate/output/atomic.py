"""Atomic writes: a reader, or a rival run sharing the cache, never sees half a file."""

from __future__ import annotations

import os
import secrets
import shutil
import stat
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

PART = ".part"  # a write in progress: .NAME.RANDOM.part (.NAME.RUN.RANDOM.part) beside NAME


def run_token() -> str:
    """A token that names one run's temporary files, so that run can remove its own leftovers
    (remove_partial) and never another run's, nor a file of the user's."""
    return "run" + secrets.token_hex(6)


def write_atomic(path: Path, text: str | bytes | Iterable[str], run: str = "") -> None:
    """Write `text` (or its pieces, one after another), or bytes, through a temporary file in
    the same folder, so a reader never sees half a file; `run` (a run_token) goes into the
    temporary file's name. The file gets the permissions a plain `open` would give it: a new
    file those the umask allows, a rewritten one the ones it had."""
    path.parent.mkdir(parents=True, exist_ok=True)
    prefix = f".{path.name}.{run}." if run else f".{path.name}."
    fd, temp = tempfile.mkstemp(prefix=prefix, suffix=PART, dir=path.parent)
    try:
        os.chmod(temp, _mode_for(path))
        if isinstance(text, bytes):
            with os.fdopen(fd, "wb") as binary:
                binary.write(text)
        else:
            with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as stream:
                stream.writelines([text] if isinstance(text, str) else text)
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


@contextmanager
def build_folder(dest: Path, done: str | None = None, replace: bool = False) -> Iterator[Path]:
    """A new empty folder beside `dest` to fill in the block, renamed to `dest` when the block
    ends without error (removed if it fails), so nobody sees a half-built `dest`. It gets the
    permissions a plain mkdir would give it. An existing `dest` is removed first if `replace`;
    else if it holds `done` it is a rival's finished copy, as good as ours, and is kept."""
    dest.parent.mkdir(parents=True, exist_ok=True)
    temp = Path(tempfile.mkdtemp(prefix=f".{dest.name}.", dir=dest.parent))
    try:
        temp.chmod(0o777 & ~_umask())  # mkdtemp makes its folders owner-only
        yield temp
        if replace and dest.exists():
            shutil.rmtree(dest)
        try:
            os.replace(temp, dest)
        except OSError:
            if done is None or not (dest / done).is_file():
                raise
    finally:
        shutil.rmtree(temp, ignore_errors=True)


def _mode_for(path: Path) -> int:
    """The mode of the file `path` names, or for a new one 0o666 less the process's umask
    (mkstemp makes its files 0o600, readable by their owner only)."""
    try:
        return stat.S_IMODE(path.stat().st_mode)
    except FileNotFoundError:
        return 0o666 & ~_umask()


def _umask() -> int:
    """The process's umask: from /proc where Linux shows it, else by setting it and back."""
    try:
        status = Path("/proc/self/status").read_text(encoding="ascii")
        return int(next(line.split()[1] for line in status.splitlines()
                        if line.startswith("Umask:")), 8)
    except (OSError, StopIteration):
        mask = os.umask(0o022)
        os.umask(mask)
        return mask


def remove_partial(folder: Path, run: str) -> int:
    """Remove the temporary files of the run `run` (its run_token) whose writes were killed
    before they finished (a Ray worker stopped by Ctrl-C cannot clean up after itself);
    returns how many there were. Other runs' files in progress are left alone."""
    if not run:
        raise ValueError("remove_partial needs the run's token")
    leftovers = [path for path in folder.rglob(f".*.{run}.*{PART}") if path.is_file()]
    for path in leftovers:
        path.unlink(missing_ok=True)
    return len(leftovers)
