"""The interview driven key by key through prompt_toolkit's pipe input, in process.

Keys are what a buyer presses: Enter, the down arrow, space to tick a box, Ctrl-C. Tests that look
at the screen run the interview in a thread and wait for text, like pexpect does.
"""

from __future__ import annotations

import io
import os
import re
import shutil
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from prompt_toolkit.data_structures import Size
from prompt_toolkit.input import PipeInput, create_pipe_input
from prompt_toolkit.output import DummyOutput
from prompt_toolkit.output.vt100 import Vt100_Output

from procure.errors import InputFileError, InterruptedByUser, OutputError, UsageError
from procure.interview.session import (
    FillInsNeeded,
    Session,
    load_start,
    offer_of,
    only_answer,
    run_interview,
    schema_line,
)
from procure.model.answers import Answers, answers_from_data, load_answers
from procure.model.questions import load_questions
from procure.pipeline import interview_fill_ins, interview_generation

from .conftest import AS_OF, EXAMPLES, ROOT

ENTER, DOWN, UP, SPACE, CTRL_C, CLEAR = "\r", "\x1b[B", "\x1b[A", " ", "\x03", "\x15"
GOLDEN = ROOT / "tests" / "data" / "interview"
UPDATE = os.environ.get("PROCURE_UPDATE_GOLDEN") == "1"


def without_schema_line(saved: str) -> str:
    """A saved answers file after its first line, which must point at the shipped schema."""
    first, _, rest = saved.partition("\n")
    assert first == schema_line()
    return rest


def down(times: int) -> str:
    return DOWN * times


def text(typed: str) -> str:
    return typed + ENTER


def interview(*keys: str, answers: Path | None = None, out: str = "answers.yaml",
              fill_ins: FillInsNeeded | None = None) -> Path:
    """Run the whole interview on these key presses (the input closes after the last one)."""
    with create_pipe_input() as keyboard:
        keyboard.send_text("".join(keys))
        keyboard.close()
        return run_interview(answers, Path(out), input=keyboard, output=DummyOutput(),
                             as_of=AS_OF, generation=interview_generation(),
                             fill_ins=fill_ins)


@pytest.fixture(autouse=True)
def in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return tmp_path


def sorted_lists(answers: Answers) -> dict[str, Any]:
    return {key: sorted(value) if isinstance(value, list) else value
            for key, value in answers.model_dump().items()}


FEDERAL_AGENCY = (
    text("Department of Example Affairs, Office of the CIO"),
    text("Metro optical transport refresh (400ZR)"),
    text("70RTAC27R00000012"), text("J-3"),  # solicitation number and attachment label
    ENTER,                                  # sector: Federal civilian (first)
    ENTER,                                  # federal role: agency (first of agency, contractor)
    "n", "y", "y",                          # national security system, CUI, high-value asset
    text("$2M"), text("2027-03-31"), text("2027"),
    DOWN + ENTER,                           # commercial status: commercial (second)
    ENTER, "n",                             # contract vehicle: new contract; no set-aside
    SPACE, DOWN, SPACE, down(7), SPACE, ENTER,   # optical transport, IP routers, management
    SPACE, DOWN, SPACE, DOWN, SPACE, DOWN, SPACE, DOWN, DOWN, SPACE, DOWN, SPACE, ENTER,
    "y", "n",                               # cloud management, closed-loop automation
    DOWN + ENTER,                           # zero trust: advanced (one below initial)
    UP + ENTER,                             # domestic preference: preferred (one above none)
    ENTER,                                  # review: save
    "n",                                    # generate now? no
)

CLOUD_PROVIDER = (
    text("Example Cloud Holdings LLC"),
    text("AI region data-center interconnect (800G)"),
    text(""),                               # no solicitation number
    down(5) + ENTER,                        # sector: cloud or data-center provider
    ENTER,                                  # federal role: none (of contractor, none)
    text("45,000,000"), text("2027-01-31"), text("2027"),
    SPACE, DOWN, SPACE, DOWN, SPACE, down(6), SPACE, ENTER,
    DOWN, SPACE, DOWN, SPACE, DOWN, SPACE, DOWN, DOWN, SPACE, DOWN, SPACE, ENTER,
    ENTER, "y",                             # cloud management: no (default), automation: yes
    DOWN + ENTER, ENTER,                    # zero trust advanced, no domestic preference
    ENTER, "n",
)

UTILITY = (
    text("Example Gas & Electric Company"),
    text("Field-area private 5G and substation transport"),
    text(""),                               # no solicitation number
    down(3) + ENTER,                        # sector: utility
    ENTER,                                  # federal role: none
    DOWN, SPACE, DOWN, SPACE, ENTER,        # funding: tick ratepayer, untick own funds
    down(2) + ENTER,                        # NERC CIP impact: medium
    text("12m"), text("2027-02-01"), text(""),
    SPACE, DOWN, SPACE, down(4), SPACE, DOWN, DOWN, SPACE, DOWN, SPACE, ENTER,
    down(5), SPACE, DOWN, DOWN, SPACE, ENTER,    # streaming telemetry, metro aggregation
    down(3), SPACE, ENTER,                  # RAN plans: private 5G
    DOWN, SPACE, ENTER,                     # radio spectrum: Part 27
    "y", "n", ENTER, UP + ENTER,
    ENTER, "n",
)


@pytest.mark.parametrize(("keys", "golden", "example"), [
    (FEDERAL_AGENCY, "federal-agency.yaml", "federal-civilian-400zr"),
    (CLOUD_PROVIDER, "cloud-provider.yaml", "cloud-provider-dci"),
    (UTILITY, "utility.yaml", "utility-nerc-private-lte"),
])
def test_three_kinds_of_buyer_get_the_exact_answers_file(
        keys: tuple[str, ...], golden: str, example: str,
        capsys: pytest.CaptureFixture[str]) -> None:
    saved = interview(*keys)
    assert saved == Path("answers.yaml")
    if UPDATE:
        (GOLDEN / golden).write_text(without_schema_line(saved.read_text()))
    assert without_schema_line(saved.read_text()) == (GOLDEN / golden).read_text()
    # Fill-ins are asked only when the caller gives the pipeline's selection (tested below).
    expected = load_answers(EXAMPLES / f"{example}.yaml")[0].model_dump(exclude={"fill_ins"})
    reloaded = load_answers(saved)[0].model_dump(exclude={"fill_ins"})
    if example == "utility-nerc-private-lte":
        assert reloaded.pop("delivery_year") is None
        expected.pop("delivery_year")
    assert {k: sorted(v) if isinstance(v, list) else v for k, v in reloaded.items()} == \
        {k: sorted(v) if isinstance(v, list) else v for k, v in expected.items()}
    assert capsys.readouterr().out.splitlines()[-2:] == [
        "Saved your answers to answers.yaml.",
        "Make the checklist later with: procure generate answers.yaml",
    ]


def comments_by_key(saved: str) -> dict[str, str]:
    """The comment above each key of a saved file, its wrapped lines joined."""
    found: dict[str, str] = {}
    block: list[str] = []
    for line in saved.splitlines():
        if line.startswith("# "):
            block.append(line[2:])
        elif ":" in line:
            found[line.split(":")[0]] = " ".join(block)
            block = []
    return found


def test_questions_that_do_not_apply_are_skipped_and_say_why_in_the_file() -> None:
    interview(*CLOUD_PROVIDER)
    comments = comments_by_key(Path("answers.yaml").read_text())
    skipped = {key: comment[comment.index("Not asked"):]
               for key, comment in comments.items() if "Not asked" in comment}
    not_agency = "Not asked (federal_status is none, not agency), so the default applies."
    not_contractor = ("Not asked (federal_status is none, not contractor), so the default "
                      "applies.")
    no_radio = ("Not asked (equipment includes none of ran, private_wireless), so the default "
                "applies.")
    assert skipped == {
        "attachment": "Not asked (solicitation is not given), so the default applies.",
        "contracts_with": not_contractor,
        "contractor_purchase": not_contractor,
        "grant_program": "Not asked (funding does not include federal_grant), so the default "
        "applies.",
        "grantee_type": "Not asked (federal_status is none, not grantee), so the default applies.",
        "national_security_system": "Not asked (sector is cloud_provider, not one of "
        "federal_civilian, defense and federal_status is none, not one of agency, contractor), "
        "so the default applies.",
        "cui": "Not asked (federal_status is none, not one of agency, contractor, grantee), so "
        "the default applies.",
        "high_value_asset": "Not asked (federal_status is none, not one of agency, contractor), "
        "so the default applies.",
        "nerc_cip_impact": "Not asked (sector is cloud_provider, not utility), so the default "
        "applies.",
        "commercial_status": "Not asked (federal_status is none, not agency and "
        "contractor_purchase is not given), so the default applies.",
        "contract_vehicle": not_agency,
        "small_business_set_aside": not_agency,
        "ran_plans": no_radio,
        "radio_bands": no_radio,
    }
    assert comments["cui"] == (
        "CUI: CUI is sensitive government information that is not classified, such as "
        "export-controlled or contract data; it brings NIST SP 800-171. " + skipped["cui"])


def prompts_for(values: dict[str, Any]) -> int:
    """How many questions a buyer is asked whose answers are `values`: each that applies and
    offers more than one answer."""
    session = Session(load_questions(), defaults=values)
    answers = session.values()
    return sum(1 for question in session.visible()
               if only_answer(question, offer_of(question, answers)) is None)


@pytest.mark.parametrize("example", sorted(path.stem for path in EXAMPLES.glob("*.yaml")))
def test_starting_from_a_file_every_question_defaults_to_its_saved_value(example: str) -> None:
    source = EXAMPLES / f"{example}.yaml"
    values, resuming = load_start(source)
    assert not resuming
    saved = interview("n", ENTER * prompts_for(values), ENTER, "n", answers=source)
    assert sorted_lists(load_answers(saved)[0]) == sorted_lists(load_answers(source)[0])


@pytest.mark.parametrize("example", sorted(path.stem for path in EXAMPLES.glob("*.yaml")))
def test_a_whole_answers_file_can_go_straight_to_the_review(
        example: str, capsys: pytest.CaptureFixture[str]) -> None:
    source = EXAMPLES / f"{example}.yaml"
    saved = interview(ENTER, ENTER, "n", answers=source)   # straight to review: yes; save; no
    assert sorted_lists(load_answers(saved)[0]) == sorted_lists(load_answers(source)[0])
    assert capsys.readouterr().out.splitlines()[0] == (
        f"Starting from {source}: every answer is on the review screen; questions are asked "
        "only where an answer no longer fits.")


TOKEN = re.compile(r"\x1b\[([0-9;?]*)([A-Za-z])|\x1b[()][A-Z0-9]|\x1b\][^\x07]*\x07"
                   r"|([\r\n\x08])|([^\x1b\r\n\x08]+)")


def screen_rows(stream: str) -> list[str]:
    """What a terminal shows after `stream`: prompt_toolkit redraws by moving the cursor and
    writing only the cells that changed, so the text is read off a grid, not off the stream."""
    grid: list[list[str]] = [[]]
    y = x = 0
    for found in TOKEN.finditer(stream):
        arguments, command, control, printable = found.groups()
        while len(grid) <= y:
            grid.append([])
        row = grid[y]
        if printable:
            row.extend(" " * (x + len(printable) - len(row)))
            row[x:x + len(printable)] = printable
            x += len(printable)
        elif control == "\r":
            x = 0
        elif control == "\n":
            y += 1
        elif control == "\x08":
            x = max(0, x - 1)
        elif command in ("A", "B", "C", "D"):
            step = int(arguments or 1)
            y, x = {"A": (y - step, x), "B": (y + step, x), "C": (y, x + step),
                    "D": (y, x - step)}[command]
        elif command == "K":
            del row[x:]
        elif command == "J":
            del row[x:]
            del grid[y + 1:]
    return ["".join(row).rstrip() for row in grid]


class ScreenOutput(Vt100_Output):
    """A VT100 screen that knows the rows below the cursor, as a real terminal tells
    prompt_toolkit by answering its cursor position request (checkbox messages need it)."""

    def get_rows_below_cursor_position(self) -> int:
        return 40


class Terminal:
    """The interview in a thread, its screen in memory; `expect` waits for text to appear."""

    def __init__(self, keyboard: PipeInput) -> None:
        self.keyboard = keyboard
        self.stream = io.StringIO()
        self.output = ScreenOutput(self.stream, lambda: Size(rows=60, columns=120), term="xterm")
        self.result: Path | None = None
        self.error: BaseException | None = None
        self.thread: threading.Thread | None = None

    def start(self, answers: Path | None = None, out: str = "answers.yaml",
              fill_ins: FillInsNeeded | None = None) -> None:
        def run() -> None:
            try:
                self.result = run_interview(answers, Path(out), input=self.keyboard,
                                            output=self.output, as_of=AS_OF,
                                            generation=interview_generation(),
                                            fill_ins=fill_ins)
            except BaseException as exc:  # handed to the test by finish()
                self.error = exc

        self.thread = threading.Thread(target=run, daemon=True)
        self.thread.start()

    def send(self, *keys: str) -> None:
        self.keyboard.send_text("".join(keys))

    def screen(self) -> str:
        return "\n".join(screen_rows(self.stream.getvalue()))

    def count(self, wanted: str) -> int:
        return sum(row.count(wanted) for row in screen_rows(self.stream.getvalue()))

    def expect(self, wanted: str, times: int = 1, timeout: float = 10) -> None:
        """Wait until `wanted` is on the screen (`times` times: each answered question stays
        on the screen once, so a question asked again shows twice)."""
        deadline = time.monotonic() + timeout
        while self.count(wanted) < times:
            if time.monotonic() > deadline or (self.thread and not self.thread.is_alive()):
                raise AssertionError(f"{wanted!r} not shown {times} time(s); screen:\n"
                                     + self.screen())
            time.sleep(0.01)

    def finish(self) -> Path:
        assert self.thread is not None
        self.keyboard.close()
        self.thread.join(10)
        if self.error is not None:
            raise self.error
        assert self.result is not None
        return self.result


@pytest.fixture
def terminal() -> Iterator[Terminal]:
    with create_pipe_input() as keyboard:
        yield Terminal(keyboard)


ENTERPRISE = EXAMPLES / "enterprise-sdwan.yaml"


def test_progress_help_and_labels_are_shown_under_each_question(terminal: Terminal) -> None:
    terminal.start()
    terminal.expect("? Which organization is buying?")
    terminal.expect("  Shown on the cover of the checklist. Example: City of Example, "
                    "Department of Technology")
    terminal.expect("  Question 1 of about 14 ›")
    terminal.send(text("Example Cloud"), text("DCI"), text(""), down(5), ENTER)
    terminal.expect("  Question 4 of about 14 › Cloud or data-center provider")
    terminal.expect("  Question 5 of about 14 › (↑↓ to move, Enter to choose)")
    terminal.expect("   We hold federal contracts (we are a federal contractor)")
    terminal.expect(" » None: no federal contract, grant or loan is involved")
    assert terminal.count("A federal agency is the buyer") == 0
    assert terminal.count("Federal grant or loan money") == 0
    terminal.send(ENTER)
    terminal.expect("  Question 6 of about 13 ›")      # funding has one answer: not asked
    assert terminal.count("Where does the money come from?") == 0
    terminal.send(text("45M"), text("2027-01-31"), text("2027"), SPACE, ENTER)
    terminal.expect("  Question 10 of about 14 › (↑↓ to move, space to tick, Enter when done)")
    assert terminal.count("national security system") == terminal.count("NERC") == 0
    terminal.send(CTRL_C)
    with pytest.raises(InterruptedByUser):
        terminal.finish()


def test_invalid_input_is_refused_at_the_prompt_with_what_is_expected(
        terminal: Terminal) -> None:
    terminal.start(answers=ENTERPRISE)
    terminal.send("n")                                # go through the questions one by one
    terminal.expect("Question 1 of about 14 ›")
    terminal.send(CLEAR, ENTER)
    terminal.expect("An answer is needed here; type at least one character.")
    terminal.send(text("Example Retail Group"), ENTER, ENTER, ENTER, ENTER)
    terminal.expect("What is the estimated value of the acquisition, in US dollars?")
    terminal.send(CLEAR, text("about two million"))
    terminal.expect("'about two million' is not an amount; write US dollars, for example "
                    "2,000,000, $2M, 2.5m or 750k.")
    terminal.send(CLEAR, text("-2M"))
    terminal.expect("An amount cannot be negative; write a positive amount in US dollars, "
                    "for example 2,000,000, $2M, 2.5m or 750k.")
    terminal.send(CLEAR, text("$1,250,000.00"))
    terminal.expect("When do you expect to award the contract?")
    terminal.send(CLEAR, text("2027-02-30"))
    terminal.expect("2027-02-30 is not a day of the calendar; write YYYY-MM-DD, for example "
                    "2027-03-31.")
    terminal.send(CLEAR, text("March 2027"))
    terminal.expect("'March 2027' is not a date; write YYYY-MM-DD, for example 2027-03-31.")
    terminal.send(CLEAR, text("2027-06-30"), CLEAR, text("27"))
    terminal.expect("'27' is not a year; write four digits between 2000 and 2100, for example "
                    "2027.")
    terminal.send(CLEAR, text("2028"))
    terminal.expect("What are you buying?")
    terminal.send(down(6), SPACE, DOWN, SPACE, DOWN, SPACE, ENTER)
    terminal.expect("Tick at least one with the space bar, then press Enter.")
    terminal.send(SPACE, ENTER, ENTER, ENTER, ENTER, ENTER)
    terminal.expect("Review your answers")
    terminal.send(ENTER, "n")
    saved = load_answers(terminal.finish())[0]
    assert (saved.contract_value_usd, str(saved.award_date), saved.delivery_year,
            saved.equipment) == (1_250_000, "2027-06-30", 2028, ["network_management"])


def test_changing_an_answer_asks_again_only_the_questions_that_depend_on_it(
        terminal: Terminal) -> None:
    terminal.start(answers=ENTERPRISE)
    terminal.expect("? Go straight to the review of these answers?")
    terminal.expect(f"  {ENTERPRISE} answers every question.")
    terminal.expect("No: go through them one by one, each showing")
    terminal.send(ENTER)
    terminal.expect("? Review your answers")
    terminal.expect(f"   {'Sector':<22}  Enterprise")
    terminal.expect(f"   {'Funding':<22}  Own funds (only choice)")
    terminal.expect(f"   {'Domestic preference':<22}  No preference beyond the law")
    terminal.send(down(4), ENTER)                     # change the sector
    terminal.expect("? Which kind of buyer are you?")
    terminal.send(UP * 3, ENTER)                      # from enterprise up to utility
    terminal.expect("? Where does the money come from?")  # three choices now: asked
    terminal.expect("   ○ Ratepayer funds (the utility's rate base)")
    terminal.send(DOWN, SPACE, ENTER)                 # tick ratepayer too
    terminal.expect("? What is the NERC CIP impact rating of the BES Cyber Systems this gear "
                    "touches?")                       # now applies: asked for the first time
    terminal.send(DOWN, ENTER)
    terminal.expect("? Review your answers", times=2)
    terminal.expect(f"   {'NERC CIP impact':<22}  Low impact")
    terminal.expect(f"   {'Funding':<22}  Ratepayer funds; Own funds")
    for unchanged in ("? What is the federal government's part in this purchase?",
                      "? What is the estimated value of the acquisition, in US dollars?",
                      "? What are you buying?"):
        assert terminal.count(unchanged) == 0
    terminal.send(ENTER, "n")
    saved = terminal.finish()
    if UPDATE:
        (GOLDEN / "changed-to-utility.yaml").write_text(without_schema_line(saved.read_text()))
    assert without_schema_line(saved.read_text()) == \
        (GOLDEN / "changed-to-utility.yaml").read_text()


def test_changing_the_equipment_drops_plans_that_no_longer_apply() -> None:
    source = EXAMPLES / "federal-civilian-400zr.yaml"
    asked = [q.id for q in Session(load_questions(), defaults=load_start(source)[0]).visible()]
    saved = interview(ENTER, down(asked.index("equipment") + 1), ENTER,
                      SPACE, DOWN, SPACE, ENTER,       # untick optical transport and IP routers
                      ENTER, "n", answers=source)
    answers = load_answers(saved)[0]
    assert answers.equipment == ["network_management"]
    assert answers.transport_plans == []
    assert "transport_plans: []" in saved.read_text()


def test_ctrl_c_saves_a_resume_file_and_the_next_run_continues_from_it(
        capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(InterruptedByUser) as caught:
        interview(text("Example Retail Group"), text("Branch SD-WAN"), text(""), down(6), ENTER,
                  CTRL_C)
    assert caught.value.exit_code == 130
    assert str(caught.value) == (
        "Interrupted. 4 answers so far saved in answers.partial.yaml.\n"
        "Continue with: procure interview --answers answers.partial.yaml")
    assert without_schema_line(Path("answers.partial.yaml").read_text()) == \
        (GOLDEN / "resume.yaml").read_text()
    assert not Path("answers.yaml").exists()
    capsys.readouterr()

    saved = interview(ENTER, text("3.2M"), text("2027-02-15"), text("2027"),
                      down(6), SPACE, DOWN, SPACE, DOWN, SPACE, ENTER,
                      "y", ENTER, ENTER, ENTER, ENTER, "n",
                      answers=Path("answers.partial.yaml"))
    assert saved == Path("answers.yaml")
    assert not Path("answers.partial.yaml").exists()
    assert sorted_lists(load_answers(saved)[0]) == sorted_lists(load_answers(ENTERPRISE)[0]) | {
        "project": "Branch SD-WAN"}
    assert capsys.readouterr().out.splitlines()[:4] == [
        "Continuing from answers.partial.yaml: 4 answers are taken from it; change any of them "
        "at the review.",
        "Funding: Own funds (the only possible answer here, so it is not asked).",
        "Saved your answers to answers.yaml.",
        "Removed the resume file answers.partial.yaml; it is no longer needed.",
    ]


def test_starting_again_offers_to_continue_an_interrupted_interview(
        capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(InterruptedByUser):
        interview(text("Example Retail Group"), text("Branch SD-WAN"), text(""), down(6), ENTER,
                  CTRL_C)
    saved = interview(ENTER,                            # continue it? yes
                      ENTER, text("3.2M"), text("2027-02-15"), text("2027"),
                      down(6), SPACE, DOWN, SPACE, DOWN, SPACE, ENTER,
                      "y", ENTER, ENTER, ENTER, ENTER, "n")
    assert load_answers(saved)[0].project == "Branch SD-WAN"
    assert not Path("answers.partial.yaml").exists()
    assert "Continuing from answers.partial.yaml: 4 answers are taken from it; change any of " \
        "them at the review." in capsys.readouterr().out


def test_ctrl_c_before_any_answer_saves_nothing() -> None:
    with pytest.raises(InterruptedByUser) as caught:
        interview(CTRL_C)
    assert str(caught.value) == "Interrupted before the first answer; nothing was saved."
    assert list(Path().iterdir()) == []


def test_ctrl_c_at_the_review_keeps_every_answer_for_the_resume() -> None:
    with pytest.raises(InterruptedByUser):
        interview(ENTER, CTRL_C, answers=ENTERPRISE)
    values, resuming = load_start(Path("answers.partial.yaml"))
    assert resuming
    assert answers_from_data({"schema": "procure/answers@1", **values}, "resume") == \
        load_answers(ENTERPRISE)[0]


def test_an_existing_file_is_replaced_only_when_the_buyer_says_so() -> None:
    Path("answers.yaml").write_text("# keep me\n")
    saved = interview(ENTER, ENTER, "n", ENTER, "n", answers=ENTERPRISE)
    assert saved == Path("answers-2.yaml")
    assert Path("answers.yaml").read_text() == "# keep me\n"
    saved = interview(ENTER, ENTER, "y", "n", answers=ENTERPRISE)
    assert saved == Path("answers.yaml")
    assert load_answers(saved)[0] == load_answers(ENTERPRISE)[0]


def test_revising_a_file_in_place_offers_to_replace_it() -> None:
    Path("answers.yaml").write_text(ENTERPRISE.read_text())
    saved = interview(ENTER, ENTER, ENTER, "n", answers=Path("answers.yaml"))
    assert saved == Path("answers.yaml")
    assert without_schema_line(saved.read_text()).startswith(
        "# Answers for procure (procure/answers@1), saved by `procure interview`.\n")


def test_the_interview_offers_to_generate_the_checklist_right_away(
        capsys: pytest.CaptureFixture[str]) -> None:
    # straight to the review, save, generate now, default formats, review edition, folder
    interview(ENTER, ENTER, ENTER, ENTER, ENTER, CLEAR, text("rfp"), answers=ENTERPRISE)
    checklist = Path("rfp/checklist.md").read_text()
    assert "Branch SD-WAN and security refresh" in checklist
    assert Path("rfp/checklist.json").exists()
    assert capsys.readouterr().out.splitlines()[-2:] == ["wrote rfp/checklist.md",
                                                         "wrote rfp/checklist.json"]


def test_a_bad_starting_file_is_refused_before_any_question(tmp_path: Path) -> None:
    bad = tmp_path / "old.yaml"
    bad.write_text("schema: procure/answers@1\nsector: cloud_provder\nfunding: [bead, grants]\n")
    with pytest.raises(InputFileError) as caught:
        interview(answers=bad)
    assert str(caught.value) == (
        f"{bad}: sector: 'cloud_provder' is not a valid choice; did you mean 'cloud_provider'? "
        "Valid values: federal_civilian, defense, state_local, utility, carrier, cloud_provider, "
        "enterprise, research_education.\n"
        f"{bad}: funding.1: 'grants' is not a valid choice. Valid values: appropriated, bead, "
        "federal_grant, usf, ratepayer, private.")


@pytest.mark.parametrize(("out", "message"), [
    ("answers.json", "--out: answers.json: the answers are saved as YAML; give a file name "
                     "ending in .yaml."),
    ("missing/answers.yaml", "--out: missing: no such folder; create it first or choose "
                             "another file."),
])
def test_an_unusable_out_file_is_refused_before_any_question(out: str, message: str) -> None:
    with pytest.raises(UsageError) as caught:
        interview(out=out)
    assert str(caught.value) == message


def test_without_a_terminal_it_says_what_to_do_instead(run_cli: Any) -> None:
    result = run_cli("interview")
    assert (result.code, result.out) == (2, "")
    assert result.err == (
        "Error: interview: no terminal to ask questions in (stdin or stdout is not a terminal); "
        "run `procure generate ANSWERS` with an answers file, or run `procure interview "
        "--answers FILE` in a terminal.\n")


def test_the_saved_file_is_plain_yaml_with_the_schema_line_first() -> None:
    interview(*FEDERAL_AGENCY)
    text = Path("answers.yaml").read_text()
    data = yaml.safe_load(text)
    assert next(iter(data)) == "schema"
    assert data["schema"] == "procure/answers@1"


def test_the_saved_file_points_editors_at_a_schema_it_validates_against() -> None:
    import json

    from jsonschema import Draft7Validator

    interview(*UTILITY)
    text = Path("answers.yaml").read_text()
    first = text.splitlines()[0]
    assert first.startswith("# yaml-language-server: $schema=/")
    schema = json.loads(Path(first.split("$schema=", 1)[1]).read_text())
    data = json.loads(json.dumps(yaml.safe_load(text), default=str))
    assert list(Draft7Validator(schema).iter_errors(data)) == []


def test_a_question_with_one_possible_answer_is_answered_and_shown(
        capsys: pytest.CaptureFixture[str]) -> None:
    saved = interview(*FEDERAL_AGENCY)
    assert load_answers(saved)[0].funding == ["appropriated"]
    out = capsys.readouterr().out.splitlines()
    assert out[:2] == [
        "About 14 questions about the purchase. Ctrl-C stops at any time and keeps your "
        "answers so far.",
        "Funding: Appropriated federal funds (the only possible answer here, so it is not "
        "asked)."]


def test_the_review_marks_an_answer_the_buyer_was_not_asked(terminal: Terminal) -> None:
    terminal.start(answers=EXAMPLES / "federal-civilian-400zr.yaml")
    terminal.send(ENTER)
    terminal.expect("? Review your answers")
    terminal.expect(f"   {'Funding':<24}  Appropriated federal funds (only choice)")
    terminal.expect(f"   {'Federal role':<24}  A federal agency is the buyer")
    assert terminal.count("Where does the money come from?") == 0
    terminal.send(ENTER, "n")
    assert load_answers(terminal.finish())[0].funding == ["appropriated"]


def test_a_partial_starting_file_is_not_offered_the_review(
        capsys: pytest.CaptureFixture[str]) -> None:
    Path("start.yaml").write_text("schema: procure/answers@1\norganization: Example Co\n")
    saved = interview(ENTER, text("Branch refresh"), text(""), down(6), ENTER, ENTER, text(""),
                      text(""),
                      text(""), SPACE, ENTER, ENTER * 6, "n",  # plans, four more, save
                      answers=Path("start.yaml"))
    assert load_answers(saved)[0].organization == "Example Co"
    assert "Go straight" not in capsys.readouterr().out


def _kept_file(folder: Path) -> Path:
    found = list(folder.glob("answers-*.partial.yaml"))
    assert len(found) == 1, found
    return found[0]


def _reach_the_review_then_lose_the_folder(terminal: Terminal) -> None:
    Path("sub").mkdir()
    terminal.start(answers=ENTERPRISE, out="sub/answers.yaml")
    terminal.send(ENTER)                                 # straight to the review
    terminal.expect("? Review your answers")
    shutil.rmtree("sub")  # the folder went away (an unmounted share, a cleaned-up folder)


def test_a_save_that_fails_keeps_every_answer_in_the_cache_and_says_where(
        terminal: Terminal, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    _reach_the_review_then_lose_the_folder(terminal)
    terminal.send(ENTER)                                 # save
    with pytest.raises(OutputError) as caught:
        terminal.finish()
    kept = _kept_file(tmp_path / "cache" / "procure")
    assert str(caught.value) == (
        "sub/answers.yaml: could not be written (No such file or directory); nothing was "
        f"changed.\nYour answers are kept in {kept}; continue with: procure interview --answers "
        f"{kept} --out sub/answers.yaml")
    assert kept.read_text().splitlines()[1:3] == [
        "# procure interview: answers so far (resume file)",
        f"# Continue with: procure interview --answers {kept} --out sub/answers.yaml"]
    values, resuming = load_start(kept)
    assert resuming
    assert answers_from_data({"schema": "procure/answers@1", **values}, "kept") == \
        load_answers(ENTERPRISE)[0]


def test_an_out_file_that_is_a_named_pipe_is_refused_before_any_question() -> None:
    os.mkfifo("answers.yaml")
    with pytest.raises(UsageError) as caught:
        interview()
    assert str(caught.value) == "--out: answers.yaml: is not a regular file; choose another file."


def test_typed_text_with_hidden_characters_is_refused_at_the_prompt(terminal: Terminal) -> None:
    terminal.start()
    terminal.expect("? Which organization is buying?")
    terminal.send(text("Example \u202eGroup"))
    terminal.expect("The text contains U+202E (RIGHT-TO-LEFT OVERRIDE), which changes the order "
                    "in which text displays; remove it.")
    terminal.send(CTRL_C)
    with pytest.raises(InterruptedByUser):
        terminal.finish()
def test_when_no_folder_takes_the_answers_the_message_says_so(
        terminal: Terminal, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "a-file").write_text("")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "a-file" / "cache"))
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "a-file" / "tmp"))
    _reach_the_review_then_lose_the_folder(terminal)
    terminal.send(ENTER)
    with pytest.raises(OutputError) as caught:
        terminal.finish()
    stamped = re.search(r"answers-\d{8}-\d{6}\.partial\.yaml", str(caught.value))
    assert stamped is not None
    assert str(caught.value) == (
        "sub/answers.yaml: could not be written (No such file or directory); nothing was "
        "changed.\nThe answers could not be kept anywhere else either (tried "
        f"sub/answers.partial.yaml, {tmp_path}/a-file/cache/procure/{stamped[0]}, "
        f"{tmp_path}/a-file/tmp/{stamped[0]}); free some space or choose a writable folder, "
        "then run the interview again.")


def test_without_a_cache_folder_the_answers_go_to_the_temporary_folder(
        terminal: Terminal, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "a-file").write_text("")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "a-file" / "cache"))
    (tmp_path / "tmp").mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "tmp"))
    _reach_the_review_then_lose_the_folder(terminal)
    terminal.send(CTRL_C)
    with pytest.raises(InterruptedByUser) as caught:
        terminal.finish()
    kept = _kept_file(tmp_path / "tmp")
    assert str(caught.value) == (
        f"Interrupted. 14 answers so far saved in {kept}.\n"
        f"Continue with: procure interview --answers {kept} --out sub/answers.yaml")
# Fill-ins: the values the solicitation states, asked after the questions ------------------------

EDITION_PACKS = ROOT / "tests" / "data" / "edition-packs"


def test_the_interview_asks_for_the_fill_ins_the_requirements_name(terminal: Terminal) -> None:
    terminal.start(answers=ENTERPRISE, fill_ins=interview_fill_ins(AS_OF, EDITION_PACKS))
    terminal.send(ENTER)                                    # straight to the review
    terminal.expect("? Maximum ambient temperature (°C) (a value the solicitation states)")
    terminal.expect("  The highest inlet air temperature, in degrees Celsius, at the buyer's "
                    "sites.")
    terminal.expect("  Write a number, for example 40 or 2.5. Leave it empty to state it later: "
                    "until then it prints as a visible blank.")
    terminal.expect("  Fill-in 1 of 4, named in EDF-001 ›")
    terminal.send(text("hot"))
    terminal.expect("'hot' is not a number, for example 40 or 2.5.")
    terminal.send(CLEAR, text("40"))
    terminal.expect("? Notification period (a value the solicitation states)")
    terminal.send(text("24"))
    terminal.expect("'24' is not a duration with its unit, for example 72 hours, 30 days or 2 "
                    "weeks.")
    terminal.send(CLEAR, text("72 hours"))
    terminal.expect("Fill-in 3 of 4, named in EDF-003 ›")
    terminal.send(ENTER)                                    # FASCSA orders: later
    terminal.expect("Fill-in 4 of 4, named in EDF-004 ›")
    terminal.send(text("$25k"))
    terminal.expect("Review your answers")
    terminal.expect("Maximum ambient temperature (°C)  40")
    terminal.expect("FASCSA orders that apply          blank: to state before release")
    terminal.expect("Smallest line item value covered  $25,000")
    terminal.send(ENTER, "n")
    saved = terminal.finish()
    assert load_answers(saved)[0].fill_ins == {"max_ambient_c": 40,
                                               "notification_period": "72 hours",
                                               "line_item_floor": 25000}
    block = saved.read_text().split("\n# Fill-ins:")[1]
    assert block.splitlines()[2:] == [
        "fill_ins:",
        "  # Maximum ambient temperature (°C): The highest inlet air temperature, in degrees "
        "Celsius, at the",
        "  # buyer's sites. Write a number, for example 40 or 2.5. Named in EDF-001.",
        "  max_ambient_c: 40",
        "  # Notification period: How long after confirming a vulnerability the vendor has to "
        "notify the",
        "  # buyer. Write a duration with its unit, for example 72 hours, 30 days or 2 weeks. "
        "Named in",
        "  # EDF-002.",
        "  notification_period: 72 hours",
        "  # FASCSA orders that apply: The FASCSA orders the solicitation names, or \"none "
        "issued as of the",
        "  # solicitation date\". Write text, on one line. Named in EDF-003.",
        "  # fascsa_orders_named:   (blank: state it before release)",
        "  # Smallest line item value covered: The value of a line item from which the domestic "
        "end product",
        "  # rule is checked. Write a dollar amount, for example $250,000 or 1.5M. Named in "
        "EDF-004.",
        "  line_item_floor: 25000",
    ]


def test_a_fill_in_is_changed_at_the_review_and_others_are_kept(tmp_path: Path) -> None:
    start = tmp_path / "start.yaml"
    document = yaml.safe_load(ENTERPRISE.read_text())
    document["fill_ins"] = {"max_ambient_c": 40, "retired_value": "kept"}
    document["tailoring"] = [{"id": "EDF-002", "action": "note", "note": "See Section K",
                              "reason": "Where the representation lives"}]
    start.write_text(yaml.safe_dump(document, sort_keys=False))
    saved = interview(ENTER,                           # straight to the review
                      ENTER, ENTER, ENTER, ENTER,      # fill-ins: keep 40, leave the rest blank
                      down(15), ENTER,                 # review: the first fill-in
                      CLEAR, text("38"), ENTER, "n",   # change it, save, generate later
                      answers=start, fill_ins=interview_fill_ins(AS_OF, EDITION_PACKS))
    reloaded = yaml.safe_load(saved.read_text())
    assert reloaded["fill_ins"] == {"max_ambient_c": 38, "retired_value": "kept"}
    assert reloaded["tailoring"] == document["tailoring"]
    assert "# Not named by the requirements selected now; kept as it was." in saved.read_text()


def test_without_parameters_the_answers_file_has_no_fill_ins_block() -> None:
    saved = interview(ENTER, ENTER, "n", answers=ENTERPRISE,
                      fill_ins=interview_fill_ins(AS_OF))
    assert "fill_ins" not in saved.read_text()
