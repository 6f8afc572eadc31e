"""Markdown renderer.

In: a `Checklist`. Out: `checklist.md` as UTF-8 bytes, through `templates/checklist.md.j2`:
cover block (with warnings about the answers), summary counts that keep legal MUSTs apart from the
buyer's specifications, buyer profile, thresholds, deadlines, one section per pack, appendices.
"""

from __future__ import annotations

from pathlib import Path

from ..model.checklist import BASIS_WORDS, Checklist
from ..model.registry import KIND_WORDS
from .labels import level_label, tailoring_by_id
from .templating import template


def render_markdown(checklist: Checklist, templates: Path | None = None) -> bytes:
    by_pack = {pack.id: checklist.requirements_of(pack.id) for pack in checklist.packs}
    text = template("checklist.md.j2", templates).render(
        c=checklist,
        counts=checklist.counts(),
        totals=checklist.totals(),
        by_pack=by_pack,
        citations={a.id: a.citation for a in checklist.authority_register},
        level_label=level_label,
        basis_words=BASIS_WORDS,
        kind_words=KIND_WORDS,
        tailoring_of=tailoring_by_id(checklist),
    )
    return text.encode()
