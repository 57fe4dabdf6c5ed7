"""Errors a user can cause. Each message says what went wrong and what to do about it;
only the CLI turns them into exit codes and a single line on stderr."""


class TranslateError(Exception):
    """Base class: the message is shown to the user as it is."""


class InputError(TranslateError):
    """One input cannot be read or holds no article; other inputs still run."""


class OutputError(TranslateError):
    """One article's output cannot be written (a full disk); other articles still run."""


class ModelError(TranslateError):
    """A model cannot be found, fetched or loaded; nothing can be translated."""


class ModelUnreachable(ModelError):
    """A hub model is not in the cache and cannot be downloaded now: offline, no connection,
    no answer in time, or the download broke off. (Not: no such model, or one that is not
    what was asked for.)"""


class ClusterError(TranslateError):
    """The Ray cluster a run should use cannot be reached or started."""


class UsageError(TranslateError):
    """Options that do not fit together (exit code 2, like a command-line error)."""


def first_line(exc: BaseException) -> str:
    """The first line of a library's exception message, for a one-line error of ours."""
    return (str(exc).strip().splitlines() or [type(exc).__name__])[0]
