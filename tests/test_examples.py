"""The bundled examples, pinned: which packs each buyer gets, which requirements at which level,
the citations a lawyer looks for, and what a change of the document date does.

The requirement pins live in tests/golden/; after a deliberate pack change, review the diff of
`PROCURE_UPDATE_GOLDEN=1 pytest tests/test_examples.py` and commit it with the pack.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest

from procure.model.checklist import Checklist
from procure.render.markdown import render_markdown

from .conftest import AS_OF

GOLDEN = Path(__file__).parent / "golden"
UPDATE = os.environ.get("PROCURE_UPDATE_GOLDEN") == "1"
EXAMPLE_NAMES = ["bead-subgrantee-fiber", "carrier-usf-oran", "cloud-provider-dci",
                 "defense-contractor-cui-enclave", "dod-nss-ip-optical", "enterprise-sdwan",
                 "federal-civilian-400zr", "state-agency-cyber-grant", "utility-nerc-private-lte"]

PACKS_IN = {
    "federal-civilian-400zr": [
        "covered-equipment", "domestic-sourcing", "fcc-authorization", "federal-it-baseline",
        "pqc", "supply-chain-assurance", "us-made-skus", "zero-trust", "ai-operations",
        "energy-efficiency", "ip-transport", "optical-transport"],
    "dod-nss-ip-optical": [
        "cnsa2-nss", "covered-equipment", "dod-cyber", "domestic-sourcing", "fcc-authorization",
        "federal-it-baseline", "pqc", "supply-chain-assurance", "us-made-skus", "zero-trust",
        "ai-operations", "energy-efficiency", "ip-transport", "optical-transport"],
    "bead-subgrantee-fiber": [
        "baba-bead", "covered-equipment", "critical-infrastructure", "fcc-authorization",
        "grant-procurement", "pqc", "supply-chain-assurance", "us-made-skus", "zero-trust",
        "energy-efficiency", "ip-transport"],
    "state-agency-cyber-grant": [
        "covered-equipment", "critical-infrastructure", "fcc-authorization", "grant-procurement",
        "pqc", "supply-chain-assurance", "zero-trust", "energy-efficiency", "ip-transport"],
    "utility-nerc-private-lte": [
        "critical-infrastructure", "fcc-authorization", "pqc", "supply-chain-assurance",
        "us-made-skus", "zero-trust", "ai-operations", "energy-efficiency", "ip-transport",
        "optical-transport", "private-wireless"],
    "carrier-usf-oran": [
        "covered-equipment", "critical-infrastructure", "fcc-authorization", "pqc",
        "supply-chain-assurance", "zero-trust", "ai-operations", "energy-efficiency",
        "ip-transport", "ran-oran"],
    "cloud-provider-dci": [
        "fcc-authorization", "pqc", "supply-chain-assurance", "zero-trust", "ai-operations",
        "energy-efficiency", "ip-transport", "optical-transport"],
    "enterprise-sdwan": ["fcc-authorization", "pqc", "supply-chain-assurance", "zero-trust"],
    "defense-contractor-cui-enclave": [
        "covered-equipment", "dod-cyber", "fcc-authorization", "federal-it-baseline", "pqc",
        "supply-chain-assurance", "zero-trust", "energy-efficiency", "ip-transport"],
}


def cited(checklist: Checklist, requirement_id: str | None = None) -> set[str]:
    return {ref.citation for item in checklist.requirements for ref in item.authorities
            if requirement_id is None or item.id == requirement_id}


def levels(checklist: Checklist) -> dict[str, str]:
    return {item.id: item.level for item in checklist.requirements}


def federal_acquisition_clauses(checklist: Checklist) -> set[str]:
    return {citation for citation in cited(checklist)
            if citation.startswith(("FAR ", "DFARS ", "48 CFR"))}


@pytest.mark.parametrize("name", EXAMPLE_NAMES)
def test_each_example_gets_exactly_its_packs(checklist_of, name: str) -> None:
    checklist = checklist_of(name)
    assert [pack.id for pack in checklist.packs] == PACKS_IN[name]
    every = {pack.id for pack in checklist.packs} | {p.id for p in checklist.excluded_packs}
    assert len(every) == 19


@pytest.mark.parametrize("name", EXAMPLE_NAMES)
def test_each_example_gets_exactly_its_requirements_and_levels(checklist_of, name: str) -> None:
    checklist = checklist_of(name)
    lines = [f"# {name} on {AS_OF}: {len(checklist.requirements)} requirements"]
    lines += [f"{item.id} {item.level} {item.basis}" for item in checklist.requirements]
    actual = "\n".join(lines) + "\n"
    golden = GOLDEN / f"{name}.requirements.txt"
    if UPDATE:
        golden.write_text(actual)
    assert actual == golden.read_text()


def test_the_federal_civilian_buyer_gets_the_far_clauses_a_lawyer_expects(checklist_of) -> None:
    checklist = checklist_of("federal-civilian-400zr")
    clauses = federal_acquisition_clauses(checklist)
    assert {"FAR 52.204-24", "FAR 52.204-25", "FAR 52.204-26", "FAR 52.225-5",
            "FAR 52.225-6"} <= clauses
    assert "FAR 52.225-1" not in clauses, "above the WTO GPA threshold Buy American is waived"
    assert not any(citation.startswith("DFARS") for citation in clauses)
    domestic = next(pack for pack in checklist.packs if pack.id == "domestic-sourcing")
    assert domestic.why == "included: the buyer is a federal agency"
    trade = next(item for item in checklist.requirements if item.id == "DOM-014")
    assert (trade.level, trade.basis) == ("MUST", "law")
    assert trade.why == (
        "applies because the buyer is in the federal civilian sector and the estimated value "
        "$2,000,000 ≥ the WTO GPA threshold for supplies and services ($174,000, value "
        "unverified); MUST as law: FAR 52.225-5, FAR subpart 25.4 bind this purchase")
    assert any(point.ref == "WTO GPA threshold for supplies and services"
               for point in checklist.counsel_points)


def test_a_bead_subgrantee_gets_baba_and_2_cfr_200_216_and_no_far_clause(checklist_of) -> None:
    checklist = checklist_of("bead-subgrantee-fiber")
    citations = cited(checklist)
    assert {"2 CFR 200.216", "2 CFR part 184"} <= citations
    assert federal_acquisition_clauses(checklist) == set()
    assert "domestic-sourcing" in {pack.id for pack in checklist.excluded_packs}
    assert not any("Trade Agreements" in item.title for item in checklist.requirements)
    fiber_points = [point.point for point in checklist.counsel_points]
    assert any("coherent" in point and "OLT" in point for point in fiber_points)


def test_a_national_security_system_gets_cnsa_2_at_must(checklist_of) -> None:
    checklist = checklist_of("dod-nss-ip-optical")
    cnsa = {item.id: item.level for item in checklist.requirements if item.pack == "cnsa2-nss"}
    assert cnsa["CNSA-001"] == "MUST"
    assert sum(level == "MUST" for level in cnsa.values()) >= 10
    assert "NSA CNSA 2.0" in cited(checklist) or any("CNSA 2.0" in c for c in cited(checklist))


def test_before_the_cnssp_15_gate_an_earlier_award_gets_cnsa_as_should(
    checklist_of, library
) -> None:
    from procure.model.answers import Answers
    from procure.rules.selection import select

    from .conftest import example

    early = Answers.model_validate({**example("dod-nss-ip-optical").to_document(),
                                    "award_date": "2026-12-15"})
    checklist = select(early, library, AS_OF)
    assert levels(checklist)["CNSA-001"] == "SHOULD"


@pytest.mark.parametrize("name", ["cloud-provider-dci", "enterprise-sdwan",
                                  "utility-nerc-private-lte", "carrier-usf-oran"])
def test_private_money_brings_no_far_or_dfars_clause(checklist_of, name: str) -> None:
    assert federal_acquisition_clauses(checklist_of(name)) == set()


def test_a_defense_contractor_is_bound_for_its_own_cui_enclave(checklist_of) -> None:
    checklist = checklist_of("defense-contractor-cui-enclave")
    must = {ref.citation for item in checklist.requirements if item.level == "MUST"
            for ref in item.authorities}
    assert {"DFARS 252.204-7012", "FAR 52.204-25"} <= must
    assert any("CMMC" in item.title or "CMMC" in item.text for item in checklist.requirements
               if item.level == "MUST")
    assert "domestic-sourcing" not in {pack.id for pack in checklist.packs}


def test_a_nerc_medium_impact_utility_gets_cip_013_vendor_items_at_must(checklist_of) -> None:
    checklist = checklist_of("utility-nerc-private-lte")
    cip = [item for item in checklist.requirements
           if any(ref.id == "nerc-cip-013" for ref in item.authorities)]
    assert len([item for item in cip if item.level == "MUST"]) >= 6


def test_the_rescission_of_m_22_18_changes_the_attestation_requirement(checklist_of) -> None:
    before = checklist_of("federal-civilian-400zr", dt.date(2026, 1, 22))
    after = checklist_of("federal-civilian-400zr", dt.date(2026, 1, 24))
    assert levels(before)["SCA-008"] == "MUST"
    assert levels(after)["SCA-008"] == "SHOULD"
    status = {ref.id: ref.status_note for item in after.requirements if item.id == "SCA-008"
              for ref in item.authorities}
    assert status["omb-m-22-18"] == "rescinded since 2026-01-23 by OMB M-26-05"
    assert status["omb-m-26-05"] == "in force since 2026-01-23"
    for checklist in (after, checklist_of("federal-civilian-400zr")):
        for item in checklist.requirements:
            if item.basis == "law":
                assert any(ref.status == "effective" and ref.binds
                           for ref in item.authorities), item.id


def test_deadlines_ahead_are_those_of_this_buyer(checklist_of) -> None:
    nss = checklist_of("dod-nss-ip-optical")
    assert any(d.date == dt.date(2027, 1, 1) and d.authority == "cnssp-15" for d in nss.deadlines)
    assert all(d.date > AS_OF for d in nss.deadlines)
    enterprise = checklist_of("enterprise-sdwan")
    assert not any(d.authority.startswith(("cnssp", "cmmc")) for d in enterprise.deadlines)


def test_the_markdown_of_the_federal_example_is_pinned(checklist_of) -> None:
    actual = render_markdown(checklist_of("federal-civilian-400zr")).decode()
    golden = GOLDEN / "federal-civilian-400zr.checklist.md"
    if UPDATE:
        golden.write_text(actual)
    assert actual == golden.read_text()
