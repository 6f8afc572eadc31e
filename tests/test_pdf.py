"""The PDF checklist, rendered for real by WeasyPrint and read back with pypdf.

One full render through the CLI (the federal example) and one small render (the fixture pack in
tests/data/pdf-packs) serve most tests; the determinism and escaping tests render the small one
again. Any warning or error WeasyPrint logs while rendering fails the suite.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import json
import logging
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from pypdf import PdfReader

from procure.cli import main
from procure.model.answers import load_answers
from procure.model.checklist import Checklist, Deadline
from procure.model.packs import Library, load_library
from procure.render.pdf import (
    asset_fetcher,
    assets_folder,
    checklist_html,
    html_to_pdf,
    render_pdf,
    timeline,
)
from procure.rules.selection import select

from .conftest import EXAMPLES

AS_OF = dt.date(2026, 11, 22)
FIXTURE_PACKS = Path(__file__).parent / "data" / "pdf-packs"
EVIL_ORGANIZATION = 'ACME <b>x</b> <img src="file:///etc/hostname">'
# WeasyPrint's notice that the host lacks the optional libharfbuzz-subset C library (it then
# subsets fonts with fontTools): a fact about the machine, not a problem in the document.
HOST_NOTICE = "Using fontTools instead of HarfBuzz-Subset"
MAIN_SECTIONS = ["Contents", "Executive summary", "Requirements",
                 "FAR and DFARS provisions and clauses", "Appendix A. Points for counsel",
                 "Appendix B. Packs not included",
                 "Appendix C. Requirements not applicable", "Appendix D. Authority register",
                 "Appendix E. Review and approval"]
SUMMARY_PARTS = ["Requirements by pack and level", "Buyer profile", "Thresholds on 2026-11-22",
                 "Deadlines ahead", "Blanks to fill before release"]


class Records(logging.Handler):
    def __init__(self) -> None:
        super().__init__(level=logging.WARNING)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


@pytest.fixture(scope="module")
def weasyprint_log() -> Iterator[Records]:
    handler = Records()
    logger = logging.getLogger("weasyprint")
    logger.addHandler(handler)
    yield handler
    logger.removeHandler(handler)


def flat(text: str) -> str:
    return " ".join(text.split())


def texts(reader: PdfReader) -> list[str]:
    return [page.extract_text() for page in reader.pages]


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory,
              weasyprint_log: Records) -> tuple[int, str, Path]:
    """`procure generate --example federal-civilian-400zr --format md,json,pdf`, run once."""
    out = tmp_path_factory.mktemp("generated")
    stdout = io.StringIO()
    with contextlib.redirect_stdout(stdout):
        try:
            main(["generate", "--example", "federal-civilian-400zr", "--format", "md,json,pdf",
                  "--out", str(out), "--as-of", AS_OF.isoformat()])
            code = 0
        except SystemExit as exc:
            code = int(exc.code or 0)
    return code, stdout.getvalue(), out


@pytest.fixture(scope="module")
def federal(generated: tuple[int, str, Path]) -> tuple[PdfReader, list[str], dict[str, Any]]:
    _, _, out = generated
    reader = PdfReader(out / "checklist.pdf")
    data = json.loads((out / "checklist.json").read_text())
    return reader, texts(reader), data


@pytest.fixture(scope="module")
def fixture_library() -> Library:
    """The bundled registry and the fixture pack alone (fixture authorities included)."""
    library = load_library(FIXTURE_PACKS)
    return library.model_copy(
        update={"packs": [entry for entry in library.packs if entry.pack.id == "pdf-fixture"]})


def small_checklist(library: Library, organization: str | None = None,
                    folder: Path | None = None) -> Checklist:
    answers_path = EXAMPLES / "federal-civilian-400zr.yaml"
    if organization is not None:
        assert folder is not None
        document = yaml.safe_load(answers_path.read_text())
        document["organization"] = organization
        answers_path = folder / "answers.yaml"
        answers_path.write_text(yaml.safe_dump(document, allow_unicode=True))
    # The fixture library has none of the bundled packs, so none of their fill-ins.
    answers = load_answers(answers_path)[0].model_copy(update={"fill_ins": {}})
    return select(answers, library, AS_OF)


@pytest.fixture(scope="module")
def small(fixture_library: Library, weasyprint_log: Records) -> tuple[Checklist, bytes]:
    checklist = small_checklist(fixture_library)
    return checklist, render_pdf(checklist)


def outline_titles(reader: PdfReader) -> list[tuple[int, str, int]]:
    """(depth, title, 1-based page) for every outline entry, in order."""
    found: list[tuple[int, str, int]] = []

    def walk(items: list[Any], depth: int) -> None:
        for item in items:
            if isinstance(item, list):
                walk(item, depth + 1)
            else:
                found.append((depth, item.title, reader.get_destination_page_number(item) + 1))

    walk(reader.outline, 0)
    return found


@pytest.mark.slow
def test_generate_writes_markdown_json_and_pdf(generated: tuple[int, str, Path]) -> None:
    code, stdout, out = generated
    assert code == 0
    assert stdout == (f"wrote {out}/checklist.md\nwrote {out}/checklist.json\n"
                      f"wrote {out}/checklist.pdf\n")
    assert (out / "checklist.pdf").read_bytes().startswith(b"%PDF-1.7\n")
    assert (out / "checklist.md").read_text().startswith("# Requirements checklist: ")


@pytest.mark.slow
def test_every_requirement_id_appears_in_the_text(federal: Any) -> None:
    _, pages, data = federal
    text = flat(" ".join(pages))
    ids = [item["id"] for item in data["requirements"]]
    assert ids, "the federal example selects requirements"
    assert [item for item in ids if item not in text] == []


@pytest.mark.slow
def test_every_page_says_page_x_of_n(federal: Any) -> None:
    reader, pages, _ = federal
    total = len(reader.pages)
    assert total > 10
    for number, text in enumerate(pages, start=1):
        assert re.findall(r"Page (\d+) of (\d+)", text) == [(str(number), str(total))]
        assert "Document date 2026-11-22 · Draft for legal review" in text


@pytest.mark.slow
def test_outline_has_every_section_and_pack(federal: Any) -> None:
    reader, pages, data = federal
    outline = outline_titles(reader)
    top = [title for depth, title, _ in outline if depth == 0]
    assert top == MAIN_SECTIONS
    packs = [f"{number} {pack['title']}" for number, pack in enumerate(data["packs"], start=1)]
    nested = [title for depth, title, _ in outline if depth == 1]
    assert nested == SUMMARY_PARTS + packs
    for _, title, page in outline:
        heading = re.sub(r"^\d+ ", "", title)
        assert heading in flat(pages[page - 1]), f"{title!r} is not on page {page}"


@pytest.mark.slow
def test_table_of_contents_page_numbers_match_the_outline(federal: Any) -> None:
    reader, pages, _ = federal
    contents = flat(pages[1])
    assert contents.startswith("Contents ")
    for depth, title, page in outline_titles(reader):
        if depth == 0 and title != "Contents":
            found = re.search(re.escape(title) + r"[ .]*?(\d+)", contents)
            assert found is not None and int(found.group(1)) == page, title


@pytest.mark.slow
def test_metadata_and_tags(federal: Any) -> None:
    reader, _, data = federal
    meta = reader.metadata
    assert meta is not None
    project = data["answers"]["project"]
    assert meta.title == f"Requirements checklist: {project}"
    assert meta.author == data["answers"]["organization"]
    assert meta.subject.startswith(f"Requirements for the RFP appendix of {project}, ")
    assert meta["/Keywords"].startswith("requirements checklist, RFP appendix, procurement, ")
    keywords = meta["/Keywords"].split(", ")
    assert [pack["id"] for pack in data["packs"] if pack["id"] not in keywords] == []
    assert meta["/Creator"] == f"procure {data['generator']['version']}"
    assert meta["/CreationDate"] == meta["/ModDate"] == "D:20261122"
    root = reader.trailer["/Root"]
    assert bool(root["/MarkInfo"]["/Marked"])
    assert root["/Lang"] == "en"
    assert "/StructTreeRoot" in root
    assert b'pdfuaid:part="1"' in root["/Metadata"].get_object().get_data()
    deadlines = data["deadlines"]
    figures = [f"Timeline of {len(deadlines)} deadlines from {deadlines[0]['date']} to "
               f"{deadlines[-1]['date']}, numbered as in the table below"] if deadlines else []
    assert alternate_texts(root["/StructTreeRoot"]) == figures


def alternate_texts(node: Any) -> list[str]:
    """Every /Alt in a structure tree, in document order."""
    node = node.get_object()
    found = [str(node["/Alt"])] if "/Alt" in node else []
    kids = node.get("/K")
    for kid in kids if isinstance(kids, list) else [kids]:
        if hasattr(kid, "get_object") and isinstance(kid.get_object(), dict):
            found += alternate_texts(kid)
    return found


@pytest.mark.slow
def test_two_renders_are_byte_identical(small: tuple[Checklist, bytes]) -> None:
    checklist, first = small
    before = os.environ.get("SOURCE_DATE_EPOCH")
    assert render_pdf(checklist) == first
    assert os.environ.get("SOURCE_DATE_EPOCH") == before


@pytest.mark.slow
def test_requirement_block_shows_every_field(small: tuple[Checklist, bytes]) -> None:
    _, pdf = small
    text = flat(" ".join(texts(PdfReader(io.BytesIO(pdf)))))
    assert ("1.1 MUST LAW PDFX-001 Streaming telemetry over gNMI with documented sensor paths"
            in text)
    assert "1.2 SHOULD PDFX-002 Secure software development attestation" in text
    assert "1.3 MAY PDFX-003 Telemetry retention once the fixture rule takes effect" in text
    assert "sensor paths & sample intervals documented <as shown> in the response" in text
    assert "(<b>bold</b>&<script>alert(1)</script>)" in "".join(text.split())
    assert "PDF fixture pack <i>for tests</i>" in text
    assert "Effective from 2027-10-01" in text
    assert "NOT IN FORCE Rescinded since 2026-01-23 by OMB M-26-05." in text
    assert "NOT IN FORCE Proposed (anticipated, not in force) since 2026-09-30." in text
    assert "For counsel Whether an agency may still ask for the attestation form" in text
    assert text.count("Comply Partial Exception Alternate N/A Evidence reference") == 3
    long_url = ("https://www.federalregister.gov/documents/2026/09/30/2026-99999/fixture-"
                "proposed-rule-on-optical-line-system-telemetry-and-streaming-data-retention-"
                "requirements-for-federal-networks")
    assert long_url in "".join(text.split())


@pytest.mark.slow
def test_answers_are_text_and_nothing_is_fetched(fixture_library: Library, tmp_path: Path,
                                                 weasyprint_log: Records) -> None:
    checklist = small_checklist(fixture_library, EVIL_ORGANIZATION, tmp_path)
    html = checklist_html(checklist)
    assert "&lt;img src=&#34;file:///etc/hostname&#34;&gt;" in html
    assert "<img" not in html
    fetcher = asset_fetcher(assets_folder())
    reader = PdfReader(io.BytesIO(html_to_pdf(html, AS_OF, fetcher=fetcher)))
    text = flat(" ".join(texts(reader)))
    assert EVIL_ORGANIZATION in text
    assert reader.metadata is not None and reader.metadata.author == EVIL_ORGANIZATION
    assert fetcher.requested == [(assets_folder() / "checklist.css").as_uri()]
    hostname = Path("/etc/hostname")
    if hostname.exists() and len(hostname.read_text().strip()) >= 4:
        assert hostname.read_text().strip() not in text


@pytest.mark.slow
def test_a_terminal_sees_progress_while_the_pdf_renders(tmp_path: Path) -> None:
    import pexpect

    procure = Path(sys.executable).parent / "procure"
    child = pexpect.spawn(str(procure), ["generate", "--example", "enterprise-sdwan", "--format",
                                         "pdf", "--out", "out", "--as-of", AS_OF.isoformat()],
                          cwd=str(tmp_path), encoding="utf-8", dimensions=(24, 100), timeout=120,
                          env={**os.environ, "TERM": "xterm"})
    child.expect_exact("checklist.pdf: laying out pages")
    child.expect(r"checklist\.pdf: writing (\d+) pages")
    pages = int(child.match.group(1))
    child.expect_exact("wrote out/checklist.pdf")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    assert len(PdfReader(tmp_path / "out" / "checklist.pdf").pages) == pages


def test_fetcher_serves_only_the_bundled_assets(tmp_path: Path) -> None:
    assets = assets_folder()
    outside = tmp_path / "assets"
    outside.mkdir()
    (outside / "link.css").symlink_to(Path(__file__))
    fetcher = asset_fetcher(assets)
    stylesheet = fetcher.fetch((assets / "checklist.css").as_uri())
    assert stylesheet.read().startswith(b"/*")
    assert fetcher.fetch("data:text/css,p%7Bcolor:red%7D").read() == b"p{color:red}"
    refused = ["file:///etc/hostname", assets.as_uri() + "/../../pyproject.toml",
               assets.as_uri() + "/%2e%2e/%2e%2e/pyproject.toml",
               "file://otherhost" + str(assets / "checklist.css"),
               "http://127.0.0.1/checklist.css", "https://example.com/font.woff2",
               "ftp://example.com/x.css"]
    for url in refused:
        with pytest.raises(ValueError, match="refused to fetch"):
            fetcher.fetch(url)
    with pytest.raises(ValueError, match="refused to fetch"):
        asset_fetcher(outside).fetch((outside / "link.css").as_uri())


@pytest.mark.slow
def test_importing_the_renderer_does_not_import_weasyprint() -> None:
    probe = "import sys, procure.render.pdf; print('weasyprint' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                            check=True)
    assert result.stdout == "False\n"


@pytest.mark.slow
def test_weasyprint_logged_no_warning(generated: Any, small: Any,
                                      weasyprint_log: Records) -> None:
    problems = [f"{record.levelname}: {record.getMessage()}" for record in weasyprint_log.records
                if not record.getMessage().startswith(HOST_NOTICE)]
    assert problems == []


def deadline(day: str) -> Deadline:
    return Deadline(date=dt.date.fromisoformat(day), what="something", authority="far-25.4")


def test_timeline_groups_a_date_and_stacks_crowded_markers() -> None:
    days = ["2027-01-15", "2027-01-15", "2027-01-15", "2027-01-20", "2029-06-30"]
    drawn = timeline([deadline(day) for day in days], AS_OF, dt.date(2027, 3, 31))
    assert drawn is not None
    assert [mark.label for mark in drawn.marks] == ["1–3", "4", "5"]
    crowded, beside, alone = drawn.marks
    assert beside.y < crowded.y == alone.y
    assert [year.label for year in drawn.years] == ["2026", "2027", "2028", "2029"]
    assert drawn.years[0].x < drawn.references[0].x < crowded.x < alone.x
    assert [(ref.label, ref.row) for ref in drawn.references] == [
        ("Document date 2026-11-22", 1), ("Expected award 2027-03-31", 0)]


def test_timeline_starts_at_the_year_when_a_month_would_be_too_narrow() -> None:
    drawn = timeline([deadline("2035-12-31")], AS_OF, None)
    assert drawn is not None
    assert [year.label for year in drawn.years][:2] == ["2026", "2027"]
    assert drawn.years[0].width == pytest.approx(drawn.years[1].width, abs=0.5)
    assert timeline([], AS_OF, None) is None
