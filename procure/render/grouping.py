"""Requirements grouped by the pack they come from, for the renderers that show one section each.

In: a `Checklist`. Out: each included pack's id mapped to its requirements in checklist order,
made in one pass over the requirements (a scan per pack costs packs × requirements).
"""

from __future__ import annotations

from ..model.checklist import Checklist, ChecklistRequirement


def requirements_by_pack(checklist: Checklist) -> dict[str, list[ChecklistRequirement]]:
    grouped: dict[str, list[ChecklistRequirement]] = {pack.id: [] for pack in checklist.packs}
    for requirement in checklist.requirements:
        grouped.setdefault(requirement.pack, []).append(requirement)
    return grouped
