"""A checklist diff as plain text (for the terminal) or Markdown (for an amendment).

In: a `ChecklistDiff`. Out: text listing what the two versions are, the answers and authority
statuses that changed, the packs now included or no longer included, then the requirements
added, removed and changed, then those the tailoring changed (with each entry's reason), each
with what changed and why. Markdown escapes every text taken from answers and packs.
"""

from __future__ import annotations

from ..rules.diffing import ChecklistDiff, RequirementChange, Side
from .templating import markdown_text as md

DIFF_FORMATS = ("text", "md")
SECTIONS = (("added", "Added", "+"), ("removed", "Removed", "-"), ("changed", "Changed", "~"),
            ("tailored", "Tailored", "*"))


def _side(side: Side) -> str:
    return f"{side.label} ({side.kind}, document date {side.checklist.as_of})"


def _listing(items: tuple[str, ...]) -> str:
    return "; ".join(items) if items else "none"


def _context(diff: ChecklistDiff) -> list[tuple[str, str]]:
    """What changed around the requirements: (label, listing) for both renderers."""
    return [("Answers changed", _listing(diff.answer_changes)),
            ("Authority status changed", _listing(diff.authority_changes)),
            ("Packs now included", _listing(diff.packs_added)),
            ("Packs no longer included", _listing(diff.packs_removed))]


def _sections(diff: ChecklistDiff) -> tuple[tuple[str, str, str], ...]:
    """Added, removed and changed always; tailored when tailoring changed anything."""
    return tuple(section for section in SECTIONS
                 if section[0] != "tailored" or diff.of_kind("tailored"))


def _totals(diff: ChecklistDiff) -> str:
    counts = [len(diff.of_kind(kind)) for kind, _, _ in SECTIONS]
    total = sum(counts)
    if not total:
        return "No requirement changed."
    tailored = f", {counts[3]} by tailoring" if counts[3] else ""
    return (f"{total} requirement change{'s' if total != 1 else ''}: {counts[0]} added, "
            f"{counts[1]} removed, {counts[2]} changed{tailored}.")


def _heading(change: RequirementChange) -> str:
    """`OPT-003 MUST (optical-transport) title`; a pack touched by tailoring has no level."""
    if change.pack == change.id:
        return f"{change.id} (pack) {change.title}"
    return f"{change.id} {change.level} ({change.pack}) {change.title}"


def render_diff_text(diff: ChecklistDiff) -> str:
    lines = ["Requirement changes",
             f"  old: {_side(diff.old)}",
             f"  new: {_side(diff.new)}",
             "",
             *(f"{label}: {listing}" for label, listing in _context(diff))]
    for kind, title, mark in _sections(diff):
        changes = diff.of_kind(kind)
        lines += ["", f"{title} ({len(changes)}){':' if changes else ': none'}"]
        for change in changes:
            lines.append(f"  {mark} {_heading(change)}")
            lines += [f"      {text}" for text in change.changes]
            lines += [f"      because {text}" for text in change.reasons]
    lines += ["", _totals(diff)]
    return "\n".join(lines) + "\n"


def _markdown_item(change: RequirementChange) -> list[str]:
    where = "pack" if change.pack == change.id else f"{md(change.pack)}, {change.level}"
    lines = [f"- **{md(change.id)}** ({where}): {md(change.title)}"]
    lines += [f"  - {md(text)}" for text in change.changes]
    lines += [f"  - Because {md(text)}" for text in change.reasons]
    return lines


def render_diff_markdown(diff: ChecklistDiff) -> str:
    project = diff.new.checklist.answers.get("project", "")
    lines = [f"# Requirement changes: {md(project)}", "",
             f"From {md(_side(diff.old))} to {md(_side(diff.new))}.", "",
             *(f"- {label}: {md(listing)}" for label, listing in _context(diff))]
    for kind, title, _ in _sections(diff):
        changes = diff.of_kind(kind)
        lines += ["", f"## {title} ({len(changes)})", ""]
        if not changes:
            lines.append("None.")
        for change in changes:
            lines += _markdown_item(change)
    lines += ["", _totals(diff)]
    return "\n".join(lines) + "\n"


def render_diff(diff: ChecklistDiff, form: str) -> str:
    return render_diff_markdown(diff) if form == "md" else render_diff_text(diff)
