"""Each stage at scale: `python -m benchmarks.scale FOLDER [--pdf]`.

In: a packs folder written by `synthetic.write_pack_folder` (the bundled requirements repeated
under new ids). Out: one JSON object on stdout: for each stage (loading the packs the first time,
which parses, validates and fills the cache; loading them again from the cache; selection; the
Markdown; the JSON; with `--pdf`, the PDF's layout and writing) its best CPU and wall seconds,
and the number of requirements or pages. Run as its own process, in a library caller's setting
(the collector on), so the caller can read its peak memory; the cache is a fresh folder of its own.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

AS_OF = dt.date(2026, 11, 22)
ANSWERS = "federal-civilian-400zr"
# Every stage runs this many times at every size and the median counts: the same number of runs
# at each size, so that no size gets a luckier best-of-many.
RUNS = 3


def timed(stage: Callable[[], Any], prepare: Callable[[], None] | None = None
          ) -> tuple[dict[str, float], Any]:
    """Median CPU and wall seconds of `stage` (`prepare` runs untimed before each run)."""
    cpus, walls = [], []
    result: Any = None
    for _ in range(RUNS):
        if prepare is not None:
            prepare()
        cpu, wall = time.process_time(), time.perf_counter()
        result = stage()
        cpus.append(time.process_time() - cpu)
        walls.append(time.perf_counter() - wall)
    return {"cpu_s": statistics.median(cpus), "wall_s": statistics.median(walls)}, result


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.scale")
    parser.add_argument("folder", type=Path)
    parser.add_argument("--pdf", action="store_true", help="also lay out and write the PDF")
    parser.add_argument("--only-pdf", action="store_true", help="only the PDF stages")
    options = parser.parse_args()
    caches = Path(tempfile.mkdtemp(prefix="procure-scale-cache-"))
    try:
        measure(options.folder, caches, options.pdf or options.only_pdf, options.only_pdf)
    finally:
        shutil.rmtree(caches, ignore_errors=True)


def measure(folder: Path, caches: Path, pdf: bool, only_pdf: bool) -> None:

    import procure.model.packs as packs
    from procure.model.answers import load_answers
    from procure.render.jsondoc import render_json
    from procure.render.markdown import render_markdown
    from procure.rules.selection import select
    from procure.support.bundled import bundled

    answers, _ = load_answers(bundled("examples") / f"{ANSWERS}.yaml")
    answers = answers.model_copy(update={"fill_ins": {}})  # the made-up packs have no fill-ins
    stages: dict[str, dict[str, float]] = {}

    def forget() -> None:
        packs._PARSED.clear()

    def fresh_cache() -> None:
        forget()
        os.environ["PROCURE_CACHE_DIR"] = tempfile.mkdtemp(dir=caches)

    stages["load, first run"], library = timed(lambda: packs.load_folders([folder]),
                                               fresh_cache)
    stages["load, from the cache"], library = timed(lambda: packs.load_folders([folder]), forget)
    size = sum(len(entry.pack.requirements) for entry in library.packs)
    stages["select"], checklist = timed(lambda: select(answers, library, AS_OF))
    result: dict[str, Any] = {"size": size, "selected": len(checklist.requirements)}
    if only_pdf:
        stages.clear()
    else:
        stages["md"], _ = timed(lambda: render_markdown(checklist))
        stages["json"], _ = timed(lambda: render_json(checklist))
    if pdf:
        result.update(pdf_stages(checklist, stages))
    for name in stages:
        stages[name]["count"] = result.get("pages", size) if name.startswith("pdf") else size
    result["stages"] = stages
    json.dump(result, sys.stdout)
    print()


def pdf_stages(checklist: Any, stages: dict[str, dict[str, float]]) -> dict[str, Any]:
    """The PDF's HTML, then procure's own layout and writing (once: a large PDF takes minutes),
    timed at the steps `html_to_pdf` announces."""
    from procure.render.pdf import checklist_html, html_to_pdf

    stages["pdf html"], html = timed(lambda: checklist_html(checklist))
    marks: list[tuple[str, float, float]] = []

    def mark(stage: str) -> None:
        marks.append((stage, time.process_time(), time.perf_counter()))

    pdf = html_to_pdf(html, checklist.as_of, on_stage=mark)
    mark("done")
    (_, layout_cpu, layout_wall), (writing, write_cpu, write_wall), (_, end_cpu, end_wall) = marks
    stages["pdf layout"] = {"cpu_s": write_cpu - layout_cpu, "wall_s": write_wall - layout_wall}
    stages["pdf write"] = {"cpu_s": end_cpu - write_cpu, "wall_s": end_wall - write_wall}
    pages = int(writing.split()[1])  # "writing N pages"
    return {"pages": pages, "pdf_bytes": len(pdf)}


if __name__ == "__main__":
    main()
