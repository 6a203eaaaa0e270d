"""English news sentence splitting.

pysbd does the hard part (abbreviations, initials, decimals, quotations); it is run per
paragraph because its cost grows badly with input length. Around it we repair what news
text from MT engines and web pages adds: a missing space after a full stop, and false
splits that leave a sentence starting in lower case (a quotation's attribution).
"""

from __future__ import annotations

import re
from functools import lru_cache

import pysbd

# "ahead.The" -> "ahead. The": a lower-case word of 2+ letters, a sentence end, then a
# capitalised word. Requiring lower case before the stop leaves "U.S.The", ".NET", "e.g." alone.
_MISSING_SPACE = re.compile(r"(?<=[a-z]{2}[.!?])(?=[A-Z][a-z])")
_PARAGRAPH = re.compile(r"\n\s*")
_STARTS_LOWER = re.compile(r"^[\"'“‘(\[]?[a-z]")


@lru_cache(maxsize=1)
def _segmenter() -> pysbd.Segmenter:
    return pysbd.Segmenter(language="en", clean=False)


def split_paragraphs(text: str) -> list[str]:
    """Non-empty lines: in news text each line is a paragraph, headline or caption."""
    return [p.strip() for p in _PARAGRAPH.split(text) if p.strip()]


def split_sentences(text: str) -> list[str]:
    """Split an article into sentences; paragraph breaks always end a sentence."""
    out: list[str] = []
    seg = _segmenter()
    for para in split_paragraphs(text):
        para = _MISSING_SPACE.sub(" ", para)
        pieces = [s.strip() for s in seg.segment(para) if s.strip()]
        merged: list[str] = []
        for piece in pieces:
            if merged and _STARTS_LOWER.match(piece):
                merged[-1] = f"{merged[-1]} {piece}"
            else:
                merged.append(piece)
        out.extend(merged)
    return out
