"""The last open rows of the counsel's audit, on buyers written from the law.

In: buyers built here, the bundled library, a fixed document date. Out: the packs and requirement
ids each buyer gets, with level and basis, and the citations that make a MUST a legal one:

- FAR 25.103(e) takes only *commercial information technology* out of the Buy American statute;
  other commercial products keep it, and COTS items among them skip only the component test (FAR
  25.101(a)(2)(i), 41 U.S.C. 1907). Optical fiber and cable is treated as not information
  technology, so a COTS cable buy still carries FAR 52.225-1 and -2 (or their DFARS counterparts).
- DFARS 204.7504(a)(1): until 2028-11-09, 252.204-7021 goes in a DoD contract only where the
  program office names a CMMC level (the solicitation's fill-in of 252.204-7025(b)(1)); from
  2028-11-10 wherever contractor systems handle FCI or CUI.
- DFARS 225.1101(10): 252.225-7036 starts at the lowest Free Trade Agreement threshold that reaches
  a DoD supply buy, Korea's $100,000 since Canada left the agreement countries, with Alternate IV
  (Korean end products) below the general Free Trade Agreement threshold.
"""

from __future__ import annotations

import datetime as dt
import textwrap
from pathlib import Path
from typing import Any

import pytest
from pydantic import TypeAdapter, ValidationError

from procure.model.answers import Answers
from procure.model.checklist import Checklist, ChecklistRequirement
from procure.model.conditions import Condition, Facts, FillInGiven, Verdict, describe_condition
from procure.model.packs import Library, load_library
from procure.model.satisfiability import answers_domain, satisfiable
from procure.rules.lint import lint
from procure.rules.selection import select

from .conftest import REVIEWED

# Micro-purchase $15,000; Korea FTA $100,000; Free Trade Agreements $105,767; WTO GPA $174,000.
AS_OF = dt.date(2026, 11, 22)
BUY_AMERICAN_STATUTE = "41 U.S.C. chapter 83 (Buy American statute)"


def agency(**answers: Any) -> Answers:
    """A federal civilian agency buying for delivery in 2027, unless told otherwise."""
    document: dict[str, Any] = {
        "schema": "procure/answers@1", "organization": "Example Agency", "project": "Campus fiber",
        "sector": "federal_civilian", "federal_status": "agency", "funding": ["appropriated"],
        "equipment": ["fiber_cable"], "delivery_year": 2027,
    }
    document.update(answers)
    return Answers.model_validate({key: value for key, value in document.items()
                                   if value is not None})


def dod(**answers: Any) -> Answers:
    return agency(sector="defense", **answers)


def domestic(checklist: Checklist) -> dict[str, tuple[str, str]]:
    return {item.id: (item.level, item.basis) for item in checklist.requirements
            if item.pack == "domestic-sourcing"}


def found(checklist: Checklist, requirement_id: str) -> ChecklistRequirement:
    return next(item for item in checklist.requirements if item.id == requirement_id)


def made_law_by(checklist: Checklist, requirement_id: str) -> set[str]:
    """The citations that make this requirement a legal MUST (those that bind and are in force)."""
    item = found(checklist, requirement_id)
    assert (item.level, item.basis) == ("MUST", "law"), (item.id, item.level, item.basis)
    return {ref.citation for ref in item.authorities if ref.binds and ref.status == "effective"}


def counsel(checklist: Checklist, ref: str) -> str:
    return " ".join(point.point for point in checklist.counsel_points if point.ref == ref)


# --------------------------------------------- FAR 25.103(e): commercial IT, not commercial items

def test_a_civilian_agency_buying_cots_fiber_cable_keeps_buy_american_without_the_component_test(
        library: Library) -> None:
    checklist = select(agency(commercial_status="cots", contract_value_usd=30_000), library, AS_OF)
    assert domestic(checklist) == {
        "DOM-002": ("MUST", "law"),    # Buy American Certificate (FAR 52.225-2)
        "DOM-021": ("MUST", "law"),    # Buy American—Supplies (FAR 52.225-1)
        "DOM-006": ("MUST", "law"),    # COTS items: manufactured in the US, no component test
        "DOM-008": ("MUST", "law"),    # the 20% / 30% evaluation factor still applies
        "DOM-009": ("SHOULD", "practice"),
        "DOM-019": ("SHOULD", "practice"),
    }
    assert made_law_by(checklist, "DOM-002") == {"FAR 52.225-2"}
    assert made_law_by(checklist, "DOM-021") == {"FAR 52.225-1", BUY_AMERICAN_STATUTE}
    assert made_law_by(checklist, "DOM-006") == {"FAR subpart 25.1"}
    # The component test is waived for COTS items (FAR 25.101(a)(2)(i)): no worksheet is asked.
    dropped = {item.id for item in checklist.excluded_requirements}
    assert {"DOM-001", "DOM-003", "DOM-005", "DOM-007"} <= dropped
    binding = next(ref for ref in found(checklist, "DOM-021").authorities
                   if ref.citation == "FAR 52.225-1")
    assert "items that are not commercial, or optical fiber and cable" in binding.binding_note
    assert "includes optical fiber and cable" in binding.binding_note


def test_the_commercial_it_designation_tells_the_vendor_which_line_items_keep_buy_american(
        library: Library) -> None:
    checklist = select(agency(commercial_status="cots", equipment=["fiber_cable", "ip_routing"],
                              contract_value_usd=30_000), library, AS_OF)
    designation = found(checklist, "DOM-009")
    assert (designation.level, designation.basis) == ("SHOULD", "practice")
    assert designation.title == (
        "Commercial information technology separated from the line items that stay under Buy "
        "American")
    assert "optical fiber and cable, and any other line item that is not information technology" \
        in designation.text
    assert "the component test is waived, 41 U.S.C. 1907" in designation.text
    assert "COTS information technology, which the Buy American statute does not reach" \
        not in designation.text
    assert "If the contracting officer determines that the cable is information technology" in \
        counsel(checklist, "DOM-009")


def test_commercial_cable_that_is_not_cots_keeps_the_domestic_content_test_in_the_fta_band(
        library: Library) -> None:
    checklist = select(agency(commercial_status="commercial", contract_value_usd=60_000),
                       library, AS_OF)
    found_levels = domestic(checklist)
    for requirement_id in ("DOM-001", "DOM-003", "DOM-005", "DOM-006", "DOM-007", "DOM-008",
                           "DOM-022", "DOM-023"):
        assert found_levels[requirement_id] == ("MUST", "law"), requirement_id
    assert made_law_by(checklist, "DOM-023") == {"FAR 52.225-3"}
    assert made_law_by(checklist, "DOM-003") == {"FAR subpart 25.1"}
    assert found(checklist, "DOM-023").title == (
        "Only domestic or Israeli end products delivered (FAR 52.225-3, Alternate II)")
    assert "DOM-002" not in found_levels  # $60,000 is in the Israeli Trade Act band


def test_cots_routers_are_commercial_it_and_stay_outside_buy_american(library: Library) -> None:
    checklist = select(agency(commercial_status="cots", equipment=["ip_routing", "dc_switching"],
                              contract_value_usd=30_000), library, AS_OF)
    assert domestic(checklist) == {"DOM-009": ("SHOULD", "practice"),
                                   "DOM-019": ("SHOULD", "practice")}
    assert found(checklist, "DOM-009").title == (
        "Commercial information technology confirmed per line item (Buy American does not apply)")


def test_cable_keeps_buy_american_even_when_the_commercial_status_is_not_given(
        library: Library) -> None:
    checklist = select(agency(contract_value_usd=30_000), library, AS_OF)
    assert made_law_by(checklist, "DOM-021") == {"FAR 52.225-1", BUY_AMERICAN_STATUTE}
    assert made_law_by(checklist, "DOM-002") == {"FAR 52.225-2"}
    assert "whatever their commercial status" in counsel(checklist, "DOM-009")
    # The commercial status decided nothing that binds here, so it is not raised as undecided.
    assert counsel(checklist, "Commercial status") == ""


def test_a_dod_component_buying_cots_cable_below_the_fta_floor_gets_dfars_buy_american(
        library: Library) -> None:
    checklist = select(dod(commercial_status="cots", contract_value_usd=20_000), library, AS_OF)
    found_levels = domestic(checklist)
    assert found_levels["DOM-010"] == ("MUST", "law")
    assert found_levels["DOM-013"] == ("MUST", "law")
    assert made_law_by(checklist, "DOM-010") == {"DFARS 252.225-7000", "DFARS 252.225-7001"}
    # COTS: no DoD component test either.
    assert "DOM-011" not in found_levels and "DOM-012" not in found_levels


# --------------------------------------------- CMMC: DFARS 204.7504(a), the level the program names

def dod_contractor(**answers: Any) -> Answers:
    """A company holding DoD contracts whose systems handle DoD CUI, buying for performance."""
    document: dict[str, Any] = {
        "schema": "procure/answers@1", "organization": "Example Defense Co", "project": "Enclave",
        "sector": "enterprise", "federal_status": "contractor", "funding": ["private"],
        "equipment": ["ip_routing"], "cui": True, "contracts_with": ["dod"],
        "contractor_purchase": "performance",
    }
    document.update(answers)
    return Answers.model_validate(document)


def levels(checklist: Checklist, *ids: str) -> dict[str, tuple[str, str]]:
    return {item.id: (item.level, item.basis) for item in checklist.requirements if item.id in ids}


CMMC_LAW = {"DFARS 252.204-7021", "DFARS 252.204-7025", "32 CFR part 170"}
LEVEL_2 = {"cmmc_level": "Level 2 (C3PAO)"}


def test_a_level_named_by_the_program_office_makes_cmmc_a_condition_of_award_before_2028(
        library: Library) -> None:
    named = select(dod(equipment=["ip_routing"], cui=True, commercial_status="noncommercial",
                       award_date=dt.date(2027, 6, 30), fill_ins=LEVEL_2), library, AS_OF)
    assert made_law_by(named, "DOD-020") == CMMC_LAW
    cmmc = found(named, "DOD-020")
    assert "MUST because the CMMC level required (DFARS 252.204-7025(b)(1)) is stated " \
           "(Level 2 (C3PAO))" in cmmc.why
    assert "current CMMC status of Level 2 (C3PAO) or higher" in cmmc.text
    assert "not eligible for award (252.204-7025(b)(2))" in (cmmc.counsel or "")
    # No level named and an award before 2028-11-10: the program office has not asked for one.
    silent = select(dod(equipment=["ip_routing"], cui=True, commercial_status="noncommercial",
                        award_date=dt.date(2027, 6, 30)), library, AS_OF)
    assert levels(silent, "DOD-020") == {"DOD-020": ("SHOULD", "practice")}
    assert "state it in the answers (the CMMC level fill-in)" in (
        found(silent, "DOD-020").counsel or "")


def test_a_named_level_does_not_reach_a_purchase_solely_of_cots_items(library: Library) -> None:
    checklist = select(dod(equipment=["ip_routing"], cui=True, commercial_status="cots",
                           award_date=dt.date(2027, 6, 30), fill_ins=LEVEL_2), library, AS_OF)
    # DFARS 204.7504(a): never in solicitations solely for COTS items, whatever the level.
    assert levels(checklist, "DOD-020") == {"DOD-020": ("SHOULD", "practice")}


def test_the_cmmc_scoping_support_is_a_present_duty_only_once_cmmc_reaches_the_contract(
        library: Library) -> None:
    before = select(dod_contractor(), library, AS_OF)
    assert levels(before, "DOD-009", "DOD-020") == {"DOD-009": ("SHOULD", "practice"),
                                                    "DOD-020": ("SHOULD", "practice")}
    assert "asked as good practice until then" in (found(before, "DOD-009").counsel or "")
    named = select(dod_contractor(fill_ins=LEVEL_2), library, AS_OF)
    assert made_law_by(named, "DOD-009") == {"DFARS 252.204-7021", "32 CFR part 170"}
    assert made_law_by(named, "DOD-020") == {"DFARS 252.204-7021", "32 CFR part 170"}
    assert "so that contract carries DFARS 252.204-7021" in (found(named, "DOD-009").counsel or "")
    phase_4 = select(dod_contractor(), library, dt.date(2028, 11, 10))
    assert made_law_by(phase_4, "DOD-009") == {"DFARS 252.204-7021", "32 CFR part 170"}
    assert made_law_by(phase_4, "DOD-020") == {"DFARS 252.204-7021", "32 CFR part 170"}


def test_a_fill_in_condition_reads_the_stated_value_and_says_so_in_the_buyers_words() -> None:
    condition = TypeAdapter(Condition).validate_python({"fill_in": "cmmc_level", "is_set": True})
    assert isinstance(condition, FillInGiven)
    labels = {"cmmc_level": "CMMC level required"}
    stated = condition.evaluate(Facts({}, fill_ins={"cmmc_level": "Level 1 (Self)"},
                                      fill_in_labels=labels))
    assert stated == Verdict(True, "the CMMC level required is stated (Level 1 (Self))")
    blank = condition.evaluate(Facts({}, fill_ins={"cmmc_level": ""}, fill_in_labels=labels))
    assert blank == Verdict(False, "the CMMC level required is not stated")
    assert describe_condition(condition) == "the fill-in cmmc_level is stated"
    with pytest.raises(ValidationError, match="is_set"):
        TypeAdapter(Condition).validate_python({"fill_in": "cmmc_level"})
    domain = answers_domain(load_library().registry)
    assert satisfiable(condition, domain)
    contradiction = TypeAdapter(Condition).validate_python(
        {"all": [{"fill_in": "cmmc_level", "is_set": True},
                 {"not": {"fill_in": "cmmc_level", "is_set": True}}]})
    assert not satisfiable(contradiction, domain)


def test_lint_refuses_a_fill_in_condition_on_a_parameter_the_pack_does_not_declare(
        tmp_path: Path) -> None:
    (tmp_path / "org.yaml").write_text(textwrap.dedent("""\
        schema: procure/pack@1
        id: org-cmmc
        title: Our CMMC asks
        kind: policy
        version: 1.0.0
        reviewed_on: 2026-10-01
        purpose: >
          Asks our vendors for their CMMC status once our contract names a level.
        requirements:
          - id: ORG-101
            title: CMMC status stated
            text: >
              The vendor states its CMMC status for every system that will handle our information.
            level:
              default: SHOULD
              rules:
                - level: MUST
                  when: {fill_in: cmmc_levle, is_set: true}
            evidence:
              - CMMC unique identifier and status in SPRS
            authorities:
              - {id: cmmc-32cfr170, pinpoint: "§170.23"}
          - id: ORG-102
            title: CMMC level flowed down
            text: >
              The vendor holds {cmmc_level} or higher for every system that will handle our CUI.
            level: SHOULD
            evidence:
              - CMMC certificate at the level named
            authorities:
              - {id: cmmc-32cfr170, pinpoint: "§170.23"}
            parameters:
              - name: cmmc_level
                label: CMMC level required (DFARS 252.204-7025(b)(1))
                help: >-
                  CMMC Level 1 (Self), Level 2 (Self), Level 2 (C3PAO) or Level 3 (DIBCAC), as the
                  program office determines.
        """))
    problems = [str(problem) for problem in lint(tmp_path, REVIEWED)]
    assert problems == [
        f"{tmp_path / 'org.yaml'}: requirements[0] (ORG-101).level.rules[0].when: fill_in names "
        "'cmmc_levle', which no requirement of this pack declares as a parameter; did you mean "
        "'cmmc_level'?"]
    fixed = (tmp_path / "org.yaml").read_text().replace("cmmc_levle", "cmmc_level")
    (tmp_path / "org.yaml").write_text(fixed)
    assert lint(tmp_path, REVIEWED) == []


# ----------------------------------------- DFARS 225.1101(10): the DoD Free Trade Agreement band

DOD_FTA = "DoD Free Trade Agreement threshold for supplies (DFARS 252.225-7036)"


def dod_band(checklist: Checklist) -> dict[str, tuple[str, str]]:
    wanted = ("DOM-010", "DOM-016", "DOM-025", "DOM-026")
    return {rid: level for rid, level in domestic(checklist).items() if rid in wanted}


def test_below_the_korea_threshold_a_dod_buy_stays_under_dfars_252_225_7001(
        library: Library) -> None:
    for value in (25_000, 50_000, 99_999):
        checklist = select(dod(equipment=["ip_routing"], commercial_status="noncommercial",
                               contract_value_usd=value), library, AS_OF)
        assert dod_band(checklist) == {"DOM-010": ("MUST", "law")}, value
        assert made_law_by(checklist, "DOM-010") == {"DFARS 252.225-7000", "DFARS 252.225-7001"}


def test_from_100000_to_the_fta_threshold_dfars_252_225_7036_with_alternate_iv_for_korea(
        library: Library) -> None:
    for value in (100_000, 105_766):
        checklist = select(dod(equipment=["ip_routing"], commercial_status="noncommercial",
                               contract_value_usd=value), library, AS_OF)
        assert dod_band(checklist) == {"DOM-025": ("MUST", "law"), "DOM-026": ("MUST", "law")}
        assert made_law_by(checklist, "DOM-026") == {"DFARS 252.225-7036"}
        assert made_law_by(checklist, "DOM-025") == {"DFARS 252.225-7035"}
        delivery = found(checklist, "DOM-026")
        assert delivery.title == ("DoD delivery of domestic, qualifying-country or Korean end "
                                  "products (DFARS 252.225-7036, Alternate IV)")
        assert delivery.text.startswith("The contract includes DFARS 252.225-7036 with its "
                                        "Alternate IV: only the Korea Free Trade Agreement")
        assert "matches Alternate IV of DFARS 252.225-7036" in found(checklist, "DOM-025").text
    assert "Counsel confirms the floor and the Alternate" in counsel(checklist, DOD_FTA)


def test_from_the_fta_threshold_to_the_wto_threshold_the_basic_clause_then_trade_agreements(
        library: Library) -> None:
    for value in (105_767, 173_999):
        checklist = select(dod(equipment=["ip_routing"], commercial_status="noncommercial",
                               contract_value_usd=value), library, AS_OF)
        assert dod_band(checklist) == {"DOM-025": ("MUST", "law"), "DOM-026": ("MUST", "law")}
        delivery = found(checklist, "DOM-026")
        assert delivery.title == ("DoD delivery of domestic, qualifying-country or eligible Free "
                                  "Trade Agreement end products (DFARS 252.225-7036)")
        assert "Alternate" not in delivery.text
    wto = select(dod(equipment=["ip_routing"], commercial_status="noncommercial",
                     contract_value_usd=174_000), library, AS_OF)
    assert dod_band(wto) == {"DOM-016": ("MUST", "law")}


def test_before_the_2026_thresholds_alternate_iv_ended_at_102280(library: Library) -> None:
    day = dt.date(2025, 6, 15)
    inside = select(dod(equipment=["ip_routing"], commercial_status="noncommercial",
                        contract_value_usd=102_279), library, day)
    above = select(dod(equipment=["ip_routing"], commercial_status="noncommercial",
                       contract_value_usd=102_280), library, day)
    assert "Alternate IV" in found(inside, "DOM-026").title
    assert "Alternate" not in found(above, "DOM-026").title


def test_the_register_names_the_seven_alternates_of_dfars_252_225_7036(library: Library) -> None:
    checklist = select(dod(equipment=["ip_routing"], commercial_status="noncommercial",
                           contract_value_usd=100_000), library, AS_OF)
    entry = next(item for item in checklist.authority_register
                 if item.id == "dfars-252.225-7036")
    assert entry.clause is not None
    names = [alternate.split(":")[0] for alternate in entry.clause.alternates]
    assert names == ["Alternate I", "Alternates II and III", "Alternate IV", "Alternate V",
                     "Alternates VI and VII"]
    assert "adds Korean end products" in entry.clause.alternates[2]
    assert "law.lawstack.com/cfr/48/252.225-7036" in entry.source
    threshold = next(row for row in checklist.thresholds if row.id == "dod_fta_supplies")
    assert (threshold.value, threshold.since, threshold.verified) == (
        100_000, dt.date(2024, 1, 1), False)


# ----------------------------------------------------- CBRS: 47 CFR part 96 and a federal agency

def test_cbrs_operating_rules_are_good_practice_for_an_agency_and_law_for_a_city(
        library: Library) -> None:
    agency_cbrs = select(agency(equipment=["private_wireless"], radio_bands=["cbrs"]),
                         library, AS_OF)
    wanted = ("FCC-013", "PW-002", "PW-003", "PW-004")
    assert levels(agency_cbrs, *wanted) == dict.fromkeys(wanted, ("SHOULD", "practice"))
    assert "PW-002 to PW-004 set out the same Part 96 duties" in found(agency_cbrs, "FCC-013").text
    assert "PW-001" not in found(agency_cbrs, "FCC-013").text
    assert "confirms with NTIA how the agency may operate CBSDs" in counsel(
        agency_cbrs, "PW-002, PW-003, PW-004")
    city = select(Answers.model_validate({
        "schema": "procure/answers@1", "organization": "Example City", "project": "Private LTE",
        "sector": "state_local", "federal_status": "none", "funding": ["private"],
        "equipment": ["private_wireless"], "radio_bands": ["cbrs"]}), library, AS_OF)
    assert levels(city, *wanted) == dict.fromkeys(wanted, ("MUST", "law"))
    for rid in wanted[1:]:
        assert made_law_by(city, rid) == {"47 CFR part 96"}


# -------------------------------------------- DOM-006: the DoD COTS rule (DFARS 252.225-7001)

def test_dod_cots_identification_rests_on_the_dfars_domestic_end_product_definition(
        library: Library) -> None:
    buy_american = select(dod(equipment=["ip_routing"], commercial_status="noncommercial",
                              contract_value_usd=50_000), library, AS_OF)
    assert made_law_by(buy_american, "DOM-006") == {"DFARS 252.225-7001", "FAR subpart 25.1"}
    pinpoint = next(ref.pinpoint for ref in found(buy_american, "DOM-006").authorities
                    if ref.citation == "DFARS 252.225-7001")
    assert pinpoint.startswith("(a) definition of 'domestic end product' (a COTS item")
    fta_band = select(dod(equipment=["ip_routing"], commercial_status="noncommercial",
                          contract_value_usd=120_000), library, AS_OF)
    assert made_law_by(fta_band, "DOM-006") == {"DFARS 252.225-7036", "FAR subpart 25.1"}
    civilian = select(agency(equipment=["ip_routing"], commercial_status="noncommercial",
                             contract_value_usd=50_000), library, AS_OF)
    assert made_law_by(civilian, "DOM-006") == {"FAR subpart 25.1"}


# ----------------------------------------- the registry: DFARS 252.225-7020 and FAC 97-15's date

def test_a_dod_buy_at_the_wto_threshold_asks_for_the_dfars_trade_agreements_certificate(
        library: Library) -> None:
    checklist = select(dod(equipment=["ip_routing"], commercial_status="noncommercial",
                           contract_value_usd=500_000), library, AS_OF)
    assert made_law_by(checklist, "DOM-016") == {
        "DFARS 252.225-7021", "DFARS 252.225-7020",
        "Trade Agreements Act of 1979, 19 U.S.C. 2501 et seq."}
    entry = next(item for item in checklist.authority_register
                 if item.id == "dfars-252.225-7020")
    assert entry.clause is not None
    assert (entry.clause.label, entry.clause.form, entry.clause.signs,
            entry.clause.prescription) == (
        "DFARS 252.225-7020 (NOV 2014), provision", "provision", "certification",
        "DFARS 225.1101(5)")
    assert entry.clause.alternates[0].startswith("Alternate I: different paragraphs (a), (b)(2) "
                                                 "and (c), as 225.1101(5)(ii) prescribes")
    # The date was not read: the checklist asks counsel to confirm it.
    assert "NOV 2014 is the date" in counsel(checklist, "DFARS 252.225-7020")
    assert "DFARS 252.225-7020" not in {
        ref.citation for item in select(agency(equipment=["ip_routing"],
                                               commercial_status="noncommercial",
                                               contract_value_usd=500_000),
                                        library, AS_OF).requirements
        for ref in item.authorities}


def test_the_register_says_the_far_part_25_clauses_date_from_a_publication_date(
        library: Library) -> None:
    checklist = select(agency(equipment=["fiber_cable"], contract_value_usd=30_000),
                       library, AS_OF)
    entry = next(item for item in checklist.authority_register if item.id == "far-52.225-1")
    assert entry.status_note.startswith("in force since 1999-12-27 (amended 2022-10-25: ")
    assert entry.status_note.endswith(
        "the clause dates from the FAR Part 25 rewrite published 1999-12-27 (FAC 97-15), whose "
        "effective date was not confirmed)")
    assert "1999-12-27, is the publication date of FAC 97-15 (64 FR 72416)" in entry.source
