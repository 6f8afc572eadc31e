"""Reading a returned response matrix (XLSX or CSV), as a vendor sent it back.

In: a file path. Out: a `Returned`: every non-blank row of the matrix sheet as texts (the ten
columns of the matrix, then any columns the vendor added) with its spreadsheet row number, the
headers of the added columns, the vendor's name from the Instructions sheet, and the checklist
copy hidden in the workbook (if any). The kind is decided by content (a zip is a workbook), not
by the file name. Anything that is not a readable matrix is an `InputFileError` naming the file
and, where it applies, the row and column: not a regular file or too large (checked before
opening), a zip that unpacks to too much or whose shared strings or sheets are too large (checked
from the archive's metadata and a streamed count, before a spreadsheet parser sees them), XML with
a document type (entity expansion), more rows than a matrix can have (counted while the rows are
streamed, so the read stops there), a corrupt workbook, a missing sheet or changed headers, text
that is not UTF-8 (UTF-16, Excel's "Unicode Text", is named as such).
"""

from __future__ import annotations

import csv
import dataclasses
import hashlib
import io
import re
import warnings
import zipfile
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Literal

from ..errors import InputFileError
from ..render.cells import clean, csv_value
from ..render.matrix_layout import (
    HEADERS,
    INSTRUCTIONS_SHEET,
    MARKER_SHEET,
    MATRIX_SCHEMA,
    MATRIX_SHEET,
    VENDOR_LABEL,
    BuyerRow,
    MatrixSpec,
    column_name,
)
from ..support.characters import HIDDEN, describe, visible
from ..support.reading import is_utf16, read_bytes

MAX_RETURN_BYTES = 10 * 1024 * 1024
MAX_UNPACKED_BYTES = 50 * 1024 * 1024
# One part of the workbook (a sheet, the shared strings): a matrix of 10,000 requirements takes
# about 15 MB.
MAX_PART_BYTES = 32 * 1024 * 1024
# Distinct texts in the workbook: ten per row of the largest matrix, and room to spare. The
# spreadsheet parser holds them all in memory, so they are counted before it starts.
MAX_SHARED_STRINGS = 200_000
MAX_ROWS = 50_000
_CHUNK = 1024 * 1024
_PREFIXED_SHARED_STRING = re.compile(rb"<[A-Za-z_][\w.-]*:si[\s>/]")
_DOCUMENT_TYPE = re.compile(rb"<!DOCTYPE|<!ENTITY")
# Columns read: the matrix's ten and what a vendor may add beside them (A to BL).
MAX_COLUMNS = 64
ZIP_MAGIC = b"PK\x03\x04"
FIX_HINT = "score the matrix procure wrote, with answers only in columns H to J"


@dataclass(frozen=True)
class ReturnedRow:
    """One row of the returned matrix: its row number and its cells as text.

    `cells` holds the ten columns of the matrix, then as many more as the file has headers or
    values for (the columns a vendor added), each row padded to the same length.
    """

    row: int
    cells: tuple[str, ...]
    formulas: frozenset[int] = field(default_factory=frozenset)

    def extra(self) -> tuple[str, ...]:
        """The texts of the columns after the matrix's ten."""
        return self.cells[len(HEADERS):]


@dataclass(frozen=True)
class Returned:
    """A returned matrix as read: rows, vendor name, and the hidden checklist copy (XLSX)."""

    path: Path
    kind: Literal["xlsx", "csv"]
    rows: tuple[ReturnedRow, ...]
    extra_headers: tuple[str, ...] = ()
    vendor: str | None = None
    marker: MatrixSpec | None = None
    marker_problem: str | None = None
    sha256: str = ""


def read_returned(path: Path) -> Returned:
    """Read a returned XLSX or CSV matrix, refusing what is not one."""
    data = _read_bytes(path)
    read = _read_xlsx(path, data) if data.startswith(ZIP_MAGIC) else _read_csv(path, data)
    return dataclasses.replace(read, sha256=hashlib.sha256(data).hexdigest())


def _read_bytes(path: Path) -> bytes:
    data = read_bytes(
        path, "returned matrix", MAX_RETURN_BYTES,
        too_large=lambda size: (f"{path}: the file is {size:,} bytes; a returned matrix is at "
                                f"most {MAX_RETURN_BYTES:,} bytes. Is it the matrix procure "
                                "wrote?"),
        missing=f"{path}: no such file; check the path of the returned matrix.")
    if not data:
        raise InputFileError(f"{path}: the file is empty; it is not a response matrix.")
    return data


def _shared_strings(xml: bytes) -> int:
    """How many `<si>` elements (shared strings) a stretch of XML opens."""
    count = xml.count(b"<si>") + xml.count(b"<si ") + xml.count(b"<si/")
    if b":si" in xml:  # a namespace prefix, as some writers use: <x:si>
        count += len(_PREFIXED_SHARED_STRING.findall(xml))
    return count


def _scan(archive: zipfile.ZipFile, member: zipfile.ZipInfo) -> tuple[bool, int]:
    """Stream one XML part: whether it declares a document type, and its shared strings.

    Stops counting once there are too many: the answer is already known.
    """
    strings, carry = 0, b""
    with archive.open(member) as stream:
        while chunk := stream.read(_CHUNK):
            buffer = carry + chunk
            # A tag never holds "<": cut before the last one, which may be split by the chunk.
            cut = buffer.rfind(b"<")
            cut = cut if cut != -1 and len(buffer) - cut < 64 else len(buffer)
            whole, carry = buffer[:cut], buffer[cut:]
            if _DOCUMENT_TYPE.search(whole):
                return True, strings
            strings += _shared_strings(whole)
            if strings > MAX_SHARED_STRINGS:
                return False, strings
    return _DOCUMENT_TYPE.search(carry) is not None, strings + _shared_strings(carry)


def _check_archive(path: Path, data: bytes) -> None:
    """Refuse a zip bomb, oversized parts or XML with a document type before openpyxl parses.

    Sizes come from the archive's directory: the zip reader never unpacks more than a member
    declares, so these are true bounds.
    """
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
            unpacked = sum(member.file_size for member in members)
            if unpacked > MAX_UNPACKED_BYTES:
                raise InputFileError(
                    f"{path}: the workbook unpacks to {unpacked:,} bytes (at most "
                    f"{MAX_UNPACKED_BYTES:,}); it is not a response matrix procure wrote.")
            for member in members:
                if not member.filename.endswith((".xml", ".rels")):
                    continue
                if member.file_size > MAX_PART_BYTES:
                    raise InputFileError(
                        f"{path}: {member.filename} unpacks to {member.file_size:,} bytes (at "
                        f"most {MAX_PART_BYTES:,}); it is not a response matrix procure wrote.")
                declares, strings = _scan(archive, member)
                if declares:
                    raise InputFileError(
                        f"{path}: {member.filename} declares a document type; procure "
                        "refuses such XML (entity expansion). Save the workbook again.")
                if strings > MAX_SHARED_STRINGS:
                    raise InputFileError(
                        f"{path}: {member.filename} holds more than {MAX_SHARED_STRINGS:,} "
                        "texts; it is not a response matrix procure wrote.")
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, ValueError, OSError,
            NotImplementedError) as exc:
        raise InputFileError(f"{path}: is a damaged workbook ({exc}); open it in the "
                             "spreadsheet, save it again as .xlsx and retry.") from None


def text_of(value: Any) -> str:
    """A cell's value as the text a reader sees."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if hasattr(value, "isoformat"):
        text: str = value.isoformat()
        return text.removesuffix("T00:00:00")
    return clean(str(value))


def _open_workbook(path: Path, data: bytes) -> Any:
    from openpyxl import load_workbook

    _check_archive(path, data)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            # read_only: rows are parsed as they are read, so a read can stop at MAX_ROWS
            return load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except Exception as exc:  # openpyxl raises many types for a broken file
        raise _unreadable(path, exc) from None


def _unreadable(path: Path, exc: Exception) -> InputFileError:
    return InputFileError(f"{path}: cannot be read as an XLSX workbook "
                          f"({type(exc).__name__}: {exc}); open it in the spreadsheet, "
                          "save it again as .xlsx and retry.")


def _check_header(path: Path, header: list[str]) -> None:
    for index, expected in enumerate(HEADERS):
        found = header[index] if index < len(header) else ""
        if found.strip() == expected:
            continue
        where = f"{path}: row 1, column {column_name(index)}"
        hidden = HIDDEN.search(found)
        if hidden and HIDDEN.sub("", found).strip() == expected:
            raise InputFileError(
                f"{where}: the header '{visible(found)}' holds {describe(hidden.group())}, "
                "which cannot be seen; save the file again (as 'CSV UTF-8' for a CSV) and "
                "retry.")
        raise InputFileError(
            f"{where}: the header is '{visible(found)}', expected '{expected}'; this is not a "
            f"procure response matrix or its columns were changed ({FIX_HINT}).")


def _read_xlsx(path: Path, data: bytes) -> Returned:
    workbook = _open_workbook(path, data)
    try:
        return _read_workbook(path, workbook)
    except InputFileError:
        raise
    except Exception as exc:  # a part that is parsed only when its rows are read
        raise _unreadable(path, exc) from None
    finally:
        workbook.close()


def _read_workbook(path: Path, workbook: Any) -> Returned:
    if MATRIX_SHEET not in workbook.sheetnames:
        raise InputFileError(
            f"{path}: has no '{MATRIX_SHEET}' sheet (sheets: {', '.join(workbook.sheetnames)}); "
            f"it is not a procure response matrix ({FIX_HINT}).")
    sheet = workbook[MATRIX_SHEET]
    if not hasattr(sheet, "iter_rows"):
        raise InputFileError(f"{path}: '{MATRIX_SHEET}' is a chart, not a worksheet; "
                             f"{FIX_HINT}.")
    # The streaming reader stops at the size the sheet declares; a file can declare less than
    # it holds, and a row it hid that way would go unread.
    sheet.reset_dimensions()
    records: list[tuple[int, tuple[str, ...], frozenset[int]]] = []
    for number, cells in enumerate(sheet.iter_rows(min_row=1, max_col=MAX_COLUMNS), start=1):
        if number > MAX_ROWS:
            raise InputFileError(f"{path}: the '{MATRIX_SHEET}' sheet has more than "
                                 f"{MAX_ROWS:,} rows; {FIX_HINT}.")
        texts = tuple(text_of(cell.value) for cell in cells)
        texts += ("",) * (len(HEADERS) - len(texts))
        if number == 1:
            _check_header(path, list(texts))
        formulas = frozenset(index for index, cell in enumerate(cells) if cell.data_type == "f")
        records.append((number, texts, formulas))
    header, rows = _rows(records)
    marker, problem = _marker(path, workbook)
    return Returned(path=path, kind="xlsx", rows=rows, extra_headers=header,
                    vendor=_vendor(workbook), marker=marker, marker_problem=problem)


def _rows(records: list[tuple[int, tuple[str, ...], frozenset[int]]],
          ) -> tuple[tuple[str, ...], tuple[ReturnedRow, ...]]:
    """The added columns' headers, and the non-blank rows after the header, padded alike.

    The added columns run to the last one with a header or a value in any row.
    """
    used = max((index + 1 for _, texts, _ in records for index, text in enumerate(texts)
                if text), default=len(HEADERS))
    width = max(used, len(HEADERS))
    padded = [(number, texts[:width] + ("",) * (width - len(texts)), formulas)
              for number, texts, formulas in records]
    header = padded[0][1][len(HEADERS):] if padded else ()
    rows = tuple(ReturnedRow(number, texts, formulas)
                 for number, texts, formulas in padded[1:] if any(texts))
    return header, rows


def _vendor(workbook: Any) -> str | None:
    if INSTRUCTIONS_SHEET not in workbook.sheetnames:
        return None
    sheet = workbook[INSTRUCTIONS_SHEET]
    for label, value in sheet.iter_rows(min_row=1, max_row=30, max_col=2, values_only=True):
        if text_of(label).strip() == VENDOR_LABEL:
            name = " ".join(text_of(value).split())
            return name or None
    return None


def _marker(path: Path, workbook: Any) -> tuple[MatrixSpec | None, str | None]:
    """The checklist copy the writer hid in the workbook, and what is wrong with it."""
    if MARKER_SHEET not in workbook.sheetnames:
        return None, (f"it has no hidden '{MARKER_SHEET}' sheet (it was not saved from the "
                      "matrix procure wrote)")
    meta: dict[str, str] = {}
    packs: list[tuple[str, str]] = []
    rows: list[BuyerRow] = []
    marker_sheet = workbook[MARKER_SHEET]
    marker_sheet.reset_dimensions()
    for number, values in enumerate(marker_sheet.iter_rows(max_col=8, values_only=True)):
        if number > MAX_ROWS:
            raise InputFileError(f"{path}: the hidden '{MARKER_SHEET}' sheet has more than "
                                 f"{MAX_ROWS:,} rows; {FIX_HINT}.")
        texts = [text_of(value) for value in values] + [""] * 8
        if texts[0] == "meta":
            meta[texts[1]] = texts[2]
        elif texts[0] == "pack":
            packs.append((texts[1], texts[2]))
        elif texts[0] == "requirement":
            rows.append(BuyerRow(*texts[1:8]))
    titles = dict(packs)
    rows = [replace(row, pack_title=titles.get(row.pack, "")) for row in rows]
    if meta.get("schema") != MATRIX_SCHEMA:
        return None, f"its hidden '{MARKER_SHEET}' sheet is not a {MATRIX_SCHEMA} marker"
    spec = MatrixSpec(inputs_sha256=meta.get("checklist_sha256", ""), as_of=meta.get("as_of", ""),
                      organization=meta.get("organization", ""),
                      project=meta.get("project", ""), packs=tuple(packs), rows=tuple(rows))
    if spec.rows_sha256() != meta.get("rows_sha256"):
        return spec, (f"its hidden '{MARKER_SHEET}' sheet was edited (its rows no longer match "
                      "their hash)")
    return spec, None


def _decode(path: Path, data: bytes) -> str:
    if is_utf16(data):
        raise InputFileError(
            f"{path}: is UTF-16 text (Excel's \"Unicode Text\"), which procure does not read; in "
            "the spreadsheet save it as 'CSV UTF-8 (Comma delimited)', or return the XLSX.")
    if b"\x00" in data:
        raise InputFileError(f"{path}: is a binary file, neither an XLSX workbook nor a CSV "
                             "response matrix.")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputFileError(
            f"{path}: is not UTF-8 text (byte {exc.start}); in the spreadsheet save it as "
            "'CSV UTF-8 (Comma delimited)', or return the XLSX.") from None


def _delimiter(text: str) -> str:
    """Comma, unless the header line was saved with semicolons or tabs (some locales)."""
    first = text.split("\n", 1)[0]
    for candidate in (",", ";", "\t"):
        if first.count(candidate) >= len(HEADERS) - 1:
            return candidate
    return ","


def _read_csv(path: Path, data: bytes) -> Returned:
    text = _decode(path, data)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text), strict=True)
    records: list[tuple[int, tuple[str, ...], frozenset[int]]] = []
    try:
        for number, record in enumerate(reader, start=1):
            if number > MAX_ROWS:
                raise InputFileError(f"{path}: has more than {MAX_ROWS:,} rows; {FIX_HINT}.")
            fields = [clean(csv_value(item)) for item in record][:MAX_COLUMNS]
            fields += [""] * (len(HEADERS) - len(fields))
            if number == 1:
                _check_header(path, fields)
            records.append((number, tuple(fields), frozenset()))
    except csv.Error as exc:
        raise InputFileError(f"{path}: line {reader.line_num}: not valid CSV ({exc}); save it "
                             "again as CSV from the spreadsheet.") from None
    header, rows = _rows(records)
    return Returned(path=path, kind="csv", rows=rows, extra_headers=header)
