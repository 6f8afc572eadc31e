"""Fill-ins: the values a buyer states in the solicitation, by the type a pack gives them.

In: a parameter's type (`text`, `number`, `date`, `duration`, `percent`, `amount`) and a value,
either from the answers file's `fill_ins:` or typed at the interview. Out: the value checked and
kept in one form (numbers as numbers, "72 hours" for a duration, dates as dates), the text it
prints as inside a requirement ("$250,000", "55%", "72 hours", "2027-03-31"), the text the
interview pre-fills, and how each type reads to a person ("a dollar amount, for example
$250,000"). A `FillInNeed` is one parameter that selected requirements name, with their ids.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Literal

from .answers import FillIn
from .questions import parse_amount, parse_date

FillInType = Literal["text", "number", "date", "duration", "percent", "amount"]
FILL_IN_TYPES: tuple[FillInType, ...] = ("text", "number", "date", "duration", "percent",
                                         "amount")
TYPE_WORDS: dict[str, str] = {
    "text": "text, on one line",
    "number": "a number, for example 40 or 2.5",
    "date": "a date as YYYY-MM-DD, for example 2027-03-31",
    "duration": "a duration with its unit, for example 72 hours, 30 days or 2 weeks",
    "percent": "a percentage, for example 55%",
    "amount": "a dollar amount, for example $250,000 or 1.5M",
}
MAX_TEXT = 200
_UNIT = (r"(?:calendar |business |working )?"
         r"(?:minutes?|hours?|days?|weeks?|months?|years?)")
_DURATION = re.compile(rf"^(?P<number>\d+(?:\.\d+)?)\s*(?P<unit>{_UNIT})$", re.IGNORECASE)
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


@dataclass(frozen=True)
class FillInNeed:
    """A parameter the selected requirements name, its value (None while blank), and where."""

    name: str
    label: str
    help: str
    type: str
    value: str | None
    requirements: tuple[str, ...]

    @property
    def type_words(self) -> str:
        return TYPE_WORDS.get(self.type, self.type)


def _number(text: str, what: str) -> int | float:
    cleaned = text.strip().replace(",", "")
    try:
        number = Decimal(cleaned)
    except InvalidOperation:
        raise ValueError(f"'{text.strip()}' is not {what}") from None
    if not number.is_finite():
        raise ValueError(f"'{text.strip()}' is not {what}")
    return int(number) if number == number.to_integral_value() else float(number)


def _whole(value: float) -> int | float:
    return int(value) if float(value).is_integer() else float(value)


def _text(value: object) -> str:
    text = " ".join(str(value).split())
    if not text:
        raise ValueError("the value is empty; give one, or leave the fill-in out")
    if _CONTROL.search(str(value).replace("\n", " ").replace("\t", " ")):
        raise ValueError("the value holds control characters; write plain text")
    if len(text) > MAX_TEXT:
        raise ValueError(f"the value is longer than {MAX_TEXT} characters; a fill-in is short")
    return text


def check_fill_in(kind: str, value: FillIn) -> FillIn:
    """A value from an answers file, checked against the parameter's type and kept in one form.

    Raises ValueError with the end of a sentence that says what is expected.
    """
    expected = TYPE_WORDS.get(kind, kind)
    if isinstance(value, bool):
        if kind == "text":
            return "yes" if value else "no"
        raise ValueError(f"yes or no is not {expected}")
    if kind == "text":
        return _text(value)
    if kind == "date":
        if isinstance(value, dt.date):
            return value
        try:
            return parse_date(str(value))
        except ValueError:
            raise ValueError(f"'{value}' is not {expected}") from None
    if kind == "duration":
        if isinstance(value, (int, float)):
            raise ValueError(f"'{value}' has no unit; write {expected}")
        found = _DURATION.match(" ".join(str(value).split()))
        if not found:
            raise ValueError(f"'{value}' is not {expected}")
        count = _number(found["number"], expected)
        unit = found["unit"].lower()
        if count == 1 and unit.endswith("s"):
            unit = unit[:-1]
        elif count != 1 and not unit.endswith("s"):
            unit += "s"
        return f"{count} {unit}"
    if kind == "amount":
        if isinstance(value, (int, float)):
            number: int | float = _whole(value)
        else:
            try:
                number = _whole(parse_amount(str(value)))
            except ValueError:
                raise ValueError(f"'{value}' is not {expected}") from None
        if number < 0:
            raise ValueError(f"'{value}' is negative; write {expected}")
        return number
    if kind in ("number", "percent"):
        if isinstance(value, (int, float)):
            number = _whole(value)
        elif isinstance(value, str):
            text = value.strip()
            if kind == "percent":
                text = text.removesuffix("%").strip()
            number = _number(text, expected)
        else:
            raise ValueError(f"'{value}' is not {expected}")
        if kind == "percent" and not 0 <= number <= 100:
            raise ValueError(f"'{value}' is not between 0% and 100%")
        return number
    raise ValueError(f"'{kind}' is not a type of fill-in")


def parse_fill_in(kind: str, text: str) -> FillIn | None:
    """What a buyer typed at the interview: None when left empty (the blank stays)."""
    cleaned = text.strip()
    if not cleaned:
        return None
    return check_fill_in(kind, cleaned)


def fill_in_problem(kind: str, text: str) -> str | None:
    """The message for typed text that is not a value of this type, or None."""
    try:
        parse_fill_in(kind, text)
    except ValueError as exc:
        return f"{str(exc)[:1].upper()}{str(exc)[1:]}."
    return None


def _grouped(number: int | float) -> str:
    if isinstance(number, int):
        return f"{number:,}"
    return f"{number:,.2f}".rstrip("0").rstrip(".") if abs(number) >= 1000 else f"{number:g}"


def fill_in_text(kind: str, value: FillIn) -> str:
    """The value as it prints inside a requirement."""
    checked = check_fill_in(kind, value)
    if isinstance(checked, dt.date):
        return checked.isoformat()
    if isinstance(checked, bool) or not isinstance(checked, (int, float)):
        return str(checked)
    if kind == "amount":
        return f"${checked:,}" if isinstance(checked, int) else f"${checked:,.2f}"
    if kind == "percent":
        return f"{checked:g}%"
    return _grouped(checked)


def fill_in_input(kind: str, value: FillIn | None) -> str:
    """The value as the interview pre-fills it (`parse_fill_in` reads it back unchanged)."""
    if value is None:
        return ""
    return fill_in_text(kind, value)
