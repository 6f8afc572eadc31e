"""Shared fixtures: run the real CLI in-process, find examples, fix the document date."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from procure.cli import main
from procure.model.answers import Answers, load_answers
from procure.model.checklist import Checklist
from procure.model.packs import Library, load_library
from procure.rules.selection import select

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
AS_OF = dt.date(2026, 11, 22)
# The day the bundled packs and registry were last checked against the law: lint runs on it
# (on an earlier date their review date would be in the future).
REVIEWED = dt.date(2026, 11, 27)


@pytest.fixture(autouse=True, scope="session")
def private_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The tests' own cache folder (never the user's), for in-process runs and subprocesses."""
    folder = tmp_path_factory.mktemp("cache")
    previous = os.environ.get("PROCURE_CACHE_DIR")
    os.environ["PROCURE_CACHE_DIR"] = str(folder)
    os.environ.pop("PROCURE_NO_CACHE", None)
    yield folder
    if previous is None:
        os.environ.pop("PROCURE_CACHE_DIR", None)
    else:
        os.environ["PROCURE_CACHE_DIR"] = previous


@dataclass
class Result:
    code: int
    out: str
    err: str


@pytest.fixture
def run_cli(capsys: pytest.CaptureFixture[str]):
    """Run `procure ARGS...` through `procure.cli.main`, the real entry point; capture output."""

    def run(*args: str) -> Result:
        capsys.readouterr()
        try:
            main(list(args))
            code = 0
        except SystemExit as exc:
            code = int(exc.code or 0)
        captured = capsys.readouterr()
        return Result(code, captured.out, captured.err)

    return run


@pytest.fixture(scope="session")
def library() -> Library:
    return load_library()


def example(name: str) -> Answers:
    return load_answers(EXAMPLES / f"{name}.yaml")[0]


@pytest.fixture(scope="session")
def checklist_of(library: Library):
    """The checklist of a bundled example on the fixed document date (cached per name/date)."""
    cache: dict[tuple[str, dt.date], Checklist] = {}

    def build(name: str, as_of: dt.date = AS_OF) -> Checklist:
        key = (name, as_of)
        if key not in cache:
            cache[key] = select(example(name), library, as_of)
        return cache[key]

    return build
