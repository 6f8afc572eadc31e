"""The CLI end to end (in-process, through the real entry point): outputs, errors, help."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from procure import __version__

from .conftest import EXAMPLES, ROOT

DATA = Path(__file__).parent / "data"
FEDERAL = str(EXAMPLES / "federal-civilian-400zr.yaml")


def test_generate_example_writes_markdown_and_json(run_cli, tmp_path: Path) -> None:
    result = run_cli("generate", "--example", "federal-civilian-400zr", "--out", str(tmp_path),
                     "--as-of", "2026-11-22")
    assert result.code == 0, result.err
    assert result.out == f"wrote {tmp_path}/checklist.md\nwrote {tmp_path}/checklist.json\n"
    markdown = (tmp_path / "checklist.md").read_text()
    assert markdown.startswith("# Requirements checklist: Metro optical transport refresh "
                               "(400ZR)\n")
    assert "| Document date | 2026-11-22 |" in markdown
    data = json.loads((tmp_path / "checklist.json").read_text())
    assert list(data) == ["schema", "as_of", "generator", "inputs_sha256", "edition", "answers",
                          "profile",
                          "warnings", "thresholds", "packs",
                          "excluded_packs", "requirements", "excluded_requirements",
                          "counsel_points", "deadlines", "authority_register", "tailoring"]
    assert data["schema"] == "procure/checklist@1"
    assert data["generator"] == {"name": "procure", "version": __version__}
    assert data["answers"]["organization"] == "Department of Example Affairs, Office of the CIO"


def test_identical_inputs_give_byte_identical_files(run_cli, tmp_path: Path) -> None:
    for name in ("a", "b"):
        assert run_cli("generate", FEDERAL, "--out", str(tmp_path / name),
                       "--as-of", "2026-11-22").code == 0
    for file in ("checklist.md", "checklist.json"):
        assert (tmp_path / "a" / file).read_bytes() == (tmp_path / "b" / file).read_bytes()


def test_the_input_hash_changes_with_the_answers_and_the_date(checklist_of) -> None:
    import datetime as dt

    first = checklist_of("federal-civilian-400zr").inputs_sha256
    assert first != checklist_of("enterprise-sdwan").inputs_sha256
    assert first != checklist_of("federal-civilian-400zr", dt.date(2026, 11, 23)).inputs_sha256
    assert len(first) == 64


def test_existing_outputs_are_kept_unless_forced(run_cli, tmp_path: Path) -> None:
    (tmp_path / "checklist.md").write_text("keep me")
    result = run_cli("generate", FEDERAL, "--out", str(tmp_path))
    assert result.code == 2
    assert result.err == (f"Error: {tmp_path}: checklist.md already exist; pass --force to "
                          "replace them or choose another --out.\n")
    assert (tmp_path / "checklist.md").read_text() == "keep me"
    assert not (tmp_path / "checklist.json").exists()
    assert run_cli("generate", FEDERAL, "--out", str(tmp_path), "--force").code == 0
    assert (tmp_path / "checklist.md").read_text().startswith("# Requirements checklist")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["generate"], "Error: generate: give an answers file or --example NAME (one of them); "
                       "see `procure generate --help`.\n"),
        (["generate", "--example", "nope"],
         "Error: --example: no example 'nope'; choose from bead-subgrantee-fiber, "
         "carrier-usf-oran, cloud-provider-dci, defense-contractor-cui-enclave, "
         "dod-nss-ip-optical, enterprise-sdwan, federal-civilian-400zr, "
         "utility-nerc-private-lte.\n"),
        (["generate", FEDERAL, "--format", "md,odt"],
         "Error: --format: 'odt' is not a format; choose from md, json, pdf, docx, xlsx, csv "
         "(comma-separated).\n"),
        (["generate", FEDERAL, "--edition", "vendor"],
         "Error: --edition: 'vendor' is not an edition; choose review (for counsel) or rfp (the "
         "attachment for vendors).\n"),
        (["generate", FEDERAL, "--format", "md", "--docx-template", "agency.docx"],
         "Error: --docx-template: it styles the Word checklist; add docx to --format (for "
         "example --format md,docx).\n"),
        (["generate", FEDERAL, "--as-of", "22/11/2026"],
         "Error: --as-of: '22/11/2026' is not a date; use YYYY-MM-DD (for example 2026-11-22).\n"),
        (["generate", FEDERAL, "--packs", "/nonexistent/packs"],
         "Error: /nonexistent/packs: no such packs folder; check --packs.\n"),
        (["explain", FEDERAL, "NOPE-999"],
         "Error: 'NOPE-999' is neither a pack nor a requirement id. See `procure packs list`.\n"),
        (["packs", "show", "pqx"], "Error: packs show: no pack 'pqx'"),
        (["frobnicate"], "Error: No such command 'frobnicate'."),
    ],
)
def test_usage_errors_exit_2_with_one_message(run_cli, tmp_path: Path, args: list[str],
                                              message: str) -> None:
    result = run_cli(*args, "--out", str(tmp_path / "out")) if args[0] == "generate" \
        else run_cli(*args)
    assert result.code == 2
    assert result.err.startswith(message)
    assert "Traceback" not in result.err
    assert not (tmp_path / "out").exists()


def test_malformed_answers_exit_2_and_write_nothing(run_cli, tmp_path: Path) -> None:
    bad = tmp_path / "answers.yaml"
    bad.write_text((EXAMPLES / "enterprise-sdwan.yaml").read_text().replace(
        "zero_trust_target: initial", "zero_trust_target: maximal"))
    result = run_cli("generate", str(bad), "--out", str(tmp_path / "out"))
    assert result.code == 2
    assert result.err == (f"Error: {bad}: zero_trust_target: 'maximal' is not a valid choice. "
                          "Valid values: traditional, initial, advanced, optimal.\n")
    assert not (tmp_path / "out").exists()


def test_output_folder_that_is_a_file_is_refused(run_cli, tmp_path: Path) -> None:
    target = tmp_path / "report"
    target.write_text("")
    result = run_cli("generate", FEDERAL, "--out", str(target))
    assert (result.code, result.err) == (2, f"Error: {target}: is a file, not a folder; give "
                                            "--out a folder.\n")


def test_version_and_help_on_every_command(run_cli) -> None:
    assert run_cli("--version").out == f"procure {__version__}\n"
    top = run_cli("--help")
    assert top.code == 0
    for command in ("generate", "explain", "packs"):
        assert command in top.out
    for args in (["generate"], ["explain"], ["packs"], ["packs", "list"], ["packs", "show"],
                 ["packs", "lint"]):
        result = run_cli(*args, "--help")
        assert result.code == 0, args
        assert "Usage: procure" in result.out
        if args[-1] not in ("packs",):
            assert "Example" in result.out, args


def test_lint_reports_every_problem_with_file_and_location(run_cli) -> None:
    result = run_cli("packs", "lint", str(DATA / "bad-packs"), "--as-of", "2026-11-22")
    assert result.code == 2
    broken = f"{DATA}/bad-packs/broken.yaml"
    no_evidence = f"{DATA}/bad-packs/no-evidence.yaml"
    assert result.err.splitlines() == [
        f"{no_evidence}: requirements[0].evidence: needs at least one item",
        f"{no_evidence}: requirements[0].authorities: needs at least one item",
        f"{broken}: reviewed_on: 2099-01-01 is in the future (today is 2026-11-22)",
        f"{broken}: applies_when: condition on unknown key 'sectr'; did you mean 'sector'?",
        f"{broken}: requirements[2] (BRK-003).when: 'hospital' is not a valid value of sector "
        "(valid: federal_civilian, defense, state_local, utility, carrier, cloud_provider, "
        "enterprise, research_education)",
        f"{broken}: requirements[0] (BRK-001).authorities[0]: unknown authority 'far-99.999-99'",
        f"{broken}: requirements[1] (BRK-001).id: duplicate requirement id 'BRK-001' (also in "
        f"{broken})",
        f"{broken}: requirements[3] (BRK-004).level: can be MUST but rests only on authorities "
        "that are not in force on 2026-11-22: omb-m-22-18 (rescinded)",
        "8 problems found.",
    ]


def test_bundled_packs_lint_clean(run_cli) -> None:
    result = run_cli("packs", "lint")
    assert result.code == 0, result.err
    assert result.out.endswith("authorities: no problems.\n")


def test_custom_packs_join_the_built_in_ones(run_cli, tmp_path: Path) -> None:
    listing = run_cli("packs", "list", "--packs", str(DATA / "good-packs"))
    row = next(line for line in listing.out.splitlines() if line.startswith("org-security"))
    assert row.split(maxsplit=5) == ["org-security-baseline", "policy", "1.2.0", "2026-10-01",
                                     "2", "Example organisation security baseline"]
    result = run_cli("generate", str(EXAMPLES / "enterprise-sdwan.yaml"), "--packs",
                     str(DATA / "good-packs"), "--out", str(tmp_path), "--as-of", "2026-11-22")
    assert result.code == 0, result.err
    data = json.loads((tmp_path / "checklist.json").read_text())
    ours = [r for r in data["requirements"] if r["pack"] == "org-security-baseline"]
    assert [(r["id"], r["level"]) for r in ours] == [("ORG-001", "MAY")]
    assert [r for r in data["excluded_requirements"] if r["pack"] == "org-security-baseline"] == [{
        "id": "ORG-002", "pack": "org-security-baseline",
        "title": "Software inventory kept by the buyer",
        "why": "excluded: no federal contract, grant or loan is involved"}]


def test_packs_show_lists_levels_and_citations(run_cli) -> None:
    result = run_cli("packs", "show", "org-security-baseline", "--packs", str(DATA / "good-packs"))
    assert result.code == 0
    assert result.out.splitlines()[0] == ("org-security-baseline 1.2.0 (policy, reviewed "
                                          "2026-10-01): Example organisation security baseline")
    assert ("ORG-001 [SHOULD when federal_status is agency; otherwise MAY] "
            "Secure development attestation on request") in result.out
    assert "Applies when: equipment includes any of ip_routing, sd_wan" in result.out
    assert "ORG-002 [MUST] Software inventory kept by the buyer\n    when: federal_status is " \
           "agency\n" in result.out
    assert "    cites OMB M-22-18, §II (attestation requirement)" in result.out


def test_the_packs_table_in_the_docs_is_current(run_cli) -> None:
    result = run_cli("packs", "list", "--markdown")
    assert result.code == 0
    assert result.out in (ROOT / "README.md").read_text(), (
        "README's packs table is stale: paste `procure packs list --markdown` into it")


def test_readme_commands_are_the_ci_commands() -> None:
    ci = (ROOT / ".ci" / "run").read_text().strip().splitlines()[-1]
    assert f"\n{ci}\n" in (ROOT / "README.md").read_text()


def test_lint_refuses_a_circle_of_supersessions(run_cli) -> None:
    result = run_cli("packs", "lint", str(DATA / "cycle-packs"), "--as-of", "2026-11-22")
    assert (result.code, result.err) == (2, (
        f"{DATA}/cycle-packs/authorities.yaml: authorities (test-memo-a → test-memo-b → "
        "test-memo-a): rescinded or superseded in a circle; one of them must be the last word\n"
        "1 problem found.\n"))
