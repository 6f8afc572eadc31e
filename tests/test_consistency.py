"""Answers that contradict each other or the document date: every check's exact message.

Errors stop selection (exit 2, the file named once per error); warnings go on the terminal before
anything is written and on the cover of the review edition.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
import yaml

from procure.errors import InputFileError
from procure.model.answers import answers_from_data
from procure.model.packs import Library
from procure.rules.consistency import check_answers
from procure.rules.selection import select

from .conftest import AS_OF, EXAMPLES

ENTERPRISE = yaml.safe_load((EXAMPLES / "enterprise-sdwan.yaml").read_text())
NO_ROLE = "no federal contract, grant or loan is involved"


def findings(library: Library, **changes: Any) -> tuple[tuple[str, ...], tuple[str, ...]]:
    answers = answers_from_data({**ENTERPRISE, **changes}, "answers.yaml")
    found = check_answers(answers, AS_OF, library.vocabulary)
    return found.errors, found.warnings


@pytest.mark.parametrize(("changes", "error"), [
    ({"federal_status": "agency", "funding": ["appropriated"]},
     "federal_status: the buyer is a federal agency, but the buyer is a private company or "
     "non-profit; a federal agency is in the federal civilian or defense sector: change sector "
     "or federal_status."),
    ({"funding": ["bead"]},
     f"funding: the funding includes BEAD, which is federal financial assistance, but {NO_ROLE}; "
     "the buyer spending it is a grantee: set federal_status: grantee, or take it out of "
     "funding."),
    ({"funding": ["appropriated"]},
     f"funding: appropriated federal funds are spent by a federal agency, but {NO_ROLE}; a "
     "contractor's or grantee's money is its own or the award's: change funding or "
     "federal_status."),
    ({"contracts_with": ["dod"]},
     f"contracts_with: it describes a federal contractor's contracts, but {NO_ROLE}: remove "
     "contracts_with, or set federal_status: contractor."),
    ({"contracts_with": ["dod"], "contractor_purchase": "performance"},
     f"contracts_with and contractor_purchase: these describe a federal contractor's contracts, "
     f"but {NO_ROLE}: remove contracts_with and contractor_purchase, or set federal_status: "
     "contractor."),
    ({"federal_status": "grantee", "funding": ["bead"], "grant_program": "infrastructure"},
     "grant_program: the federal award funds an infrastructure project, but the funding does "
     "not include another federal grant or loan: add federal_grant to funding, or remove "
     "grant_program."),
    ({"grantee_type": "state"},
     f"grantee_type: the recipient is a State agency or instrumentality, but {NO_ROLE}: remove "
     "grantee_type, or set federal_status: grantee."),
    ({"federal_status": "contractor", "contract_vehicle": "schedule_order",
      "small_business_set_aside": True},
     "contract_vehicle and small_business_set_aside: describe how a federal agency buys, but "
     "the buyer holds federal contracts: remove contract_vehicle and small_business_set_aside, "
     "or set federal_status: agency."),
    ({"sector": "federal_civilian", "federal_status": "agency", "funding": ["appropriated"],
      "contract_vehicle": "other_transaction", "small_business_set_aside": True},
     "small_business_set_aside: an other transaction agreement is not a FAR acquisition and "
     "has no small-business set-aside: change one of them."),
    ({"award_date": dt.date(2027, 2, 15), "delivery_year": 2026},
     "delivery_year: delivery in 2026 is before the expected award on 2027-02-15: correct "
     "delivery_year or award_date."),
])
def test_each_contradiction_is_an_error_naming_the_keys_to_change(
        library: Library, changes: dict[str, Any], error: str) -> None:
    assert findings(library, **changes) == ((error,), ())


@pytest.mark.parametrize(("changes", "warning"), [
    ({"federal_status": "grantee", "funding": ["private"]},
     "Federal grant or loan money pays for the purchase, but the funding includes neither BEAD "
     "nor another federal grant or loan; grant rules are applied as for an unnamed federal "
     "award."),
    ({"federal_status": "grantee", "funding": ["federal_grant"], "grantee_type": "tribe"},
     "The recipient is an Indian Tribe, but the buyer is a private company or non-profit; check "
     "both, since the recipient type decides which 2 CFR 200 procurement standards apply."),
    ({"commercial_status": "commercial"},
     f"The items are commercial products (not COTS), but {NO_ROLE}; the commercial status "
     "matters only to federal acquisitions and is not used here."),
    ({"radio_bands": ["cbrs"]},
     "The radio spectrum is given, but the equipment bought includes no radio equipment; it is "
     "not used here."),
    ({"award_date": dt.date(2026, 1, 1)},
     "The expected award date 2026-01-01 is before the document date 2026-11-22; the checklist "
     "states the law on the document date."),
    ({"award_date": dt.date(2040, 1, 1), "delivery_year": 2040},
     "The expected award date 2040-01-01 is more than 10 years after the document date; check "
     "it."),
    ({"delivery_year": 2040},
     "Delivery in 2040 is more than 10 years away; check the delivery year."),
    ({"national_security_system": True},
     f"The equipment is part of a national security system, but {NO_ROLE}; national security "
     "systems are federal (44 U.S.C. 3552): check both."),
    ({"nerc_cip_impact": "medium"},
     "The BES Cyber Systems are medium impact, but the buyer is a private company or "
     "non-profit; CIP-013 binds NERC registered entities: check the sector."),
    ({"contract_value_usd": 0},
     "The estimated value is $0; thresholds treat the purchase as the smallest possible buy."),
])
def test_each_oddity_is_a_warning_in_the_buyers_words(
        library: Library, changes: dict[str, Any], warning: str) -> None:
    assert findings(library, **changes) == ((), (warning,))


def test_the_bundled_examples_contradict_nothing(library: Library) -> None:
    for path in sorted(EXAMPLES.glob("*.yaml")):
        answers = answers_from_data(yaml.safe_load(path.read_text()), str(path))
        assert check_answers(answers, AS_OF, library.vocabulary).errors == (), path.name


def test_selection_refuses_every_error_at_once_naming_the_file(library: Library) -> None:
    answers = answers_from_data({**ENTERPRISE, "funding": ["appropriated"],
                                 "grantee_type": "state"}, "answers.yaml")
    with pytest.raises(InputFileError) as caught:
        select(answers, library, AS_OF, "answers.yaml")
    lines = str(caught.value).splitlines()
    assert [line.split(": ", 2)[:2] for line in lines] == [["answers.yaml", "funding"],
                                                          ["answers.yaml", "grantee_type"]]


def test_a_document_date_past_the_review_horizon_is_a_warning(library: Library) -> None:
    answers = answers_from_data(ENTERPRISE, "answers.yaml")
    late = select(answers, library, dt.date(2028, 6, 1), "answers.yaml")
    oldest = min([entry.pack.reviewed_on for entry in library.packs
                  if entry.pack.id in {pack.id for pack in late.packs}]
                 + ([library.registry.reviewed_on] if library.registry.reviewed_on else []))
    assert late.warnings[-1] == (
        f"Law reviewed as of {oldest.isoformat()}: the document date 2028-06-01 is more than "
        f"{library.registry.current_for_days} days later, so laws, clauses and thresholds may "
        "have changed since; update procure's packs or have counsel check every MUST.")


def test_warnings_go_to_the_terminal_and_the_cover(run_cli, tmp_path: Path) -> None:
    answers = tmp_path / "answers.yaml"
    answers.write_text(yaml.safe_dump({**ENTERPRISE, "contract_value_usd": 0}))
    result = run_cli("generate", str(answers), "--as-of", AS_OF.isoformat(), "-o",
                     str(tmp_path / "out"), "-f", "md")
    assert result.code == 0
    assert result.err == ("Warning: The estimated value is $0; thresholds treat the purchase as "
                          "the smallest possible buy.\n")
    cover = (tmp_path / "out" / "checklist.md").read_text().split("## Summary")[0]
    assert ("**Check these answers before relying on the checklist:**\n\n- The estimated value "
            "is \\$0; thresholds treat the purchase as the smallest possible buy.") in cover


def test_an_error_exits_2_and_writes_nothing(run_cli, tmp_path: Path) -> None:
    answers = tmp_path / "answers.yaml"
    answers.write_text(yaml.safe_dump({**ENTERPRISE, "federal_status": "agency",
                                       "funding": ["appropriated"]}))
    result = run_cli("generate", str(answers), "--as-of", AS_OF.isoformat(), "-o",
                     str(tmp_path / "out"))
    assert result.code == 2
    assert result.err == (f"Error: {answers}: federal_status: the buyer is a federal agency, but "
                          "the buyer is a private company or non-profit; a federal agency is in "
                          "the federal civilian or defense sector: change sector or "
                          "federal_status.\n")
    assert not (tmp_path / "out").exists()
