"""An -o that cannot be written is refused before any model is loaded (one line, exit 2), and a
disk that fills up during the run fails the articles it cannot take, not the run, in one line
naming the output the user asked for (never a temporary file).

Read-only and full file systems are real ones: small tmpfs mounts (`mount -t tmpfs -o size=…`,
`ro` for a read-only one), which needs root; without root a read-only folder is made with
chmod (root writes into those regardless), and the full-disk test is skipped.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.cli_helpers import assert_no_crash
from translate.cli import app

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "seeds" / "putin-kim-wostotschny.txt"
PAGE = 4096  # tmpfs counts its size in pages


def _can_mount() -> bool:
    return os.geteuid() == 0 and shutil.which("mount") is not None


@pytest.fixture
def tmpfs(tmp_path: Path) -> Iterator[Callable[[str], Path]]:
    """mount("size=64k,ro") -> a fresh tmpfs with those options, unmounted afterwards;
    skips the test where mounting is not allowed."""
    mounted: list[Path] = []

    def mount(options: str) -> Path:
        where = tmp_path / f"mount{len(mounted)}"
        where.mkdir()
        done = subprocess.run(["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(where)],
                              capture_output=True, text=True) if _can_mount() else None
        if done is None or done.returncode:
            why = done.stderr.strip() if done else "not root"
            pytest.skip(f"cannot mount a tmpfs here ({why})")
        mounted.append(where)
        return where

    yield mount
    for where in mounted:
        subprocess.run(["umount", str(where)], check=True)


@pytest.fixture
def read_only(tmpfs, tmp_path: Path) -> Path:
    """A folder this process cannot create files in: a read-only tmpfs as root, else a
    folder without write permission."""
    if _can_mount():
        return tmpfs("size=64k,ro")
    folder = tmp_path / "read-only"
    folder.mkdir(mode=0o555)
    return folder


def _article(tmp_path: Path) -> Path:
    article = tmp_path / "a.txt"
    article.write_text("Titel\n\nDer Hund bellt.\n", encoding="utf-8")
    return article


@pytest.mark.parametrize("output", ["out", "out/sub/", "a.de-en.md"])
def test_a_read_only_output_is_refused_before_the_model_is_looked_at(read_only, output,
                                                                       tmp_path):
    target = read_only / output
    result = CliRunner().invoke(app, ["run", str(_article(tmp_path)), "-o", str(target),
                                      "--model", str(tmp_path / "no-such-model")])
    assert_no_crash(result)
    reason = "read-only file system" if _can_mount() else "permission denied"
    assert (result.exit_code, result.stderr) == (
        2, f"translate: error: -o {Path(target)}: cannot write in {read_only} ({reason})\n")
    assert list(read_only.iterdir()) == []


@pytest.mark.parametrize("output", ["out/", "out/a.de-en.md", "deeper/out/"])
def test_an_output_under_a_regular_file_is_refused(output, tmp_path):
    blocker = tmp_path / "notes"
    blocker.write_text("a file where a folder would have to be\n")
    target = blocker / output
    result = CliRunner().invoke(app, ["run", str(_article(tmp_path)), "-o", str(target),
                                      "--model", str(tmp_path / "no-such-model")])
    assert (result.exit_code, result.stderr) == (
        2, f"translate: error: -o {Path(target)}: {blocker} is a file, not a folder\n")


def test_a_full_disk_fails_the_article_it_cannot_take_and_the_run_goes_on(
        tmpfs, trained_model_dir, tmp_path):
    inputs = tmp_path / "news"
    inputs.mkdir()
    (inputs / "a.txt").write_text("Titel\n\nDer Hund bellt.\n", encoding="utf-8")  # one page
    (inputs / "b.txt").write_bytes(SAMPLE.read_bytes())  # its Markdown: three pages
    disk = tmpfs("size=64k")
    (disk / "filler").write_bytes(b"\0" * (64 * 1024 - 2 * PAGE))  # two pages left
    out = disk / "out"
    result = CliRunner().invoke(app, ["run", str(inputs), "-o", str(out), "--model",
                                      str(trained_model_dir)])
    assert_no_crash(result)
    assert result.exit_code == 1, result.stderr
    errors = [line for line in result.stderr.splitlines() if "error" in line]
    assert errors == [f"translate: error: {out}/b.de-en.md: cannot be written "
                      "(no space left on device)"]
    assert sorted(path.name for path in out.iterdir()) == ["a.de-en.md", "index.md"]
    assert "a.de-en.md" in (out / "index.md").read_text(encoding="utf-8")
    assert "b.de-en.md" not in (out / "index.md").read_text(encoding="utf-8")
