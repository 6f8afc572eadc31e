"""The catalogue of bad input: each case gets exit code 2, one or two exact lines, no traceback,
and nothing written. `{d}` in an expected message stands for the test's temporary folder."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

import pytest

from procure.model.answers import ANSWER_KEYS

from .conftest import EXAMPLES

GOOD = (EXAMPLES / "enterprise-sdwan.yaml").read_text()
PACK_HEAD = """schema: procure/pack@1
id: {pack_id}
title: A test pack
kind: policy
version: 1.0.0
reviewed_on: 2026-01-01
purpose: A pack written for the bad-input catalogue of procure's tests.
"""
REQUIREMENT = """requirements:
  - id: TST-001
    title: A requirement
    text: The vendor does one clearly stated and checkable thing for the buyer.
    level: SHOULD
    evidence: [A signed statement]
    authorities:
      - {id: omb-m-26-05, pinpoint: "§1"}
"""


def answers(replace: tuple[str, str] | None = None, extra: str = "") -> Callable[[Path], list[str]]:
    def setup(d: Path) -> list[str]:
        text = GOOD.replace(*replace) if replace else GOOD
        assert replace is None or replace[0] in GOOD
        (d / "answers.yaml").write_text(text + extra)
        return ["generate", str(d / "answers.yaml")]
    return setup


def raw(content: bytes, name: str = "answers.yaml") -> Callable[[Path], list[str]]:
    def setup(d: Path) -> list[str]:
        (d / name).write_bytes(content)
        return ["generate", str(d / name)]
    return setup


def pack(text: str, name: str = "ours.yaml") -> Callable[[Path], list[str]]:
    def setup(d: Path) -> list[str]:
        (d / "packs").mkdir()
        (d / "packs" / name).write_text(text)
        return ["generate", str(EXAMPLES / "enterprise-sdwan.yaml"), "--packs", str(d / "packs")]
    return setup


def registry(text: str) -> Callable[[Path], list[str]]:
    def setup(d: Path) -> list[str]:
        (d / "packs").mkdir()
        (d / "packs" / "authorities.yaml").write_text(text)
        return ["generate", str(EXAMPLES / "enterprise-sdwan.yaml"), "--packs", str(d / "packs")]
    return setup


def args(*given: str) -> Callable[[Path], list[str]]:
    def setup(d: Path) -> list[str]:
        return [part.format(d=d) for part in given]
    return setup


BILLION_LAUGHS = b"""a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]
"""
VALID_KEYS = f"Valid keys: {', '.join(ANSWER_KEYS)}."

CATALOGUE: list[tuple[str, Callable[[Path], list[str]], str]] = [
    # The file itself
    ("missing file", args("generate", "{d}/nope.yaml"),
     "{d}/nope.yaml: no such answers file; check the path."),
    ("a folder", args("generate", "{d}"), "{d}: is a folder; give the path of the answers file "
                                          "itself."),
    ("empty file", raw(b""), "{d}/answers.yaml: the answers file is empty."),
    ("only comments", raw(b"# nothing yet\n\n"), "{d}/answers.yaml: the answers file is empty."),
    ("binary file", raw(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"),
     "{d}/answers.yaml: is a binary file, not a YAML or JSON answers file."),
    ("not UTF-8", raw("organization: Bureau d'Études".encode("latin-1")),
     "{d}/answers.yaml: is not UTF-8 text (byte 23); save the answers file as UTF-8."),
    ("malformed YAML", raw(b"schema: procure/answers@1\nsector: [enterprise\n"),
     "{d}/answers.yaml: line 3, column 1: not valid YAML (expected ',' or ']', but got "
     "'<stream end>')."),
    ("tab indentation", raw(b"schema: procure/answers@1\n\tsector: enterprise\n"),
     "{d}/answers.yaml: line 2, column 1: not valid YAML (found character '\\t' that cannot "
     "start any token)."),
    ("malformed JSON", raw(b'{"schema": "procure/answers@1",}', "answers.json"),
     "{d}/answers.json: line 1, column 32: not valid JSON (Expecting property name enclosed in "
     "double quotes)."),
    ("billion laughs", raw(BILLION_LAUGHS),
     "{d}/answers.yaml: line 2: YAML aliases (*name) are not allowed; write the value out."),
    # libyaml's composer recurses in C: this depth crashed the process before the depth check.
    ("deep nesting", raw(b"organization: " + b"[" * 100_000 + b"]" * 100_000 + b"\n"),
     "{d}/answers.yaml: the YAML is nested more than 100 levels deep; no procure document needs "
     "that."),
    ("python object tag", raw(b"!!python/object/apply:os.system ['touch /tmp/pwned']\n"),
     "{d}/answers.yaml: line 1, column 1: not valid YAML (could not determine a constructor for "
     "the tag 'tag:yaml.org,2002:python/object/apply:os.system')."),
    ("duplicate key", answers(extra="sector: utility\n"),
     "{d}/answers.yaml: line 23: key 'sector' is given twice (first on line 6); keep one."),
    ("a list, not a mapping", raw(b"- sector\n- enterprise\n"),
     "{d}/answers.yaml: an answers file is a mapping of keys to values (got list); start from "
     "`procure interview` or an example."),
    ("a bare string", raw(b"enterprise\n"),
     "{d}/answers.yaml: an answers file is a mapping of keys to values (got str); start from "
     "`procure interview` or an example."),
    # Keys and values
    ("unknown key, near miss", answers(("cui: false", "cuii: false")),
     "{d}/answers.yaml: unknown key 'cuii'; did you mean 'cui'? " + VALID_KEYS),
    ("unknown key", answers(extra="favourite_colour: blue\n"),
     "{d}/answers.yaml: unknown key 'favourite_colour'. " + VALID_KEYS),
    ("unknown sector", answers(("sector: enterprise", "sector: hospital")),
     "{d}/answers.yaml: sector: 'hospital' is not a valid choice. Valid values: "
     "federal_civilian, defense, state_local, utility, carrier, cloud_provider, enterprise, "
     "research_education."),
    ("unknown equipment", answers(("[sd_wan,", "[sdwan,")),
     "{d}/answers.yaml: equipment.0: 'sdwan' is not a valid choice; did you mean 'sd_wan'? "
     "Valid values: optical_transport, ip_routing, dc_switching, ran, mobile_core, "
     "private_wireless, sd_wan, security_appliance, network_management, olt_ont, fiber_cable."),
    ("unknown funding", answers(("funding: [private]", "funding: [bonds]")),
     "{d}/answers.yaml: funding.0: 'bonds' is not a valid choice. Valid values: appropriated, "
     "bead, federal_grant, usf, ratepayer, private."),
    ("funding not a list", answers(("funding: [private]", "funding: private")),
     "{d}/answers.yaml: funding: 'private' is not a list; write [a, b] or one '- item' per "
     "line."),
    ("no equipment", answers(("equipment: [sd_wan, security_appliance, network_management]",
                              "equipment: []")),
     "{d}/answers.yaml: equipment: needs at least one item (got [])."),
    ("boolean as text", answers(("cui: false", "cui: perhaps")),
     "{d}/answers.yaml: cui: 'perhaps' is not yes or no; write true or false."),
    ("negative amount", answers(("contract_value_usd: 3200000", "contract_value_usd: -1")),
     "{d}/answers.yaml: contract_value_usd: must not be negative (got -1)."),
    ("amount with units", answers(("contract_value_usd: 3200000", "contract_value_usd: $3.2M")),
     "{d}/answers.yaml: contract_value_usd: '$3.2M' is not a number; write digits only, for "
     "example 2000000."),
    ("date in US format", answers(("award_date: 2027-02-15", "award_date: 02/15/2027")),
     "{d}/answers.yaml: award_date: '02/15/2027' is not a date; write it as YYYY-MM-DD, for "
     "example 2027-03-31."),
    ("impossible date", answers(("award_date: 2027-02-15", "award_date: 2027-02-30")),
     "{d}/answers.yaml: not valid YAML (day is out of range for month)."),
    ("year out of range", answers(("delivery_year: 2027", "delivery_year: 1999")),
     "{d}/answers.yaml: delivery_year: must be 2000 or more (got 1999)."),
    ("blank organization", answers(("organization: Example Retail Group", 'organization: " "')),
     "{d}/answers.yaml: organization: must not be blank (got ' ')."),
    ("missing required key", answers(("federal_status: none\n", "")),
     "{d}/answers.yaml: federal_status: is required."),
    ("no schema line", answers(("schema: procure/answers@1\n", "")),
     "{d}/answers.yaml: schema: is required."),
    ("future schema", answers(("procure/answers@1", "procure/answers@3")),
     "{d}/answers.yaml: schema: 'procure/answers@3' is not supported; it was written by a newer "
     "procure; upgrade procure or rewrite the file as 'procure/answers@1'."),
    ("repeated list value", answers(("funding: [private]", "funding: [private, private]")),
     "{d}/answers.yaml: funding: lists private more than once (got ['private', 'private'])."),
    # Custom packs
    ("packs folder missing", args("generate", str(EXAMPLES / "enterprise-sdwan.yaml"),
                                  "--packs", "{d}/none"),
     "{d}/none: no such packs folder; check --packs."),
    ("packs folder is a file", args("generate", str(EXAMPLES / "enterprise-sdwan.yaml"),
                                    "--packs", str(EXAMPLES / "enterprise-sdwan.yaml")),
     f"{EXAMPLES}/enterprise-sdwan.yaml: is a file; --packs takes a folder of *.yaml packs."),
    ("pack id of a built-in pack", pack(PACK_HEAD.format(pack_id="covered-equipment")
                                              + REQUIREMENT),
     "{d}/packs/ours.yaml: id: pack 'covered-equipment' is already defined in "),
    ("pack cites an unknown authority", pack(PACK_HEAD.format(pack_id="ours")
                                             + REQUIREMENT.replace("omb-m-26-05", "far-1.1")),
     "{d}/packs/ours.yaml: requirements[0] (TST-001).authorities[0]: unknown authority "
     "'far-1.1'; add it to authorities.yaml or correct the id (`procure packs lint` lists all)."),
    ("pack condition with an unknown operator",
     pack(PACK_HEAD.format(pack_id="ours") + "applies_when: {key: sector, is: utility}\n"
          + REQUIREMENT),
     "{d}/packs/ours.yaml: applies_when.is: unknown key"),
    ("pack condition that is not a mapping",
     pack(PACK_HEAD.format(pack_id="ours") + "applies_when: sector == 'utility'\n"
          + REQUIREMENT),
     "{d}/packs/ours.yaml: applies_when: a condition is a mapping with all, any, not or "
     "in_force, or with key and one operator (eq, ne, in, not_in, gt, gte, lt, lte, contains, "
     "contains_any, contains_all, is_set)"),
    ("pack requirement with an unknown key",
     pack(PACK_HEAD.format(pack_id="ours") + REQUIREMENT + "    severity: high\n"),
     "{d}/packs/ours.yaml: requirements[0].severity: unknown key"),
    ("pack with a bad level", pack(PACK_HEAD.format(pack_id="ours")
                                   + REQUIREMENT.replace("level: SHOULD", "level: SHALL")),
     "{d}/packs/ours.yaml: requirements[0].level"),
    ("pack from a future schema", pack(PACK_HEAD.replace("pack@1", "pack@2").format(
        pack_id="ours") + REQUIREMENT),
     "{d}/packs/ours.yaml: schema: 'procure/pack@2' is not supported; expected "
     "'procure/pack@1'."),
    ("pack that is not YAML", pack("id: [ours\n"),
     "{d}/packs/ours.yaml: line 2, column 1: not valid YAML (expected ',' or ']', but got "
     "'<stream end>')."),
    ("registry repeating a built-in authority", registry(
        "schema: procure/registry@1\nauthorities:\n  - id: omb-m-26-05\n    citation: M-26-05\n"
        "    title: Again\n    kind: omb_memo\n    url: https://example.gov/\n    source: test\n"
        "    timeline: [{date: 2026-01-23, status: effective}]\n"),
     "{d}/packs/authorities.yaml: (top level): duplicate authority id: omb-m-26-05"),
    # Options and output
    ("unknown format", args("generate", str(EXAMPLES / "enterprise-sdwan.yaml"), "--format",
                            "md,html"),
     "--format: 'html' is not a format; choose from md, json, pdf, docx, xlsx, csv "
     "(comma-separated)."),
    ("bad document date", args("generate", str(EXAMPLES / "enterprise-sdwan.yaml"), "--as-of",
                               "yesterday"),
     "--as-of: 'yesterday' is not a date; use YYYY-MM-DD (for example 2026-11-22)."),
    ("output folder is a file", args("generate", str(EXAMPLES / "enterprise-sdwan.yaml"),
                                     "--out", str(EXAMPLES / "enterprise-sdwan.yaml")),
     f"{EXAMPLES}/enterprise-sdwan.yaml: is a file, not a folder; give --out a folder."),
    ("output folder cannot be created", args("generate", str(EXAMPLES / "enterprise-sdwan.yaml"),
                                             "--out", "/proc/procure-out"),
     "/proc/procure-out: cannot create the output folder (No such file or directory)."),
]


@pytest.mark.parametrize(("setup", "expected"), [(case[1], case[2]) for case in CATALOGUE],
                         ids=[case[0] for case in CATALOGUE])
def test_bad_input_is_explained_and_writes_nothing(
    run_cli, tmp_path: Path, setup: Callable[[Path], list[str]], expected: str
) -> None:
    given = setup(tmp_path)
    if "--out" not in given:
        given += ["--out", str(tmp_path / "out")]
    result = run_cli(*given)
    assert result.code == 2, result.err
    message = expected.format(d=tmp_path) if "{d}" in expected else expected
    assert result.err.startswith(f"Error: {message}"), result.err
    assert len(result.err.strip().splitlines()) <= 2
    assert "Traceback" not in result.err
    assert not (tmp_path / "out").exists()


def test_the_catalogue_is_at_least_forty_cases() -> None:
    assert len(CATALOGUE) >= 40


def test_a_100_mb_file_is_refused_at_once_without_reading_it(run_cli, tmp_path: Path) -> None:
    big = tmp_path / "answers.yaml"
    with big.open("wb") as handle:
        handle.truncate(100 * 1024 * 1024)
    started = time.perf_counter()
    result = run_cli("generate", str(big), "--out", str(tmp_path / "out"))
    assert time.perf_counter() - started < 2
    assert (result.code, result.err) == (
        2, f"Error: {big}: the answers file is 104,857,600 bytes; procure reads at most "
           "1,048,576 bytes.\n")


def test_an_output_folder_that_is_a_symlink_is_refused(run_cli, tmp_path: Path) -> None:
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    link = tmp_path / "out-link"
    link.symlink_to(outside)
    result = run_cli("generate", str(EXAMPLES / "enterprise-sdwan.yaml"), "--out", str(link))
    assert (result.code, result.err) == (
        2, f"Error: {link}: is a symbolic link; give --out a real folder.\n")
    assert list(outside.iterdir()) == []


def test_an_output_file_that_is_a_symlink_is_not_followed(run_cli, tmp_path: Path) -> None:
    target = tmp_path / "precious.txt"
    target.write_text("do not touch")
    out = tmp_path / "out"
    out.mkdir()
    (out / "checklist.md").symlink_to(target)
    result = run_cli("generate", str(EXAMPLES / "enterprise-sdwan.yaml"), "--out", str(out),
                     "--force")
    assert (result.code, result.err) == (
        2, f"Error: {out}/checklist.md: is not a regular file; remove it or choose another "
           "--out.\n")
    assert target.read_text() == "do not touch"
