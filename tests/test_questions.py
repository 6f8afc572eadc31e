"""The questions file against the answers schema, what each buyer is asked, and typed input."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from procure.errors import PackError
from procure.model.answers import ANSWER_KEYS, STRUCTURED_KEYS, Answers, choices_of
from procure.model.conditions import keys_of
from procure.model.questions import (
    Question,
    check_questions,
    is_asked,
    load_questions,
    offered,
    parse_amount,
    parse_text,
    problem_with,
    schema_default,
    short_label,
)

QUESTIONS = load_questions()
BY_ID = {question.id: question for question in QUESTIONS}


ASKED_KEYS = [key for key in ANSWER_KEYS if key != "schema" and key not in STRUCTURED_KEYS]


def test_every_answers_key_has_exactly_one_question_and_every_question_fills_a_key() -> None:
    ids = [question.id for question in QUESTIONS]
    assert sorted(ids) == sorted(ASKED_KEYS)
    assert len(ids) == len(set(ids))
    # Structured keys are written by their own steps (fill-ins, tailoring), not asked one by one.
    assert {"fill_ins", "tailoring"} == STRUCTURED_KEYS


def test_every_when_reads_keys_that_exist_and_are_asked_earlier() -> None:
    asked: list[str] = []
    for question in QUESTIONS:
        read = keys_of(question.conditions())
        assert read <= set(asked), (question.id, read - set(asked))
        asked.append(question.id)
    assert keys_of([q.when for q in QUESTIONS]) == {
        "sector", "federal_status", "equipment", "solicitation", "funding",
        "contractor_purchase", "contract_vehicle"}


def test_choices_are_exactly_the_values_of_the_answers_schema() -> None:
    for question in QUESTIONS:
        if question.choices:
            assert sorted(c.value for c in question.choices) == sorted(choices_of(question.id))
        else:
            assert choices_of(question.id) == ()
    assert check_questions(QUESTIONS) == []


def test_a_skipped_question_falls_back_to_the_schema_default() -> None:
    skippable = [question.id for question in QUESTIONS if question.when is not None]
    assert skippable == ["attachment", "contracts_with", "contractor_purchase", "grant_program",
                         "grantee_type", "national_security_system", "cui", "high_value_asset",
                         "nerc_cip_impact", "commercial_status", "contract_vehicle",
                         "small_business_set_aside", "transport_plans", "ran_plans",
                         "radio_bands"]
    assert [schema_default(key) for key in skippable] == [
        None, [], None, None, None, False, False, False, "none", None, None, False, [], [], []]
    for key in skippable:
        assert not Answers.model_fields[key].is_required()


def asked_and_offered(values: dict[str, Any]) -> tuple[list[str], dict[str, list[str]]]:
    """Which questions a buyer with these answers is asked, and the choices each offers."""
    facts: dict[str, Any] = {}
    asked, offers = [], {}
    for question in QUESTIONS:
        if is_asked(question, facts):
            asked.append(question.id)
            offers[question.id] = [choice.value for choice in offered(question, facts)]
            facts[question.id] = values.get(question.id, question.default)
        else:
            facts[question.id] = schema_default(question.id)
    return asked, offers


def test_a_cloud_provider_is_offered_no_bead_usf_grant_or_federal_questions() -> None:
    asked, offers = asked_and_offered({"sector": "cloud_provider", "federal_status": "none",
                                       "equipment": ["optical_transport", "dc_switching"]})
    assert offers["federal_status"] == ["contractor", "none"]
    assert offers["funding"] == ["private"]
    assert offers["transport_plans"] == ["400zr", "openzr_plus", "800g",
                                         "ip_optical_convergence", "srv6",
                                         "streaming_telemetry", "dci", "metro_aggregation"]
    for key in ("national_security_system", "cui", "high_value_asset", "nerc_cip_impact",
                "ran_plans"):
        assert key not in asked


def test_a_utility_grantee_is_asked_about_nerc_and_offered_bead_and_ratepayer_funds() -> None:
    asked, offers = asked_and_offered({"sector": "utility", "federal_status": "grantee",
                                       "equipment": ["private_wireless", "olt_ont"]})
    assert offers["federal_status"] == ["contractor", "grantee", "none"]
    assert offers["funding"] == ["bead", "federal_grant", "usf", "ratepayer", "private"]
    assert offers["nerc_cip_impact"] == ["none", "low", "medium", "high"]
    assert "cui" in asked and "national_security_system" not in asked
    assert "ran_plans" in asked and "transport_plans" not in asked


def test_a_defense_agency_is_asked_about_national_security_and_paid_by_appropriations() -> None:
    asked, offers = asked_and_offered({"sector": "defense", "federal_status": "agency",
                                       "equipment": ["sd_wan"]})
    assert offers["federal_status"] == ["agency", "contractor"]
    assert offers["funding"] == ["appropriated"]
    assert asked == ["organization", "project", "solicitation", "sector", "federal_status",
                     "funding", "national_security_system", "cui", "high_value_asset",
                     "contract_value_usd", "award_date", "delivery_year", "commercial_status",
                     "contract_vehicle", "small_business_set_aside", "equipment",
                     "cloud_management", "closed_loop_automation", "zero_trust_target",
                     "domestic_preference"]
    assert "nerc_cip_impact" not in asked and "transport_plans" not in asked


def test_routed_optical_and_srv6_are_offered_only_with_routers_or_switches() -> None:
    _, offers = asked_and_offered({"sector": "carrier", "federal_status": "none",
                                   "equipment": ["optical_transport"]})
    assert offers["transport_plans"] == ["400zr", "openzr_plus", "800g", "streaming_telemetry",
                                         "dci", "metro_aggregation"]
    assert offers["funding"] == ["usf", "private"]


@pytest.mark.parametrize(("typed", "dollars"), [
    ("2,000,000", 2_000_000), ("$2M", 2_000_000), ("2.5m", 2_500_000), ("750k", 750_000),
    ("$1,250,000.00", 1_250_000), ("1250000", 1_250_000), ("$ 3 million", 3_000_000),
    ("1.2bn", 1_200_000_000), ("0", 0), ("99.5", 99.5),
])
def test_amounts_are_understood_the_way_buyers_write_them(typed: str, dollars: float) -> None:
    assert parse_amount(typed) == dollars


@pytest.mark.parametrize(("typed", "message"), [
    ("-5", "An amount cannot be negative; write a positive amount in US dollars, for example "
           "2,000,000, $2M, 2.5m or 750k."),
    ("$-2M", "An amount cannot be negative; write a positive amount in US dollars, for example "
             "2,000,000, $2M, 2.5m or 750k."),
    ("lots", "'lots' is not an amount; write US dollars, for example 2,000,000, $2M, 2.5m or "
             "750k."),
    ("2,00,000", "'2,00,000' is not an amount; write US dollars, for example 2,000,000, $2M, "
                 "2.5m or 750k."),
    ("2M EUR", "'2M EUR' is not an amount; write US dollars, for example 2,000,000, $2M, 2.5m "
               "or 750k."),
])
def test_bad_amounts_are_refused_with_what_is_expected(typed: str, message: str) -> None:
    assert problem_with(BY_ID["contract_value_usd"], typed) == message


@pytest.mark.parametrize(("key", "typed", "message"), [
    ("award_date", "31/03/2027", "'31/03/2027' is not a date; write YYYY-MM-DD, for example "
                                 "2027-03-31."),
    ("award_date", "2027-02-30", "2027-02-30 is not a day of the calendar; write YYYY-MM-DD, "
                                 "for example 2027-03-31."),
    ("delivery_year", "27", "'27' is not a year; write four digits between 2000 and 2100, "
                            "for example 2027."),
    ("delivery_year", "2101", "'2101' is not a year; write four digits between 2000 and 2100, "
                              "for example 2027."),
    ("organization", "   ", "An answer is needed here; type at least one character."),
    ("organization", "x" * 201, "Keep it to 200 characters or fewer (this is 201)."),
    ("project", "tab\there", "Use plain text on one line, without control characters."),
])
def test_bad_dates_years_and_texts_are_refused(key: str, typed: str, message: str) -> None:
    assert problem_with(BY_ID[key], typed) == message


def test_optional_answers_may_be_left_empty_and_texts_are_trimmed() -> None:
    assert parse_text(BY_ID["contract_value_usd"], "  ") is None
    assert parse_text(BY_ID["award_date"], "") is None
    assert parse_text(BY_ID["delivery_year"], " 2029 ") == 2029
    assert parse_text(BY_ID["organization"], "  Example Co  ") == "Example Co"


def test_the_review_shows_the_short_part_of_a_label() -> None:
    assert short_label("Defense: DoD, a military service, or a defense contractor") == "Defense"
    assert short_label("IP routers (core, edge, aggregation)") == "IP routers"
    assert short_label("Metro or access aggregation") == "Metro or access aggregation"


def question(**fields: Any) -> Question:
    base: dict[str, Any] = {"title": "T", "prompt": "P?", "help": "H.", "type": "yes_no"}
    return Question.model_validate({**base, **fields})


def test_problems_between_questions_and_the_schema_are_named() -> None:
    edited = [q for q in QUESTIONS if q.id not in ("cui", "sector")]
    edited.insert(0, BY_ID["sector"].model_copy(update={"when": None}))
    edited.append(question(id="cui", when={"key": "federal_status", "in": ["agncy"]}))
    edited.append(question(id="budget"))
    edited[edited.index(BY_ID["cloud_management"])] = question(id="cloud_management",
                                                               default="yes")
    edited[1] = question(id="organization", when={"key": "equipment", "contains": "ran"})
    assert check_questions(edited) == [
        "organization: type yes_no; the answers schema needs text.",
        "organization: when reads 'equipment', which is asked later; move the question after it.",
        "organization: has a when, but the answers schema has no default for it; a skipped "
        "question needs one.",
        "cloud_management: default 'yes' is not a valid value of cloud_management.",
        "cui: when compares federal_status with 'agncy', which is not one of agency, "
        "contractor, grantee, none.",
        f"budget: is not an answers key; valid keys: {', '.join(ASKED_KEYS)}.",
    ]


def test_a_missing_question_and_a_wrong_choice_list_are_named() -> None:
    sector = BY_ID["sector"]
    edited = [q if q.id != "sector" else sector.model_copy(update={"choices": sector.choices[:2]})
              for q in QUESTIONS if q.id != "ran_plans"]
    assert check_questions(edited) == [
        "answers key 'ran_plans' has 0 questions; it needs one.",
        "sector: choices federal_civilian, defense; the answers schema has federal_civilian, "
        "defense, state_local, utility, carrier, cloud_provider, enterprise, research_education.",
    ]


def test_a_broken_questions_file_is_refused_with_file_and_location(tmp_path: Path) -> None:
    path = tmp_path / "questions.yaml"
    path.write_text("schema: procure/questions@1\nquestions:\n"
                    "  - {id: organization, title: O, prompt: Who, help: H., type: txt}\n")
    with pytest.raises(PackError) as caught:
        load_questions(path)
    assert str(caught.value) == (
        f"{path}: questions.0.type: Input should be 'text', 'select', 'checkbox', 'yes_no', "
        "'amount', 'date' or 'year'")


def test_a_questions_file_missing_keys_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "questions.yaml"
    path.write_text("schema: procure/questions@1\nquestions:\n"
                    "  - {id: organization, title: O, prompt: Who, help: H., type: text}\n")
    with pytest.raises(PackError) as caught:
        load_questions(path)
    assert str(caught.value).splitlines()[:2] == [
        f"{path}: answers key 'project' has 0 questions; it needs one.",
        f"{path}: answers key 'sector' has 0 questions; it needs one.",
    ]
