"""pydyf's page references built once per page count while a PDF is written: the same bytes."""

from __future__ import annotations

import contextlib

import pydyf
import pytest

from procure.render.pdfwriting import page_references_once


def pdf_with_pages(count: int) -> pydyf.PDF:
    pdf = pydyf.PDF()
    for _ in range(count):
        pdf.add_page(pydyf.Dictionary({"Type": "/Page"}))
    return pdf


def test_the_references_are_the_same_and_follow_new_pages() -> None:
    original = pydyf.PDF.__dict__["page_references"]
    plain = pdf_with_pages(3).page_references
    with page_references_once():
        pdf = pdf_with_pages(3)
        first = pdf.page_references
        assert first == plain
        assert pdf.page_references is first  # built once
        pdf.add_page(pydyf.Dictionary({"Type": "/Page"}))
        assert pdf.page_references == pdf_with_pages(4).page_references
    assert pydyf.PDF.__dict__["page_references"] is original


def test_the_original_comes_back_after_an_error() -> None:
    original = pydyf.PDF.__dict__["page_references"]
    with pytest.raises(RuntimeError), page_references_once():
        raise RuntimeError("layout failed")
    assert pydyf.PDF.__dict__["page_references"] is original


@pytest.mark.slow
def test_a_real_pdf_has_the_same_bytes(checklist_of, monkeypatch: pytest.MonkeyPatch) -> None:
    from procure.render import pdf as pdf_module

    checklist = checklist_of("enterprise-sdwan")
    html = pdf_module.checklist_html(checklist)
    with_fix = pdf_module.html_to_pdf(html, checklist.as_of)
    monkeypatch.setattr(pdf_module, "page_references_once", contextlib.nullcontext)
    assert pdf_module.html_to_pdf(html, checklist.as_of) == with_fix
