"""Hypothesis strategies for procure's inputs: answers drawn from the schema's own choices."""

from __future__ import annotations

import datetime as dt
from typing import Any

from hypothesis import strategies as st

from procure.model.answers import choices_of
from procure.support.characters import HIDDEN

# Text an answers file may hold: no character the loader refuses (procure.support.characters).
TEXT = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Cc")).filter(
        lambda character: HIDDEN.match(character) is None), min_size=1, max_size=40
).filter(lambda value: value.strip() != "")
FEDERAL_SECTORS = ("federal_civilian", "defense")


def _subset(key: str, min_size: int = 0, allowed: tuple[str, ...] | None = None
            ) -> st.SearchStrategy[list[str]]:
    pool = [value for value in choices_of(key) if allowed is None or value in allowed]
    return st.lists(st.sampled_from(pool), min_size=min_size, unique=True)


def _maybe(draw: st.DrawFn, data: dict[str, Any], key: str,
           strategy: st.SearchStrategy[Any]) -> None:
    if draw(st.booleans()):
        data[key] = draw(strategy)


@st.composite
def answers_data(draw: st.DrawFn) -> dict[str, Any]:
    """A valid, consistent `procure/answers@1` document: any combination the rules accept.

    Combinations that the consistency check refuses (a federal agency in the enterprise sector,
    BEAD money with no grantee, delivery before award) are not drawn.
    """
    role = draw(st.sampled_from(choices_of("federal_status")))
    sectors = FEDERAL_SECTORS if role == "agency" else choices_of("sector")
    funding_pool = {
        "agency": ("appropriated", "usf"),
        "grantee": ("bead", "federal_grant", "usf", "ratepayer", "private"),
    }.get(role, ("usf", "ratepayer", "private"))
    data: dict[str, Any] = {
        "schema": "procure/answers@1",
        "organization": draw(TEXT),
        "project": draw(TEXT),
        "sector": draw(st.sampled_from(sectors)),
        "federal_status": role,
        "funding": draw(_subset("funding", allowed=funding_pool)),
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
    _maybe(draw, data, "contract_value_usd", st.integers(min_value=0, max_value=10**9))
    _maybe(draw, data, "award_date", st.dates(dt.date(2024, 1, 1), dt.date(2035, 12, 31)))
    award_year = data["award_date"].year if "award_date" in data else 2024
    _maybe(draw, data, "delivery_year", st.integers(min_value=award_year, max_value=2036))
    _maybe(draw, data, "commercial_status", st.sampled_from(choices_of("commercial_status")))
    _maybe(draw, data, "radio_bands", _subset("radio_bands", min_size=1))
    if role == "contractor":
        _maybe(draw, data, "contracts_with", _subset("contracts_with", min_size=1))
        _maybe(draw, data, "contractor_purchase",
               st.sampled_from(choices_of("contractor_purchase")))
    if "federal_grant" in data["funding"]:
        _maybe(draw, data, "grant_program", st.sampled_from(choices_of("grant_program")))
    if role == "grantee":
        _maybe(draw, data, "grantee_type", st.sampled_from(choices_of("grantee_type")))
    if role == "agency":
        _maybe(draw, data, "contract_vehicle", st.sampled_from(choices_of("contract_vehicle")))
        if data.get("contract_vehicle") != "other_transaction":
            _maybe(draw, data, "small_business_set_aside", st.booleans())
    return data


DOCUMENT_DATES = st.dates(dt.date(2020, 1, 1), dt.date(2036, 12, 31))
