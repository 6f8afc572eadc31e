"""`packs show`: one pack as text.

In: a pack and the registry. Out: lines: title, purpose, when it applies, and each requirement with
its level rules, evidence and authorities with pinpoints.
"""

from __future__ import annotations

import json

from .packs import LevelSpec, Pack
from .registry import Registry


def _condition_text(condition: object) -> str:
    if condition is None:
        return "always"
    from pydantic import BaseModel

    assert isinstance(condition, BaseModel)
    return json.dumps(condition.model_dump(mode="json", by_alias=True, exclude_none=True))


def show_pack(pack: Pack, registry: Registry) -> list[str]:
    known = registry.by_id()
    lines = [f"{pack.id} {pack.version} ({pack.kind}, reviewed {pack.reviewed_on}): {pack.title}",
             "", " ".join(pack.purpose.split()), "",
             f"Applies when: {_condition_text(pack.applies_when)}", ""]
    for requirement in pack.requirements:
        level = requirement.level
        if isinstance(level, LevelSpec):
            rules = "; ".join(f"{rule.level} when {_condition_text(rule.when)}"
                              for rule in level.rules)
            level_text = f"{rules}; otherwise {level.default}"
        else:
            level_text = level
        lines.append(f"{requirement.id} [{level_text}] {requirement.title}")
        if requirement.when is not None:
            lines.append(f"    when: {_condition_text(requirement.when)}")
        for cite in requirement.authorities:
            citation = known[cite.id].citation if cite.id in known else f"{cite.id} (unknown)"
            lines.append(f"    cites {citation}, {cite.pinpoint}")
    lines.append(f"\n{len(pack.requirements)} requirements.")
    return lines
