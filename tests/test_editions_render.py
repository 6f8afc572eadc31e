"""The two editions as real PDF (WeasyPrint, read back with pypdf) and Word (python-docx, read
back with python-docx), for three kinds of buyer, and the organisation's Word template.

Slow: every test here lays out PDFs or builds Word files.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import docx
import pytest
from pypdf import PdfReader

from procure.model.checklist import Checklist
from procure.render.pdf import render_pdf
from procure.render.word import render_docx
from procure.render.wordml import read_template

from .editions import (
    AS_OF,
    BUYERS,
    EDITION_PACKS,
    RESPONSE_OPTIONS,
    RUNNING,
    buyer_checklist,
    edition_library,
    flat,
    our_words,
    raw_tokens_in,
    write_answers,
)

pytestmark = pytest.mark.slow
EDITIONS = ("review", "rfp")
CASES = [(buyer, edition) for buyer in BUYERS for edition in EDITIONS]
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


@pytest.fixture(scope="module")
def checklists() -> dict[str, Checklist]:
    library = edition_library()
    return {buyer: buyer_checklist(library, buyer) for buyer in BUYERS}


@pytest.fixture(scope="module")
def pdfs(checklists: dict[str, Checklist]) -> dict[tuple[str, str], bytes]:
    return {(buyer, edition): render_pdf(checklists[buyer], edition=edition)
            for buyer, edition in CASES}


@pytest.fixture(scope="module")
def docxs(checklists: dict[str, Checklist]) -> dict[tuple[str, str], bytes]:
    return {(buyer, edition): render_docx(checklists[buyer], edition)
            for buyer, edition in CASES}


def pdf_pages(data: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(data)).pages]


def word(data: bytes) -> Any:
    return docx.Document(io.BytesIO(data))


def word_text(document: Any) -> str:
    """Every paragraph of the body, its tables, and the headers and footers."""
    parts = [paragraph.text for paragraph in document.paragraphs]
    for table in document.tables:
        parts += [cell.text for row in table.rows for cell in row.cells]
    for section in document.sections:
        for part in (section.header, section.footer):
            parts += [paragraph.text for paragraph in part.paragraphs]
            parts += [cell.text for table in part.tables for row in table.rows
                      for cell in row.cells]
    return "\n".join(parts)


def instructions(element: Any) -> list[str]:
    return [node.text.strip() for node in element.iter(f"{W}instrText")]


# PDF ------------------------------------------------------------------------------------------

@pytest.mark.parametrize("buyer", list(BUYERS))
def test_pdf_rfp_edition_heads_every_page_and_says_nothing_internal(
        checklists: dict[str, Checklist], pdfs: dict[tuple[str, str], bytes], buyer: str) -> None:
    checklist = checklists[buyer]
    pages = pdf_pages(pdfs[(buyer, "rfp")])
    for number, page in enumerate(pages, start=1):
        assert RUNNING[buyer] in page, number
        assert f"Page {number} of {len(pages)}" in page, number
    text = "\n".join(pages)
    ours = our_words(text, checklist).lower()
    assert "draft" not in ours and "counsel" not in ours and "verif" not in ours
    assert "day set to the 1st" not in text
    for point in checklist.counsel_points:
        assert flat(point.point)[:50] not in flat(text)
    for requirement in checklist.requirements:
        assert requirement.id in text
    for option in RESPONSE_OPTIONS:
        assert option in text
    assert raw_tokens_in(text) == []


@pytest.mark.parametrize("buyer", list(BUYERS))
def test_pdf_review_edition_keeps_counsel_and_lists_the_blanks(
        checklists: dict[str, Checklist], pdfs: dict[tuple[str, str], bytes], buyer: str) -> None:
    checklist = checklists[buyer]
    text = "\n".join(pdf_pages(pdfs[(buyer, "review")]))
    assert "DRAFT FOR LEGAL REVIEW" in text
    assert "Blanks to fill before release" in text
    for point in checklist.counsel_points:
        assert flat(point.point)[:30] in flat(text)
    for requirement in checklist.requirements:
        assert requirement.id in text
    for option in RESPONSE_OPTIONS:
        assert option in text
    assert raw_tokens_in(text) == []


def test_pdf_rfp_edition_of_a_federal_buyer_lists_the_clauses(
        pdfs: dict[tuple[str, str], bytes]) -> None:
    text = flat("\n".join(pdf_pages(pdfs[("federal", "rfp")])))
    assert "FAR and DFARS provisions and clauses" in text
    assert "FAR 52.225-3" in text and "NOV 2023" in text and "By reference" in text
    assert "FAR 52.299-1" in text and "Full text" in text and "(representation)" in text


@pytest.mark.parametrize("edition", EDITIONS)
def test_pdf_is_byte_identical_on_a_second_render(
        checklists: dict[str, Checklist], pdfs: dict[tuple[str, str], bytes],
        edition: str) -> None:
    again = render_pdf(buyer_checklist(edition_library(), "federal"), edition=edition)
    assert again == pdfs[("federal", edition)]
    assert checklists["federal"].as_of == AS_OF


# Word -----------------------------------------------------------------------------------------

@pytest.mark.parametrize(("buyer", "edition"), CASES)
def test_docx_headings_build_the_outline_and_requirements_are_numbered(
        checklists: dict[str, Checklist], docxs: dict[tuple[str, str], bytes], buyer: str,
        edition: str) -> None:
    checklist = checklists[buyer]
    document = word(docxs[(buyer, edition)])
    by_style: dict[str, list[Any]] = {}
    for paragraph in document.paragraphs:
        by_style.setdefault(paragraph.style.name, []).append(paragraph)
    chapters = [paragraph.text for paragraph in by_style["Heading 1"]]
    assert "Requirements" in chapters and "Contents" in chapters
    assert [p.text for p in by_style["Heading 2"] if p.text in {k.title for k in checklist.packs}
            ] == [pack.title for pack in checklist.packs]
    requirements = by_style["Heading 3"]
    assert [p.text.split(" · ")[0] for p in requirements] == [r.id for r in checklist.requirements]
    numbering = document.part.numbering_part.element
    for paragraph in requirements:
        number = paragraph._p.pPr.numPr
        assert number.ilvl.val == 1
        abstract_id = numbering.num_having_numId(number.numId.val).abstractNumId.val
        abstract = numbering.xpath(f"./w:abstractNum[@w:abstractNumId='{abstract_id}']")[0]
        texts = [level.find(f"{W}lvlText").get(f"{W}val")
                 for level in abstract.findall(f"{W}lvl")]
        assert texts == ["%1", "%1.%2"]
    packs = [p for p in by_style["Heading 2"] if p.text in {k.title for k in checklist.packs}]
    assert all(p._p.pPr.numPr.ilvl.val == 0 for p in packs)
    assert any(text.startswith('TOC \\o "1-2"') for text in instructions(document.element))
    settings = document.settings.element
    assert settings.find(f"{W}updateFields").get(f"{W}val") == "true"


@pytest.mark.parametrize(("buyer", "edition"), CASES)
def test_docx_header_footer_tables_and_words(
        checklists: dict[str, Checklist], docxs: dict[tuple[str, str], bytes], buyer: str,
        edition: str) -> None:
    document = word(docxs[(buyer, edition)])
    section = document.sections[0]
    header = " ".join(cell.text for table in section.header.tables for row in table.rows
                      for cell in row.cells)
    fields = instructions(section.header._element) + instructions(section.footer._element)
    assert fields == ["PAGE", "NUMPAGES"]
    if edition == "rfp":
        assert header.startswith(RUNNING[buyer]) and "Page 1 of 1" in header
    else:
        assert header == (f"Requirements checklist: {checklists[buyer].answers['project']} "
                          "Draft for legal review")
    tables = [table for table in document.tables if table.rows[0].cells[0].text in ("#", "Level",
                                                                                   "Response")]
    assert tables
    for table in tables:
        first = table.rows[0]._tr.trPr
        assert first.find(f"{W}tblHeader") is not None
    text = word_text(document)
    assert raw_tokens_in(text) == []
    for requirement in checklists[buyer].requirements:
        assert requirement.id in text
    for option in RESPONSE_OPTIONS:
        assert f"☐ {option}" in text


@pytest.mark.parametrize("buyer", list(BUYERS))
def test_docx_review_edition_anchors_each_point_for_counsel(
        checklists: dict[str, Checklist], docxs: dict[tuple[str, str], bytes],
        buyer: str) -> None:
    checklist = checklists[buyer]
    document = word(docxs[(buyer, "review")])
    comments = list(document.comments)
    assert len(comments) == len(checklist.counsel_points)
    anchored = {}
    for paragraph in document.paragraphs:
        for start in paragraph._p.iter(f"{W}commentRangeStart"):
            anchored[int(start.get(f"{W}id"))] = paragraph
    requirement_ids = {r.id for r in checklist.requirements}
    for comment, point in zip(comments, checklist.counsel_points, strict=True):
        assert comment.text.endswith(point.point)
        assert comment.author == "procure"
        assert comment.timestamp is not None and comment.timestamp.date() == AS_OF
        if point.ref in requirement_ids:
            heading = anchored[comment.comment_id]
            assert heading.style.name == "Heading 3"
            assert heading.text.startswith(f"{point.ref} · ")
    assert "Draft for legal review" in word_text(document)


@pytest.mark.parametrize("buyer", list(BUYERS))
def test_docx_rfp_edition_has_no_comment_no_counsel_no_draft(
        checklists: dict[str, Checklist], docxs: dict[tuple[str, str], bytes],
        buyer: str) -> None:
    checklist = checklists[buyer]
    data = docxs[(buyer, "rfp")]
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        body = archive.read("word/document.xml").decode()
        assert "commentRangeStart" not in body
        assert not any("comments" in name for name in archive.namelist())
    text = word_text(word(data))
    ours = our_words(text, checklist).lower()
    assert "draft" not in ours and "counsel" not in ours and "verif" not in ours
    for point in checklist.counsel_points:
        assert flat(point.point)[:50] not in flat(text)


@pytest.mark.parametrize("edition", EDITIONS)
def test_docx_is_byte_identical_and_dated_the_document_date(
        docxs: dict[tuple[str, str], bytes], edition: str) -> None:
    data = docxs[("federal", edition)]
    again = render_docx(buyer_checklist(edition_library(), "federal"), edition)
    assert again == data
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert archive.namelist()[0] == "[Content_Types].xml"
        assert {info.date_time for info in archive.infolist()} == {(2026, 11, 22, 0, 0, 0)}
        assert "docProps/thumbnail.jpeg" not in archive.namelist()
    properties = word(data).core_properties
    assert properties.created.date() == AS_OF and properties.modified.date() == AS_OF
    assert properties.author == "Department of Example Affairs, Office of the CIO"


def test_blanks_are_marked_in_the_word_text(docxs: dict[tuple[str, str], bytes]) -> None:
    document = word(docxs[("federal", "rfp")])
    marked = [run.text for paragraph in document.paragraphs for run in paragraph.runs
              if run.style is not None and run.style.name == "Checklist Blank"]
    assert marked == ["[agency states: notification period]",
                      "[agency states: smallest line item value covered]"]


# The organisation's template --------------------------------------------------------------------

@pytest.fixture
def template(tmp_path: Path) -> Path:
    """A template with its own Heading 1 and leftover text and header that must not carry over."""
    from docx.shared import Pt

    document = docx.Document()
    heading = document.styles["Heading 1"]
    heading.font.name = "Georgia"
    heading.font.size = Pt(20)
    document.add_paragraph("Body text of the template that must not carry over")
    document.sections[0].header.paragraphs[0].text = "Template header"
    path = tmp_path / "agency.docx"
    document.save(str(path))
    return path


WORD_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"


def dotx_of(source: Path, target: Path, kind: str) -> Path:
    """A copy of a .docx whose main part is declared as `kind` (a template, macro-enabled)."""
    with zipfile.ZipFile(source) as archive, zipfile.ZipFile(target, "w") as out:
        for item in archive.infolist():
            content = archive.read(item.filename)
            if item.filename == "[Content_Types].xml":
                content = content.replace(WORD_TYPE.encode(), kind.encode())
            out.writestr(item, content)
    return target


@pytest.fixture
def generated(run_cli, tmp_path: Path) -> Iterator[Any]:
    def run(*extra: str) -> Any:
        answers = write_answers(tmp_path, "federal")
        return run_cli("generate", str(answers), "--packs", str(EDITION_PACKS), "--format",
                       "docx", "--out", str(tmp_path / "out"), "--as-of", AS_OF.isoformat(),
                       "--force", *extra)

    yield run


def test_the_template_gives_its_styles_and_nothing_else(generated: Any, template: Path,
                                                         tmp_path: Path) -> None:
    result = generated("--docx-template", str(template), "--edition", "rfp")
    assert result.code == 0, result.err
    document = word((tmp_path / "out" / "checklist.docx").read_bytes())
    assert document.styles["Heading 1"].font.name == "Georgia"
    text = word_text(document)
    assert "must not carry over" not in text and "Template header" not in text
    assert RUNNING["federal"] in text
    assert document.styles["Heading 3"] is not None


def test_a_dotx_template_is_read_as_a_template(generated: Any, template: Path,
                                               tmp_path: Path) -> None:
    dotx = dotx_of(template, tmp_path / "agency.dotx", WORD_TYPE.replace("document.main",
                                                                          "template.main"))
    assert b"template.main+xml" not in zipfile.ZipFile(io.BytesIO(read_template(dotx))).read(
        "[Content_Types].xml")
    result = generated("--docx-template", str(dotx))
    assert result.code == 0, result.err


@pytest.mark.parametrize(("make", "problem"), [
    (lambda folder: folder / "missing.docx", "no such file"),
    (lambda folder: (folder / "notes.docx").write_text("not a zip") and folder / "notes.docx",
     "is not a Word file (not a .docx or .dotx package)"),
    (lambda folder: _xlsx(folder), "is not a Word document (a spreadsheet or a presentation?)"),
])
def test_a_bad_template_is_refused_and_nothing_is_written(
        generated: Any, tmp_path: Path, make: Any, problem: str) -> None:
    path = make(tmp_path)
    result = generated("--docx-template", str(path))
    assert result.code == 2
    assert result.err == (f"Error: {path}: {problem}; --docx-template takes a Word file with "
                          "styles (save the organisation's template from Word as a .docx or "
                          ".dotx file).\n")
    assert not (tmp_path / "out").exists()


def test_a_macro_enabled_template_is_refused(generated: Any, template: Path,
                                             tmp_path: Path) -> None:
    docm = dotx_of(template, tmp_path / "agency.docm",
                   "application/vnd.ms-word.document.macroEnabled.main+xml")
    result = generated("--docx-template", str(docm))
    assert result.code == 2
    assert "holds macros (.docm or .dotm), which procure never opens" in result.err


def _xlsx(folder: Path) -> Path:
    from openpyxl import Workbook

    path = folder / "styles.docx"
    Workbook().save(str(path))
    return path


def test_generate_docx_through_the_cli_writes_both_editions(generated: Any,
                                                            tmp_path: Path) -> None:
    for edition in EDITIONS:
        result = generated("--edition", edition)
        assert result.code == 0, result.err
        assert result.out == f"wrote {tmp_path / 'out' / 'checklist.docx'}\n"
        document = word((tmp_path / "out" / "checklist.docx").read_bytes())
        assert (len(list(document.comments)) > 0) == (edition == "review")
