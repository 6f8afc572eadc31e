"""Pause Python's cyclic garbage collector around work that allocates much and frees little.

In: a block of code (selection over many requirements, PDF layout). Out: the same result, faster:
the collector's full passes grow with the heap and make large runs superlinear, and this work
creates no reference cycles worth collecting before it ends.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def paused_gc() -> Iterator[None]:
    """Disable the collector (and freeze what exists) for the block; restore it afterwards."""
    was_enabled = gc.isenabled()
    gc.freeze()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
        gc.unfreeze()
