"""The reference files generated from the code: JSON Schemas and two pages of the docs.

In: the models (through `procure.model.schemas` and `answers_doc`) and the command tree (passed
by the CLI). Out: the text each file must hold, by its path in the repository
(`schemas/*.schema.json`, `docs/answers.md`, `docs/commands.md`); which of them are stale in a
checkout; and the stale ones rewritten (whole files or nothing, each). `procure reference`
rewrites them; a test fails while any is stale.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..model.schemas import KINDS, schema_file, schema_text
from ..support.writing import write_atomic
from .answers_doc import answers_markdown
from .commands_doc import commands_markdown


def reference_files(commands: Any) -> dict[str, str]:
    """Path in the repository → the text the file must hold."""
    files = {f"schemas/{schema_file(kind)}": schema_text(kind) for kind in KINDS}
    files["docs/answers.md"] = answers_markdown()
    files["docs/commands.md"] = commands_markdown(commands)
    return files


def stale_files(root: Path, files: dict[str, str]) -> list[str]:
    """The files under `root` that are missing or differ from what they must hold."""
    stale = []
    for name, text in files.items():
        path = root / name
        if not path.is_file() or path.read_text(encoding="utf-8") != text:
            stale.append(name)
    return stale


def write_reference(root: Path, files: dict[str, str]) -> list[str]:
    """Rewrite the stale files; return their names."""
    stale = stale_files(root, files)
    for name in stale:
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(path, files[name].encode("utf-8"))
    return stale
