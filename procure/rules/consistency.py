"""Answers that contradict each other, or the document date.

In: validated `Answers`, the document date and the answers' vocabulary. Out: `Findings`: errors
where the combination is impossible (a federal agency in the enterprise sector, BEAD money with no
grantee, delivery before award), each naming the answers keys to change, and warnings where it is
merely unusual (an award date before the document date, a key that the buyer's role makes moot).
Selection refuses errors and prints the warnings on the terminal and on the cover.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ..errors import InputFileError
from ..model.answers import Answers
from ..model.conditions import Wording

FEDERAL_SECTORS = ("federal_civilian", "defense")
GRANT_FUNDING = ("bead", "federal_grant")
# How far ahead an award or delivery may lie before it looks like a typing slip.
FAR_AHEAD_YEARS = 10


@dataclass(frozen=True)
class Findings:
    errors: tuple[str, ...]
    warnings: tuple[str, ...]

    def raise_errors(self, source: str) -> None:
        if self.errors:
            raise InputFileError("\n".join(f"{source}: {error}" for error in self.errors))


def check_answers(answers: Answers, as_of: dt.date, words: Wording) -> Findings:
    """Every contradiction (error) and oddity (warning) in the answers, in the order of keys."""
    errors: list[str] = []
    warnings: list[str] = []
    role = answers.federal_status

    def fact(key: str) -> str:
        return words.fact(key, getattr(answers, key))

    if role == "agency" and answers.sector not in FEDERAL_SECTORS:
        errors.append(f"federal_status: {fact('federal_status')}, but {fact('sector')}; a federal "
                      "agency is in the federal civilian or defense sector: change sector or "
                      "federal_status.")
    granted = [item for item in answers.funding if item in GRANT_FUNDING]
    if granted and role != "grantee":
        errors.append(f"funding: {words.includes('funding', granted)}, which is federal "
                      f"financial assistance, but {fact('federal_status')}; the buyer spending it "
                      "is a grantee: set federal_status: grantee, or take it out of funding.")
    if "appropriated" in answers.funding and role != "agency":
        errors.append(f"funding: appropriated federal funds are spent by a federal agency, but "
                      f"{fact('federal_status')}; a contractor's or grantee's money is its own or "
                      "the award's: change funding or federal_status.")
    if role == "grantee" and not granted:
        warnings.append(f"{fact('federal_status')}, but {words.term('funding')} includes neither "
                        "BEAD nor another federal grant or loan; grant rules are applied as for "
                        "an unnamed federal award.")
    _moot(answers, words, errors, warnings)
    _dates(answers, as_of, errors, warnings)
    if answers.national_security_system and role == "none" \
            and answers.sector not in FEDERAL_SECTORS:
        warnings.append(f"{fact('national_security_system')}, but {fact('federal_status')}; "
                        "national security systems are federal (44 U.S.C. 3552): check both.")
    if answers.nerc_cip_impact in ("medium", "high") and answers.sector != "utility":
        warnings.append(f"{fact('nerc_cip_impact')}, but {fact('sector')}; CIP-013 binds NERC "
                        "registered entities: check the sector.")
    if answers.contract_value_usd == 0:
        warnings.append("The estimated value is $0; thresholds treat the purchase as the "
                        "smallest possible buy.")
    return Findings(tuple(errors), tuple(warning[:1].upper() + warning[1:] for warning in warnings))


def _moot(answers: Answers, words: Wording, errors: list[str], warnings: list[str]) -> None:
    """Keys that describe a role the buyer does not have."""
    role = answers.federal_status
    contractor_only = [key for key in ("contracts_with", "contractor_purchase")
                       if getattr(answers, key) not in (None, [])]
    if contractor_only and role != "contractor":
        keys = " and ".join(contractor_only)
        errors.append(f"{keys}: {'these describe' if len(contractor_only) > 1 else 'it describes'}"
                      f" a federal contractor's contracts, but {words.fact('federal_status', role)}"
                      f": remove {keys}, or set federal_status: contractor.")
    if answers.grant_program is not None and "federal_grant" not in answers.funding:
        errors.append(f"grant_program: {words.fact('grant_program', answers.grant_program)}, but "
                      f"{words.term('funding')} does not include another federal grant or loan: "
                      "add federal_grant to funding, or remove grant_program.")
    if answers.grantee_type is not None and role != "grantee":
        errors.append(f"grantee_type: {words.fact('grantee_type', answers.grantee_type)}, but "
                      f"{words.fact('federal_status', role)}: remove grantee_type, or set "
                      "federal_status: grantee.")
    public = {"state": ("state_local", "research_education"), "tribe": ("state_local",),
              "local": ("state_local", "research_education"),
              "higher_education": ("research_education",)}
    expected_sectors = public.get(answers.grantee_type or "")
    if role == "grantee" and expected_sectors and answers.sector not in expected_sectors:
        warnings.append(f"{words.fact('grantee_type', answers.grantee_type)}, but "
                        f"{words.fact('sector', answers.sector)}; check both, since the recipient "
                        "type decides which 2 CFR 200 procurement standards apply.")
    agency_only = [key for key in ("contract_vehicle",) if getattr(answers, key) is not None]
    if answers.small_business_set_aside:
        agency_only.append("small_business_set_aside")
    if agency_only and role != "agency":
        keys = " and ".join(agency_only)
        errors.append(f"{keys}: describe{'s' if len(agency_only) == 1 else ''} how a federal "
                      f"agency buys, but {words.fact('federal_status', role)}: remove {keys}, or "
                      "set federal_status: agency.")
    if answers.small_business_set_aside and answers.contract_vehicle == "other_transaction":
        errors.append("small_business_set_aside: an other transaction agreement is not a FAR "
                      "acquisition and has no small-business set-aside: change one of them.")
    if answers.commercial_status is not None and role not in ("agency", "contractor"):
        warnings.append(f"{words.fact('commercial_status', answers.commercial_status)}, but "
                        f"{words.fact('federal_status', role)}; the commercial status matters "
                        "only to federal acquisitions and is not used here.")
    radio = bool({"ran", "private_wireless"} & set(answers.equipment)) \
        or "private_5g" in answers.ran_plans
    if answers.radio_bands and not radio:
        warnings.append(f"{words.term('radio_bands')} is given, but {words.term('equipment')} "
                        "includes no radio equipment; it is not used here.")


def _dates(answers: Answers, as_of: dt.date, errors: list[str], warnings: list[str]) -> None:
    award = answers.award_date
    delivery = answers.delivery_year
    if award is not None and delivery is not None and delivery < award.year:
        errors.append(f"delivery_year: delivery in {delivery} is before the expected award on "
                      f"{award.isoformat()}: correct delivery_year or award_date.")
    if award is not None and award < as_of:
        warnings.append(f"The expected award date {award.isoformat()} is before the document date "
                        f"{as_of.isoformat()}; the checklist states the law on the document date.")
    if award is not None and award.year > as_of.year + FAR_AHEAD_YEARS:
        warnings.append(f"The expected award date {award.isoformat()} is more than "
                        f"{FAR_AHEAD_YEARS} years after the document date; check it.")
    if delivery is not None and delivery > (award.year if award else as_of.year) + FAR_AHEAD_YEARS:
        warnings.append(f"Delivery in {delivery} is more than {FAR_AHEAD_YEARS} years away; "
                        "check the delivery year.")
