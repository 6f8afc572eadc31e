"""Synthetic pack libraries for measuring procure at scale.

In: a number of requirements. Out: pack documents (and a folder of YAML files) holding that many
requirements: the bundled packs' own requirements, with their text, evidence, citations, level
rules and conditions, repeated under new ids, so that every stage does the work real packs ask
for. Every pack applies; each requirement's own condition decides as it does in its real pack.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

PER_PACK = 1000


def real_requirements() -> list[dict[str, Any]]:
    """Every requirement of the bundled packs, as the YAML files hold it (plain data)."""
    from procure.model.packs import bundled_packs_dir, pack_files
    from procure.support.reading import read_document

    found: list[dict[str, Any]] = []
    for path in pack_files(bundled_packs_dir()):
        found += read_document(path, "pack")["requirements"]
    return found


def realistic_pack_documents(size: int, per_pack: int = PER_PACK) -> list[dict[str, Any]]:
    """`size` requirements in packs of `per_pack`: the bundled packs' own requirements (their
    text, evidence, citations, levels and conditions), repeated in order under new ids, so that
    loading, selecting and rendering do the work the real packs ask for, at any scale."""
    source = real_requirements()
    documents = []
    for number in range((size + per_pack - 1) // per_pack):
        count = min(per_pack, size - number * per_pack)
        requirements = []
        for index in range(count):
            requirement = dict(source[(number * per_pack + index) % len(source)])
            requirement["id"] = f"S{number}-{index:03d}"
            requirements.append(requirement)
        documents.append({
            "schema": "procure/pack@1", "id": f"scale-{number:03d}",
            "title": f"Scale pack {number}", "kind": "policy", "version": "1.0.0",
            "reviewed_on": dt.date(2026, 1, 1),
            "purpose": "Real requirements under new ids, for measuring procure at scale.",
            "requirements": requirements})
    return documents


def write_pack_folder(folder: Path, size: int, per_pack: int = PER_PACK) -> Path:
    """A packs folder (YAML files and the bundled registry) holding `size` requirements."""
    import shutil

    import yaml

    from procure.model.packs import REGISTRY_FILE, bundled_packs_dir

    folder.mkdir(parents=True, exist_ok=True)
    shutil.copy(bundled_packs_dir() / REGISTRY_FILE, folder / REGISTRY_FILE)
    base: Any = getattr(yaml, "CSafeDumper", yaml.SafeDumper)

    class dumper(base):  # type: ignore[misc, valid-type]
        def ignore_aliases(self, data: Any) -> bool:
            return True  # procure refuses YAML aliases; write every repeated value out

    for document in realistic_pack_documents(size, per_pack):
        text = yaml.dump(document, Dumper=dumper, sort_keys=False, allow_unicode=True, width=100)
        (folder / f"{document['id']}.yaml").write_text(text, encoding="utf-8")
    return folder
