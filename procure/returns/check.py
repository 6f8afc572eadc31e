"""Checking a returned matrix against the checklist it was made from.

In: a `Returned` matrix and the `MatrixSpec` of its checklist. Out: one `Answer` per requirement,
in checklist order, and the problems with the vendor's answers (a blank Response on a MUST row,
a response that is not one of the five, a Partial, Exception, Alternate or N/A without the
comment the instructions ask for, a formula in a vendor cell, columns or text added beside the
matrix), each with row and column. Responses are read whatever their case and spacing, and a few
unambiguous spellings are taken (`n/a`, `NA`, `Not applicable` → N/A); each answer keeps what
the vendor wrote, so the report can say which spellings were taken. `Yes` is not: it does not
say whether the requirement is met in full or in part.
A file whose buyer side was changed (a requirement row missing, added or repeated; a locked cell
edited) cannot be scored: that is an `InputFileError` listing every such problem.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..errors import InputFileError
from ..render.matrix_layout import (
    HEADERS,
    RESPONSE_COLUMN,
    RESPONSES,
    BuyerRow,
    MatrixSpec,
    column_name,
)
from ..support.wording import counted, plural
from .read import Returned

BLANK = "blank"
INVALID = "invalid"
MAX_LISTED = 12
COMMENTS_COLUMN = RESPONSE_COLUMN + 2
# Other spellings of the five responses that mean exactly one of them (compared case-folded,
# with spaces collapsed). Yes/No are not here: a "Yes" may mean in full or in part.
SPELLINGS: dict[str, str] = {
    **{response.casefold(): response for response in RESPONSES},
    "complies": "Comply", "compliant": "Comply", "fully compliant": "Comply",
    "partially": "Partial", "partially compliant": "Partial", "partial compliance": "Partial",
    "alternative": "Alternate",
    "na": "N/A", "n.a.": "N/A", "n.a": "N/A", "not applicable": "N/A",
}
YES_NO = frozenset({"yes", "y", "no", "n", "true", "false"})
# What the instructions ask for in Comments with each response (see RESPONSE_MEANINGS).
COMMENT_ASKED: dict[str, str] = {
    "Partial": "say what is missing and when it will be met",
    "Exception": "explain why the requirement is not met",
    "Alternate": "describe the alternative",
    "N/A": "explain why the requirement does not apply",
}


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
    extra: tuple[str, ...] = field(default=())

    @property
    def respelled(self) -> bool:
        """A response the vendor spelled otherwise (`comply`, `NA`), taken as one of the five."""
        return self.response in RESPONSES and self.given != self.response


def _snippet(text: str, limit: int = 48) -> str:
    flat = " ".join(text.split())
    return f'"{flat}"' if len(flat) <= limit else f'"{flat[:limit - 1]}…"'


def normalise_response(given: str) -> str:
    """`comply ` → `Comply`, `n / a` → `N/A`; blank → BLANK; anything else → INVALID."""
    text = " ".join(given.split())
    if not text:
        return BLANK
    return SPELLINGS.get(re.sub(r" ?/ ?", "/", text.casefold()), INVALID)


def _structure_problems(returned: Returned, spec: MatrixSpec) -> list[Problem]:
    """Rows added, repeated, missing, and locked cells changed."""
    expected = {row.id: (index, row) for index, row in enumerate(spec.rows)}
    seen: dict[str, int] = {}
    problems: list[Problem] = []
    for line in returned.rows:
        found_id = line.cells[0].strip()
        if not any(line.cells[:len(HEADERS)]):
            continue  # text only beside the matrix: reported by _beside_problems
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
    comments = cells[COMMENTS_COLUMN].strip()
    problems: list[Problem] = []
    if response == BLANK and requirement.level == "MUST":
        problems.append(Problem("blank; a MUST requirement needs a response", line_row,
                                RESPONSE_COLUMN, requirement.id))
    elif response == INVALID:
        why = (" (a yes or no does not say whether the requirement is met in full or in part; "
               "ask the vendor to choose)") if given.casefold().rstrip(".!") in YES_NO else ""
        problems.append(Problem(
            f"{_snippet(given, 30)} is not a response{why}; use {', '.join(RESPONSES[:-1])} or "
            f"{RESPONSES[-1]} (scored as not answered)", line_row, RESPONSE_COLUMN,
            requirement.id))
    elif response in COMMENT_ASKED and not comments:
        problems.append(Problem(f"blank, but {response} needs a comment: the instructions ask "
                                f"the vendor to {COMMENT_ASKED[response]}", line_row,
                                COMMENTS_COLUMN, requirement.id))
    for column in sorted(formulas):
        if column > RESPONSE_COLUMN:
            problems.append(Problem("holds a formula; procure reads it as text", line_row,
                                    column, requirement.id))
    answer = Answer(row=line_row, requirement=requirement, response=response, given=given,
                    evidence_reference=cells[RESPONSE_COLUMN + 1].strip(), comments=comments,
                    extra=tuple(text.strip() for text in cells[len(HEADERS):]))
    return answer, problems


def _beside_problems(returned: Returned) -> list[Problem]:
    """Columns added after the matrix (kept in the report), and text in rows of no requirement."""
    problems = []
    for offset, header in enumerate(returned.extra_headers):
        column = len(HEADERS) + offset
        filled = sum(1 for line in returned.rows if line.cells[column].strip())
        name = f"'{header}'" if header else "a column without a header"
        problems.append(Problem(f"{name} is not a column of the matrix; its "
                                f"{counted(filled, 'value')} {plural(filled, 'is', 'are')} "
                                "kept in the report as given", column=column))
    for line in returned.rows:
        if not any(line.cells[:len(HEADERS)]):
            column = next(index for index, text in enumerate(line.cells) if text)
            problems.append(Problem(f"{_snippet(line.cells[column])} is beside the matrix, in "
                                    "no requirement's row; not scored", line.row, column))
    return problems


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
    by_id = {line.cells[0].strip(): line for line in returned.rows if line.cells[0].strip()}
    answers: list[Answer] = []
    problems: list[Problem] = _beside_problems(returned)
    for requirement in spec.rows:
        line = by_id[requirement.id]
        answer, found = _answer(line.row, line.cells, line.formulas, requirement)
        answers.append(answer)
        problems += found
    return answers, problems

