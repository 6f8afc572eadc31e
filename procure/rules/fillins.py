"""Fill-ins against the packs: every value given names a parameter and fits its type.

In: the answers (their `fill_ins:`), the pack library, and later a checklist. Out: an
`InputFileError` naming each fill-in that no pack declares (with the nearest name) or whose value
does not fit the parameter's type; and, from a checklist, the parameters its requirements name
(`FillInNeed`: label, help, type, value or None while blank, requirement ids), in the order the
requirements come, one entry per parameter.
"""

from __future__ import annotations

from ..errors import InputFileError
from ..model.answers import Answers, suggest
from ..model.checklist import Checklist
from ..model.fillins import FillInNeed, check_fill_in
from ..model.packs import Library, Parameter

MAX_LISTED = 12


def library_parameters(library: Library) -> dict[str, Parameter]:
    """Every parameter any pack declares, by name (lint checks that same names agree)."""
    found: dict[str, Parameter] = {}
    for entry in library.packs:
        for requirement in entry.pack.requirements:
            for parameter in requirement.parameters:
                found.setdefault(parameter.name, parameter)
    return found


def check_fill_ins(answers: Answers, library: Library, source: str) -> None:
    """Refuse fill-ins that name no parameter or do not fit its type (all problems at once)."""
    if not answers.fill_ins:
        return
    parameters = library_parameters(library)
    names = sorted(parameters)
    problems = []
    for name, value in answers.fill_ins.items():
        parameter = parameters.get(name)
        if parameter is None:
            known = (f" Parameters: {', '.join(names[:MAX_LISTED])}"
                     f"{', …' if len(names) > MAX_LISTED else ''}." if names
                     else " No pack declares a parameter.")
            problems.append(f"{source}: fill_ins.{name}: no requirement pack has this parameter"
                            f"{suggest(name, names)}{known}")
            continue
        try:
            check_fill_in(parameter.type, value)
        except ValueError as exc:
            problems.append(f"{source}: fill_ins.{name} ({parameter.label}): {exc}.")
    if problems:
        raise InputFileError("\n".join(problems))


def fill_ins_needed(checklist: Checklist) -> list[FillInNeed]:
    """The parameters the checklist's requirements name, each once, with where it is used."""
    found: dict[str, FillInNeed] = {}
    for requirement in checklist.requirements:
        for blank in requirement.blanks:
            known = found.get(blank.name)
            used = (*known.requirements, requirement.id) if known else (requirement.id,)
            found[blank.name] = FillInNeed(name=blank.name, label=blank.label, help=blank.help,
                                           type=blank.type, value=blank.value,
                                           requirements=tuple(dict.fromkeys(used)))
    return list(found.values())


def blanks_left(checklist: Checklist) -> list[FillInNeed]:
    """The fill-ins still blank: they print as visible blanks until the answers give them."""
    return [need for need in fill_ins_needed(checklist) if need.value is None]
