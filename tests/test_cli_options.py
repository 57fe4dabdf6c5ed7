"""Every option the README documents exists under the installed typer and click.

typer 0.27 named an option after its upper-cased metavar (`--DEVICE`) when the declaration gave
no name; the README's names must be what the command accepts, whatever typer is installed.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from typer.main import get_command

from translate.cli import app

README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
OPTION = re.compile(r"(?<![\w-])(--?[a-z][a-z-]*)")


def _accepted(command: str) -> set[str]:
    params = get_command(app).commands[command].params
    return {name for param in params for name in (*param.opts, *param.secondary_opts)}


def _option_table() -> list[str]:
    """The options named in the first cell of each row of the README's option table."""
    rows = re.findall(r"^\| `(-[^|]*(?:\\\|[^|]*)*)\|", README, flags=re.MULTILINE)
    names = [name for row in rows for name in OPTION.findall(row.split("` |")[0])]
    return list(dict.fromkeys(names))


def _feed_options() -> list[str]:
    """The options of `translate feed`: its examples, and the `run` options it lists."""
    section = README.split("## News from the web", 1)[1].split("\n## ", 1)[0]
    return list(dict.fromkeys(OPTION.findall(section.split("The digest,", 1)[0])))


def test_the_readme_tables_are_read():
    assert {"--device", "--engine", "--runner", "--batch-size", "-o", "-q"} <= set(_option_table())
    assert {"--since", "--limit", "--device", "--engine"} <= set(_feed_options())


@pytest.mark.parametrize("option", _option_table())
def test_run_accepts_every_option_of_the_readme_table(option: str):
    assert option in _accepted("run")


@pytest.mark.parametrize("option", _feed_options())
def test_feed_accepts_the_options_its_section_names(option: str):
    assert option in _accepted("feed")


def test_no_option_is_named_in_capitals():
    for command in ("run", "feed", "segment"):
        assert not [name for name in _accepted(command) if name != name.lower()], command
