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
