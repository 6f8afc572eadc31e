"""The response matrix's layout, shared by the writer and by the scorer that reads returns.

In: a `Checklist`. Out: a `MatrixSpec`: what the buyer asks, as the cells of the buyer's columns
(id, pack with its title, level, title, requirement, evidence requested, authorities), one
`BuyerRow` per requirement, with the checklist's identity (inputs hash, document date). The writer
puts these cells in the XLSX and CSV; the scorer compares a returned file's cells with them, so a
change to how a cell is written cannot make every returned matrix look edited.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import asdict, dataclass

from ..model.checklist import LEVELS, Checklist, ChecklistRequirement
from ..model.registry import status_word
from .cells import clean

MATRIX_SCHEMA = "procure/matrix@1"
MATRIX_SHEET = "Response matrix"
INSTRUCTIONS_SHEET = "Instructions"
SUMMARY_SHEET = "Summary"
MARKER_SHEET = "procure"
VENDOR_LABEL = "Vendor name"

BUYER_HEADERS = ("ID", "Pack", "Level", "Title", "Requirement", "Evidence requested",
                 "Authorities")
VENDOR_HEADERS = ("Response", "Evidence reference", "Comments")
HEADERS = BUYER_HEADERS + VENDOR_HEADERS
COLUMN_LETTERS = "ABCDEFGHIJ"
RESPONSE_COLUMN = len(BUYER_HEADERS)

RESPONSES = ("Comply", "Partial", "Exception", "Alternate", "N/A")
RESPONSE_MEANINGS = (
    ("Comply", "The offered solution meets the requirement as written, within the offered "
               "price. Give the evidence reference."),
    ("Partial", "It meets part of the requirement. Say in Comments what is missing and when it "
                "will be met; give the evidence for the part that is met."),
    ("Exception", "It does not meet the requirement. Explain in Comments."),
    ("Alternate", "It meets the intent of the requirement another way. Describe the alternative "
                  "in Comments and give the evidence reference."),
    ("N/A", "The requirement does not apply to the offered solution. Explain why in Comments."),
)
INSTRUCTIONS = (
    "Answer every row of the 'Response matrix' sheet in the three columns on the right: "
    "Response, Evidence reference and Comments. The other columns are the buyer's and are locked.",
    "Response: choose one value from the drop-down list (meanings below). A MUST requirement "
    "answered with anything but Comply may disqualify the offer.",
    "Evidence reference: where in your proposal the requested evidence is (document, section, "
    "page), for every Comply, Partial and Alternate response.",
    "Do not add, delete, reorder or edit rows, and do not rename the sheets: the buyer checks the "
    "returned file against the checklist it was made from.",
    "Enter your company's name in the 'Vendor name' cell above; it names your offer in the "
    "buyer's evaluation.",
)


def column_letter(index: int) -> str:
    """`A` for the 0-based column 0, `K` for 10, `AA` for 26, as spreadsheets name columns."""
    letters, number = "", index + 1
    while number:
        number, remainder = divmod(number - 1, 26)
        letters = chr(ord("A") + remainder) + letters
    return letters


def column_name(index: int) -> str:
    """`E (Requirement)` for the 0-based column `index`; just the letter past the matrix."""
    if index < len(HEADERS):
        return f"{COLUMN_LETTERS[index]} ({HEADERS[index]})"
    return column_letter(index)


@dataclass(frozen=True)
class BuyerRow:
    """One requirement as the buyer's columns of the matrix show it."""

    id: str
    pack: str
    level: str
    title: str
    text: str
    evidence: str
    authorities: str
    pack_title: str = ""

    def cells(self) -> tuple[str, ...]:
        """The seven buyer cells as the matrix shows them (the pack with its title)."""
        return (self.id, pack_cell(self.pack, self.pack_title), self.level, self.title,
                self.text, self.evidence, self.authorities)

    def fields(self) -> tuple[str, ...]:
        """The seven stored fields (the pack by id only), as the hidden copy keeps them."""
        return (self.id, self.pack, self.level, self.title, self.text, self.evidence,
                self.authorities)


def pack_cell(pack_id: str, title: str) -> str:
    """`pqc: Post-quantum cryptography and crypto-agility`, or the id alone without a title."""
    return f"{pack_id}: {title}" if title else pack_id


@dataclass(frozen=True)
class MatrixSpec:
    """What a matrix asks: the checklist's identity, its packs, and the buyer's rows."""

    inputs_sha256: str
    as_of: str
    organization: str
    project: str
    packs: tuple[tuple[str, str], ...]
    rows: tuple[BuyerRow, ...]

    def rows_sha256(self) -> str:
        """Hash of the packs and buyer rows: detects an edit of the copy hidden in the XLSX."""
        canonical = json.dumps({"packs": self.packs, "rows": [asdict(row) for row in self.rows]},
                               ensure_ascii=False, separators=(",", ":"))
        return hashlib.sha256(canonical.encode()).hexdigest()

    def counts(self) -> list[tuple[str, str, dict[str, int]]]:
        """(pack id, pack title, {level: rows}) in pack order."""
        table = {pack_id: dict.fromkeys(LEVELS, 0) for pack_id, _ in self.packs}
        for row in self.rows:
            table.setdefault(row.pack, dict.fromkeys(LEVELS, 0))
            if row.level in LEVELS:
                table[row.pack][row.level] += 1
        titles = dict(self.packs)
        return [(pack_id, titles.get(pack_id, pack_id), levels)
                for pack_id, levels in table.items()]


def evidence_cell(evidence: list[str]) -> str:
    return clean("\n".join(f"• {item}" for item in evidence))


def authorities_cell(requirement: ChecklistRequirement) -> str:
    return clean("\n".join(f"{ref.citation}, {ref.pinpoint} ({status_word(ref.status)})"
                           for ref in requirement.authorities))


def buyer_row(requirement: ChecklistRequirement, pack_title: str) -> BuyerRow:
    return BuyerRow(
        id=clean(requirement.id), pack=clean(requirement.pack), level=requirement.level,
        title=clean(requirement.title), text=clean(requirement.text),
        evidence=evidence_cell(requirement.evidence), authorities=authorities_cell(requirement),
        pack_title=pack_title)


def spec_from_checklist(checklist: Checklist) -> MatrixSpec:
    packs = tuple((pack.id, clean(pack.title)) for pack in checklist.packs)
    titles = dict(packs)
    return MatrixSpec(
        inputs_sha256=checklist.inputs_sha256,
        as_of=checklist.as_of.isoformat(),
        organization=clean(str(checklist.answers.get("organization", ""))),
        project=clean(str(checklist.answers.get("project", ""))),
        packs=packs,
        rows=tuple(buyer_row(requirement, titles.get(requirement.pack, ""))
                   for requirement in checklist.requirements),
    )


def as_of_datetime(spec: MatrixSpec) -> dt.datetime:
    """Midnight of the document date: every timestamp written into the workbook."""
    return dt.datetime.combine(dt.date.fromisoformat(spec.as_of), dt.time())
