"""The response matrix: XLSX layout read back with openpyxl, CSV bytes, no formula anywhere."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import shutil
import subprocess
import zipfile
from pathlib import Path
from xml.etree import ElementTree

import pytest
from openpyxl import load_workbook

from procure.model.answers import load_answers
from procure.model.checklist import Checklist
from procure.model.packs import Library, load_folders
from procure.render.cells import clean, csv_cell, csv_value, is_risky
from procure.render.matrix import header_text, lines_in, render_csv, render_xlsx, row_height
from procure.render.matrix_layout import HEADERS, spec_from_checklist
from procure.returns.read import read_returned
from procure.rules.selection import select

DATA = Path(__file__).resolve().parent / "data"
AS_OF = dt.date(2026, 11, 22)
SHA = "536eae406607d7a71bc52b645964f190dfef92636539306036581c9c1f0c3ac6"

PACK = "test-matrix: =Test pack for the response matrix"
ROWS = [
    ("TST-001", PACK, "SHOULD", "Secure software development attestation",
     "- Provide the secure software development attestation for every software component.",
     "• @Signed attestation form", "OMB M-22-18, § III (rescinded)"),
    ("TST-002", PACK, "MUST", '=HYPERLINK("https://attacker.example","Click")',
     "+1 spare optic for every ten installed, delivered with the first shipment.",
     "• =1+1 spares plan\n• Delivery schedule", "FAR 52.204-24, =(b) (in force)"),
    ("TST-004", PACK, "MUST", "Handling of controlled unclassified information",
     "Protect CUI processed by the equipment as the buyer's CUI programme requires.",
     "• System security plan excerpt", "FAR 52.204-24, (d) (in force)"),
]


@pytest.fixture(scope="module")
def fixture_library() -> Library:
    return load_folders([DATA / "registry", DATA / "packs"])


@pytest.fixture(scope="module")
def checklist(fixture_library: Library) -> Checklist:
    answers, _ = load_answers(DATA / "injection.yaml")
    return select(answers, fixture_library, AS_OF)


@pytest.fixture(scope="module")
def xlsx(checklist: Checklist) -> bytes:
    return render_xlsx(checklist)


def test_the_checklist_under_test_is_the_one_expected(checklist: Checklist) -> None:
    assert checklist.inputs_sha256 == SHA
    assert [r.id for r in checklist.requirements] == ["TST-001", "TST-002", "TST-004"]


def test_matrix_sheet_rows_and_vendor_columns(xlsx: bytes) -> None:
    workbook = load_workbook(io.BytesIO(xlsx))
    assert workbook.sheetnames == ["Instructions", "Response matrix", "Summary", "procure"]
    assert [ws.sheet_state for ws in workbook] == ["visible", "visible", "visible", "veryHidden"]
    assert workbook.active.title == "Instructions"
    sheet = workbook["Response matrix"]
    values = list(sheet.iter_rows(values_only=True))
    assert values[0] == HEADERS
    assert values[1:] == [(*row, None, None, None) for row in ROWS]


def test_matrix_sheet_frozen_filtered_protected_with_drop_down(xlsx: bytes) -> None:
    workbook = load_workbook(io.BytesIO(xlsx))
    sheet = workbook["Response matrix"]
    assert sheet.freeze_panes == "B2"
    assert sheet.auto_filter.ref == "A1:J4"
    assert sheet.protection.sheet is True
    assert sheet.protection.password is None
    assert sheet.protection.autoFilter is False
    assert workbook.security.lockStructure is True
    [choices] = sheet.data_validations.dataValidation
    assert choices.type == "list"
    assert choices.formula1 == '"Comply,Partial,Exception,Alternate,N/A"'
    assert str(choices.sqref) == "H2:H4"
    assert choices.showErrorMessage is True
    for row in range(2, 5):
        assert [sheet.cell(row, column).protection.locked for column in range(1, 11)] == \
            [True] * 7 + [False] * 3
    assert [sheet.column_dimensions[c].width for c in "ABCDEFGHIJ"] == \
        [10, 16, 8, 16, 40, 26, 24, 10, 11, 16]
    assert sheet["E2"].alignment.wrap_text is True
    assert sheet.print_title_rows == "$1:$1"


def test_every_row_is_as_tall_as_its_longest_text(xlsx: bytes) -> None:
    sheet = load_workbook(io.BytesIO(xlsx))["Response matrix"]
    heights = [sheet.row_dimensions[row].height for row in range(1, 5)]
    # The header wraps "Evidence reference" (2 lines); TST-001's text and TST-002's evidence
    # take 3 lines; TST-004's title takes 4 ("Handling of / controlled / unclassified / …").
    assert heights == [2 * 12.75 + 4, 3 * 12.75 + 4, 3 * 12.75 + 4, 4 * 12.75 + 4]
    assert lines_in("word " * 40, 20) == 10  # 40 words, 4 to a line of 23 characters
    assert row_height(("x " * 2000,), (10,)) == 409  # the tallest row a spreadsheet allows


def test_every_sheet_prints_one_page_wide_with_header_footer_and_page_numbers(
        xlsx: bytes) -> None:
    workbook = load_workbook(io.BytesIO(xlsx))
    for name, orientation in (("Instructions", "portrait"), ("Response matrix", "landscape"),
                              ("Summary", "portrait")):
        sheet = workbook[name]
        setup = sheet.page_setup
        assert (setup.orientation, setup.paperSize, setup.fitToWidth, setup.fitToHeight) == \
            (orientation, 1, 1, 0), name
        assert sheet.sheet_properties.pageSetUpPr.fitToPage is True
        assert sheet.oddHeader.left.text == "-2+3 metro refresh @ HQ"
        assert sheet.oddHeader.center.text == "&B&A"
        assert sheet.oddHeader.right.text == '=HYPERLINK("https://attacker.example","Example")'
        assert sheet.oddFooter.left.text == f"Checklist {SHA[:12]}, document date 2026-11-22"
        assert sheet.oddFooter.center.text == "Page &P of &N"
    assert workbook["Response matrix"].print_title_rows == "$1:$1"
    assert header_text("Bits & Bytes Co-op") == "Bits && Bytes Co-op"
    assert header_text("x" * 80) == "x" * 59 + "…"


def test_text_is_arial_the_default_font_included(xlsx: bytes) -> None:
    workbook = load_workbook(io.BytesIO(xlsx))
    sheet = workbook["Response matrix"]
    assert {(sheet.cell(row, column).font.name, sheet.cell(row, column).font.sz)
            for row in range(1, 5) for column in range(1, 11)} == {("Arial", 10)}
    with zipfile.ZipFile(io.BytesIO(xlsx)) as archive:
        styles = archive.read("xl/styles.xml").decode()
    assert styles.split("<font>", 2)[1].startswith('<name val="Arial"/><sz val="10"/>')


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) is not here")
def test_libreoffice_prints_every_buyer_cell_whole(tmp_path: Path, checklist_of) -> None:
    """LibreOffice leaves text a row is too short for out of the PDF: every cell must be there."""
    from pypdf import PdfReader

    checklist = checklist_of("utility-nerc-private-lte")
    (tmp_path / "matrix.xlsx").write_bytes(render_xlsx(checklist))
    subprocess.run(["soffice", "--headless", f"-env:UserInstallation=file://{tmp_path}/lo",
                    "--convert-to", "pdf", "--outdir", str(tmp_path),
                    str(tmp_path / "matrix.xlsx")], check=True, capture_output=True, timeout=300)
    pages = PdfReader(tmp_path / "matrix.pdf").pages
    texts = [page.extract_text() for page in pages]
    printed = "".join("".join(text.split()) for text in texts)
    rows = spec_from_checklist(checklist).rows
    missing = [(row.id, cell[:40]) for row in rows for cell in row.cells()
               if "".join(cell.split()) not in printed]
    assert missing == []
    assert all(f"Page {number} of {len(pages)}" in text for number, text in enumerate(texts, 1))
    matrix_pages = [page for page, text in zip(pages, texts, strict=True)
                    if "Response matrix" in text.splitlines()[0]]
    assert matrix_pages and all(page.mediabox.width > page.mediabox.height
                                for page in matrix_pages)
    # One page wide at a legible scale: some rows on every page, not the whole sheet on one.
    assert len(rows) / len(matrix_pages) < 8


def test_instructions_and_summary_sheets(xlsx: bytes) -> None:
    workbook = load_workbook(io.BytesIO(xlsx))
    instructions = workbook["Instructions"]
    facts = [tuple(row) for row in instructions.iter_rows(min_row=3, max_row=8, max_col=2,
                                                           values_only=True)]
    assert facts == [("Buyer", '=HYPERLINK("https://attacker.example","Example")'),
                     ("Project", "-2+3 metro refresh @ HQ"), ("Document date", "2026-11-22"),
                     ("Requirements", 3), ("Checklist", SHA[:16]), ("Vendor name", None)]
    assert instructions["B8"].protection.locked is False
    assert instructions["B7"].protection.locked is True
    meanings = [row[0] for row in instructions.iter_rows(min_row=18, max_row=22, max_col=1,
                                                          values_only=True)]
    assert meanings == ["Comply", "Partial", "Exception", "Alternate", "N/A"]
    summary = list(workbook["Summary"].iter_rows(min_row=3, values_only=True))
    assert summary == [("Pack", "Title", "MUST", "SHOULD", "MAY", "Total"),
                       ("test-matrix", "=Test pack for the response matrix", 2, 1, 0, 3),
                       ("Total", None, 2, 1, 0, 3)]


def test_workbook_properties_and_every_timestamp_are_the_document_date(xlsx: bytes,
                                                                       checklist: Checklist
                                                                       ) -> None:
    workbook = load_workbook(io.BytesIO(xlsx))
    properties = workbook.properties
    assert properties.title == "Response matrix: -2+3 metro refresh @ HQ"
    assert properties.creator == "procure"
    assert properties.created == dt.datetime(2026, 11, 22)
    assert properties.modified == dt.datetime(2026, 11, 22)
    with zipfile.ZipFile(io.BytesIO(xlsx)) as archive:
        assert {info.date_time for info in archive.infolist()} == {(2026, 11, 22, 0, 0, 0)}
        core = ElementTree.fromstring(archive.read("docProps/core.xml"))
    # openpyxl writes the namespaces differently with and without lxml: compare the parsed XML.
    terms = "{http://purl.org/dc/terms/}"
    assert core.findtext(f"{terms}created") == "2026-11-22T00:00:00Z"
    assert core.findtext(f"{terms}modified") == "2026-11-22T00:00:00Z"
    assert render_xlsx(checklist) == xlsx


def test_no_cell_of_any_sheet_is_a_formula(xlsx: bytes) -> None:
    workbook = load_workbook(io.BytesIO(xlsx))
    risky = []
    for sheet in workbook:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", f"{sheet.title}!{cell.coordinate}"
                if isinstance(cell.value, str) and is_risky(cell.value):
                    assert cell.quotePrefix is True, f"{sheet.title}!{cell.coordinate}"
                    risky.append(f"{sheet.title}!{cell.coordinate}")
    assert risky == ["Instructions!B3", "Instructions!B4", "Response matrix!E2",
                     "Response matrix!D3", "Response matrix!E3", "Summary!B4",
                     "procure!C4", "procure!C5", "procure!C7", "procure!F8", "procure!E9",
                     "procure!F9"]
    with zipfile.ZipFile(io.BytesIO(xlsx)) as archive:
        for name in archive.namelist():
            assert not re.search(rb"<f[ >]", archive.read(name)), name


def test_csv_is_rfc4180_utf8_with_bom_and_neutralised(checklist: Checklist) -> None:
    data = render_csv(checklist)
    assert data.startswith(b"\xef\xbb\xbfID,Pack,Level,Title,Requirement,")
    assert data.decode("utf-8-sig") == (
        "ID,Pack,Level,Title,Requirement,Evidence requested,Authorities,Response,"
        "Evidence reference,Comments\r\n"
        "TST-001,test-matrix: =Test pack for the response matrix,SHOULD,Secure software "
        "development attestation,'- Provide the "
        "secure software development attestation for every software component.,"
        "• @Signed attestation form,\"OMB M-22-18, § III (rescinded)\",,,\r\n"
        "TST-002,test-matrix: =Test pack for the response matrix,MUST,\"'=HYPERLINK(\"\"https://attacker.example\"\",\"\"Click\"\")\","
        "\"'+1 spare optic for every ten installed, delivered with the first shipment.\","
        "\"• =1+1 spares plan\n• Delivery schedule\",\"FAR 52.204-24, =(b) (in force)\",,,\r\n"
        "TST-004,test-matrix: =Test pack for the response matrix,MUST,Handling of controlled "
        "unclassified information,Protect CUI "
        "processed by the equipment as the buyer's CUI programme requires.,"
        "• System security plan excerpt,\"FAR 52.204-24, (d) (in force)\",,,\r\n")
    for record in csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")):
        assert not any(is_risky(field) for field in record)


def test_round_trip_xlsx_and_csv(tmp_path: Path, checklist: Checklist, xlsx: bytes) -> None:
    spec = spec_from_checklist(checklist)
    (tmp_path / "m.xlsx").write_bytes(xlsx)
    (tmp_path / "m.csv").write_bytes(render_csv(checklist))
    for name in ("m.xlsx", "m.csv"):
        returned = read_returned(tmp_path / name)
        assert [line.row for line in returned.rows] == [2, 3, 4]
        assert [line.cells for line in returned.rows] == [(*row, "", "", "") for row in ROWS]
    assert read_returned(tmp_path / "m.xlsx").marker == spec
    assert read_returned(tmp_path / "m.xlsx").marker_problem is None
    assert read_returned(tmp_path / "m.csv").marker is None


@pytest.mark.parametrize("text", ["=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx", "'=x", "''-x"])
def test_csv_guard_round_trips(text: str) -> None:
    assert csv_cell(text) == "'" + text
    assert csv_value(csv_cell(text)) == text


def test_safe_text_is_left_alone() -> None:
    assert [csv_cell(text) for text in ("Comply", "'quoted'", "a=b", "")] == \
        ["Comply", "'quoted'", "a=b", ""]
    assert csv_value("'quoted'") == "'quoted'"


def test_clean_keeps_text_a_cell_can_hold() -> None:
    assert clean("a\x00b\x07c\td\r\ne\rf") == "abc\td\ne\nf"
    assert len(clean("x" * 40_000)) == 32_767


def test_generate_writes_both_matrices_for_an_example(run_cli, checklist_of, tmp_path: Path
                                                      ) -> None:
    result = run_cli("generate", "--example", "federal-civilian-400zr", "--format", "xlsx,csv",
                     "--as-of", "2026-11-22", "--out", str(tmp_path))
    assert (result.code, result.err) == (0, "")
    assert result.out == (f"wrote {tmp_path / 'response-matrix.xlsx'}\n"
                          f"wrote {tmp_path / 'response-matrix.csv'}\n")
    expected = [r.id for r in checklist_of("federal-civilian-400zr").requirements]
    for name in ("response-matrix.xlsx", "response-matrix.csv"):
        ids = [line.cells[0] for line in read_returned(tmp_path / name).rows]
        assert ids == expected
