"""The one error family of procure.

In: a problem found anywhere in the pipeline. Out: a `ProcureError` that carries the exit code
and a message (one or two lines naming the file, the key and the fix) that the CLI prints as is.
"""

from __future__ import annotations

from enum import IntEnum


class ExitCode(IntEnum):
    """The exit codes every command promises (docs/commands.md)."""

    OK = 0
    INTERNAL = 1
    BAD_INPUT = 2
    INTERRUPTED = 130


class ProcureError(Exception):
    """Base of every error a user can cause; the message says how to fix it."""

    exit_code: ExitCode = ExitCode.BAD_INPUT

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class InputFileError(ProcureError):
    """An answers, pack, registry or returned-matrix file cannot be read or is invalid."""


class PackError(ProcureError):
    """A requirement pack or the authority registry is invalid."""


class UsageError(ProcureError):
    """A command-line option or argument is invalid."""


class OutputError(ProcureError):
    """An output file or folder cannot be written."""


class InterruptedByUser(ProcureError):
    """Ctrl-C; carries what was saved so far, if anything."""

    exit_code = ExitCode.INTERRUPTED
