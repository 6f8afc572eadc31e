"""Answers files: what is accepted, and the exact message for what is not."""

from __future__ import annotations

from pathlib import Path

import pytest

from procure.errors import InputFileError
from procure.model.answers import ANSWER_KEYS, Answers, choices_of, load_answers

from .conftest import EXAMPLES

GOOD = (EXAMPLES / "enterprise-sdwan.yaml").read_text()


def write(tmp_path: Path, text: str, name: str = "answers.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text)
    return path


def error_of(path: Path) -> str:
    with pytest.raises(InputFileError) as caught:
        load_answers(path)
    return str(caught.value)


def test_every_example_is_valid_and_says_what_it_represents() -> None:
    names = sorted(path.stem for path in EXAMPLES.glob("*.yaml"))
    assert names == ["bead-subgrantee-fiber", "carrier-usf-oran", "cloud-provider-dci",
                     "defense-contractor-cui-enclave", "dod-nss-ip-optical", "enterprise-sdwan",
                     "federal-civilian-400zr", "state-agency-cyber-grant",
                     "utility-nerc-private-lte"]
    for path in EXAMPLES.glob("*.yaml"):
        assert path.read_text().startswith("# ")
        answers, _ = load_answers(path)
        assert answers.schema_ == "procure/answers@1"


def test_answer_keys_are_those_of_the_product_contract() -> None:
    assert ANSWER_KEYS == (
        "schema", "organization", "project", "sector", "federal_status", "funding",
        "national_security_system", "cui", "high_value_asset", "nerc_cip_impact",
        "contract_value_usd", "award_date", "delivery_year", "equipment", "transport_plans",
        "ran_plans", "cloud_management", "closed_loop_automation", "zero_trust_target",
        "domestic_preference",
        # Added with defaults, so every earlier answers file stays valid.
        "contracts_with", "contractor_purchase", "commercial_status", "contract_vehicle",
        "small_business_set_aside", "grant_program", "grantee_type", "radio_bands", "solicitation",
        "attachment", "fill_ins", "tailoring")
    assert choices_of("sector") == ("federal_civilian", "defense", "state_local", "utility",
                                    "carrier", "cloud_provider", "enterprise",
                                    "research_education")
    assert choices_of("ran_plans") == ("oran", "ric_apps", "cloud_ran", "private_5g")
    assert choices_of("organization") == ()


def test_json_answers_are_read_too(tmp_path: Path) -> None:
    import json

    import yaml

    data = yaml.safe_load(GOOD)
    data["award_date"] = str(data["award_date"])
    answers, _ = load_answers(write(tmp_path, json.dumps(data), "answers.json"))
    assert answers.equipment == ["sd_wan", "security_appliance", "network_management"]


def test_delivery_year_defaults_to_the_award_year(tmp_path: Path) -> None:
    text = GOOD.replace("delivery_year: 2027\n", "")
    answers, _ = load_answers(write(tmp_path, text))
    assert answers.delivery_year is None
    assert answers.facts()["delivery_year"] == 2027


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (("sector: enterprise", "sector: entreprise"),
         "answers.yaml: sector: 'entreprise' is not a valid choice; did you mean 'enterprise'? "
         "Valid values: federal_civilian, defense, state_local, utility, carrier, cloud_provider, "
         "enterprise, research_education."),
        (("sector: enterprise", "secter: enterprise"),
         "answers.yaml: unknown key 'secter'; did you mean 'sector'? Valid keys: "
         f"{', '.join(ANSWER_KEYS)}."),
        (("equipment: [sd_wan,", "equipment: [sdwan,"),
         "answers.yaml: equipment.0: 'sdwan' is not a valid choice; did you mean 'sd_wan'? "
         "Valid values: optical_transport,"),
        (("contract_value_usd: 3200000", "contract_value_usd: -5"),
         "answers.yaml: contract_value_usd: must not be negative (got -5)."),
        (("contract_value_usd: 3200000", "contract_value_usd: lots"),
         "answers.yaml: contract_value_usd: 'lots' is not a number; write digits only, for "
         "example 2000000."),
        (("award_date: 2027-02-15", "award_date: 15/02/2027"),
         "answers.yaml: award_date: '15/02/2027' is not a date; write it as YYYY-MM-DD, for "
         "example 2027-03-31."),
        (("cui: false", "cui: maybe"),
         "answers.yaml: cui: 'maybe' is not yes or no; write true or false."),
        (("schema: procure/answers@1", "schema: procure/answers@2"),
         "answers.yaml: schema: 'procure/answers@2' is not supported; it was written by a newer "
         "procure; upgrade procure or rewrite the file as 'procure/answers@1'."),
        (("sector: enterprise\n", ""), "answers.yaml: sector: is required."),
        (("funding: [private]", "funding: [private, private]"),
         "answers.yaml: funding: lists private more than once (got ['private', 'private'])."),
    ],
)
def test_invalid_answers_name_the_key_the_value_and_the_valid_choices(
    tmp_path: Path, change: tuple[str, str], message: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    assert change[0] in GOOD
    write(tmp_path, GOOD.replace(*change))
    assert error_of(Path("answers.yaml")).startswith(message)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "answers.yaml: the answers file is empty."),
        (b"schema: [unclosed\n", "answers.yaml: line 2, column 1: not valid YAML"),
        (b"- just\n- a list\n", "answers.yaml: an answers file is a mapping of keys to values "
                                "(got list)"),
        (b"\x89PNG\r\n\x1a\n\x00\x00", "answers.yaml: is a binary file, not a YAML or JSON "
                                      "answers file."),
        ("organization: Café".encode("latin-1"), "answers.yaml: is not UTF-8 text (byte 17); "
                                                 "save the answers file as UTF-8."),
        (b"a: &x [1]\nb: *x\n", "answers.yaml: line 2: YAML aliases (*name) are not allowed"),
    ],
)
def test_unreadable_files_get_one_clear_line(
    tmp_path: Path, content: bytes, message: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "answers.yaml").write_bytes(content)
    assert error_of(Path("answers.yaml")).startswith(message)


def test_a_missing_file_is_named(tmp_path: Path) -> None:
    assert error_of(tmp_path / "nope.yaml") == f"{tmp_path}/nope.yaml: no such answers file; " \
                                               "check the path."


def test_answers_round_trip_through_their_document_form() -> None:
    answers, _ = load_answers(EXAMPLES / "federal-civilian-400zr.yaml")
    assert Answers.model_validate(answers.to_document()) == answers
