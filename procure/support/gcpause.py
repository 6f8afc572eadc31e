"""Pause Python's cyclic garbage collector around work that allocates much and frees little.

In: a block of code (a whole command, selection over many requirements, PDF layout). Out: the
same result, faster: the collector's full passes grow with the heap and make large runs
superlinear, and this work creates no reference cycles worth collecting before it ends. And a
process that has done its one command can end without freeing its objects one by one.
"""

from __future__ import annotations

import atexit
import contextlib
import gc
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import NoReturn


@contextmanager
def paused_gc() -> Iterator[None]:
    """Disable the collector (and freeze what exists) for the block; restore it afterwards.

    Inside a block where the collector is already off (the command line pauses it for a whole
    command), this leaves it alone, so the block that paused it decides when it resumes.
    """
    if not gc.isenabled():
        yield
        return
    gc.freeze()
    gc.disable()
    try:
        yield
    finally:
        gc.enable()
        gc.unfreeze()


@contextmanager
def paused_for_command(process_ends: bool) -> Iterator[None]:
    """The collector paused for a whole short-lived command.

    When the process ends with the command, the collector stays off and the heap is frozen, so
    the interpreter's last collection at exit does not walk objects it is about to drop anyway.
    Otherwise (a command run inside a longer-lived Python process) it is restored.
    """
    if not process_ends:
        with paused_gc():
            yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()


@contextmanager
def running_gc() -> Iterator[None]:
    """The collector running for a block that waits on a person (an interview), then as before."""
    was_enabled = gc.isenabled()
    gc.enable()
    try:
        yield
    finally:
        if not was_enabled:
            gc.disable()


def exit_without_teardown(code: object) -> NoReturn:
    """End the process now, as `sys.exit(code)` would, minus freeing every object one by one.

    The output is flushed and the exit handlers run (files close, temporary folders go); what is
    skipped is the interpreter tearing down its modules and objects, whose memory the system
    takes back at once (the same move as Instagram's `atexit.register(os._exit, 0)`).
    """
    if code is None:
        status = 0
    elif isinstance(code, int):
        status = code
    else:
        print(code, file=sys.stderr)
        status = 1
    atexit._run_exitfuncs()
    for stream in (sys.stdout, sys.stderr):
        # A closed pipe (`| head`) or stream takes nothing more; the status stands.
        with contextlib.suppress(OSError, ValueError):
            stream.flush()
    os._exit(status)
