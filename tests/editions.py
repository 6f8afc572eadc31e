"""Shared by the edition tests: three kinds of buyer on a small real library with fill-ins.

The library is the bundled registry and a few real packs (covered equipment, domestic sourcing,
BABA for BEAD, optical transport) plus the fixture pack of tests/data/edition-packs, whose
requirements take fill-ins of four types and cite FAR 52.225-3 (a clause identity in the
registry) and a fixture provision with every part of one.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

import yaml

from procure.model.answers import Answers, answers_from_data
from procure.model.checklist import Checklist
from procure.model.packs import Library, load_library
from procure.model.questions import load_questions
from procure.rules.selection import select

from .conftest import EXAMPLES

AS_OF = dt.date(2026, 11, 22)
EDITION_PACKS = Path(__file__).parent / "data" / "edition-packs"
PACKS = ("covered-equipment", "domestic-sourcing", "baba-bead", "optical-transport",
         "edition-fixture")
BUYERS: dict[str, tuple[str, dict[str, Any]]] = {
    # A civilian agency between the Israeli Trade Act and WTO thresholds: 52.225-3 binds.
    "federal": ("federal-civilian-400zr", {
        "contract_value_usd": 150000, "commercial_status": "noncommercial",
        "fill_ins": {"max_ambient_c": 45, "fascsa_orders_named": "none issued as of 2026-11-22",
                     "fascsa_orders": "none"}}),
    "bead": ("bead-subgrantee-fiber", {
        "solicitation": "BEAD-2027-014", "attachment": "C",
        "fill_ins": {"notification_period": "5 business days"}}),
    "enterprise": ("enterprise-sdwan", {
        "solicitation": "RFP-2027-SDWAN", "attachment": "B"}),
}
RUNNING = {"federal": "Solicitation 70RTAC27R00000012 · Attachment J-3",
           "bead": "Solicitation BEAD-2027-014 · Attachment C",
           "enterprise": "Solicitation RFP-2027-SDWAN · Attachment B"}
RESPONSE_OPTIONS = ("Comply", "Partial", "Exception", "Alternate", "N/A")
ALL_FILL_INS = {"max_ambient_c": 40, "notification_period": "72 hours",
                "fascsa_orders_named": "none issued", "line_item_floor": "$25,000",
                "fascsa_orders": "none"}


def edition_library() -> Library:
    library = load_library(EDITION_PACKS)
    return library.model_copy(
        update={"packs": [entry for entry in library.packs if entry.pack.id in PACKS]})


def answers_document(buyer: str, **changes: Any) -> dict[str, Any]:
    example, update = BUYERS[buyer]
    document: dict[str, Any] = yaml.safe_load((EXAMPLES / f"{example}.yaml").read_text())
    document.update(update)
    document.update(changes)
    return document


def buyer_answers(buyer: str, **changes: Any) -> Answers:
    return answers_from_data(answers_document(buyer, **changes), buyer)


def write_answers(folder: Path, buyer: str, **changes: Any) -> Path:
    path = folder / f"{buyer}.yaml"
    path.write_text(yaml.safe_dump(answers_document(buyer, **changes), sort_keys=False))
    return path


def buyer_checklist(library: Library, buyer: str, **changes: Any) -> Checklist:
    return select(buyer_answers(buyer, **changes), library, AS_OF)


def flat(text: str) -> str:
    return " ".join(text.split())


def our_words(text: str, checklist: Checklist, escape: Any = str) -> str:
    """The text without what the packs and the registry say (titles, citations, requirement
    text), so a test can check procure's own words: a cited standard may be a draft."""
    data = [entry.citation for entry in checklist.authority_register]
    data += [entry.title for entry in checklist.authority_register]
    data += [entry.url for entry in checklist.authority_register]
    for requirement in checklist.requirements:
        data += [requirement.title, requirement.text, *requirement.evidence]
        data += [ref.pinpoint for ref in requirement.authorities]
    flat_text = flat(text)
    for item in sorted(data, key=len, reverse=True):
        flat_text = flat_text.replace(flat(escape(item)), " ")
    return flat_text


def raw_tokens() -> set[str]:
    """Answer keys and values a person must never read as such: those with an underscore
    (the others, such as `agency` or `bead`, are ordinary words), the registry's kinds and
    statuses, and the fixture's parameter names."""
    tokens: set[str] = set()
    for question in load_questions():
        tokens.add(question.id)
        tokens.update(choice.value for choice in question.choices)
    tokens.update({"far_clause", "dfars_clause", "not_yet_effective", "full_text",
                   "omb_memo", "nist_publication", "industry_standard", "fill_ins",
                   *ALL_FILL_INS})
    return {token for token in tokens if "_" in token}


def raw_tokens_in(text: str) -> list[str]:
    return sorted(token for token in raw_tokens()
                  if re.search(rf"(?<![\w/.-]){re.escape(token)}(?![\w/-])", text))
