"""The two editions in Markdown and JSON, fill-ins, and the words a person reads.

Three kinds of buyer (a federal civilian agency, a BEAD subgrantee, a private enterprise) on the
small library of tests/editions.py. The PDF and Word editions are in test_editions_render.py.
"""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from procure.model.checklist import Checklist
from procure.model.fillins import check_fill_in, fill_in_problem, fill_in_text, parse_fill_in
from procure.model.packs import Library
from procure.render.edition import (
    edition_warnings,
    for_vendors,
    masthead,
    solicitation_clauses,
    text_pieces,
)
from procure.render.jsondoc import render_json
from procure.render.markdown import render_markdown
from procure.render.matrix import render_csv, render_xlsx
from procure.render.matrix_layout import spec_from_checklist
from procure.render.templating import markdown_text
from procure.rules.fillins import blanks_left, fill_ins_needed

from .editions import (
    ALL_FILL_INS,
    AS_OF,
    BUYERS,
    EDITION_PACKS,
    RESPONSE_OPTIONS,
    RUNNING,
    buyer_answers,
    buyer_checklist,
    edition_library,
    flat,
    our_words,
    raw_tokens_in,
    write_answers,
)


@pytest.fixture(scope="module")
def small_library() -> Library:
    return edition_library()


@pytest.fixture(scope="module")
def checklists(small_library: Library) -> dict[str, Checklist]:
    return {buyer: buyer_checklist(small_library, buyer) for buyer in BUYERS}


def markdown(checklist: Checklist, edition: str) -> str:
    return render_markdown(checklist, edition=edition).decode()


# The vendor copy ------------------------------------------------------------------------------

@pytest.mark.parametrize("buyer", list(BUYERS))
def test_the_vendor_copy_carries_nothing_internal(checklists: dict[str, Checklist],
                                                  buyer: str) -> None:
    full = checklists[buyer]
    vendor = for_vendors(full)
    assert full.counsel_points and full.excluded_packs  # there was something to leave out
    assert vendor.edition == "rfp"
    assert (vendor.counsel_points, vendor.excluded_packs, vendor.excluded_requirements,
            vendor.thresholds, vendor.profile, vendor.warnings, vendor.deadlines,
            vendor.tailoring) == ([], [], [], [], [], [], [], [])
    assert set(vendor.answers) <= {"schema", "organization", "project", "solicitation",
                                   "attachment", "federal_status"}
    assert [r.id for r in vendor.requirements] == [r.id for r in full.requirements]
    for requirement in vendor.requirements:
        assert (requirement.why, requirement.basis_note, requirement.counsel,
                requirement.buyer_duty) == ("", "", None, None)
        assert all(ref.binding_note == "" and ref.binds is None for ref in requirement.authorities)
    for entry in vendor.authority_register:
        assert (entry.verification, entry.binding_note, entry.source) == ("", "", "")
        assert "(" not in entry.status_note or entry.status_note.startswith(("proposed",
                                                                             "voluntary",
                                                                             "draft"))


def test_the_masthead_names_the_solicitation_or_shows_a_blank(
        checklists: dict[str, Checklist], small_library: Library) -> None:
    assert masthead(checklists["federal"]).running == RUNNING["federal"]
    unnamed = buyer_checklist(small_library, "enterprise", solicitation=None, attachment=None)
    head = masthead(unnamed)
    assert head.running == ("Solicitation [buyer states: solicitation number] · Attachment "
                            "[buyer states: attachment label]")
    assert not head.given


# Markdown, both editions ----------------------------------------------------------------------

@pytest.mark.parametrize("buyer", list(BUYERS))
def test_markdown_rfp_edition_has_no_counsel_no_verification_no_draft(
        checklists: dict[str, Checklist], buyer: str) -> None:
    checklist = checklists[buyer]
    text = markdown(checklist, "rfp")
    flat_text = flat(text)
    ours = our_words(text, checklist, markdown_text).lower()
    assert "draft" not in ours
    assert "counsel" not in ours
    assert "verif" not in ours
    assert "day set to the 1st" not in text
    for point in checklist.counsel_points:
        assert flat(point.point)[:60] not in flat_text
    for requirement in checklist.requirements:
        assert requirement.why[:60] not in flat_text
        assert f"{requirement.id} · {requirement.level} · " in text
    assert f"**{RUNNING[buyer]}**" in text
    assert "MUST (law)" not in text and "MUST (specification)" not in text
    assert "required by law" not in ours and "specification" not in ours
    for option in RESPONSE_OPTIONS:
        assert f"☐ {option}" in text
        assert f"| {option} |" in text


@pytest.mark.parametrize("buyer", list(BUYERS))
def test_markdown_review_edition_keeps_everything_for_counsel(
        checklists: dict[str, Checklist], buyer: str) -> None:
    checklist = checklists[buyer]
    text = markdown(checklist, "review")
    flat_text = flat(text)
    assert "Draft for legal review" in text
    for point in checklist.counsel_points:
        assert flat(point.point)[:40].replace("[", "\\[") in flat_text
    for requirement in checklist.requirements:
        assert f"#### {requirement.id} · " in text
    for option in RESPONSE_OPTIONS:
        assert f"| {option} |" in text
    assert "## Blanks to fill before release" in text


@pytest.mark.parametrize(("buyer", "edition"), [(b, e) for b in BUYERS for e in ("review", "rfp")])
def test_no_raw_answer_key_or_value_in_markdown(checklists: dict[str, Checklist], buyer: str,
                                                edition: str) -> None:
    assert raw_tokens_in(markdown(checklists[buyer], edition)) == []


def test_the_clause_list_of_a_federal_buyer(checklists: dict[str, Checklist]) -> None:
    checklist = checklists["federal"]
    rows = {row.number: row for row in solicitation_clauses(checklist, "rfp")}
    buy_american = rows["FAR 52.225-3"]
    assert (buy_american.date, buy_american.form, buy_american.incorporation,
            buy_american.recorded) == ("NOV 2023", "Clause", "By reference", True)
    assert buy_american.prescription == "" and buy_american.alternates == ()
    fixture = rows["FAR 52.299-1"]
    assert (fixture.form, fixture.signs, fixture.incorporation, fixture.fill_ins) == (
        "Provision", "representation", "Full text", ("paragraph (b): the retention period",))
    covered = rows["FAR 52.204-25"]
    assert (covered.date, covered.form, covered.incorporation, covered.recorded) == (
        "NOV 2021", "Clause", "By reference", True)
    assert not rows["FAR 52.299-2"].recorded
    order = list(rows)
    assert order.index("FAR 52.204-25") < order.index("FAR 52.225-3") < order.index(
        "FAR 52.299-1") < order.index("FAR 52.299-2")
    text = markdown(checklist, "rfp")
    assert ("| FAR 52.225-3 | Buy American—Free Trade Agreements—Israeli Trade Act | NOV 2023 | "
            "Clause | By reference | Alternate IV: the domestic content percentage (65 for awards "
            "expected in 2024–2028, 75 after 2028) |") in text
    assert ("| FAR 52.225-3 (NOV 2023), clause | Buy American—Free Trade Agreements—Israeli "
            "Trade Act | in force |") in text
    assert "| FAR 52.299-1 | Fixture Representation of Telemetry Retention | JAN 2024 | Provision "
    review = markdown(checklist, "review")
    assert ("FAR 25.1101(b)(1)(i); Alternate II: acquisition value of \\$50,000 or more but less "
            "than \\$100,000: only Israeli end products are eligible") in review
    assert "Clause identity not in the registry" in review


def test_buyers_without_federal_clauses_get_no_clause_list(
        checklists: dict[str, Checklist]) -> None:
    for buyer in ("bead", "enterprise"):
        assert solicitation_clauses(checklists[buyer]) == []
        assert "FAR and DFARS provisions and clauses" not in markdown(checklists[buyer], "rfp")


# JSON and the response matrix -------------------------------------------------------------------

def test_rfp_json_is_the_vendor_copy_and_still_scores(checklists: dict[str, Checklist]) -> None:
    checklist = checklists["federal"]
    data = json.loads(render_json(checklist, "rfp"))
    review = json.loads(render_json(checklist, "review"))
    assert (data["edition"], review["edition"]) == ("rfp", "review")
    assert list(data) == list(review)
    assert data["counsel_points"] == [] and review["counsel_points"]
    assert "contract_value_usd" not in data["answers"]
    assert all("basis" not in item and item["why"] == "" for item in data["requirements"])
    assert "verif" not in json.dumps(data).lower() or all(
        entry["verification"] == "" for entry in data["authority_register"])
    back = Checklist.model_validate(data)
    assert spec_from_checklist(back) == spec_from_checklist(checklist)


def test_the_response_matrix_is_the_same_in_both_editions(
        checklists: dict[str, Checklist]) -> None:
    checklist = checklists["federal"]
    assert render_xlsx(for_vendors(checklist)) == render_xlsx(checklist)
    assert render_csv(for_vendors(checklist)) == render_csv(checklist)


@pytest.mark.parametrize("edition", ["review", "rfp"])
def test_markdown_and_json_are_byte_identical_on_a_second_render(
        small_library: Library, edition: str) -> None:
    first = buyer_checklist(small_library, "federal")
    second = buyer_checklist(small_library, "federal")
    assert render_markdown(first, edition=edition) == render_markdown(second, edition=edition)
    assert render_json(first, edition) == render_json(second, edition)


# Fill-ins ---------------------------------------------------------------------------------------

def test_blanks_print_visibly_and_are_listed(checklists: dict[str, Checklist]) -> None:
    checklist = checklists["federal"]
    by_id = {r.id: r for r in checklist.requirements}
    assert "inlet air temperature up to 45 °C" in by_id["EDF-001"].text
    assert "these FASCSA orders: none issued as of 2026-11-22;" in by_id["EDF-003"].text
    assert "within [agency states: notification period] of confirming" in by_id["EDF-002"].text
    assert text_pieces(by_id["EDF-002"])[1] == ("[agency states: notification period]", True)
    assert [need.name for need in blanks_left(checklist)] == ["notification_period",
                                                              "line_item_floor"]
    review = markdown(checklist, "review")
    assert ("| notification period | How long after confirming a vulnerability the vendor has "
            "to notify the buyer. Write a duration with its unit, for example 72 hours, 30 days "
            "or 2 weeks. | EDF-002 |") in review
    assert "| smallest line item value covered |" in review
    assert "maximum ambient temperature" not in review.split("## Blanks to fill")[1].split(
        "##")[0]
    bead = markdown(checklists["bead"], "rfp")
    assert "\\[buyer states: maximum ambient temperature (°C)\\]" in bead


def test_filled_in_everything_the_blanks_list_says_none(small_library: Library) -> None:
    checklist = buyer_checklist(small_library, "federal", fill_ins=ALL_FILL_INS)
    assert blanks_left(checklist) == []
    assert [need.value for need in fill_ins_needed(checklist)] == [
        "none", "40", "72 hours", "none issued", "$25,000"]
    text = markdown(checklist, "review")
    assert "None: every fill-in has its value (5 given)." in text
    assert "every line item above \\$25,000." in text
    assert not any("blank" in warning for warning in edition_warnings(checklist))


def test_rfp_warnings_list_the_blanks_and_a_missing_solicitation(
        run_cli, tmp_path: Path) -> None:
    answers = write_answers(tmp_path, "enterprise", solicitation=None, attachment=None)
    result = run_cli("generate", str(answers), "--packs", str(EDITION_PACKS), "--format", "md",
                     "--edition", "rfp", "--out", str(tmp_path / "out"), "--as-of",
                     AS_OF.isoformat())
    assert result.code == 0, result.err
    warnings = [line for line in result.err.splitlines() if line.startswith("Warning: ")]
    assert warnings[0].startswith(
        "Warning: 4 fill-ins still blank in the documents for vendors: maximum ambient "
        "temperature (°C) (fill_ins: max_ambient_c; EDF-001); notification period (fill_ins: "
        "notification_period; EDF-002); ")
    assert warnings[1] == (
        "Warning: The RFP edition has no solicitation number and no attachment label: every "
        "page header shows a blank instead. Add solicitation: and attachment: to the answers "
        "file.")
    text = (tmp_path / "out" / "checklist.md").read_text()
    assert "Solicitation \\[buyer states: solicitation number\\]" in text


def test_the_review_edition_warns_only_about_the_matrix_blanks(run_cli, tmp_path: Path) -> None:
    answers = write_answers(tmp_path, "enterprise", fill_ins=ALL_FILL_INS)
    result = run_cli("generate", str(answers), "--packs", str(EDITION_PACKS), "--format",
                     "md,csv", "--out", str(tmp_path / "out"), "--as-of", AS_OF.isoformat())
    assert (result.code, result.err) == (0, "")


@pytest.mark.parametrize(("fill_ins", "message"), [
    ({"notification_periode": "72 hours"},
     "fill_ins.notification_periode: no requirement pack has this parameter; did you mean "
     "'notification_period'? Parameters: award_terms, bonding_policy, cmmc_level, fascsa_orders, "
     "fascsa_orders_named, line_item_floor, max_ambient_c, notification_period, "
     "subgrant_agreement, vendor_incident_notice_hours."),
    ({"notification_period": 72},
     "fill_ins.notification_period (notification period): '72' has no unit; write a duration "
     "with its unit, for example 72 hours, 30 days or 2 weeks."),
    ({"max_ambient_c": "hot"},
     "fill_ins.max_ambient_c (maximum ambient temperature (°C)): 'hot' is not a number, for "
     "example 40 or 2.5."),
])
def test_a_bad_fill_in_is_refused_naming_the_key_and_the_fix(
        run_cli, tmp_path: Path, fill_ins: dict[str, object], message: str) -> None:
    answers = write_answers(tmp_path, "enterprise", fill_ins=fill_ins)
    result = run_cli("generate", str(answers), "--packs", str(EDITION_PACKS), "--out",
                     str(tmp_path / "out"))
    assert result.code == 2
    assert result.err == f"Error: {answers}: {message}\n"
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize(("kind", "given", "kept", "printed"), [
    ("amount", "$1.5M", 1500000, "$1,500,000"),
    ("amount", 2500.5, 2500.5, "$2,500.50"),
    ("percent", "55%", 55, "55%"),
    ("number", "1,200", 1200, "1,200"),
    ("duration", "1 days", "1 day", "1 day"),
    ("duration", "30 Business Day", "30 business days", "30 business days"),
    ("text", "  none   issued ", "none issued", "none issued"),
])
def test_fill_in_values_are_kept_in_one_form_and_printed_in_words(
        kind: str, given: object, kept: object, printed: str) -> None:
    assert check_fill_in(kind, given) == kept  # type: ignore[arg-type]
    assert fill_in_text(kind, given) == printed  # type: ignore[arg-type]


def test_the_interview_reads_a_typed_fill_in_or_says_what_is_expected() -> None:
    assert parse_fill_in("duration", "  ") is None
    assert fill_in_problem("duration", "24") == (
        "'24' is not a duration with its unit, for example 72 hours, 30 days or 2 weeks.")
    assert fill_in_problem("percent", "120") == "'120' is not between 0% and 100%."
    assert fill_in_problem("date", "2027-02-30") == (
        "'2027-02-30' is not a date as YYYY-MM-DD, for example 2027-03-31.")
    with pytest.raises(ValueError, match="yes or no is not a number"):
        check_fill_in("number", True)


def test_a_checklist_without_parameters_has_no_blanks_section(checklist_of) -> None:
    checklist = checklist_of("enterprise-sdwan")
    assert fill_ins_needed(checklist) == []
    assert "Blanks to fill" not in render_markdown(checklist).decode()


def test_an_unknown_fill_in_lists_the_parameters_there_are(run_cli, tmp_path: Path) -> None:
    answers = write_answers(tmp_path, "enterprise", fill_ins={"x_value": 1})
    result = run_cli("generate", str(answers), "--out", str(tmp_path / "out"))
    assert result.code == 2
    assert result.err.endswith(
        "fill_ins.x_value: no requirement pack has this parameter. Parameters: award_terms, "
        "bonding_policy, cmmc_level, fascsa_orders, subgrant_agreement, "
        "vendor_incident_notice_hours.\n")


def test_an_unknown_fill_in_when_no_pack_declares_a_parameter(small_library: Library) -> None:
    from procure.errors import InputFileError
    from procure.rules.fillins import check_fill_ins

    plain = small_library.model_copy(update={"packs": [
        entry for entry in small_library.packs if entry.pack.id == "optical-transport"]})
    with pytest.raises(InputFileError) as caught:
        check_fill_ins(buyer_answers("enterprise", fill_ins={"x_value": 1}), plain, "a.yaml")
    assert str(caught.value) == ("a.yaml: fill_ins.x_value: no requirement pack has this "
                                 "parameter. No pack declares a parameter.")


@pytest.mark.parametrize("buyer", list(BUYERS))
def test_the_matrix_sheets_use_words_and_name_the_solicitation(
        checklists: dict[str, Checklist], buyer: str) -> None:
    from openpyxl import load_workbook

    workbook = load_workbook(io.BytesIO(render_xlsx(checklists[buyer])))
    shown = [sheet for sheet in workbook.worksheets if sheet.sheet_state == "visible"]
    assert [sheet.title for sheet in shown] == ["Instructions", "Response matrix", "Summary"]
    text = "\n".join(str(value) for sheet in shown for row in sheet.iter_rows(values_only=True)
                     for value in row if value is not None)
    assert raw_tokens_in(text) == []
    facts = {row[0]: row[1] for row in workbook["Instructions"].iter_rows(
        min_row=3, max_row=10, max_col=2, values_only=True)}
    solicitation, attachment = RUNNING[buyer].removeprefix("Solicitation ").split(
        " · Attachment ")
    assert (facts["Solicitation"], facts["Attachment"]) == (solicitation, attachment)
