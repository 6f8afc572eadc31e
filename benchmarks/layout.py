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

from procure.model.answers import load_answers
from procure.model.checklist import Checklist
from procure.model.packs import load_library
from procure.render.pdf import asset_fetcher, assets_folder, checklist_html, source_date
from procure.rules.selection import select
from procure.support.bundled import bundled


def plain_html(checklist: Checklist) -> str:
    """The same content as our PDF (cover facts, summary, requirements, appendices) as headings
    and paragraphs with WeasyPrint's default styles: the floor our design is compared with."""
    def p(text: object) -> str:
        return f"<p>{html.escape(str(text))}</p>"

    answers = checklist.answers
    parts = [f"<h1>Requirements checklist: {html.escape(answers['project'])}</h1>",
             p(answers["organization"]), p(f"Document date {checklist.as_of}"),
             p(f"Input hash {checklist.inputs_sha256}"), "<h2>Executive summary</h2>"]
    parts += [p(f"{title}: {levels}") for _, title, levels in checklist.counts()]
    parts += [p(f"{key}: {value}") for key, value in answers.items()]
    parts += [p(f"{item.date} {item.what} ({item.authority})") for item in checklist.deadlines]
    for pack in checklist.packs:
        parts += [f"<h2>{html.escape(pack.title)}</h2>", p(pack.purpose), p(pack.why)]
        for item in checklist.requirements_of(pack.id):
            parts.append(f"<h3>{item.id} {item.level} {html.escape(item.title)}</h3>")
            parts += [p(item.text), *(p(evidence) for evidence in item.evidence)]
            parts += [p(f"{ref.citation}, {ref.pinpoint}. {ref.title}. {ref.status_note}")
                      for ref in item.authorities]
            parts += [p(item.why), p("Comply / Partial / Exception / N/A; evidence reference")]
            if item.counsel:
                parts.append(p(item.counsel))
    parts.append("<h2>Appendix A. Points for counsel</h2>")
    parts += [p(f"{point.ref}: {point.point}") for point in checklist.counsel_points]
    parts.append("<h2>Appendix B. Packs not included</h2>")
    parts += [p(f"{pack.title}: {pack.why}") for pack in checklist.excluded_packs]
    parts.append("<h2>Appendix C. Requirements not applicable</h2>")
    parts += [p(f"{item.id} {item.title}: {item.why}") for item in checklist.excluded_requirements]
    parts.append("<h2>Appendix D. Authority register</h2>")
    parts += [p(f"{entry.citation}. {entry.title}. {entry.status_note} {entry.url}")
              for entry in checklist.authority_register]
    parts += ["<h2>Appendix E. Review and approval</h2>",
              *(p(f"{role}: name, signature, date") for role in
                ("Prepared by", "Legal review", "Contracting officer"))]
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
