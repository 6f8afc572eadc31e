"""Checking a returned matrix against the checklist it was made from.

In: a `Returned` matrix and the `MatrixSpec` of its checklist. Out: one `Answer` per requirement,
in checklist order, and the problems with the vendor's answers (a blank Response on a MUST row,
a response that is not one of the five, a formula in a vendor cell), each with row and column.
A file whose buyer side was changed (a requirement row missing, added or repeated; a locked cell
edited) cannot be scored: that is an `InputFileError` listing every such problem.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..errors import InputFileError
from ..render.matrix_layout import (
    RESPONSE_COLUMN,
    RESPONSES,
    BuyerRow,
    MatrixSpec,
    column_name,
)
from ..support.wording import counted
from .read import Returned

BLANK = "blank"
INVALID = "invalid"
MAX_LISTED = 12


@dataclass(frozen=True)
class Problem:
    """Something wrong in a returned file, located by row, column and requirement."""

    message: str
    row: int | None = None
    column: int | None = None
    requirement: str | None = None

    def where(self) -> str:
        parts = []
        if self.row is not None:
            parts.append(f"row {self.row}")
        if self.column is not None:
            parts.append(f"column {column_name(self.column)}")
        if self.requirement is not None:
            parts.append(self.requirement)
        return ", ".join(parts)

    def __str__(self) -> str:
        return f"{self.where()}: {self.message}" if self.where() else self.message

    def data(self) -> dict[str, object]:
        return {"row": self.row,
                "column": None if self.column is None else column_name(self.column),
                "requirement": self.requirement, "message": self.message}


@dataclass(frozen=True)
class Answer:
    """A vendor's answer to one requirement; `response` is one of RESPONSES, BLANK or INVALID."""

    row: int
    requirement: BuyerRow
    response: str
    given: str
    evidence_reference: str
    comments: str


def _snippet(text: str, limit: int = 48) -> str:
    flat = " ".join(text.split())
    return f'"{flat}"' if len(flat) <= limit else f'"{flat[:limit - 1]}…"'


def normalise_response(given: str) -> str:
    """`comply ` → `Comply`; blank → BLANK; anything else → INVALID."""
    text = given.strip()
    if not text:
        return BLANK
    for response in RESPONSES:
        if text.casefold() == response.casefold():
            return response
    return INVALID


def _structure_problems(returned: Returned, spec: MatrixSpec) -> list[Problem]:
    """Rows added, repeated, missing, and locked cells changed."""
    expected = {row.id: (index, row) for index, row in enumerate(spec.rows)}
    seen: dict[str, int] = {}
    problems: list[Problem] = []
    for line in returned.rows:
        found_id = line.cells[0].strip()
        if found_id not in expected:
            what = f"'{found_id}' is not a requirement of the checklist" if found_id else "blank"
            problems.append(Problem(f"{what}; a row was added or its ID edited (delete the row "
                                    "or restore the ID)", line.row, 0))
            continue
        if found_id in seen:
            problems.append(Problem(f"repeats row {seen[found_id]}; delete the copy",
                                    line.row, 0, found_id))
            continue
        seen[found_id] = line.row
        requirement = expected[found_id][1]
        for column, wanted in enumerate(requirement.cells()):
            if column and line.cells[column] != wanted:
                problems.append(Problem(
                    f"changed in a locked column; the checklist has {_snippet(wanted)} "
                    "(restore the original)", line.row, column, found_id))
    for index, requirement in enumerate(spec.rows):
        if requirement.id not in seen:
            problems.append(Problem(f"missing (row {index + 2} of the original matrix); restore "
                                    "the row", requirement=requirement.id))
    return problems


def _answer(line_row: int, cells: tuple[str, ...], formulas: frozenset[int],
            requirement: BuyerRow) -> tuple[Answer, list[Problem]]:
    given = cells[RESPONSE_COLUMN].strip()
    response = normalise_response(given)
    problems: list[Problem] = []
    if response == BLANK and requirement.level == "MUST":
        problems.append(Problem("blank; a MUST requirement needs a response", line_row,
                                RESPONSE_COLUMN, requirement.id))
    elif response == INVALID:
        problems.append(Problem(
            f"{_snippet(given, 30)} is not a response; use {', '.join(RESPONSES[:-1])} or "
            f"{RESPONSES[-1]} (scored as not answered)", line_row, RESPONSE_COLUMN,
            requirement.id))
    for column in sorted(formulas):
        if column > RESPONSE_COLUMN:
            problems.append(Problem("holds a formula; procure reads it as text", line_row,
                                    column, requirement.id))
    answer = Answer(row=line_row, requirement=requirement, response=response, given=given,
                    evidence_reference=cells[RESPONSE_COLUMN + 1].strip(),
                    comments=cells[RESPONSE_COLUMN + 2].strip())
    return answer, problems


def refuse(returned: Returned, problems: list[Problem]) -> InputFileError:
    """The error for a file that cannot be scored, with every problem (up to a limit)."""
    source = str(returned.path)
    count = len(problems)
    lines = [f"{source}: not scored: the buyer's side of the matrix was changed "
             f"({counted(count, 'problem')}):"]
    lines += [f"{source}: {problem}" for problem in problems[:MAX_LISTED]]
    if count > MAX_LISTED:
        lines.append(f"{source}: … and {count - MAX_LISTED} more")
    lines.append(f"{source}: ask the vendor to answer in the original matrix (columns H to J "
                 "only) and return it.")
    return InputFileError("\n".join(lines))


def check(returned: Returned, spec: MatrixSpec) -> tuple[list[Answer], list[Problem]]:
    """The answers in checklist order and the problems with them; refuse a changed matrix."""
    structure = _structure_problems(returned, spec)
    if structure:
        raise refuse(returned, structure)
    by_id = {line.cells[0].strip(): line for line in returned.rows}
    answers: list[Answer] = []
    problems: list[Problem] = []
    for requirement in spec.rows:
        line = by_id[requirement.id]
        answer, found = _answer(line.row, line.cells, line.formulas, requirement)
        answers.append(answer)
        problems += found
    return answers, problems

