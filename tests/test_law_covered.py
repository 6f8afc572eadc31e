"""Buyers written from the law for the covered-equipment, fcc, dod-cyber and cnsa2-nss packs.

In: buyers built here, the bundled library, fixed document dates. Out: the packs in and out, exact
requirement ids with their level and basis, and the citations behind every MUST: whom the DFARS,
CMMC, §889, §805, §5949, the FCC Covered List orders and CNSSP 15 bind, and when.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from procure.model.answers import Answers
from procure.model.checklist import Checklist, ChecklistRequirement
from procure.model.packs import Library
from procure.rules.selection import select

AS_OF = dt.date(2026, 11, 27)
DFARS_CYBER = {"DFARS 252.204-7012", "DFARS 252.204-7019", "DFARS 252.204-7020",
               "DFARS 252.204-7021", "DFARS 252.204-7025", "DFARS Class Deviation 2024-O0013",
               "32 CFR part 170"}


def buyer(**answers: Any) -> Answers:
    base: dict[str, Any] = {"schema": "procure/answers@1", "organization": "Example buyer",
                            "project": "Network refresh", "equipment": ["ip_routing"]}
    return Answers.model_validate({**base, **answers})


def run(library: Library, answers: Answers, as_of: dt.date = AS_OF) -> Checklist:
    return select(answers, library, as_of)


def packs_in(checklist: Checklist) -> set[str]:
    return {pack.id for pack in checklist.packs}


def found(checklist: Checklist, requirement_id: str) -> ChecklistRequirement:
    return next(item for item in checklist.requirements if item.id == requirement_id)


def levels(checklist: Checklist, prefix: str = "") -> dict[str, tuple[str, str]]:
    return {item.id: (item.level, item.basis) for item in checklist.requirements
            if item.id.startswith(prefix)}


def must_citations(checklist: Checklist) -> set[str]:
    """The citations of laws that bind and make a MUST: what counsel reads as legal mandates."""
    return {ref.citation for item in checklist.requirements
            if item.level == "MUST" and item.basis == "law"
            for ref in item.authorities if ref.binds and ref.status == "effective"}


def counsel(checklist: Checklist, ref: str) -> str:
    return " ".join(point.point for point in checklist.counsel_points if point.ref == ref)


# --------------------------------------------------------------------------- DoD cyber and CMMC

def test_a_contractor_whose_cui_comes_only_from_civilian_agencies_gets_no_dfars_or_cmmc(
        library: Library) -> None:
    checklist = run(library, buyer(sector="enterprise", federal_status="contractor", cui=True,
                                   contracts_with=["civilian"], contractor_purchase="performance"))
    assert "dod-cyber" not in packs_in(checklist)
    excluded = next(pack for pack in checklist.excluded_packs if pack.id == "dod-cyber")
    assert "federal work does not include DoD contracts" in excluded.why
    assert not DFARS_CYBER & must_citations(checklist)
    # §889 Part B still binds every federal contractor, whoever its customer is.
    assert levels(checklist, "CEQ-005") == {"CEQ-005": ("MUST", "law")}
    assert {"John S. McCain NDAA for FY2019, P.L. 115-232, §889", "FAR 52.204-25"} <= \
        must_citations(checklist)
    # The pqc pack's 252.204-7012 item is lowered by the same rule (its text is the pqc pack's).
    assert levels(checklist, "PQC-019") == {"PQC-019": ("SHOULD", "practice")}


def test_a_cui_contractor_that_does_not_say_whose_contracts_it_holds_gets_dfars_for_counsel(
        library: Library) -> None:
    checklist = run(library, buyer(sector="enterprise", federal_status="contractor", cui=True,
                                   contractor_purchase="performance"))
    assert "dod-cyber" in packs_in(checklist)
    assert levels(checklist, "DOD-001") == {"DOD-001": ("SHOULD", "practice")}
    assert not DFARS_CYBER & must_citations(checklist)
    point = counsel(checklist, "Contracts held with")
    assert point.startswith("The buyer's federal work is not given.")
    assert "DFARS 252.204-7012" in point


def test_a_dod_contractor_with_cui_is_bound_by_7012_and_cmmc_is_the_level_its_contract_names(
        library: Library) -> None:
    checklist = run(library, buyer(sector="defense", federal_status="contractor", cui=True,
                                   contracts_with=["dod"], contractor_purchase="performance",
                                   award_date="2027-01-10"))
    assert "dod-cyber" in packs_in(checklist)
    dod = levels(checklist, "DOD-")
    assert dod == {
        "DOD-001": ("MUST", "law"), "DOD-004": ("MUST", "law"), "DOD-005": ("MUST", "law"),
        "DOD-006": ("MUST", "law"), "DOD-008": ("MUST", "law"),
        "DOD-009": ("SHOULD", "practice"),  # no CMMC level named before 2028-11-10 (Q4)
        "DOD-020": ("SHOULD", "practice"), "DOD-013": ("SHOULD", "practice")}
    assert {"DFARS 252.204-7012", "DFARS Class Deviation 2024-O0013"} <= must_citations(checklist)
    first = found(checklist, "DOD-001")
    assert first.why.endswith("MUST as law: DFARS 252.204-7012, DFARS Class Deviation "
                              "2024-O0013 bind this purchase")
    assert first.buyer_duty is not None and first.buyer_duty.startswith(
        "Supports the buyer's own duty under DFARS 252.204-7012")
    cmmc = found(checklist, "DOD-020")
    assert "[buyer states: CMMC level required (DFARS 252.204-7025(b)(1))]" in cmmc.text
    assert [blank.name for blank in cmmc.blanks] == ["cmmc_level"]
    assert "32 CFR 170.23" in counsel(checklist, "DOD-020")
    scope = found(checklist, "DOD-009")
    assert "contractor risk managed asset, specialized asset or out of scope" in scope.text
    # The retired ids are gone for good: CMMC levels are a fill-in, §805 lives in covered-equipment.
    assert not {"DOD-010", "DOD-011", "DOD-012", "DOD-017", "DOD-018"} & set(dod)


def test_cmmc_becomes_a_legal_must_only_when_dfars_204_7504_a_2_requires_the_clause(
        library: Library) -> None:
    answers = buyer(sector="defense", federal_status="agency", cui=True,
                    commercial_status="noncommercial")
    before = run(library, answers, dt.date(2028, 11, 9))
    after = run(library, answers, dt.date(2028, 11, 10))
    assert levels(before, "DOD-020") == {"DOD-020": ("SHOULD", "practice")}
    assert "204.7504(a)(1)" in counsel(before, "DOD-020")
    assert levels(after, "DOD-020") == {"DOD-020": ("MUST", "law")}
    assert {"DFARS 252.204-7021", "DFARS 252.204-7025"} <= must_citations(after)
    assert "[agency states: CMMC level required" in found(after, "DOD-020").text
    filled = run(library, buyer(sector="defense", federal_status="agency", cui=True,
                                commercial_status="noncommercial",
                                fill_ins={"cmmc_level": "CMMC Level 2 (C3PAO)"}),
                 dt.date(2028, 11, 10))
    assert "a current CMMC status of CMMC Level 2 (C3PAO) or higher" in \
        found(filled, "DOD-020").text


def test_a_dod_component_buying_only_cots_items_gets_no_dfars_cyber_clause(
        library: Library) -> None:
    checklist = run(library, buyer(sector="defense", federal_status="agency", cui=True,
                                   commercial_status="cots", award_date="2027-02-01"))
    assert "dod-cyber" in packs_in(checklist)
    assert not DFARS_CYBER & must_citations(checklist)
    assert levels(checklist, "DOD-") == {
        "DOD-002": ("SHOULD", "practice"), "DOD-003": ("SHOULD", "practice"),
        "DOD-005": ("SHOULD", "practice"), "DOD-006": ("SHOULD", "practice"),
        "DOD-020": ("SHOULD", "practice"), "DOD-013": ("SHOULD", "practice"),
        "DOD-014": ("MUST", "law"), "DOD-015": ("SHOULD", "practice"),
        "DOD-019": ("MUST", "law")}
    assert "not solely for commercially available off-the-shelf items" in \
        found(checklist, "DOD-002").why
    assert "DoDI 8100.04" in must_citations(checklist)
    assert "not solely COTS" in counsel(checklist, "DOD-002")


def test_an_unknown_commercial_status_leaves_the_dfars_undecided_for_counsel(
        library: Library) -> None:
    checklist = run(library, buyer(sector="defense", federal_status="agency", cui=True))
    assert levels(checklist, "DOD-002") == {"DOD-002": ("SHOULD", "practice")}
    point = counsel(checklist, "Commercial status")
    assert point.startswith("The commercial status of the items is not given.")
    assert "DFARS 252.204-7012" in point


def test_a_dod_component_that_is_not_nss_gets_dfars_but_no_cnsa_and_no_nss_supply_chain_clause(
        library: Library) -> None:
    checklist = run(library, buyer(sector="defense", federal_status="agency", cui=True,
                                   national_security_system=False, commercial_status="commercial",
                                   award_date="2027-03-01"))
    assert "cnsa2-nss" not in packs_in(checklist)
    dod = levels(checklist, "DOD-")
    assert dod["DOD-002"] == ("MUST", "law") and dod["DOD-003"] == ("MUST", "law")
    assert dod["DOD-015"] == ("SHOULD", "practice")
    assert "DOD-016" not in dod
    assert {"DFARS 252.204-7012", "DFARS 252.204-7019", "DFARS 252.204-7020"} <= \
        must_citations(checklist)
    assert not {"CNSSP 15", "CNSSP 11", "DFARS 252.239-7018"} & must_citations(checklist)
    dropped = {item.id: item.why for item in checklist.excluded_requirements}
    assert dropped["DOD-016"] == "excluded: the equipment is not part of a national security system"


def test_a_dod_nss_buy_gets_252_239_7018_once_and_niap_through_cnssp_11(library: Library) -> None:
    checklist = run(library, buyer(sector="defense", federal_status="agency", cui=True,
                                   national_security_system=True, commercial_status="commercial",
                                   award_date="2027-03-01"))
    assert levels(checklist, "DOD-016") == {"DOD-016": ("MUST", "law")}
    assert "CEQ-018" not in levels(checklist)   # retired: the same clause lives in DOD-016 only
    assert levels(checklist, "CNSA-009") == {"CNSA-009": ("MUST", "law")}
    assert "DOD-015" not in levels(checklist)
    assert {"DFARS 252.239-7018", "CNSSP 11", "CNSSP 15"} <= must_citations(checklist)


def test_a_civilian_nss_gets_cnsa_as_law_and_no_dfars(library: Library) -> None:
    checklist = run(library, buyer(sector="federal_civilian", federal_status="agency",
                                   national_security_system=True, cui=True,
                                   commercial_status="commercial", award_date="2027-03-01"))
    assert {"cnsa2-nss", "covered-equipment"} <= packs_in(checklist)
    assert "dod-cyber" not in packs_in(checklist)
    cnsa = levels(checklist, "CNSA-")
    assert cnsa["CNSA-001"] == ("MUST", "law") and cnsa["CNSA-002"] == ("MUST", "law")
    assert found(checklist, "CNSA-001").why.endswith("MUST as law: CNSSP 15 binds this purchase")
    assert not any(citation.startswith("DFARS") for citation in must_citations(checklist))
    assert "NDAA for FY2024, P.L. 118-31, §805" not in must_citations(checklist)


# --------------------------------------------------------------------------- §889, FCC Covered List

def test_a_private_enterprise_gets_the_fcc_covered_list_items_as_good_practice(
        library: Library) -> None:
    checklist = run(library, buyer(sector="enterprise", federal_status="none", funding=["private"],
                                   equipment=["sd_wan", "security_appliance"]))
    assert "covered-equipment" not in packs_in(checklist)
    fcc = levels(checklist, "FCC-00")
    assert {key: fcc[key] for key in ("FCC-004", "FCC-005", "FCC-006", "FCC-007")} == {
        "FCC-004": ("SHOULD", "practice"), "FCC-005": ("SHOULD", "practice"),
        "FCC-006": ("SHOULD", "practice"), "FCC-007": ("SHOULD", "practice")}
    assert fcc["FCC-001"] == ("MUST", "law")
    assert "John S. McCain NDAA for FY2019, P.L. 115-232, §889" not in must_citations(checklist)
    ban = found(checklist, "FCC-004")
    assert "were not revoked" in ban.text and "may no longer be imported or marketed" in ban.text
    assert "it binds a federal agency or a holder of federal contracts" in ban.why
    assert counsel(checklist, "FCC-004").startswith("No law found here bars this buyer")
    assert "case by case" in counsel(checklist, "FCC-007")


def test_a_federal_agency_gets_the_covered_list_bar_as_law_through_section_889(
        library: Library) -> None:
    checklist = run(library, buyer(sector="federal_civilian", federal_status="agency",
                                   commercial_status="commercial", award_date="2027-03-01",
                                   equipment=["sd_wan"]))
    fcc = levels(checklist, "FCC-00")
    assert fcc["FCC-004"] == ("MUST", "law") and fcc["FCC-007"] == ("MUST", "law")
    assert fcc["FCC-001"] == ("SHOULD", "practice")   # 47 CFR 2.807(d): federal use is exempt
    assert found(checklist, "FCC-004").why.endswith(
        "MUST as law: John S. McCain NDAA for FY2019, P.L. 115-232, §889 binds this purchase")
    assert levels(checklist, "CEQ-001") == {"CEQ-001": ("MUST", "law")}


def test_a_usf_carrier_gets_the_covered_list_as_law_through_47_cfr_54(library: Library) -> None:
    checklist = run(library, buyer(sector="carrier", federal_status="none", funding=["usf"],
                                   equipment=["ran", "ip_routing"], radio_bands=["part27"]))
    assert levels(checklist, "CEQ-02") == {
        "CEQ-022": ("MUST", "law"), "CEQ-023": ("MUST", "law"),
        "CEQ-024": ("SHOULD", "practice"), "CEQ-025": ("SHOULD", "practice")}
    assert levels(checklist, "FCC-004") == {"FCC-004": ("MUST", "law")}
    assert found(checklist, "FCC-004").why.endswith(
        "MUST as law: 47 CFR 54.10 (with 47 CFR 54.9) binds this purchase")
    assert {"47 CFR 54.10 (with 47 CFR 54.9)", "47 CFR part 27"} <= must_citations(checklist)
    assert "John S. McCain NDAA for FY2019, P.L. 115-232, §889" not in must_citations(checklist)


@pytest.mark.parametrize(("purpose", "level", "phrase"), [
    ("deliverable", ("MUST", "law"), "accepts the flow-down of FAR 52.204-23"),
    ("performance", ("MUST", "law"), "FAR 52.204-23(b)(2) bars it"),
    ("corporate", ("SHOULD", "practice"), "Although FAR 52.204-23 reaches only"),
])
def test_kaspersky_binds_a_contractor_for_contract_work_and_flows_down_only_to_deliverables(
        library: Library, purpose: str, level: tuple[str, str], phrase: str) -> None:
    checklist = run(library, buyer(sector="enterprise", federal_status="contractor",
                                   contracts_with=["civilian"], contractor_purchase=purpose))
    kaspersky = found(checklist, "CEQ-013")
    assert (kaspersky.level, kaspersky.basis) == level
    assert phrase in kaspersky.text
    assert ("flow-down" in kaspersky.text) is (purpose == "deliverable")
    tiktok = found(checklist, "CEQ-014")
    assert (tiktok.level, tiktok.basis) == level
    # §889 Part B reaches the contractor's own use whatever the purchase is for.
    assert levels(checklist, "CEQ-005") == {"CEQ-005": ("MUST", "law")}


def test_a_contractor_that_does_not_say_what_the_purchase_is_for_gets_a_counsel_point(
        library: Library) -> None:
    checklist = run(library, buyer(sector="enterprise", federal_status="contractor",
                                   contracts_with=["civilian"]))
    assert levels(checklist, "CEQ-013") == {"CEQ-013": ("SHOULD", "practice")}
    assert found(checklist, "CEQ-013").text.startswith("If the buyer will deliver this equipment")
    point = counsel(checklist, "Purchase is for")
    assert point.startswith("The purpose of the purchase is not given.")
    assert "FAR 52.204-23" in point


# --------------------------------------------------------------------------- radio spectrum

@pytest.mark.parametrize(("bands", "part27", "cbrs"), [
    (["cbrs"], None, ("MUST", "law")),
    (["part27"], ("MUST", "law"), None),
    (["part90_101"], None, None),
    (["cbrs", "part27"], ("MUST", "law"), ("MUST", "law")),
])
def test_part_27_and_part_96_follow_the_radio_spectrum(
        library: Library, bands: list[str], part27: tuple[str, str] | None,
        cbrs: tuple[str, str] | None) -> None:
    checklist = run(library, buyer(sector="enterprise", federal_status="none",
                                   equipment=["private_wireless"], radio_bands=bands))
    fcc = levels(checklist, "FCC-01")
    assert fcc.get("FCC-012") == part27
    assert fcc.get("FCC-013") == cbrs
    if cbrs:
        assert found(checklist, "FCC-013").why.endswith(
            "MUST as law: 47 CFR part 96 binds this purchase")


def test_an_unstated_radio_spectrum_keeps_part_27_and_part_96_at_should_for_counsel(
        library: Library) -> None:
    checklist = run(library, buyer(sector="utility", federal_status="none", equipment=["ran"]))
    assert levels(checklist, "FCC-01") == {
        "FCC-010": ("SHOULD", "practice"), "FCC-011": ("MUST", "law"),
        "FCC-012": ("SHOULD", "practice"),
        "FCC-013": ("SHOULD", "practice"), "FCC-014": ("SHOULD", "practice"),
        "FCC-015": ("SHOULD", "practice"), "FCC-016": ("SHOULD", "practice")}
    point = counsel(checklist, "Radio spectrum")
    assert point.startswith("The radio spectrum is not given.")
    assert "FCC-012" in point and "FCC-013" in point


def test_a_federal_agency_using_cbrs_is_pointed_to_ntia(library: Library) -> None:
    checklist = run(library, buyer(sector="federal_civilian", federal_status="agency",
                                   equipment=["private_wireless"], radio_bands=["cbrs"],
                                   commercial_status="commercial"))
    assert levels(checklist, "FCC-013") == {"FCC-013": ("SHOULD", "practice")}
    assert "NTIA" in counsel(checklist, "FCC-013")


# --------------------------------------------------------------------------- §805 and §5949 dates

@pytest.mark.parametrize(("as_of", "direct", "indirect"), [
    (dt.date(2026, 6, 29), ("SHOULD", "practice"), ("SHOULD", "practice")),
    (dt.date(2026, 6, 30), ("MUST", "law"), ("SHOULD", "practice")),
    (dt.date(2027, 6, 29), ("MUST", "law"), ("SHOULD", "practice")),
    (dt.date(2027, 6, 30), ("MUST", "law"), ("MUST", "law")),
])
def test_section_805_has_two_limbs_and_falls_back_to_the_document_date(
        library: Library, as_of: dt.date, direct: tuple[str, str],
        indirect: tuple[str, str]) -> None:
    checklist = run(library, buyer(sector="defense", federal_status="agency",
                                   commercial_status="commercial"), as_of)
    assert levels(checklist, "CEQ-019") == {"CEQ-019": direct}
    assert levels(checklist, "CEQ-020") == {"CEQ-020": indirect}
    # One statute, one pair of requirements: no §805 twin in dod-cyber.
    assert not any(ref.id == "ndaa-fy2024-805" for item in checklist.requirements
                   if item.pack == "dod-cyber" for ref in item.authorities)
    pinpoints = [ref.pinpoint for ref in found(checklist, "CEQ-020").authorities]
    assert pinpoints[0].startswith("§805(a)(1)(B)")
    if indirect[0] == "SHOULD":
        assert "CEQ-020" in counsel(checklist, "Award date")


def test_an_award_date_before_a_limb_keeps_it_at_should_without_a_counsel_point(
        library: Library) -> None:
    checklist = run(library, buyer(sector="defense", federal_status="agency",
                                   commercial_status="commercial", award_date="2027-05-01"))
    assert levels(checklist, "CEQ-019") == {"CEQ-019": ("MUST", "law")}
    assert levels(checklist, "CEQ-020") == {"CEQ-020": ("SHOULD", "practice")}
    assert "CEQ-020" not in counsel(checklist, "Award date")


def test_section_5949_is_one_deadline_and_only_for_buyers_it_binds(library: Library) -> None:
    agency = run(library, buyer(sector="federal_civilian", federal_status="agency",
                                commercial_status="commercial", award_date="2027-03-31"))
    rows = [deadline for deadline in agency.deadlines if deadline.date == dt.date(2027, 12, 23)]
    assert len(rows) == 1
    assert rows[0].what.endswith("(in this checklist: CEQ-021)")
    grantee = run(library, buyer(sector="state_local", federal_status="grantee",
                                 funding=["federal_grant"], grant_program="infrastructure"))
    assert not any(deadline.authority == "ndaa-fy2023-5949" for deadline in grantee.deadlines)
    assert "CEQ-021" not in levels(grantee)


# --------------------------------------------------------------------------- CNSA 2.0 over time

def test_cnsa_texts_demand_the_end_state_after_2030(library: Library) -> None:
    answers = buyer(sector="federal_civilian", federal_status="agency",
                    national_security_system=True, commercial_status="commercial")
    in_2030 = run(library, answers, dt.date(2030, 6, 1))
    in_2031 = run(library, answers, dt.date(2031, 2, 1))
    assert "no later than 2030-12-31" in found(in_2030, "CNSA-007").text
    later = found(in_2031, "CNSA-007")
    assert "no later than" not in later.text
    assert "runs CNSA 2.0 algorithms exclusively" in later.text
    assert later.title == ("Networking equipment runs CNSA 2.0 exclusively "
                           "(required since the end of 2030)")
    assert (later.level, later.basis) == ("MUST", "law")
    phase_out = found(in_2031, "CNSA-008")
    assert phase_out.text.startswith(
        "Every offered SKU supports CNSA 2.0 in the release delivered.")
    assert "worded for this date and buyer because the document date 2031-02-01 ≥ 2031-01-01" in \
        phase_out.why


def test_the_cnssp_15_gate_with_no_award_date_is_a_point_for_counsel(library: Library) -> None:
    checklist = run(library, buyer(sector="federal_civilian", federal_status="agency",
                                   national_security_system=True, commercial_status="commercial"))
    assert levels(checklist, "CNSA-001") == {"CNSA-001": ("SHOULD", "practice")}
    assert counsel(checklist, "CNSA-001").startswith("No award date is given")
    assert "CNSA-001" in counsel(checklist, "Award date")
    dated = run(library, buyer(sector="federal_civilian", federal_status="agency",
                               national_security_system=True, commercial_status="commercial",
                               award_date="2027-01-01"))
    assert levels(dated, "CNSA-001") == {"CNSA-001": ("MUST", "law")}
    assert not counsel(dated, "CNSA-001").startswith("No award date is given")


# --------------------------------------------------------------------------- clause identity

def test_the_register_gives_counsel_the_clause_identity_and_the_fill_ins(library: Library) -> None:
    checklist = run(library, buyer(sector="federal_civilian", federal_status="agency",
                                   commercial_status="commercial", award_date="2027-03-01"))
    register = {entry.id: entry for entry in checklist.authority_register}
    prohibition = register["far-52.204-25"].clause
    assert prohibition is not None
    assert prohibition.label == "FAR 52.204-25 (NOV 2021), clause"
    assert prohibition.prescription.startswith("FAR 4.2105(b)")
    assert "excluding paragraph (b)(2)" in (prohibition.flowdown or "")
    representation = register["far-52.204-24"].clause
    assert representation is not None and representation.signs == "representation"
    assert "52.212-3(v)(2)(i)" in (representation.commercial or "")
    fascsa = register["far-52.204-30"].clause
    assert fascsa is not None
    assert [alternate.split(":")[0] for alternate in fascsa.alternates] == ["Alternate I",
                                                                            "Alternate II"]
    assert "excluding paragraph (c)(1)" in (fascsa.flowdown or "")
    assert "[agency states: FASCSA orders not in SAM that apply (FAR 52.204-30(b)(3))]" in \
        found(checklist, "CEQ-015").text
    assert "Part 40" in (register["far-52.204-23"].clause.overhaul or "")  # type: ignore[union-attr]


def test_dod_002_asks_for_the_dod_cio_decision_through_the_contracting_officer(
        library: Library) -> None:
    # DFARS 252.204-7012(b)(2)(ii)(A)'s 30-day notice reached only contracts awarded before
    # 2017-10-01; what remains is (B): a request to vary, through the CO, for the DoD CIO.
    checklist = run(library, buyer(sector="defense", federal_status="agency", cui=True,
                                   commercial_status="noncommercial", award_date="2027-03-01"))
    item = found(checklist, "DOD-002")
    assert (item.level, item.basis) == ("MUST", "law")
    assert ("asks in writing, through the contracting officer, for the DoD CIO's decision before "
            "relying on an alternative") in item.text
    assert "30 days" not in item.text and "not yet implemented" not in item.text
    pinpoints = {ref.citation: ref.pinpoint for ref in item.authorities}
    assert "(b)(2)(ii)(B) (requests to vary, through the contracting officer, for DoD CIO " \
           "decision)" in pinpoints["DFARS 252.204-7012"]


def test_section_5949_falls_back_to_the_document_date_without_an_award_date(
        library: Library) -> None:
    agency = {"sector": "federal_civilian", "federal_status": "agency",
              "commercial_status": "commercial"}
    before = found(run(library, buyer(**agency), dt.date(2027, 12, 22)), "CEQ-021")
    after = found(run(library, buyer(**agency), dt.date(2027, 12, 23)), "CEQ-021")
    assert (before.level, before.basis) == ("SHOULD", "practice")
    assert (after.level, after.basis) == ("MUST", "law")
    assert {ref.citation for ref in after.authorities if ref.binds} == {
        "James M. Inhofe NDAA for FY2023, P.L. 117-263, div. E, §5949"}
    # Before the date the law is not in force, whatever the award date: SHOULD, and the reason
    # says when it becomes MUST for the awards it binds.
    later_award = found(run(library, buyer(**agency, award_date="2028-02-01"),
                            dt.date(2027, 6, 1)), "CEQ-021")
    assert (later_award.level, later_award.basis) == ("SHOULD", "practice")
    assert later_award.why.endswith(
        "SHOULD until 2027-12-23, when James M. Inhofe NDAA for FY2023, P.L. 117-263, div. E, "
        "§5949 takes effect; MUST for awards and deliveries bound by it from then on")
