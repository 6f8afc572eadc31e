"""Purchases paid with federal grants, written from the law: 2 CFR 200.317-200.327 and Appendix II
(2024 revision, effective 2024-10-01), 2 CFR 180, 31 U.S.C. 1352, and Build America, Buy America
(IIJA §70914, 2 CFR 184) with the NTIA BEAD waiver's five-year term.

Each test builds a buyer of its own, selects on a fixed document date and pins the packs, the exact
requirement ids with level and basis, and the citations of the MUSTs.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from procure.errors import InputFileError
from procure.model.answers import Answers
from procure.model.checklist import Checklist, ChecklistRequirement
from procure.model.packs import Library, load_library
from procure.model.registry import Registry
from procure.rules.consistency import check_answers
from procure.rules.selection import select

AS_OF = dt.date(2026, 11, 22)
BEFORE_WAIVER_ENDS = dt.date(2029, 2, 21)
AFTER_WAIVER_ENDS = dt.date(2029, 2, 23)
BEAD_NOTICE = (
    "SHOULD at most: NTIA BEAD Policy Notice on the Uniform Guidance (2023-12-28) binds this "
    "purchase and lets the BEAD subgrant agreement set which 2 CFR 200 procurement standards a "
    "subgrantee follows (fixed amount subawards); MUST where your subgrant agreement applies "
    "this one")
APPENDIX_II = "2 CFR 200.327 and Appendix II to 2 CFR part 200"
BABA_LAW = {"2 CFR part 184",
            "Infrastructure Investment and Jobs Act, P.L. 117-58, div. G, title IX, "
            "§§70901–70927 (Build America, Buy America Act)"}


@pytest.fixture(scope="module")
def library() -> Library:
    return load_library()


def grantee(**answers: Any) -> Answers:
    data: dict[str, Any] = {
        "schema": "procure/answers@1", "organization": "Example", "project": "Network refresh",
        "sector": "state_local", "federal_status": "grantee", "funding": ["federal_grant"],
        "equipment": ["ip_routing", "network_management"]}
    data.update(answers)
    return Answers.model_validate(data)


def state_agency(**answers: Any) -> Answers:
    return grantee(grantee_type="state", grant_program="other", contract_value_usd=1_250_000,
                   equipment=["ip_routing", "security_appliance", "network_management"],
                   **answers)


def university(**answers: Any) -> Answers:
    values: dict[str, Any] = {"sector": "research_education", "grantee_type": "higher_education",
                              "grant_program": "research", "contract_value_usd": 120_000,
                              "equipment": ["ip_routing", "dc_switching"]}
    values.update(answers)
    return grantee(**values)


def bead_subgrantee(**answers: Any) -> Answers:
    values: dict[str, Any] = {"sector": "utility", "funding": ["bead", "private"],
                              "grantee_type": "nonprofit", "contract_value_usd": 7_400_000,
                              "delivery_year": 2027,
                              "equipment": ["fiber_cable", "olt_ont", "ip_routing"]}
    values.update(answers)
    return grantee(**values)


def levels(checklist: Checklist, prefix: str) -> dict[str, tuple[str, str]]:
    return {item.id: (item.level, item.basis) for item in checklist.requirements
            if item.id.startswith(prefix)}


def excluded(checklist: Checklist, prefix: str) -> dict[str, str]:
    return {item.id: item.why for item in checklist.excluded_requirements
            if item.id.startswith(prefix)}


def requirement(checklist: Checklist, requirement_id: str) -> ChecklistRequirement:
    return next(item for item in checklist.requirements if item.id == requirement_id)


def binding(checklist: Checklist, requirement_id: str) -> set[str]:
    """The citations that make a MUST a legal one: law, in force, binding this purchase."""
    item = requirement(checklist, requirement_id)
    return {ref.citation for ref in item.authorities if ref.binds and ref.status == "effective"}


def packs(checklist: Checklist) -> set[str]:
    return {pack.id for pack in checklist.packs}


def points(checklist: Checklist) -> dict[str, str]:
    return {point.ref: point.point for point in checklist.counsel_points}


# ---------------------------------------------------------------- who follows which standards

def test_a_state_agency_buys_under_its_own_procedures_and_adds_the_federal_provisions(
        library: Library) -> None:
    checklist = select(state_agency(), library, AS_OF)
    assert "grant-procurement" in packs(checklist)
    assert levels(checklist, "GPR") == {
        "GPR-001": ("MUST", "law"),
        # 200.318-200.326 do not bind a State (200.317): good practice only.
        "GPR-003": ("SHOULD", "practice"), "GPR-004": ("SHOULD", "practice"),
        "GPR-005": ("SHOULD", "practice"), "GPR-006": ("SHOULD", "practice"),
        "GPR-007": ("SHOULD", "practice"), "GPR-008": ("SHOULD", "practice"),
        "GPR-009": ("SHOULD", "practice"), "GPR-010": ("SHOULD", "practice"),
        # ... but 200.321-200.323 and 200.327 (Appendix II) do.
        "GPR-012": ("MUST", "law"), "GPR-013": ("MUST", "law"), "GPR-014": ("MUST", "law"),
        "GPR-017": ("MUST", "law"), "GPR-019": ("MUST", "law"), "GPR-020": ("MUST", "law"),
        "GPR-021": ("MUST", "law"), "GPR-022": ("MUST", "law"), "GPR-023": ("MUST", "law"),
        "GPR-024": ("SHOULD", "practice"), "GPR-026": ("SHOULD", "practice")}
    assert binding(checklist, "GPR-001") == {"2 CFR 200.317"}
    assert binding(checklist, "GPR-012") == {"2 CFR 200.322", APPENDIX_II}
    assert binding(checklist, "GPR-013") == {APPENDIX_II}
    assert binding(checklist, "GPR-020") == {
        "2 CFR part 180, as adopted by the awarding agency (Commerce at 2 CFR part 1326)",
        APPENDIX_II}
    assert binding(checklist, "GPR-021") == {
        "31 U.S.C. 1352 (Byrd Anti-Lobbying Amendment)",
        "New Restrictions on Lobbying, government-wide common rule (Commerce at 15 CFR part 28), "
        "Appendix A certification and Appendix B disclosure form (SF-LLL)", APPENDIX_II}
    assert binding(checklist, "GPR-022") == {"2 CFR 200.323", APPENDIX_II}
    assert requirement(checklist, "GPR-003").why.endswith(
        "(2 CFR 200.318 does not bind this purchase: it binds a local government, college or "
        "university, or nonprofit organization (and, before 2024-10-01, an Indian Tribe) buying "
        "under a federal grant or cooperative agreement, as recipient or subrecipient (2 CFR "
        "200.101(a), 200.317); here the recipient is a State agency or instrumentality)")
    assert requirement(checklist, "GPR-001").buyer_duty == (
        "Supports the buyer's own duty under 2 CFR 200.317, first and third sentences")
    assert excluded(checklist, "GPR") == {
        "GPR-002": "excluded: the recipient is a State agency or instrumentality",
        "GPR-011": "excluded: the equipment bought does not include optical fiber and cable",
        "GPR-015": "excluded: the equipment bought does not include optical fiber and cable",
        "GPR-016": "excluded: the equipment bought does not include optical fiber and cable",
        "GPR-018": "excluded: the federal award funds neither infrastructure nor research",
        "GPR-025": "excluded: the funding does not include BEAD"}
    # A cybersecurity grant is not an infrastructure award: no Build America, Buy America.
    assert "baba-bead" not in packs(checklist)


def test_a_university_with_a_research_grant_follows_200_318_to_200_327_without_buy_america(
        library: Library) -> None:
    checklist = select(university(), library, AS_OF)
    assert levels(checklist, "GPR") == {
        "GPR-003": ("MUST", "law"), "GPR-004": ("MUST", "law"), "GPR-005": ("MUST", "law"),
        "GPR-006": ("MUST", "law"), "GPR-007": ("MUST", "law"), "GPR-009": ("MUST", "law"),
        "GPR-010": ("MUST", "law"), "GPR-012": ("MUST", "law"), "GPR-014": ("MUST", "law"),
        "GPR-017": ("MUST", "law"), "GPR-018": ("SHOULD", "practice"),
        "GPR-020": ("MUST", "law"), "GPR-021": ("MUST", "law"), "GPR-023": ("MUST", "law"),
        "GPR-024": ("SHOULD", "practice"), "GPR-026": ("SHOULD", "practice")}
    assert binding(checklist, "GPR-003") == {"2 CFR 200.318"}
    assert binding(checklist, "GPR-004") == {"2 CFR 200.319"}
    assert binding(checklist, "GPR-006") == {"2 CFR 200.320"}
    assert binding(checklist, "GPR-009") == {"2 CFR 200.324"}
    # $120,000 is a simplified acquisition: a written quotation, no cost or price analysis,
    # no remedies clause and no Clean Air Act clause; termination, CWHSSA, 2 CFR 180, Byrd apply.
    assert requirement(checklist, "GPR-006").title == (
        "Written quotation for a simplified acquisition")
    assert excluded(checklist, "GPR") == {
        "GPR-001": "excluded: the recipient is a college or university",
        "GPR-002": "excluded: the recipient is a college or university",
        "GPR-008": "excluded: the estimated value $120,000 ≤ the simplified acquisition "
                   "threshold ($350,000)",
        "GPR-011": "excluded: the equipment bought does not include optical fiber and cable",
        "GPR-013": "excluded: the estimated value $120,000 ≤ the simplified acquisition "
                   "threshold ($350,000)",
        "GPR-015": "excluded: the equipment bought does not include optical fiber and cable",
        "GPR-016": "excluded: the equipment bought does not include optical fiber and cable",
        "GPR-019": "excluded: the estimated value $120,000 ≤ the Clean Air Act and Clean Water "
                   "Act threshold of 2 CFR 200 Appendix II(G) ($150,000)",
        "GPR-022": "excluded: the recipient is a college or university",
        "GPR-025": "excluded: the funding does not include BEAD"}
    assert "baba-bead" not in packs(checklist)
    baba = next(pack for pack in checklist.excluded_packs if pack.id == "baba-bead")
    assert baba.why == ("excluded: the funding does not include BEAD and the federal award funds "
                        "research or education, not infrastructure and the grant program is given")
    # The public-university question goes to counsel with the conflicts-of-interest item.
    assert points(checklist)["GPR-003"].startswith(
        'A public university is the "State" of 2 CFR 200.1 only if State law makes it an agency')
    # The thresholds that decided the methods are shown, though the buyer is no federal agency.
    assert {"micro_purchase", "simplified_acquisition", "grant_termination_clause",
            "grant_byrd_certification"} <= {row.id for row in checklist.thresholds}


def test_a_bead_subgrantee_gets_the_subgrant_agreements_standards_at_should_and_180_and_byrd_as_law(
        library: Library) -> None:
    checklist = select(bead_subgrantee(), library, AS_OF)
    gpr = levels(checklist, "GPR")
    assert gpr == {
        "GPR-003": ("SHOULD", "practice"), "GPR-004": ("SHOULD", "practice"),
        "GPR-005": ("SHOULD", "practice"), "GPR-006": ("SHOULD", "practice"),
        "GPR-007": ("SHOULD", "practice"), "GPR-008": ("SHOULD", "practice"),
        "GPR-009": ("SHOULD", "practice"), "GPR-010": ("SHOULD", "practice"),
        "GPR-011": ("SHOULD", "practice"), "GPR-012": ("SHOULD", "practice"),
        "GPR-013": ("SHOULD", "practice"), "GPR-014": ("SHOULD", "practice"),
        "GPR-015": ("SHOULD", "practice"), "GPR-016": ("SHOULD", "practice"),
        "GPR-017": ("SHOULD", "practice"), "GPR-019": ("SHOULD", "practice"),
        "GPR-020": ("MUST", "law"), "GPR-021": ("MUST", "law"), "GPR-023": ("SHOULD", "practice"),
        "GPR-024": ("SHOULD", "practice"), "GPR-025": ("SHOULD", "practice")}
    assert BEAD_NOTICE in requirement(checklist, "GPR-012").why
    assert binding(checklist, "GPR-020") == {
        "2 CFR part 180, as adopted by the awarding agency (Commerce at 2 CFR part 1326)",
        APPENDIX_II}
    # One point for counsel for every item the subgrant agreement decides, not fourteen.
    assert points(checklist)[
        "GPR-004, GPR-005, GPR-007, GPR-008, GPR-009, GPR-010, GPR-011, GPR-012, GPR-013, "
        "GPR-014, GPR-017, GPR-019, GPR-023"] == BEAD_NOTICE + "."
    flow_down = requirement(checklist, "GPR-025")
    assert "[buyer states: subgrant agreement and the terms it flows to contractors]" in (
        flow_down.text)
    # Buy America is statute and 2 CFR 184: MUST as law for a BEAD subgrantee, flow-down included.
    baba = levels(checklist, "BABA")
    assert {key: baba[key] for key in ("BABA-001", "BABA-002", "BABA-004", "BABA-006",
                                       "BABA-013")} == dict.fromkeys(
        ("BABA-001", "BABA-002", "BABA-004", "BABA-006", "BABA-013"), ("MUST", "law"))
    assert binding(checklist, "BABA-013") == {"2 CFR part 184"}
    # The NOFO's cyber and supply-chain plans: SHOULD, MUST where the subgrant agreement says so.
    assert baba["BABA-016"] == baba["BABA-017"] == ("SHOULD", "practice")
    assert requirement(checklist, "BABA-016").buyer_duty == (
        "Supports the buyer's own duty under NTIA BEAD Notice of Funding Opportunity "
        "(NTIA-BEAD-2022), §IV.C.2.d.vi (cybersecurity risk-management plan)")
    assert points(checklist)["BABA-016"].startswith(
        "MUST where the subgrant agreement carries the NOFO's cybersecurity-plan condition")
    # §5949 binds executive agencies' procurement, not a grantee: no deadline for it here.
    assert not any(deadline.authority == "ndaa-fy2023-5949" for deadline in checklist.deadlines)


def test_a_for_profit_recipient_is_bound_by_2_cfr_180_and_byrd_but_by_its_award_for_the_rest(
        library: Library) -> None:
    checklist = select(grantee(sector="carrier", grantee_type="for_profit",
                               grant_program="infrastructure", contract_value_usd=800_000),
                       library, AS_OF)
    gpr = levels(checklist, "GPR")
    assert gpr["GPR-002"] == ("SHOULD", "practice")
    assert gpr["GPR-003"] == gpr["GPR-012"] == gpr["GPR-013"] == ("SHOULD", "practice")
    assert gpr["GPR-020"] == gpr["GPR-021"] == ("MUST", "law")
    assert requirement(checklist, "GPR-003").why.endswith(
        "here the recipient is a for-profit company)")
    assert points(checklist)["GPR-002"].startswith(
        "Counsel reads the award (and the pass-through entity's subaward) to say which of 2 CFR "
        "200.317-200.327 and Appendix II it applies to the buyer")


def test_an_indian_tribe_follows_its_own_procedures_only_under_the_2024_revision(
        library: Library) -> None:
    tribe = grantee(grantee_type="tribe", grant_program="other", contract_value_usd=400_000)
    before = select(tribe, library, dt.date(2024, 9, 30))
    after = select(tribe, library, dt.date(2024, 10, 1))
    assert levels(before, "GPR-001") == {"GPR-001": ("SHOULD", "practice")}
    assert levels(before, "GPR-003") == {"GPR-003": ("MUST", "law")}
    assert levels(after, "GPR-001") == {"GPR-001": ("MUST", "law")}
    assert levels(after, "GPR-003") == {"GPR-003": ("SHOULD", "practice")}


def test_without_the_recipient_type_the_standards_are_a_point_for_counsel(
        library: Library) -> None:
    checklist = select(grantee(grant_program="other", contract_value_usd=500_000), library, AS_OF)
    assert levels(checklist, "GPR-001") == {"GPR-001": ("SHOULD", "practice")}
    assert levels(checklist, "GPR-003") == {"GPR-003": ("SHOULD", "practice")}
    assert levels(checklist, "GPR-020") == {"GPR-020": ("MUST", "law")}
    assert requirement(checklist, "GPR-001").text.startswith("If the buyer is a State")
    assert points(checklist)["Recipient type"] == (
        "The recipient type is not given. It decides whether 2 CFR 200.317, 2 CFR 200.318, "
        "2 CFR 200.319, 2 CFR 200.320, 2 CFR 200.324, 2 CFR 200.322, 2 CFR 200.327 and "
        "Appendix II to 2 CFR part 200 and 2 CFR 200.323 bind this purchase; until it is stated, "
        "none of these is a legal MUST here. State it in the answers (Recipient type) and "
        "generate again.")


# ---------------------------------------------------------------- value bands

@pytest.mark.parametrize(("value", "expected"), [
    (9_000, {"GPR-006": "MUST"}),
    (10_000, {"GPR-006": "MUST"}),
    (10_001, {"GPR-006": "MUST", "GPR-014": "MUST"}),
    (25_000, {"GPR-006": "MUST", "GPR-014": "MUST", "GPR-020": "MUST"}),
    (100_000, {"GPR-006": "MUST", "GPR-014": "MUST", "GPR-020": "MUST"}),
    (100_001, {"GPR-006": "MUST", "GPR-014": "MUST", "GPR-017": "MUST", "GPR-020": "MUST",
               "GPR-021": "MUST"}),
    (150_001, {"GPR-006": "MUST", "GPR-014": "MUST", "GPR-017": "MUST", "GPR-019": "MUST",
               "GPR-020": "MUST", "GPR-021": "MUST"}),
    (350_001, {"GPR-006": "MUST", "GPR-008": "MUST", "GPR-013": "MUST", "GPR-014": "MUST",
               "GPR-017": "MUST", "GPR-019": "MUST", "GPR-020": "MUST", "GPR-021": "MUST"}),
])
def test_appendix_ii_provisions_follow_the_value(library: Library, value: int,
                                                  expected: dict[str, str]) -> None:
    checklist = select(grantee(grantee_type="local", grant_program="other",
                               contract_value_usd=value), library, AS_OF)
    banded = ("GPR-006", "GPR-008", "GPR-013", "GPR-014", "GPR-017", "GPR-019", "GPR-020",
              "GPR-021")
    assert {key: level for key, (level, basis) in levels(checklist, "GPR").items()
            if key in banded and basis == "law"} == expected
    assert not set(banded) - set(expected) & set(levels(checklist, "GPR"))


@pytest.mark.parametrize(("value", "title"), [
    (15_000, "Micro-purchase quotation with support for its price"),
    (15_001, "Written quotation for a simplified acquisition"),
    (350_000, "Written quotation for a simplified acquisition"),
    (350_001, "Sealed bid or proposal for a formal procurement"),
])
def test_the_procurement_method_follows_the_value(library: Library, value: int,
                                                  title: str) -> None:
    checklist = select(grantee(grantee_type="local", grant_program="other",
                               contract_value_usd=value), library, AS_OF)
    assert requirement(checklist, "GPR-006").title == title


def test_the_grant_simplified_acquisition_threshold_follows_the_far_value_on_the_date(
        library: Library) -> None:
    county = grantee(grantee_type="local", grant_program="other", contract_value_usd=300_000)
    before = select(county, library, dt.date(2025, 9, 30))
    after = select(county, library, dt.date(2025, 10, 1))
    assert levels(before, "GPR-008") == {"GPR-008": ("MUST", "law")}
    assert requirement(before, "GPR-006").title == "Sealed bid or proposal for a formal procurement"
    assert excluded(after, "GPR-008") == {
        "GPR-008": "excluded: the estimated value $300,000 ≤ the simplified acquisition "
                   "threshold ($350,000)"}
    assert requirement(after, "GPR-006").title == "Written quotation for a simplified acquisition"


def test_without_a_value_the_banded_provisions_wait_for_counsel(library: Library) -> None:
    checklist = select(grantee(grantee_type="local", grant_program="other"), library, AS_OF)
    for key in ("GPR-013", "GPR-014", "GPR-017", "GPR-019", "GPR-020", "GPR-021"):
        assert levels(checklist, key) == {key: ("SHOULD", "practice")}
    assert points(checklist)["Contract value"] == (
        "The estimated value is not given. It decides the level of GPR-008, GPR-013, GPR-014, "
        "GPR-017, GPR-019, GPR-020 and GPR-021; until it is stated, none of these is a legal "
        "MUST here. State it in the answers (Contract value) and generate again.")


def test_the_equal_opportunity_clause_follows_executive_order_11246_until_its_revocation(
        library: Library) -> None:
    county = grantee(grantee_type="local", grant_program="infrastructure",
                     contract_value_usd=2_000_000, equipment=["fiber_cable", "ip_routing"])
    before = select(county, library, dt.date(2025, 1, 20))
    after = select(county, library, dt.date(2025, 1, 21))
    assert levels(before, "GPR-015") == {"GPR-015": ("MUST", "law")}
    assert requirement(before, "GPR-015").title == (
        "Equal opportunity clause in federally assisted construction contracts")
    assert levels(after, "GPR-015") == {"GPR-015": ("SHOULD", "practice")}
    assert requirement(after, "GPR-015").title == (
        "Nondiscrimination terms for federally assisted construction (Executive Order 11246 "
        "revoked)")
    assert points(after)["GPR-015"].startswith(
        "Executive Order 14173 revoked Executive Order 11246 on 2025-01-21")


# ---------------------------------------------------------------- Build America, Buy America

def test_an_infrastructure_grant_brings_buy_america_as_law_and_a_research_grant_does_not(
        library: Library) -> None:
    county = grantee(grantee_type="local", grant_program="infrastructure",
                     contract_value_usd=2_000_000, equipment=["fiber_cable", "ip_routing"])
    infrastructure = select(county, library, AS_OF)
    baba = levels(infrastructure, "BABA")
    assert baba == {
        "BABA-001": ("MUST", "law"), "BABA-002": ("MUST", "law"), "BABA-003": ("MUST", "law"),
        "BABA-004": ("MUST", "law"), "BABA-005": ("MUST", "law"),
        "BABA-011": ("SHOULD", "practice"), "BABA-012": ("MUST", "law"),
        "BABA-013": ("MUST", "law"), "BABA-014": ("SHOULD", "practice"),
        "BABA-015": ("SHOULD", "practice")}
    assert binding(infrastructure, "BABA-002") == BABA_LAW
    # The BEAD waiver relieves only BEAD: no waiver item, no waiver wording for this county.
    assert "NTIA" not in requirement(infrastructure, "BABA-004").text
    assert "NTIA BEAD Limited General Applicability Nonavailability Waiver of the Buy America " \
        "Domestic Content Procurement Preference" not in {
            entry.citation for entry in infrastructure.authority_register}
    research = select(university(contract_value_usd=2_000_000), library, AS_OF)
    assert "baba-bead" not in packs(research)


def test_a_grantee_that_does_not_name_its_program_gets_buy_america_as_should_and_a_counsel_point(
        library: Library) -> None:
    checklist = select(grantee(grantee_type="local", contract_value_usd=900_000), library, AS_OF)
    baba = levels(checklist, "BABA")
    assert baba["BABA-001"] == baba["BABA-002"] == ("SHOULD", "practice")
    assert baba["BABA-019"] == ("SHOULD", "practice")
    assert points(checklist)["Grant program"] == (
        "The grant program is not given. It decides whether Infrastructure Investment and Jobs "
        "Act, P.L. 117-58, div. G, title IX, §§70901–70927 (Build America, Buy America Act) and "
        "2 CFR part 184 bind this purchase; until it is stated, none of these is a legal MUST "
        "here. State it in the answers (Grant program) and generate again.")


def test_bead_before_the_waiver_term_ends_words_the_waiver_and_after_it_demands_the_full_test(
        library: Library) -> None:
    buyer = bead_subgrantee(delivery_year=2029, award_date=dt.date(2029, 3, 1))
    before = select(buyer, library, BEFORE_WAIVER_ENDS)
    after = select(buyer, library, AFTER_WAIVER_ENDS)
    for checklist in (before, after):
        assert levels(checklist, "BABA-006") == {"BABA-006": ("MUST", "law")}
        assert levels(checklist, "BABA-010") == {"BABA-010": ("MUST", "law")}
        assert binding(checklist, "BABA-006") == BABA_LAW
        assert binding(checklist, "BABA-010") == BABA_LAW
    olt_before = requirement(before, "BABA-006")
    assert olt_before.title == ("OLTs, OLT line cards, OLT optics and standalone ONTs produced in "
                                "the US, and after the waiver term fully compliant")
    assert olt_before.text.startswith(
        "Until 2029-02-22, the end of the NTIA BEAD waiver's five-year term unless NTIA renews "
        "it, the waiver lifts the 55% component-cost test")
    olt_after = requirement(after, "BABA-006")
    assert olt_after.title == ("OLTs, OLT line cards, OLT optics and standalone ONTs meet the "
                               "full Buy America test (no waiver in force)")
    assert "more than 55% of the cost of all its components" in olt_after.text
    assert "lifts the 55%" not in olt_after.text and "waived" not in olt_after.text
    assert requirement(after, "BABA-010").title == (
        "Items the BEAD waiver covered meet the full Buy America preference (no waiver in force)")
    # The waiver items exist only while the waiver does.
    waiver_items = ("BABA-007", "BABA-008", "BABA-009", "BABA-020")
    assert set(waiver_items) <= set(levels(before, "BABA"))
    gone = excluded(after, "BABA")
    assert set(waiver_items) <= set(gone)
    assert gone["BABA-007"].endswith(
        "is expired since 2029-02-23 (the five-year term ended on 2029-02-22 unless renewed)")
    # No MUST rests on the expired waiver, and it leaves the register (Q25).
    for item in after.requirements:
        assert "ntia-bead-baba-waiver" not in {ref.id for ref in item.authorities}
    assert "ntia-bead-baba-waiver" not in {entry.id for entry in after.authority_register}
    assert "BABA-020" in requirement(before, "BABA-004").text
    assert "BABA-020" not in requirement(after, "BABA-004").text


@pytest.mark.parametrize(("delivery", "title", "compliant_supply"), [
    (2027, "OLTs, OLT line cards, subscriber-facing OLT optics and standalone ONTs produced in "
           "the US", False),
    (2029, "OLTs, OLT line cards, OLT optics and standalone ONTs produced in the US, and after "
           "the waiver term fully compliant", True),
    (2030, "OLTs, OLT line cards, OLT optics and standalone ONTs delivered after the waiver term "
           "meet the full Buy America test", True),
])
def test_the_delivery_year_decides_the_waiver_wording_while_the_waiver_is_in_force(
        library: Library, delivery: int, title: str, compliant_supply: bool) -> None:
    checklist = select(bead_subgrantee(delivery_year=delivery), library, AS_OF)
    assert requirement(checklist, "BABA-006").title == title
    assert ("BABA-010" in levels(checklist, "BABA")) is compliant_supply
    starts = [(deadline.date, deadline.what) for deadline in checklist.deadlines
              if deadline.what.startswith("BABA-010")]
    assert starts == ([(dt.date(2029, 2, 23), "BABA-010 takes effect: Compliant supply for "
                        "deliveries after the waiver term (after 2029-02-22)")]
                      if compliant_supply else [])


# ---------------------------------------------------------------- answers and registry

def test_a_recipient_type_without_a_grant_is_refused_and_an_odd_sector_is_flagged(
        library: Library) -> None:
    words = library.vocabulary
    lone = grantee(federal_status="none", funding=["private"], grantee_type="local")
    with pytest.raises(InputFileError) as caught:
        select(lone, library, AS_OF, source="answers.yaml")
    assert str(caught.value) == (
        "answers.yaml: grantee_type: the recipient is a local government, but no federal "
        "contract, grant or loan is involved: remove grantee_type, or set federal_status: "
        "grantee.")
    odd = grantee(sector="utility", grantee_type="local", grant_program="other")
    assert check_answers(odd, AS_OF, words).warnings == (
        "The recipient is a local government, but the buyer is a utility or electric "
        "cooperative; check both, since the recipient type decides which 2 CFR 200 procurement "
        "standards apply.",)


def test_the_registry_records_the_2024_revision_and_the_public_sources(library: Library) -> None:
    registry: Registry = library.registry
    by_id = registry.by_id()
    prohibition = by_id["2cfr-200.216"]
    assert [(change.date, change.status) for change in prohibition.timeline] == [
        (dt.date(2020, 8, 13), "effective"), (dt.date(2024, 10, 1), "effective")]
    assert "89 FR 30136" in (prohibition.timeline[1].note or "")
    # An amendment does not restart "in force since"; the status says when it was amended.
    revised = by_id["2cfr-200.317"].status_on(dt.date(2024, 10, 1))
    assert revised.since == dt.date(2014, 12, 26)
    assert (revised.note or "").startswith("amended 2024-10-01: revised by 89 FR 30136")
    waiver = by_id["ntia-bead-baba-waiver"]
    assert waiver.status_on(BEFORE_WAIVER_ENDS).status == "effective"
    assert waiver.status_on(AFTER_WAIVER_ENDS).status == "expired"
    assert waiver.relieves == ["iija-baba", "2cfr-184"]
    assert by_id["eo-11246"].status_on(dt.date(2025, 1, 21)).status == "rescinded"
    grant_ids = ("2cfr-200.101", "2cfr-200.216", "2cfr-200.317", "2cfr-200.318",
                 "2cfr-200.319", "2cfr-200.320", "2cfr-200.321", "2cfr-200.322",
                 "2cfr-200.323", "2cfr-200.324", "2cfr-200.326", "2cfr-200-appendix-ii",
                 "2cfr-200.471", "2cfr-180", "31usc-1352", "lobbying-common-rule", "eo-11246",
                 "eo-14173", "iija-baba", "2cfr-184", "omb-m-24-02", "ntia-bead-baba-waiver",
                 "ntia-bead-nofo", "ntia-bead-restructuring-2025",
                 "ntia-bead-uniform-guidance-notice")
    for authority_id in grant_ids:
        assert "regulations.md" not in by_id[authority_id].source, authority_id
    values = {threshold.id: threshold.entry_on(AS_OF) for threshold in registry.thresholds}
    assert {key: entry.value for key, entry in values.items()
            if key.startswith("grant_") and entry is not None} == {
        "grant_termination_clause": 10_000, "grant_davis_bacon": 2_000,
        "grant_nonprocurement_covered_contract": 25_000, "grant_contract_work_hours": 100_000,
        "grant_byrd_certification": 100_000, "grant_clean_air_water": 150_000}


def test_the_tools_carve_out_cites_omb_m_24_02_and_the_classification_paragraph_of_184_4(
        library: Library) -> None:
    pack = next(entry.pack for entry in library.packs if entry.pack.id == "baba-bead")
    tools = next(item for item in pack.requirements if item.id == "BABA-014")
    assert [(cite.id, cite.pinpoint) for cite in tools.authorities] == [
        ("omb-m-24-02", "scope of the preference: articles consumed in, incorporated into or "
                        "affixed to the project; not tools, equipment and supplies removed at or "
                        "before completion"),
        ("2cfr-184", "§184.4(e)(2) (an item may fall in no category)")]
    fiber = next(item for item in pack.requirements if item.id == "BABA-004")
    assert [cite.id for cite in fiber.authorities] == ["2cfr-184", "iija-baba"]
