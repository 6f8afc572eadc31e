"""Markdown renderer.

In: a `Checklist` and the edition. Out: `checklist.md` as UTF-8 bytes, through
`templates/checklist.md.j2`. The review edition: cover block (with warnings about the answers),
summary counts that keep legal MUSTs apart from the buyer's specifications, the blanks to fill
before release, buyer profile, thresholds, deadlines, one section per pack with the basis, reasons
and points for counsel, the FAR and DFARS provisions and clauses, appendices. The rfp edition
(from the vendor copy only): the solicitation and attachment, how to respond, counts by level,
the numbered requirements with a response line each, the provisions and clauses, the authorities.
"""

from __future__ import annotations

from pathlib import Path

from ..model.checklist import Checklist
from ..support.gcpause import paused_gc
from .edition import template_context
from .templating import template


@paused_gc()
def render_markdown(checklist: Checklist, templates: Path | None = None,
                    edition: str = "review") -> bytes:
    context = template_context(checklist, edition)
    return template("checklist.md.j2", templates).render(**context).encode()
