"""Property tests: selection over any answers and any document date keeps its promises."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import yaml
from hypothesis import HealthCheck, given, settings

from procure.model.answers import Answers, answers_from_data
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
        if requirement.level == "MUST":
            assert any(ref.status == "effective" for ref in requirement.authorities), (
                f"{requirement.id} is MUST on {as_of} without an authority in force")
    for deadline in checklist.deadlines:
        assert deadline.date > as_of


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
