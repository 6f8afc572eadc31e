"""Characters that hide or disguise text, and how to name them.

In: text, or parsed data (mappings, lists, scalars). Out: the first character that a reader
cannot see for what it is, with a sentence naming it as U+XXXX. Four kinds:

- control characters (C0 except tab, line feed and carriage return; DEL; C1, U+0080 to U+009F):
  a terminal runs them (clear the screen, set the window title, make a hyperlink);
- bidirectional controls (U+202A to U+202E, U+2066 to U+2069, the marks U+200E, U+200F, U+061C):
  they reorder how text displays, so a name can read differently from what it is;
- invisible characters (zero-width spaces and joiners, the word joiner, U+FEFF, invisible
  operators): two names that look the same can differ;
- lone surrogates (U+D800 to U+DFFF, from a `\\ud800` escape): half of a character, which no
  file and no terminal can hold.

The answers and packs loaders refuse such characters; the terminal and Markdown show them as
`<U+202E>`. This module is the one list of them.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator, Mapping
from typing import Any, Literal

Kind = Literal["control", "bidi", "invisible", "surrogate"]

_CONTROL = "\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f"
_BIDI = "\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"
_INVISIBLE = "\u180e\u200b-\u200d\u2060-\u2064\ufeff"
_SURROGATE = "\ud800-\udfff"
HIDDEN = re.compile(f"[{_CONTROL}{_BIDI}{_INVISIBLE}{_SURROGATE}]")
# The same and the carriage return, which moves a terminal's cursor back over the line.
HIDDEN_OR_RETURN = re.compile(f"[\r{_CONTROL}{_BIDI}{_INVISIBLE}{_SURROGATE}]")
SURROGATE = re.compile(f"[{_SURROGATE}]")


def kind_of(character: str) -> Kind | None:
    """Which kind of hidden character this is, or None for an ordinary one."""
    if not HIDDEN.match(character):
        return None
    if re.match(f"[{_CONTROL}]", character):
        return "control"
    if re.match(f"[{_BIDI}]", character):
        return "bidi"
    if re.match(f"[{_INVISIBLE}]", character):
        return "invisible"
    return "surrogate"


def code(character: str) -> str:
    """`U+202E`."""
    return f"U+{ord(character):04X}"


def shown(character: str) -> str:
    """How a hidden character is shown in place: `<U+202E>`."""
    return f"<{code(character)}>"


def describe(character: str) -> str:
    """`the control character U+001B`, `U+202E (RIGHT-TO-LEFT OVERRIDE)`, …"""
    kind = kind_of(character)
    if kind == "control":
        return f"the control character {code(character)}"
    if kind == "surrogate":
        return f"{code(character)}, half of a surrogate pair (not a character)"
    name = unicodedata.name(character, "")
    return f"{code(character)} ({name})" if name else code(character)


def problem(character: str) -> str:
    """What is wrong with a hidden character and the fix, as the end of a sentence."""
    kind = kind_of(character)
    if kind == "bidi":
        return (f"contains {describe(character)}, which changes the order in which text "
                "displays; remove it")
    if kind == "invisible":
        return f"contains {describe(character)}, an invisible character; remove it"
    if kind == "surrogate":
        return (f"contains {describe(character)}; remove the "
                f"\\u{ord(character):04x} escape")
    return f"contains {describe(character)}; remove it"


def first_hidden(text: str, pattern: re.Pattern[str] = HIDDEN) -> str | None:
    """The first hidden character of `text`, or None."""
    found = pattern.search(text)
    return found.group() if found else None


def visible(text: str, pattern: re.Pattern[str] = HIDDEN) -> str:
    """The text with every hidden character (line feeds and tabs kept) shown as `<U+XXXX>`."""
    if not pattern.search(text):
        return text
    return pattern.sub(lambda match: shown(match.group()), text)


def walk_text(data: Any, location: str = "") -> Iterator[tuple[str, str]]:
    """(location, text) for every string in parsed data, keys included: `requirements[0].text`."""
    if isinstance(data, str):
        yield location, data
    elif isinstance(data, Mapping):
        for key, value in data.items():
            name = str(key)
            where = f"{location}.{name}" if location else name
            if isinstance(key, str):
                yield where, key
            yield from walk_text(value, where)
    elif isinstance(data, (list, tuple)):
        for index, item in enumerate(data):
            yield from walk_text(item, f"{location}[{index}]")


def find_in_data(data: Any,
                 pattern: re.Pattern[str] = HIDDEN) -> tuple[str, str] | None:
    """(location, character) of the first hidden character anywhere in parsed data, or None."""
    for location, text in walk_text(data):
        character = first_hidden(text, pattern)
        if character is not None:
            return location, character
    return None
