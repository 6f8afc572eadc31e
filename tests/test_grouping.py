"""Requirements grouped by pack in one pass: the same sections, in the same order."""

from __future__ import annotations

import pytest

from procure.render.grouping import requirements_by_pack
from procure.support.bundled import example_names


@pytest.mark.parametrize("name", example_names())
def test_each_pack_gets_its_requirements_in_checklist_order(checklist_of, name: str) -> None:
    checklist = checklist_of(name)
    grouped = requirements_by_pack(checklist)
    assert list(grouped) == [pack.id for pack in checklist.packs]
    for pack in checklist.packs:
        assert grouped[pack.id] == checklist.requirements_of(pack.id)
    assert sum(len(items) for items in grouped.values()) == len(checklist.requirements)


def test_a_pack_without_requirements_gets_an_empty_section(checklist_of) -> None:
    checklist = checklist_of("enterprise-sdwan")
    first = checklist.packs[0].id
    trimmed = checklist.model_copy(update={
        "requirements": [item for item in checklist.requirements if item.pack != first]})
    assert requirements_by_pack(trimmed)[first] == []
