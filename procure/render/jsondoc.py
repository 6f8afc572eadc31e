"""JSON renderer.

In: a `Checklist` and the edition. Out: the `procure/checklist@1` document as UTF-8 bytes, keys in
the order of the model, two-space indented, ending with a newline: identical checklists give
identical bytes. The review edition carries everything; the rfp edition (`"edition": "rfp"`)
carries the vendor copy of `procure.render.edition.for_vendors`: the same keys with the internal
ones emptied (reasons, points for counsel, excluded packs and requirements, thresholds, buyer
profile, deadlines, tailoring records, verification notes), the answers reduced to who buys what
under which solicitation, and no `basis` on requirements (a vendor reads the level).
"""

from __future__ import annotations

import json

from ..model.checklist import Checklist
from .edition import for_vendors


def checklist_data(checklist: Checklist, edition: str = "review") -> dict[str, object]:
    """The checklist as plain JSON data, in the edition asked for."""
    if edition != "rfp":
        return checklist.model_dump(mode="json", by_alias=True)
    data = for_vendors(checklist).model_dump(mode="json", by_alias=True)
    requirements = data["requirements"]
    assert isinstance(requirements, list)
    for requirement in requirements:
        requirement.pop("basis")
    return data


def render_json(checklist: Checklist, edition: str = "review") -> bytes:
    return (json.dumps(checklist_data(checklist, edition), indent=2, ensure_ascii=False)
            + "\n").encode()
