"""Checks shared by the tests that drive the command line in-process or as a child process.

`CliRunner` catches an exception raised inside a command and records it on `result.exception`
instead of printing a traceback, so `"Traceback" not in result.output` can never fail there:
`assert_no_crash` looks at the exception itself. A command that ends by `typer.Exit` or
`sys.exit` leaves a `SystemExit` (or nothing, on exit 0), which is not a crash.
"""

from __future__ import annotations

import signal
import traceback

from click.testing import Result


def assert_no_crash(result: Result) -> None:
    """Fail, showing the traceback, when the command raised anything but SystemExit."""
    exception = result.exception
    if exception is None or isinstance(exception, SystemExit):
        return
    shown = "".join(traceback.format_exception(*result.exc_info)) if result.exc_info else ""
    raise AssertionError(f"the command crashed: {exception!r}\n{shown}")


def default_sigint() -> None:
    """Give a child process Python's usual Ctrl-C handling (KeyboardInterrupt).

    For `subprocess.Popen(preexec_fn=...)`: a shell that starts pytest in the background
    without job control sets SIGINT to ignored, and a child inherits that, so a test that
    sends SIGINT would see the child run to the end. Restoring SIG_DFL before exec lets the
    Python interpreter in the child install its KeyboardInterrupt handler as usual.
    """
    signal.signal(signal.SIGINT, signal.SIG_DFL)
