"""What `generate --format md,json` imports: only what it uses (no renderer, no heavy library)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

# The question data is used: reasons are written in the buyer's words from it.
UNUSED = ("weasyprint", "openpyxl", "docx", "questionary", "prompt_toolkit", "rich",
          "pydantic.networks", "procure.render.pdf", "procure.render.matrix",
          "procure.render.word", "procure.interview", "procure.returns")


@pytest.mark.slow
def test_generate_markdown_and_json_imports_nothing_it_does_not_use(tmp_path: Path) -> None:
    probe = ("import sys\nfrom procure.cli import main\n"
             "try:\n    main(sys.argv[1:])\nexcept SystemExit as exc:\n    assert not exc.code\n"
             f"print(sorted(m for m in sys.modules if m in {UNUSED!r} "
             f"or m.startswith(tuple(u + '.' for u in {UNUSED!r}))))")
    result = subprocess.run([sys.executable, "-c", probe, "generate", "--example",
                             "federal-civilian-400zr", "--format", "md,json", "--out",
                             str(tmp_path), "--as-of", "2026-11-22"],
                            capture_output=True, text=True, check=True)
    assert result.stdout.strip().splitlines()[-1] == "[]"
    assert sorted(path.name for path in tmp_path.iterdir()) == ["checklist.json", "checklist.md"]
