"""The installed `procure interview` in a real pseudo-terminal (pexpect), and without one."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pexpect
import pytest

from procure.model.answers import load_answers

from .conftest import EXAMPLES

pytestmark = pytest.mark.slow

PROCURE = Path(sys.executable).parent / "procure"
ENTER, DOWN, SPACE, CTRL_C = "\r", "\x1b[B", " ", "\x03"


def spawn(tmp_path: Path, *args: str) -> pexpect.spawn:
    # pexpect answers no cursor position request; tell prompt_toolkit not to send one.
    env = {**os.environ, "PROMPT_TOOLKIT_NO_CPR": "1", "TERM": "xterm"}
    return pexpect.spawn(str(PROCURE), ["interview", *args], cwd=str(tmp_path), env=env,
                         encoding="utf-8", dimensions=(40, 110), timeout=20)


def answer(child: pexpect.spawn, progress: str, *keys: str) -> None:
    child.expect_exact(progress)
    child.send("".join(keys))


def test_a_carrier_answers_in_a_terminal_and_gets_its_checklist(tmp_path: Path) -> None:
    child = spawn(tmp_path)
    answer(child, "Question 1 of about 14 ›", "Example Rural Wireless, Inc.", ENTER)
    answer(child, "Question 2 of about 14 ›", "Open RAN modernization, Phase 2", ENTER)
    answer(child, "Question 3 of about 14 ›", ENTER)                    # no solicitation yet
    answer(child, "Question 4 of about 14 ›", DOWN * 4, ENTER)          # carrier
    answer(child, "Question 5 of about 14 ›", ENTER)                    # no federal role
    answer(child, "Question 6 of about 14 ›", SPACE, ENTER)             # USF and own funds
    answer(child, "Question 7 of about 14 ›", "9.5M", ENTER)
    answer(child, "Question 8 of about 14 ›", "2027-04-01", ENTER)
    answer(child, "Question 9 of about 14 ›", "2027", ENTER)
    answer(child, "Question 10 of about 14 ›",                          # RAN, core, IP, NMS
           DOWN, SPACE, DOWN, DOWN, SPACE, DOWN, SPACE, DOWN * 4, SPACE, ENTER)
    answer(child, "Question 11 of about 17 ›",                          # SRv6, telemetry, metro
           DOWN * 4, SPACE, DOWN, SPACE, DOWN, DOWN, SPACE, ENTER)
    answer(child, "Question 12 of about 17 ›", SPACE, DOWN, SPACE, DOWN, SPACE, ENTER)
    answer(child, "Question 13 of about 17 ›", DOWN, SPACE, ENTER)      # licensed Part 27
    answer(child, "Question 14 of about 17 ›", "y")
    answer(child, "Question 15 of about 17 ›", "y")
    answer(child, "Question 16 of about 17 ›", ENTER)
    answer(child, "Question 17 of about 17 ›", ENTER)
    answer(child, "Fill-in 1 of 1, named in CI-001 ›", "24 hours", ENTER)
    answer(child, "? Review your answers", ENTER)
    child.expect_exact("Saved your answers to answers.yaml.")
    answer(child, "? Generate the checklist now?", ENTER)
    answer(child, "? Which formats?", ENTER)
    answer(child, "? Which edition?", ENTER)
    answer(child, "? Into which folder?", ENTER)
    child.expect_exact("wrote out/checklist.md")
    child.expect_exact("wrote out/checklist.json")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    saved = load_answers(tmp_path / "answers.yaml")[0].model_dump()
    example = load_answers(EXAMPLES / "carrier-usf-oran.yaml")[0].model_dump()
    assert {k: sorted(v) if isinstance(v, list) else v for k, v in saved.items()} == \
        {k: sorted(v) if isinstance(v, list) else v for k, v in example.items()}
    checklist = (tmp_path / "out" / "checklist.md").read_text()
    assert checklist.startswith("# Requirements checklist: Open RAN modernization, Phase 2\n")


def test_ctrl_c_in_a_terminal_leaves_a_resume_file_and_exits_130(tmp_path: Path) -> None:
    child = spawn(tmp_path, "--out", "q3.yaml")
    answer(child, "Question 1 of about 14 ›", "Example Utility", ENTER)
    answer(child, "Question 2 of about 14 ›", "Substation LAN", CTRL_C)
    child.expect(pexpect.EOF)
    shown = child.before
    child.close()
    assert child.exitstatus == 130
    assert "Interrupted. 1 answer so far saved in q3.partial.yaml." in shown
    assert "Continue with: procure interview --answers q3.partial.yaml" in shown
    assert "Traceback" not in shown
    resume = (tmp_path / "q3.partial.yaml").read_text()
    assert resume.startswith("# yaml-language-server: $schema=")
    assert resume.splitlines()[1] == "# procure interview: answers so far (resume file)"
    assert "\norganization: Example Utility\n" in resume
    assert "project" not in resume.split("schema:")[1]


def test_without_a_terminal_it_exits_2_before_loading_the_prompt_libraries(
        tmp_path: Path) -> None:
    code = ("import sys\nfrom procure.cli import main\ntry:\n    main(['interview'])\n"
            "except SystemExit as exc:\n"
            "    print(exc.code, 'questionary' in sys.modules, 'prompt_toolkit' in sys.modules)")
    done = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, stdin=subprocess.DEVNULL,
                          capture_output=True, text=True, timeout=30)
    assert done.stdout == "2 False False\n"
    assert done.stderr == (
        "Error: interview: no terminal to ask questions in (stdin or stdout is not a terminal); "
        "run `procure generate ANSWERS` with an answers file, or run `procure interview "
        "--answers FILE` in a terminal.\n")
    assert list(tmp_path.iterdir()) == []


def test_tailor_in_a_terminal_adds_an_entry_to_the_answers_file(tmp_path: Path) -> None:
    import datetime as dt

    from procure.pipeline import checklist_for

    answers = tmp_path / "answers.yaml"
    answers.write_text((EXAMPLES / "federal-civilian-400zr.yaml").read_text())
    before = answers.read_text()
    checklist, library = checklist_for(answers, dt.date.today())
    packs = [pack.id for pack in checklist.packs]
    requirements = [r.id for r in library.pack("energy-efficiency").requirements]  # type: ignore[union-attr]
    env = {**os.environ, "PROMPT_TOOLKIT_NO_CPR": "1", "TERM": "xterm"}
    child = pexpect.spawn(str(PROCURE), ["tailor", "answers.yaml"], cwd=str(tmp_path), env=env,
                          encoding="utf-8", dimensions=(40, 110), timeout=20)
    answer(child, "? Which pack?", DOWN * (1 + packs.index("energy-efficiency")), ENTER)
    answer(child, "? Which requirement?", DOWN * (2 + requirements.index("EE-003")), ENTER)
    answer(child, "? What do you want to change?", ENTER)            # Remove it
    answer(child, "? Why (this goes on the record)", "Metered by the facility", ENTER)
    answer(child, "? Who decided", "J. Doe", ENTER)
    child.expect_exact("Added: EE-003: removed.")
    answer(child, "? Which pack?", ENTER)                            # Done
    child.expect_exact("Added 1 tailoring entry to answers.yaml.")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    entry = load_answers(answers)[0].tailoring[0]
    assert (entry.id, entry.action, entry.reason, entry.by) == (
        "EE-003", "remove", "Metered by the facility", "J. Doe")
    assert answers.read_text().startswith(before.rstrip("\n"))


def test_tailor_without_a_terminal_exits_2(tmp_path: Path) -> None:
    answers = tmp_path / "answers.yaml"
    answers.write_text((EXAMPLES / "federal-civilian-400zr.yaml").read_text())
    done = subprocess.run([str(PROCURE), "tailor", "answers.yaml"], cwd=tmp_path,
                          stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=30)
    assert done.returncode == 2
    assert done.stderr == (
        "Error: tailor: no terminal to ask questions in (stdin or stdout is not a terminal); add "
        "entries to the answers file's `tailoring:` list instead (see docs/tailoring.md).\n")
