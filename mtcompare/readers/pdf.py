"""PDF: refused. Its text comes out in layout order (columns, running heads, hyphenated
line ends), which would be aligned as if it were the article; converting it first with
a tool the user can check gives far better results."""

from __future__ import annotations

from mtcompare.core.errors import InputError
from mtcompare.readers import Content


def read(data: bytes, path: str, what: str, keep_boilerplate: bool = False) -> Content:
    raise InputError(
        f"{what} {path} is a PDF, which is not read: convert it to text first, e.g. "
        f"pdftotext -layout {path} {path.removesuffix('.pdf')}.txt, and check the result"
    )
