"""Start measured commands from a small process: `python -m benchmarks.launch < REQUEST`.

In: on stdin, JSON: `commands` (name → argv), `envs` (name → environment), `runs`, `warm_up`,
`capture` (keep each run's output).
Out: on stdout, JSON: name → a list of runs, each `[wall seconds, peak MiB, stdout]`, the commands
interleaved run by run, so that a burst of load on a shared machine hits all of them alike.

The kernel counts in a child's peak memory the memory of the process that started it (the child
begins as a copy of it), so a driver that has imported procure would add its own size to every
figure; this process imports next to nothing.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time


def run_once(command: list[str], env: dict[str, str], capture: bool) -> list[object]:
    """Wall seconds, peak MiB and (if `capture`) the output of one run.

    Output and errors go through pipes read after the process ends: what is captured here (a
    line of JSON, an error message) fits in a pipe's buffer.
    """
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.PIPE if capture else subprocess.DEVNULL,
                               stderr=subprocess.PIPE, env=env)
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    output = process.stdout.read().decode() if process.stdout else ""
    error = process.stderr.read().decode() if process.stderr else ""
    for stream in (process.stdout, process.stderr):
        if stream:
            stream.close()
    if process.returncode != 0:
        sys.exit(f"benchmark command failed: {' '.join(command)}\n{error}")
    return [elapsed, usage.ru_maxrss / 1024, output]


def main() -> None:
    request = json.load(sys.stdin)
    commands: dict[str, list[str]] = request["commands"]
    envs: dict[str, dict[str, str]] = request["envs"]
    capture = bool(request.get("capture", False))
    if request.get("warm_up", True):
        for name, command in commands.items():
            run_once(command, envs[name], capture)
    found: dict[str, list[list[object]]] = {name: [] for name in commands}
    for _ in range(request["runs"]):
        for name, command in commands.items():
            found[name].append(run_once(command, envs[name], capture))
    json.dump(found, sys.stdout)


if __name__ == "__main__":
    main()
