"""Atomic writes: whole files, with the permissions a plain write would give them."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from translate.output.atomic import PART, write_atomic


@pytest.fixture
def umask():
    """Set the process's umask for one test, and put the old one back."""
    old = os.umask(0o022)
    os.umask(old)
    yield lambda mask: os.umask(mask)
    os.umask(old)


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.mark.parametrize(("mask", "expected"), [(0o022, 0o644), (0o002, 0o664), (0o077, 0o600)])
def test_a_new_file_gets_the_mode_the_umask_gives(tmp_path: Path, umask, mask: int, expected):
    umask(mask)
    plain, atomic = tmp_path / "plain.md", tmp_path / "atomic.md"
    plain.write_text("x", encoding="utf-8")
    write_atomic(atomic, "# Titel\n")
    assert mode(atomic) == mode(plain) == expected
    assert atomic.read_text(encoding="utf-8") == "# Titel\n"


@pytest.mark.parametrize("given", [0o640, 0o604, 0o755])
def test_a_rewritten_file_keeps_its_mode(tmp_path: Path, umask, given: int):
    umask(0o022)
    path = tmp_path / "page.html"
    write_atomic(path, "old")
    path.chmod(given)
    write_atomic(path, ["new ", "text"])
    assert mode(path) == given
    assert path.read_text(encoding="utf-8") == "new text"
    assert not list(tmp_path.glob(f".*{PART}"))
