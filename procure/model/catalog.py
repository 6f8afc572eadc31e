"""Pack and requirement ids with their titles, read fast (for shell completion).

In: the bundled packs folder and, optionally, an organisation's folder. Out: (id, title) for every
pack and every requirement, in file order, read with the safe YAML reader but not validated, so a
key press that completes an id costs a tenth of a second instead of loading the whole library.
A file that cannot be read is skipped: completion offers what it can and never fails.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from ..errors import ProcureError
from ..support.bundled import bundled
from ..support.reading import read_document

# The files of a packs folder that are not packs (the same names `model.packs` skips).
NOT_PACKS = frozenset({"authorities.yaml", "questions.yaml"})


def _text(value: object) -> str:
    return " ".join(value.split()) if isinstance(value, str) else ""


def pack_entries(extra_dir: Path | None = None) -> Iterator[tuple[str, str, str]]:
    """(kind, id, title) for each pack ("pack") and requirement ("requirement")."""
    folders = [bundled("requirement_packs")]
    if extra_dir is not None and extra_dir.is_dir():
        folders.append(extra_dir)
    for folder in folders:
        for path in sorted(folder.glob("*.yaml")):
            if path.name in NOT_PACKS or path.name.startswith("."):
                continue
            try:
                data = read_document(path, "pack")
            except ProcureError:
                continue
            if not isinstance(data, dict) or not isinstance(data.get("id"), str):
                continue
            yield "pack", data["id"], _text(data.get("title"))
            for item in data.get("requirements") or []:
                if isinstance(item, dict) and isinstance(item.get("id"), str):
                    yield "requirement", item["id"], _text(item.get("title"))


def matching(word: str, entries: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """The (id, title) entries whose id starts with what was typed.

    Ids keep their case: requirement ids complete from `PQC`, pack ids from `pq`.
    """
    return [(name, title) for name, title in entries if name.startswith(word)]
