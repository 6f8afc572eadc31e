"""Reading a checklist back from its JSON file (`procure/checklist@1`).

In: the path of a `checklist.json` that `procure generate` wrote (or its parsed data). Out: the
`Checklist` model, or an `InputFileError` naming the file, the key and the fix.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pydantic import ValidationError

from ..errors import InputFileError
from ..support.reading import read_document
from .checklist import CHECKLIST_SCHEMA, Checklist
from .packs import format_model_error

MAX_CHECKLIST_BYTES = 20 * 1024 * 1024


def checklist_from_data(data: Any, source: str) -> Checklist:
    if not isinstance(data, dict) or data.get("schema") != CHECKLIST_SCHEMA:
        found = data.get("schema") if isinstance(data, dict) else type(data).__name__
        raise InputFileError(f"{source}: schema: '{found}' is not '{CHECKLIST_SCHEMA}'; give the "
                             "checklist.json that `procure generate --format json` wrote.")
    try:
        return Checklist.model_validate(data)
    except ValidationError as exc:
        lines = format_model_error(exc, source, limit=4)
        raise InputFileError("\n".join(lines) + f"\n{source}: regenerate it with "
                             "`procure generate --format json`.") from None


def load_checklist(path: Path) -> Checklist:
    """Read and validate a checklist JSON file."""
    return checklist_from_data(read_document(path, "checklist", MAX_CHECKLIST_BYTES), str(path))
