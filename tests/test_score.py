"""`procure score`: matrices filled as vendors fill them (mistakes included), scored exactly."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook, load_workbook
from openpyxl.chart import BarChart, Reference

from procure.model.answers import load_answers
from procure.model.checklist import Checklist
from procure.model.packs import load_folders
from procure.render.jsondoc import render_json
from procure.render.matrix import render_csv, render_xlsx
from procure.rules.selection import select

DATA = Path(__file__).resolve().parent / "data"
AS_OF = dt.date(2026, 11, 22)
SHA = "536eae406607"
AGAINST = f"Checked against checklist.json (checklist {SHA}, document date 2026-11-22)."

ACME = {"H2": "Partial", "J2": "Attestation for 2 of 3 components; the third by 2027-06",
        "H3": "Comply", "I3": "Vol 2, §4.1",
        "H4": "Exception", "J4": "We never process CUI | <b>really</b>"}
BETA = {"H2": "Yes", "H4": "comply ", "J3": "=1+1"}

ACME_REPORT = """\
# Scoring report: -2+3 metro refresh @ HQ

Buyer: =HYPERLINK("https://attacker.example","Example"). Checklist 536eae406607, document date \
2026-11-22, 3 requirements, 1 vendor.

Checked against checklist.json (checklist 536eae406607, document date 2026-11-22).

## Acme Networks

File acme.xlsx; vendor name from the Instructions sheet.

Comply 1 of 3 (33.3%) · Partial 1 · Exception 1 · Alternate 0 · N/A 0 · not answered 0.

### Problems in the returned file

None.

### Responses spelled otherwise

None: every response is written as in the drop-down list.

### Potential disqualifiers: MUST requirements not answered Comply

| Row | ID | Level | Title | Response | Comments |
|---|---|---|---|---|---|
| 4 | TST-004 | MUST | Handling of controlled unclassified information | Exception | We never \
process CUI \\| \\<b\\>really\\</b\\> |

### Compliance by pack and level

| Pack | Level | Rows | Comply | Partial | Exception | Alternate | N/A | Not answered | Comply % |
|---|---|---|---|---|---|---|---|---|---|
| test-matrix | MUST | 2 | 1 | 0 | 1 | 0 | 0 | 0 | 50.0% |
| test-matrix | SHOULD | 1 | 0 | 1 | 0 | 0 | 0 | 0 | 0.0% |
| All packs | All | 3 | 1 | 1 | 1 | 0 | 0 | 0 | 33.3% |

### Partial, Exception and Alternate answers to SHOULD and MAY requirements

| Row | ID | Level | Title | Response | Comments |
|---|---|---|---|---|---|
| 2 | TST-001 | SHOULD | Secure software development attestation | Partial | Attestation for 2 \
of 3 components; the third by 2027-06 |

### Evidence references missing

| Row | ID | Level | Title | Response | Evidence requested |
|---|---|---|---|---|---|
| 2 | TST-001 | SHOULD | Secure software development attestation | Partial | • @Signed \
attestation form |
"""


def _checklist(as_of: dt.date) -> Checklist:
    answers, _ = load_answers(DATA / "injection.yaml")
    return select(answers, load_folders([DATA / "registry", DATA / "packs"]), as_of)


@pytest.fixture(scope="module")
def matrix() -> bytes:
    return render_xlsx(_checklist(AS_OF))


@pytest.fixture
def work(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A folder holding the buyer's checklist.json; the tests run inside it."""
    (tmp_path / "checklist.json").write_bytes(render_json(_checklist(AS_OF)))
    monkeypatch.chdir(tmp_path)
    return tmp_path


def fill(matrix: bytes, name: str, cells: dict[str, Any], vendor: str | None = None,
         edit: Callable[[Any], None] | None = None) -> str:
    """Answer the matrix with openpyxl as a vendor would, and save it under `name`."""
    workbook = load_workbook(io.BytesIO(matrix))
    sheet = workbook["Response matrix"]
    for reference, value in cells.items():
        sheet[reference] = value
    if vendor:
        workbook["Instructions"]["B8"] = vendor
    if edit:
        edit(workbook)
    workbook.save(name)
    return name


def test_a_clean_return_is_scored_exactly(run_cli, work: Path, matrix: bytes) -> None:
    fill(matrix, "acme.xlsx", ACME, vendor="Acme Networks")
    result = run_cli("score", "acme.xlsx", "--checklist", "checklist.json")
    assert (result.code, result.err) == (0, "")
    assert result.out == (
        f"{AGAINST}\n"
        "Acme Networks (acme.xlsx): Comply 1 of 3 (33.3%); 1 potential disqualifier (TST-004); "
        "0 problems in the file.\n"
        "wrote out/score.md\nwrote out/score.json\n")
    assert (work / "out" / "score.md").read_text() == ACME_REPORT
    report = json.loads((work / "out" / "score.json").read_text())
    assert report["schema"] == "procure/score@1"
    assert report["checklist"]["requirements"] == 3
    [vendor] = report["vendors"]
    assert vendor["totals"] == {"rows": 3, "Comply": 1, "Partial": 1, "Exception": 1,
                                "Alternate": 0, "N/A": 0, "not_answered": 0,
                                "comply_percent": 33.3}
    assert vendor["potential_disqualifiers"] == [{
        "id": "TST-004", "pack": "test-matrix", "level": "MUST",
        "title": "Handling of controlled unclassified information", "row": 4,
        "response": "Exception", "given": "Exception", "evidence_reference": "",
        "comments": "We never process CUI | <b>really</b>", "extra": {}}]
    assert [item["id"] for item in vendor["missing_evidence_references"]] == ["TST-001"]
    assert report["comparison"] == []


def test_answer_mistakes_are_listed_with_row_and_column(run_cli, work: Path,
                                                        matrix: bytes) -> None:
    fill(matrix, "beta.xlsx", BETA)
    result = run_cli("score", "beta.xlsx", "--checklist", "checklist.json")
    assert result.code == 0
    assert result.out.splitlines()[1] == (
        "beta (beta.xlsx): Comply 1 of 3 (33.3%); 1 potential disqualifier (TST-002); "
        "3 problems in the file.")
    report = json.loads((work / "out" / "score.json").read_text())
    [vendor] = report["vendors"]
    assert vendor["vendor_from"] == "the file name"
    assert vendor["problems"] == [
        {"row": 2, "column": "H (Response)", "requirement": "TST-001",
         "message": '"Yes" is not a response (a yes or no does not say whether the requirement '
                    "is met in full or in part; ask the vendor to choose); use Comply, Partial, "
                    "Exception, Alternate or N/A (scored as not answered)"},
        {"row": 3, "column": "H (Response)", "requirement": "TST-002",
         "message": "blank; a MUST requirement needs a response"},
        {"row": 3, "column": "J (Comments)", "requirement": "TST-002",
         "message": "holds a formula; procure reads it as text"},
    ]
    assert [(a["id"], a["response"]) for a in vendor["answers"]] == [
        ("TST-001", "invalid"), ("TST-002", "blank"), ("TST-004", "Comply")]
    assert [a["id"] for a in vendor["missing_evidence_references"]] == ["TST-004"]
    markdown = (work / "out" / "score.md").read_text()
    assert ("| 3 | TST-002 | MUST | =HYPERLINK(\"https://attacker.example\",\"Click\") | blank "
            "| =1+1 |") in markdown


def test_several_vendors_side_by_side(run_cli, work: Path, matrix: bytes) -> None:
    fill(matrix, "acme.xlsx", ACME, vendor="Acme Networks")
    fill(matrix, "beta.xlsx", BETA)
    result = run_cli("score", "acme.xlsx", "beta.xlsx", "--checklist", "checklist.json",
                     "--out", "scores")
    assert result.code == 0
    markdown = (work / "scores" / "score.md").read_text()
    start = markdown.index("## Side by side")
    assert markdown[start:markdown.index("## Acme Networks")] == """\
## Side by side

|  | Acme Networks | beta |
|---|---|---|
| Comply | 1 of 3 (33.3%) | 1 of 3 (33.3%) |
| MUST answered Comply | 1 of 2 | 1 of 2 |
| Potential disqualifiers | 1 | 1 |
| Problems in the file | 0 | 3 |

| ID | Level | Title | Acme Networks | beta |
|---|---|---|---|---|
| TST-001 | SHOULD | Secure software development attestation | Partial | invalid: "Yes" |
| TST-002 | MUST | =HYPERLINK("https://attacker.example","Click") | Comply | blank |
| TST-004 | MUST | Handling of controlled unclassified information | Exception | Comply |

"""
    report = json.loads((work / "scores" / "score.json").read_text())
    assert [v["vendor"] for v in report["vendors"]] == ["Acme Networks", "beta"]
    assert report["comparison"][1] == {
        "id": "TST-002", "level": "MUST",
        "title": '=HYPERLINK("https://attacker.example","Click")',
        "responses": {"Acme Networks": "Comply", "beta": "blank"}}


def _delete_tst002(workbook: Any) -> None:
    workbook["Response matrix"].delete_rows(3)


def _edit_text(workbook: Any) -> None:
    workbook["Response matrix"]["E2"] = "Provide an attestation."


def _add_row(workbook: Any) -> None:
    workbook["Response matrix"].append(["TST-099", "test-matrix", "MUST", "Extra", "Extra row"])


def _edit_level(workbook: Any) -> None:
    workbook["Response matrix"]["C4"] = "MAY"


def _repeat_row(workbook: Any) -> None:
    sheet = workbook["Response matrix"]
    sheet.append([cell.value for cell in sheet[2]])


EDITS = {
    "deleted row": (_delete_tst002, "TST-002: missing (row 3 of the original matrix); restore "
                                    "the row"),
    "edited text": (_edit_text, "row 2, column E (Requirement), TST-001: changed in a locked "
                                "column; the checklist has \"- Provide the secure software "
                                "development attes…\" (restore the original)"),
    "added row": (_add_row, "row 5, column A (ID): 'TST-099' is not a requirement of the "
                            "checklist; a row was added or its ID edited (delete the row or "
                            "restore the ID)"),
    "edited level": (_edit_level, "row 4, column C (Level), TST-004: changed in a locked "
                                  "column; the checklist has \"MUST\" (restore the original)"),
    "repeated row": (_repeat_row, "row 5, column A (ID), TST-001: repeats row 2; delete the "
                                  "copy"),
}


@pytest.mark.parametrize("mistake", list(EDITS))
@pytest.mark.parametrize("with_checklist", [True, False])
def test_a_changed_buyer_side_is_refused_and_nothing_written(run_cli, work: Path, matrix: bytes,
                                                             mistake: str,
                                                             with_checklist: bool) -> None:
    edit, line = EDITS[mistake]
    fill(matrix, "bad.xlsx", {"H2": "Comply"}, edit=edit)
    extra = ("--checklist", "checklist.json") if with_checklist else ()
    result = run_cli("score", "bad.xlsx", *extra)
    assert (result.code, result.out) == (2, "")
    assert result.err == (
        "Error: bad.xlsx: not scored: the buyer's side of the matrix was changed (1 problem):\n"
        f"bad.xlsx: {line}\n"
        "bad.xlsx: ask the vendor to answer in the original matrix (columns H to J only) and "
        "return it.\n")
    assert not (work / "out").exists()


def test_every_structural_problem_of_a_file_is_listed(run_cli, work: Path,
                                                      matrix: bytes) -> None:
    def all_three(workbook: Any) -> None:
        _edit_text(workbook)
        _delete_tst002(workbook)
        _add_row(workbook)

    fill(matrix, "bad.xlsx", {}, edit=all_three)
    fill(matrix, "acme.xlsx", ACME)
    result = run_cli("score", "acme.xlsx", "bad.xlsx", "--checklist", "checklist.json")
    assert result.code == 2
    assert result.err.splitlines() == [
        "Error: bad.xlsx: not scored: the buyer's side of the matrix was changed (3 problems):",
        f"bad.xlsx: {EDITS['edited text'][1]}",
        "bad.xlsx: row 4, column A (ID): 'TST-099' is not a requirement of the checklist; a row "
        "was added or its ID edited (delete the row or restore the ID)",
        f"bad.xlsx: {EDITS['deleted row'][1]}",
        "bad.xlsx: ask the vendor to answer in the original matrix (columns H to J only) and "
        "return it."]
    assert not (work / "out").exists()


def test_reordered_rows_are_matched_by_id(run_cli, work: Path, matrix: bytes) -> None:
    def swap(workbook: Any) -> None:
        sheet = workbook["Response matrix"]
        second, third = ([cell.value for cell in sheet[row]] for row in (2, 3))
        for column, (a, b) in enumerate(zip(second, third, strict=True), start=1):
            sheet.cell(2, column).value, sheet.cell(3, column).value = b, a

    fill(matrix, "acme.xlsx", ACME, vendor="Acme Networks", edit=swap)
    result = run_cli("score", "acme.xlsx", "--checklist", "checklist.json")
    assert result.code == 0
    [vendor] = json.loads((work / "out" / "score.json").read_text())["vendors"]
    assert [(a["id"], a["row"], a["response"]) for a in vendor["answers"]] == [
        ("TST-001", 3, "Partial"), ("TST-002", 2, "Comply"), ("TST-004", 4, "Exception")]


def test_csv_round_trip_scored_against_the_checklist(run_cli, work: Path) -> None:
    text = render_csv(_checklist(AS_OF)).decode("utf-8-sig")
    records = list(csv.reader(io.StringIO(text, newline="")))
    for record, (response, reference, comment) in zip(
            records[1:], [("Comply", "A.1", ""), ("N/A", "", "No spares needed"),
                          ("Alternate", "", "=cmd|' /C calc'!A0")], strict=True):
        record[7:10] = [response, reference, comment]
    out = io.StringIO()
    csv.writer(out, delimiter=";", lineterminator="\r\n").writerows(records)
    (work / "vendor.csv").write_bytes(("\ufeff" + out.getvalue()).encode())
    result = run_cli("score", "vendor.csv", "--checklist", "checklist.json")
    assert (result.code, result.err) == (0, "")
    assert result.out.splitlines()[1] == (
        "vendor (vendor.csv): Comply 1 of 3 (33.3%); 2 potential disqualifiers (TST-002, "
        "TST-004); 0 problems in the file.")
    [vendor] = json.loads((work / "out" / "score.json").read_text())["vendors"]
    assert [(a["row"], a["response"], a["comments"]) for a in vendor["answers"]] == [
        (2, "Comply", ""), (3, "N/A", "No spares needed"),
        (4, "Alternate", "=cmd|' /C calc'!A0")]
    assert [a["id"] for a in vendor["missing_evidence_references"]] == ["TST-004"]


def test_csv_needs_the_checklist(run_cli, work: Path) -> None:
    (work / "vendor.csv").write_bytes(render_csv(_checklist(AS_OF)))
    result = run_cli("score", "vendor.csv")
    assert (result.code, result.err) == (
        2, "Error: vendor.csv: a CSV matrix carries no copy of the checklist; pass --checklist "
           "with the checklist.json generated with the matrix.\n")


def test_without_checklist_the_hidden_copy_is_used_and_named(run_cli, work: Path,
                                                             matrix: bytes) -> None:
    fill(matrix, "acme.xlsx", ACME, vendor="Acme Networks")
    result = run_cli("score", "acme.xlsx")
    assert result.code == 0
    assert result.out.splitlines()[0] == (
        f"Checked against the copy of checklist {SHA} (document date 2026-11-22) embedded in "
        "acme.xlsx; pass --checklist to check against your own checklist.json.")
    both = json.loads((work / "out" / "score.json").read_text())
    run_cli("score", "acme.xlsx", "--checklist", "checklist.json", "--out", "with")
    own = json.loads((work / "with" / "score.json").read_text())
    assert both["vendors"] == own["vendors"]


def test_an_edited_hidden_copy_needs_the_checklist(run_cli, work: Path, matrix: bytes) -> None:
    def edit_hidden(workbook: Any) -> None:
        workbook["procure"]["F8"] = "Anything goes."

    fill(matrix, "acme.xlsx", ACME, edit=edit_hidden)
    result = run_cli("score", "acme.xlsx")
    assert (result.code, result.err) == (
        2, "Error: acme.xlsx: cannot be checked without the checklist: its hidden 'procure' "
           "sheet was edited (its rows no longer match their hash); pass --checklist "
           "checklist.json.\n")
    assert run_cli("score", "acme.xlsx", "--checklist", "checklist.json").code == 0


def test_a_matrix_from_another_checklist_is_refused(run_cli, work: Path) -> None:
    other = _checklist(dt.date(2026, 1, 22))
    (work / "old.xlsx").write_bytes(render_xlsx(other))
    result = run_cli("score", "old.xlsx", "--checklist", "checklist.json")
    assert (result.code, result.err) == (
        2, f"Error: old.xlsx: was made from checklist {other.inputs_sha256[:12]} (document date "
           f"2026-01-22), not from checklist.json ({SHA}, document date 2026-11-22); score it "
           "against the checklist it came from.\n")


def test_existing_reports_are_kept_unless_forced(run_cli, work: Path, matrix: bytes) -> None:
    fill(matrix, "acme.xlsx", ACME)
    assert run_cli("score", "acme.xlsx").code == 0
    again = run_cli("score", "acme.xlsx")
    assert (again.code, again.err) == (
        2, "Error: out: score.md, score.json already exist; pass --force to replace them or "
           "choose another --out.\n")
    assert run_cli("score", "acme.xlsx", "--force").code == 0


def _zip(entries: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def _with_doctype(matrix: bytes) -> bytes:
    with zipfile.ZipFile(io.BytesIO(matrix)) as archive:
        entries = {name: archive.read(name) for name in archive.namelist()}
    entries["xl/workbook.xml"] = (b'<?xml version="1.0"?><!DOCTYPE lol [<!ENTITY lol "lol">]>'
                                  + entries["xl/workbook.xml"])
    return _zip(entries)


def _no_matrix_sheet() -> bytes:
    buffer = io.BytesIO()
    Workbook().save(buffer)
    return buffer.getvalue()


def _chart_named_like_the_matrix() -> bytes:
    workbook = Workbook()
    workbook.active.append([1])
    chart = BarChart()
    chart.add_data(Reference(workbook.active, min_col=1, min_row=1, max_row=1))
    workbook.create_chartsheet("Response matrix").add_chart(chart)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


BAD_FILES: dict[str, tuple[Callable[[bytes], bytes], str]] = {
    "empty": (lambda m: b"", "r.xlsx: the file is empty; it is not a response matrix."),
    "text": (lambda m: b"hello, world\n",
             "r.xlsx: row 1, column A (ID): the header is 'hello', expected 'ID'; this is not a "
             "procure response matrix or its columns were changed (score the matrix procure "
             "wrote, with answers only in columns H to J)."),
    "binary": (lambda m: b"\x00\x01\x02",
               "r.xlsx: is a binary file, neither an XLSX workbook nor a CSV response matrix."),
    "latin-1 csv": (lambda m: "ID,Pack,Señal".encode("latin-1"),
                    "r.xlsx: is not UTF-8 text (byte 10); in the spreadsheet save it as "
                    "'CSV UTF-8 (Comma delimited)', or return the XLSX."),
    "truncated": (lambda m: m[:3000],
                  "r.xlsx: is a damaged workbook (File is not a zip file); open it in the "
                  "spreadsheet, save it again as .xlsx and retry."),
    "zip bomb": (lambda m: _zip({"xl/big.bin": bytes(60 * 1024 * 1024)}),
                 "r.xlsx: the workbook unpacks to 62,914,560 bytes (at most 52,428,800); it is "
                 "not a response matrix procure wrote."),
    "doctype": (_with_doctype,
                "r.xlsx: xl/workbook.xml declares a document type; procure refuses such XML "
                "(entity expansion). Save the workbook again."),
    "other workbook": (lambda m: _no_matrix_sheet(),
                       "r.xlsx: has no 'Response matrix' sheet (sheets: Sheet); it is not a "
                       "procure response matrix (score the matrix procure wrote, with answers "
                       "only in columns H to J)."),
    "chart sheet": (lambda m: _chart_named_like_the_matrix(),
                    "r.xlsx: 'Response matrix' is a chart, not a worksheet; score the matrix "
                    "procure wrote, with answers only in columns H to J."),
}


@pytest.mark.parametrize("kind", list(BAD_FILES))
def test_files_that_are_not_matrices_are_refused(run_cli, work: Path, matrix: bytes,
                                                 kind: str) -> None:
    make, message = BAD_FILES[kind]
    (work / "r.xlsx").write_bytes(make(matrix))
    result = run_cli("score", "r.xlsx", "--checklist", "checklist.json")
    assert (result.code, result.out, result.err) == (2, "", f"Error: {message}\n")
    assert not (work / "out").exists()


def test_a_huge_file_is_refused_before_it_is_opened(run_cli, work: Path) -> None:
    with (work / "huge.xlsx").open("wb") as stream:
        stream.truncate(11 * 1024 * 1024)
    result = run_cli("score", "huge.xlsx", "--checklist", "checklist.json")
    assert (result.code, result.err) == (
        2, "Error: huge.xlsx: the file is 11,534,336 bytes; a returned matrix is at most "
           "10,485,760 bytes. Is it the matrix procure wrote?\n")


def test_a_zip_that_is_not_a_workbook(run_cli, work: Path) -> None:
    (work / "r.xlsx").write_bytes(_zip({"notes.txt": b"hello"}))
    result = run_cli("score", "r.xlsx")
    assert result.code == 2
    assert result.err.startswith("Error: r.xlsx: cannot be read as an XLSX workbook (")
    assert result.err.endswith("); open it in the spreadsheet, save it again as .xlsx and "
                               "retry.\n")


def test_missing_file_and_folder(run_cli, work: Path) -> None:
    assert run_cli("score", "nowhere.xlsx").err == (
        "Error: nowhere.xlsx: no such file; check the path of the returned matrix.\n")
    (work / "folder.xlsx").mkdir()
    assert run_cli("score", "folder.xlsx").err == (
        "Error: Invalid value for 'RETURNED': file 'folder.xlsx' is a directory.\n"
        "Try 'procure score --help' for help.\n")


def test_vendors_without_names_in_files_of_one_name_stay_apart(run_cli, work: Path,
                                                                matrix: bytes) -> None:
    for folder, answers in (("east", ACME), ("west", BETA), ("north", {})):
        (work / folder).mkdir()
        fill(matrix, f"{folder}/bid.xlsx", answers)
    result = run_cli("score", "east/bid.xlsx", "west/bid.xlsx", "north/bid.xlsx", "--checklist",
                     "checklist.json", "--out", "scores")
    assert result.code == 0, result.err
    assert [line.split(": Comply")[0] for line in result.out.splitlines()
            if line.startswith("bid")] == [
        "bid (east/bid.xlsx)", "bid 2 (west/bid.xlsx)", "bid 3 (north/bid.xlsx)"]
    report = json.loads((work / "scores" / "score.json").read_text())
    assert [(v["vendor"], v["file"]) for v in report["vendors"]] == [
        ("bid", "east/bid.xlsx"), ("bid 2", "west/bid.xlsx"), ("bid 3", "north/bid.xlsx")]
    assert report["comparison"][0]["responses"] == {
        "bid": "Partial", "bid 2": "invalid", "bid 3": "blank"}


def test_one_vendor_name_in_two_files_gets_the_file_names(run_cli, work: Path,
                                                          matrix: bytes) -> None:
    fill(matrix, "acme-1.xlsx", ACME, vendor="Acme")
    fill(matrix, "acme-2.xlsx", BETA, vendor="Acme")
    result = run_cli("score", "acme-1.xlsx", "acme-2.xlsx", "--checklist", "checklist.json")
    assert result.code == 0, result.err
    report = json.loads((work / "out" / "score.json").read_text())
    assert [v["vendor"] for v in report["vendors"]] == ["Acme (acme-1.xlsx)",
                                                        "Acme (acme-2.xlsx)"]


def test_a_vendor_name_that_would_run_on_a_terminal_is_shown(run_cli, work: Path,
                                                             matrix: bytes) -> None:
    fill(matrix, "acme.xlsx", ACME, vendor="Acme \u009b2J\u202eskrowteN")
    result = run_cli("score", "acme.xlsx", "--checklist", "checklist.json")
    assert result.code == 0, result.err
    assert result.out.splitlines()[1].startswith(
        "Acme <U+009B>2J<U+202E>skrowteN (acme.xlsx): Comply 1 of 3")
    markdown = (work / "out" / "score.md").read_text()
    assert "## Acme \\<U+009B\\>2J\\<U+202E\\>skrowteN\n" in markdown
    assert "\u202e" not in markdown and "\u009b" not in markdown


def _hide_the_last_row(workbook: Any) -> None:
    sheet = workbook["Response matrix"]
    sheet["H4"] = "Comply"
    sheet.append([cell.value for cell in sheet[4]])


def test_a_row_beyond_the_declared_size_of_the_sheet_is_read(run_cli, work: Path,
                                                             matrix: bytes) -> None:
    fill(matrix, "acme.xlsx", ACME, edit=_hide_the_last_row)
    with zipfile.ZipFile("acme.xlsx") as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    sheet = next(name for name, data in parts.items()
                 if name.startswith("xl/worksheets/") and b"TST-004" in data)
    parts[sheet] = parts[sheet].replace(b'<dimension ref="A1:J5"/>', b'<dimension ref="A1:J4"/>')
    assert b'<dimension ref="A1:J4"/>' in parts[sheet]
    Path("acme.xlsx").write_bytes(_zip(parts))
    result = run_cli("score", "acme.xlsx", "--checklist", "checklist.json")
    assert (result.code, result.out) == (2, "")
    assert "acme.xlsx: row 5, column A (ID), TST-004: repeats row 4; delete the copy" in result.err
def test_qualified_answers_without_a_comment_are_flagged(run_cli, work: Path,
                                                         matrix: bytes) -> None:
    fill(matrix, "gamma.xlsx", {"H2": "Partial", "I2": "Vol 1", "H3": "N/A",
                                "H4": "Exception", "J4": "Out of scope for us"})
    result = run_cli("score", "gamma.xlsx", "--checklist", "checklist.json")
    assert result.code == 0
    [vendor] = json.loads((work / "out" / "score.json").read_text())["vendors"]
    assert vendor["problems"] == [
        {"row": 2, "column": "J (Comments)", "requirement": "TST-001",
         "message": "blank, but Partial needs a comment: the instructions ask the vendor to say "
                    "what is missing and when it will be met"},
        {"row": 3, "column": "J (Comments)", "requirement": "TST-002",
         "message": "blank, but N/A needs a comment: the instructions ask the vendor to explain "
                    "why the requirement does not apply"},
    ]
    markdown = (work / "out" / "score.md").read_text()
    assert ("- row 2, column J (Comments), TST-001: blank, but Partial needs a comment: the "
            "instructions ask the vendor to say what is missing and when it will be met\n"
            in markdown)


def test_other_spellings_are_taken_and_named_and_yes_is_not(run_cli, work: Path,
                                                           matrix: bytes) -> None:
    fill(matrix, "delta.xlsx", {"H2": "comply", "I2": "A", "H3": "n / a", "J3": "no spares",
                                "H4": "Yes", "J4": "yes we do"})
    result = run_cli("score", "delta.xlsx", "--checklist", "checklist.json")
    assert result.code == 0
    assert result.out.splitlines()[1:3] == [
        "delta (delta.xlsx): Comply 1 of 3 (33.3%); 2 potential disqualifiers (TST-002, "
        "TST-004); 1 problem in the file.",
        '  "comply" taken as Comply (row 2); "n / a" taken as N/A (row 3).']
    [vendor] = json.loads((work / "out" / "score.json").read_text())["vendors"]
    assert vendor["accepted_spellings"] == [
        {"given": "comply", "response": "Comply", "rows": [2]},
        {"given": "n / a", "response": "N/A", "rows": [3]}]
    assert [(a["given"], a["response"]) for a in vendor["answers"]] == [
        ("comply", "Comply"), ("n / a", "N/A"), ("Yes", "invalid")]
    assert vendor["problems"][0]["message"] == (
        '"Yes" is not a response (a yes or no does not say whether the requirement is met in '
        "full or in part; ask the vendor to choose); use Comply, Partial, Exception, Alternate "
        "or N/A (scored as not answered)")
    markdown = (work / "out" / "score.md").read_text()
    assert ('### Responses spelled otherwise\n\n- "comply" taken as Comply (row 2)\n'
            '- "n / a" taken as N/A (row 3)\n\nCase, spaces and these spellings are read as the '
            "response they name; Yes and No are not (they do not say whether in full or in "
            "part).\n") in markdown


def _add_columns(workbook: Any) -> None:
    sheet = workbook["Response matrix"]
    sheet["K1"], sheet["L1"] = "Unit price", "Lead time"
    sheet["K2"], sheet["L4"] = "$1,200", "=12*7 days"
    sheet["M9"] = "Call us about volume pricing"


def test_columns_a_vendor_adds_are_reported_and_kept(run_cli, work: Path,
                                                     matrix: bytes) -> None:
    fill(matrix, "acme.xlsx", ACME, vendor="Acme Networks", edit=_add_columns)
    result = run_cli("score", "acme.xlsx", "--checklist", "checklist.json")
    assert result.code == 0, result.err
    assert result.out.splitlines()[2] == (
        "  3 columns added by the vendor, kept in the report: K (Unit price), L (Lead time), "
        "M ((no header)).")
    [vendor] = json.loads((work / "out" / "score.json").read_text())["vendors"]
    assert vendor["extra_columns"] == [{"column": "K", "header": "Unit price"},
                                       {"column": "L", "header": "Lead time"},
                                       {"column": "M", "header": "(no header)"}]
    assert [answer["extra"] for answer in vendor["answers"]] == [
        {"K": "$1,200"}, {}, {"L": "=12*7 days"}]
    assert [problem["message"] for problem in vendor["problems"]] == [
        "'Unit price' is not a column of the matrix; its 1 value is kept in the report as given",
        "'Lead time' is not a column of the matrix; its 1 value is kept in the report as given",
        "a column without a header is not a column of the matrix; its 1 value is kept in the "
        "report as given",
        '"Call us about volume pricing" is beside the matrix, in no requirement\'s row; not '
        "scored",
        "holds a formula; procure reads it as text",
    ]
    markdown = (work / "out" / "score.md").read_text()
    assert markdown.endswith(
        "### Columns the vendor added\n\n"
        "Not part of the matrix, not scored, kept here as given: K (Unit price), L (Lead time), "
        "M ((no header)).\n\n"
        "| Row | ID | Unit price | Lead time | (no header) |\n|---|---|---|---|---|\n"
        "| 2 | TST-001 | \\$1,200 | – | – |\n| 4 | TST-004 | – | =12\\*7 days | – |\n")


def test_csv_extra_columns_are_kept_too(run_cli, work: Path) -> None:
    text = render_csv(_checklist(AS_OF)).decode("utf-8-sig")
    records = list(csv.reader(io.StringIO(text, newline="")))
    records[0].append("Notes")
    for record in records[1:]:
        record[7:10] = ["Comply", "A", ""]
    records[2].append("ships in May")
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerows(records)
    (work / "vendor.csv").write_bytes(out.getvalue().encode())
    result = run_cli("score", "vendor.csv", "--checklist", "checklist.json")
    assert result.code == 0, result.err
    [vendor] = json.loads((work / "out" / "score.json").read_text())["vendors"]
    assert vendor["extra_columns"] == [{"column": "K", "header": "Notes"}]
    assert [answer["extra"] for answer in vendor["answers"]] == [{}, {"K": "ships in May"}, {}]
