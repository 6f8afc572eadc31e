"""Shell completion (typer's): commands, options, pack and requirement ids, examples, formats."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import ROOT

DATA = Path(__file__).parent / "data"


@pytest.fixture
def complete(run_cli, monkeypatch: pytest.MonkeyPatch):
    """What bash completes for a command line whose last word is being typed."""

    def run(line: str) -> list[str]:
        words = line.split(" ")
        monkeypatch.setenv("_PROCURE_COMPLETE", "complete_bash")
        monkeypatch.setenv("COMP_WORDS", line)
        monkeypatch.setenv("COMP_CWORD", str(len(words) - 1))
        result = run_cli(*words[1:])
        assert (result.code, result.err) == (0, "")
        return result.out.splitlines()

    return run


def test_commands_and_options(complete) -> None:
    assert complete("procure ") == ["generate", "explain", "interview", "tailor", "score", "diff",
                                    "schema", "packs"]
    assert complete("procure gen") == ["generate"]
    assert complete("procure generate --fo") == ["--format", "--force"]
    assert complete("procure packs ") == ["list", "show", "lint"]
    assert complete("procure schema ") == ["answers", "pack", "registry"]
    assert complete("procure diff a b --format ") == ["text", "md"]


def test_pack_and_requirement_ids(complete) -> None:
    assert complete("procure packs show pq") == ["pqc"]
    assert complete("procure packs show cnsa2-nss") == ["cnsa2-nss"]
    assert complete("procure explain answers.yaml PQC-00") == [f"PQC-00{n}" for n in range(1, 10)]
    assert complete("procure explain answers.yaml PQC-01")[:2] == ["PQC-010", "PQC-011"]
    assert complete(f"procure packs show --packs {DATA / 'good-packs'} ORG") == [
        "ORG-001", "ORG-002"]


def test_example_names_and_format_lists(complete) -> None:
    assert complete("procure generate --example fed") == ["federal-civilian-400zr"]
    assert complete("procure generate --example ") == sorted(
        path.stem for path in (ROOT / "examples").glob("*.yaml"))
    assert complete("procure generate x --format md,p") == ["md,pdf"]
    assert complete("procure generate x --format md,json,") == [
        "md,json,pdf", "md,json,docx", "md,json,xlsx", "md,json,csv"]


def test_zsh_and_fish_get_the_titles(run_cli, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("_PROCURE_COMPLETE", "complete_zsh")
    monkeypatch.setenv("_TYPER_COMPLETE_ARGS", "procure packs show zero")
    assert run_cli("packs", "show", "zero").out == (
        '_arguments \'*: :(("zero-trust":"Zero trust capabilities of network equipment"))\'\n')
    monkeypatch.setenv("_PROCURE_COMPLETE", "complete_fish")
    monkeypatch.setenv("_TYPER_COMPLETE_ARGS", "procure generate --example enter")
    monkeypatch.setenv("_TYPER_COMPLETE_FISH_ACTION", "get-args")
    assert run_cli("generate", "--example", "enter").out.startswith(
        "enterprise-sdwan\tA private enterprise (a retailer) replacing branch routers")


def test_completion_is_enabled_and_documented(run_cli) -> None:
    help_text = run_cli("--help").out
    assert "--install-completion" in help_text and "--show-completion" in help_text
    readme = (ROOT / "README.md").read_text()
    assert "procure --install-completion" in readme


@pytest.mark.slow
def test_the_installed_command_completes_in_bash(tmp_path: Path) -> None:
    procure = Path(sys.executable).with_name("procure")
    env = {**os.environ, "_PROCURE_COMPLETE": "complete_bash",
           "COMP_WORDS": "procure packs show zero-t", "COMP_CWORD": "3"}
    result = subprocess.run([str(procure)], env=env, capture_output=True, text=True, check=True,
                            cwd=tmp_path)
    assert result.stdout == "zero-trust\n"
    script = subprocess.run([str(procure), "--show-completion", "bash"], capture_output=True,
                            text=True, env={**os.environ, "SHELL": "/bin/bash"})
    assert "_PROCURE_COMPLETE=complete_bash" in script.stdout
