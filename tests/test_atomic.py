"""Outputs are whole or absent: killed mid-write, or out of space, the old file survives."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from .conftest import EXAMPLES

WRITER = textwrap.dedent("""
    import sys
    from pathlib import Path
    from procure.support.writing import write_atomic
    target = Path(sys.argv[1])
    print("ready", flush=True)
    n = 0
    while True:
        fill = b"AB"[n % 2:n % 2 + 1]
        write_atomic(target, fill * 8_000_000)
        n += 1
""")


@pytest.mark.slow
def test_a_killed_writer_leaves_the_old_file_or_the_new_one(tmp_path: Path) -> None:
    target = tmp_path / "checklist.json"
    target.write_bytes(b"A" * 8_000_000)
    for delay in (0.05, 0.13, 0.21, 0.34, 0.55):
        writer = subprocess.Popen([sys.executable, "-c", WRITER, str(target)],
                                  stdout=subprocess.PIPE)
        assert writer.stdout is not None
        assert writer.stdout.readline() == b"ready\n"
        time.sleep(delay)
        writer.send_signal(signal.SIGKILL)
        writer.wait()
        content = target.read_bytes()
        assert len(content) == 8_000_000
        assert content in (b"A" * 8_000_000, b"B" * 8_000_000)


@pytest.mark.slow
def test_a_full_disk_keeps_the_old_file_and_says_so(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "checklist.md").write_text("the previous checklist")
    # RLIMIT_FSIZE makes writes past 4 KiB fail with EFBIG, as a full disk fails with ENOSPC.
    limited = textwrap.dedent("""
        import resource, signal, sys
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (4096, 4096))
        from procure.cli import main
        main(sys.argv[1:])
    """)
    result = subprocess.run(
        [sys.executable, "-c", limited, "generate", str(EXAMPLES / "federal-civilian-400zr.yaml"),
         "--out", str(out), "--force", "--as-of", "2026-11-22"],
        capture_output=True, text=True, env={**os.environ, "NO_COLOR": "1"}, check=False)
    assert result.returncode == 2
    assert result.stderr == (f"Error: {out}/checklist.md: could not be written (File too large); "
                             "nothing was changed.\n")
    assert (out / "checklist.md").read_text() == "the previous checklist"
    assert sorted(path.name for path in out.iterdir()) == ["checklist.md"]


def _write_files_limited(out: Path, limit: int,
                         files: dict[str, bytes]) -> subprocess.CompletedProcess[str]:
    script = textwrap.dedent("""
        import resource, signal, sys
        from pathlib import Path
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (int(sys.argv[2]), int(sys.argv[2])))
        from procure.errors import OutputError
        from procure.support.writing import write_files
        files = {name: bytes([ord(name[0])]) * int(size)
                 for name, size in (pair.split("=") for pair in sys.argv[3:])}
        try:
            write_files(Path(sys.argv[1]), files, force=True)
        except OutputError as exc:
            print(exc.message)
    """)
    return subprocess.run([sys.executable, "-c", script, str(out), str(limit),
                           *(f"{name}={len(data)}" for name, data in files.items())],
                          capture_output=True, text=True, check=True)


@pytest.mark.slow
def test_a_set_that_fails_part_way_changes_no_file_of_the_set(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "a.md").write_text("old a")
    (out / "b.json").write_text("old b")
    # The first file fits under the limit, the second does not: before the set was staged, the
    # first was replaced and the second kept, and the message said nothing had changed.
    result = _write_files_limited(out, 4096, {"a.md": b"a" * 100, "b.json": b"b" * 10_000})
    assert result.stdout == (f"{out}/b.json: could not be written (File too large); nothing "
                             "was changed.\n")
    assert (out / "a.md").read_text() == "old a"
    assert (out / "b.json").read_text() == "old b"
    assert sorted(path.name for path in out.iterdir()) == ["a.md", "b.json"]


def test_a_failed_swap_puts_the_old_set_back(tmp_path: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    # A rename that fails after another succeeded cannot be caused on purpose on a local
    # disk; the failure is injected into the second rename of the swap.
    from procure.errors import OutputError
    from procure.support import writing

    out = tmp_path / "out"
    out.mkdir()
    (out / "a.md").write_text("old a")
    (out / "b.json").write_text("old b")
    real_replace = Path.replace
    swapped: list[str] = []

    def replace(self: Path, target: Path) -> Path:
        if self.suffix == writing.STAGED_SUFFIX:
            swapped.append(Path(target).name)
            if len(swapped) == 2:
                raise OSError(28, "No space left on device")
        return real_replace(self, target)

    monkeypatch.setattr(Path, "replace", replace)
    with pytest.raises(OutputError) as caught:
        writing.write_files(out, {"a.md": b"new a", "b.json": b"new b", "c.csv": b"new c"},
                            force=True)
    assert caught.value.message == (f"{out}/b.json: could not be replaced (No space left on "
                                    "device); nothing was changed.")
    assert swapped == ["a.md", "b.json"]
    assert (out / "a.md").read_text() == "old a"
    assert (out / "b.json").read_text() == "old b"
    assert sorted(path.name for path in out.iterdir()) == ["a.md", "b.json"]


def test_a_swap_that_cannot_be_undone_says_which_files_are_new(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from procure.errors import OutputError
    from procure.support import writing

    out = tmp_path / "out"
    out.mkdir()
    (out / "a.md").write_text("old a")
    real_replace = Path.replace

    def replace(self: Path, target: Path) -> Path:
        staging_b = self.suffix == writing.STAGED_SUFFIX and Path(target).name == "b.json"
        if staging_b or self.suffix == writing.KEPT_SUFFIX:  # and every way back
            raise OSError(5, "Input/output error")
        return real_replace(self, target)

    monkeypatch.setattr(Path, "replace", replace)
    with pytest.raises(OutputError) as caught:
        writing.write_files(out, {"a.md": b"new a", "b.json": b"new b"}, force=True)
    kept = next(out.glob(".a.md.*.old"))
    assert caught.value.message == (
        f"{out}/b.json: could not be replaced (Input/output error), and the files already "
        f"replaced could not all be put back: a.md is the new version (the old one is kept as "
        f"{kept.name}). Run again to write the whole set.")
    assert (out / "a.md").read_text() == "new a"
    assert kept.read_text() == "old a"


def test_the_lock_waits_for_another_run_then_says_so(tmp_path: Path) -> None:
    import fcntl

    from procure.errors import OutputError
    from procure.support.writing import LOCK_NAME, folder_lock

    with (tmp_path / LOCK_NAME).open("w") as held:
        fcntl.flock(held.fileno(), fcntl.LOCK_EX)
        started = time.monotonic()
        with pytest.raises(OutputError) as caught, folder_lock(tmp_path, wait=0.3):
            pass
        assert time.monotonic() - started >= 0.3
    assert caught.value.message == (
        f"{tmp_path}: another procure run is writing into this folder (it holds .procure.lock); "
        "wait until it has finished, or choose another --out.")


def test_the_lock_file_goes_and_leftovers_of_a_killed_run_are_removed(tmp_path: Path) -> None:
    from procure.support.writing import write_files

    (tmp_path / ".checklist.md.x1y2z3.part").write_bytes(b"half a file")
    (tmp_path / ".checklist.md.a1b2c3.old").write_bytes(b"an old copy")
    (tmp_path / ".notes.md.x1y2z3.part").write_bytes(b"not ours")
    write_files(tmp_path, {"checklist.md": b"# new"})
    assert sorted(path.name for path in tmp_path.iterdir()) == [".notes.md.x1y2z3.part",
                                                                "checklist.md"]


CONCURRENT = textwrap.dedent("""
    import sys
    from pathlib import Path
    from procure.support.writing import write_files
    name = sys.argv[2].encode()
    for _ in range(int(sys.argv[3])):
        write_files(Path(sys.argv[1]), {"checklist.md": b"md of " + name,
                                        "checklist.json": b"json of " + name}, force=True)
    print("done")
""")


@pytest.mark.slow
def test_concurrent_runs_into_one_folder_never_mix_their_sets(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    runs = [subprocess.Popen([sys.executable, "-c", CONCURRENT, str(out), buyer, "150"],
                             stdout=subprocess.PIPE, text=True) for buyer in ("alpha", "beta")]
    mixes = 0
    while any(run.poll() is None for run in runs):
        writer = subprocess.run(
            [sys.executable, "-c", "import fcntl, sys\n"
             "from pathlib import Path\nfrom procure.support.writing import folder_lock\n"
             "with folder_lock(Path(sys.argv[1])):\n"
             "    md = (Path(sys.argv[1]) / 'checklist.md').read_bytes().split(b' of ')[-1]\n"
             "    js = (Path(sys.argv[1]) / 'checklist.json').read_bytes().split(b' of ')[-1]\n"
             "    print(md == js)\n", str(out)], capture_output=True, text=True, check=False)
        mixes += writer.stdout.strip() == "False"
    assert [run.communicate()[0] for run in runs] == ["done\n", "done\n"]
    assert mixes == 0
    md = (out / "checklist.md").read_bytes().split(b" of ")[-1]
    assert (out / "checklist.json").read_bytes() == b"json of " + md
    assert sorted(path.name for path in out.iterdir()) == ["checklist.json", "checklist.md"]
