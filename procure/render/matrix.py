"""Response-matrix renderers: the vendor's XLSX workbook and the same rows as CSV.

In: a `Checklist`. Out: `response-matrix.xlsx` or `response-matrix.csv` as bytes.

The XLSX has four sheets: Instructions (the solicitation and attachment where given, how to answer,
what each response means, the vendor's name), Response matrix (one row per requirement; the buyer's
columns locked, the vendor's three columns open, a drop-down for Response, a frozen header, filters,
widths, wrapping, each row as tall as its longest text), Summary (requirements by pack and level)
and a very hidden `procure` sheet that carries the checklist's identity and a copy of the buyer's
rows, so `procure score` can check a return without the checklist file. Every visible sheet prints
legibly: Letter paper, one page wide (the matrix in landscape with its header row on every page), a
header naming the project and the buyer, and a footer with the checklist, the document date and
"Page N of M". Text is Arial (Liberation Sans has the same metrics), so the row heights computed
here fit in Excel and in LibreOffice alike. Sheets are protected without a password (protection
guards against slips, not attacks; the scorer checks every locked cell anyway). Identical checklists
give identical bytes: every timestamp is the document date and the zip entries carry it too.

The CSV has the matrix's columns, RFC 4180 quoting with CRLF line ends, UTF-8 with a byte-order mark
(so Excel opens it as UTF-8). Text that would start a formula is neutralised in both (see
`procure.render.cells`).
"""

from __future__ import annotations

import csv
import io
import textwrap
import zipfile
from pathlib import Path
from typing import Any

from ..model.checklist import LEVELS, Checklist
from .cells import clean, csv_cell, is_risky
from .matrix_layout import (
    HEADERS,
    INSTRUCTIONS,
    INSTRUCTIONS_SHEET,
    MARKER_SHEET,
    MATRIX_SCHEMA,
    MATRIX_SHEET,
    RESPONSE_COLUMN,
    RESPONSE_MEANINGS,
    RESPONSES,
    SUMMARY_SHEET,
    VENDOR_LABEL,
    MatrixSpec,
    as_of_datetime,
    spec_from_checklist,
)

# Narrow enough that landscape Letter, one page wide, prints at about 77 % (8 point text).
WIDTHS = (10, 16, 8, 16, 40, 26, 24, 10, 11, 16)
HEADER_FILL = "1F3864"
VENDOR_HEADER_FILL = "7F6000"
VENDOR_CELL_FILL = "FFF2CC"
FONT = "Arial"
FONT_SIZE = 10
# Arial 10 is also the workbook's default font, so a column of width w (in widths of its
# digit) holds about 1.3 × w characters of English text; 1.15 are counted, because words
# do not break. One line is 12.75 points tall. Measured in LibreOffice with Liberation Sans,
# Arial's metric twin.
CHARACTERS_PER_WIDTH = 1.15
LINE_POINTS = 12.75
ROW_PADDING_POINTS = 4
MAX_ROW_POINTS = 409  # the tallest row a spreadsheet allows
VENDOR_LINES = 2  # room to write an answer in a row with little buyer text
HEADER_TEXT_LIMIT = 60


def font(**style: Any) -> Any:
    from openpyxl.styles import Font

    return Font(name=FONT, size=style.pop("size", FONT_SIZE), **style)


def lines_in(text: str, width: float) -> int:
    """How many lines `text` takes when wrapped in a column of `width`."""
    per_line = max(1, int(width * CHARACTERS_PER_WIDTH))
    return sum(len(textwrap.wrap(paragraph, per_line, break_on_hyphens=False)) or 1
               for paragraph in text.split("\n"))


def row_height(texts: tuple[str, ...], widths: tuple[float, ...], least: int = 1) -> float:
    """Points a row needs so that its longest wrapped text shows whole."""
    lines = max([least, *(lines_in(text, width) for text, width in zip(texts, widths,
                                                                     strict=False))])
    return min(MAX_ROW_POINTS, lines * LINE_POINTS + ROW_PADDING_POINTS)


def header_text(text: str) -> str:
    """Data for a printed header or footer: `&` doubled (it starts a code), kept short."""
    flat = " ".join(text.split())
    if len(flat) > HEADER_TEXT_LIMIT:
        flat = flat[:HEADER_TEXT_LIMIT - 1] + "…"
    return flat.replace("&", "&&")


def _print_setup(sheet: Any, spec: MatrixSpec, landscape: bool = False) -> None:
    """Letter, one page wide, header with the project and buyer, footer with page numbers."""
    from openpyxl.worksheet.page import PageMargins

    setup = sheet.page_setup
    setup.orientation = "landscape" if landscape else "portrait"
    setup.paperSize = sheet.PAPERSIZE_LETTER
    setup.fitToWidth = 1
    setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_options.horizontalCentered = True
    sheet.page_margins = PageMargins(left=0.4, right=0.4, top=0.7, bottom=0.7, header=0.3,
                                     footer=0.3)
    header, footer = sheet.oddHeader, sheet.oddFooter
    header.left.text = header_text(spec.project)
    header.center.text = "&B&A"
    header.right.text = header_text(spec.organization)
    footer.left.text = f"Checklist {spec.inputs_sha256[:12]}, document date {spec.as_of}"
    footer.center.text = "Page &P of &N"
    footer.right.text = "Vendor response matrix"
    # No font or size codes: a size code (&9) would swallow digits that start the text after
    # it, and the workbook's default font (Arial 10) is the one wanted anyway.


def put(sheet: Any, row: int, column: int, value: str | int) -> Any:
    """Write a value that is never a formula: text is stored as text, quote-prefixed if risky."""
    cell = sheet.cell(row=row, column=column)
    cell.value = value
    if isinstance(value, str):
        cell.data_type = "s"
        if is_risky(value):
            cell.quotePrefix = True
    return cell


def _header(sheet: Any, row: int, titles: tuple[str, ...], fills: tuple[str, ...]) -> None:
    from openpyxl.styles import Alignment, PatternFill

    for column, (title, fill) in enumerate(zip(titles, fills, strict=True), start=1):
        cell = put(sheet, row, column, title)
        cell.font = font(bold=True, color="FFFFFF")
        cell.fill = PatternFill("solid", fgColor=fill)
        cell.alignment = Alignment(vertical="center", wrap_text=True)


def _protect(sheet: Any) -> None:
    """Sheet protection without a password; filters, sorting and resizing stay allowed."""
    sheet.protection.sheet = True
    sheet.protection.autoFilter = False
    sheet.protection.formatColumns = False
    sheet.protection.formatRows = False


def _matrix_sheet(sheet: Any, spec: MatrixSpec) -> None:
    from openpyxl.styles import Alignment, PatternFill, Protection
    from openpyxl.worksheet.datavalidation import DataValidation

    fills = (HEADER_FILL,) * RESPONSE_COLUMN + (VENDOR_HEADER_FILL,) * (len(HEADERS)
                                                                       - RESPONSE_COLUMN)
    _header(sheet, 1, HEADERS, fills)
    sheet.row_dimensions[1].height = row_height(HEADERS, WIDTHS)
    wrap = Alignment(vertical="top", wrap_text=True)
    open_cell = Protection(locked=False)
    vendor_fill = PatternFill("solid", fgColor=VENDOR_CELL_FILL)
    text_font = font()
    for index, row in enumerate(spec.rows, start=2):
        cells = row.cells()
        for column, value in enumerate(cells, start=1):
            cell = put(sheet, index, column, value)
            cell.alignment = wrap
            cell.font = text_font
        for column in range(RESPONSE_COLUMN + 1, len(HEADERS) + 1):
            cell = sheet.cell(row=index, column=column)
            cell.protection = open_cell
            cell.fill = vendor_fill
            cell.alignment = wrap
            cell.font = text_font
        sheet.row_dimensions[index].height = row_height(cells, WIDTHS, least=VENDOR_LINES)
    for column, width in enumerate(WIDTHS, start=1):
        sheet.column_dimensions[chr(ord("A") + column - 1)].width = width
    last = len(spec.rows) + 1
    sheet.freeze_panes = "B2"
    sheet.auto_filter.ref = f"A1:J{last}"
    if spec.rows:
        choices = DataValidation(
            type="list", formula1='"' + ",".join(RESPONSES) + '"', allow_blank=True,
            showErrorMessage=True, errorTitle="Response",
            error="Choose Comply, Partial, Exception, Alternate or N/A from the list.",
            showInputMessage=True, promptTitle="Response",
            prompt="Comply, Partial, Exception, Alternate or N/A (see Instructions).")
        choices.add(f"H2:H{last}")
        sheet.add_data_validation(choices)
    sheet.print_title_rows = "1:1"
    _print_setup(sheet, spec, landscape=True)
    _protect(sheet)


def _instructions_sheet(sheet: Any, spec: MatrixSpec,
                        solicitation: tuple[tuple[str, str], ...] = ()) -> None:
    from openpyxl.styles import Alignment, PatternFill, Protection

    wrap = Alignment(vertical="top", wrap_text=True)
    widths = (18, 100)
    top = Alignment(vertical="top")
    put(sheet, 1, 1, "Vendor response matrix").font = font(bold=True, size=14)
    sheet.row_dimensions[1].height = 22
    facts: list[tuple[str, str | int]] = [
        ("Buyer", spec.organization), ("Project", spec.project), *solicitation,
        ("Document date", spec.as_of), ("Requirements", len(spec.rows)),
        ("Checklist", spec.inputs_sha256[:16]), (VENDOR_LABEL, "")]
    row = 3
    for label, value in facts:
        label_cell = put(sheet, row, 1, label)
        label_cell.font, label_cell.alignment = font(bold=True), top
        cell = put(sheet, row, 2, value)
        cell.alignment = Alignment(horizontal="left", vertical="top", wrap_text=True)
        cell.font = font()
        sheet.row_dimensions[row].height = row_height((label, str(value)), widths)
        if label == VENDOR_LABEL:
            cell.protection = Protection(locked=False)
            cell.fill = PatternFill("solid", fgColor=VENDOR_CELL_FILL)
        row += 1
    row += 1
    put(sheet, row, 1, "How to answer").font = font(bold=True, size=12)
    sheet.row_dimensions[row].height = 18
    for paragraph in INSTRUCTIONS:
        row += 1
        sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=2)
        cell = put(sheet, row, 1, paragraph)
        cell.alignment = wrap
        cell.font = font()
        sheet.row_dimensions[row].height = row_height((paragraph,), (sum(widths),))
    row += 2
    _header(sheet, row, ("Response", "Meaning"), (HEADER_FILL, HEADER_FILL))
    for response, meaning in RESPONSE_MEANINGS:
        row += 1
        label_cell = put(sheet, row, 1, response)
        label_cell.font, label_cell.alignment = font(bold=True), top
        cell = put(sheet, row, 2, meaning)
        cell.alignment = wrap
        cell.font = font()
        sheet.row_dimensions[row].height = row_height((response, meaning), widths)
    for letter, width in zip("AB", widths, strict=True):
        sheet.column_dimensions[letter].width = width
    _print_setup(sheet, spec)
    _protect(sheet)


def _summary_sheet(sheet: Any, spec: MatrixSpec) -> None:
    from openpyxl.styles import Alignment

    widths = (24, 56, 9, 9, 9, 9)
    put(sheet, 1, 1, "Requirements by pack and level").font = font(bold=True, size=12)
    sheet.row_dimensions[1].height = 18
    titles = ("Pack", "Title", *LEVELS, "Total")
    _header(sheet, 3, titles, (HEADER_FILL,) * len(titles))
    for column in range(3, len(titles) + 1):
        sheet.cell(row=3, column=column).alignment = Alignment(horizontal="right")
    wrap = Alignment(vertical="top", wrap_text=True)
    row = 3
    totals = dict.fromkeys(LEVELS, 0)
    for pack_id, title, levels in spec.counts():
        row += 1
        values: list[str | int] = [pack_id, title, *levels.values(), sum(levels.values())]
        for column, value in enumerate(values, start=1):
            cell = put(sheet, row, column, value)
            cell.font = font()
            cell.alignment = wrap if isinstance(value, str) else Alignment(vertical="top")
        sheet.row_dimensions[row].height = row_height((pack_id, title), widths)
        for level, count in levels.items():
            totals[level] += count
    row += 1
    total_row: list[str | int] = ["Total", "", *totals.values(), sum(totals.values())]
    for column, value in enumerate(total_row, start=1):
        put(sheet, row, column, value).font = font(bold=True)
    for letter, width in zip("ABCDEF", widths, strict=True):
        sheet.column_dimensions[letter].width = width
    _print_setup(sheet, spec)
    _protect(sheet)


def _marker_sheet(sheet: Any, spec: MatrixSpec) -> None:
    """The checklist's identity and the buyer's rows, for `procure score` (never shown)."""
    rows: list[tuple[str, ...]] = [
        ("meta", "schema", MATRIX_SCHEMA),
        ("meta", "checklist_sha256", spec.inputs_sha256),
        ("meta", "as_of", spec.as_of),
        ("meta", "organization", spec.organization),
        ("meta", "project", spec.project),
        ("meta", "rows_sha256", spec.rows_sha256()),
    ]
    rows += [("pack", pack_id, title) for pack_id, title in spec.packs]
    rows += [("requirement", *row.fields()) for row in spec.rows]
    for index, values in enumerate(rows, start=1):
        for column, value in enumerate(values, start=1):
            put(sheet, index, column, value)
    sheet.sheet_state = "veryHidden"
    _protect(sheet)


class _FixedTimeZip(zipfile.ZipFile):
    """A zip whose entries all carry one timestamp (openpyxl would stamp the current time)."""

    fixed_time: tuple[int, int, int, int, int, int] = (1980, 1, 1, 0, 0, 0)

    def writestr(self, zinfo_or_arcname: Any, data: Any, compress_type: int | None = None,
                 compresslevel: int | None = None) -> None:
        if isinstance(zinfo_or_arcname, str):
            info = zipfile.ZipInfo(zinfo_or_arcname, date_time=self.fixed_time)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            zinfo_or_arcname = info
        super().writestr(zinfo_or_arcname, data, compress_type, compresslevel)

    def write(self, filename: Any, arcname: Any = None, compress_type: int | None = None,
              compresslevel: int | None = None) -> None:
        """Worksheets come from temporary files: take their bytes, not their time."""
        self.writestr(arcname or filename, Path(filename).read_bytes(), compress_type,
                      compresslevel)


def _default_font(workbook: Any) -> None:
    """Make Arial 10 the workbook's Normal font: column widths are measured in its digits."""
    from openpyxl.utils.indexed_list import IndexedList

    normal = font()
    workbook._fonts = IndexedList([normal])  # the first font is the default; openpyxl has no API
    workbook._named_styles["Normal"].font = normal


def workbook_bytes(workbook: Any, spec: MatrixSpec) -> bytes:
    """Save a workbook with every timestamp set to the document date."""
    from openpyxl.writer.excel import ExcelWriter

    moment = as_of_datetime(spec)
    workbook.properties.created = moment
    workbook.properties.modified = moment
    buffer = io.BytesIO()
    archive = _FixedTimeZip(buffer, "w", zipfile.ZIP_DEFLATED, allowZip64=True)
    archive.fixed_time = (moment.year, moment.month, moment.day, 0, 0, 0)
    ExcelWriter(workbook, archive).save()
    return buffer.getvalue()


def render_xlsx(checklist: Checklist) -> bytes:
    from openpyxl import Workbook
    from openpyxl.workbook.protection import WorkbookProtection

    spec = spec_from_checklist(checklist)
    workbook = Workbook()
    _default_font(workbook)
    instructions = workbook.active
    instructions.title = INSTRUCTIONS_SHEET
    named = (("Solicitation", "solicitation"), ("Attachment", "attachment"))
    _instructions_sheet(instructions, spec, tuple(
        (label, clean(str(checklist.answers[key]))) for label, key in named
        if checklist.answers.get(key)))
    _matrix_sheet(workbook.create_sheet(MATRIX_SHEET), spec)
    _summary_sheet(workbook.create_sheet(SUMMARY_SHEET), spec)
    _marker_sheet(workbook.create_sheet(MARKER_SHEET), spec)
    workbook.active = 0
    workbook.security = WorkbookProtection(lockStructure=True)
    properties = workbook.properties
    properties.title = f"Response matrix: {spec.project}"
    properties.subject = spec.organization
    properties.creator = "procure"
    properties.lastModifiedBy = "procure"
    properties.description = (f"Vendor response matrix for checklist {spec.inputs_sha256}, "
                              f"document date {spec.as_of}.")
    return workbook_bytes(workbook, spec)


def render_csv(checklist: Checklist) -> bytes:
    spec = spec_from_checklist(checklist)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow(HEADERS)
    for row in spec.rows:
        writer.writerow([csv_cell(value) for value in row.cells()] + ["", "", ""])
    return ("\ufeff" + buffer.getvalue()).encode()
