"""How the command line shows its help and click's own usage errors.

Typer (0.27 and later) writes a required argument as `{INPUT}...` in the usage line and adds a
type such as `<list[str]>` beside it; click reports a missing or malformed argument in several
lines. Here the usage line names arguments as their help does (`INPUT...`, `[INPUT]`), the help
lists them without a type, and a usage error is one line on stderr with exit code 2, like every
other error of ours.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import typer
import typer.core


def _ancestor(cls: type, name: str) -> type:
    """A base class by name: typer (0.27 and later) raises the exceptions of its own copy of
    click, which it exports only through subclasses such as typer.BadParameter."""
    return next(base for base in cls.__mro__ if base.__name__ == name)


if TYPE_CHECKING:  # the classes _ancestor finds, as typer's annotations name them
    from typer._click.exceptions import ClickException
    from typer._click.exceptions import UsageError as _UsageError
else:
    _UsageError = _ancestor(typer.BadParameter, "UsageError")
    ClickException = _ancestor(typer.BadParameter, "ClickException")


def _argument_name(argument: typer.core.TyperArgument) -> str:
    name = argument.metavar or (argument.name or "").upper()
    return name + ("..." if argument.nargs != 1 else "")


class ChoiceError(typer.BadParameter):
    """A value an option does not take (translate.settings.choice): its message is the whole
    line, as when Settings refuses the same value."""

    def format_message(self) -> str:
        return self.message


class PlainCommand(typer.core.TyperCommand):
    """A command whose usage line and help show arguments by name only."""

    def collect_usage_pieces(self, ctx: Any) -> list[str]:
        pieces = [self.options_metavar] if self.options_metavar else []
        for param in self.get_params(ctx):
            if isinstance(param, typer.core.TyperArgument):
                name = _argument_name(param)
                pieces.append(name if param.required else f"[{name}]")
        return pieces

    def format_options(self, ctx: Any, formatter: Any) -> None:
        params = self.get_params(ctx)
        arguments = [(_argument_name(p), (getattr(p, "help", None) or "")
                      + ("  [required]" if p.required else ""))
                     for p in params if isinstance(p, typer.core.TyperArgument)]
        options = [record for p in params if isinstance(p, typer.core.TyperOption)
                   and (record := p.get_help_record(ctx))]
        for title, rows in (("Arguments", arguments), ("Options", options)):
            if rows:
                with formatter.section(title):
                    formatter.write_dl(rows)


class OneLineErrors(typer.core.TyperGroup):
    """The top command: click's usage errors become one line, `translate: error: …`."""

    def main(self, args: Sequence[str] | None = None, prog_name: str | None = None,
             complete_var: str | None = None, standalone_mode: bool = True,
             windows_expand_args: bool = True, **extra: Any) -> Any:
        if not standalone_mode:
            return super().main(args, prog_name, complete_var, False, windows_expand_args,
                                **extra)
        try:
            result = super().main(args, prog_name, complete_var, False, windows_expand_args,
                                  **extra)
        except _UsageError as exc:
            if type(exc).__name__ == "NoArgsIsHelpError":  # `translate` alone: the help
                exc.show()
                sys.exit(0)
            hint = (f" (see '{exc.ctx.command_path} --help')"
                    if exc.ctx and not isinstance(exc, ChoiceError) else "")
            typer.echo(f"translate: error: {exc.format_message()}{hint}", err=True)
            sys.exit(exc.exit_code)
        except ClickException as exc:
            typer.echo(f"translate: error: {exc.format_message()}", err=True)
            sys.exit(exc.exit_code)
        except typer.Abort:
            typer.echo("translate: aborted", err=True)
            sys.exit(1)
        sys.exit(result if isinstance(result, int) else 0)
