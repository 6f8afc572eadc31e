"""Keeping WeasyPrint's PDF writing linear in the number of pages.

In: a laid-out WeasyPrint document about to be written (the block that writes it). Out: the same
PDF bytes, in time that grows with the document, not with its square. pydyf (WeasyPrint's PDF
library, 0.13) rebuilds the references of every page each time its `page_references` is read,
and WeasyPrint's PDF/UA tagging reads it once per tagged element: writing a 1,400-page checklist
took twice as long per page as a 100-page one. While a document is written, the references are
built once for each number of pages (pydyf only ever adds pages), which gives the same bytes.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

_MEMO = "_procure_page_references"


@contextmanager
def page_references_once() -> Iterator[None]:
    """The page references of a pydyf PDF computed once per page count inside the block."""
    import pydyf

    original = pydyf.PDF.__dict__.get("page_references")
    if not isinstance(original, property) or original.fget is None:
        yield  # another pydyf: nothing to speed up
        return
    compute = original.fget

    def page_references(pdf: Any) -> Any:
        kids = pdf.pages["Kids"]
        memo = pdf.__dict__.get(_MEMO)
        if memo is None or memo[0] is not kids or memo[1] != len(kids):
            memo = (kids, len(kids), compute(pdf))
            pdf.__dict__[_MEMO] = memo
        return memo[2]

    pydyf.PDF.page_references = property(page_references)
    try:
        yield
    finally:
        pydyf.PDF.page_references = original
