"""Word documents (extra ``[docx]``): paragraphs, headings and table cells, one a line,
in reading order (tables where they stand between the paragraphs).

The text is the document as Word shows it with every tracked change accepted: inserted
text is read, deleted and moved-away text is not. (python-docx's ``Paragraph.text`` reads
neither insertions nor content controls, so a post-edited file would lose words such as
an inserted "not".) Field codes, text boxes and drawings are not text of the article.
"""

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


#: Subtrees with no article text in them: tracked deletions and moves away, field codes,
#: properties (their ``w:tab`` are tab stops), drawings and text boxes.
_SKIP = frozenset(
    ("del", "moveFrom", "instrText", "pPr", "rPr", "drawing", "pict", "object",
     "AlternateContent", "txbxContent", "footnoteReference", "endnoteReference")
)  # fmt: skip
#: Run content that stands for a character.
_CHARS = {"tab": " ", "ptab": " ", "br": " ", "cr": " ", "noBreakHyphen": "-"}


def _tag(el: Any) -> str:
    return el.tag.rsplit("}", 1)[-1] if isinstance(el.tag, str) else ""


def paragraph_text(p: Any) -> str:
    """The text of one ``w:p`` with tracked changes accepted, spaces collapsed."""
    parts: list[str] = []

    def walk(el: Any) -> None:
        for child in el.iterchildren():
            tag = _tag(child)
            if tag == "t":
                parts.append(child.text or "")
            elif tag in _CHARS:
                parts.append(_CHARS[tag])
            elif tag not in _SKIP:
                walk(child)

    walk(p)
    return " ".join("".join(parts).split())


def _lines(body: Any, parent: Any) -> Iterator[str]:
    """Paragraph and table-cell texts under ``body`` in document order (block content
    controls and tracked insertions of whole paragraphs opened); a merged cell
    (python-docx repeats it in every grid position it spans) once."""
    from docx.table import Table

    for child in body.iterchildren():
        tag = _tag(child)
        if tag == "p":
            yield paragraph_text(child)
        elif tag in ("sdt", "sdtContent", "ins", "customXml"):
            yield from _lines(child, parent)
        elif tag == "tbl":
            seen: set[Any] = set()  # the cells' XML elements (kept: lxml reuses proxies)
            for row in Table(child, parent).rows:
                for cell in row.cells:
                    if cell._tc in seen:
                        continue
                    seen.add(cell._tc)
                    yield from _lines(cell._tc, cell)
