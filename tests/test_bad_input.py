"""The catalogue of bad input: each case gets exit code 2, one or two exact lines, no traceback,
and nothing written. `{d}` in an expected message stands for the test's temporary folder."""

from __future__ import annotations

import functools
import io
import json
import os
import time
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from procure.model.answers import ANSWER_KEYS

from .conftest import AS_OF, EXAMPLES, ROOT

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
     "{d}/answers.yaml: line 24: key 'sector' is given twice (first on line 7); keep one."),
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
     "'far-1.1'; add it to authorities.yaml or correct the id.\n"),
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
     "{d}/packs/ours.yaml: requirements[0] (TST-001).severity: unknown key"),
    ("pack with a bad level", pack(PACK_HEAD.format(pack_id="ours")
                                   + REQUIREMENT.replace("level: SHOULD", "level: SHALL")),
     "{d}/packs/ours.yaml: requirements[0] (TST-001).level"),
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


# Round two (issue 17): what a second attack found, fixed where each class arises.
def text_file(content: str, name: str = "answers.yaml") -> Callable[[Path], list[str]]:
    def setup(d: Path) -> list[str]:
        (d / name).write_text(content, encoding="utf-8")
        return ["generate", str(d / name)]
    return setup


def fifo(name: str = "answers.yaml") -> Callable[[Path], list[str]]:
    def setup(d: Path) -> list[str]:
        os.mkfifo(d / name)
        return ["generate", str(d / name)]
    return setup


def pack_folder(files: dict[str, str], fifos: tuple[str, ...] = ()) -> Callable[[Path], list[str]]:
    def setup(d: Path) -> list[str]:
        (d / "packs").mkdir()
        for name, text in files.items():
            (d / "packs" / name).write_text(text, encoding="utf-8")
        for name in fifos:
            os.mkfifo(d / "packs" / name)
        return ["generate", str(EXAMPLES / "enterprise-sdwan.yaml"), "--packs", str(d / "packs")]
    return setup


def ours(requirement: str = REQUIREMENT, head: str = "", pack_id: str = "ours") -> str:
    return PACK_HEAD.format(pack_id=pack_id) + head + requirement


AUTHORITY = """schema: procure/registry@1
authorities:
  - id: our-policy
    citation: Our policy 1
    title: Our own network policy
    kind: omb_memo
    binds: [federal-agency]
    url: https://example.gov/policy
    source: test
    timeline: [{timeline}]
"""


@functools.lru_cache(maxsize=1)
def _generated() -> dict[str, bytes]:
    """A real checklist.json, response-matrix.csv and .xlsx of a bundled example."""
    from procure.pipeline import checklist_for, render

    checklist, _ = checklist_for(EXAMPLES / "enterprise-sdwan.yaml", AS_OF)
    return render(checklist, ["json", "csv", "xlsx"])


def score(make: Callable[[Path], list[str]]) -> Callable[[Path], list[str]]:
    """`procure score` of the files `make` writes, with the checklist they came from."""
    def setup(d: Path) -> list[str]:
        (d / "checklist.json").write_bytes(_generated()["checklist.json"])
        return ["score", *make(d), "--checklist", str(d / "checklist.json")]
    return setup


def returned(name: str, content: bytes) -> Callable[[Path], list[str]]:
    def make(d: Path) -> list[str]:
        (d / name).write_bytes(content)
        return [str(d / name)]
    return make


def csv_matrix() -> bytes:
    return _generated()["response-matrix.csv"]


def xlsx_with(parts: dict[str, bytes]) -> bytes:
    """The generated workbook with some parts replaced or added."""
    with zipfile.ZipFile(io.BytesIO(_generated()["response-matrix.xlsx"])) as archive:
        entries = {name: archive.read(name) for name in archive.namelist()}
    entries.update(parts)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def many_shared_strings() -> bytes:
    count = 300_000
    strings = (b'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats'
               b'.org/spreadsheetml/2006/main" count="1" uniqueCount="1">'
               + b"<si><t>a</t></si>" * count + b"</sst>")
    return xlsx_with({"xl/sharedStrings.xml": strings})


def many_prefixed_shared_strings() -> bytes:
    strings = (b'<x:sst xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
               + b'<x:si><x:t xml:space="preserve">a</x:t></x:si>' * 250_000 + b"</x:sst>")
    return xlsx_with({"xl/sharedStrings.xml": strings})


def many_rows() -> bytes:
    with zipfile.ZipFile(io.BytesIO(_generated()["response-matrix.xlsx"])) as archive:
        sheet = archive.read("xl/worksheets/sheet2.xml")
    # One cell far down: the reader yields every row up to it, so the count must stop it.
    rows = b'<row r="1000000"><c r="A1000000" t="inlineStr"><is><t>X</t></is></c></row>'

    return xlsx_with({"xl/worksheets/sheet2.xml": sheet.replace(b"</sheetData>",
                                                                 rows + b"</sheetData>")})


def same_file_twice(d: Path) -> list[str]:
    (d / "acme.csv").write_bytes(csv_matrix())
    return [str(d / "acme.csv"), str(d / "." / "acme.csv")]


def linked_twice(d: Path) -> list[str]:
    (d / "a.csv").write_bytes(csv_matrix())
    (d / "b.csv").hardlink_to(d / "a.csv")
    return [str(d / "a.csv"), str(d / "b.csv")]


def copies(d: Path) -> list[str]:
    (d / "acme.csv").write_bytes(csv_matrix())
    (d / "beta.csv").write_bytes(csv_matrix())
    return [str(d / "acme.csv"), str(d / "beta.csv")]


def returned_fifo(d: Path) -> list[str]:
    os.mkfifo(d / "acme.csv")
    return [str(d / "acme.csv")]


def diff_of(old: Callable[[dict[str, Any]], None]) -> Callable[[Path], list[str]]:
    """`procure diff` of a generated checklist.json and a copy edited by `old`."""
    def setup(d: Path) -> list[str]:
        data = json.loads(_generated()["checklist.json"])
        old(data)
        (d / "old.json").write_text(json.dumps(data), encoding="utf-8")
        (d / "new.json").write_bytes(_generated()["checklist.json"])
        return ["diff", str(d / "old.json"), str(d / "new.json"), "--out", str(d / "out" / "d.md")]
    return setup


def _surrogate_title(data: dict[str, Any]) -> None:
    data["requirements"][0]["title"] = "Half \ud800 a character"


def _replace(old: str, new: str) -> tuple[str, str]:
    return (old, new)


SANDBOX = "{d}/answers.yaml"
RANGE = "is outside the years procure works with (1990 to 2100); give a date in that range."
FINITE = "is not a finite number; write digits only, for example 2000000."

ROUND_TWO: list[tuple[str, Callable[[Path], list[str]], str]] = [
    # Numbers that are not amounts
    ("amount .nan", answers(_replace("contract_value_usd: 3200000", "contract_value_usd: .nan")),
     f"{SANDBOX}: contract_value_usd: .nan {FINITE}\n"),
    ("amount .inf", answers(_replace("contract_value_usd: 3200000", "contract_value_usd: .inf")),
     f"{SANDBOX}: contract_value_usd: .inf {FINITE}\n"),
    ("amount -.inf", answers(_replace("contract_value_usd: 3200000",
                                      "contract_value_usd: -.inf")),
     f"{SANDBOX}: contract_value_usd: -.inf {FINITE}\n"),
    ("amount 'nan' as text", answers(_replace("contract_value_usd: 3200000",
                                              'contract_value_usd: "nan"')),
     f"{SANDBOX}: contract_value_usd: 'nan' {FINITE}\n"),
    ("amount that overflows", answers(_replace("contract_value_usd: 3200000",
                                               "contract_value_usd: 1e400")),
     f"{SANDBOX}: contract_value_usd: '1e400' {FINITE}\n"),
    # Dates at the edges of the calendar
    ("award date in year 1", answers(_replace("award_date: 2027-02-15", "award_date: 0001-01-01")),
     f"{SANDBOX}: award_date: 0001-01-01 {RANGE}\n"),
    ("award date in 1900", answers(_replace("award_date: 2027-02-15", "award_date: 1900-06-30")),
     f"{SANDBOX}: award_date: 1900-06-30 {RANGE}\n"),
    ("award date the day before 1990", answers(_replace("award_date: 2027-02-15",
                                                        "award_date: 1989-12-31")),
     f"{SANDBOX}: award_date: 1989-12-31 {RANGE}\n"),
    ("award date in 2101", answers(_replace("award_date: 2027-02-15", "award_date: 2101-01-01")),
     f"{SANDBOX}: award_date: 2101-01-01 {RANGE}\n"),
    ("award date in 9999, quoted", answers(_replace("award_date: 2027-02-15",
                                                    'award_date: "9999-12-31"')),
     f"{SANDBOX}: award_date: 9999-12-31 {RANGE}\n"),
    ("document date in 1989", args("generate", str(EXAMPLES / "enterprise-sdwan.yaml"),
                                   "--as-of", "1989-12-31"),
     f"--as-of: 1989-12-31 {RANGE}\n"),
    ("document date in year 1", args("generate", str(EXAMPLES / "enterprise-sdwan.yaml"),
                                     "--as-of", "0001-01-01"),
     f"--as-of: 0001-01-01 {RANGE}\n"),
    ("document date in 2101", args("generate", str(EXAMPLES / "enterprise-sdwan.yaml"),
                                   "--as-of", "2101-01-01"),
     f"--as-of: 2101-01-01 {RANGE}\n"),
    # Characters that run on a terminal or disguise text
    ("window title escape in a name", answers(_replace(
        "organization: Example Retail Group",
        'organization: "Example\\e]0;pwned\\a Retail"')),
     f"{SANDBOX}: organization: contains the control character U+001B; remove it.\n"),
    ("C1 control in a name", answers(_replace("organization: Example Retail Group",
                                              'organization: "Example \\x9b2J"')),
     f"{SANDBOX}: organization: contains the control character U+009B; remove it.\n"),
    ("NUL in the project", answers(_replace("project: Branch SD-WAN and security refresh",
                                            'project: "Branch\\0 refresh"')),
     f"{SANDBOX}: project: contains the control character U+0000; remove it.\n"),
    ("DEL in the project", answers(_replace("project: Branch SD-WAN and security refresh",
                                            'project: "Branch\\x7f refresh"')),
     f"{SANDBOX}: project: contains the control character U+007F; remove it.\n"),
    ("right-to-left override", answers(_replace("project: Branch SD-WAN and security refresh",
                                                'project: "Branch \\u202Ehserfer"')),
     f"{SANDBOX}: project: contains U+202E (RIGHT-TO-LEFT OVERRIDE), which changes the order "
     "in which text displays; remove it.\n"),
    ("left-to-right isolate", answers(_replace("organization: Example Retail Group",
                                               'organization: "Example \\u2066Retail"')),
     f"{SANDBOX}: organization: contains U+2066 (LEFT-TO-RIGHT ISOLATE), which changes the "
     "order in which text displays; remove it.\n"),
    ("zero-width space", answers(_replace("organization: Example Retail Group",
                                          "organization: Example Re\u200btail Group")),
     f"{SANDBOX}: organization: contains U+200B (ZERO WIDTH SPACE), an invisible character; "
     "remove it.\n"),
    ("byte-order mark inside a name", answers(_replace("organization: Example Retail Group",
                                                       "organization: Example\ufeff Group")),
     f"{SANDBOX}: organization: contains U+FEFF (ZERO WIDTH NO-BREAK SPACE), an invisible "
     "character; remove it.\n"),
    ("bidi control in a list item", answers(_replace(
        "equipment: [sd_wan, security_appliance, network_management]",
        'equipment: [sd_wan, "security_appliance\\u202d"]')),
     f"{SANDBOX}: equipment: item 2: contains U+202D (LEFT-TO-RIGHT OVERRIDE), which changes "
     "the order in which text displays; remove it.\n"),
    ("lone surrogate in YAML", answers(_replace("organization: Example Retail Group",
                                                'organization: "Example \\ud800 Group"')),
     f"{SANDBOX}: organization: contains U+D800, half of a surrogate pair (not a character); "
     "remove the \\ud800 escape.\n"),
    ("lone surrogate in JSON", text_file('{"schema": "procure/answers@1", "organization": '
                                         '"A\\udfff"}', "answers.json"),
     "{d}/answers.json: organization: contains U+DFFF, half of a surrogate pair (not a "
     "character); remove the \\udfff escape.\n"),
    ("escape sequence in an unknown key", answers(extra='"sec\\e[2Jtor": utility\n'),
     f"{SANDBOX}: unknown key 'sec<U+001B>[2Jtor'; did you mean 'sector'? " + VALID_KEYS
     + "\n"),
    # The wrong kind of file
    ("checklist.json given as answers", lambda d: raw(_generated()["checklist.json"],
                                                      "checklist.json")(d),
     "{d}/checklist.json: this is a checklist (procure/checklist@1), not an answers file; give "
     "the answers file (procure/answers@1).\n"),
    ("a pack given as answers", args("generate", str(ROOT / "tests" / "data" / "good-packs"
                                                    / "org-security-baseline.yaml")),
     f"{ROOT}/tests/data/good-packs/org-security-baseline.yaml: this is a requirement pack "
     "(procure/pack@1), not an answers file; give the answers file (procure/answers@1).\n"),
    ("UTF-16 answers (Notepad's Unicode)", raw(GOOD.encode("utf-16")),
     f"{SANDBOX}: is UTF-16 text (Notepad's \"Unicode\"); save the answers file as UTF-8.\n"),
    ("UTF-16 answers without a byte-order mark", raw(GOOD.encode("utf-16-le")),
     f"{SANDBOX}: is UTF-16 text (Notepad's \"Unicode\"); save the answers file as UTF-8.\n"),
    ("a named pipe as answers", fifo(),
     f"{SANDBOX}: is a named pipe (FIFO), not a file; give the path of the answers file "
     "itself.\n"),
    ("a device as answers", args("generate", "/dev/zero"),
     "/dev/zero: is a device, not a file; give the path of the answers file itself.\n"),
    # Custom packs refused at load for what lint calls an error
    ("pack reuses a built-in requirement id", pack(ours(REQUIREMENT.replace("TST-001",
                                                                            "CEQ-001"))),
     "{d}/packs/ours.yaml: requirements[0] (CEQ-001).id: duplicate requirement id 'CEQ-001' "
     f"(also in {ROOT}/requirement_packs/covered-equipment.yaml); give the requirement its own "
     "id (the response matrix needs one row per id).\n"),
    ("two custom packs share a requirement id", pack_folder({
        "a.yaml": ours(pack_id="ours-a"), "b.yaml": ours(pack_id="ours-b")}),
     "{d}/packs/b.yaml: requirements[0] (TST-001).id: duplicate requirement id 'TST-001' (also "
     "in {d}/packs/a.yaml); give the requirement its own id (the response matrix needs one row "
     "per id).\n"),
    ("condition on an unknown answer key", pack(ours(head="applies_when: {key: secter, eq: "
                                                          "utility}\n")),
     "{d}/packs/ours.yaml: applies_when: condition on unknown key 'secter'; did you mean "
     "'sector'?; a condition that can never hold would leave the pack out without a word.\n"),
    ("condition on a value no answer can take", pack(ours(REQUIREMENT.replace(
        "    level: SHOULD\n", "    level: SHOULD\n    when: {key: sector, eq: hospital}\n"))),
     "{d}/packs/ours.yaml: requirements[0] (TST-001).when: 'hospital' is not a valid value of "
     "sector (valid: federal_civilian, defense, state_local, utility, carrier, cloud_provider, "
     "enterprise, research_education); a condition that can never hold would leave the pack "
     "out without a word.\n"),
    ("condition on an unknown threshold", pack(ours(head="applies_when: {key: "
                                                         "contract_value_usd, gte: {threshold: "
                                                         "sat}}\n")),
     "{d}/packs/ours.yaml: applies_when: unknown threshold 'sat'; a condition that can never "
     "hold would leave the pack out without a word.\n"),
    ("several pack problems", pack(ours(REQUIREMENT.replace("TST-001", "CEQ-001"),
                                        head="applies_when: {key: secter, eq: utility}\n")),
     "{d}/packs/ours.yaml: applies_when: condition on unknown key 'secter'; did you mean "
     "'sector'?; a condition that can never hold would leave the pack out without a word.\n"
     "{d}/packs: 1 more problem; `procure packs lint {d}/packs` lists them all.\n"),
    ("escape sequence in a pack's text", pack(ours(REQUIREMENT.replace(
        "text: The vendor", 'text: "\\e]8;;https://evil.example\\e\\\\The vendor') .replace(
        "for the buyer.", 'for the buyer."'))),
     "{d}/packs/ours.yaml: requirements[0].text: contains the control character U+001B; "
     "remove it.\n"),
    ("bidi override in a pack title", pack(ours(REQUIREMENT.replace(
        "title: A requirement", 'title: "A \\u202erequirement"'))),
     "{d}/packs/ours.yaml: requirements[0].title: contains U+202E (RIGHT-TO-LEFT OVERRIDE), "
     "which changes the order in which text displays; remove it.\n"),
    ("lone surrogate in a pack", pack(ours(REQUIREMENT.replace(
        "title: A requirement", 'title: "A \\udc00 requirement"'))),
     "{d}/packs/ours.yaml: requirements[0].title: contains U+DC00, half of a surrogate pair "
     "(not a character); remove the \\udc00 escape.\n"),
    ("requirement effective after 2100", pack(ours(REQUIREMENT.replace(
        "    level: SHOULD\n", "    level: SHOULD\n    effective_from: 2200-01-01\n"))),
     "{d}/packs/ours.yaml: requirements[0] (TST-001).effective_from: 2200-01-01 is after 2100; "
     "procure plans up to 2100.\n"),
    ("a named pipe among the packs", pack_folder({}, fifos=("ours.yaml",)),
     "{d}/packs/ours.yaml: is a named pipe (FIFO), not a file; give the path of the pack "
     "itself.\n"),
    ("a named pipe as the registry", pack_folder({}, fifos=("authorities.yaml",)),
     "{d}/packs/authorities.yaml: is a named pipe (FIFO), not a file; give the path of the "
     "authority registry itself.\n"),
    ("registry status change after 2100", registry(AUTHORITY.format(
        timeline="{date: 2020-01-01, status: effective}, {date: 9999-01-01, status: expired}")),
     "{d}/packs/authorities.yaml: authorities[0] (our-policy).timeline: 9999-01-01 is after "
     "2100; procure plans up to 2100.\n"),
    ("registry rescinded by nothing", registry(AUTHORITY.format(
        timeline="{date: 2020-01-01, status: effective}, {date: 2021-01-01, status: rescinded}")),
     "{d}/packs/authorities.yaml: authorities[0] (our-policy).timeline: a rescinded entry must "
     "say by what ('by:').\n"),
    ("registry superseded by an unknown authority", registry(AUTHORITY.format(
        timeline="{date: 2020-01-01, status: effective}, {date: 2021-01-01, status: superseded, "
                 "by: our-policy-2}")),
     "{d}/packs/authorities.yaml: authorities[0] (our-policy).timeline: 'by' names unknown "
     "authority 'our-policy-2'; add it to authorities.yaml or correct the id.\n"),
    # Output folders where nothing can be created
    ("output folder in /proc", args("generate", str(EXAMPLES / "enterprise-sdwan.yaml"),
                                    "--out", "/proc"),
     "/proc: cannot write into the output folder (No such file or directory); choose another "
     "--out.\n"),
    # diff and score
    ("diff of a checklist with a lone surrogate", diff_of(_surrogate_title),
     "{d}/old.json: requirements[0].title: contains U+D800, half of a surrogate pair (not a "
     "character); remove the \\ud800 escape.\n"),
    ("score a UTF-16 CSV (Excel's Unicode Text)",
     score(returned("acme.csv", csv_matrix().decode("utf-8-sig").encode("utf-16"))),
     "{d}/acme.csv: is UTF-16 text (Excel's \"Unicode Text\"), which procure does not read; in "
     "the spreadsheet save it as 'CSV UTF-8 (Comma delimited)', or return the XLSX.\n"),
    ("score a CSV with two byte-order marks",
     score(returned("acme.csv", b"\xef\xbb\xbf" + csv_matrix())),
     "{d}/acme.csv: row 1, column A (ID): the header '<U+FEFF>ID' holds U+FEFF (ZERO WIDTH "
     "NO-BREAK SPACE), which cannot be seen; save the file again (as 'CSV UTF-8' for a CSV) "
     "and retry.\n"),
    ("score the same file twice", score(same_file_twice),
     "score: {d}/acme.csv is given twice; give each returned matrix once.\n"),
    ("score one file under two names", score(linked_twice),
     "score: {d}/b.csv is given twice (as {d}/a.csv); give each returned matrix once.\n"),
    ("score two copies of one file", score(copies),
     "score: {d}/beta.csv and {d}/acme.csv are the same file (identical content); give each "
     "vendor's returned matrix once.\n"),
    ("score a named pipe", score(returned_fifo),
     "{d}/acme.csv: is a named pipe (FIFO), not a file; give the path of the returned matrix "
     "itself.\n"),
    ("score a workbook with 300,000 shared strings",
     score(lambda d: returned("acme.xlsx", many_shared_strings())(d)),
     "{d}/acme.xlsx: xl/sharedStrings.xml holds more than 200,000 texts; it is not a response "
     "matrix procure wrote.\n"),
    ("score a workbook with 250,000 shared strings, prefixed",
     score(lambda d: returned("acme.xlsx", many_prefixed_shared_strings())(d)),
     "{d}/acme.xlsx: xl/sharedStrings.xml holds more than 200,000 texts; it is not a response "
     "matrix procure wrote.\n"),
    ("score a workbook with a cell in row 1,000,000",
     score(lambda d: returned("acme.xlsx", many_rows())(d)),
     "{d}/acme.xlsx: the 'Response matrix' sheet has more than 50,000 rows; score the matrix "
     "procure wrote, with answers only in columns H to J.\n"),
]
CATALOGUE += ROUND_TWO


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
    assert len(CATALOGUE) - len(ROUND_TWO) >= 40
    assert len(ROUND_TWO) >= 40


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
