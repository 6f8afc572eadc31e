"""Per-page layout cost: `python -m benchmarks.layout EXAMPLE AS_OF`.

In: an example name and a document date. Out: one JSON object: for our PDF and for the same
content as plain HTML (headings and paragraphs, WeasyPrint's default styles), the layout and
write seconds and the page count, so the cost of our design per page can be compared.
"""

from __future__ import annotations

import datetime as dt
import html
import json
import sys
import time
from typing import Any

from procure.answers import load_answers
from procure.checklist import Checklist
from procure.packs import load_library
from procure.render_pdf import asset_fetcher, assets_folder, checklist_html, source_date
from procure.resources import bundled
from procure.selection import select


def plain_html(checklist: Checklist) -> str:
    parts = [f"<h1>{html.escape(checklist.answers['project'])}</h1>"]
    for pack in checklist.packs:
        parts.append(f"<h2>{html.escape(pack.title)}</h2><p>{html.escape(pack.purpose)}</p>")
        for item in checklist.requirements_of(pack.id):
            parts.append(f"<h3>{item.id} {item.level} {html.escape(item.title)}</h3>")
            parts.append(f"<p>{html.escape(item.text)}</p>")
            parts.append(f"<p>{html.escape('; '.join(item.evidence))}</p>")
            for ref in item.authorities:
                parts.append(f"<p>{html.escape(ref.citation)}, {html.escape(ref.pinpoint)}: "
                             f"{html.escape(ref.status_note)}</p>")
            parts.append(f"<p>{html.escape(item.why)}</p>")
    return "<!doctype html><html><body>" + "".join(parts) + "</body></html>"


def measure(source: str, base_url: str, fetcher: Any, as_of: dt.date) -> dict[str, float]:
    from weasyprint import HTML

    with source_date(as_of):
        started = time.perf_counter()
        document = HTML(string=source, base_url=base_url, url_fetcher=fetcher).render()
        laid_out = time.perf_counter()
        document.write_pdf()
        written = time.perf_counter()
    pages = len(document.pages)
    return {"pages": pages, "layout_s": laid_out - started, "write_s": written - laid_out,
            "seconds_per_page": (written - started) / pages}


def main() -> None:
    example, as_of_text = sys.argv[1], sys.argv[2]
    as_of = dt.date.fromisoformat(as_of_text)
    answers, _ = load_answers(bundled("examples") / f"{example}.yaml")
    checklist = select(answers, load_library(), as_of)
    base_url = bundled("templates").resolve().as_uri() + "/"
    fetcher = asset_fetcher(assets_folder())
    measure(plain_html(checklist), base_url, fetcher, as_of)  # warm fonts and caches
    ours = measure(checklist_html(checklist), base_url, fetcher, as_of)
    plain = measure(plain_html(checklist), base_url, fetcher, as_of)
    print(json.dumps({"ours": ours, "plain": plain}))


if __name__ == "__main__":
    main()
