"""Tailoring: every action, every refusal, the record in each format, explain, diff, overrides.

A federal civilian agency buying 400ZR optics (the bundled example) is tailored entry by entry;
the checklist, the refusal messages, the documents and the answers file written by `procure
tailor` are checked exactly.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml
from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.output import DummyOutput

from procure.errors import InputFileError, InterruptedByUser, PackError
from procure.interview.tailor import entry_lines, with_entries
from procure.model.answers import Answers, TailoringEntry
from procure.model.checklist import Checklist
from procure.model.packs import Library, load_library
from procure.pipeline import tailor_interactively
from procure.render.jsondoc import render_json
from procure.render.markdown import render_markdown
from procure.rules.selection import select

from .conftest import AS_OF, EXAMPLES, example

SOURCE = "answers.yaml"
ENTER, DOWN, CTRL_C = "\r", "\x1b[B", "\x03"


def entries(*raw: dict[str, Any]) -> list[TailoringEntry]:
    return [TailoringEntry.model_validate(item) for item in raw]


def tailored(library: Library, *raw: dict[str, Any], base: Answers | None = None) -> Checklist:
    answers = (base or example("federal-civilian-400zr")).model_copy(
        update={"tailoring": entries(*raw)})
    return select(answers, library, AS_OF, SOURCE)


def refusal(library: Library, *raw: dict[str, Any]) -> str:
    with pytest.raises(InputFileError) as caught:
        tailored(library, *raw)
    return str(caught.value)


def by_id(checklist: Checklist) -> dict[str, Any]:
    return {requirement.id: requirement for requirement in checklist.requirements}


@pytest.fixture(scope="module")
def untailored(library: Library) -> Checklist:
    return tailored(library)


# ------------------------------------------------------------------------ every action
def test_remove_moves_the_requirement_out_with_the_rules_decision(library: Library,
                                                                  untailored: Checklist) -> None:
    checklist = tailored(library, {"id": "EE-003", "action": "remove",
                                   "reason": "Power is metered by the facility",
                                   "by": "J. Doe", "date": "2026-11-20"})
    assert "EE-003" in by_id(untailored) and "EE-003" not in by_id(checklist)
    excluded = next(item for item in checklist.excluded_requirements if item.id == "EE-003")
    assert excluded.why == ("removed by tailoring: Power is metered by the facility; the rules "
                            "had it at SHOULD: applies because the equipment bought includes "
                            "optical transport")
    [record] = checklist.tailoring
    assert (record.id, record.action, record.change, record.reason, record.by, record.date,
            record.original_level, record.original_basis) == (
        "EE-003", "remove", "removed", "Power is metered by the facility", "J. Doe",
        dt.date(2026, 11, 20), "SHOULD", "practice")
    assert len(checklist.requirements) == len(untailored.requirements) - 1


def test_raising_a_level_makes_it_the_buyers_specification(library: Library) -> None:
    checklist = tailored(library, {"id": "OPT-014", "action": "level", "level": "MUST",
                                   "reason": "Our racks are power-limited"})
    requirement = by_id(checklist)["OPT-014"]
    assert (requirement.level, requirement.basis, requirement.tailored) == (
        "MUST", "specification", ["level"])
    assert requirement.basis_note == ("level SHOULD → MUST (the buyer's specification) by "
                                      "tailoring: Our racks are power-limited")
    assert checklist.tailoring[0].change == "level SHOULD → MUST (the buyer's specification)"


def test_lowering_a_practice_level_needs_no_waiver(library: Library) -> None:
    checklist = tailored(library, {"id": "OPT-015", "action": "level", "level": "MAY",
                                   "reason": "Spares come from our depot contract"})
    requirement = by_id(checklist)["OPT-015"]
    assert (requirement.level, requirement.basis) == ("MAY", "practice")
    assert checklist.tailoring[0].change == "level SHOULD → MAY"
    assert checklist.tailoring[0].waiver is None


def test_text_replaced_or_extended_keeps_the_original_on_the_record(
        library: Library, untailored: Checklist) -> None:
    original = by_id(untailored)["OPT-015"].text
    replaced = tailored(library, {"id": "OPT-015", "action": "text", "text": "Spares  within 4 h.",
                                  "reason": "Our SLA"})
    assert by_id(replaced)["OPT-015"].text == "Spares within 4 h."
    assert (replaced.tailoring[0].change, replaced.tailoring[0].original_text) == (
        "text replaced", original)
    extended = tailored(library, {"id": "OPT-015", "action": "text", "mode": "append",
                                  "text": "Depot in Denver.", "reason": "Where we are"})
    assert by_id(extended)["OPT-015"].text == f"{original} Depot in Denver."
    assert extended.tailoring[0].change == "text extended"


def test_replacing_the_text_of_a_legal_must_asks_counsel_to_confirm_it(library: Library) -> None:
    checklist = tailored(library, {"id": "CEQ-001", "action": "text", "text": "No Huawei or ZTE.",
                                   "reason": "Shorter"})
    assert by_id(checklist)["CEQ-001"].basis == "law"
    assert any(point.ref == "CEQ-001" and point.point == (
        "The text of CEQ-001, which the law requires of this buyer, was replaced by tailoring; "
        "counsel confirms the new text still carries what John S. McCain NDAA for FY2019, "
        "P.L. 115-232, §889, FAR 52.204-25 requires.") for point in checklist.counsel_points)


def test_evidence_added_or_replaced(library: Library, untailored: Checklist) -> None:
    before = by_id(untailored)["OPT-011"].evidence
    added = tailored(library, {"id": "OPT-011", "action": "evidence", "mode": "append",
                               "evidence": ["CMIS page dump from a lab unit"], "reason": "Proof"})
    assert by_id(added)["OPT-011"].evidence == [*before, "CMIS page dump from a lab unit"]
    assert added.tailoring[0].change == "evidence added"
    replaced = tailored(library, {"id": "OPT-011", "action": "evidence",
                                  "evidence": ["A CMIS test report"], "reason": "One document"})
    assert by_id(replaced)["OPT-011"].evidence == ["A CMIS test report"]
    assert replaced.tailoring[0].change == "evidence replaced"


def test_notes_go_to_the_vendor_or_to_counsel(library: Library) -> None:
    checklist = tailored(
        library,
        {"id": "OPT-002", "action": "note", "note": "See Section J", "reason": "Fibre data"},
        {"id": "OPT-001", "action": "note", "note": "Ask about spares", "audience": "counsel",
         "reason": "Spares policy"})
    assert by_id(checklist)["OPT-002"].notes == ["See Section J"]
    assert by_id(checklist)["OPT-001"].notes == []
    assert any(point.ref == "OPT-001" and point.point == "Ask about spares"
               for point in checklist.counsel_points)
    assert [record.change for record in checklist.tailoring] == [
        "note to the vendor: See Section J", "note to counsel: Ask about spares"]


def test_include_a_requirement_the_rules_left_out(library: Library) -> None:
    checklist = tailored(library, {"id": "CEQ-022", "action": "include",
                                   "reason": "Our carrier partner takes USF support"})
    requirement = by_id(checklist)["CEQ-022"]
    assert requirement.tailored == ["include"]
    assert requirement.why.startswith(
        "included by tailoring: Our carrier partner takes USF support; ")
    assert checklist.tailoring[0].change == f"included at {requirement.level}"
    assert "CEQ-022" not in [item.id for item in checklist.excluded_requirements]


def test_include_and_remove_a_whole_pack(library: Library, untailored: Checklist) -> None:
    included = tailored(library, {"id": "private-wireless", "action": "include",
                                  "reason": "A pilot site"})
    members = [r.id for r in included.requirements if r.pack == "private-wireless"]
    pack = library.pack("private-wireless")
    assert pack is not None and members == [r.id for r in pack.requirements]
    assert "private-wireless" in [p.id for p in included.packs]
    assert included.tailoring[0].change == (
        f"pack included with {len(pack.requirements)} requirements")
    removed = tailored(library, {"id": "energy-efficiency", "action": "remove",
                                 "reason": "Measured by the facility"})
    assert not [r for r in removed.requirements if r.pack == "energy-efficiency"]
    assert next(p for p in removed.excluded_packs if p.id == "energy-efficiency").why == (
        "removed by tailoring: Measured by the facility")
    count = sum(1 for r in untailored.requirements if r.pack == "energy-efficiency")
    assert removed.tailoring[0].change == f"pack removed with {count} requirements"


def test_a_legal_must_removed_under_a_waiver_the_registry_knows(library: Library) -> None:
    checklist = tailored(library, {"id": "CEQ-001", "action": "remove", "waiver": "far-4.2104",
                                   "reason": "DNI waiver for this acquisition"})
    assert "CEQ-001" not in by_id(checklist)
    assert checklist.tailoring[0].waiver == "FAR 4.2104"
    assert any(point.ref == "CEQ-001" and point.point.startswith(
        "CEQ-001 was removed by tailoring under FAR 4.2104, although the law requires it of "
        "this buyer; counsel confirms") for point in checklist.counsel_points)


def test_entries_apply_in_order(library: Library) -> None:
    checklist = tailored(
        library,
        {"id": "OPT-015", "action": "level", "level": "MUST", "reason": "Critical"},
        {"id": "OPT-015", "action": "note", "note": "Depot list in Section J", "reason": "Where"})
    requirement = by_id(checklist)["OPT-015"]
    assert (requirement.level, requirement.tailored, requirement.notes) == (
        "MUST", ["level", "note"], ["Depot list in Section J"])


# ------------------------------------------------------------------------ every refusal
def test_removing_a_legal_must_without_a_waiver_is_refused(library: Library) -> None:
    assert refusal(library, {"id": "CEQ-001", "action": "remove", "reason": "Too strict"}) == (
        "answers.yaml: tailoring[0]: CEQ-001 is MUST by law (John S. McCain NDAA for FY2019, "
        "P.L. 115-232, §889, FAR 52.204-25 bind this purchase); removing it needs `waiver:` "
        "naming a waiver or exception that relieves it (the registry knows far-4.2104 "
        "(FAR 4.2104)).")


def test_a_legal_must_no_registry_waiver_relieves(library: Library) -> None:
    assert refusal(library, {"id": "CEQ-013", "action": "level", "level": "SHOULD",
                             "reason": "x"}) == (
        "answers.yaml: tailoring[0]: CEQ-013 is MUST by law (NDAA for FY2018, P.L. 115-91, "
        "§1634, FAR 52.204-23 bind this purchase); lowering it to SHOULD needs `waiver:` naming "
        "a waiver or exception that relieves it (the registry knows no waiver or exception that "
        "relieves it).")


def test_a_waiver_that_is_not_one_or_does_not_cover_the_law(library: Library) -> None:
    assert refusal(library, {"id": "CEQ-001", "action": "remove", "waiver": "far-52.204-25",
                             "reason": "x"}) == (
        "answers.yaml: tailoring[0]: waiver: 'far-52.204-25' is not a waiver or exception; name "
        "one of far-4.2104.")
    assert refusal(library, {"id": "CEQ-001", "action": "remove", "waiver": "nope",
                             "reason": "x"}) == (
        "answers.yaml: tailoring[0]: waiver: 'nope' is not in the registry; name one of "
        "far-4.2104.")
    assert refusal(library, {"id": "CEQ-015", "action": "remove", "waiver": "far-4.2104",
                             "reason": "x"}).startswith(
        "answers.yaml: tailoring[0]: waiver: FAR 4.2104 does not relieve ")


def test_unknown_ids_suggest_the_nearest(library: Library) -> None:
    assert refusal(library, {"id": "ENE-003", "action": "remove", "reason": "x"}) == (
        "answers.yaml: tailoring[0]: 'ENE-003' is neither a requirement nor a pack id; did you "
        "mean 'EE-003'? `procure packs show ID` lists a pack's requirements.")
    assert refusal(library, {"id": "opt-3", "action": "remove", "reason": "x"}) == (
        "answers.yaml: tailoring[0]: 'opt-3' is not an id as written; did you mean 'OPT-003'?")


def test_an_excluded_requirement_says_why_and_how_to_include_it(library: Library) -> None:
    message = refusal(library, {"id": "CEQ-022", "action": "level", "level": "MUST",
                                "reason": "x"})
    assert message == (
        "answers.yaml: tailoring[0]: CEQ-022 is not in this checklist (the rules leave it out: "
        "the funding does not include Universal Service Fund support); to add it anyway, put "
        "{id: CEQ-022, action: include, reason: ...} before this entry.")
    assert refusal(library, {"id": "CEQ-022", "action": "remove", "reason": "x"}) == (
        "answers.yaml: tailoring[0]: CEQ-022 is not in this checklist (the rules leave it out: "
        "the funding does not include Universal Service Fund support); there is nothing to "
        "remove: delete the entry.")


def test_a_requirement_removed_earlier_cannot_be_changed(library: Library) -> None:
    assert refusal(library, {"id": "EE-003", "action": "remove", "reason": "a"},
                   {"id": "EE-003", "action": "note", "note": "n", "reason": "b"}) == (
        "answers.yaml: tailoring[1]: EE-003 is not in this checklist (removed by tailoring: a; "
        "the rules had it at SHOULD: applies because the equipment bought includes optical "
        "transport); to add it anyway, put {id: EE-003, action: include, reason: ...} before "
        "this entry.")


def test_entries_that_change_nothing_are_refused(library: Library) -> None:
    assert refusal(library, {"id": "OPT-001", "action": "level", "level": "MUST",
                             "reason": "x"}) == (
        "answers.yaml: tailoring[0]: OPT-001 is already MUST; remove the entry or choose "
        "another level.")
    assert refusal(library, {"id": "OPT-001", "action": "include", "reason": "x"}) == (
        "answers.yaml: tailoring[0]: OPT-001 is already in the checklist; remove the entry.")
    assert refusal(library, {"id": "optical-transport", "action": "include",
                             "reason": "x"}) == (
        "answers.yaml: tailoring[0]: pack optical-transport is already in the checklist; "
        "remove the entry.")
    assert refusal(library, {"id": "optical-transport", "action": "level", "level": "MAY",
                             "reason": "x"}) == (
        "answers.yaml: tailoring[0]: optical-transport is a pack; action level applies to a "
        "requirement: name a requirement id, or remove or include the pack.")


@pytest.mark.parametrize(("entry", "message"), [
    ({"id": "OPT-001", "action": "remove", "reason": "   "},
     "tailoring.0.reason: the reason must say why (it goes on the record)"),
    ({"id": "OPT-001", "action": "remove"}, "tailoring.0.reason: is required."),
    ({"id": "OPT-001", "action": "level", "reason": "x"},
     "tailoring.0: action level needs level"),
    ({"id": "OPT-001", "action": "remove", "note": "n", "reason": "x"},
     "tailoring.0: note belongs to action note, not remove"),
])
def test_an_entry_without_a_reason_or_its_value_is_refused_with_the_key(
        run_cli, tmp_path: Path, entry: dict[str, Any], message: str) -> None:
    data = yaml.safe_load((EXAMPLES / "federal-civilian-400zr.yaml").read_text())
    path = tmp_path / "answers.yaml"
    path.write_text(yaml.safe_dump({**data, "tailoring": [entry]}))
    result = run_cli("generate", str(path), "--as-of", AS_OF.isoformat(), "-o",
                     str(tmp_path / "out"))
    assert result.code == 2
    assert message in result.err
    assert not (tmp_path / "out").exists()


# ------------------------------------------------------------------------ the record in documents
RECORD = ({"id": "OPT-015", "action": "text", "text": "Spares within four hours.",
           "reason": "Our SLA <b>& yours</b>", "by": "J. Doe", "date": "2026-11-20"},
          {"id": "EE-003", "action": "remove", "reason": "Metered by the facility"})


def test_markdown_marks_the_requirement_and_lists_the_record(library: Library,
                                                              untailored: Checklist) -> None:
    text = render_markdown(tailored(library, *RECORD)).decode()
    assert ("- **Tailored:** text replaced; reason: Our SLA \\<b\\>&amp; yours\\</b\\> "
            "(tailoring record no. 1)") in text
    record = text[text.index("## Appendix E: Tailoring record"):]
    original = by_id(untailored)["OPT-015"].text
    assert (f"| 1 | OPT-015 | text replaced | Our SLA \\<b\\>&amp; yours\\</b\\> | J. Doe | "
            f"2026-11-20 | SHOULD (good practice); text: {original} |") in record
    assert ("| 2 | EE-003 | removed | Metered by the facility |  |  | SHOULD (good practice) |"
            in record)


def test_json_carries_the_record_and_the_marks(library: Library) -> None:
    data = json.loads(render_json(tailored(library, *RECORD)))
    assert [(r["id"], r["action"], r["change"], r["reason"], r["by"], r["date"],
             r["original_level"]) for r in data["tailoring"]] == [
        ("OPT-015", "text", "text replaced", "Our SLA <b>& yours</b>", "J. Doe", "2026-11-20",
         "SHOULD"),
        ("EE-003", "remove", "removed", "Metered by the facility", None, None, "SHOULD")]
    requirement = next(r for r in data["requirements"] if r["id"] == "OPT-015")
    assert (requirement["text"], requirement["tailored"]) == (
        "Spares within four hours.", ["text"])


def test_an_untailored_checklist_has_no_record(untailored: Checklist) -> None:
    assert untailored.tailoring == []
    assert "Tailoring record" not in render_markdown(untailored).decode()


@pytest.mark.slow
def test_pdf_shows_the_record_as_an_appendix(library: Library) -> None:
    import io

    from pypdf import PdfReader

    from procure.render.pdf import render_pdf

    reader = PdfReader(io.BytesIO(render_pdf(tailored(library, *RECORD))))
    text = "\n".join(page.extract_text() for page in reader.pages)
    flat = " ".join(text.split())
    assert "Appendix E. Tailoring record" in flat
    assert "Text replaced. Our SLA <b>& yours</b>" in flat
    assert "Removed. Metered by the facility" in flat
    assert "J. Doe 2026-11-20" in flat


# ------------------------------------------------------------------------ explain and diff
def tailored_file(folder: Path, *raw: dict[str, Any]) -> Path:
    data = yaml.safe_load((EXAMPLES / "federal-civilian-400zr.yaml").read_text())
    path = folder / ("tailored.yaml" if raw else "plain.yaml")
    path.write_text(yaml.safe_dump({**data, "tailoring": list(raw)}, sort_keys=False))
    return path


def test_explain_shows_the_rules_decision_then_the_tailoring(run_cli, tmp_path: Path) -> None:
    path = tailored_file(tmp_path, {"id": "OPT-015", "action": "level", "level": "MUST",
                                    "reason": "Critical spares", "by": "J. Doe",
                                    "date": dt.date(2026, 11, 20)})
    result = run_cli("explain", str(path), "OPT-015", "--as-of", AS_OF.isoformat())
    assert result.code == 0
    lines = result.out.splitlines()
    assert lines[0].startswith("OPT-015 (optical-transport): ")
    assert lines[1] == "  As the rules chose it:"
    assert lines[2].startswith("    included at SHOULD (good practice): ")
    tail = lines[lines.index("  Tailored by the answers file:"):]
    assert tail[1] == ("    tailoring[0]: level SHOULD → MUST (the buyer's specification); "
                       "reason: Critical spares (J. Doe, 2026-11-20)")
    assert tail[2] == "  As it stands now:"
    assert tail[3].startswith("    included at MUST (the buyer's specification): ")
    overview = run_cli("explain", str(path), "--as-of", AS_OF.isoformat()).out
    assert ("Tailored by the answers file (1 entry):\n  OPT-015: tailoring[0]: level SHOULD → "
            "MUST (the buyer's specification); reason: Critical spares (J. Doe, 2026-11-20)"
            in overview)


def test_diff_lists_tailoring_as_its_own_kind_with_the_reason(run_cli, tmp_path: Path) -> None:
    plain = tailored_file(tmp_path)
    changed = tailored_file(
        tmp_path,
        {"id": "EE-003", "action": "remove", "reason": "Metered", "by": "J. Doe"},
        {"id": "OPT-015", "action": "level", "level": "MUST", "reason": "Critical"},
        {"id": "OPT-001", "action": "note", "note": "Ask about spares", "audience": "counsel",
         "reason": "Policy"})
    result = run_cli("diff", str(plain), str(changed), "--as-of", AS_OF.isoformat())
    assert result.code == 0
    out = result.out
    assert "Added (0): none\n\nRemoved (0): none\n\nChanged (0): none\n\nTailored (3):\n" in out
    assert ("  * OPT-015 MUST (optical-transport) Spares, lead times and advance replacement are "
            "committed\n      level SHOULD → MUST\n      because tailoring: level SHOULD → MUST "
            "(the buyer's specification); reason: Critical\n") in out
    assert ("      no longer in the checklist\n      because tailoring: removed; reason: "
            "Metered (J. Doe)\n") in out
    assert ("      note to counsel: Ask about spares\n      because tailoring: note to counsel: "
            "Ask about spares; reason: Policy\n") in out
    assert out.endswith("3 requirement changes: 0 added, 0 removed, 0 changed, 3 by tailoring.\n")
    back = run_cli("diff", str(changed), str(plain), "--as-of", AS_OF.isoformat()).out
    assert ("because a tailoring entry (level SHOULD → MUST (the buyer's specification)) was "
            "withdrawn; reason: Critical") in back


# ------------------------------------------------------------------------ procure tailor
def run_tailor(path: Path, keys: str) -> list[TailoringEntry]:
    with create_pipe_input() as keyboard:
        keyboard.send_text(keys)
        keyboard.close()
        return tailor_interactively(path, AS_OF, None, input=keyboard, output=DummyOutput(),
                                    today=dt.date(2026, 11, 27))


def pack_keys(checklist: Checklist, pack_id: str) -> str:
    """The key presses that pick a pack in the first menu (Done is first)."""
    return DOWN * (1 + [pack.id for pack in checklist.packs].index(pack_id)) + ENTER


def requirement_keys(library: Library, pack_id: str, requirement_id: str) -> str:
    """The key presses that pick a requirement (Back and the whole pack come first)."""
    pack = library.pack(pack_id)
    assert pack is not None
    return DOWN * (2 + [r.id for r in pack.requirements].index(requirement_id)) + ENTER


@pytest.fixture
def commented(tmp_path: Path) -> Path:
    path = tmp_path / "answers.yaml"
    path.write_text((EXAMPLES / "federal-civilian-400zr.yaml").read_text()
                    + "# our decisions\ntailoring:\n  - {id: OPT-003, action: note, note: \"N\","
                      " reason: \"R\"}\n\n# the end\n")
    return path


def test_tailor_adds_entries_below_the_list_and_keeps_every_other_byte(
        library: Library, untailored: Checklist, commented: Path) -> None:
    before = commented.read_text()
    keys = (pack_keys(untailored, "energy-efficiency")
            + requirement_keys(library, "energy-efficiency", "EE-003")
            + ENTER  # Remove it
            + 'Metered: "by" the # facility' + ENTER + "J. Doe" + ENTER
            + pack_keys(untailored, "optical-transport")
            + requirement_keys(library, "optical-transport", "OPT-015")
            + DOWN + ENTER  # Change its level
            + ENTER + "Critical" + ENTER + ENTER  # MUST; the same person
            + ENTER)  # Done
    added = run_tailor(commented, keys)
    assert [(e.id, e.action, e.level, e.reason, e.by) for e in added] == [
        ("EE-003", "remove", None, 'Metered: "by" the # facility', "J. Doe"),
        ("OPT-015", "level", "MUST", "Critical", "J. Doe")]
    after = commented.read_text()
    head, tail = before.split("\n\n# the end\n")
    assert after == (head + "\n  - id: EE-003\n    action: remove\n"
                     '    reason: "Metered: \\"by\\" the # facility"\n    by: "J. Doe"\n'
                     "    date: 2026-11-27\n  - id: OPT-015\n    action: level\n    level: MUST\n"
                     '    reason: "Critical"\n    by: "J. Doe"\n    date: 2026-11-27\n'
                     "\n# the end\n")
    assert tail == ""


def test_tailor_shows_a_refusal_and_keeps_nothing_of_it(
        library: Library, untailored: Checklist, commented: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    before = commented.read_text()
    keys = (pack_keys(untailored, "covered-equipment")
            + requirement_keys(library, "covered-equipment", "CEQ-013")
            + ENTER  # Change its level (remove is not offered: no waiver relieves it)
            + ENTER  # SHOULD
            + ENTER)  # Done: nothing added
    assert run_tailor(commented, keys) == []
    out = capsys.readouterr().out
    assert ("The registry knows no waiver or exception in force that relieves the law requiring "
            "it; the entry is not added.") in out
    assert "No entry added; " in out
    assert commented.read_text() == before


def test_tailor_interrupted_writes_nothing(library: Library, untailored: Checklist,
                                           commented: Path) -> None:
    before = commented.read_text()
    keys = (pack_keys(untailored, "energy-efficiency")
            + requirement_keys(library, "energy-efficiency", "EE-003") + ENTER + "Why" + ENTER
            + ENTER + CTRL_C)
    with pytest.raises(InterruptedByUser, match="is unchanged"):
        run_tailor(commented, keys)
    assert commented.read_text() == before


def test_tailor_starts_a_list_in_a_file_without_one_and_in_json(
        library: Library, untailored: Checklist, tmp_path: Path) -> None:
    keys = (pack_keys(untailored, "energy-efficiency")
            + requirement_keys(library, "energy-efficiency", "EE-003") + ENTER + "Why" + ENTER
            + ENTER + ENTER)
    plain = tmp_path / "plain.yaml"
    shutil.copy(EXAMPLES / "federal-civilian-400zr.yaml", plain)
    run_tailor(plain, keys)
    assert plain.read_text().endswith(
        "tailoring:\n  - id: EE-003\n    action: remove\n    reason: \"Why\"\n"
        "    date: 2026-11-27\n")
    as_json = tmp_path / "answers.json"
    as_json.write_text(json.dumps(yaml.safe_load(
        (EXAMPLES / "federal-civilian-400zr.yaml").read_text()), default=str))
    run_tailor(as_json, keys)
    assert json.loads(as_json.read_text())["tailoring"] == [
        {"id": "EE-003", "action": "remove", "reason": "Why", "date": "2026-11-27"}]


def test_written_entries_read_back_exactly_whatever_their_text() -> None:
    hostile = entries({"id": "OPT-015", "action": "text", "mode": "append",
                       "text": "'quoted' \"double\" {flow: [list]} #hash\\back - dash: yes",
                       "reason": "null", "by": "José Müller", "date": "2026-11-27"},
                      {"id": "OPT-014", "action": "evidence", "evidence": ["- a", "b: c"],
                       "reason": "@at &anchor *alias !tag %dir `tick`"})
    base = (EXAMPLES / "federal-civilian-400zr.yaml").read_text()
    for start in (base, base + "tailoring: []\n", base + "tailoring:\n- {id: OPT-003, action: "
                  "note, note: N, reason: R}\nfunding: [appropriated]\n"):
        existing = entries({"id": "OPT-003", "action": "note", "note": "N", "reason": "R"}) \
            if "OPT-003" in start else []
        start = start.replace("funding: [appropriated]\n", "", 1) if start.count(
            "funding:") > 1 else start
        text = with_entries(start, SOURCE, existing, hostile)
        assert yaml.safe_load(text)["tailoring"][-2:] == [
            entry.model_dump(mode="python", exclude_defaults=True) for entry in hostile]
    assert entry_lines(hostile[1], "") == [
        "- id: OPT-014", "  action: evidence", "  evidence:", '    - "- a"', '    - "b: c"',
        '  reason: "@at &anchor *alias !tag %dir `tick`"']


def test_tailor_refuses_a_file_changed_meanwhile(library: Library, untailored: Checklist,
                                                 commented: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    import procure.interview.tailor as tailor_module

    real = tailor_module._write

    def edited_first(path: Path, *args: Any) -> None:
        path.write_text(path.read_text() + "# edited in another window\n")
        real(path, *args)

    monkeypatch.setattr(tailor_module, "_write", edited_first)
    keys = (pack_keys(untailored, "energy-efficiency")
            + requirement_keys(library, "energy-efficiency", "EE-003") + ENTER + "Why" + ENTER
            + ENTER + ENTER)
    with pytest.raises(InputFileError, match="changed while you were tailoring; nothing was "
                                             "written"):
        run_tailor(commented, keys)
    assert commented.read_text().endswith("# edited in another window\n")


# ------------------------------------------------------------------------ organisation overrides
OVERRIDE = """\
id: energy-efficiency
overrides: energy-efficiency
version: 9.0.0
retires: [EE-013]
"""


def override_folder(tmp_path: Path, retire: bool = True) -> Path:
    """An organisation pack that replaces energy-efficiency, keeping all but EE-013."""
    built_in = yaml.safe_load((Path(__file__).parents[1] / "requirement_packs" /
                               "energy-efficiency.yaml").read_text())
    built_in["version"] = "9.0.0"
    built_in["overrides"] = "energy-efficiency"
    built_in["requirements"] = [r for r in built_in["requirements"] if r["id"] != "EE-013"]
    if retire:
        built_in["retires"] = ["EE-013"]
    built_in["requirements"][0]["title"] = "Router and switch efficiency (our wording)"
    folder = tmp_path / "our-packs"
    folder.mkdir()
    (folder / "ee-ours.yaml").write_text(yaml.safe_dump(built_in, sort_keys=False))
    return folder


def test_an_override_pack_end_to_end(run_cli, tmp_path: Path) -> None:
    folder = override_folder(tmp_path)
    listing = run_cli("packs", "list", "--packs", str(folder))
    assert listing.code == 0
    assert (f"energy-efficiency 9.0.0 replaces the built-in energy-efficiency "
            f"{load_library().pack('energy-efficiency').version} (from "  # type: ignore[union-attr]
            f"{folder / 'ee-ours.yaml'}).") in listing.out
    lint = run_cli("packs", "lint", str(folder), "--as-of", "2026-11-27")
    assert lint.code == 0, lint.out + lint.err
    out = tmp_path / "out"
    result = run_cli("generate", "--example", "federal-civilian-400zr", "--packs", str(folder),
                     "--as-of", AS_OF.isoformat(), "-o", str(out), "-f", "md,json")
    assert result.code == 0, result.err
    data = json.loads((out / "checklist.json").read_text())
    pack = next(p for p in data["packs"] if p["id"] == "energy-efficiency")
    assert pack["version"] == "9.0.0"
    assert pack["overrides"].startswith("replaces the built-in energy-efficiency ")
    assert pack["overrides"].endswith(" (from ee-ours.yaml)")
    ids = [r["id"] for r in data["requirements"]]
    assert "EE-013" not in ids and "EE-001" in ids
    assert next(r for r in data["requirements"] if r["id"] == "EE-001")["title"] == (
        "Router and switch efficiency (our wording)")


def test_an_override_that_drops_an_id_without_retiring_it_is_refused(
        run_cli, tmp_path: Path) -> None:
    folder = override_folder(tmp_path, retire=False)
    result = run_cli("packs", "lint", str(folder), "--as-of", "2026-11-27")
    assert result.code != 0
    assert "EE-013" in result.out + result.err
    with pytest.raises(PackError, match="EE-013"):
        load_library(folder)


def test_the_tailoring_record_leaks_no_internal_words_into_the_vendor_files(
        library: Library, tmp_path: Path) -> None:
    from procure.render.matrix import render_csv

    text = render_csv(tailored(library, *RECORD)).decode()
    assert "Our SLA" not in text and "Metered by the facility" not in text
    assert "Spares within four hours." in text
    assert re.search(r"^EE-003,", text, re.M) is None


@pytest.mark.slow
def test_word_marks_the_requirement_and_has_the_record_before_the_approval(
        library: Library) -> None:
    import io

    from docx import Document

    from procure.render.word import render_docx

    document = Document(io.BytesIO(render_docx(tailored(library, *RECORD))))
    paragraphs = [paragraph.text for paragraph in document.paragraphs]
    assert ("Tailored: Text replaced; reason: Our SLA <b>& yours</b> (tailoring record no. 1)."
            in paragraphs)
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    assert headings[-2:] == ["Appendix E. Tailoring record", "Appendix F. Review and approval"]
    record = next(table for table in document.tables
                  if [cell.text for cell in table.rows[0].cells][2:3] == ["Change and reason"])
    assert [cell.text for cell in record.rows[2].cells] == [
        "2", "EE-003", "Removed. Metered by the facility", "", "SHOULD (good practice)"]
    assert record.rows[1].cells[3].text == "J. Doe\n2026-11-20"
    assert record.rows[1].cells[2].text.startswith(
        "Text replaced. Our SLA <b>& yours</b>\nOriginal text: The vendor states")


@pytest.mark.slow
def test_the_rfp_edition_carries_the_tailored_text_and_no_reason(library: Library) -> None:
    import io

    from docx import Document
    from pypdf import PdfReader

    from procure.render.pdf import render_pdf
    from procure.render.word import render_docx

    checklist = tailored(library, *RECORD, {"id": "OPT-011", "action": "note",
                                            "note": "Bring a lab unit", "reason": "Secret why"})
    markdown = render_markdown(checklist, edition="rfp").decode()
    data = json.loads(render_json(checklist, "rfp"))
    word = "\n".join(p.text for p in Document(io.BytesIO(
        render_docx(checklist, edition="rfp"))).paragraphs)
    pdf = " ".join(" ".join(page.extract_text().split()) for page in PdfReader(
        io.BytesIO(render_pdf(checklist, edition="rfp"))).pages)
    for text in (markdown, json.dumps(data), word, pdf):
        for internal in ("Our SLA", "Metered by the facility", "Secret why", "J. Doe",
                         "Tailoring record"):
            assert internal not in text, internal
        assert "Spares within four hours." in text
        assert "Bring a lab unit" in text
        assert "EE-003" not in text
    assert data["tailoring"] == []
    for text in (markdown, word, pdf):
        assert "tailoring record" not in text.lower() and "Tailored:" not in text
