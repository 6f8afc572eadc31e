"""JSON renderer.

In: a `Checklist` and the edition. Out: the `procure/checklist@1` document as UTF-8 bytes, keys in
the order of the model, two-space indented, ending with a newline: identical checklists give
identical bytes. The review edition carries everything; the rfp edition (`"edition": "rfp"`)
carries the vendor copy of `procure.render.edition.for_vendors`: the same keys with the internal
ones emptied (reasons, points for counsel, excluded packs and requirements, thresholds, buyer
profile, deadlines, tailoring records, verification notes), the answers reduced to who buys what
under which solicitation, and no `basis` on requirements (a vendor reads the level).

pydantic's serializer writes the review edition (in Rust, several times faster than `json.dumps`
with an indent) and gives the same bytes as `json.dumps(..., indent=2, ensure_ascii=False)` of the
model's JSON data, except for a number between 1e-9 and 1e-4, which it writes as `0.00001` or
`1e-7` where Python writes `1e-05` and `1e-07`; a document with one is written by `json.dumps`,
as is the rfp edition (its data is reshaped first).
"""

from __future__ import annotations

import json
import re

from ..model.checklist import Checklist
from .edition import for_vendors

# Where pydantic may have written a number differently from Python's json (text that looks like
# one only sends the document the slower way, to the same bytes). Each pattern opens with a literal,
# which the regular expression engine finds at memchr speed.
_SMALL_DECIMAL = re.compile(rb"0\.0000[0-9]")
_ONE_DIGIT_EXPONENT = re.compile(rb"e-[1-9](?![0-9])")


def _may_differ(document: bytes) -> bool:
    if _SMALL_DECIMAL.search(document):
        return True
    return any(document[match.start() - 1:match.start()].isdigit()
               for match in _ONE_DIGIT_EXPONENT.finditer(document))


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
    if edition == "rfp":
        return python_json(checklist, edition)
    # The model's own serializer, as `model_dump_json` uses it, minus decoding to text and back.
    serializer = type(checklist).__pydantic_serializer__
    fast = serializer.to_json(checklist, indent=2, by_alias=True) + b"\n"
    return python_json(checklist) if _may_differ(fast) else fast


def python_json(checklist: Checklist, edition: str = "review") -> bytes:
    """The document through Python's json module: the reference the fast path must equal."""
    return (json.dumps(checklist_data(checklist, edition), indent=2, ensure_ascii=False)
            + "\n").encode()
