"""Response-matrix renderers: the vendor's XLSX workbook and the same rows as CSV.

In: a `Checklist`. Out: `response-matrix.xlsx` or `response-matrix.csv` as bytes.

The XLSX has four sheets: Instructions (the solicitation and attachment where given, how to
answer, what each response means, the vendor's name), Response matrix (one row per requirement;
the buyer's columns locked, the vendor's three columns open, a drop-down for Response, a frozen
header, filters, widths, wrapping), Summary
(requirements by pack and level) and a very hidden `procure` sheet that carries the checklist's
identity and a copy of the buyer's rows, so `procure score` can check a return without the
checklist file. Sheets are protected without a password (protection guards against slips, not
attacks; the scorer checks every locked cell anyway). Identical checklists give identical bytes:
every timestamp is the document date and the zip entries carry it too.

The CSV has the matrix's columns, RFC 4180 quoting with CRLF line ends, UTF-8 with a byte-order
mark (so Excel opens it as UTF-8). Text that would start a formula is neutralised in both
(see `procure.render.cells`).
"""

from __future__ import annotations

import csv
import io
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

WIDTHS = (11, 20, 9, 32, 64, 44, 40, 14, 28, 44)
HEADER_FILL = "1F3864"
VENDOR_HEADER_FILL = "7F6000"
VENDOR_CELL_FILL = "FFF2CC"


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
    from openpyxl.styles import Alignment, Font, PatternFill

    for column, (title, fill) in enumerate(zip(titles, fills, strict=True), start=1):
        cell = put(sheet, row, column, title)
        cell.font = Font(bold=True, color="FFFFFF")
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
    wrap = Alignment(vertical="top", wrap_text=True)
    open_cell = Protection(locked=False)
    vendor_fill = PatternFill("solid", fgColor=VENDOR_CELL_FILL)
    for index, row in enumerate(spec.rows, start=2):
        for column, value in enumerate(row.cells(), start=1):
            put(sheet, index, column, value).alignment = wrap
        for column in range(RESPONSE_COLUMN + 1, len(HEADERS) + 1):
            cell = sheet.cell(row=index, column=column)
            cell.protection = open_cell
            cell.fill = vendor_fill
            cell.alignment = wrap
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
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    _protect(sheet)


def _instructions_sheet(sheet: Any, spec: MatrixSpec,
                        solicitation: tuple[tuple[str, str], ...] = ()) -> None:
    from openpyxl.styles import Alignment, Font, PatternFill, Protection

    wrap = Alignment(vertical="top", wrap_text=True)
    put(sheet, 1, 1, "Vendor response matrix").font = Font(bold=True, size=14)
    facts: list[tuple[str, str | int]] = [
        ("Buyer", spec.organization), ("Project", spec.project), *solicitation,
        ("Document date", spec.as_of), ("Requirements", len(spec.rows)),
        ("Checklist", spec.inputs_sha256[:16]), (VENDOR_LABEL, "")]
    row = 3
    for label, value in facts:
        put(sheet, row, 1, label).font = Font(bold=True)
        cell = put(sheet, row, 2, value)
        cell.alignment = Alignment(horizontal="left", vertical="top", wrap_text=True)
        if label == VENDOR_LABEL:
            cell.protection = Protection(locked=False)
            cell.fill = PatternFill("solid", fgColor=VENDOR_CELL_FILL)
        row += 1
    row += 1
    put(sheet, row, 1, "How to answer").font = Font(bold=True, size=12)
    for paragraph in INSTRUCTIONS:
        row += 1
        sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=2)
        put(sheet, row, 1, paragraph).alignment = wrap
        sheet.row_dimensions[row].height = 32
    row += 2
    _header(sheet, row, ("Response", "Meaning"), (HEADER_FILL, HEADER_FILL))
    for response, meaning in RESPONSE_MEANINGS:
        row += 1
        put(sheet, row, 1, response).font = Font(bold=True)
        put(sheet, row, 2, meaning).alignment = wrap
    sheet.column_dimensions["A"].width = 18
    sheet.column_dimensions["B"].width = 100
    _protect(sheet)


def _summary_sheet(sheet: Any, spec: MatrixSpec) -> None:
    from openpyxl.styles import Font

    put(sheet, 1, 1, "Requirements by pack and level").font = Font(bold=True, size=12)
    titles = ("Pack", "Title", *LEVELS, "Total")
    _header(sheet, 3, titles, (HEADER_FILL,) * len(titles))
    row = 3
    totals = dict.fromkeys(LEVELS, 0)
    for pack_id, title, levels in spec.counts():
        row += 1
        values: list[str | int] = [pack_id, title, *levels.values(), sum(levels.values())]
        for column, value in enumerate(values, start=1):
            put(sheet, row, column, value)
        for level, count in levels.items():
            totals[level] += count
    row += 1
    total_row: list[str | int] = ["Total", "", *totals.values(), sum(totals.values())]
    for column, value in enumerate(total_row, start=1):
        put(sheet, row, column, value).font = Font(bold=True)
    for letter, width in zip("ABCDEF", (26, 60, 9, 9, 9, 9), strict=True):
        sheet.column_dimensions[letter].width = width
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
    rows += [("requirement", *row.cells()) for row in spec.rows]
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
