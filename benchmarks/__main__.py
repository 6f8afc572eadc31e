"""procure's benchmarks: `python -m benchmarks [--runs N] [--out FILE] [--skip-peers]`.

In: the installed `procure`, the bundled examples, and (installed here on first use, in
`benchmarks/.peers/`, never as project dependencies) copier and cookiecutter as peer CLIs.
Out: a table of medians with the goal beside each figure, and the same as JSON. The machine is
shared and noisy, so every figure is a ratio against a baseline measured in the same run.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
PEERS = HERE / ".peers"
AS_OF = "2026-11-22"


@dataclass
class Timing:
    median_s: float
    runs: list[float]
    peak_mib: float


@dataclass
class Row:
    measure: str
    figure: str
    goal: str
    met: bool | None
    details: dict[str, object] = field(default_factory=dict)


def run_once(command: list[str], env: dict[str, str] | None = None) -> tuple[float, float]:
    """Wall seconds and peak resident memory (MiB) of one process."""
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                               env=env)
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - started
    if os.waitstatus_to_exitcode(status) != 0:
        error = process.stderr.read().decode() if process.stderr else ""
        raise SystemExit(f"benchmark command failed: {' '.join(command)}\n{error}")
    if process.stderr:
        process.stderr.close()
    return elapsed, usage.ru_maxrss / 1024


def timed(command: list[str], runs: int, env: dict[str, str] | None = None) -> Timing:
    run_once(command, env)  # warm the file cache and byte-code
    samples = [run_once(command, env) for _ in range(runs)]
    walls = [wall for wall, _ in samples]
    return Timing(statistics.median(walls), walls, max(peak for _, peak in samples))


def procure_command() -> list[str]:
    script = Path(sys.executable).parent / "procure"
    if script.exists():
        return [str(script)]
    found = shutil.which("procure")
    return [found] if found else [sys.executable, "-m", "procure"]


def peer_commands() -> dict[str, list[str]]:
    """copier and cookiecutter, installed into benchmarks/.peers on first use."""
    python = PEERS / "bin" / "python"
    if not (PEERS / "bin" / "copier").exists() or not (PEERS / "bin" / "cookiecutter").exists():
        print("Installing copier and cookiecutter into benchmarks/.peers (first run only)…",
              file=sys.stderr)
        subprocess.run([sys.executable, "-m", "venv", str(PEERS)], check=True)
        subprocess.run([str(python), "-m", "pip", "install", "-qq", "copier",
                        "cookiecutter"], check=True)
    return {"copier": [str(PEERS / "bin" / "copier"), "--help"],
            "cookiecutter": [str(PEERS / "bin" / "cookiecutter"), "--help"]}


def largest_example() -> tuple[str, int]:
    from procure.model.answers import load_answers
    from procure.model.packs import load_library
    from procure.rules.selection import select
    from procure.support.bundled import bundled, example_names

    library = load_library()
    sizes = {}
    for name in example_names():
        answers, _ = load_answers(bundled("examples") / f"{name}.yaml")
        sizes[name] = len(select(answers, library, dt.date.fromisoformat(AS_OF)).requirements)
    name = max(sizes, key=lambda key: (sizes[key], key))
    return name, sizes[name]


def startup(runs: int, skip_peers: bool) -> list[Row]:
    base = timed([sys.executable, "-c", "pass"], runs)
    ours = timed([*procure_command(), "--help"], runs)
    details: dict[str, object] = {"python -c pass": asdict(base), "procure --help": asdict(ours)}
    peers = {} if skip_peers else {name: timed(command, runs)
                                   for name, command in peer_commands().items()}
    details.update({f"{name} --help": asdict(timing) for name, timing in peers.items()})
    fastest = min((timing.median_s for timing in peers.values()), default=None)
    figure = (f"{ours.median_s:.3f} s ({ours.peak_mib:.0f} MiB); python -c pass "
              f"{base.median_s:.3f} s")
    figure += "".join(f"; {name} {timing.median_s:.3f} s" for name, timing in peers.items())
    if fastest is not None:
        figure += f"; ratio to fastest peer {ours.median_s / fastest:.2f}"
    return [Row("start-up: procure --help", figure, "≤ fastest peer (ratio ≤ 1.00)",
                None if fastest is None else ours.median_s <= fastest, details)]


def markdown_json(runs: int, example: str, folder: Path) -> list[Row]:
    imports = "import typer, pydantic, yaml, jinja2, jinja2.sandbox"
    base = timed([sys.executable, "-c", imports], runs)
    ours = timed([*procure_command(), "generate", "--example", example, "--format", "md,json",
                  "--out", str(folder / "mdjson"), "--force", "--as-of", AS_OF], runs)
    extra = (ours.median_s - base.median_s) / base.median_s
    return [Row(f"generate md,json ({example})",
                f"{ours.median_s:.3f} s ({ours.peak_mib:.0f} MiB) vs imports alone "
                f"{base.median_s:.3f} s: work beyond imports {extra:+.0%}",
                "work beyond imports < 25%", extra < 0.25,
                {"procure": asdict(ours), "imports only": asdict(base)})]


def pdf(runs: int, example: str, folder: Path) -> list[Row]:
    from procure.model.answers import load_answers
    from procure.model.packs import load_library
    from procure.render.pdf import checklist_html
    from procure.rules.selection import select
    from procure.support.bundled import bundled

    answers, _ = load_answers(bundled("examples") / f"{example}.yaml")
    checklist = select(answers, load_library(), dt.date.fromisoformat(AS_OF))
    html_file = folder / "checklist.html"
    html_file.write_text(checklist_html(checklist))
    base_url = bundled("templates").resolve().as_uri() + "/"
    alone = (f"from weasyprint import HTML; HTML(filename={str(html_file)!r}, "
             f"base_url={base_url!r}).write_pdf({str(folder / 'alone.pdf')!r})")
    weasy = timed([sys.executable, "-c", alone], runs)
    ours = timed([*procure_command(), "generate", "--example", example, "--format", "pdf",
                  "--out", str(folder / "pdf"), "--force", "--as-of", AS_OF], runs)
    ratio = ours.median_s / weasy.median_s
    rows = [Row(f"generate pdf ({example})",
                f"{ours.median_s:.2f} s ({ours.peak_mib:.0f} MiB) vs WeasyPrint alone on the "
                f"same HTML {weasy.median_s:.2f} s ({weasy.peak_mib:.0f} MiB): ratio {ratio:.2f}",
                "ratio ≤ 1.10", ratio <= 1.10,
                {"procure": asdict(ours), "weasyprint alone": asdict(weasy)})]
    probe = subprocess.run([sys.executable, "-m", "benchmarks.layout", example, AS_OF],
                           capture_output=True, text=True, check=True)
    layout = json.loads(probe.stdout)
    ours_page = layout["ours"]["seconds_per_page"]
    plain_page = layout["plain"]["seconds_per_page"]
    rows.append(Row(
        "PDF layout cost per page",
        f"ours {ours_page:.3f} s/page ({layout['ours']['pages']} pages: layout "
        f"{layout['ours']['layout_s']:.2f} s + write {layout['ours']['write_s']:.2f} s) vs plain "
        f"HTML {plain_page:.3f} s/page ({layout['plain']['pages']} pages): ratio "
        f"{ours_page / plain_page:.2f}",
        "ratio ≤ 1.50", ours_page / plain_page <= 1.5, layout))
    return rows


def rules(sizes: list[int]) -> list[Row]:
    results = []
    for size in sizes:
        started = time.perf_counter()
        process = subprocess.Popen([sys.executable, "-m", "benchmarks.rules", str(size)],
                                   stdout=subprocess.PIPE, cwd=HERE.parent)
        assert process.stdout is not None
        output = process.stdout.read()
        _, _, usage = os.wait4(process.pid, 0)
        process.stdout.close()
        measured = json.loads(output)
        measured["peak_mib"] = usage.ru_maxrss / 1024
        measured["wall_s"] = time.perf_counter() - started
        results.append(measured)
    per = [result["seconds"] / result["size"] * 1e6 for result in results]
    flat = max(per) / min(per)
    largest = results[-1]
    figure = "; ".join(f"{r['size']:,}: {r['seconds']:.3f} s ({p:.1f} µs/req, "
                       f"{r['peak_mib']:.0f} MiB)" for r, p in zip(results, per, strict=True))
    return [Row("rules at scale (selection only)", figure + f"; spread of µs/req {flat:.2f}×",
                "flat per requirement (spread ≤ 1.5×); 100,000 in about 1 s",
                flat <= 1.5 and largest["seconds"] <= 1.5, {"sizes": results})]


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__)
    parser.add_argument("--runs", type=int, default=5, help="runs per command (median)")
    parser.add_argument("--pdf-runs", type=int, default=3, help="runs per PDF command")
    parser.add_argument("--out", type=Path, default=Path("benchmark-results.json"))
    parser.add_argument("--skip-peers", action="store_true",
                        help="do not install or time copier and cookiecutter")
    parser.add_argument("--sizes", default="1000,10000,100000")
    parser.add_argument("--only", default="startup,mdjson,pdf,rules")
    options = parser.parse_args()
    chosen = set(options.only.split(","))
    rows: list[Row] = []
    with tempfile.TemporaryDirectory(prefix="procure-bench-") as scratch:
        folder = Path(scratch)
        example, size = largest_example()
        print(f"Largest example: {example} ({size} requirements)", file=sys.stderr)
        if "startup" in chosen:
            rows += startup(options.runs, options.skip_peers)
        if "mdjson" in chosen:
            rows += markdown_json(options.runs, example, folder)
        if "pdf" in chosen:
            rows += pdf(options.pdf_runs, example, folder)
        if "rules" in chosen:
            rows += rules([int(size) for size in options.sizes.split(",")])
    width = max(len(row.measure) for row in rows)
    for row in rows:
        verdict = {True: "met", False: "NOT MET", None: "n/a"}[row.met]
        print(f"{row.measure:<{width}}  {verdict:<7}  {row.figure}\n{'':<{width}}  goal:    "
              f"{row.goal}")
    options.out.write_text(json.dumps({"as_of": AS_OF, "python": sys.version.split()[0],
                                       "cpus": os.cpu_count(),
                                       "rows": [asdict(row) for row in rows]}, indent=2) + "\n")
    print(f"\nwrote {options.out}")


if __name__ == "__main__":
    main()
