"""procure's benchmarks: `python -m benchmarks [--runs N] [--only ...] [--pdf-scale] [--out FILE]`.

In: the installed `procure`, the bundled examples, synthetic pack folders made from the bundled
requirements, and (installed here on first use, in `benchmarks/.peers/`, never as project
dependencies) copier and cookiecutter as peer CLIs. Out: a table with each goal beside its figure,
and the same as JSON. The machine is shared and noisy, so every figure is a ratio against a
baseline measured in the same run, or a cost per requirement (or page) compared across sizes.
"""

from __future__ import annotations

import argparse
import compileall
import datetime as dt
import itertools
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
PEERS = HERE / ".peers"
AS_OF = "2026-11-22"
SIZES = (1000, 10000, 100000)
PDF_PAGES = (100, 400, 1600)
# The goals (PRODUCT.md, "Measures that matter", and the speed issue).
MDJSON_RATIO = 1.75
PDF_PER_PAGE_RATIO = 2.5
PDF_TO_WEASYPRINT = 1.0
LINEAR_SPREAD = 1.2


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


class Environment:
    """What every measured process gets: byte-code written once, a cache folder of its own."""

    def __init__(self, scratch: Path) -> None:
        self.cache = scratch / "cache"
        self.variables = {key: value for key, value in os.environ.items()
                          if key not in ("PYTHONDONTWRITEBYTECODE", "PROCURE_NO_CACHE")}
        self.variables["PROCURE_CACHE_DIR"] = str(self.cache)

    def with_(self, **extra: str) -> dict[str, str]:
        return {**self.variables, **extra}


def compile_sources() -> None:
    """Write procure's byte-code, as an installation does (PYTHONDONTWRITEBYTECODE may be set)."""
    import procure

    compileall.compile_dir(Path(procure.__file__).parent, quiet=1)
    compileall.compile_dir(HERE, quiet=1)


def launched(commands: dict[str, list[str]], envs: dict[str, dict[str, str]], runs: int,
             warm_up: bool = True, capture: bool = False) -> dict[str, list[list[Any]]]:
    """Run the commands through `benchmarks.launch` (see there why), interleaved."""
    request = json.dumps({"commands": commands, "envs": envs, "runs": runs, "warm_up": warm_up,
                          "capture": capture})
    result = subprocess.run([sys.executable, "-m", "benchmarks.launch"], input=request,
                            capture_output=True, text=True, cwd=HERE.parent)
    if result.returncode != 0:
        raise SystemExit(result.stderr)
    found: dict[str, list[list[Any]]] = json.loads(result.stdout)
    return found


def timed_together(commands: dict[str, list[str]], runs: int,
                   envs: dict[str, dict[str, str]]) -> dict[str, Timing]:
    """Each command `runs` times, interleaved, after a warm-up run of each; medians."""
    found = launched(commands, envs, runs)
    return {name: Timing(statistics.median(run[0] for run in samples),
                         [run[0] for run in samples], max(run[1] for run in samples))
            for name, samples in found.items()}


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


def startup(runs: int, skip_peers: bool, env: Environment) -> list[Row]:
    commands = {"python -c pass": [sys.executable, "-c", "pass"],
                "procure --help": [*procure_command(), "--help"]}
    if not skip_peers:
        commands.update({f"{name} --help": command
                         for name, command in peer_commands().items()})
    found = timed_together(commands, runs, dict.fromkeys(commands, env.with_()))
    ours, base = found["procure --help"], found["python -c pass"]
    peers = {name: timing for name, timing in found.items()
             if name not in ("procure --help", "python -c pass")}
    fastest = min((timing.median_s for timing in peers.values()), default=None)
    figure = (f"{ours.median_s:.3f} s ({ours.peak_mib:.0f} MiB); python -c pass "
              f"{base.median_s:.3f} s")
    figure += "".join(f"; {name} {timing.median_s:.3f} s" for name, timing in peers.items())
    if fastest is not None:
        figure += f"; ratio to fastest peer {ours.median_s / fastest:.2f}"
    return [Row("start-up: procure --help", figure,
                "at least twice as fast as the fastest peer (ratio ≤ 0.50)",
                None if fastest is None else ours.median_s <= 0.5 * fastest,
                {name: asdict(timing) for name, timing in found.items()})]


FLOOR = ("import typer, pydantic, yaml, jinja2, jinja2.sandbox\n"
         "from pydantic import BaseModel, Field\n"
         "class Floor(BaseModel):\n    value: int = Field(ge=0)\n")


def markdown_json(runs: int, example: str, folder: Path, env: Environment) -> list[Row]:
    generate = [*procure_command(), "generate", "--example", example, "--format", "md,json",
                "--out", str(folder / "mdjson"), "--force", "--as-of", AS_OF]
    commands = {"imports": [sys.executable, "-c",
                            "import typer, pydantic, yaml, jinja2, jinja2.sandbox"],
                "imports and a pydantic model": [sys.executable, "-c", FLOOR],
                "procure": generate, "procure, no cache": generate}
    envs = dict.fromkeys(commands, env.with_())
    envs["procure, no cache"] = env.with_(PROCURE_NO_CACHE="1")
    found = timed_together(commands, runs, envs)
    base = found["imports"].median_s
    ratio = found["procure"].median_s / base
    floor = found["imports and a pydantic model"].median_s / base
    cold = found["procure, no cache"].median_s / base
    details = {name: asdict(timing) for name, timing in found.items()}
    return [
        Row(f"generate md,json ({example})",
            f"{found['procure'].median_s:.3f} s ({found['procure'].peak_mib:.0f} MiB) vs the "
            f"imports alone {base:.3f} s: ratio {ratio:.2f} (the imports and one pydantic model: "
            f"{floor:.2f})", f"ratio ≤ {MDJSON_RATIO:.2f}", ratio <= MDJSON_RATIO, details),
        Row("generate md,json, first run (no cache)",
            f"{found['procure, no cache'].median_s:.3f} s: ratio {cold:.2f} to the imports",
            "(none: what a first run costs)", None, {}),
    ]


def pdf(runs: int, example: str, folder: Path, env: Environment) -> list[Row]:
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
    commands = {"weasyprint alone": [sys.executable, "-c", alone],
                "procure": [*procure_command(), "generate", "--example", example, "--format",
                            "pdf", "--out", str(folder / "pdf"), "--force", "--as-of", AS_OF]}
    found = timed_together(commands, runs, dict.fromkeys(commands, env.with_()))
    ours, weasy = found["procure"], found["weasyprint alone"]
    ratio = ours.median_s / weasy.median_s
    rows = [Row(f"generate pdf ({example})",
                f"{ours.median_s:.2f} s ({ours.peak_mib:.0f} MiB) vs WeasyPrint alone on the "
                f"same HTML {weasy.median_s:.2f} s ({weasy.peak_mib:.0f} MiB): ratio {ratio:.2f}",
                f"ratio ≤ {PDF_TO_WEASYPRINT:.2f} (never slower than WeasyPrint alone)",
                ratio <= PDF_TO_WEASYPRINT, {name: asdict(t) for name, t in found.items()})]
    probe = subprocess.run([sys.executable, "-m", "benchmarks.layout", example, AS_OF],
                           capture_output=True, text=True, check=True, env=env.with_())
    layout = json.loads(probe.stdout)
    ours_page = layout["ours"]["seconds_per_page"]
    plain_page = layout["plain"]["seconds_per_page"]
    rows.append(Row(
        "PDF cost per page",
        f"ours {ours_page:.3f} s/page ({layout['ours']['pages']} pages: layout "
        f"{layout['ours']['layout_s']:.2f} s + write {layout['ours']['write_s']:.2f} s) vs plain "
        f"HTML {plain_page:.3f} s/page ({layout['plain']['pages']} pages): ratio "
        f"{ours_page / plain_page:.2f}",
        f"ratio ≤ {PDF_PER_PAGE_RATIO:.2f}", ours_page / plain_page <= PDF_PER_PAGE_RATIO,
        layout))
    return rows


def scale_run(folder: Path, env: Environment, *flags: str) -> dict[str, Any]:
    """One `benchmarks.scale` process: its stages, and its peak memory."""
    command = [sys.executable, "-m", "benchmarks.scale", str(folder), *flags]
    run = launched({"scale": command}, {"scale": env.with_()}, 1, warm_up=False,
                   capture=True)["scale"][0]
    measured: dict[str, Any] = json.loads(run[2])
    measured["peak_mib"] = run[1]
    return measured


def linear_rows(results: list[dict[str, Any]], unit: str, unit_plural: str, size_key: str,
                time_unit: str = "µs") -> list[Row]:
    """A row per stage (cost per unit at each size, and the spread) and one for peak memory."""
    factor = {"µs": 1e6, "ms": 1e3}[time_unit]
    rows = []
    for stage in results[0]["stages"]:
        per = [result["stages"][stage]["cpu_s"] / result["stages"][stage]["count"] * factor
               for result in results]
        # Superlinear shows as a larger cost per unit at a larger size; a smaller one is what a
        # run pays once (start-up, fonts, the registry) spread over more units.
        growth = max((later / earlier for index, earlier in enumerate(per)
                      for later in per[index + 1:]), default=1.0)
        figure = " · ".join(f"{result[size_key]:,} {unit_plural}: {value:,.1f} {time_unit}/{unit}"
                            for result, value in zip(results, per, strict=True))
        rows.append(Row(f"at scale: {stage}", f"{figure} (growth {growth:.2f}×, CPU time)",
                        f"cost per {unit} grows ≤ {LINEAR_SPREAD:.2f}× from the smallest size "
                        "to the largest", growth <= LINEAR_SPREAD,
                        {f"per_{unit}_{time_unit}": per}))
    peaks = [result["peak_mib"] for result in results]
    counts = [result[size_key] for result in results]
    marginal = [(peaks[i + 1] - peaks[i]) * 1024 / (counts[i + 1] - counts[i])
                for i in range(len(results) - 1)]
    figure = " · ".join(f"{count:,}: {peak:,.0f} MiB" for count, peak in
                        zip(counts, peaks, strict=True))
    figure += "; added per " + unit + ": " + " then ".join(f"{value:.1f} KiB" for value in marginal)
    # Linear: each step adds no more per unit than the step before (the first step also carries
    # what any run loads once, so later steps may add less).
    growth = max((later / earlier if earlier > 0 else float("inf")
                  for earlier, later in itertools.pairwise(marginal)), default=1.0)
    rows.append(Row(f"at scale: peak memory ({unit_plural})",
                    figure + f" (growth {growth:.2f}×)",
                    f"linear: memory added per {unit} grows ≤ {LINEAR_SPREAD:.2f}× from step to "
                    "step", growth <= LINEAR_SPREAD, {"peak_mib": peaks,
                                                      "marginal_kib": marginal}))
    return rows


def scale(sizes: list[int], folder: Path, env: Environment) -> list[Row]:
    from .synthetic import write_pack_folder

    results = []
    for size in sizes:
        packs = write_pack_folder(folder / f"packs-{size}", size)
        print(f"  at scale: {size:,} requirements…", file=sys.stderr)
        results.append(scale_run(packs, env))
        shutil.rmtree(packs)
    return linear_rows(results, "requirement", "requirements", "size")


def pdf_scale(pages: list[int], folder: Path, env: Environment) -> list[Row]:
    """PDFs of about `pages` pages each; two small ones first measure the pages every document
    has (cover, summary, register) and the pages per requirement."""
    from .synthetic import write_pack_folder

    samples = [scale_run(write_pack_folder(folder / f"pdf-sample-{size}", size), env,
                         "--only-pdf") for size in (100, 300)]
    per_requirement = ((samples[1]["pages"] - samples[0]["pages"])
                       / (samples[1]["size"] - samples[0]["size"]))
    fixed = samples[0]["pages"] - per_requirement * samples[0]["size"]
    results = []
    for target in pages:
        size = max(1, round((target - fixed) / per_requirement))
        packs = write_pack_folder(folder / f"pdf-{target}", size)
        print(f"  PDF at scale: about {target:,} pages ({size:,} requirements)…",
              file=sys.stderr)
        results.append(scale_run(packs, env, "--only-pdf"))
        shutil.rmtree(packs)
    return linear_rows(results, "page", "pages", "pages", time_unit="ms")


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__)
    parser.add_argument("--runs", type=int, default=7, help="runs per command (median)")
    parser.add_argument("--pdf-runs", type=int, default=3, help="runs per PDF command")
    parser.add_argument("--out", type=Path, default=Path("benchmark-results.json"))
    parser.add_argument("--skip-peers", action="store_true",
                        help="do not install or time copier and cookiecutter")
    parser.add_argument("--sizes", default=",".join(map(str, SIZES)),
                        help="requirements for the scale run")
    parser.add_argument("--pdf-scale", action="store_true",
                        help="also PDFs of about 100, 400 and 1,600 pages (slow: minutes)")
    parser.add_argument("--pdf-pages", default=",".join(map(str, PDF_PAGES)))
    parser.add_argument("--only", default="startup,mdjson,pdf,scale",
                        help="comma-separated: startup, mdjson, pdf, scale, pdf-scale")
    options = parser.parse_args()
    chosen = set(options.only.split(","))
    if options.pdf_scale:
        chosen.add("pdf-scale")
    compile_sources()
    rows: list[Row] = []
    with tempfile.TemporaryDirectory(prefix="procure-bench-") as scratch:
        folder = Path(scratch)
        env = Environment(folder)
        example, size = largest_example()
        print(f"Largest example: {example} ({size} requirements)", file=sys.stderr)
        if "startup" in chosen:
            rows += startup(options.runs, options.skip_peers, env)
        if "mdjson" in chosen:
            rows += markdown_json(options.runs, example, folder, env)
        if "pdf" in chosen:
            rows += pdf(options.pdf_runs, example, folder, env)
        if "scale" in chosen:
            rows += scale([int(size) for size in options.sizes.split(",")], folder, env)
        if "pdf-scale" in chosen:
            rows += pdf_scale([int(pages) for pages in options.pdf_pages.split(",")], folder,
                              env)
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
