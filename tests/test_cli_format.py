"""The command line's help and click's own usage errors (translate.cli_format), as a user
sees them: through the installed entry point in a subprocess, and through CliRunner."""

from __future__ import annotations

import itertools
import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from translate.cli import app

ROOT = Path(__file__).resolve().parents[1]


def translate(*args: str | Path, columns: int = 100) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "COLUMNS": str(columns), "PYTHONPATH": str(ROOT)}
    return subprocess.run([sys.executable, "-m", "translate", *map(str, args)], env=env,
                          capture_output=True, text=True, timeout=120, cwd=ROOT)


def test_help_names_arguments_and_flags_plainly():
    result = translate("run", "--help")
    assert result.returncode == 0
    assert result.stdout.startswith("Usage: translate run [OPTIONS] INPUT...\n")
    for internal in ("{INPUT}", "<bool>", "<list[str]>", "<str>"):
        assert internal not in result.stdout
    assert "  -v, --verbose " in result.stdout and "  INPUT...  Article files" in result.stdout
    assert 'pip install -e ".[ray]"' in " ".join(result.stdout.split())  # no markup eaten
    # the examples keep one line each
    assert "  translate run article.txt -o out.json     # the Document JSON\n" in result.stdout


def test_help_paragraphs_are_rewrapped_to_the_terminal():
    """Not broken where the docstring's source lines end: every line but a paragraph's last
    is filled up to the width."""
    for columns in (60, 80):
        lines = translate("segment", "--help", columns=columns).stdout.splitlines()
        start = next(i for i, line in enumerate(lines) if line.startswith("  Use it to check"))
        paragraph = lines[start:lines.index("", start)]
        assert " ".join(line.strip() for line in paragraph) == (
            "Use it to check what will be translated: the title, metadata, sections with "
            "their headings, and every sentence in order.")
        for line, after in itertools.pairwise(paragraph):
            assert columns - 2 < len(line) + 1 + len(after.split()[0]) <= columns + 10, paragraph


@pytest.mark.parametrize(
    ("args", "line"),
    [
        (["run"], "translate: error: Missing argument 'INPUT'. (see 'translate run --help')"),
        (["run", "a.txt", "--beams", "0"], "translate: error: --beams must be at least 1, not 0"),
        (["run", "a.txt", "--bogus"], "translate: error: No such option: --bogus"),
        (["segment"], "translate: error: Missing argument 'INPUT'. (see 'translate segment "
         "--help')"),
        (["bogus"], "translate: error: No such command 'bogus'. (see 'translate --help')"),
    ],
)
def test_usage_errors_are_one_line(args: list[str], line: str):
    result = translate(*args)
    assert result.returncode == 2
    assert result.stderr.startswith(line) and result.stderr.count("\n") == 1, result.stderr
    runner = CliRunner().invoke(app, args, prog_name="translate")  # and in the test runner
    assert (runner.exit_code, runner.stderr) == (2, result.stderr)


def test_no_arguments_show_the_help():
    result = translate()
    assert result.returncode == 0 and "Commands:" in result.stdout + result.stderr


def test_a_device_error_comes_before_any_language_warning(tmp_path: Path, tiny_model_dir):
    torch = pytest.importorskip("torch")
    if torch.cuda.is_available():
        pytest.skip("this machine has a GPU")
    article = tmp_path / "english.txt"
    article.write_text("The council met on Tuesday\nThe mayor said the school would be "
                       "renovated by the autumn. Work begins in March, and the cost is "
                       "shared by the city and the state.\n")
    result = CliRunner().invoke(app, ["run", str(article), "--model", str(tiny_model_dir),
                                      "--device", "cuda"])
    assert result.exit_code == 2
    [line] = result.stderr.splitlines()  # the error alone: the article was never read
    assert line.startswith("translate: error:") and "torch sees no CUDA GPU" in line
