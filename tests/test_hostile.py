"""Hostile input, round two: the guarantees that hold across commands (issue 17).

Every value printed to a terminal passes one sanitiser; data in Markdown shows as text; loading
refuses what lint calls an error, with lint's words; every answer key, including keys added later,
refuses hidden characters, non-finite numbers and dates outside 1990–2100.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from pydantic import BaseModel, Field, ValidationError

from procure.errors import PackError
from procure.model.answers import Answers, answers_from_data
from procure.model.packs import bundled_packs_dir, load_folders
from procure.model.questions import load_questions, parse_text
from procure.render.templating import markdown_text, markdown_url
from procure.rules.lint import lint
from procure.support.terminal import for_terminal

from .conftest import AS_OF, EXAMPLES, REVIEWED

DATA = Path(__file__).resolve().parent / "data"


@pytest.mark.parametrize(("text", "shown"), [
    ("\x1b]0;pwned\x07title", "<U+001B>]0;pwned<U+0007>title"),
    ("\x1b]8;;https://evil.example\x1b\\click\x1b]8;;\x1b\\",
     "<U+001B>]8;;https://evil.example<U+001B>\\click<U+001B>]8;;<U+001B>\\"),
    ("clear\x1b[2J\x1b[H", "clear<U+001B>[2J<U+001B>[H"),
    ("C1 \x9b2J and \x85 and \x7f", "C1 <U+009B>2J and <U+0085> and <U+007F>"),
    ("Comply\rException", "Comply<U+000D>Exception"),
    ("Acme \u202eskrowteN\u202c", "Acme <U+202E>skrowteN<U+202C>"),
    ("pay\u200bpal \u2066x\u2069 \ufeff", "pay<U+200B>pal <U+2066>x<U+2069> <U+FEFF>"),
    ("half \ud800 a character", "half <U+D800> a character"),
    ("two lines\n\tand a tab, §, é, 中文, →", "two lines\n\tand a tab, §, é, 中文, →"),
])
def test_the_terminal_sanitiser_shows_what_would_act(text: str, shown: str) -> None:
    assert for_terminal(text) == shown
    assert for_terminal(shown) == shown


def _checklist_data() -> dict[str, object]:
    from procure.pipeline import checklist_for, render

    checklist, _ = checklist_for(EXAMPLES / "enterprise-sdwan.yaml", AS_OF)
    data: dict[str, object] = json.loads(render(checklist, ["json"])["checklist.json"])
    return data


def test_diff_text_shows_escape_sequences_and_bidi_controls(run_cli, tmp_path: Path) -> None:
    data = _checklist_data()
    (tmp_path / "old.json").write_text(json.dumps(data))
    requirements = data["requirements"]
    assert isinstance(requirements, list)
    first = dict(requirements[0])
    requirements[0]["title"] = "Evil \x1b]0;owned\x07 \u202eeltit"
    answers = data["answers"]
    assert isinstance(answers, dict)
    answers["project"] = "Refresh \x9b2J"
    answers["equipment"] = {"unexpected": "a mapping"}
    (tmp_path / "new.json").write_text(json.dumps(data))
    result = run_cli("diff", str(tmp_path / "old.json"), str(tmp_path / "new.json"))
    assert (result.code, result.err) == (0, "")
    assert ("Answers changed: the project changed from Branch SD-WAN and security refresh to "
            "Refresh <U+009B>2J; the equipment bought changed from SD-WAN, security appliances "
            "and network management to {'unexpected': 'a mapping'}\n") in result.out
    shown = "Evil <U+001B>]0;owned<U+0007> <U+202E>eltit"
    assert (f"  ~ {first['id']} {first['level']} ({first['pack']}) {shown}\n"
            f'      title: "{first["title"]}" → "{shown}"\n') in result.out
    for raw in ("\x1b", "\x07", "\x9b", "\u202e"):
        assert raw not in result.out
    written = run_cli("diff", str(tmp_path / "old.json"), str(tmp_path / "new.json"),
                      "--out", str(tmp_path / "diff.txt"))
    assert written.code == 0, written.err
    assert "<U+001B>]0;owned<U+0007>" in (tmp_path / "diff.txt").read_text()


def test_an_error_naming_a_path_with_an_escape_sequence_shows_it(run_cli,
                                                                 tmp_path: Path) -> None:
    folder = tmp_path / "packs\x1b]0;owned\x07"
    result = run_cli("generate", str(EXAMPLES / "enterprise-sdwan.yaml"), "--packs", str(folder),
                     "--out", str(tmp_path / "out"))
    assert (result.code, result.err) == (
        2, f"Error: {tmp_path}/packs<U+001B>]0;owned<U+0007>: no such packs folder; check "
           "--packs.\n")


@pytest.mark.parametrize(("value", "markdown"), [
    ("_Acme_ and __Beta__ and *Gamma*", "\\_Acme\\_ and \\_\\_Beta\\_\\_ and \\*Gamma\\*"),
    ("snake_case_stays and a_b", "snake_case_stays and a_b"),
    ("[click](https://evil.example) ![x](y)",
     "\\[click\\](https://evil.example) \\!\\[x\\](y)"),
    ("<b>bold</b> &amp; `code` ~~gone~~ | cell", "\\<b\\>bold\\</b\\> &amp;amp; \\`code\\` "
     "\\~\\~gone\\~\\~ \\| cell"),
    ("# not a heading", "\\# not a heading"),
    ("- not a list", "\\- not a list"),
    ("+ not a list", "\\+ not a list"),
    ("12. not a list", "12\\. not a list"),
    ("3) not a list", "3\\) not a list"),
    ("---", "\\---"),
    ("=====", "\\====="),
    ("-2+3 metro", "-2+3 metro"),
    ("$2M to $3M", "\\$2M to \\$3M"),
    ("NUL \x00 ESC \x1b[31m RLO \u202e ZWSP \u200b",
     "NUL \\<U+0000\\> ESC \\<U+001B\\>\\[31m RLO \\<U+202E\\> ZWSP \\<U+200B\\>"),
])
def test_markdown_shows_data_as_text(value: str, markdown: str) -> None:
    assert markdown_text(value) == markdown


def test_a_pipe_in_a_url_does_not_split_the_table_row() -> None:
    assert markdown_url("https://example.gov/a|b c<d>\"e\"") == \
        "https://example.gov/a%7Cb%20c%3Cd%3E%22e%22"
    assert markdown_url("https://www.ecfr.gov/current/title-48/section-52.204-25") == \
        "https://www.ecfr.gov/current/title-48/section-52.204-25"


def test_names_and_urls_from_answers_and_packs_render_as_text_in_checklist_md(
        run_cli, tmp_path: Path) -> None:
    packs = tmp_path / "packs"
    packs.mkdir()
    (packs / "authorities.yaml").write_text(
        "schema: procure/registry@1\nauthorities:\n  - id: our-policy\n    citation: Our policy\n"
        "    title: _Our_ network policy\n    kind: omb_memo\n    binds: [federal-agency]\n"
        "    url: https://example.gov/policy?a=1|2\n    source: test\n"
        "    timeline: [{date: 2020-01-01, status: effective}]\n")
    (packs / "ours.yaml").write_text(
        "schema: procure/pack@1\nid: ours\ntitle: __Our__ pack\nkind: policy\nversion: 1.0.0\n"
        "reviewed_on: 2026-01-01\npurpose: 1. A pack whose purpose reads like a list item.\n"
        "requirements:\n  - id: OUR-001\n    title: A requirement of ours\n"
        "    text: The vendor does one clearly stated and checkable thing for the buyer.\n"
        "    level: SHOULD\n    evidence: [A signed statement]\n"
        "    authorities: [{id: our-policy, pinpoint: \"§1\"}]\n")
    answers = tmp_path / "answers.yaml"
    answers.write_text((EXAMPLES / "enterprise-sdwan.yaml").read_text().replace(
        "organization: Example Retail Group", "organization: _Example_ __Retail__ | Group"))
    result = run_cli("generate", str(answers), "--packs", str(packs), "--out",
                     str(tmp_path / "out"), "--as-of", "2026-11-22", "--format", "md")
    assert result.code == 0, result.err
    markdown = (tmp_path / "out" / "checklist.md").read_text()
    assert "| Organization | \\_Example\\_ \\_\\_Retail\\_\\_ \\| Group |\n" in markdown
    assert "### \\_\\_Our\\_\\_ pack (`ours` 1.0.0)\n\n1\\. A pack whose purpose" in markdown
    row = next(line for line in markdown.splitlines() if line.startswith("| Our policy |"))
    assert row == ("| Our policy | \\_Our\\_ network policy | OMB memorandum | in force since "
                   "2020-01-01 | does not bind this purchase: it binds a federal agency; here no "
                   "federal contract, grant or loan is involved | confirmed against the primary "
                   "source | <https://example.gov/policy?a=1%7C2> |")
    assert row.count("|") - row.count("\\|") == 8


def _answers(**changes: object) -> dict[str, object]:
    data: dict[str, object] = {"schema": "procure/answers@1", "organization": "Example",
                               "project": "Refresh", "sector": "enterprise",
                               "federal_status": "none", "equipment": ["sd_wan"]}
    data.update(changes)
    return data


def test_answers_from_the_interview_are_checked_like_a_file() -> None:
    with pytest.raises(Exception) as caught:
        answers_from_data(_answers(project="A \u2067B"), "interview")
    assert str(caught.value) == ("interview: project: contains U+2067 (RIGHT-TO-LEFT ISOLATE), "
                                 "which changes the order in which text displays; remove it.")


def test_a_key_added_to_the_answers_later_is_checked_without_a_word() -> None:
    class Entry(BaseModel):  # a nested model with no settings of its own
        name: str
        days: float

    class Later(Answers):
        solicitation: str | None = None
        entries: list[Entry] = Field(default_factory=list)
        fill_ins: dict[str, str] = Field(default_factory=dict)
        decided_on: dt.date | None = None

    cases = {
        "solicitation": ("RFP \x1b[8m", "contains the control character U+001B; remove it"),
        "entries": ([{"name": "ok", "days": 3}, {"name": "x", "days": float("inf")}],
                    "item 2, days: .inf is not a finite number; write digits only, for example "
                    "2000000"),
        "fill_ins": ({"name\u200b": "x"}, "name\u200b: contains U+200B (ZERO WIDTH SPACE), an "
                                          "invisible character; remove it"),
        "decided_on": (dt.date(1985, 5, 1), "1985-05-01 is outside the years procure works with "
                                            "(1990 to 2100); give a date in that range"),
    }
    for key, (value, message) in cases.items():
        with pytest.raises(ValidationError) as caught:
            Later.model_validate(_answers(**{key: value}))
        [error] = caught.value.errors()
        assert (error["loc"], error["msg"]) == ((key,), message)


def test_the_interview_refuses_hidden_characters_and_dates_out_of_range() -> None:
    questions = {question.id: question for question in load_questions()}
    for key, typed, message in (
            ("project", "Re\u200dfresh", "The text contains U+200D (ZERO WIDTH JOINER), an "
                                         "invisible character; remove it."),
            ("award_date", "1901-01-01", "1901-01-01 is outside the years procure works with "
                                         "(1990 to 2100); give a date in that range.")):
        with pytest.raises(ValueError) as caught:
            parse_text(questions[key], typed)
        assert str(caught.value) == message
    assert parse_text(questions["award_date"], "2100-12-31") == dt.date(2100, 12, 31)


@pytest.mark.parametrize("folder", ["bad-packs", "cycle-packs"])
def test_loading_refuses_with_the_words_of_lint(folder: str) -> None:
    problems = [str(problem) for problem in lint(DATA / folder, AS_OF)]
    with pytest.raises(PackError) as caught:
        load_folders([bundled_packs_dir(), DATA / folder])
    first = caught.value.message.splitlines()[0]
    assert any(first.startswith(problem) for problem in problems), (first, problems)


def test_the_bundled_packs_load_with_no_problem_and_lint_clean() -> None:
    assert lint(None, REVIEWED) == []
    assert load_folders([bundled_packs_dir()]).packs
