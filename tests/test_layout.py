"""The package layout: a sub-package per pipeline stage, imports flowing only down the pipeline."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import ROOT

PACKAGE = ROOT / "procure"
# The pipeline, first stage first: a module may import from its own stage and earlier ones.
STAGES = ("support", "model", "interview", "rules", "render", "returns")
TOP = {"cli", "pipeline", "__main__"}
BASE = {"errors", "__init__"}
HEAVY = ("weasyprint", "openpyxl", "docx", "questionary", "prompt_toolkit", "rich")


def rank(module: str) -> int:
    """`procure.render.pdf` → the position of its stage; the top modules come last."""
    parts = module.split(".")
    if parts[0] != "procure":
        raise ValueError(module)
    if len(parts) == 1 or parts[1] in BASE:
        return -1
    if parts[1] in TOP:
        return len(STAGES)
    return STAGES.index(parts[1])


def module_name(path: Path, top: Path) -> str:
    parts = path.relative_to(top).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imported(path: Path, own: str) -> list[tuple[int, str]]:
    """(line, module) for every procure import in a file, including those inside functions.

    `from ..render import pdf` counts as an import of `procure.render`: same stage, same rank.
    """
    package = own if path.name == "__init__.py" else own.rpartition(".")[0]
    found = []
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.ImportFrom):
            target = node.module or ""
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                target = ".".join([*base, node.module] if node.module else base)
            if target.startswith("procure"):
                found.append((node.lineno, target))
        elif isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names
                      if alias.name.startswith("procure")]
    return found


def upward_imports(package: Path) -> list[str]:
    """`file:line: module imports module` for each import from a later stage of the pipeline."""
    top = package.parent
    problems = []
    for path in sorted(package.rglob("*.py")):
        own = module_name(path, top)
        for line, target in imported(path, own):
            if rank(target) > rank(own):
                problems.append(f"{path.relative_to(top)}:{line}: {own} imports {target}")
    return problems


def test_every_stage_is_a_package_that_says_what_comes_in_and_goes_out() -> None:
    found = sorted(path.name for path in PACKAGE.iterdir()
                   if path.is_dir() and (path / "__init__.py").exists())
    assert found == sorted(STAGES)
    for stage in STAGES:
        doc = ast.get_docstring(ast.parse((PACKAGE / stage / "__init__.py").read_text()))
        assert doc and "In:" in doc and "Out:" in doc, stage
    loose = sorted(path.stem for path in PACKAGE.glob("*.py"))
    assert loose == sorted(TOP | BASE)


def test_every_module_opens_with_a_docstring() -> None:
    missing = [str(path.relative_to(ROOT)) for path in PACKAGE.rglob("*.py")
               if path.name != "__main__.py" and not ast.get_docstring(ast.parse(path.read_text()))]
    assert missing == []


def test_no_import_flows_up_the_pipeline() -> None:
    assert upward_imports(PACKAGE) == []


def test_the_check_finds_an_import_that_flows_up(tmp_path: Path) -> None:
    fake = tmp_path / "procure"
    (fake / "model").mkdir(parents=True)
    (fake / "model" / "__init__.py").write_text('"""x"""\n')
    (fake / "model" / "packs.py").write_text(
        '"""x"""\nfrom ..rules.selection import select\n\n\n'
        'def f():\n    from ..render import pdf\n    from . import answers\n')
    (fake / "model" / "answers.py").write_text('"""x"""\nimport procure.returns.read\n')
    assert upward_imports(fake) == [
        "procure/model/answers.py:2: procure.model.answers imports procure.returns.read",
        "procure/model/packs.py:2: procure.model.packs imports procure.rules.selection",
        "procure/model/packs.py:6: procure.model.packs imports procure.render",
    ]


@pytest.mark.slow
@pytest.mark.parametrize("args", [["--help"], ["generate", "--help"], ["packs", "--help"]])
def test_help_imports_no_renderer_and_no_heavy_library(args: list[str]) -> None:
    probe = ("import sys\nfrom procure.cli import main\n"
             "try:\n    main(sys.argv[1:])\nexcept SystemExit:\n    pass\n"
             "print(sorted(m for m in sys.modules if m.startswith('procure.render')"
             f" or m.split('.')[0] in {HEAVY!r}), file=sys.stderr)")
    result = subprocess.run([sys.executable, "-c", probe, *args], capture_output=True,
                            text=True, check=True)
    assert result.stderr.strip().splitlines()[-1] == "[]"
    assert "Usage:" in result.stdout
