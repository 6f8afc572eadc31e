"""`procure diff`: requirements added, removed and changed between versions, with the reason."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from procure.model.answers import load_answers
from procure.model.checklist import Checklist, ChecklistRequirement
from procure.model.packs import Library, load_folders, load_library
from procure.render.diff_report import render_diff
from procure.rules.diffing import diff_files
from procure.rules.selection import select

DATA = Path(__file__).resolve().parent / "data"
EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
BEFORE, AFTER = dt.date(2026, 1, 22), dt.date(2026, 1, 24)
INJECTION = str(DATA / "injection.yaml")
PACKS = str(DATA / "packs")

RESCISSION_TEXT = f"""\
Requirement changes
  old: {INJECTION} (answers, document date 2026-01-22)
  new: {INJECTION} (answers, document date 2026-01-24)

Answers changed: none
Authority status changed: OMB M-22-18: in force → rescinded on 2026-01-23
Packs now included: none
Packs no longer included: none

Added (0): none

Removed (0): none

Changed (1):
  ~ TST-001 SHOULD (test-matrix) Secure software development attestation
      level MUST → SHOULD
      because OMB M-22-18: in force → rescinded on 2026-01-23

1 requirement change: 0 added, 0 removed, 1 changed.
"""

TST_001_BLOCK = """\
  ~ TST-001 SHOULD (test-matrix) Secure software development attestation
      level MUST → SHOULD
      because OMB M-22-18: in force → rescinded on 2026-01-23
"""

ANSWERS_MARKDOWN = f"""\
# Requirement changes: -2+3 metro refresh @ HQ

From {INJECTION} (answers, document date 2026-01-22) to {DATA / "injection-ran.yaml"} \
(answers, document date 2026-01-22).

- Answers changed: CUI processing changed from yes to no; the equipment bought: added radio \
access network
- Authority status changed: none
- Packs now included: none
- Packs no longer included: none

## Added (1)

- **TST-003** (test-matrix, SHOULD): O-RAN fronthaul conformance
  - Because the equipment bought: added radio access network

## Removed (0)

None.

## Changed (1)

- **TST-004** (test-matrix, MAY): Handling of controlled unclassified information
  - level MUST → MAY
  - Because CUI processing changed from yes to no

2 requirement changes: 1 added, 0 removed, 1 changed.
"""


@pytest.fixture(scope="module")
def fixture_library() -> Library:
    return load_folders([DATA / "registry", DATA / "packs"])


def test_the_rescission_of_m_22_18_between_two_document_dates(fixture_library: Library) -> None:
    diff = diff_files(DATA / "injection.yaml", DATA / "injection.yaml", BEFORE, AFTER,
                      fixture_library)
    assert render_diff(diff, "text").replace(str(DATA / "injection.yaml"), INJECTION) == \
        RESCISSION_TEXT


def test_changed_answers_are_the_reason(fixture_library: Library) -> None:
    diff = diff_files(DATA / "injection.yaml", DATA / "injection-ran.yaml", BEFORE, BEFORE,
                      fixture_library)
    assert render_diff(diff, "md") == ANSWERS_MARKDOWN


def test_going_back_in_time_names_the_change_it_undoes(fixture_library: Library) -> None:
    diff = diff_files(DATA / "injection.yaml", DATA / "injection.yaml", AFTER, BEFORE,
                      fixture_library)
    [change] = diff.requirements
    assert (change.id, change.changes, change.reasons) == (
        "TST-001", ("level SHOULD → MUST",),
        ("OMB M-22-18: rescinded → in force (going back before 2026-01-23)",))


def _ids(output: str, mark: str) -> list[str]:
    return re.findall(rf"^  {re.escape(mark)} (\S+) ", output, flags=re.MULTILINE)


def _essence(requirement: ChecklistRequirement) -> tuple[object, ...]:
    return (requirement.level, requirement.title, requirement.text, requirement.evidence,
            [(ref.id, ref.pinpoint, ref.status) for ref in requirement.authorities])


def _expected(old: Checklist, new: Checklist) -> tuple[list[str], list[str], list[str]]:
    before = {r.id: r for r in old.requirements}
    after = {r.id: r for r in new.requirements}
    return ([r.id for r in new.requirements if r.id not in before],
            [r.id for r in old.requirements if r.id not in after],
            [r.id for r in new.requirements
             if r.id in before and _essence(before[r.id]) != _essence(r)])


def test_cli_across_the_rescission_with_a_custom_pack(run_cli) -> None:
    result = run_cli("diff", INJECTION, INJECTION, "--as-of-old", "2026-01-22",
                     "--as-of-new", "2026-01-24", "--packs", PACKS)
    assert (result.code, result.err) == (0, "")
    assert TST_001_BLOCK in result.out
    status_line = next(line for line in result.out.splitlines()
                       if line.startswith("Authority status changed: "))
    statuses = status_line.removeprefix("Authority status changed: ").split("; ")
    assert "OMB M-22-18: in force → rescinded on 2026-01-23" in statuses
    library = load_library(DATA / "packs")
    answers, _ = load_answers(DATA / "injection.yaml")
    added, removed, changed = _expected(select(answers, library, BEFORE),
                                        select(answers, library, AFTER))
    assert (_ids(result.out, "+"), _ids(result.out, "-"), _ids(result.out, "~")) == \
        (added, removed, changed)
    assert "TST-001" in changed


def test_cli_two_examples(run_cli, checklist_of) -> None:
    old, new = EXAMPLES / "federal-civilian-400zr.yaml", EXAMPLES / "enterprise-sdwan.yaml"
    result = run_cli("diff", str(old), str(new), "--as-of", "2026-11-22")
    assert (result.code, result.err) == (0, "")
    lines = result.out.splitlines()
    assert lines[:3] == ["Requirement changes",
                         f"  old: {old} (answers, document date 2026-11-22)",
                         f"  new: {new} (answers, document date 2026-11-22)"]
    assert lines[4] == (
        "Answers changed: the organization changed from Department of Example Affairs, Office of "
        "the CIO to Example Retail Group; the project changed from Metro optical transport "
        "refresh (400ZR) to Branch SD-WAN and security refresh; the sector changed from federal "
        "civilian to enterprise; the federal role changed from federal agency to none; the "
        "funding: added own funds and removed appropriated federal funds; CUI processing changed "
        "from yes to no; high-value asset status changed from yes to no; the estimated value "
        "changed from $2,000,000 to $3,200,000; the expected award date changed from 2027-03-31 "
        "to 2027-02-15; the equipment bought: added SD-WAN and security appliances and removed "
        "optical transport and IP routers; the transport plan: removed 400ZR, OpenZR+, 800G "
        "optics, routed optical networking, streaming telemetry and data-center interconnect; "
        "the zero trust target changed from Advanced to Initial; the US-made preference changed "
        "from preferred to none; the commercial status of the items changed from commercial to "
        "not given; the contract vehicle changed from new contract to not given; the "
        "solicitation number changed from 70RTAC27R00000012 to not given; the attachment label "
        "changed from J-3 to not given; the fill-in FASCSA orders not in SAM that apply "
        "(FAR 52.204-30(b)(3)) is no longer given (was none)")
    assert lines[5] == "Authority status changed: none"
    added, removed, changed = _expected(checklist_of("federal-civilian-400zr"),
                                        checklist_of("enterprise-sdwan"))
    assert (_ids(result.out, "+"), _ids(result.out, "-"), _ids(result.out, "~")) == \
        (added, removed, changed)
    assert lines[-1] == (f"{len(added) + len(removed) + len(changed)} requirement changes: "
                         f"{len(added)} added, {len(removed)} removed, {len(changed)} changed.")
    items = re.split(r"^  [-+~] ", result.out, flags=re.MULTILINE)[1:]
    assert len(items) == len(added) + len(removed) + len(changed)
    for item in items:
        assert "\n      because " in item, item


def test_two_checklist_files_give_the_same_changes(run_cli, tmp_path: Path) -> None:
    for name, day in (("old", "2026-01-22"), ("new", "2026-01-24")):
        made = run_cli("generate", INJECTION, "--format", "json", "--as-of", day,
                       "--packs", PACKS, "--out", str(tmp_path / name))
        assert made.code == 0, made.err
    old, new = tmp_path / "old" / "checklist.json", tmp_path / "new" / "checklist.json"
    from_json = run_cli("diff", str(old), str(new), "--packs", PACKS)
    from_answers = run_cli("diff", INJECTION, INJECTION, "--as-of-old", "2026-01-22",
                           "--as-of-new", "2026-01-24", "--packs", PACKS)
    assert from_json.code == 0
    assert from_json.out.splitlines()[1:3] == [
        f"  old: {old} (checklist, document date 2026-01-22)",
        f"  new: {new} (checklist, document date 2026-01-24)"]
    assert from_json.out.splitlines()[3:] == from_answers.out.splitlines()[3:]


def test_markdown_to_a_file_kept_unless_forced(run_cli, tmp_path: Path) -> None:
    target = tmp_path / "amendment.md"
    args = ("diff", INJECTION, str(DATA / "injection-ran.yaml"), "--as-of", "2026-01-22",
            "--packs", PACKS, "--format", "md", "--out", str(target))
    result = run_cli(*args)
    assert (result.code, result.out) == (0, f"wrote {target}\n")
    text = target.read_text()
    assert text.startswith("# Requirement changes: -2+3 metro refresh @ HQ\n")
    assert "- **TST-003** (test-matrix, SHOULD): O-RAN fronthaul conformance\n" \
           "  - Because the equipment bought: added radio access network\n" in text
    again = run_cli(*args)
    assert (again.code, again.err) == (
        2, f"Error: {tmp_path}: amendment.md already exists; pass --force to replace it or "
           "choose another --out.\n")
    assert run_cli(*args, "--force").code == 0


def test_bad_diff_input(run_cli, tmp_path: Path) -> None:
    checklist = tmp_path / "c" / "checklist.json"
    run_cli("generate", INJECTION, "--format", "json", "--as-of", "2026-01-22",
            "--packs", PACKS, "--out", str(checklist.parent))
    result = run_cli("diff", str(checklist), str(checklist), "--as-of-old", "2026-01-22")
    assert (result.code, result.err) == (
        2, f"Error: --as-of-old: {checklist} is a checklist; its document date is fixed inside "
           "it (the option applies to answers files).\n")
    other = tmp_path / "pack.yaml"
    other.write_text("schema: procure/pack@1\nid: x\n")
    result = run_cli("diff", str(other), INJECTION)
    assert (result.code, result.err) == (
        2, f"Error: {other}: schema: 'procure/pack@1' is neither 'procure/answers@1' nor "
           "'procure/checklist@1'; diff compares two answers files or two checklist JSON "
           "files.\n")
    result = run_cli("diff", INJECTION, INJECTION, "--format", "html")
    assert (result.code, result.err) == (
        2, "Error: --format: 'html' is not a diff format; choose text or md.\n")
    result = run_cli("diff", INJECTION, INJECTION, "--as-of-new", "24/01/2026")
    assert (result.code, result.err) == (
        2, "Error: --as-of-new: '24/01/2026' is not a date; use YYYY-MM-DD (for example "
           "2026-11-22).\n")


def test_a_fill_in_given_is_the_reason_for_what_it_changed(run_cli, tmp_path: Path) -> None:
    from .conftest import EXAMPLES

    stated = (EXAMPLES / "defense-contractor-cui-enclave.yaml").read_text()
    assert "cmmc_level: Level 2 (C3PAO)" in stated
    (tmp_path / "old.yaml").write_text(stated.replace("fill_ins:\n  cmmc_level: Level 2 (C3PAO)\n",
                                                      ""))
    (tmp_path / "new.yaml").write_text(stated)
    result = run_cli("diff", str(tmp_path / "old.yaml"), str(tmp_path / "new.yaml"),
                     "--as-of", "2026-11-27")
    assert result.code == 0
    given = ("the fill-in CMMC level required (DFARS 252.204-7025(b)(1)) is now given "
             "(Level 2 (C3PAO))")
    assert f"Answers changed: {given}\n" in result.out
    assert ("  ~ DOD-020 MUST (dod-cyber) CMMC status at the level the solicitation names\n"
            "      level SHOULD → MUST\n") in result.out
    assert result.out.count(f"      because {given}\n") == 2
    assert "pack was edited" not in result.out
