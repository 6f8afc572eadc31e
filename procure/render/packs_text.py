"""`packs show` and `packs list --markdown`: packs as text and data for people.

In: a pack (or the library) and the registry. Out: lines for the terminal (title, purpose, when
it applies, and each requirement with its level rules, its text, the evidence asked for, its
authorities with pinpoints and any point for counsel); the same as JSON data; or a Markdown table
of packs. Text from the packs is shown as data: control characters never reach the terminal.
"""

from __future__ import annotations

import textwrap
from typing import Any

from ..model.conditions import describe_condition
from ..model.packs import LevelSpec, Library, Pack, Requirement, Worded
from ..model.registry import Registry
from ..support.wording import counted, printable

WIDTH = 100
INDENT = "    "


def packs_table(library: Library) -> str:
    """Markdown table of every pack: id, kind, requirements, what makes it apply."""
    lines = ["| Pack | Kind | Requirements | Applies when |", "|---|---|---:|---|"]
    for entry in library.packs:
        pack = entry.pack
        replaces = entry.replacement()
        title = f"{pack.title} ({replaces})" if replaces else pack.title
        lines.append(f"| `{pack.id}`: {title} | {pack.kind} | {len(pack.requirements)} | "
                     f"{describe_condition(pack.applies_when, library.vocabulary)} |")
    total = sum(len(entry.pack.requirements) for entry in library.packs)
    lines.append(f"| **{counted(len(library.packs), 'pack')}** | | **{total}** | |")
    return "\n".join(lines) + "\n"


def level_text(requirement: Requirement) -> str:
    """`MUST`, or `SHOULD when federal_status is agency; otherwise MAY`."""
    level = requirement.level
    if isinstance(level, LevelSpec):
        rules = "; ".join(f"{rule.level} when {describe_condition(rule.when)}"
                          for rule in level.rules)
        return f"{rules}; otherwise {level.default}"
    return level


def _wrapped(text: str, indent: str = INDENT, first: str | None = None) -> list[str]:
    """Text on lines of at most WIDTH characters; `first` starts the first line instead."""
    return textwrap.wrap(" ".join(printable(text).split()), WIDTH,
                         initial_indent=indent if first is None else first,
                         subsequent_indent=indent, break_on_hyphens=False) or [indent.rstrip()]


def _worded_lines(label: str, worded: Worded | None) -> list[str]:
    """A title, text or counsel: the plain text, or the default and each variant with its rule."""
    if worded is None:
        return []
    prefix = f"{label}: " if label else ""
    if isinstance(worded, str):
        return _wrapped(f"{prefix}{worded}")
    lines = _wrapped(f"{prefix}{worded.default}")
    for rule in worded.rules:
        lines += _wrapped(f"when {describe_condition(rule.when)}: {rule.text}", INDENT * 2,
                          first=INDENT + "  ")
    return lines


def _first(worded: Worded) -> str:
    return worded if isinstance(worded, str) else worded.default


def requirement_lines(requirement: Requirement, registry: Registry) -> list[str]:
    """One requirement: id, level and title; its condition; its text; evidence; citations."""
    known = registry.by_id()
    lines = _wrapped(f"{requirement.id} [{level_text(requirement)}] {_first(requirement.title)}",
                     INDENT * 2, first="")
    if requirement.when is not None:
        lines += _wrapped(f"when: {describe_condition(requirement.when)}", INDENT * 2,
                          first=INDENT)
    if requirement.effective_from is not None:
        lines.append(f"{INDENT}takes effect on {requirement.effective_from}")
    lines += _worded_lines("", requirement.text)
    lines.append(f"{INDENT}evidence:")
    for item in requirement.evidence:
        lines += _wrapped(item, INDENT + "  ", first=INDENT + "• ")
    for cite in requirement.authorities:
        citation = known[cite.id].citation if cite.id in known else f"{cite.id} (unknown)"
        lines += _wrapped(f"cites {citation}, {cite.pinpoint}", INDENT * 2, first=INDENT)
    lines += _worded_lines("for counsel", requirement.counsel)
    return lines


def show_pack(pack: Pack, registry: Registry) -> list[str]:
    """The whole pack as lines: its header, purpose, condition, then every requirement."""
    lines = [printable(f"{pack.id} {pack.version} ({pack.kind}, reviewed {pack.reviewed_on}): "
                       f"{pack.title}"), "", *_wrapped(pack.purpose, ""), "",
             *_wrapped(f"Applies when: {describe_condition(pack.applies_when)}", INDENT, "")]
    for requirement in pack.requirements:
        lines += ["", *requirement_lines(requirement, registry)]
    lines.append(f"\n{counted(len(pack.requirements), 'requirement')}.")
    return lines


def show_requirement(pack: Pack, requirement: Requirement, registry: Registry) -> list[str]:
    """One requirement with the pack it belongs to."""
    return [printable(f"{pack.id} {pack.version} ({pack.kind}, reviewed {pack.reviewed_on}): "
                      f"{pack.title}"), "", *requirement_lines(requirement, registry)]


def requirement_data(requirement: Requirement, registry: Registry) -> dict[str, Any]:
    """A requirement as its pack file gives it, with readable conditions and cited authorities."""
    known = registry.by_id()
    data: dict[str, Any] = requirement.model_dump(mode="json", by_alias=True, exclude_none=True)
    data["level_text"] = level_text(requirement)
    if requirement.when is not None:
        data["when_text"] = describe_condition(requirement.when)
    data["authorities"] = []
    for cite in requirement.authorities:
        entry: dict[str, Any] = {"id": cite.id, "pinpoint": cite.pinpoint}
        authority = known.get(cite.id)
        if authority is not None:
            entry.update(citation=authority.citation, title=authority.title,
                         kind=authority.kind, url=str(authority.url))
        data["authorities"].append(entry)
    return data


def pack_data(pack: Pack, registry: Registry) -> dict[str, Any]:
    """The pack as JSON data: its file's fields, `applies_when_text`, requirements in full."""
    data: dict[str, Any] = pack.model_dump(mode="json", by_alias=True, exclude_none=True,
                                           exclude={"requirements"})
    data["applies_when_text"] = describe_condition(pack.applies_when)
    data["requirements"] = [requirement_data(requirement, registry)
                            for requirement in pack.requirements]
    return data
