"""The repository's documents stand alone: no pointer outside it, every relative link resolves."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from .conftest import ROOT

DOCUMENTS = sorted([ROOT / "README.md", ROOT / "SECURITY.md", *(ROOT / "docs").glob("*.md")])
DATA = sorted([*(ROOT / "examples").glob("*.yaml"), *(ROOT / "schemas").glob("*.json"),
               *(ROOT / "templates").rglob("*.j2")])
OUTSIDE = re.compile(r"\.\./shared|PRODUCT\.md|STYLE\.md|/work/")
LINK = re.compile(r"\]\((?!https?://|#|mailto:)([^)\s]+)\)")


@pytest.mark.parametrize("path", DOCUMENTS + DATA, ids=lambda path: str(path.relative_to(ROOT)))
def test_nothing_points_outside_the_repository(path: Path) -> None:
    found = [f"line {number}: {line.strip()}"
             for number, line in enumerate(path.read_text().splitlines(), start=1)
             if OUTSIDE.search(line)]
    assert found == []


@pytest.mark.parametrize("path", DOCUMENTS, ids=lambda path: str(path.relative_to(ROOT)))
def test_every_relative_link_resolves(path: Path) -> None:
    missing = [target for target in LINK.findall(path.read_text())
               if not (path.parent / target.split("#")[0]).exists()]
    assert missing == []
