"""News sentence splitting that never loses a character and stays linear in input size.

pysbd does the hard part (abbreviations, initials, decimals, quotations). Around it:

- Its sentences are used only to place boundaries, which are then cut from the text
  itself: pysbd drops what its final pattern does not match ("x.!?" gave "x.") and
  rewrites its own placeholder characters, and such a sentence used to vanish.
- Its cost grows with the square of its input (every abbreviation found re-scans the
  whole text), so a paragraph longer than ``_WINDOW`` is fed to it in windows: each run
  keeps the sentences that end before its last ``_MARGIN`` characters, cut at a boundary
  outside any quotation or brackets, and the next window starts there. Text without
  such a boundary is cut at whitespace, and at ``_WINDOW - _MARGIN`` characters at most.
- News text from MT engines and web pages needs two repairs: a missing space after a
  full stop, and false splits that leave a sentence starting in lower case (a
  quotation's attribution).
"""

from __future__ import annotations

import re
from functools import cache
from itertools import pairwise

import pysbd

from mtcompare.checks.base import check_language

# "ahead.The" -> "ahead. The": a lower-case word of 2+ letters, a sentence end, then a
# capitalised word. Requiring lower case before the stop leaves "U.S.The", ".NET", "e.g." alone.
_MISSING_SPACE = re.compile(r"(?<=[a-z]{2}[.!?])(?=[A-Z][a-z])")
_PARAGRAPH = re.compile(r"\n\s*")
_STARTS_LOWER = re.compile(r"^[\"'“‘(\[]?[a-z]")
_LAST_SPACE = re.compile(r".*\s", re.DOTALL)
_LIST_ITEM = re.compile(r"(?<!\S)(?:\d{1,3}|[a-zA-Z])[.)](?=\s)")

_WINDOW = 10_000  # characters per pysbd call; a paragraph up to this size is one call
_MARGIN = 1000  # right context a kept boundary has in its window
#: Spans pysbd protects from splitting (pysbd.between_punctuation): opener, closer.
_PAIRED = (("“", "”"), ("(", ")"), ("[", "]"), ("«", "»"))
_SINGLE_OPEN = re.compile(r"(?<=\s)['‘]")
_SINGLE_CLOSE = re.compile(r"['’](?![a-zA-Z])")


@cache
def _segmenter(language: str) -> pysbd.Segmenter:
    return pysbd.Segmenter(language=language, clean=False)


def split_paragraphs(text: str) -> list[str]:
    """Non-empty lines: in news text each line is a paragraph, headline or caption."""
    return [p.strip() for p in _PARAGRAPH.split(text) if p.strip()]


def split_sentences(text: str, language: str = "en") -> list[str]:
    """Split an article into sentences; paragraph breaks always end a sentence.

    Every non-space character of ``text`` is in exactly one sentence, in order.
    """
    seg = _segmenter(check_language(language))
    out: list[str] = []
    for para in split_paragraphs(text):
        merged: list[list[str]] = []  # joined at the end: a long run stays linear
        for piece in _pieces(_MISSING_SPACE.sub(" ", para), seg):
            if merged and _STARTS_LOWER.match(piece):
                merged[-1].append(piece)
            else:
                merged.append([piece])
        out.extend(" ".join(group) for group in merged)
    return out


def _pieces(para: str, seg: pysbd.Segmenter) -> list[str]:
    """pysbd's sentences of ``para``, cut from ``para`` itself, window by window."""
    pieces: list[str] = []
    start = 0
    while len(para) - start > _WINDOW:
        window = para[start : start + _WINDOW]
        starts = _starts(window, seg.processor(window).process())
        cut = _cut_point(window, starts)
        pieces += _cut(window[:cut], [s for s in starts if s < cut])
        start += cut
    rest = para[start:]
    if rest.strip():
        pieces += _cut(rest, _starts(rest, seg.processor(rest).process()))
    return pieces


def _starts(text: str, sentences: list[str]) -> list[int]:
    """Where each of pysbd's ``sentences`` starts in ``text`` (increasing offsets).

    A sentence pysbd rewrote is found by its longest prefix that is still in the text;
    one not found at all is left out, so its characters join the previous sentence.
    """
    out: list[int] = []
    pos = 0
    for sent in sentences:
        sent = sent.strip()
        if not sent:
            continue
        at = text.find(sent, pos)
        size = len(sent)
        while at < 0 and size > 1:
            size //= 2
            at = text.find(sent[:size], pos)
        if at >= 0:
            out.append(at)
            pos = at + size
    return out


def _cut(text: str, starts: list[int]) -> list[str]:
    """``text`` cut before each start after the first: nothing is lost or added."""
    bounds = [0, *(s for s in starts if s > 0), len(text)]
    pieces = (text[a:b].strip() for a, b in pairwise(bounds))
    return [p for p in pieces if p]


def _balanced(text: str) -> bool:
    """True if ``text`` closes every quotation and bracket pysbd would pair in it."""
    if text.count('"') % 2 or text.count("--") % 2:
        return False
    for opener, closer in _PAIRED:
        k = text.rfind(opener)
        if k >= 0 and text.find(closer, k) < 0:
            return False
    opens = [m.start() for m in _SINGLE_OPEN.finditer(text)]
    return not opens or _SINGLE_CLOSE.search(text, opens[-1] + 1) is not None


def _plain_start(window: str, s: int) -> bool:
    """True if a capital after a full stop, ! or ? starts the sentence at ``s``, with no
    list item ("5. Recently") near it: pysbd reads list items together, so a cut inside a
    list changes how they split."""
    if not window[s].isupper() or window[:s].rstrip()[-1:] not in (".", "!", "?"):
        return False
    return _LIST_ITEM.search(window, max(0, s - _MARGIN), s + _MARGIN) is None


def _cut_point(window: str, starts: list[int]) -> int:
    """Where to end this window's text: the last plain sentence start (``_plain_start``)
    outside quotes and brackets with ``_MARGIN`` of context after it, else the last such
    start outside quotes, else any, else the last whitespace, else ``_WINDOW - _MARGIN``;
    never before a quarter of the window (so the work stays linear)."""
    low, high = _WINDOW // 4, _WINDOW - _MARGIN
    candidates = [s for s in starts if low <= s <= high]
    last_balanced = None
    for s in reversed(candidates):
        if _balanced(window[:s]):
            if _plain_start(window, s):
                return s
            last_balanced = last_balanced or s
    if candidates:
        return last_balanced or candidates[-1]
    space = _LAST_SPACE.match(window, low, high)
    return space.end() if space else high
