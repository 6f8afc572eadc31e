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
    assert result.err == (f"Error: {tmp_path}: checklist.md already exists; pass --force to "
                          "replace it or choose another --out.\n")
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
         "state-agency-cyber-grant, utility-nerc-private-lte.\n"),
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
        (["packs", "show", "pqx"], "Error: packs show: 'pqx' is neither a pack nor a "
                                   "requirement id; did you mean 'pqc'? See `procure packs "
                                   "list`.\n"),
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
    result = run_cli("packs", "lint", str(DATA / "bad-packs"), "--as-of", "2026-11-27")
    assert result.code == 2
    broken = f"{DATA}/bad-packs/broken.yaml"
    no_evidence = f"{DATA}/bad-packs/no-evidence.yaml"
    assert result.err.splitlines() == [
        f"{no_evidence}: requirements[0] (NEV-001).evidence: needs at least one item",
        f"{no_evidence}: requirements[0] (NEV-001).authorities: needs at least one item",
        f"{broken}: reviewed_on: 2099-01-01 is in the future (today is 2026-11-27)",
        f"{broken}: applies_when: condition on unknown key 'sectr'; did you mean 'sector'?",
        f"{broken}: requirements[2] (BRK-003).when: 'hospital' is not a valid value of sector "
        "(valid: federal_civilian, defense, state_local, utility, carrier, cloud_provider, "
        "enterprise, research_education)",
        f"{broken}: requirements[0] (BRK-001).authorities[0]: unknown authority 'far-99.999-99'",
        f"{broken}: requirements[1] (BRK-001).id: duplicate requirement id 'BRK-001' (also in "
        f"{broken})",
        f"{broken}: requirements[3] (BRK-004).level: can be MUST but rests only on authorities "
        "that are not in force on 2026-11-27: omb-m-22-18 (rescinded)",
        "8 problems found.",
    ]


def test_lint_reports_schema_errors_and_every_other_problem_in_one_pass(run_cli) -> None:
    folder = DATA / "lint-one-pass"
    result = run_cli("packs", "lint", str(folder), "--as-of", "2026-11-27")
    assert result.code == 2
    alpha, beta = f"{folder}/alpha.yaml", f"{folder}/beta.yaml"
    assert result.err.splitlines() == [
        f"{folder}/authorities.yaml: authorities[1] (org-policy-2).url: Input should be a valid "
        "URL, relative URL without a base",
        f"{alpha}: kind: Input should be 'legal', 'policy' or 'technology' (got 'procedure')",
        f"{alpha}: requirements[1] (ALP-002).text: Field required",
        f"{alpha}: reviewed_on: 2099-01-01 is in the future (today is 2026-11-27)",
        f"{alpha}: applies_when: condition on unknown key 'sectr'; did you mean 'sector'?",
        f"{alpha}: requirements[0] (ALP-001).authorities[0]: unknown authority 'org-policy-9'",
        f"{beta}: requirements[0] (ALP-001).when: 'toaster' is not a valid value of equipment "
        "(valid: optical_transport, ip_routing, dc_switching, ran, mobile_core, "
        "private_wireless, sd_wan, security_appliance, network_management, olt_ont, "
        "fiber_cable)",
        f"{beta}: requirements[0] (ALP-001).id: duplicate requirement id 'ALP-001' (also in "
        f"{alpha})",
        "8 problems found.",
    ]


def test_lint_goes_on_when_a_file_cannot_be_read(run_cli, tmp_path: Path) -> None:
    (tmp_path / "authorities.yaml").write_text("schema: procure/registry@1\nauthorities: [\n")
    (tmp_path / "beta.yaml").write_text((DATA / "lint-one-pass" / "beta.yaml").read_text())
    (tmp_path / "gamma.yaml").write_text("- just\n- a list\n")
    result = run_cli("packs", "lint", str(tmp_path), "--as-of", "2026-11-27")
    lines = result.err.splitlines()
    assert lines[0].startswith(f"{tmp_path}/authorities.yaml: line 3, column 1: not valid YAML")
    assert lines[1:] == [
        f"{tmp_path}/gamma.yaml: (top level): a mapping of keys to values is expected, not list",
        f"{tmp_path}/beta.yaml: requirements[0] (ALP-001).when: 'toaster' is not a valid value "
        "of equipment (valid: optical_transport, ip_routing, dc_switching, ran, mobile_core, "
        "private_wireless, sd_wan, security_appliance, network_management, olt_ont, "
        "fiber_cable)",
        f"{tmp_path}/beta.yaml: requirements[0] (ALP-001).authorities[0]: unknown authority "
        "'org-policy-1'",
        "4 problems found.",
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
            "Secure development attestation on\n        request") in result.out
    assert "Applies when: equipment includes any of ip_routing, sd_wan" in result.out
    assert "ORG-002 [MUST] Software inventory kept by the buyer\n    when: federal_status is " \
           "agency\n" in result.out
    assert "    cites OMB M-22-18, §II (attestation requirement)" in result.out


def test_packs_show_gives_each_requirement_text_and_evidence(run_cli) -> None:
    result = run_cli("packs", "show", "org-security-baseline", "--packs", str(DATA / "good-packs"))
    assert result.out.splitlines()[6:16] == [
        "ORG-001 [SHOULD when federal_status is agency; otherwise MAY] Secure development "
        "attestation on",
        "        request",
        "    The vendor provides, on request, a secure software development attestation for the "
        "firmware and",
        "    management software it delivers.",
        "    evidence:",
        "    • Completed secure software development attestation form, signed by an officer",
        "    cites OMB M-26-05, agencies may require the form on risk",
        "    cites OMB M-22-18, §II (attestation requirement)",
        "",
        "ORG-002 [MUST] Software inventory kept by the buyer",
    ]
    assert result.out.endswith("\n2 requirements.\n")


def test_packs_show_a_requirement_alone_and_as_json(run_cli) -> None:
    text = run_cli("packs", "show", "PQC-007")
    assert text.code == 0
    lines = text.out.splitlines()
    assert lines[0].startswith("pqc ") and lines[2].startswith("PQC-007 [")
    assert "ML-DSA (FIPS 204)" in text.out
    data = json.loads(run_cli("packs", "show", "PQC-007", "--json").out)
    assert (data["pack"], data["id"]) == ("pqc", "PQC-007")
    assert "ML-DSA (FIPS 204)" in data["text"]
    assert data["level_text"].startswith("MUST when federal_status is agency")
    assert all({"id", "pinpoint", "citation", "title", "url"} <= set(cite)
               for cite in data["authorities"])
    pack = json.loads(run_cli("packs", "show", "pqc", "--json").out)
    assert pack["id"] == "pqc" and pack["schema"] == "procure/pack@1"
    assert "PQC-007" in [requirement["id"] for requirement in pack["requirements"]]
    assert all(requirement["text"] and requirement["evidence"]
               for requirement in pack["requirements"])


def test_packs_show_keeps_control_characters_off_the_terminal(run_cli, tmp_path: Path) -> None:
    pack = (DATA / "good-packs" / "org-security-baseline.yaml").read_text()
    (tmp_path / "org.yaml").write_text(pack.replace(
        "title: Secure development attestation on request",
        'title: "Attestation \\e[31mred\\a on request"'))
    result = run_cli("packs", "show", "org-security-baseline", "--packs", str(tmp_path))
    # A pack with control characters is refused when it is read, before anything is shown.
    assert result.code == 2
    assert result.err == (f"Error: {tmp_path}/org.yaml: requirements[0].title: contains the "
                          "control character U+001B; remove it.\n")
    assert "\x1b" not in result.out + result.err and "\x07" not in result.out + result.err


@pytest.mark.parametrize(("command", "typed", "meant"), [
    (["explain", FEDERAL], "pqc-007", "PQC-007"),
    (["explain", FEDERAL], "PQC-7", "PQC-007"),
    (["explain", FEDERAL], "Domestic-Sourcing", "domestic-sourcing"),
    (["packs", "show"], "PQC", "pqc"),
    (["packs", "show"], "pqc-7", "PQC-007"),
    (["packs", "show"], "zt-07", "ZT-007"),
])
def test_ids_are_suggested_whatever_their_case_and_number(run_cli, command: list[str],
                                                          typed: str, meant: str) -> None:
    result = run_cli(*command, typed)
    assert result.code == 2
    assert f"'{typed}' is neither a pack nor a requirement id; did you mean '{meant}'?" \
        in result.err


def test_the_packs_table_in_the_docs_is_current(run_cli) -> None:
    result = run_cli("packs", "list", "--markdown")
    assert result.code == 0
    assert result.out in (ROOT / "README.md").read_text(), (
        "README's packs table is stale: paste `procure packs list --markdown` into it")


def test_readme_commands_are_the_ci_commands() -> None:
    ci = (ROOT / ".ci" / "run").read_text().strip().splitlines()[-1]
    assert f"\n{ci}\n" in (ROOT / "README.md").read_text()


def test_lint_refuses_a_circle_of_supersessions(run_cli) -> None:
    result = run_cli("packs", "lint", str(DATA / "cycle-packs"), "--as-of", "2026-11-27")
    assert (result.code, result.err) == (2, (
        f"{DATA}/cycle-packs/authorities.yaml: authorities (test-memo-a → test-memo-b → "
        "test-memo-a): rescinded or superseded in a circle; one of them must be the last word\n"
        "1 problem found.\n"))


COPY_ADVICE = ("but a packs folder adds to the built-in packs: keep only your own packs and "
               "registry entries there (give a changed built-in pack `overrides: ID` and a new "
               "version), or check a complete copy by itself with `procure packs lint DIR "
               "--alone`")


def test_a_copy_of_the_built_in_packs_is_one_problem_and_lints_alone(
        run_cli, tmp_path: Path) -> None:
    import shutil

    copy = tmp_path / "copy"
    shutil.copytree(ROOT / "requirement_packs", copy)
    result = run_cli("packs", "lint", str(copy), "--as-of", "2026-11-27")
    assert result.code == 2
    lines = result.err.splitlines()
    assert len(lines) == 2 and lines[1] == "1 problem found."
    assert lines[0].startswith(f"{copy}: (folder): holds 19 packs and ")
    assert lines[0].endswith(COPY_ADVICE)
    alone = run_cli("packs", "lint", str(copy), "--alone", "--as-of", "2026-11-27")
    assert (alone.code, alone.err) == (0, "")
    assert alone.out.startswith("19 packs, ")
    (copy / "energy-efficiency.yaml").write_text(
        (copy / "energy-efficiency.yaml").read_text().replace("id: EE-002", "id: EE-001"))
    broken = run_cli("packs", "lint", str(copy), "--alone", "--as-of", "2026-11-27")
    assert broken.code == 2
    assert "duplicate requirement id 'EE-001'" in broken.err
    generate = run_cli("generate", "--example", "enterprise-sdwan", "--packs", str(copy), "-o",
                       str(tmp_path / "out"))
    assert generate.code == 2
    assert generate.err.startswith(f"Error: {copy}: (folder): holds 19 packs and ")
    assert not (tmp_path / "out").exists()


def test_two_copied_packs_are_one_problem_and_one_copy_is_named_as_before(
        run_cli, tmp_path: Path) -> None:
    for name in ("energy-efficiency", "optical-transport"):
        (tmp_path / f"{name}.yaml").write_text(
            (ROOT / "requirement_packs" / f"{name}.yaml").read_text())
    result = run_cli("packs", "lint", str(tmp_path), "--as-of", "2026-11-27")
    assert result.err == (f"{tmp_path}: (folder): holds 2 packs with built-in ids "
                          f"(energy-efficiency, optical-transport), {COPY_ADVICE}\n"
                          "1 problem found.\n")
    (tmp_path / "optical-transport.yaml").unlink()
    single = run_cli("packs", "lint", str(tmp_path), "--as-of", "2026-11-27")
    assert single.err.splitlines()[0] == (
        f"{tmp_path / 'energy-efficiency.yaml'}: id: pack 'energy-efficiency' is already "
        f"defined in {ROOT / 'requirement_packs' / 'energy-efficiency.yaml'}")


def test_alone_needs_a_folder(run_cli) -> None:
    result = run_cli("packs", "lint", "--alone")
    assert (result.code, result.err) == (
        2, "Error: --alone: give the folder to check by itself, for example `procure packs lint "
           "./our-packs --alone`.\n")


def test_a_registry_source_must_be_one_a_reader_can_follow(run_cli, tmp_path: Path) -> None:
    (tmp_path / "authorities.yaml").write_text(
        "schema: procure/registry@1\nauthorities:\n"
        "  - id: our-policy\n    citation: Our policy 7\n    title: Network policy\n"
        "    kind: guidance\n    url: https://example.gov/policy\n    verification: secondary\n"
        "    source: 'search: from general knowledge'\n"
        "    timeline:\n      - {date: 2020-01-01, status: published}\n")
    result = run_cli("packs", "lint", str(tmp_path), "--as-of", "2026-11-27")
    assert result.code == 2
    assert result.err.splitlines()[0] == (
        f"{tmp_path / 'authorities.yaml'}: authorities[0] (our-policy).source: 'search:' is a "
        "working note, not a source a reader can follow")
