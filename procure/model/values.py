"""What every value in the answers must be, whatever its key.

In: one answer's value, as given (for its text) or as validated (for its numbers and dates),
whatever its type: text, a list, a mapping, a nested model. Out: None, or what is wrong with it
that follows the key ("contains U+202E (RIGHT-TO-LEFT OVERRIDE), …"; "item 2: …" inside a list).
The `Answers` model runs these over every key, so a key added later is covered without a word.

- Text holds no control characters, bidirectional controls, invisible characters or lone
  surrogates (see `procure.support.characters`): they would run on a terminal, or make a name
  display differently from what it is, in every document.
- Numbers are finite: `.inf` and `.nan` are not amounts.
- Dates lie in `FIRST_DAY`..`LAST_DAY`: the years of documents, awards and deliveries procure
  plans for. Earlier or later dates are mistakes (year 1, 9999), and the renderers could not
  draw them (a ZIP timestamp starts in 1980, the PDF timeline spans the years it shows).
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Iterator, Mapping
from typing import Any

from pydantic import BaseModel

from ..support.characters import find_in_data, problem

FIRST_DAY = dt.date(1990, 1, 1)
LAST_DAY = dt.date(2100, 12, 31)
YEARS = f"{FIRST_DAY.year} to {LAST_DAY.year}"


def where(location: str) -> str:
    """`[1].reason` → `item 2, reason`: a place inside one answer, in words."""
    words = re.sub(r"\[(\d+)\]", lambda match: f" item {int(match[1]) + 1},", location)
    return words.replace(".", " ").strip(" ,").replace(",,", ",")


def _prefixed(location: str, message: str) -> str:
    return f"{where(location)}: {message}" if location else message


def text_problem(value: Any) -> str | None:
    """What is wrong with the text in a value as given (any depth), or None."""
    found = find_in_data(value)
    if found is None:
        return None
    location, character = found
    return _prefixed(location, problem(character))


def date_problem(day: dt.date) -> str | None:
    if FIRST_DAY <= day <= LAST_DAY:
        return None
    return (f"{day.isoformat()} is outside the years procure works with ({YEARS}); give a date "
            "in that range")


def number_text(value: float) -> str:
    """A non-finite number as YAML writes it: `.inf`, `-.inf`, `.nan`."""
    if math.isnan(value):
        return ".nan"
    return ".inf" if value > 0 else "-.inf"


def number_problem(value: float) -> str:
    return (f"{number_text(value)} is not a finite number; write digits only, for example "
            "2000000")


def _leaves(value: Any, location: str = "") -> Iterator[tuple[str, Any]]:
    if isinstance(value, BaseModel):
        for name in type(value).model_fields:
            yield from _leaves(getattr(value, name), f"{location}.{name}" if location else name)
    elif isinstance(value, Mapping):
        for key, item in value.items():
            yield from _leaves(item, f"{location}.{key}" if location else str(key))
    elif isinstance(value, (list, tuple, set, frozenset)):
        for index, item in enumerate(value):
            yield from _leaves(item, f"{location}[{index}]")
    else:
        yield location, value


def parsed_problem(value: Any) -> str | None:
    """What is wrong with the numbers and dates of a validated value (any depth), or None."""
    for location, leaf in _leaves(value):
        if isinstance(leaf, float) and not math.isfinite(leaf):
            return _prefixed(location, number_problem(leaf))
        if isinstance(leaf, dt.date):
            day = leaf.date() if isinstance(leaf, dt.datetime) else leaf
            found = date_problem(day)
            if found:
                return _prefixed(location, found)
    return None
