"""Domestic sourcing for federal buyers, written from the law, not from the packs.

Each test builds a buyer, selects on a fixed document date, and pins what FAR subparts 25.1 and
25.4, FAR 25.1101 (which clause for which value band) and DFARS 225.1101 say that buyer's
solicitation carries: the packs in and out, the requirement ids with their level and basis, and the
citations that make a MUST a legal one. The figures are the FAR's own: micro-purchase threshold
$10,000 until 2025-09-30 and $15,000 from 2025-10-01 (FAR 2.101, FAC 2025-06); Israeli Trade Act
$50,000; Korea FTA $100,000; Free Trade Agreement threshold $102,280 until 2026-03-12 and $105,767
from 2026-03-13 (FAC 2026-01); WTO GPA $174,000 for supplies (FAR 25.402(b), 25.1101).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from procure.model.answers import Answers
from procure.model.checklist import Checklist
from procure.model.packs import Library
from procure.rules.selection import select

AS_OF = dt.date(2026, 11, 22)          # MPT $15,000; FTA threshold $105,767
BEFORE_MPT_CHANGE = dt.date(2025, 6, 15)  # MPT $10,000; FTA threshold $102,280

# What every supply buy in the Buy American band carries, before the clause of the band.
BUY_AMERICAN_CORE = {
    "DOM-001": ("MUST", "law"),   # delivery year per line item (FAR 25.101(a)(2)(i))
    "DOM-003": ("MUST", "law"),   # domestic content of the delivery year (65% for 2027)
    "DOM-005": ("MUST", "law"),   # 55% statement for the fallback of FAR 25.106(b)(2)
    "DOM-006": ("MUST", "law"),   # COTS items identified (41 U.S.C. 1907 waiver)
    "DOM-007": ("MUST", "law"),   # components of unknown origin count as foreign
    "DOM-008": ("MUST", "law"),   # 20% / 30% evaluation factor (FAR 25.106(b)(1))
    "DOM-009": ("SHOULD", "practice"),  # commercial IT designation (FAR 25.103(e))
    "DOM-019": ("SHOULD", "practice"),  # 12-month valuation, no splitting (FAR 25.403(b))
}
DOD_CORE = {
    "DOM-001": ("MUST", "law"),
    "DOM-006": ("MUST", "law"),
    "DOM-009": ("SHOULD", "practice"),
    "DOM-011": ("MUST", "law"),   # US plus qualifying-country content (DFARS 225.101(a))
    "DOM-013": ("MUST", "law"),   # DoD 50% evaluation factor
    "DOM-019": ("SHOULD", "practice"),
    "DOM-020": ("SHOULD", "practice"),  # specialty metals
}


def buyer(**answers: Any) -> Answers:
    """A federal civilian agency buying non-commercial routers for delivery in 2027, unless told."""
    document: dict[str, Any] = {
        "schema": "procure/answers@1", "organization": "Example Agency", "project": "Routers",
        "sector": "federal_civilian", "federal_status": "agency", "funding": ["appropriated"],
        "equipment": ["ip_routing"], "commercial_status": "noncommercial", "delivery_year": 2027,
    }
    document.update(answers)
    return Answers.model_validate({key: value for key, value in document.items()
                                   if value is not None})


def dod(**answers: Any) -> Answers:
    return buyer(sector="defense", **answers)


def domestic(checklist: Checklist) -> dict[str, tuple[str, str]]:
    return {item.id: (item.level, item.basis) for item in checklist.requirements
            if item.pack == "domestic-sourcing"}


def made_law_by(checklist: Checklist, requirement_id: str) -> set[str]:
    """The citations that make this requirement a legal MUST (those that bind and are in force)."""
    item = next(item for item in checklist.requirements if item.id == requirement_id)
    assert (item.level, item.basis) == ("MUST", "law"), (item.id, item.level, item.basis)
    return {ref.citation for ref in item.authorities if ref.binds and ref.status == "effective"}


def cited(checklist: Checklist, pack: str = "domestic-sourcing") -> set[str]:
    return {ref.citation for item in checklist.requirements if item.pack == pack
            for ref in item.authorities}


def titles(checklist: Checklist) -> dict[str, str]:
    return {item.id: item.title for item in checklist.requirements}


def packs(checklist: Checklist) -> set[str]:
    return {pack.id for pack in checklist.packs}


def counsel(checklist: Checklist, ref: str) -> str:
    return next(point.point for point in checklist.counsel_points if point.ref == ref)


def excluded_why(checklist: Checklist, requirement_id: str) -> str:
    return next(item.why for item in checklist.excluded_requirements if item.id == requirement_id)


# ---------------------------------------------------------------- the micro-purchase threshold


def test_a_purchase_card_buy_at_or_below_the_micro_purchase_threshold_has_no_buy_american(
        library: Library) -> None:
    for value in (9_000, 14_999, 15_000):
        checklist = select(buyer(contract_value_usd=value), library, AS_OF)
        assert "domestic-sourcing" in packs(checklist)
        assert "us-made-skus" not in packs(checklist)
        # FAR 25.100(b): subpart 25.1 reaches only a supply contract above the threshold; only the
        # anti-splitting valuation rule stays, as practice.
        assert domestic(checklist) == {"DOM-019": ("SHOULD", "practice")}
        assert not {"FAR 52.225-1", "FAR 52.225-2"} & cited(checklist)
    assert excluded_why(checklist, "DOM-002") == (
        "excluded: the estimated value $15,000 ≤ the micro-purchase threshold ($15,000)")


def test_one_dollar_above_the_2026_micro_purchase_threshold_brings_far_52_225_1_and_2(
        library: Library) -> None:
    checklist = select(buyer(contract_value_usd=15_001), library, AS_OF)
    assert domestic(checklist) == {**BUY_AMERICAN_CORE, "DOM-002": ("MUST", "law"),
                                   "DOM-021": ("MUST", "law")}
    assert made_law_by(checklist, "DOM-002") == {"FAR 52.225-2"}
    assert made_law_by(checklist, "DOM-021") == {"FAR 52.225-1",
                                                 "41 U.S.C. chapter 83 (Buy American statute)"}
    assert made_law_by(checklist, "DOM-003") == {"FAR subpart 25.1"}
    assert not {"FAR 52.225-3", "FAR 52.225-4", "FAR 52.225-5"} & {
        ref.citation for item in checklist.requirements if item.level == "MUST"
        for ref in item.authorities if ref.binds}


def test_before_2025_10_01_the_micro_purchase_threshold_was_10000(library: Library) -> None:
    below = select(buyer(contract_value_usd=9_500), library, BEFORE_MPT_CHANGE)
    above = select(buyer(contract_value_usd=10_500), library, BEFORE_MPT_CHANGE)
    assert domestic(below) == {"DOM-019": ("SHOULD", "practice")}
    assert domestic(above)["DOM-002"] == ("MUST", "law")
    assert made_law_by(above, "DOM-002") == {"FAR 52.225-2"}
    assert excluded_why(below, "DOM-002") == (
        "excluded: the estimated value $9,500 ≤ the micro-purchase threshold ($10,000)")


def test_the_threshold_change_on_2025_10_01_takes_a_12000_buy_out_of_buy_american(
        library: Library) -> None:
    answers = buyer(contract_value_usd=12_000)
    before = select(answers, library, dt.date(2025, 9, 30))
    after = select(answers, library, dt.date(2025, 10, 1))
    assert domestic(before)["DOM-021"] == ("MUST", "law")
    assert domestic(after) == {"DOM-019": ("SHOULD", "practice")}


# ------------------------------------------------------------ civilian value bands (FAR 25.1101)


def test_49999_is_buy_american_and_50000_starts_the_israeli_trade_act_band(
        library: Library) -> None:
    low = select(buyer(contract_value_usd=49_999), library, AS_OF)
    band = select(buyer(contract_value_usd=50_000), library, AS_OF)
    assert domestic(low) == {**BUY_AMERICAN_CORE, "DOM-002": ("MUST", "law"),
                             "DOM-021": ("MUST", "law")}
    assert domestic(band) == {**BUY_AMERICAN_CORE, "DOM-022": ("MUST", "law"),
                              "DOM-023": ("MUST", "law")}
    # From $50,000 to $99,999 only the Israeli Trade Act applies: Alternate II (25.1101(b)(1)(ii)).
    assert titles(band)["DOM-022"].endswith("(FAR 52.225-4, Alternate II)")
    assert titles(band)["DOM-023"] == (
        "Only domestic or Israeli end products delivered (FAR 52.225-3, Alternate II)")
    assert made_law_by(band, "DOM-022") == {"FAR 52.225-4"}
    assert made_law_by(band, "DOM-023") == {"FAR 52.225-3"}
    assert made_law_by(band, "DOM-007") == {"FAR 52.225-3"}
    assert not {"FAR 52.225-1", "FAR 52.225-2"} & {
        ref.citation for item in band.requirements for ref in item.authorities if ref.binds}


def test_99999_is_alternate_ii_and_100000_is_alternate_iii_with_korea(library: Library) -> None:
    low = select(buyer(contract_value_usd=99_999), library, AS_OF)
    korea = select(buyer(contract_value_usd=100_000), library, AS_OF)
    assert titles(low)["DOM-023"].endswith("(FAR 52.225-3, Alternate II)")
    assert titles(korea)["DOM-023"] == (
        "Only domestic, Korean or Israeli end products delivered (FAR 52.225-3, Alternate III)")
    assert "Korean or Israeli end products" in next(
        item.text for item in korea.requirements if item.id == "DOM-022")
    assert domestic(korea) == domestic(low)


def test_the_free_trade_agreement_threshold_of_2024_2025_ends_alternate_iii_at_102280(
        library: Library) -> None:
    low = select(buyer(contract_value_usd=102_279), library, BEFORE_MPT_CHANGE)
    basic = select(buyer(contract_value_usd=102_280), library, BEFORE_MPT_CHANGE)
    assert titles(low)["DOM-022"].endswith("(FAR 52.225-4, Alternate III)")
    assert titles(basic)["DOM-022"] == (
        "Buy American—Free Trade Agreements—Israeli Trade Act Certificate completed (FAR 52.225-4)")
    assert titles(basic)["DOM-023"] == ("Only domestic, eligible Free Trade Agreement or Israeli "
                                        "end products delivered (FAR 52.225-3)")
    assert domestic(basic) == {**BUY_AMERICAN_CORE, "DOM-022": ("MUST", "law"),
                               "DOM-023": ("MUST", "law")}


def test_fac_2026_01_moves_the_free_trade_agreement_threshold_to_105767(library: Library) -> None:
    answers = buyer(contract_value_usd=104_000)
    before = select(answers, library, dt.date(2026, 3, 12))
    after = select(answers, library, dt.date(2026, 3, 13))
    assert titles(before)["DOM-023"].endswith("Israeli end products delivered (FAR 52.225-3)")
    assert titles(after)["DOM-023"].endswith("(FAR 52.225-3, Alternate III)")
    edge = select(buyer(contract_value_usd=105_767), library, AS_OF)
    assert titles(edge)["DOM-022"].endswith("(FAR 52.225-4)")
    # The new value was read from the FAR's list of sections affected, not the Federal Register.
    assert "$105,767" in counsel(after, "Free Trade Agreement threshold for supplies "
                                        "(most agreements)")


def test_173999_is_buy_american_with_ftas_and_174000_is_the_trade_agreements_act(
        library: Library) -> None:
    band = select(buyer(contract_value_usd=173_999), library, AS_OF)
    wto = select(buyer(contract_value_usd=174_000), library, AS_OF)
    assert domestic(band) == {**BUY_AMERICAN_CORE, "DOM-022": ("MUST", "law"),
                              "DOM-023": ("MUST", "law")}
    assert domestic(wto) == {"DOM-014": ("MUST", "law"), "DOM-015": ("MUST", "law"),
                             "DOM-017": ("MUST", "law"), "DOM-019": ("SHOULD", "practice")}
    assert made_law_by(wto, "DOM-014") == {"FAR 52.225-5", "FAR subpart 25.4"}
    assert made_law_by(wto, "DOM-015") == {"FAR 52.225-6"}
    # The Buy American statute is waived for eligible products: no 52.225-1/-2/-3/-4 at all.
    assert not {"FAR 52.225-1", "FAR 52.225-2", "FAR 52.225-3", "FAR 52.225-4"} & cited(wto)


def test_a_small_business_set_aside_above_the_wto_threshold_stays_under_far_52_225_1(
        library: Library) -> None:
    checklist = select(buyer(contract_value_usd=500_000, small_business_set_aside=True),
                       library, AS_OF)
    found = domestic(checklist)
    # FAR 25.401(a)(1): set-asides are outside the trade agreements; 25.1101(a)(1): 52.225-1/-2.
    assert found == {**BUY_AMERICAN_CORE, "DOM-002": ("MUST", "law"), "DOM-021": ("MUST", "law"),
                     "DOM-014": ("SHOULD", "practice")}
    assert made_law_by(checklist, "DOM-002") == {"FAR 52.225-2"}
    trade = next(item for item in checklist.requirements if item.id == "DOM-014")
    assert trade.text.startswith("The acquisition is set aside for small business, so the trade "
                                 "agreements do not apply (FAR 25.401(a)(1))")
    assert not any(ref.binds for ref in trade.authorities)


# ---------------------------------------------------------------- DoD value bands (DFARS 225.1101)


def test_dod_uses_dfars_252_225_7001_and_7000_below_the_dod_fta_floor(library: Library) -> None:
    checklist = select(dod(contract_value_usd=99_999), library, AS_OF)
    assert domestic(checklist) == {**DOD_CORE, "DOM-010": ("MUST", "law")}
    assert made_law_by(checklist, "DOM-010") == {"DFARS 252.225-7000", "DFARS 252.225-7001"}
    assert made_law_by(checklist, "DOM-011") == {"DFARS subpart 225.1"}
    # DoD never gets the civilian Buy American clause (the audit's DOM-006 defect).
    assert not {"FAR 52.225-1", "FAR 52.225-2", "FAR 52.225-3", "FAR 52.225-4"} & cited(checklist)


def test_dod_uses_dfars_252_225_7036_and_7035_in_the_fta_band(library: Library) -> None:
    floor = select(dod(contract_value_usd=100_000), library, AS_OF)
    top = select(dod(contract_value_usd=173_999), library, AS_OF)
    expected = {**DOD_CORE, "DOM-025": ("MUST", "law"), "DOM-026": ("MUST", "law")}
    assert domestic(floor) == expected
    assert domestic(top) == expected
    assert made_law_by(floor, "DOM-025") == {"DFARS 252.225-7035"}
    assert made_law_by(floor, "DOM-026") == {"DFARS 252.225-7036"}
    alternate_iv = next(item for item in floor.requirements if item.id == "DOM-026")
    basic = next(item for item in top.requirements if item.id == "DOM-026")
    assert "with its Alternate IV" in alternate_iv.text
    assert "Alternate" not in basic.text
    # The floor (Korea's threshold since Canada left) is carried as unverified: counsel confirms it.
    assert "the lowest Free Trade Agreement threshold that reaches a DoD supply buy" in counsel(
        floor, "DoD Free Trade Agreement threshold for supplies (DFARS 252.225-7036)")


def test_dod_at_the_wto_threshold_uses_dfars_252_225_7021(library: Library) -> None:
    checklist = select(dod(contract_value_usd=174_000), library, AS_OF)
    assert domestic(checklist) == {"DOM-016": ("MUST", "law"), "DOM-018": ("MUST", "law"),
                                   "DOM-019": ("SHOULD", "practice"),
                                   "DOM-020": ("SHOULD", "practice")}
    assert made_law_by(checklist, "DOM-016") == {
        "DFARS 252.225-7021", "DFARS 252.225-7020",
        "Trade Agreements Act of 1979, 19 U.S.C. 2501 et seq."}
    assert "FAR 52.225-5" not in cited(checklist)


# ---------------------------------------------------------------- commercial status (FAR 25.103(e))


def test_commercial_it_is_outside_buy_american_but_not_outside_the_trade_agreements_act(
        library: Library) -> None:
    band = select(buyer(contract_value_usd=120_000, commercial_status="commercial"),
                  library, AS_OF)
    assert domestic(band) == {"DOM-009": ("SHOULD", "practice"),
                              "DOM-019": ("SHOULD", "practice")}
    assert titles(band)["DOM-009"] == (
        "Commercial information technology confirmed per line item (Buy American does not apply)")
    wto = select(buyer(contract_value_usd=500_000, commercial_status="commercial"),
                 library, AS_OF)
    assert domestic(wto)["DOM-014"] == ("MUST", "law")
    assert made_law_by(wto, "DOM-014") == {"FAR 52.225-5", "FAR subpart 25.4"}
    dod_band = select(dod(contract_value_usd=120_000, commercial_status="commercial"),
                      library, AS_OF)
    assert set(domestic(dod_band)) == {"DOM-009", "DOM-019", "DOM-020"}


def test_cots_information_technology_needs_no_component_test_and_no_buy_american_clause(
        library: Library) -> None:
    checklist = select(buyer(contract_value_usd=60_000, commercial_status="cots"),
                       library, AS_OF)
    assert domestic(checklist) == {"DOM-009": ("SHOULD", "practice"),
                                   "DOM-019": ("SHOULD", "practice")}
    text = next(item.text for item in checklist.requirements if item.id == "DOM-009")
    assert "as a COTS item it needs only to be manufactured in the United States" in text
    # A non-commercial buy still names its COTS line items (41 U.S.C. 1907).
    noncommercial = select(buyer(contract_value_usd=60_000), library, AS_OF)
    assert made_law_by(noncommercial, "DOM-006") == {"FAR subpart 25.1"}


def test_without_a_commercial_status_buy_american_is_not_a_legal_must_and_counsel_is_told(
        library: Library) -> None:
    checklist = select(buyer(contract_value_usd=30_000, commercial_status=None), library, AS_OF)
    found = domestic(checklist)
    assert found["DOM-002"] == ("SHOULD", "practice")
    assert found["DOM-003"] == ("SHOULD", "practice")
    assert not [item for item in found.values() if item[0] == "MUST"]
    assert counsel(checklist, "Commercial status") == (
        "The commercial status of the items is not given. It decides whether FAR subpart 25.1, "
        "FAR 52.225-1, FAR 52.225-2 and 41 U.S.C. chapter 83 (Buy American statute) bind this "
        "purchase; until it is stated, none of these is a legal MUST here. State it in the "
        "answers (Commercial status) and generate again.")
    assert counsel(checklist, "DOM-009").startswith("The commercial status of the items is not "
                                                    "given, and it decides whether any Buy "
                                                    "American clause is used")


# ---------------------------------------------------------------- vehicles


def test_a_gsa_schedule_order_carries_the_trade_agreements_clause_at_any_value(
        library: Library) -> None:
    checklist = select(buyer(contract_value_usd=5_000, contract_vehicle="schedule_order",
                             commercial_status="cots", domestic_preference="required"),
                       library, AS_OF)
    assert domestic(checklist) == {"DOM-027": ("MUST", "law"), "DOM-017": ("MUST", "law"),
                                   "DOM-019": ("SHOULD", "practice")}
    assert made_law_by(checklist, "DOM-027") == {
        "FAR 52.225-5", "Trade Agreements Act of 1979, 19 U.S.C. 2501 et seq."}
    # The agency's US-made policy gives way to the Schedule's Trade Agreements clause.
    usm = {item.id: (item.level, item.basis) for item in checklist.requirements
           if item.pack == "us-made-skus"}
    assert set(usm.values()) == {("MAY", "practice")}
    dod_order = select(dod(contract_value_usd=250_000, contract_vehicle="schedule_order"),
                       library, AS_OF)
    assert domestic(dod_order) == {"DOM-027": ("MUST", "law"), "DOM-019": ("SHOULD", "practice"),
                                   "DOM-020": ("SHOULD", "practice")}
    assert made_law_by(dod_order, "DOM-027") == {
        "FAR 52.225-5", "Trade Agreements Act of 1979, 19 U.S.C. 2501 et seq."}


def test_an_other_transaction_is_outside_the_far_clauses(library: Library) -> None:
    checklist = select(buyer(contract_value_usd=500_000, contract_vehicle="other_transaction",
                             domestic_preference="required"), library, AS_OF)
    assert domestic(checklist) == {"DOM-014": ("SHOULD", "practice")}
    trade = next(item for item in checklist.requirements if item.id == "DOM-014")
    assert trade.text.startswith("An other transaction agreement is outside the FAR")
    # Nothing forbids the agency's own US-made policy there: it stands as its specification.
    usm = {item.id: (item.level, item.basis) for item in checklist.requirements
           if item.pack == "us-made-skus"}
    assert usm["USM-001"] == ("MUST", "specification")


# ---------------------------------------------------------------- missing answers and dates


def test_a_missing_value_names_what_it_decides_and_no_clause_is_chosen(library: Library) -> None:
    checklist = select(buyer(), library, AS_OF)
    found = domestic(checklist)
    assert found["DOM-024"] == ("SHOULD", "practice")
    assert not {"DOM-002", "DOM-021", "DOM-022", "DOM-023", "DOM-014", "DOM-015"} & set(found)
    assert not [level for level, _ in found.values() if level == "MUST"]
    assert counsel(checklist, "DOM-024").startswith(
        "The estimated value is not given. It decides whether the Buy American statute applies "
        "at all (only above the micro-purchase threshold, FAR 25.100(b)) and which clause")
    assert counsel(checklist, "Contract value") == (
        "The estimated value is not given. It decides whether FAR subpart 25.1, FAR 52.225-1 and "
        "FAR 52.225-3 bind this purchase and the level of FIT-018 and FIT-020; until it is "
        "stated, none of these is a legal MUST here. State it in the answers (Contract value) and "
        "generate again.")


def test_no_delivery_year_and_no_award_date_gives_one_content_requirement_and_a_point(
        library: Library) -> None:
    checklist = select(buyer(contract_value_usd=30_000, delivery_year=None), library, AS_OF)
    found = domestic(checklist)
    assert found["DOM-003"] == ("MUST", "law")
    assert "DOM-004" not in found
    item = next(item for item in checklist.requirements if item.id == "DOM-003")
    assert item.title == "Domestic end products meet the domestic content threshold of their " \
                         "delivery year"
    assert "65% for deliveries in 2024 through 2028, 75% for deliveries in 2029" in item.text
    assert item.counsel is not None and item.counsel.startswith(
        "Neither the delivery year nor the award date is given, so the threshold cannot be named")


def test_the_award_year_stands_in_for_a_missing_delivery_year(library: Library) -> None:
    in_2028 = select(buyer(contract_value_usd=30_000, delivery_year=None,
                           award_date="2028-06-01"), library, AS_OF)
    in_2029 = select(buyer(contract_value_usd=30_000, delivery_year=None,
                           award_date="2029-02-01"), library, AS_OF)
    assert titles(in_2028)["DOM-003"].startswith("Domestic end products exceed 65%")
    assert "DOM-004" not in domestic(in_2028)
    assert domestic(in_2029)["DOM-004"] == ("MUST", "law")
    assert "DOM-003" not in domestic(in_2029)
    dod_2029 = select(dod(contract_value_usd=20_000, delivery_year=2029), library, AS_OF)
    assert domestic(dod_2029)["DOM-012"] == ("MUST", "law")
    assert "DOM-011" not in domestic(dod_2029)


def test_the_55_percent_fallback_ends_on_2030_01_01_for_solicitations_too(
        library: Library) -> None:
    answers = buyer(contract_value_usd=30_000, delivery_year=2030)
    assert domestic(select(answers, library, dt.date(2029, 12, 31)))["DOM-005"] == ("MUST", "law")
    late = select(answers, library, dt.date(2030, 1, 2))
    assert "DOM-005" not in domestic(late)
    assert excluded_why(late, "DOM-005").startswith("excluded: the document date 2030-01-02")
    award_after = buyer(contract_value_usd=30_000, delivery_year=2030, award_date="2030-02-01")
    assert "DOM-005" not in domestic(select(award_after, library, dt.date(2029, 6, 1)))


# ---------------------------------------------------------------- the buyer's own US-made policy


def test_us_made_skus_is_never_law_not_even_for_a_bead_subgrantee(library: Library) -> None:
    answers = Answers.model_validate({
        "schema": "procure/answers@1", "organization": "Co-op", "project": "Fiber",
        "sector": "utility", "federal_status": "grantee", "funding": ["bead"],
        "contract_value_usd": 7_400_000, "award_date": "2027-01-15",
        "equipment": ["olt_ont", "ip_routing"], "domestic_preference": "required"})
    checklist = select(answers, library, AS_OF)
    usm = {item.id: (item.level, item.basis) for item in checklist.requirements
           if item.pack == "us-made-skus"}
    assert len(usm) == 15
    assert {basis for _, basis in usm.values()} == {"specification", "practice"}
    assert usm["USM-001"] == ("MUST", "specification")
    assert usm["USM-012"] == ("SHOULD", "practice")
    # The law on BABA lives in baba-bead; the policy pack cites no law at all.
    assert not any(ref.nature == "law" for item in checklist.requirements
                   if item.pack == "us-made-skus" for ref in item.authorities)


def test_an_agency_us_made_policy_gives_way_where_a_trade_agreement_binds(
        library: Library) -> None:
    fta_band = select(buyer(contract_value_usd=60_000, domestic_preference="required"),
                      library, AS_OF)
    usm = {item.id: (item.level, item.basis) for item in fta_band.requirements
           if item.pack == "us-made-skus"}
    assert set(usm.values()) == {("MAY", "practice")}
    assert counsel(fta_band, "us-made-skus") == (
        "Every requirement of this pack is MAY at most: FAR 52.225-3 binds this purchase and "
        "requires Free Trade Agreement country and Israeli end products to be treated like "
        "domestic ones; a US-made preference needs a FAR Part 6 justification first.")
    first = next(item for item in fta_band.requirements if item.id == "USM-001")
    assert first.counsel is not None and "FAR subpart 6.3" in first.counsel
    # Below the Israeli Trade Act threshold nothing forbids it, but it needs a justification.
    low = select(buyer(contract_value_usd=30_000, domestic_preference="required"),
                 library, AS_OF)
    usm_low = {item.id: (item.level, item.basis) for item in low.requirements
               if item.pack == "us-made-skus"}
    assert usm_low["USM-001"] == ("MUST", "specification")


def test_no_bead_waiver_citation_or_deadline_reaches_a_federal_buyer(library: Library) -> None:
    checklist = select(buyer(contract_value_usd=500_000, domestic_preference="preferred",
                             award_date="2027-03-31"), library, AS_OF)
    assert "us-made-skus" in packs(checklist)
    usm_citations = cited(checklist, "us-made-skus")
    assert usm_citations == {"NIST SP 800-53 Rev. 5", "NIST SP 800-161r1"}
    assert not [deadline for deadline in checklist.deadlines
                if "BEAD" in deadline.what or deadline.authority == "ntia-bead-baba-waiver"]
