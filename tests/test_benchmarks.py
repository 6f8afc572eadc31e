"""The scale benchmark runs, on a small synthetic library, and reports every stage."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from benchmarks.synthetic import realistic_pack_documents, write_pack_folder

from .conftest import ROOT


def test_synthetic_packs_repeat_the_real_requirements_under_new_ids() -> None:
    documents = realistic_pack_documents(2500, per_pack=1000)
    assert [len(document["requirements"]) for document in documents] == [1000, 1000, 500]
    ids = [item["id"] for document in documents for item in document["requirements"]]
    assert len(set(ids)) == 2500
    assert ids[:2] == ["S0-000", "S0-001"] and ids[-1] == "S2-499"


@pytest.mark.slow
def test_the_scale_run_reports_each_stage(tmp_path: Path) -> None:
    folder = write_pack_folder(tmp_path / "packs", 120, per_pack=50)
    result = subprocess.run([sys.executable, "-m", "benchmarks.scale", str(folder)],
                            capture_output=True, text=True, check=True, cwd=ROOT)
    measured = json.loads(result.stdout)
    assert measured["size"] == 120
    assert 0 < measured["selected"] <= 120
    assert list(measured["stages"]) == ["load, first run", "load, from the cache", "select",
                                        "md", "json"]
    for stage in measured["stages"].values():
        assert stage["cpu_s"] > 0 and stage["count"] == 120


@pytest.mark.slow
def test_the_pdf_scale_run_reports_pages_and_the_three_pdf_stages(tmp_path: Path) -> None:
    folder = write_pack_folder(tmp_path / "packs", 20, per_pack=20)
    result = subprocess.run([sys.executable, "-m", "benchmarks.scale", str(folder), "--only-pdf"],
                            capture_output=True, text=True, check=True, cwd=ROOT)
    measured = json.loads(result.stdout)
    assert measured["pages"] > 5
    assert list(measured["stages"]) == ["pdf html", "pdf layout", "pdf write"]
    for stage in measured["stages"].values():
        assert stage["cpu_s"] > 0 and stage["count"] == measured["pages"]
