"""Markdown renderer.

In: a `Checklist`. Out: `checklist.md` as UTF-8 bytes, through `templates/checklist.md.j2`:
cover block, summary counts, buyer profile, deadlines, one section per pack, appendices.
"""

from __future__ import annotations

from pathlib import Path

from ..model.checklist import Checklist
from ..support.gcpause import paused_gc
from .grouping import requirements_by_pack
from .profile import buyer_profile
from .templating import template


@paused_gc()
def render_markdown(checklist: Checklist, templates: Path | None = None) -> bytes:
    by_pack = requirements_by_pack(checklist)
    text = template("checklist.md.j2", templates).render(
        c=checklist,
        counts=checklist.counts(),
        totals=checklist.totals(),
        by_pack=by_pack,
        profile=buyer_profile(checklist.answers),
        citations={a.id: a.citation for a in checklist.authority_register},
    )
    return text.encode()
