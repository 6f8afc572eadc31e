"""Spreadsheet cells that never run: neutralising formula (CSV) injection.

In: any text procure writes into a spreadsheet cell (requirement text, answers such as the
organisation's name, pack titles). Out: the same text, made safe for the cell type:

- `clean` drops the control characters a worksheet cannot hold (openpyxl refuses them), turns
  carriage returns into line feeds (XML readers would do it anyway) and keeps the 32,767
  characters a cell holds, so the XLSX, the CSV and the check of a returned file see the same text;
- `is_risky` says whether a spreadsheet would read the text as a formula: it begins with `=`,
  `+`, `-`, `@`, a tab or a carriage return (the OWASP list);
- in XLSX such text is stored as a string with the "quote prefix" style (Excel shows it as typed,
  without an apostrophe, and never evaluates it, even after the cell is edited);
- in CSV, which has no types, it gets a leading apostrophe (`csv_cell`), which `csv_value` takes
  off again when a returned CSV is read, so round trips are exact.
"""

from __future__ import annotations

import re

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
CSV_GUARD = "'"
MAX_CELL_CHARS = 32_767
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def clean(text: str) -> str:
    """Text a worksheet cell holds as is: no control characters, line feeds for breaks."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return _CONTROL.sub("", text)[:MAX_CELL_CHARS]


def is_risky(text: str) -> bool:
    """True when a spreadsheet would take the text for a formula."""
    return text.startswith(FORMULA_STARTS)


def _guarded(text: str) -> bool:
    """Risky, or apostrophes then risky (so text that starts `'=` also round-trips)."""
    return is_risky(text.lstrip(CSV_GUARD))


def csv_cell(text: str) -> str:
    """The text as a CSV field: a leading apostrophe when it would start a formula."""
    return CSV_GUARD + text if _guarded(text) else text


def csv_value(field: str) -> str:
    """A CSV field as procure wrote it: the guarding apostrophe taken off again."""
    if field.startswith(CSV_GUARD) and _guarded(field[1:]):
        return field[1:]
    return field
