"""Word documents (extra ``[docx]``): paragraphs, headings and table cells, one a line,
in reading order (tables where they stand between the paragraphs)."""

from __future__ import annotations

import io
from collections.abc import Iterator
from typing import Any

from mtcompare.core.errors import InputError
from mtcompare.readers import Content, import_extra


def read(data: bytes, path: str, what: str, keep_boilerplate: bool = False) -> Content:
    docx = import_extra("docx", "docx", path, what, "a Word document")
    try:
        document = docx.Document(io.BytesIO(data))
        lines = [line for line in _lines(document.element.body, document) if line]
    except Exception as exc:  # zipfile, lxml and python-docx errors alike
        raise InputError(f"{what} {path} is not a readable DOCX file: {exc}") from None
    return Content("\n".join(lines) + "\n")


def _lines(body: Any, parent: Any) -> Iterator[str]:
    """Paragraph and table-cell texts under ``body`` in document order; a merged cell
    (python-docx repeats it in every grid position it spans) once."""
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    for child in body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            yield " ".join(Paragraph(child, parent).text.split())
        elif tag == "tbl":
            seen: set[Any] = set()  # the cells' XML elements (kept: lxml reuses proxies)
            for row in Table(child, parent).rows:
                for cell in row.cells:
                    if cell._tc in seen:
                        continue
                    seen.add(cell._tc)
                    yield from _lines(cell._tc, cell)
