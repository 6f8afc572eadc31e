"""Editions: the package counsel reviews, and the attachment that goes to vendors.

In: a `Checklist` and an edition: `review` (the legal-review package: points for counsel, the
basis of each MUST, reasons, the register with verification, the approval block) or `rfp` (the
solicitation's attachment: what a vendor must meet and how to answer, nothing internal).
Out: what the Markdown, PDF and Word renderers share about the edition:

- `for_vendors`: the checklist as the rfp edition may carry it (the only copy its renderers
  see, so an internal reason cannot leak by a template's slip): no reasons, no points for
  counsel, no verification notes, no excluded packs, no thresholds or buyer profile (they show
  the estimated value), authorities with their status in words only;
- `masthead`: the solicitation number and attachment label that head every page, with visible
  blanks where the answers do not give them;
- the meanings of the levels and of the vendor's responses (the response matrix's five);
- `solicitation_clauses`: the FAR and DFARS provisions and clauses that bind this purchase, as a
  solicitation carries them (number, title, date, provision or clause, by reference or in full
  text, fill-ins), from each authority's clause identity;
- `text_pieces`: a requirement's text cut around its unfilled blanks, so every format marks them;
- `edition_warnings`: what to fix before an rfp edition is released (blanks left, no
  solicitation number, clauses without a recorded identity).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from ..model.checklist import (
    BASIS_WORDS,
    EDITIONS,
    AuthorityRef,
    Checklist,
    ChecklistRequirement,
    ClauseInfo,
    Edition,
    RegisterEntry,
)
from ..model.fillins import FillInNeed
from ..model.registry import IN_FORCE, KIND_WORDS, STATUS_WORDS
from ..rules.fillins import blanks_left, fill_ins_needed
from .grouping import requirements_by_pack
from .labels import level_label, tailoring_by_id
from .matrix_layout import RESPONSE_MEANINGS, RESPONSES

__all__ = ["EDITIONS", "RESPONSES", "RESPONSE_MEANINGS", "Edition"]

EDITION_WORDS: dict[str, str] = {"review": "for legal review",
                                 "rfp": "the attachment for vendors"}
# Answers a vendor may see: who buys, what, and which solicitation (never the estimated value).
IDENTITY_KEYS = ("schema", "organization", "project", "solicitation", "attachment")
CLAUSE_KINDS = {"far_clause": "FAR", "dfars_clause": "DFARS"}
LEVEL_MEANINGS: tuple[tuple[str, str], ...] = (
    ("MUST", "Mandatory: an offer that does not meet it may be found unacceptable."),
    ("SHOULD", "Expected: meet it, or explain the exception and what is offered instead."),
    ("MAY", "Optional: describe it if offered; it is evaluated as a strength."),
)
RESPONSE_STEPS: tuple[str, ...] = (
    "Answer every requirement with one response: Comply, Partial, Exception, Alternate or N/A "
    "(meanings below), in the response matrix that comes with this attachment.",
    "Give the evidence each requirement asks for, and say where it is in the proposal "
    "(document, section, page) as the evidence reference.",
    "A MUST requirement answered with anything but Comply may make the offer unacceptable.",
)
INCORPORATION_WORDS = {"reference": "By reference", "full_text": "Full text"}
FORM_WORDS = {"provision": "Provision", "clause": "Clause"}
VERIFICATION_WORDS = {"confirmed": "confirmed against the primary source",
                      "secondary": "from a secondary source only",
                      "unverified": "not verified: confirm before issuing"}


@dataclass(frozen=True)
class Masthead:
    """What heads every page of the attachment."""

    solicitation: str
    attachment: str
    project: str
    organization: str
    given: bool

    @property
    def running(self) -> str:
        """`Solicitation 70RTAC27R00000012 · Attachment J-3`."""
        return f"Solicitation {self.solicitation} · Attachment {self.attachment}"

    @property
    def title(self) -> str:
        return f"Attachment {self.attachment}: Requirements checklist"


def stater(checklist: Checklist) -> str:
    """Who states the blanks: the agency, or the buyer (as the requirement text says)."""
    return "agency" if checklist.answers.get("federal_status") == "agency" else "buyer"


def masthead(checklist: Checklist) -> Masthead:
    who = stater(checklist)
    solicitation = checklist.answers.get("solicitation")
    attachment = checklist.answers.get("attachment")
    return Masthead(
        solicitation=str(solicitation) if solicitation else f"[{who} states: solicitation number]",
        attachment=str(attachment) if attachment else f"[{who} states: attachment label]",
        project=str(checklist.answers.get("project", "")),
        organization=str(checklist.answers.get("organization", "")),
        given=bool(solicitation and attachment))


# A vendor reads "draft" as the state of the document in hand; a cited draft standard is not final.
VENDOR_STATUS_WORDS = {**STATUS_WORDS, "draft": "not yet final"}


def status_words(status: str) -> str:
    """An authority's status as a vendor reads it: `in force`, `proposed (anticipated, …)`."""
    return VENDOR_STATUS_WORDS.get(status, status.replace("_", " "))


def _vendor_ref(ref: AuthorityRef) -> AuthorityRef:
    return ref.model_copy(update={"status_note": status_words(ref.status), "binds": None,
                                  "binding_note": ""})


def _vendor_clause(clause: ClauseInfo | None) -> ClauseInfo | None:
    if clause is None:
        return None
    return clause.model_copy(update={"prescription": "", "alternates": [], "commercial": None,
                                     "flowdown": None, "overhaul": None})


def _vendor_entry(entry: RegisterEntry) -> RegisterEntry:
    return entry.model_copy(update={
        "status_note": status_words(entry.status), "verification": "", "binds": None,
        "binding_note": "", "source": "", "clause": _vendor_clause(entry.clause)})


def _vendor_requirement(requirement: ChecklistRequirement) -> ChecklistRequirement:
    return requirement.model_copy(update={
        "why": "", "basis_note": "", "counsel": None, "buyer_duty": None, "tailored": [],
        "authorities": [_vendor_ref(ref) for ref in requirement.authorities]})


def for_vendors(checklist: Checklist) -> Checklist:
    """The checklist as the rfp edition carries it: what a vendor must meet, nothing internal.

    Requirements keep their id, level, title, text (blanks as they are), evidence, authorities
    (status in words), effective date, fill-ins and the notes tailoring added for vendors.
    """
    if checklist.edition == "rfp":
        return checklist
    answers = {key: checklist.answers[key] for key in IDENTITY_KEYS
               if checklist.answers.get(key) is not None}
    if checklist.answers.get("federal_status") == "agency":
        answers["federal_status"] = "agency"  # the blanks say "agency states"
    return checklist.model_copy(update={
        "edition": "rfp",
        "answers": answers,
        "profile": [], "warnings": [], "thresholds": [],
        "packs": [pack.model_copy(update={"why": "", "purpose": "", "overrides": None})
                  for pack in checklist.packs],
        "excluded_packs": [], "excluded_requirements": [],
        "requirements": [_vendor_requirement(item) for item in checklist.requirements],
        "counsel_points": [], "deadlines": [], "tailoring": [],
        "authority_register": [_vendor_entry(entry) for entry in checklist.authority_register],
    })


def in_edition(checklist: Checklist, edition: str) -> Checklist:
    return for_vendors(checklist) if edition == "rfp" else checklist


@dataclass(frozen=True)
class ClauseRow:
    """A FAR or DFARS provision or clause the solicitation carries, and how."""

    authority: str
    number: str
    title: str
    date: str
    form: str
    incorporation: str
    signs: str
    fill_ins: tuple[str, ...]
    alternates: tuple[str, ...]
    prescription: str
    commercial: str
    flowdown: str
    overhaul: str
    recorded: bool


def _clause_order(entry: RegisterEntry) -> tuple[int, tuple[int, ...], str]:
    number = entry.clause.number if entry.clause else entry.citation.split()[-1]
    parts = tuple(int(part) for part in re.findall(r"\d+", number))
    return (list(CLAUSE_KINDS).index(entry.kind), parts, entry.citation)


def solicitation_clauses(checklist: Checklist, edition: str = "review") -> list[ClauseRow]:
    """Provisions and clauses that bind this purchase and are in force, FAR first, by number.

    Give it the full checklist (the vendor copy no longer says what binds). One without a clause
    identity in the registry is listed by citation and title, its date, form and incorporation
    left empty (`recorded` is False). For the rfp edition, what only counsel and the contracting
    officer use (prescription, alternates, commercial route, flow-down) is left out.
    """
    rows = []
    vendor_copy = checklist.edition == "rfp"
    entries = [entry for entry in checklist.authority_register
               if entry.kind in CLAUSE_KINDS and entry.status in IN_FORCE
               and (entry.binds or (vendor_copy and entry.binds is None))]
    internal = edition != "rfp"
    for entry in sorted(entries, key=_clause_order):
        clause = entry.clause
        prefix = CLAUSE_KINDS[entry.kind]
        if clause is None:
            rows.append(ClauseRow(entry.id, entry.citation, entry.title, "", "", "", "", (), (),
                                  "", "", "", "", recorded=False))
            continue
        rows.append(ClauseRow(
            authority=entry.id, number=f"{prefix} {clause.number}", title=entry.title,
            date=clause.date, form=FORM_WORDS.get(clause.form, clause.form),
            incorporation=INCORPORATION_WORDS.get(clause.incorporation, clause.incorporation),
            signs=clause.signs or "", fill_ins=tuple(clause.fill_ins),
            alternates=tuple(clause.alternates) if internal else (),
            prescription=clause.prescription if internal else "",
            commercial=(clause.commercial or "") if internal else "",
            flowdown=(clause.flowdown or "") if internal else "",
            overhaul=(clause.overhaul or "") if internal else "", recorded=True))
    return rows


def clauses_intro(checklist: Checklist) -> str:
    if checklist.answers.get("federal_status") == "agency":
        return ("The solicitation carries these FAR and DFARS provisions (Section K or L) and "
                "clauses (Section I), in force on the document date and binding this purchase. "
                "A vendor's representations and certifications answer the provisions marked so.")
    return ("These FAR and DFARS provisions and clauses bind this purchase through the buyer's "
            "own contracts; they flow down to the vendor as each clause says.")


def text_pieces(requirement: ChecklistRequirement) -> list[tuple[str, bool]]:
    """The requirement's text as (piece, is a blank) pairs, each unfilled blank its own piece."""
    labels = [blank.label for blank in requirement.blanks if blank.value is None]
    if not labels:
        return [(requirement.text, False)]
    pattern = re.compile(r"\[(?:agency|buyer) states: (?:"
                         + "|".join(re.escape(label) for label in labels) + r")\]")
    pieces: list[tuple[str, bool]] = []
    position = 0
    for found in pattern.finditer(requirement.text):
        if found.start() > position:
            pieces.append((requirement.text[position:found.start()], False))
        pieces.append((found.group(), True))
        position = found.end()
    if position < len(requirement.text):
        pieces.append((requirement.text[position:], False))
    return pieces


def blank_listing(need: FillInNeed) -> str:
    """`notification period (fill_ins: notification_period; EDF-002, EDF-007)`."""
    return f"{need.label} (fill_ins: {need.name}; {', '.join(need.requirements)})"


def edition_warnings(checklist: Checklist, documents: bool = True) -> list[str]:
    """What to fix before documents for vendors go out.

    Blanks left show in every document for vendors (the response matrix too); `documents`
    adds what only the rfp edition's documents show: the solicitation number and attachment
    label in every page header, and the list of provisions and clauses.
    """
    warnings = []
    left = blanks_left(checklist)
    if left:
        count = f"{len(left)} fill-in{'s' if len(left) != 1 else ''}"
        warnings.append(f"{count} still blank in the documents for vendors: "
                        f"{'; '.join(blank_listing(need) for need in left)}. Give "
                        f"{'them' if len(left) != 1 else 'it'} in the answers file under the "
                        "keys shown (or run procure interview --answers FILE) before release.")
    if not documents:
        return warnings
    missing = [key for key in ("solicitation", "attachment") if not checklist.answers.get(key)]
    if missing:
        words = {"solicitation": "solicitation number", "attachment": "attachment label"}
        warnings.append(f"The RFP edition has no {' and no '.join(words[key] for key in missing)}"
                        ": every page header shows a blank instead. Add "
                        f"{' and '.join(f'{key}:' for key in missing)} to the answers file.")
    unrecorded = [row.number for row in solicitation_clauses(checklist, "rfp")
                  if not row.recorded]
    if unrecorded:
        warnings.append(f"{len(unrecorded)} FAR/DFARS provisions and clauses have no clause "
                        f"identity in the registry ({', '.join(unrecorded)}): the RFP edition "
                        "lists them by number and title only; add their dates and form by "
                        "hand.")
    return warnings


def template_context(checklist: Checklist, edition: str) -> dict[str, Any]:
    """What the Markdown and HTML templates share: the edition's copy of the checklist and more.

    Clauses are read from the full checklist (the vendor copy no longer says what binds).
    """
    view = in_edition(checklist, edition)
    return {
        "c": view,
        "edition": edition,
        "head": masthead(checklist),
        "counts": view.counts(),
        "totals": view.totals(),
        "by_pack": requirements_by_pack(view),
        "citations": {a.id: a.citation for a in view.authority_register},
        "fill_ins": fill_ins_needed(view),
        "blanks": blanks_left(view),
        "clauses": solicitation_clauses(checklist, edition),
        "clauses_intro": clauses_intro(checklist),
        "level_meanings": LEVEL_MEANINGS,
        "responses": RESPONSES,
        "response_meanings": RESPONSE_MEANINGS,
        "response_steps": RESPONSE_STEPS,
        "level_label": level_label,
        "tailoring_of": tailoring_by_id(view),
        "basis_words": BASIS_WORDS,
        "kind_words": KIND_WORDS,
        "verification_words": VERIFICATION_WORDS,
    }
