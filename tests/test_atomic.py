"""Atomic writes: whole files, with the permissions a plain write would give them."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from translate.output.atomic import PART, build_folder, write_atomic


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


def test_a_folder_appears_whole_with_plain_permissions_or_not_at_all(tmp_path: Path, umask):
    umask(0o027)
    dest = tmp_path / "cache" / "copy"
    with pytest.raises(RuntimeError), build_folder(dest) as temp:
        (temp / "half").write_text("x", encoding="utf-8")
        raise RuntimeError("killed halfway")
    assert list(dest.parent.iterdir()) == []  # neither dest nor the temporary folder
    with build_folder(dest) as temp:
        assert not dest.exists()
        (temp / "model.bin").write_text("ours", encoding="utf-8")
    assert (dest / "model.bin").read_text(encoding="utf-8") == "ours"
    assert mode(dest) == 0o750 and list(dest.parent.iterdir()) == [dest]


def test_a_rivals_finished_folder_is_kept_and_replace_replaces_it(tmp_path: Path):
    dest = tmp_path / "copy"
    dest.mkdir()
    (dest / "model.bin").write_text("rival", encoding="utf-8")
    with build_folder(dest, done="model.bin") as temp:
        (temp / "model.bin").write_text("ours", encoding="utf-8")
    assert (dest / "model.bin").read_text(encoding="utf-8") == "rival"
    assert list(tmp_path.iterdir()) == [dest]
    with build_folder(dest, replace=True) as temp:
        (temp / "model.bin").write_text("ours", encoding="utf-8")
    assert (dest / "model.bin").read_text(encoding="utf-8") == "ours"
    (dest / "model.bin").unlink()
    (dest / "other").write_text("x", encoding="utf-8")  # not empty, not finished: an error
    with pytest.raises(OSError), build_folder(dest, done="model.bin") as temp:
        (temp / "model.bin").write_text("ours", encoding="utf-8")
