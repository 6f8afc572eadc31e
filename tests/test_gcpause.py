"""The collector paused for a whole command (given back in-process); a quick, complete exit."""

from __future__ import annotations

import gc
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from procure.support.gcpause import paused_for_command, paused_gc, running_gc


def test_a_command_run_in_process_pauses_the_collector_then_restores_it(
        run_cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import procure.pipeline

    states: list[bool] = []
    real_write = procure.pipeline.write_files

    def write_and_observe(*args: Any, **kwargs: Any) -> list[Path]:
        states.append(gc.isenabled())
        return real_write(*args, **kwargs)

    monkeypatch.setattr(procure.pipeline, "write_files", write_and_observe)
    threshold = gc.get_threshold()
    result = run_cli("generate", "--example", "federal-civilian-400zr", "--out",
                     str(tmp_path), "--as-of", "2026-11-22")
    assert result.code == 0
    assert states == [False]
    assert gc.isenabled()
    assert gc.get_freeze_count() == 0
    assert gc.get_threshold() == threshold


def test_a_failing_command_restores_the_collector_too(run_cli) -> None:
    result = run_cli("generate", "no-such-answers.yaml", "--as-of", "2026-11-22")
    assert result.code == 2
    assert gc.isenabled()
    assert gc.get_freeze_count() == 0


def test_nested_pauses_leave_the_decision_to_the_outer_one() -> None:
    with paused_gc():
        with paused_gc():
            assert not gc.isenabled()
        assert not gc.isenabled()
        assert gc.get_freeze_count() > 0
    assert gc.isenabled()
    assert gc.get_freeze_count() == 0


def test_a_pause_leaves_a_collector_the_caller_turned_off_alone() -> None:
    gc.disable()
    try:
        with paused_gc():
            assert not gc.isenabled()
        assert not gc.isenabled()
        assert gc.get_freeze_count() == 0
    finally:
        gc.enable()


def test_paused_gc_also_decorates_a_function() -> None:
    @paused_gc()
    def inside() -> bool:
        return gc.isenabled()

    assert inside() is False
    assert inside() is False
    assert gc.isenabled()


def test_an_interview_runs_with_the_collector_on_inside_a_paused_command() -> None:
    with paused_for_command(process_ends=False):
        assert not gc.isenabled()
        with running_gc():
            assert gc.isenabled()
        assert not gc.isenabled()
    assert gc.isenabled()


def test_the_process_that_ends_with_the_command_keeps_the_heap_frozen() -> None:
    probe = ("import gc\nfrom procure.support.gcpause import paused_for_command\n"
             "with paused_for_command(process_ends=True):\n    data = [[] for _ in range(10)]\n"
             "print(gc.isenabled(), gc.get_freeze_count() > 0)")
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                            check=True)
    assert result.stdout.split() == ["False", "True"]


def procure_process(*args: str, prelude: str = "") -> subprocess.CompletedProcess[str]:
    """The real `procure` process (main without argv), its output going to pipes."""
    probe = (f"{prelude}\nimport sys\nfrom procure.cli import main\n"
             f"sys.argv[1:] = {list(args)!r}\nmain()")
    return subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True)


@pytest.mark.slow
def test_the_process_ends_with_all_its_output_and_its_exit_code(run_cli, tmp_path: Path) -> None:
    listing = procure_process("packs", "list")
    assert (listing.returncode, listing.stderr) == (0, "")
    assert listing.stdout == run_cli("packs", "list").out
    refused = procure_process("generate", str(tmp_path / "missing.yaml"))
    assert refused.returncode == 2
    assert refused.stderr == f"Error: {tmp_path / 'missing.yaml'}: no such answers file; check " \
                             "the path.\n"
    written = procure_process("generate", "--example", "enterprise-sdwan", "--out",
                              str(tmp_path / "out"), "--as-of", "2026-11-22")
    assert written.returncode == 0
    assert written.stdout.splitlines() == [f"wrote {tmp_path / 'out' / 'checklist.md'}",
                                           f"wrote {tmp_path / 'out' / 'checklist.json'}"]


@pytest.mark.slow
def test_exit_handlers_still_run_when_the_process_skips_its_teardown() -> None:
    result = procure_process("--version", prelude="import atexit\n"
                             "atexit.register(lambda: print('exit handler ran'))")
    assert (result.returncode, result.stdout) == (0, "procure 0.1.0\nexit handler ran\n")
