"""The one way text reaches a terminal: with every hidden character shown, never run.

In: text on its way to stdout or stderr (an error message, a diff, a score summary, an
explanation, a prompt), which may carry values from answers, packs, returned matrices or file
names. Out: the same text where control characters (C0, DEL, C1), the carriage return,
bidirectional controls, invisible characters and lone surrogates are written as `<U+001B>`, so an
escape sequence in a vendor's name cannot set the window title, clear the screen or forge a link,
and U+202E cannot make a name read backwards. Line feeds and tabs are kept.
"""

from __future__ import annotations

import sys

from .characters import HIDDEN_OR_RETURN, visible


def for_terminal(text: str) -> str:
    """`text` made safe to print: hidden characters shown as `<U+XXXX>`."""
    return visible(text, HIDDEN_OR_RETURN)


def say(text: str, *, err: bool = False) -> None:
    """Print one line (or several) to stdout, or stderr, through `for_terminal`."""
    stream = sys.stderr if err else sys.stdout
    stream.write(for_terminal(text) + "\n")
    stream.flush()
