"""Counted words agree with their count; suggestions find the id that was meant."""

from __future__ import annotations

from pathlib import Path

import pytest

from procure.errors import OutputError
from procure.support.wording import closest, counted, exists, printable, suggest
from procure.support.writing import write_files


def test_counted_words_agree_with_the_count() -> None:
    assert [counted(n, "problem") for n in (0, 1, 2, 1250)] == [
        "0 problems", "1 problem", "2 problems", "1,250 problems"]
    assert counted(1, "authority", "authorities") == "1 authority"
    assert counted(3, "authority", "authorities") == "3 authorities"
    assert (exists(1), exists(2)) == ("exists", "exist")


@pytest.mark.parametrize(("typed", "meant"), [
    ("pqc-007", "PQC-007"), ("PQC-7", "PQC-007"), ("pqc-0007", "PQC-007"), ("PQC", "pqc"),
    ("PCQ-007", "PQC-007"), ("zt-7", "ZT-007"), ("Domestic-Sourcing", "domestic-sourcing"),
    ("cnsa-nss", "cnsa2-nss"),
])
def test_suggestions_ignore_case_and_the_zeros_of_a_number(typed: str, meant: str) -> None:
    ids = ["pqc", "zero-trust", "domestic-sourcing", "cnsa2-nss", "PQC-007", "PQC-017",
           "ZT-007", "OPT-009", "DOM-007"]
    assert closest(typed, ids) == meant
    assert suggest(typed, ids) == f"; did you mean '{meant}'?"


def test_a_number_that_no_id_has_suggests_nothing() -> None:
    assert suggest("NOPE-999", ["OPT-009", "PQC-007"]) == "."


def test_printable_drops_escape_sequences_and_control_characters() -> None:
    assert printable("a\x1b[31mb\x07c\td\x9be\nf") == "a[31mbc de\nf"


@pytest.mark.parametrize(("names", "message"), [
    (["a.md"], "a.md already exists; pass --force to replace it or choose another --out."),
    (["a.md", "b.md"], "a.md, b.md already exist; pass --force to replace them or choose "
                       "another --out."),
])
def test_existing_outputs_are_named_in_agreement(tmp_path: Path, names: list[str],
                                                 message: str) -> None:
    for name in names:
        (tmp_path / name).write_text("keep")
    with pytest.raises(OutputError) as caught:
        write_files(tmp_path, dict.fromkeys(names, b"new"))
    assert caught.value.message == f"{tmp_path}: {message}"
