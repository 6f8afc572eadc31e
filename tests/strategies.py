"""Hypothesis strategies for procure's inputs: answers drawn from the schema's own choices."""

from __future__ import annotations

import datetime as dt
from typing import Any

from hypothesis import strategies as st

from procure.model.answers import choices_of

TEXT = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=40
).filter(lambda value: value.strip() != "")


def _subset(key: str, min_size: int = 0) -> st.SearchStrategy[list[str]]:
    return st.lists(st.sampled_from(choices_of(key)), min_size=min_size, unique=True)


@st.composite
def answers_data(draw: st.DrawFn) -> dict[str, Any]:
    """A valid `procure/answers@1` document, any combination of the schema's values."""
    data: dict[str, Any] = {
        "schema": "procure/answers@1",
        "organization": draw(TEXT),
        "project": draw(TEXT),
        "sector": draw(st.sampled_from(choices_of("sector"))),
        "federal_status": draw(st.sampled_from(choices_of("federal_status"))),
        "funding": draw(_subset("funding")),
        "national_security_system": draw(st.booleans()),
        "cui": draw(st.booleans()),
        "high_value_asset": draw(st.booleans()),
        "nerc_cip_impact": draw(st.sampled_from(choices_of("nerc_cip_impact"))),
        "equipment": draw(_subset("equipment", min_size=1)),
        "transport_plans": draw(_subset("transport_plans")),
        "ran_plans": draw(_subset("ran_plans")),
        "cloud_management": draw(st.booleans()),
        "closed_loop_automation": draw(st.booleans()),
        "zero_trust_target": draw(st.sampled_from(choices_of("zero_trust_target"))),
        "domestic_preference": draw(st.sampled_from(choices_of("domestic_preference"))),
    }
    if draw(st.booleans()):
        data["contract_value_usd"] = draw(st.integers(min_value=0, max_value=10**9))
    if draw(st.booleans()):
        data["award_date"] = draw(st.dates(dt.date(2024, 1, 1), dt.date(2035, 12, 31)))
    if draw(st.booleans()):
        data["delivery_year"] = draw(st.integers(min_value=2024, max_value=2036))
    return data


DOCUMENT_DATES = st.dates(dt.date(2020, 1, 1), dt.date(2036, 12, 31))
