"""Word renderer: a .docx that pastes into an agency's template and takes tracked changes.

In: a `Checklist`, the edition, and optionally an organisation's Word template (bytes checked by
`wordml.read_template`). Out: `checklist.docx` as bytes, built with python-docx on real Word
styles: Title, Heading 1 (chapters), Heading 2 (packs, numbered 1, 2, …) and Heading 3 (each
requirement, numbered 1.1, 1.2, … by one numbering definition), which build the navigation pane
and the table of contents (a TOC field Word updates on opening); List Bullet for evidence and
authorities; Table Grid tables whose header rows repeat on every page; PAGE and NUMPAGES fields.

- review edition: the legal-review package; each point for counsel is a Word comment anchored on
  its requirement (or its pack, or the authority it is about, or its row in Appendix A); each
  tailored requirement says what the buyer changed and why, and the tailoring record is an
  appendix before the review and approval block;
- rfp edition (from the vendor copy only): "Solicitation … · Attachment …" and "Page X of Y" in
  the header of every page, how to respond, the requirements with a response line each, the FAR
  and DFARS provisions and clauses, the authorities cited.

Identical inputs give identical bytes: every date inside (core properties, comments, zip
entries) is the document date.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from ..model.checklist import BASIS_WORDS, Checklist, ChecklistRequirement, CounselPoint
from ..model.registry import IN_FORCE, KIND_WORDS
from ..rules.fillins import blanks_left, fill_ins_needed
from .edition import (
    LEVEL_MEANINGS,
    RESPONSE_MEANINGS,
    RESPONSE_STEPS,
    RESPONSES,
    VERIFICATION_WORDS,
    ClauseRow,
    Masthead,
    clauses_intro,
    in_edition,
    masthead,
    solicitation_clauses,
    text_pieces,
)
from .labels import level_label, reason, sentence, tailoring_by_id
from .wordml import (
    Numbering,
    add_field,
    document_bytes,
    ensure_style,
    header_row,
    keep_row_whole,
    open_document,
    set_app_properties,
    set_core_properties,
    update_fields_on_open,
)

STYLES = ("Title", "Subtitle", "Heading 1", "Heading 2", "Heading 3", "List Bullet",
          "List Number", "Table Grid", "Header", "Footer", "Quote", "Intense Quote")
COMMENT_AUTHOR = "procure"
COMMENT_INITIALS = "PR"
BOX = "☐"
FACTS_WIDTHS = (0.28, 0.72)


def _widths(table: Any, widths: Sequence[int]) -> None:
    """Column widths in the grid (LibreOffice reads it) and in every cell (Word reads those)."""
    for column, width in zip(table.columns, widths, strict=True):
        column.width = width
    for row in table.rows:
        for cell, width in zip(row.cells, widths, strict=True):
            cell.width = width


def _plain_page(document: Any) -> None:
    """Without an organisation's template: 0.9-inch margins and a 10-point body."""
    from docx.shared import Inches, Pt

    for section in document.sections:
        section.left_margin = section.right_margin = Inches(0.9)
        section.top_margin = section.bottom_margin = Inches(0.8)
    document.styles["Normal"].font.size = Pt(10)
    for name in ("Header", "Footer"):
        document.styles[name].font.size = Pt(8)


def _own_styles(document: Any) -> None:
    """The styles procure adds, unless the organisation's template defines them already."""
    from docx.enum.text import WD_COLOR_INDEX
    from docx.shared import Pt

    label, created = ensure_style(document, "Checklist Label", "character")
    if created:
        label.font.bold = True
    blank, created = ensure_style(document, "Checklist Blank", "character")
    if created:
        blank.font.bold = True
        blank.font.highlight_color = WD_COLOR_INDEX.GRAY_25
    response, created = ensure_style(document, "Checklist Response", "paragraph", "Normal")
    if created:
        response.paragraph_format.space_after = Pt(10)
        response.font.size = Pt(9)
    cells, created = ensure_style(document, "Table Text", "paragraph", "Normal")
    if created:
        cells.font.size = Pt(9)
        cells.paragraph_format.space_before = Pt(1)
        cells.paragraph_format.space_after = Pt(1)


class _Writer:
    """Adds paragraphs and tables in the document's styles; remembers comment anchors."""

    def __init__(self, document: Any, view: Checklist) -> None:
        from docx.shared import Emu

        self.document = document
        self.view = view
        section = document.sections[0]
        self.width = Emu(section.page_width - section.left_margin - section.right_margin)
        self.numbering = Numbering(document)
        self.anchors: dict[str, list[Any]] = {}
        self.style_ids: dict[str, str] = {}
        self.tailoring = tailoring_by_id(view)
        _own_styles(document)

    # python-docx finds a style by name with a scan of every style, each time: once per name here.

    def style_id(self, name: str) -> str:
        found = self.style_ids.get(name)
        if found is None:
            found = self.style_ids[name] = self.document.styles[name].style_id
        return found

    def add(self, text: str = "", style: str | None = None) -> Any:
        """A new paragraph at the end of the body, in the named style."""
        paragraph = self.document.add_paragraph()
        if style is not None:
            paragraph._p.style = self.style_id(style)
        if text:
            paragraph.add_run(text)
        return paragraph

    def run(self, paragraph: Any, text: str, style: str | None = None) -> Any:
        added = paragraph.add_run(text)
        if style is not None:
            added._r.style = self.style_id(style)
        return added

    # Paragraphs -------------------------------------------------------------------------------

    def heading(self, text: str, level: int, page_break: bool = False) -> Any:
        paragraph = self.add(text, f"Heading {level}")
        paragraph.paragraph_format.keep_with_next = True
        if page_break:
            paragraph.paragraph_format.page_break_before = True
        return paragraph

    def para(self, text: str = "", style: str | None = None, italic: bool = False) -> Any:
        paragraph = self.add(style=style)
        if text:
            paragraph.add_run(text).italic = italic or None
        return paragraph

    def labelled(self, label: str, text: str, keep: bool = False) -> Any:
        paragraph = self.add()
        self.run(paragraph, f"{label}: ", "Checklist Label")
        paragraph.add_run(text)
        paragraph.paragraph_format.keep_with_next = keep or None
        return paragraph

    def bullets(self, items: Sequence[str]) -> None:
        for item in items:
            self.add(item, "List Bullet")

    # Tables -----------------------------------------------------------------------------------

    def table(self, headers: Sequence[str] | None, rows: Sequence[Sequence[str]],
              widths: Sequence[float], numbers: frozenset[int] = frozenset()) -> Any:
        """A Table Grid table; its header row repeats on each page and no row splits.

        The columns in `numbers` are aligned right.
        """
        from docx.enum.text import WD_ALIGN_PARAGRAPH

        count = len(widths)
        table = self.document.add_table(rows=0, cols=count)
        table._tbl.tblStyle_val = self.style_id("Table Grid")
        table.autofit = False
        if headers is not None:
            cells = table.add_row().cells
            for cell, title in zip(cells, headers, strict=True):
                cell.paragraphs[0]._p.style = self.style_id("Table Text")
                cell.paragraphs[0].add_run(title).bold = True
            header_row(table.rows[0])
        for values in rows:
            cells = table.add_row().cells
            for cell, value in zip(cells, values, strict=True):
                cell.paragraphs[0]._p.style = self.style_id("Table Text")
                cell.paragraphs[0].add_run(value)
            keep_row_whole(table.rows[-1])
        _widths(table, [int(self.width * share) for share in widths])
        for row in table.rows:
            for index in numbers:
                row.cells[index].paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
        self.document.add_paragraph()
        return table

    def facts(self, rows: Sequence[tuple[str, str]]) -> Any:
        table = self.table(None, [list(row) for row in rows], FACTS_WIDTHS)
        for row in table.rows:
            for run in row.cells[0].paragraphs[0].runs:
                run.bold = True
        return table

    # The requirement block (one for both editions) --------------------------------------------

    def requirement(self, requirement: ChecklistRequirement, review: bool) -> None:
        level = level_label(requirement) if review else requirement.level
        heading = self.add(style="Heading 3")
        heading.paragraph_format.keep_with_next = True
        self.numbering.apply(heading, 1)
        heading.add_run(requirement.id)
        heading.add_run(f" · {level} · ")
        heading.add_run(requirement.title)
        self.anchors[requirement.id] = heading.runs
        text = self.add()
        for piece, blank in text_pieces(requirement):
            self.run(text, piece, "Checklist Blank" if blank else None)
        if review and requirement.buyer_duty:
            self.para(f"{requirement.buyer_duty}.", italic=True)
        for note in requirement.notes:
            self.labelled("Note", note)
        self.labelled("Evidence", "" if len(requirement.evidence) > 1
                      else requirement.evidence[0], keep=len(requirement.evidence) > 1)
        if len(requirement.evidence) > 1:
            self.bullets(requirement.evidence)
        self.labelled("Authorities", "", keep=True)
        lines = []
        for ref in requirement.authorities:
            line = f"{ref.clause or ref.citation}, {ref.pinpoint}. "
            line += f"{ref.title}. "
            if ref.nature == "law" and ref.status not in IN_FORCE:
                line += "Not in force: "
            line += f"{sentence(ref.status_note)}."
            if review:
                line += f" {sentence(ref.binding_note)}."
            lines.append(line)
        self.bullets(lines)
        if review:
            self.labelled("Basis", sentence(BASIS_WORDS[requirement.basis]))
            for number, record in self.tailoring.get(requirement.id, []):
                under = f" under {record.waiver}" if record.waiver else ""
                self.labelled("Tailored", f"{sentence(record.change)}{under}; reason: "
                                          f"{record.reason} (tailoring record no. {number}).")
            self.labelled("Why it applies", reason(requirement.why))
        if requirement.effective_from:
            self.labelled("Effective from", requirement.effective_from.isoformat())
        if review:
            for blank_item in requirement.blanks:
                value = (blank_item.value if blank_item.value is not None
                         else "blank, to be stated before release")
                self.labelled(f"Fill-in, {blank_item.label}", value)
        response = self.add(style="Checklist Response")
        self.run(response, "Response: ", "Checklist Label")
        response.add_run("   ".join(f"{BOX} {choice}" for choice in RESPONSES))
        response.add_run("   Evidence reference: ____________")


def _core(document: Any, view: Checklist, head: Masthead, review: bool) -> None:
    moment = dt.datetime.combine(view.as_of, dt.time(), tzinfo=dt.UTC)
    title = (f"Requirements checklist: {head.project}" if review
             else f"{head.title} · {head.project}")
    set_core_properties(
        document, moment, title=title, subject=head.running if not review else head.project,
        author=head.organization, last_modified_by=view.generator.name,
        keywords="requirements checklist, RFP, " + ", ".join(p.id for p in view.packs),
        category="Requirements checklist",
        comments=(f"Generated by {view.generator.name} {view.generator.version}; input hash "
                  f"{view.inputs_sha256}; document date {view.as_of.isoformat()}."),
        content_status="Draft for legal review" if review else "For release to vendors",
        language="en-US", identifier=view.inputs_sha256, version="")
    set_app_properties(document)


def _header_footer(writer: _Writer, head: Masthead, review: bool) -> None:
    """Header: the running title (rfp: solicitation · attachment) and Page X of Y."""
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    section = writer.document.sections[0]
    view = writer.view
    left = head.running if not review else f"Requirements checklist: {head.project}"
    header_table = section.header.add_table(1, 2, writer.width)
    header_table.alignment = WD_TABLE_ALIGNMENT.CENTER
    header_table.autofit = False
    _widths(header_table, [int(writer.width * 0.75), int(writer.width * 0.25)])
    cells = header_table.rows[0].cells
    cells[0].paragraphs[0].style = "Header"
    running = cells[0].paragraphs[0].add_run(left)
    running.bold = not review
    right = cells[1].paragraphs[0]
    right.style = "Header"
    right.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    if review:
        right.add_run("Draft for legal review")
    else:
        _page_x_of_y(right)
    footer = section.footer.add_paragraph(style="Footer")
    if review:
        footer.add_run(f"Document date {view.as_of.isoformat()} · {head.organization} · ")
        _page_x_of_y(footer)
    else:
        footer.add_run(f"{head.project} · document date {view.as_of.isoformat()}")


def _page_x_of_y(paragraph: Any) -> None:
    paragraph.add_run("Page ")
    add_field(paragraph, "PAGE", "1")
    paragraph.add_run(" of ")
    add_field(paragraph, "NUMPAGES", "1")


def _contents(writer: _Writer, entries: list[tuple[int, str]]) -> None:
    """A TOC field (headings 1 and 2) showing the entries until Word updates it on opening."""
    writer.heading("Contents", 1, page_break=True)
    first = writer.add()
    result = []
    for level, text in entries:
        style, created = ensure_style(writer.document, f"toc {level}", "paragraph", "Normal")
        if created and level == 2:
            style.paragraph_format.left_indent = 228600  # a quarter inch, in EMU
        result.append(writer.add(text, style.name))
    add_field(first, 'TOC \\o "1-2" \\h \\z \\u', result=result)


def _counts_rows(view: Checklist, review: bool) -> list[list[str]]:
    rows = []
    for number, (_, title, n) in enumerate(view.counts(), start=1):
        total = n["MUST"] + n["SHOULD"] + n["MAY"]
        middle = ([str(n["MUST_LAW"]), str(n["MUST_SPEC"])] if review else [str(n["MUST"])])
        rows.append([str(number), title, *middle, str(n["SHOULD"]), str(n["MAY"]), str(total)])
    totals = view.totals()
    middle = ([str(totals["MUST_LAW"]), str(totals["MUST_SPEC"])] if review
              else [str(totals["MUST"])])
    rows.append(["", "Total", *middle, str(totals["SHOULD"]), str(totals["MAY"]),
                 str(totals["MUST"] + totals["SHOULD"] + totals["MAY"])])
    return rows


def _clauses(writer: _Writer, clauses: list[ClauseRow], intro: str, review: bool) -> None:
    writer.heading("FAR and DFARS provisions and clauses", 1, page_break=True)
    writer.para(intro)
    rows = []
    for row in clauses:
        title = row.title
        if review and row.recorded:
            uses = [f"Prescribed in {row.prescription}", *row.alternates]
            uses += [sentence(row.commercial)] if row.commercial else []
            uses += [f"Flow-down: {row.flowdown}"] if row.flowdown else []
            uses += [f"FAR Overhaul: {row.overhaul}"] if row.overhaul else []
            title += "\n" + ". ".join(uses) + "."
        elif review:
            title += ("\nNot recorded: the registry has no clause identity for it; confirm the "
                      "date, form and incorporation.")
        form = row.form + (f" ({row.signs})" if row.signs else "")
        rows.append([row.number, title, row.date, form, row.incorporation,
                     "; ".join(row.fill_ins)])
    writer.table(("Number", "Title", "Date", "Provision or clause", "Incorporated", "Fill-ins"),
                 rows, (0.14, 0.32, 0.09, 0.13, 0.12, 0.2))


def _requirements(writer: _Writer, review: bool) -> None:
    view = writer.view
    writer.heading("Requirements", 1, page_break=True)
    headers = (("#", "Pack", "MUST (law)", "MUST (spec.)", "SHOULD", "MAY", "Total") if review
               else ("#", "Group", "MUST", "SHOULD", "MAY", "Total"))
    widths = ((0.05, 0.43, 0.11, 0.11, 0.11, 0.09, 0.1) if review
              else (0.06, 0.52, 0.1, 0.12, 0.1, 0.1))
    writer.table(headers, _counts_rows(view, review), widths,
                 numbers=frozenset(range(2, len(headers))))
    if review:
        writer.para("Each requirement carries its level, the evidence the vendor supplies, the "
                    "authorities it rests on (with the pinpoint and the authority's status on "
                    f"{view.as_of.isoformat()}) and why it applies to this buyer. A MUST is "
                    "marked law where an authority in force binds this buyer for this "
                    "purchase, specification where it is the buyer's own choice. Points for "
                    "counsel are comments on their requirement.")
    for pack in view.packs:
        heading = writer.heading(pack.title, 2)
        writer.numbering.apply(heading, 0)
        writer.anchors[pack.id] = heading.runs
        if review:
            writer.para(f"{pack.id} · {pack.kind} pack · version {pack.version} · reviewed "
                        f"{pack.reviewed_on.isoformat()}", italic=True)
            writer.para(pack.purpose, italic=True)
            writer.labelled("Why this pack applies", reason(pack.why))
            if pack.overrides:
                writer.labelled("Organisation pack", f"this pack {pack.overrides}.")
        for requirement in view.requirements_of(pack.id):
            writer.requirement(requirement, review)
    if not view.packs:
        writer.para(f"No pack applies to this buyer on {view.as_of.isoformat()}.")


def _rfp(writer: _Writer, checklist: Checklist, head: Masthead) -> None:
    view = writer.view
    totals = view.totals()
    writer.para("RFP attachment · Requirements checklist", "Subtitle")
    writer.para(head.title, "Title")
    writer.para(f"{head.project}\n{head.organization}", "Subtitle")
    writer.facts([
        ("Solicitation", head.solicitation), ("Attachment", head.attachment),
        ("Document date", view.as_of.isoformat()),
        ("Requirements", f"{totals['MUST'] + totals['SHOULD'] + totals['MAY']} "
                         f"({totals['MUST']} MUST, {totals['SHOULD']} SHOULD, "
                         f"{totals['MAY']} MAY) in {len(view.packs)} groups"),
        ("Checklist", f"{view.inputs_sha256[:16]} · {view.generator.name} "
                      f"{view.generator.version}")])
    writer.heading("How to respond", 1)
    for step in RESPONSE_STEPS:
        writer.para(step, "List Number")
    writer.table(("Level", "What it means"), [list(row) for row in LEVEL_MEANINGS], (0.2, 0.8))
    writer.table(("Response", "What it means"), [list(row) for row in RESPONSE_MEANINGS],
                 (0.2, 0.8))
    clauses = solicitation_clauses(checklist, "rfp")
    entries = [(1, "How to respond"), (1, "Requirements"),
               *((2, pack.title) for pack in view.packs)]
    entries += [(1, "FAR and DFARS provisions and clauses")] if clauses else []
    entries += [(1, "Authorities cited")]
    _contents(writer, entries)
    _requirements(writer, review=False)
    if clauses:
        _clauses(writer, clauses, clauses_intro(checklist), review=False)
    writer.heading("Authorities cited", 1, page_break=True)
    writer.para("The laws, regulations, clauses and standards the requirements cite, with their "
                f"status on {view.as_of.isoformat()} and where to read them.")
    writer.table(("Authority", f"Status on {view.as_of.isoformat()}", "Where to read it"),
                 [[f"{entry.citation}\n{entry.title}"
                   + (f"\n{entry.clause.label}" if entry.clause else ""),
                   sentence(entry.status_note), entry.url]
                  for entry in view.authority_register], (0.45, 0.2, 0.35))


def _review(writer: _Writer, checklist: Checklist, head: Masthead) -> None:
    view = writer.view
    totals = view.totals()
    total = totals["MUST"] + totals["SHOULD"] + totals["MAY"]
    writer.para("Draft for legal review · Procurement sensitive: do not distribute outside the "
                "acquisition team before the solicitation is issued", "Intense Quote")
    writer.para(f"Requirements checklist: {head.project}", "Title")
    writer.para(head.organization, "Subtitle")
    writer.facts([
        ("Document date", view.as_of.isoformat()),
        ("Requirements", f"{total} ({totals['MUST_LAW']} MUST by law, {totals['MUST_SPEC']} "
                         f"MUST as specification, {totals['SHOULD']} SHOULD, {totals['MAY']} "
                         f"MAY) from {len(view.packs)} of "
                         f"{len(view.packs) + len(view.excluded_packs)} packs"),
        ("Generator", f"{view.generator.name} {view.generator.version}"),
        ("Pack versions", ", ".join(f"{p.id} {p.version}" + (f" ({p.overrides})" if p.overrides
                                                              else "")
                                    for p in view.packs) or "none"),
        ("Input hash (SHA-256)", view.inputs_sha256)])
    approval = _appendices_of(view)[-1].split(".")[0]
    if view.warnings:
        writer.labelled("Check these answers before relying on the checklist", "", keep=True)
        writer.bullets(view.warnings)
    writer.para("Each requirement is written for this buyer on the document date, and the status "
                "shown for each authority is its status on that date. A MUST is required by "
                "law only where an authority in force binds this buyer for this purchase; a "
                "MUST resting on a standard, a target or a policy the buyer chose is marked as "
                "the buyer's specification. Settle the points for counsel (comments, and "
                f"Appendix A) and complete the review and approval block ({approval}) before "
                "the checklist is attached to a solicitation.", "Quote")
    fill_ins = fill_ins_needed(view)
    clauses = solicitation_clauses(checklist, "review")
    entries = [(1, "Executive summary"), (1, "Requirements"),
               *((2, pack.title) for pack in view.packs)]
    entries += [(1, "FAR and DFARS provisions and clauses")] if clauses else []
    entries += [(1, title) for title in _appendices_of(view)]
    _contents(writer, entries)

    writer.heading("Executive summary", 1, page_break=True)
    writer.heading("Buyer profile", 2)
    writer.table(("Answer", "Value"), [[row.label, row.value] for row in view.profile],
                 (0.35, 0.65))
    if view.thresholds:
        writer.heading(f"Thresholds on {view.as_of.isoformat()}", 2)
        writer.table(("Threshold", "Value", "Since", "This purchase", "Source"),
                     [[sentence(t.title), f"${t.value:,.0f}"
                       + ("" if t.verified else " (unverified)"), t.since.isoformat(),
                       sentence(t.position), t.source] for t in view.thresholds],
                     (0.22, 0.13, 0.12, 0.23, 0.3))
    writer.heading("Deadlines ahead", 2)
    if view.deadlines:
        citations = {entry.id: entry.citation for entry in view.authority_register}
        writer.table(("Date", "What", "Authority"),
                     [[d.date.isoformat(), d.what, citations.get(d.authority, d.authority)]
                      for d in view.deadlines], (0.15, 0.6, 0.25))
    else:
        writer.para(f"No dated obligation ahead of {view.as_of.isoformat()} for the "
                    "authorities cited.")
    if fill_ins:
        writer.heading("Blanks to fill before release", 2)
        left = blanks_left(view)
        if left:
            writer.para("Values the solicitation states, named in the requirements' text. Each "
                        "prints as a visible blank until the answers give it (procure "
                        "interview asks for each).")
            writer.table(("Fill-in", "What to state", "Requirements"),
                         [[sentence(b.label), f"{b.help} Write {b.type_words}.",
                           ", ".join(b.requirements)] for b in left], (0.25, 0.55, 0.2))
        else:
            writer.para(f"None: every fill-in has its value ({len(fill_ins)} given).")

    _requirements(writer, review=True)
    if clauses:
        _clauses(writer, clauses, clauses_intro(checklist), review=True)
    _appendices(writer)


APPENDICES = ("Appendix A. Points for counsel", "Appendix B. Packs not included",
              "Appendix C. Requirements not applicable", "Appendix D. Authority register")


def _appendices_of(view: Checklist) -> list[str]:
    """The appendices' headings: the tailoring record (if any) comes before the approval."""
    found = list(APPENDICES)
    if view.tailoring:
        found.append("Appendix E. Tailoring record")
    found.append(f"Appendix {'F' if view.tailoring else 'E'}. Review and approval")
    return found


def _appendices(writer: _Writer) -> None:
    view = writer.view
    writer.heading(APPENDICES[0], 1, page_break=True)
    if view.counsel_points:
        writer.para("Open legal questions: unsettled law, case-by-case determinations and facts "
                    "that could not be verified against a primary source. Each is also a "
                    "comment on what it concerns. Record the resolution before the checklist "
                    "is issued.")
        table = writer.table(("#", "Ref.", "Point", "Resolution"),
                             [[str(number), point.ref, point.point, ""]
                              for number, point in enumerate(view.counsel_points, start=1)],
                             (0.05, 0.17, 0.53, 0.25))
        for number in range(1, len(view.counsel_points) + 1):
            writer.anchors[f"\x00point:{number}"] = table.rows[number].cells[2].paragraphs[0].runs
    else:
        writer.para("None: no requirement in this checklist raises an open legal question.")
    writer.heading(APPENDICES[1], 1)
    if view.excluded_packs:
        writer.table(("Pack", "Why it does not apply"),
                     [[f"{p.title} ({p.id})", reason(p.why)] for p in view.excluded_packs],
                     (0.35, 0.65))
    else:
        writer.para("Every pack applies to this buyer.")
    writer.heading(APPENDICES[2], 1)
    if view.excluded_requirements:
        writer.table(("Id", "Requirement", "Why it does not apply"),
                     [[r.id, r.title, reason(r.why)] for r in view.excluded_requirements],
                     (0.12, 0.33, 0.55))
    else:
        writer.para("None: every requirement of the included packs applies.")
    writer.heading(APPENDICES[3], 1, page_break=True)
    rows = []
    for entry in view.authority_register:
        status = ("Not in force: " if entry.nature == "law" and entry.status not in IN_FORCE
                  else "") + sentence(entry.status_note)
        rows.append([f"{entry.citation}\n{entry.title}\n{KIND_WORDS.get(entry.kind, entry.kind)}"
                     + (f"\n{entry.clause.label}" if entry.clause else ""),
                     f"{status}\n{sentence(entry.binding_note)}",
                     VERIFICATION_WORDS.get(entry.verification, entry.verification),
                     entry.url])
    if rows:
        table = writer.table(("Authority", f"Status on {view.as_of.isoformat()}",
                              "Verification", "Source"), rows, (0.34, 0.3, 0.13, 0.23))
        for index, entry in enumerate(view.authority_register, start=1):
            writer.anchors.setdefault(f"\x00citation:{entry.citation}",
                                      table.rows[index].cells[0].paragraphs[0].runs)
    else:
        writer.para("No authority is cited.")
    if view.tailoring:
        _tailoring_record(writer)
    writer.heading(_appendices_of(view)[-1], 1)
    writer.para("The checklist is ready to attach to the solicitation when every point for "
                "counsel has a resolution and each reviewer has signed.")
    writer.table(("Role", "Name and title", "Signature", "Date"),
                 [["Prepared by", "", "", ""], ["Legal review", "", "", ""],
                  ["Contracting officer", "", "", ""]], (0.22, 0.33, 0.3, 0.15))
    writer.para(f"Record: {view.answers.get('project', '')} · "
                f"{view.answers.get('organization', '')} · document date "
                f"{view.as_of.isoformat()} · {view.generator.name} {view.generator.version} · "
                f"input hash {view.inputs_sha256}", italic=True)


def _tailoring_record(writer: _Writer) -> None:
    view = writer.view
    writer.heading("Appendix E. Tailoring record", 1, page_break=True)
    writer.para("The changes the buyer made to what the rules chose, in the order applied, each "
                "with its reason, who made it and when, and what the rules had chosen.")
    rows = []
    for number, record in enumerate(view.tailoring, start=1):
        change = sentence(record.change) + (f", under {record.waiver}" if record.waiver else "")
        text = f"{change}. {record.reason}"
        if record.action == "text" and record.original_text:
            text += f"\nOriginal text: {record.original_text}"
        had = (f"{record.original_level} ({BASIS_WORDS[record.original_basis]})"
               if record.original_level and record.original_basis else "Not in the checklist")
        signed = "\n".join(part for part in (record.by, record.date and record.date.isoformat())
                           if part)
        rows.append([str(number), record.id, text, signed, had])
    writer.table(("#", "Id", "Change and reason", "By, date", "The rules had"), rows,
                 (0.05, 0.12, 0.5, 0.15, 0.18))


def _comments(writer: _Writer) -> None:
    """Each point for counsel as a comment on what it is about, dated the document date."""
    moment = dt.datetime.combine(writer.view.as_of, dt.time(), tzinfo=dt.UTC)
    for number, point in enumerate(writer.view.counsel_points, start=1):
        runs = _anchor(writer, point, number)
        comment = writer.document.add_comment(runs, text=f"Point for counsel {number}: "
                                              f"{point.point}", author=COMMENT_AUTHOR,
                                              initials=COMMENT_INITIALS)
        comment._comment_elm.date = moment  # python-docx stamps the clock; the date is fixed


def _anchor(writer: _Writer, point: CounselPoint, number: int) -> list[Any]:
    for key in (point.ref, f"\x00citation:{point.ref}", f"\x00point:{number}"):
        runs = writer.anchors.get(key)
        if runs:
            return runs
    raise AssertionError(f"no anchor for the point for counsel on {point.ref}")


def render_docx(checklist: Checklist, edition: str = "review",
                template: bytes | None = None) -> bytes:
    review = edition != "rfp"
    view = in_edition(checklist, edition)
    head = masthead(checklist)
    document = open_document(template, STYLES)
    if template is None:
        _plain_page(document)
    writer = _Writer(document, view)
    _core(document, view, head, review)
    _header_footer(writer, head, review)
    if review:
        _review(writer, checklist, head)
        _comments(writer)
    else:
        _rfp(writer, checklist, head)
    update_fields_on_open(document)
    return document_bytes(document, view.as_of)
