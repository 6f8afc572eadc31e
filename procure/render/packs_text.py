"""`packs show` and `packs list --markdown`: packs as text for people.

In: a pack (or the library) and the registry. Out: lines: title, purpose, when it applies, and each
requirement with its level rules and its authorities with pinpoints; or a Markdown table of packs.
"""

from __future__ import annotations

from ..model.conditions import describe_condition
from ..model.packs import LevelSpec, Library, Pack
from ..model.registry import Registry


def packs_table(library: Library) -> str:
    """Markdown table of every pack: id, kind, requirements, what makes it apply."""
    lines = ["| Pack | Kind | Requirements | Applies when |", "|---|---|---:|---|"]
    for entry in library.packs:
        pack = entry.pack
        lines.append(f"| `{pack.id}`: {pack.title} | {pack.kind} | {len(pack.requirements)} | "
                     f"{describe_condition(pack.applies_when, library.vocabulary)} |")
    total = sum(len(entry.pack.requirements) for entry in library.packs)
    lines.append(f"| **{len(library.packs)} packs** | | **{total}** | |")
    return "\n".join(lines) + "\n"


def show_pack(pack: Pack, registry: Registry) -> list[str]:
    known = registry.by_id()
    lines = [f"{pack.id} {pack.version} ({pack.kind}, reviewed {pack.reviewed_on}): {pack.title}",
             "", " ".join(pack.purpose.split()), "",
             f"Applies when: {describe_condition(pack.applies_when)}", ""]
    for requirement in pack.requirements:
        level = requirement.level
        if isinstance(level, LevelSpec):
            rules = "; ".join(f"{rule.level} when {describe_condition(rule.when)}"
                              for rule in level.rules)
            level_text = f"{rules}; otherwise {level.default}"
        else:
            level_text = level
        lines.append(f"{requirement.id} [{level_text}] {requirement.title}")
        if requirement.when is not None:
            lines.append(f"    when: {describe_condition(requirement.when)}")
        for cite in requirement.authorities:
            citation = known[cite.id].citation if cite.id in known else f"{cite.id} (unknown)"
            lines.append(f"    cites {citation}, {cite.pinpoint}")
    lines.append(f"\n{len(pack.requirements)} requirements.")
    return lines
