"""Property tests: selection over any answers and any document date keeps its promises."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import yaml
from hypothesis import HealthCheck, given, settings

from procure.model.answers import Answers, answers_from_data
from procure.model.conditions import Facts
from procure.model.packs import Library
from procure.render.jsondoc import render_json
from procure.rules.selection import select

from .strategies import DOCUMENT_DATES, answers_data

PROPERTY_SETTINGS = settings(max_examples=150, deadline=None,
                             suppress_health_check=[HealthCheck.function_scoped_fixture])


@PROPERTY_SETTINGS
@given(data=answers_data(), as_of=DOCUMENT_DATES)
def test_selection_keeps_its_promises(library: Library, data: dict[str, Any],
                                      as_of: dt.date) -> None:
    answers = answers_from_data(data, "generated")
    checklist = select(answers, library, as_of)

    assert render_json(checklist) == render_json(select(answers, library, as_of))
    pack_ids = {pack.id for pack in library.packs for pack in [pack.pack]}
    decided = [p.id for p in checklist.packs] + [p.id for p in checklist.excluded_packs]
    assert sorted(decided) == sorted(pack_ids)
    for pack in checklist.packs:
        assert pack.why.startswith("included: ")
    for excluded in checklist.excluded_packs:
        assert excluded.why.startswith("excluded: ")
    ids = [requirement.id for requirement in checklist.requirements]
    assert len(ids) == len(set(ids))
    for requirement in checklist.requirements:
        assert requirement.authorities, requirement.id
        assert all(ref.pinpoint for ref in requirement.authorities)
        assert requirement.evidence, requirement.id
        assert requirement.why, requirement.id
        assert requirement.level in ("MUST", "SHOULD", "MAY")
        assert (requirement.level == "MUST") == (requirement.basis != "practice"), requirement.id
        if requirement.basis == "law":
            assert any(binds_and_in_force(library, ref.id, answers, as_of)
                       for ref in requirement.authorities), (
                f"{requirement.id} is MUST as law on {as_of}, but no authority it cites binds "
                "this buyer and is in force")
        if requirement.basis == "specification":
            pack = library.pack(requirement.pack)
            assert pack is not None
            source = next(r for r in pack.requirements if r.id == requirement.id)
            assert pack.musts_may_be_specification(source), requirement.id
    for deadline in checklist.deadlines:
        assert deadline.date > as_of


def binds_and_in_force(library: Library, authority_id: str, answers: Answers,
                       as_of: dt.date) -> bool:
    """Read from the registry alone, not from the checklist: a law, in force, whose scope holds."""
    registry = library.registry
    authority = registry.by_id()[authority_id]
    if authority.nature != "law" or not authority.status_on(as_of).in_force:
        return False
    values = {**answers.facts(), "as_of": as_of}
    facts = Facts(values, registry.thresholds_on(as_of))
    scopes = registry.scopes_by_id()
    return any(scopes[scope].when.evaluate(facts).ok for scope in authority.binds)


@settings(max_examples=150, deadline=None)
@given(data=answers_data())
def test_answers_round_trip_through_yaml_and_json(data: dict[str, Any]) -> None:
    answers = answers_from_data(data, "generated")
    document = answers.to_document()
    through_yaml = yaml.safe_load(yaml.safe_dump(document, allow_unicode=True))
    through_json = json.loads(json.dumps(document))
    assert answers_from_data(through_yaml, "yaml") == answers
    assert answers_from_data(through_json, "json") == answers
    assert Answers.model_validate(document).to_document() == document
