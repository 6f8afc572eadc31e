"""checklist.json through pydantic's serializer: the same bytes as Python's json module."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from procure.model.checklist import Checklist
from procure.render.jsondoc import python_json, render_json
from procure.support.bundled import example_names

NUMBERS = [0, 1, -1, 2**53 + 1, 2**70, -(2**64), 10**30, 0.0, -0.0, 0.1, 0.5, 1.5, 2.675,
           1 / 3, 2500000.0, 123456789.123456789, 1e15, 1e16, 1.2345e16, 1e17, 1e21, 1e22,
           1.5e300, 1.7976931348623157e308, 1e-4, 0.00012, 1e-5, 3.0000000000000004e-05, 1e-7,
           6.000000000000001e-08, 2e-9, 1e-10, 5e-324, -2.5e-6]
TEXTS = ["Ministère de l'Économie", "Zürich Straße", "東京都", "مركز البيانات", "😀 emoji",
         "line\nbreak\ttab", "quote \" backslash \\ slash /", "\x00\x01\x1f\x7f control",
         "\u2028 line separator \u2029", "<script>&amp;</script>", "0.00001 dB in text"]


def with_answers(checklist: Checklist, extra: dict[str, Any]) -> Checklist:
    return checklist.model_copy(update={"answers": {**checklist.answers, **extra}})


@pytest.mark.parametrize("name", example_names())
def test_every_example_gives_the_same_bytes_as_python_json(checklist_of, name: str) -> None:
    checklist = checklist_of(name)
    assert render_json(checklist) == python_json(checklist)


def test_large_fractional_and_tiny_numbers_give_the_same_bytes(checklist_of) -> None:
    base = checklist_of("federal-civilian-400zr")
    for number in NUMBERS:
        checklist = with_answers(base, {"contract_value_usd": number, "values": [number]})
        rendered = render_json(checklist)
        assert rendered == python_json(checklist), number
        assert json.loads(rendered)["answers"]["values"] == [number]


def test_non_ascii_and_control_characters_give_the_same_bytes(checklist_of) -> None:
    base = checklist_of("federal-civilian-400zr")
    checklist = with_answers(base, {"organization": " | ".join(TEXTS),
                                    "notes": {text: text for text in TEXTS}})
    rendered = render_json(checklist)
    assert rendered == python_json(checklist)
    assert "Ministère".encode() in rendered and b"\\u0000" in rendered


def test_infinite_and_missing_numbers_are_null_as_before(checklist_of) -> None:
    base = checklist_of("federal-civilian-400zr")
    checklist = with_answers(base, {"contract_value_usd": float("inf"), "n": float("nan")})
    assert render_json(checklist) == python_json(checklist)
    assert json.loads(render_json(checklist))["answers"]["contract_value_usd"] is None


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text()
    | st.floats(allow_nan=False, allow_infinity=False),
    lambda children: st.lists(children, max_size=4)
    | st.dictionaries(st.text(max_size=8), children, max_size=4),
    max_leaves=20)


@settings(max_examples=200, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(value=JSON_VALUES)
def test_any_answer_value_gives_the_same_bytes(checklist_of, value: Any) -> None:
    checklist = with_answers(checklist_of("enterprise-sdwan"), {"extra": value})
    assert render_json(checklist) == python_json(checklist)
