"""Words that agree with a count, and names that a mistyped one is close to.

In: a count and a noun ("3", "problem"), or a word someone typed and the names it could mean.
Out: "3 problems", "1 file already exists"; or the name to suggest ("pqc-007" → "PQC-007",
"PQC-7" → "PQC-007", "PQC" → "pqc"): case and the zeros before a number do not count, so the
suggestion is the id that was meant, not merely the nearest string. Every message that counts
or suggests goes through here, so the grammar and the matching are the same everywhere.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable

_NUMBER = re.compile(r"\d+")
# C0 and C1 control characters but the line feed; a tab is shown as a space.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def plural(count: int, noun: str, nouns: str | None = None) -> str:
    """`noun` for one, `nouns` (default: noun + "s") for any other count."""
    return noun if count == 1 else (nouns or noun + "s")


def counted(count: int, noun: str, nouns: str | None = None) -> str:
    """`1 problem`, `2 problems`, `0 problems` (`1,250 requirements` for large counts)."""
    return f"{count:,} {plural(count, noun, nouns)}"


def exists(count: int) -> str:
    """The verb after a count of things: `exists` for one, `exist` for more."""
    return plural(count, "exists", "exist")


def printable(text: str) -> str:
    """Text from a file as a terminal may show it: no escape sequences, no control characters."""
    return _CONTROL.sub("", text.replace("\t", " "))


def normalised(text: str) -> str:
    """How a name is compared: case folded, numbers without leading zeros (`PQC-007` → `pqc-7`)."""
    return _NUMBER.sub(lambda found: str(int(found.group())), text.strip().casefold())


def closest(word: str, candidates: Iterable[str]) -> str | None:
    """The candidate that `word` most likely means, or None when none is close.

    The same name in another case or with its number written differently wins outright. Then
    the nearest by spelling, in the same normalised form; a word with a number is only matched
    to names with that number (`PCQ-007` may mean `PQC-007`, `NOPE-999` means nothing here).
    """
    by_form: dict[str, str] = {}
    for candidate in candidates:
        by_form.setdefault(normalised(candidate), candidate)
    form = normalised(word)
    if form in by_form:
        return by_form[form]
    numbers = _NUMBER.findall(form)
    numbered = numbers and any(_NUMBER.search(other) for other in by_form)
    forms = ([other for other in by_form if _NUMBER.findall(other) == numbers] if numbered
             else list(by_form))
    near = difflib.get_close_matches(form, forms, n=1, cutoff=0.6)
    return by_form[near[0]] if near else None


def suggest(word: str, candidates: Iterable[str]) -> str:
    """End a sentence: "; did you mean 'x'?" when a candidate is close, else "."."""
    near = closest(word, candidates)
    return f"; did you mean '{near}'?" if near else "."
