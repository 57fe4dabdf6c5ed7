"""Every option the documentation names exists under the installed typer and click.

typer 0.27 named an option after its upper-cased metavar (`--DEVICE`) when the declaration gave
no name; the names in docs/options.md and docs/web.md must be what the command accepts, whatever
typer is installed.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from typer.main import get_command

from translate.cli import app

DOCS = Path(__file__).resolve().parents[1] / "docs"
OPTIONS = (DOCS / "options.md").read_text(encoding="utf-8")  # the option table of `run`
WEB = (DOCS / "web.md").read_text(encoding="utf-8")  # `translate feed` and the options it takes
OPTION = re.compile(r"(?<![\w-])(--?[a-z][a-z-]*)")


def _accepted(command: str) -> set[str]:
    params = get_command(app).commands[command].params
    return {name for param in params for name in (*param.opts, *param.secondary_opts)}


def _option_table() -> list[str]:
    """The options named in the first cell of each row of docs/options.md's option table."""
    rows = re.findall(r"^\| `(-[^|]*(?:\\\|[^|]*)*)\|", OPTIONS, flags=re.MULTILINE)
    names = [name for row in rows for name in OPTION.findall(row.split("` |")[0])]
    return list(dict.fromkeys(names))


def _feed_options() -> list[str]:
    """The options of `translate feed`: its examples, and the `run` options it lists."""
    section = WEB.split("## News from the web", 1)[1].split("\n## ", 1)[0]
    return list(dict.fromkeys(OPTION.findall(section.split("The digest,", 1)[0])))


def test_the_option_tables_are_read():
    assert {"--device", "--engine", "--runner", "--batch-size", "-o", "-q"} <= set(_option_table())
    assert {"--since", "--limit", "--device", "--engine"} <= set(_feed_options())


@pytest.mark.parametrize("option", _option_table())
def test_run_accepts_every_option_of_the_documented_table(option: str):
    assert option in _accepted("run")


@pytest.mark.parametrize("option", _feed_options())
def test_feed_accepts_the_options_its_section_names(option: str):
    assert option in _accepted("feed")


def test_no_option_is_named_in_capitals():
    for command in ("run", "feed", "segment"):
        assert not [name for name in _accepted(command) if name != name.lower()], command


def _documentation() -> str:
    """The README and the pages under docs/, their lines joined (words wrap anywhere)."""
    root = Path(__file__).resolve().parents[1]
    pages = [root / "README.md", *sorted((root / "docs").rglob("*.md"))]
    return " ".join(" ".join(page.read_text(encoding="utf-8").split()) for page in pages)


def test_help_describes_summaries_in_the_documentations_words():
    """--help's words for the summaries come from the code's own constants, and the
    documentation says the same: change one and this fails until the other follows."""
    from typer.testing import CliRunner

    from translate.summarizers.extractive import ARTICLE_POINTS, IN_BRIEF
    from translate.summarizers.lengths import MODEL_ARTICLE_SENTENCES

    shown = CliRunner().invoke(app, ["run", "--help"], catch_exceptions=False).stdout
    shown, documented = " ".join(shown.split()), _documentation()
    fewest, most = MODEL_ARTICLE_SENTENCES
    assert f"'extractive' ({IN_BRIEF}; no model)" in shown
    assert (f"The article summary has {ARTICLE_POINTS} points (extractive) or {fewest} to "
            f"{most} sentences") in shown
    number = {1: "one", 2: "two", 3: "three", 4: "four"}
    assert f"quotes {IN_BRIEF}." in documented
    assert f"The article summary is {number[ARTICLE_POINTS]} points" in documented
    assert f"({fewest}–{most} sentences for the article" in documented
