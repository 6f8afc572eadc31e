"""JSON renderer.

In: a `Checklist`. Out: the `procure/checklist@1` document as UTF-8 bytes, keys in the order of
the model, two-space indented, ending with a newline: identical checklists give identical bytes.
"""

from __future__ import annotations

import json

from ..model.checklist import Checklist


def checklist_data(checklist: Checklist) -> dict[str, object]:
    """The checklist as plain JSON data."""
    return checklist.model_dump(mode="json", by_alias=True)


def render_json(checklist: Checklist) -> bytes:
    return (json.dumps(checklist_data(checklist), indent=2, ensure_ascii=False) + "\n").encode()
