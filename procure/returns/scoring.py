"""Scoring returned response matrices, one per vendor.

In: the returned files (XLSX or CSV) and, optionally, the checklist JSON they were made from.
Without it, an XLSX is checked against the copy of the checklist hidden in the workbook itself
(a CSV carries none, so it needs `--checklist`). Out: a `ScoreReport`: per vendor, the answers in
checklist order, the problems with them, counts by pack and level, the MUST rows not answered
Comply (potential disqualifiers), the Partial, Exception and Alternate answers with comments and
the missing evidence references, the responses spelled otherwise that were taken (`comply` as
Comply) and the columns the vendor added (kept as given); and its JSON form (`procure/score@1`).
A file that cannot be scored stops everything with an `InputFileError`, before anything is written.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from .. import __version__
from ..errors import InputFileError, UsageError
from ..model.checklist import LEVELS
from ..render.matrix_layout import (
    HEADERS,
    RESPONSES,
    MatrixSpec,
    column_letter,
    spec_from_checklist,
)
from .check import BLANK, INVALID, Answer, Problem, check
from .read import Returned, read_returned

SCORE_SCHEMA = "procure/score@1"
QUALIFIED = ("Partial", "Exception", "Alternate")
CLAIMS = ("Comply", "Partial", "Alternate")


@dataclass(frozen=True)
class VendorScore:
    """One vendor's returned matrix, checked and counted."""

    vendor: str
    vendor_from: str
    file: str
    answers: tuple[Answer, ...]
    problems: tuple[Problem, ...]
    extra_headers: tuple[str, ...] = ()

    def extra_columns(self) -> list[tuple[str, str]]:
        """(column letter, header) of each column the vendor added after the matrix."""
        return [(column_letter(len(HEADERS) + offset), header or "(no header)")
                for offset, header in enumerate(self.extra_headers)]

    def spellings(self) -> list[tuple[str, str, list[int]]]:
        """(what the vendor wrote, the response it was taken as, rows) for other spellings."""
        taken: dict[tuple[str, str], list[int]] = {}
        for answer in self.answers:
            if answer.respelled:
                taken.setdefault((answer.given, answer.response), []).append(answer.row)
        return [(given, response, rows) for (given, response), rows in taken.items()]

    def disqualifiers(self) -> list[Answer]:
        """MUST requirements answered anything but Comply (blank and invalid included)."""
        return [a for a in self.answers
                if a.requirement.level == "MUST" and a.response != "Comply"]

    def qualified(self) -> list[Answer]:
        """Partial, Exception and Alternate answers to SHOULD and MAY requirements."""
        return [a for a in self.answers
                if a.response in QUALIFIED and a.requirement.level != "MUST"]

    def missing_evidence(self) -> list[Answer]:
        """Comply, Partial or Alternate without an evidence reference where evidence is asked."""
        return [a for a in self.answers
                if a.response in CLAIMS and a.requirement.evidence and not a.evidence_reference]


@dataclass(frozen=True)
class ScoreReport:
    spec: MatrixSpec
    validated_against: str
    vendors: tuple[VendorScore, ...]


Counts = dict[str, int | float | None]


def tally(answers: Sequence[Answer]) -> Counts:
    """Rows, each response, not answered (blank or invalid), and Comply as a percentage."""
    counts: Counts = {"rows": len(answers)}
    for response in RESPONSES:
        counts[response] = sum(1 for a in answers if a.response == response)
    counts["not_answered"] = sum(1 for a in answers if a.response in (BLANK, INVALID))
    comply = sum(1 for a in answers if a.response == "Comply")
    counts["comply_percent"] = round(100 * comply / len(answers), 1) if answers else None
    return counts


def by_pack_level(spec: MatrixSpec, answers: Sequence[Answer]) -> list[tuple[str, str, Counts]]:
    """(pack, level, tally) for every pack and level that has rows, in checklist order."""
    groups = []
    for pack_id, _, levels in spec.counts():
        for level in LEVELS:
            if levels[level]:
                group = [a for a in answers
                         if a.requirement.pack == pack_id and a.requirement.level == level]
                groups.append((pack_id, level, tally(group)))
    return groups


def _spec_for(returned: list[Returned], checklist: Path | None) -> tuple[MatrixSpec, str]:
    """What the returns are checked against, and how the report names it."""
    if checklist is not None:
        from ..model.checklist_file import load_checklist

        spec = spec_from_checklist(load_checklist(checklist))
        for item in returned:
            marker = item.marker
            if marker is not None and marker.inputs_sha256 != spec.inputs_sha256:
                raise InputFileError(
                    f"{item.path}: was made from checklist {marker.inputs_sha256[:12]} (document "
                    f"date {marker.as_of}), not from {checklist} ({spec.inputs_sha256[:12]}, "
                    f"document date {spec.as_of}); score it against the checklist it came from.")
        return spec, (f"{checklist} (checklist {spec.inputs_sha256[:12]}, document date "
                      f"{spec.as_of})")
    first = returned[0]
    for item in returned:
        if item.kind == "csv":
            raise UsageError(f"{item.path}: a CSV matrix carries no copy of the checklist; pass "
                             "--checklist with the checklist.json generated with the matrix.")
        if item.marker is None or item.marker_problem:
            raise InputFileError(f"{item.path}: cannot be checked without the checklist: "
                                 f"{item.marker_problem}; pass --checklist checklist.json.")
        assert first.marker is not None
        if item.marker.rows_sha256() != first.marker.rows_sha256():
            raise InputFileError(
                f"{item.path}: comes from checklist {item.marker.inputs_sha256[:12]}, "
                f"{first.path} from {first.marker.inputs_sha256[:12]}; score each against its "
                "own checklist.")
    assert first.marker is not None
    spec = first.marker
    return spec, (f"the copy of checklist {spec.inputs_sha256[:12]} (document date "
                  f"{spec.as_of}) embedded in {first.path}; pass --checklist to check against "
                  "your own checklist.json")


def _vendor_names(returned: list[Returned]) -> list[tuple[str, str]]:
    """Each file's vendor: the Instructions sheet's name, else the file name; all distinct.

    Two vendors named alike in their files get the file names added; where that is not enough
    (files of one name in two folders, or no vendor names), a number ("bid 2"). The report and
    its JSON key the responses by these names, so a repeated name would lose a vendor.
    """
    names = [(item.vendor, "the Instructions sheet") if item.vendor
             else (item.path.stem, "the file name") for item in returned]
    plain = [name for name, _ in names]
    labels = [f"{name} ({item.path.name})" if plain.count(name) > 1 and item.vendor else name
              for name, item in zip(plain, returned, strict=True)]
    taken: set[str] = set()
    distinct = []
    for label in labels:
        candidate, number = label, 1
        while candidate in taken:
            number += 1
            candidate = f"{label} {number}"
        taken.add(candidate)
        distinct.append(candidate)
    return [(label, source) for label, (_, source) in zip(distinct, names, strict=True)]


def _refuse_repeated(returned: list[Returned]) -> None:
    """The same file given twice (or two copies of one file) would be scored as two vendors."""
    for index, item in enumerate(returned):
        for earlier in returned[:index]:
            if item.path.samefile(earlier.path):
                also = "" if str(item.path) == str(earlier.path) else f" (as {earlier.path})"
                raise UsageError(f"score: {item.path} is given twice{also}; give each returned "
                                 "matrix once.")
            if item.sha256 == earlier.sha256:
                raise UsageError(f"score: {item.path} and {earlier.path} are the same file "
                                 "(identical content); give each vendor's returned matrix "
                                 "once.")


def score_files(paths: Sequence[Path], checklist: Path | None = None) -> ScoreReport:
    """Read, check and count every returned file; refuse all if any cannot be scored."""
    if not paths:
        raise UsageError("score: give at least one returned matrix (XLSX or CSV).")
    returned = [read_returned(path) for path in paths]
    _refuse_repeated(returned)
    spec, against = _spec_for(returned, checklist)
    refusals: list[str] = []
    checked: list[tuple[list[Answer], list[Problem]]] = []
    for item in returned:
        try:
            checked.append(check(item, spec))
        except InputFileError as exc:
            refusals.append(exc.message)
    if refusals:
        raise InputFileError("\n".join(refusals))
    vendors = tuple(
        VendorScore(vendor=name, vendor_from=source, file=str(item.path),
                    answers=tuple(answers), problems=tuple(problems),
                    extra_headers=item.extra_headers)
        for (name, source), item, (answers, problems)
        in zip(_vendor_names(returned), returned, checked, strict=True))
    return ScoreReport(spec=spec, validated_against=against, vendors=vendors)


def response_label(answer: Answer) -> str:
    """`Comply` …; `blank`; `invalid: "Yes"`."""
    if answer.response == INVALID:
        return f'invalid: "{answer.given}"'
    return answer.response


def _answer_data(answer: Answer, columns: list[tuple[str, str]]) -> dict[str, object]:
    requirement = answer.requirement
    return {"id": requirement.id, "pack": requirement.pack, "level": requirement.level,
            "title": requirement.title, "row": answer.row, "response": answer.response,
            "given": answer.given, "evidence_reference": answer.evidence_reference,
            "comments": answer.comments,
            "extra": {letter: value for (letter, _), value in zip(columns, answer.extra,
                                                                 strict=True) if value}}


def report_data(report: ScoreReport) -> dict[str, object]:
    """The report as plain JSON data (`procure/score@1`)."""
    spec = report.spec
    vendors = []
    for vendor in report.vendors:
        columns = vendor.extra_columns()
        vendors.append({
            "vendor": vendor.vendor, "vendor_from": vendor.vendor_from, "file": vendor.file,
            "totals": tally(vendor.answers),
            "by_pack_level": [{"pack": pack, "level": level, **counts}
                              for pack, level, counts in by_pack_level(spec, vendor.answers)],
            "problems": [problem.data() for problem in vendor.problems],
            "accepted_spellings": [{"given": given, "response": response, "rows": rows}
                                   for given, response, rows in vendor.spellings()],
            "extra_columns": [{"column": letter, "header": header}
                              for letter, header in columns],
            "potential_disqualifiers": [_answer_data(a, columns) for a in vendor.disqualifiers()],
            "partial_exception_alternate": [_answer_data(a, columns) for a in vendor.qualified()],
            "missing_evidence_references": [_answer_data(a, columns)
                                            for a in vendor.missing_evidence()],
            "answers": [_answer_data(a, columns) for a in vendor.answers],
        })
    comparison = []
    if len(report.vendors) > 1:
        for index, row in enumerate(spec.rows):
            comparison.append({"id": row.id, "level": row.level, "title": row.title,
                               "responses": {v.vendor: v.answers[index].response
                                             for v in report.vendors}})
    return {
        "schema": SCORE_SCHEMA,
        "generator": {"name": "procure", "version": __version__},
        "checklist": {"inputs_sha256": spec.inputs_sha256, "as_of": spec.as_of,
                      "organization": spec.organization, "project": spec.project,
                      "requirements": len(spec.rows),
                      "validated_against": report.validated_against},
        "vendors": vendors,
        "comparison": comparison,
    }


def render_score_json(report: ScoreReport) -> bytes:
    return (json.dumps(report_data(report), indent=2, ensure_ascii=False) + "\n").encode()
