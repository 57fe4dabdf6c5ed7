"""The shared CLI checks can fail: a crash inside a command is flagged, a clean exit is not."""

from __future__ import annotations

import pytest
import typer
from typer.testing import CliRunner

from tests.cli_helpers import assert_no_crash

app = typer.Typer()


@app.command()
def act(how: str) -> None:
    if how == "crash":
        raise RuntimeError("planted")
    if how == "fail":
        typer.echo("translate: error: refused", err=True)
        raise typer.Exit(1)


def test_an_exception_inside_a_command_is_flagged() -> None:
    result = CliRunner().invoke(app, ["crash"])
    assert result.exit_code == 1 and "Traceback" not in result.output  # what the old check saw
    with pytest.raises(AssertionError, match="RuntimeError\\('planted'\\)"):
        assert_no_crash(result)


@pytest.mark.parametrize("how", ["fine", "fail"])
def test_a_clean_exit_is_not_a_crash(how: str) -> None:
    result = CliRunner().invoke(app, [how])
    assert result.exit_code == (1 if how == "fail" else 0)
    assert_no_crash(result)
