"""TSV and CSV for spreadsheets, written one way for every export.

A spreadsheet runs a cell that starts with ``=``, ``+``, ``-`` or ``@`` (or a tab or a
carriage return before one) as a formula: MT text, a ``--name`` or a ``--label`` such as
``=HYPERLINK("http://…","click")`` would become a live link or worse. As OWASP
recommends, such a cell is written with a leading single quote, which spreadsheets show
as text; a plain number (``-3.5``) is not a formula and stays a number. ``raw`` turns the
quoting off for tools that read the file as data.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Sequence

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")
#: The placeholder of a missing score: an operator alone is no formula.
_NO_VALUE = "-"
DELIMITERS = {"tsv": "\t", "csv": ","}


def sheet_cell(value: object, raw: bool = False) -> str:
    """One cell as text: None is empty; a would-be formula gets a leading ``'``."""
    text = "" if value is None else str(value)
    if raw or not text.startswith(FORMULA_START) or text == _NO_VALUE:
        return text
    if _NUMBER.fullmatch(text):
        return text
    return "'" + text


def sheet_text(
    header: Sequence[object],
    rows: Iterable[Sequence[object]],
    fmt: str,
    raw: bool = False,
) -> str:
    """``fmt`` (``tsv`` or ``csv``) with a header row, through Python's ``csv`` module:
    a field with the delimiter, a quote or a newline is quoted, UTF-8, ``\\n`` line ends."""
    buf = io.StringIO()
    writer = csv.writer(buf, delimiter=DELIMITERS[fmt], lineterminator="\n")
    writer.writerow([sheet_cell(h, raw) for h in header])
    writer.writerows([sheet_cell(v, raw) for v in row] for row in rows)
    return buf.getvalue()


#: What ``--excel`` puts before a CSV/TSV: Excel reads a file as UTF-8 only after it
#: (without it, curly quotes and dashes come out as ``â€œ``).
UTF8_BOM = "\ufeff"


def excel_text(text: str) -> str:
    """``text`` as Excel opens it correctly (``--excel``): with a UTF-8 byte order mark."""
    return text if text.startswith(UTF8_BOM) else UTF8_BOM + text
