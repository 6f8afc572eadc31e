"""Time selection over a synthetic library: `python -m benchmarks.rules SIZE`.

In: a number of requirements. Out: one JSON line on stdout: size, seconds, requirements selected.
Run as its own process so the caller can read its peak memory.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
import time

from procure.model.answers import load_answers
from procure.model.packs import load_library
from procure.rules.selection import select
from procure.support.bundled import bundled

from .synthetic import synthetic_library


def main() -> None:
    size = int(sys.argv[1])
    base = load_library()
    library = synthetic_library(size, base)
    answers, _ = load_answers(bundled("examples") / "federal-civilian-400zr.yaml")
    best = float("inf")
    for _ in range(3):
        started = time.perf_counter()
        checklist = select(answers, library, dt.date(2026, 11, 22))
        best = min(best, time.perf_counter() - started)
    print(json.dumps({"size": size, "seconds": best, "selected": len(checklist.requirements)}))


if __name__ == "__main__":
    main()
