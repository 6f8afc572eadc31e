"""The condition language: each operator, the reasons it gives, and its validation."""

from __future__ import annotations

import datetime as dt

import pytest
from pydantic import TypeAdapter, ValidationError

from procure.model.conditions import Condition, Facts, ThresholdValue, evaluate

CONDITION: TypeAdapter[Condition] = TypeAdapter(Condition)
FACTS = Facts(
    {
        "sector": "federal_civilian",
        "federal_status": "agency",
        "funding": ["appropriated"],
        "equipment": ["optical_transport", "ip_routing"],
        "contract_value_usd": 2_000_000.0,
        "award_date": dt.date(2027, 3, 31),
        "delivery_year": 2027,
        "cui": True,
        "as_of": dt.date(2026, 11, 22),
    },
    {"wto_gpa_supplies": ThresholdValue("WTO GPA threshold for supplies", 174_000, True),
     "unverified_limit": ThresholdValue("test limit", 5_000_000, False)},
)


def check(data: object) -> tuple[bool, str]:
    verdict = evaluate(CONDITION.validate_python(data), FACTS)
    return verdict.ok, verdict.reason


@pytest.mark.parametrize(
    ("data", "ok", "reason"),
    [
        ({"key": "sector", "eq": "federal_civilian"}, True, "sector is federal_civilian"),
        ({"key": "sector", "eq": "utility"}, False, "sector is federal_civilian, not utility"),
        ({"key": "sector", "ne": "utility"}, True, "sector is federal_civilian, not utility"),
        ({"key": "federal_status", "in": ["agency", "contractor"]}, True,
         "federal_status is agency"),
        ({"key": "federal_status", "not_in": ["agency"]}, False, "federal_status is agency"),
        ({"key": "equipment", "contains": "ran"}, False, "equipment does not include ran"),
        ({"key": "equipment", "contains_any": ["ran", "ip_routing"]}, True,
         "equipment includes ip_routing"),
        ({"key": "equipment", "contains_any": ["ran", "olt_ont"]}, False,
         "equipment includes none of ran, olt_ont"),
        ({"key": "equipment", "contains_all": ["ip_routing", "ran"]}, False,
         "equipment does not include ran"),
        ({"key": "cui", "eq": True}, True, "cui is yes"),
        ({"key": "contract_value_usd", "gte": {"threshold": "wto_gpa_supplies"}}, True,
         "contract_value_usd 2,000,000 ≥ the WTO GPA threshold for supplies (174,000)"),
        ({"key": "contract_value_usd", "lt": {"threshold": "wto_gpa_supplies"}}, False,
         "contract_value_usd 2,000,000 ≥ the WTO GPA threshold for supplies (174,000)"),
        ({"key": "contract_value_usd", "gte": {"threshold": "unverified_limit"}}, False,
         "contract_value_usd 2,000,000 < the test limit (5,000,000, value unverified)"),
        ({"key": "award_date", "gte": dt.date(2027, 1, 1)}, True,
         "award_date 2027-03-31 ≥ 2027-01-01"),
        ({"key": "as_of", "lt": dt.date(2026, 1, 23)}, False, "as_of 2026-11-22 ≥ 2026-01-23"),
        ({"key": "delivery_year", "gte": 2029}, False, "delivery_year 2027 < 2029"),
        ({"key": "high_value_asset", "eq": True}, False, "high_value_asset is not given"),
        ({"key": "high_value_asset", "is_set": True}, False, "high_value_asset is not given"),
        ({"key": "contract_value_usd", "gte": {"threshold": "nope"}}, False,
         "threshold 'nope' has no value on this date"),
    ],
)
def test_comparisons_decide_and_explain(data: object, ok: bool, reason: str) -> None:
    assert check(data) == (ok, reason)


def test_all_gives_every_reason_when_true_and_the_first_failure_when_false() -> None:
    both = {"all": [{"key": "federal_status", "eq": "agency"},
                    {"key": "contract_value_usd", "gte": {"threshold": "wto_gpa_supplies"}}]}
    assert check(both) == (True, "federal_status is agency and contract_value_usd 2,000,000 ≥ "
                                 "the WTO GPA threshold for supplies (174,000)")
    failing = {"all": [{"key": "sector", "eq": "utility"}, {"key": "cui", "eq": True}]}
    assert check(failing) == (False, "sector is federal_civilian, not utility")


def test_any_gives_the_first_success_or_every_failure() -> None:
    data = {"any": [{"key": "sector", "eq": "utility"}, {"key": "cui", "eq": True}]}
    assert check(data) == (True, "cui is yes")
    data = {"any": [{"key": "sector", "eq": "utility"}, {"key": "funding", "contains": "bead"}]}
    assert check(data) == (False, "sector is federal_civilian, not utility and funding does not "
                                  "include bead")


def test_not_flips_the_outcome_and_keeps_the_facts() -> None:
    assert check({"not": {"key": "sector", "eq": "utility"}}) == (
        True, "sector is federal_civilian, not utility")


def test_no_condition_always_applies() -> None:
    assert evaluate(None, FACTS).ok


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"key": "sector"}, "needs exactly one operator"),
        ({"key": "sector", "eq": "a", "ne": "b"}, "it has 2: eq, ne"),
        ({"key": "sector", "equals": "a"}, "Extra inputs are not permitted"),
        ({"all": []}, "at least 1 item"),
        ("sector == 'x'", "a condition is a mapping with all, any, not or in_force"),
    ],
)
def test_malformed_conditions_are_rejected(data: object, message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        CONDITION.validate_python(data)
