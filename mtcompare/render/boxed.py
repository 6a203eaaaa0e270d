"""A fast box-drawn table for long lists (the aligned segments of the table view).

rich's Table measures and wraps every cell through its layout engine: 10 s for 1,984
aligned pairs, most of a scoring run's time on a long article. The segment list has a
simple shape (short numeric columns that never wrap, one text column taking the rest of
the width), so it is laid out here directly, greedy word wrap by terminal cells, into
styled pieces with the same box characters that rich prints as they are.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from rich.cells import cell_len
from rich.console import Console, ConsoleOptions
from rich.segment import Segment
from rich.style import Style

_WORD = re.compile(r"\S+")
#: Tabs and line breaks inside a cell's text: one space each, so the box stays whole.
_BLANKS = str.maketrans("\t\n\r\v\f", "     ")
#: The text column is never narrower than this, however narrow the terminal.
MIN_TEXT_WIDTH = 12


@dataclass(frozen=True)
class Piece:
    """A run of text in one style inside a cell's paragraph."""

    text: str
    style: str = ""


def _width(text: str) -> int:
    return len(text) if text.isascii() else cell_len(text)


def _fold(word: str, width: int) -> list[str]:
    """A word wider than the column, cut into pieces that fit (as rich's fold does)."""
    out, cur, used = [], [], 0
    for ch in word:
        w = _width(ch)
        if cur and used + w > width:
            out.append("".join(cur))
            cur, used = [], 0
        cur.append(ch)
        used += w
    return [*out, "".join(cur)] if cur else out


@functools.cache
def _line_pattern(width: int) -> re.Pattern[str]:
    """The longest run from a non-space that ends before a space or the end and fits
    ``width``; else ``width`` characters of a longer word (fold)."""
    return re.compile(rf"\S.{{0,{width - 1}}}(?=\s|$)|\S{{{width}}}")


def wrap(text: str, width: int) -> list[tuple[int, int]]:
    """Greedy word wrap of one paragraph: (start, end) offsets of each line in ``text``;
    spaces inside a line are kept, at a break they are dropped; a word wider than the
    column is folded. Widths are terminal cells (CJK: two)."""
    if text.isascii():  # one cell per character: a greedy-wrap regex, in C
        return [m.span() for m in _line_pattern(width).finditer(text)] or [(0, 0)]
    size = cell_len
    lines: list[tuple[int, int]] = []
    start = end = used = -1
    for m in _WORD.finditer(text):
        word = m.group()
        w = size(word)
        if start >= 0:
            grown = used + size(text[end : m.start()]) + w
            if grown <= width:
                end, used = m.end(), grown
                continue
            lines.append((start, end))
        if w <= width:
            start, end, used = m.start(), m.end(), w
            continue
        parts, at = _fold(word, width), m.start()
        for part in parts[:-1]:
            lines.append((at, at + len(part)))
            at += len(part)
        start, end, used = at, m.end(), size(parts[-1])  # the last piece may take more
    if start >= 0:
        lines.append((start, end))
    return lines or [(0, 0)]


def _styled_lines(paragraph: Sequence[Piece], width: int) -> list[list[Piece]]:
    """A paragraph of styled pieces wrapped to ``width`` cells, styles kept per line."""
    plain = "".join(p.text for p in paragraph).translate(_BLANKS)  # same offsets
    bounds, at = [], 0
    for p in paragraph:
        bounds.append((at, at + len(p.text), p.style))
        at += len(p.text)
    out = []
    for lo, hi in wrap(plain, width):
        out.append(
            [
                Piece(plain[max(lo, a) : min(hi, b)], style)
                for a, b, style in bounds
                if max(lo, a) < min(hi, b)
            ]
        )
    return out


@dataclass(frozen=True)
class Column:
    header: str
    #: Right-aligned, never wrapped (the numeric columns); the last column is the text.
    width: int


class Boxed:
    """A laid-out table as styled pieces, rendered by rich as they are (no measuring, no
    wrapping): ``console.print(boxed(...), soft_wrap=True)``."""

    def __init__(self, parts: list[tuple[str, str]]) -> None:
        self.parts = parts

    @property
    def plain(self) -> str:
        return "".join(text for text, _ in self.parts)

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> Iterator[Segment]:
        styles: dict[str, Style | None] = {"": None}
        for text, style in self.parts:
            if style not in styles:
                styles[style] = Style.parse(style)
            yield Segment(text, styles[style])


def boxed(
    title: str,
    columns: Sequence[Column],
    text_header: str,
    rows: Sequence[tuple[Sequence[str], Sequence[Sequence[Piece]]]],
    width: int,
) -> Boxed:
    """The table: ``columns`` of fixed cells, then a text column that takes the rest of
    ``width`` (each row: its fixed cells and its text as paragraphs of pieces). Rows are
    separated by a rule, as rich's ``show_lines``."""
    widths = [max(c.width, _width(c.header)) for c in columns]
    text_width = max(MIN_TEXT_WIDTH, width - sum(widths) - 3 * (len(widths) + 1) - 1)
    all_w = [*widths, text_width]

    def rule(left: str, mid: str, right: str, fill: str) -> tuple[str, str]:
        return left + mid.join(fill * (w + 2) for w in all_w) + right + "\n", ""

    heads = [c.header.rjust(w) for c, w in zip(columns, widths, strict=True)]
    heads.append(text_header.ljust(text_width))
    out = [
        (title + "\n", "italic"),
        rule("┏", "┳", "┓", "━"),
        ("┃ " + " ┃ ".join(heads) + " ┃\n", "bold"),
        rule("┡", "╇", "┩", "━"),
    ]
    between = rule("├", "┼", "┤", "─")
    blank = "│ " + "".join(" " * w + " │ " for w in widths)
    for k, (cells, paragraphs) in enumerate(rows):
        if k:
            out.append(between)
        lines = [line for para in paragraphs for line in _styled_lines(para, text_width)]
        first = "│ " + "".join(f"{c:>{w}} │ " for c, w in zip(cells, widths, strict=True))
        for i, line in enumerate(lines or [[]]):
            out.append((blank if i else first, ""))
            used = 0
            for piece in line:
                out.append((piece.text, piece.style))
                used += _width(piece.text)
            out.append((" " * (text_width - used) + " │\n", ""))
    out.append(rule("└", "┴", "┘", "─"))
    return Boxed(out)
