"""An exception nobody planned for is still one line on stderr, in a real process.

The CUDA 13 crash (CTranslate2 failing to load cuBLAS 12 inside its first translate_batch)
reached users as a traceback. Here a RuntimeError with that message is planted where it was
raised, in the engine's first batch, and the `translate` process must say it in one line.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PLANTED = "Library libcublas.so.12 is not found or cannot be loaded"
# the real command line, with the engine's batch method raising what CTranslate2 raised
COMMAND = f"""
import sys
import translate.model.translator as translator
def fail(*args, **kwargs):
    raise RuntimeError({PLANTED!r})
translator.Translator._translate_batch = fail
from translate.cli import main
sys.argv = ["translate", *sys.argv[1:]]
main()
"""


def _run(model: Path, tmp_path: Path, *extra: str) -> subprocess.CompletedProcess:
    article = tmp_path / "a.txt"
    article.write_text("Titel der Meldung\n\nDer Hund bellt. Die Katze schläft.\n")
    return subprocess.run(
        [sys.executable, "-c", COMMAND, "run", str(article), "--model", str(model),
         "--cache-dir", str(tmp_path / "cache"), "-o", str(tmp_path / "out.md"), *extra],
        capture_output=True, text=True, cwd=ROOT, timeout=300)


def test_an_unexpected_exception_is_one_line_and_exit_70(tiny_model_dir: Path, tmp_path: Path):
    done = _run(tiny_model_dir, tmp_path)
    assert done.returncode == 70, done.stderr
    assert "Traceback" not in done.stderr
    errors = [line for line in done.stderr.splitlines() if "error" in line]
    assert errors == [f"translate: error: unexpected RuntimeError: {PLANTED} (run again with "
                      "--verbose for the traceback, and please report it)"]
    assert not (tmp_path / "out.md").exists()


def test_verbose_shows_the_traceback_of_an_unexpected_exception(tiny_model_dir: Path,
                                                                tmp_path: Path):
    done = _run(tiny_model_dir, tmp_path, "--verbose")
    assert done.returncode == 1  # Python's own exit code for an uncaught exception
    assert "Traceback (most recent call last)" in done.stderr
    assert done.stderr.rstrip().endswith(f"RuntimeError: {PLANTED}")
