"""PDF renderer: the package legal and contracting teams review, or the attachment for vendors.

In: a `Checklist` and the edition. Out: `checklist.pdf` as bytes. The HTML comes from
`templates/checklist.html.j2` (answers and pack text autoescaped; the rfp edition from the vendor
copy of the checklist only), WeasyPrint lays it out with the print stylesheet in
`templates/assets/` and writes a tagged PDF (PDF/UA-1) with metadata, an outline and page numbers;
the rfp edition carries the solicitation and attachment in the header of every page.
Identical inputs and document date give identical bytes. The only URLs WeasyPrint may fetch are
`data:` URLs and files inside the assets folder; everything else is refused.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import mimetypes
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit
from urllib.request import url2pathname

from ..model.checklist import Checklist, Deadline
from ..model.registry import IN_FORCE
from ..support.bundled import bundled
from ..support.gcpause import paused_gc
from ..support.wording import counted
from .edition import template_context, text_pieces
from .labels import reason, sentence
from .pdfwriting import page_references_once
from .templating import template

TEMPLATE = "checklist.html.j2"
ASSETS = "assets"
PDF_VARIANT = "pdf/ua-1"

# Geometry of the deadline timeline, in CSS pixels (the figure is scaled to the text width).
FIGURE_WIDTH = 660.0
FIGURE_MARGIN = 14.0
LANE_HEIGHT = 20.0
MARK_HEIGHT = 15.0
MARK_GAP = 3.0
AXIS_BELOW = 50.0
DIGIT_WIDTH = 6.2
REFERENCE_LABEL_WIDTH = 120.0
YEAR_LABEL_WIDTH = 30.0


@dataclass(frozen=True)
class Mark:
    """One marker on the timeline: the deadlines of one date, labelled by their numbers."""

    label: str
    day: dt.date
    x: float
    y: float
    width: float


@dataclass(frozen=True)
class YearBand:
    label: str
    x: float
    width: float


@dataclass(frozen=True)
class Reference:
    """A dated line drawn across the axis (the document date, the expected award)."""

    label: str
    x: float
    row: int
    anchor: str


@dataclass(frozen=True)
class Timeline:
    width: float
    height: float
    axis_y: float
    years: list[YearBand]
    ticks: list[float]
    marks: list[Mark]
    references: list[Reference]


def _month_start(day: dt.date, months: int = 0) -> dt.date:
    index = day.year * 12 + day.month - 1 + months
    return dt.date(index // 12, index % 12 + 1, 1)


def timeline(deadlines: list[Deadline], as_of: dt.date,
             award: dt.date | None) -> Timeline | None:
    """Lay out the deadlines on a year axis: one marker per date, stacked where dates crowd.

    The axis runs from the month before the document date (or the start of that year, where
    the first year would be too narrow to label) to the end of the last deadline's year; the
    document date and the expected award are drawn as lines across it.
    """
    if not deadlines:
        return None
    last = max(item.date for item in deadlines).year
    if award is not None and award > as_of:
        last = max(last, award.year)
    end = dt.date(last + 1, 1, 1)
    left, right = FIGURE_MARGIN, FIGURE_WIDTH - FIGURE_MARGIN
    start = _month_start(as_of, -1)
    first_band = (right - left) * (dt.date(start.year + 1, 1, 1) - start).days / (end - start).days
    if first_band < YEAR_LABEL_WIDTH:
        start = dt.date(as_of.year, 1, 1)  # a sliver of a year could not carry its label
    span = (end - start).days

    def x_of(day: dt.date) -> float:
        return round(left + (right - left) * (max(day, start) - start).days / span, 1)

    years = [YearBand(str(year), x_of(dt.date(year, 1, 1)),
                      round(x_of(dt.date(year + 1, 1, 1)) - x_of(dt.date(year, 1, 1)), 1))
             for year in range(start.year, last + 1)]
    ticks = [x_of(dt.date(year, month, 1)) for year in range(start.year, last + 1)
             for month in (4, 7, 10) if start < dt.date(year, month, 1) < end]
    groups: dict[dt.date, list[int]] = {}
    for number, item in enumerate(deadlines, start=1):
        groups.setdefault(item.date, []).append(number)
    placed: list[tuple[str, dt.date, float, int, float]] = []
    lane_ends: list[float] = []
    for day, numbers in groups.items():
        label = str(numbers[0]) if len(numbers) == 1 else f"{numbers[0]}–{numbers[-1]}"
        width = max(MARK_HEIGHT, len(label) * DIGIT_WIDTH + 6)
        centre = min(max(x_of(day), left + width / 2), right - width / 2)
        lane = next((i for i, end_x in enumerate(lane_ends)
                     if end_x + MARK_GAP <= centre - width / 2), len(lane_ends))
        if lane == len(lane_ends):
            lane_ends.append(0.0)
        lane_ends[lane] = centre + width / 2
        placed.append((label, day, centre, lane, width))
    axis_y = 8 + len(lane_ends) * LANE_HEIGHT + 8
    marks = [Mark(label, day, round(centre, 1), axis_y - 10 - lane * LANE_HEIGHT - MARK_HEIGHT,
                  round(width, 1)) for label, day, centre, lane, width in placed]
    dated = [(f"Document date {as_of.isoformat()}", x_of(as_of))]
    if award is not None and as_of < award < end:
        dated.append((f"Expected award {award.isoformat()}", x_of(award)))
    # The later line gets the upper label row, so no label is crossed by the other line.
    references = [Reference(label, x, len(dated) - 1 - row,
                            "start" if right - x >= REFERENCE_LABEL_WIDTH else "end")
                  for row, (label, x) in enumerate(dated)]
    return Timeline(FIGURE_WIDTH, axis_y + AXIS_BELOW, axis_y, years, ticks, marks, references)


@paused_gc()
def checklist_html(checklist: Checklist, templates: Path | None = None,
                   edition: str = "review") -> str:
    """The checklist as the HTML document WeasyPrint lays out (pure: no I/O but the template)."""
    context = template_context(checklist, edition)
    view: Checklist = context["c"]
    award = view.answers.get("award_date")
    award_day = dt.date.fromisoformat(str(award)) if award else None
    return template(TEMPLATE, templates).render(
        **context,
        profile=[(row.label, row.value) for row in view.profile],
        timeline=timeline(view.deadlines, view.as_of, award_day),
        in_force=IN_FORCE,
        requirement_ids={item.id for item in view.requirements},
        reason=reason,
        sentence=sentence,
        text_pieces=text_pieces,
        mark_height=MARK_HEIGHT,
        year_label_width=YEAR_LABEL_WIDTH,
    )


def assets_folder(templates: Path | None = None) -> Path:
    return ((templates or bundled("templates")) / ASSETS).resolve()


def asset_fetcher(assets: Path) -> Any:
    """A WeasyPrint URL fetcher that serves `data:` URLs and files inside `assets`, nothing else.

    The path is checked after resolving `..`, percent-escapes and symbolic links, so no spelling
    of a URL reaches outside the folder. `requested` records every URL asked for.
    """
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    root = assets.resolve()

    class AssetFetcher(URLFetcher):  # type: ignore[misc]  # WeasyPrint is untyped
        def __init__(self) -> None:
            super().__init__(allowed_protocols=("data", "file"), allow_redirects=False)
            self.requested: list[str] = []

        def fetch(self, url: str, headers: Any = None) -> Any:
            self.requested.append(url)
            parts = urlsplit(url)
            scheme = parts.scheme.lower()
            if scheme == "data":
                return super().fetch(url, headers)
            if scheme == "file" and parts.netloc in ("", "localhost"):
                path = Path(url2pathname(parts.path)).resolve()
                if path.is_relative_to(root) and path.is_file():
                    kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
                    return URLFetcherResponse(url, path.read_bytes(),
                                              {"Content-Type": kind})
            raise ValueError(f"refused to fetch {url}: the PDF may only use procure's "
                             "bundled assets")

    return AssetFetcher()


@contextlib.contextmanager
def source_date(day: dt.date) -> Iterator[None]:
    """Set SOURCE_DATE_EPOCH to the document date for this process, then restore it.

    fontTools stamps subsetted fonts with the current time unless this variable is set.
    """
    previous = os.environ.get("SOURCE_DATE_EPOCH")
    moment = dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC)
    os.environ["SOURCE_DATE_EPOCH"] = str(int(moment.timestamp()))
    try:
        yield
    finally:
        if previous is None:
            del os.environ["SOURCE_DATE_EPOCH"]
        else:
            os.environ["SOURCE_DATE_EPOCH"] = previous


def html_to_pdf(html: str, as_of: dt.date, templates: Path | None = None,
                fetcher: Any = None, on_stage: Callable[[str], None] | None = None) -> bytes:
    """Lay out and write the document; `fetcher` defaults to one limited to the assets.

    `on_stage` hears a short phrase as each of the two long steps (layout, writing) starts.
    """
    from weasyprint import HTML

    announce = on_stage or (lambda _stage: None)
    folder = (templates or bundled("templates")).resolve()
    fetcher = fetcher or asset_fetcher(assets_folder(templates))
    with source_date(as_of), paused_gc():
        announce("laying out pages")
        document = HTML(string=html, base_url=folder.as_uri() + "/",
                        url_fetcher=fetcher).render(pdf_variant=PDF_VARIANT)
        announce(f"writing {counted(len(document.pages), 'page')}")
        with page_references_once():
            pdf: bytes = document.write_pdf(pdf_variant=PDF_VARIANT, pdf_identifier=True)
    return pdf


def render_pdf(checklist: Checklist, templates: Path | None = None,
               on_stage: Callable[[str], None] | None = None, edition: str = "review") -> bytes:
    return html_to_pdf(checklist_html(checklist, templates, edition), checklist.as_of, templates,
                       on_stage=on_stage)
