"""Fuzzing the loaders: whatever the bytes, the answers and pack loaders either return a valid
model or raise procure's own error with a one-line-per-problem message, never anything else.

CI runs a short pass; `PROCURE_FUZZ_EXAMPLES=20000 pytest tests/test_fuzz.py` runs the long one.
Inputs that once broke a loader are kept below as explicit regression examples.
"""

from __future__ import annotations

import os
from pathlib import Path

import yaml
from hypothesis import example, given, settings
from hypothesis import strategies as st

from procure.errors import ProcureError
from procure.model.answers import answers_from_data
from procure.model.packs import Pack, parse_cached
from procure.support.reading import parse_document

from .conftest import EXAMPLES, ROOT

EXAMPLES_COUNT = int(os.environ.get("PROCURE_FUZZ_EXAMPLES", "300"))
FUZZ = settings(max_examples=EXAMPLES_COUNT, deadline=None)
GOOD_ANSWERS = (EXAMPLES / "federal-civilian-400zr.yaml").read_text()
GOOD_PACK = (ROOT / "tests" / "data" / "good-packs" / "org-security-baseline.yaml").read_text()

YAML_SCALARS = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False),
                         st.text(max_size=20), st.dates())
YAML_VALUES = st.recursive(
    YAML_SCALARS,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner,
                                                                 max_size=4),
    max_leaves=20)


@st.composite
def mutated(draw: st.DrawFn, text: str) -> str:
    """The text with a few characters replaced, inserted or deleted."""
    chars = list(text)
    for _ in range(draw(st.integers(min_value=1, max_value=6))):
        position = draw(st.integers(min_value=0, max_value=max(len(chars) - 1, 0)))
        action = draw(st.sampled_from(("replace", "insert", "delete")))
        glyph = draw(st.sampled_from([*":-[]{}#&*!|>'\"\t\n ,?%@`\\", "x", "0", "é"]))
        if action == "replace" and chars:
            chars[position] = glyph
        elif action == "insert":
            chars.insert(position, glyph)
        elif chars:
            del chars[position]
    return "".join(chars)


def load_answers_text(text: str) -> None:
    try:
        answers_from_data(parse_document(text, "fuzz.yaml", "answers file"), "fuzz.yaml")
    except ProcureError as exc:
        assert exc.message.startswith("fuzz.yaml")
        assert "Traceback" not in exc.message


@FUZZ
@given(text=mutated(GOOD_ANSWERS))
@example(text=GOOD_ANSWERS.replace("award_date: 2027-03-31", "award_date: 2027-02-30"))
@example(text=GOOD_ANSWERS + "sector: utility\n")
@example(text=GOOD_ANSWERS.replace("funding: [appropriated]", "funding: [appropriated"))
@example(text="? [a, b]\n: c\n")
@example(text="? {a: 1}\n: c\n")
def test_mutated_answers_files_load_or_fail_cleanly(text: str) -> None:
    load_answers_text(text)


@FUZZ
@given(text=st.text(max_size=300))
@example(text="\ufeff")
@example(text="- !!binary AAAA\n")
@example(text="a: !!timestamp 2027-99-99\n")
def test_arbitrary_text_as_answers_fails_cleanly(text: str) -> None:
    load_answers_text(text)


@FUZZ
@given(data=YAML_VALUES)
def test_arbitrary_yaml_structures_as_answers_fail_cleanly(data: object) -> None:
    load_answers_text(yaml.safe_dump(data))


@FUZZ
@given(text=mutated(GOOD_PACK))
def test_mutated_packs_load_or_fail_cleanly(tmp_path_factory, text: str) -> None:
    folder: Path = tmp_path_factory.mktemp("fuzz")
    path = folder / "pack.yaml"
    path.write_text(text)
    try:
        pack, _ = parse_cached(path, "pack")
    except ProcureError as exc:
        assert exc.message.startswith(str(path))
    else:
        assert isinstance(pack, Pack)
