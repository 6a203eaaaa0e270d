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
- pysbd's cost is mostly per call and per abbreviation it finds, so (English) a paragraph
  is first cut where pysbd certainly splits and the two sides cannot influence each other
  (``_safe_chunks``: a plain word, not an abbreviation, then ``. `` and a capitalised
  word, every quotation and bracket before it closed, no list pysbd would find in the
  paragraph); a chunk holding one plain sentence is kept as it is, the others go to
  pysbd in one call. The sentences are pysbd's own (tests compare them on the seeds and
  on WMT22 references A and B and Online-B, de-en and zh-en, documents and lines).
- English goes through ``mtcompare._pysbd_fast.FastSegmenter``: pysbd with its
  abbreviation and list passes re-implemented exactly at a fraction of the cost.
- News text from MT engines and web pages needs repairs: a missing space after a full
  stop; false splits that leave a sentence starting in lower case (a quotation's
  attribution) or holding only punctuation; a closing quote pysbd hands to the next
  sentence; and quotations of several sentences, which pysbd keeps whole (``“I was
  touched. He was fighting. He didn't ask why.”`` is one unit to it, three lines in the
  other translation), are cut at their plain sentence ends (English).
"""

from __future__ import annotations

import re
from functools import cache
from itertools import pairwise

import pysbd
from pysbd.exclamation_words import ExclamationWords
from pysbd.languages import LANGUAGE_CODES
from pysbd.lists_item_replacer import ListItemReplacer

from mtcompare._pysbd_fast import FastSegmenter, add_line_break
from mtcompare.core.errors import InputError

# "ahead.The" -> "ahead. The": a lower-case word of 2+ letters, a sentence end, then a
# capitalised word. Requiring lower case before the stop leaves "U.S.The", ".NET", "e.g." alone.
_MISSING_SPACE = re.compile(r"(?<=[a-z]{2}[.!?])(?=[A-Z][a-z])")
_PARAGRAPH = re.compile(r"\n\s*")
_STARTS_LOWER = re.compile(r"^[\"'“‘(\[]?[a-z]")
_WORDISH = re.compile(r"[^\W_]")  # a letter or digit: a piece without one is punctuation
_LAST_SPACE = re.compile(r".*\s", re.DOTALL)
_LIST_ITEM = re.compile(r"(?<!\S)(?:\d{1,3}|[a-zA-Z])[.)](?=\s)")

_WINDOW = 10_000  # characters per pysbd call; a paragraph up to this size is one call
_MARGIN = 1000  # right context a kept boundary has in its window
#: Spans pysbd protects from splitting (pysbd.between_punctuation): opener, closer.
_PAIRED = (("“", "”"), ("(", ")"), ("[", "]"), ("«", "»"))
_SINGLE_OPEN = re.compile(r"(?<=\s)['‘]")
_SINGLE_CLOSE = re.compile(r"['’](?![a-zA-Z])")

#: A plain sentence end: a word (2+ letters ending in lower case) right after a space
#: or the start, one . (perhaps closing a quotation), ! or ?, spaces, then a capitalised
#: word (or "I", "A"), perhaps after an opening quote.
_SAFE_END = re.compile(
    r"(?<!\S)([A-Za-z]*[a-z])(\.[\"”’]?|[!?]) +(?=[\"“‘]?(?:[A-Z][a-z]|[AI][ ’']))"
)
#: Paragraphs pysbd reads as a whole (quotes around brackets, bullets): no safe cuts.
_WHOLE = re.compile(r"[\"”]\s\(.*\)\s[\"“]|\r|•|⁃")
#: Characters a one-sentence chunk may hold besides its final . ! or ?.
_PLAIN_BODY = re.compile(r"[\w\s,;:'\"“”‘’«»„\-–—%$€£¥/&+*#@=]*(?:[.!?][\"”’]?)?")
#: pysbd's placeholder characters (they are word characters), and a quotation followed by
#: a capital, which pysbd may end a sentence after.
_NOT_PLAIN = re.compile(r"[ȸȹᓰᓱᓳᓴᓷᓸƪ]|[\"'“”]\s[A-Z]")
#: Bracket and quotation pairs a safe cut may not fall inside.
_PAIRS = (("“", "”"), ("(", ")"), ("[", "]"), ("«", "»"), ("「", "」"), ("（", "）"))
_SINGLE_OPENER = re.compile(r"(?<![A-Za-z0-9])['‘]")
#: A sentence end inside a quotation pysbd kept whole: as ``_SAFE_END``, a closing quote
#: may follow the stop and an opening quote may precede the capital or an acronym ("US").
_QUOTED_END = re.compile(
    r"(?<![^\s\"“‘])([A-Za-z]*[a-z])[.!?][\"”’]?(?= +[\"“‘]?[A-Z](?:[a-z]|[A-Z]+ ))"
)
_ENDED = re.compile(r"[.!?…][)’”]*$")  # a sentence end, perhaps inside brackets or quotes
_DOUBLE_QUOTES = re.compile(r"[\"“”«»„]")
_ROMAN = frozenset(ListItemReplacer.ROMAN_NUMERALS)
_EXCLAMATION_WORDS = frozenset(ExclamationWords.EXCLAMATION_WORDS)


@cache
def _segmenter(language: str) -> pysbd.Segmenter:
    if language == "en":  # the same sentences, its abbreviation pass made cheap
        return FastSegmenter()
    return pysbd.Segmenter(language=language, clean=False)


def split_paragraphs(text: str) -> list[str]:
    """Non-empty lines: in news text each line is a paragraph, headline or caption."""
    return [p.strip() for p in _PARAGRAPH.split(text) if p.strip()]


def split_sentences(text: str, language: str = "en") -> list[str]:
    """Split an article into sentences; paragraph breaks always end a sentence.

    Every non-space character of ``text`` is in exactly one sentence, in order.
    """
    if language not in LANGUAGE_CODES:  # pysbd's splitters, not the checks' word lists
        raise InputError(
            f"no sentence splitter for language {language!r} "
            f"(pysbd has {', '.join(sorted(LANGUAGE_CODES))})"
        )
    seg = _segmenter(language)
    english = language == "en"
    out: list[str] = []
    for para in split_paragraphs(text):
        para = _MISSING_SPACE.sub(" ", para)
        pieces = pysbd_sentences(para, seg, fast=english)
        if english:
            pieces = [part for piece in pieces for part in split_quotation(piece)]
        merged: list[list[str]] = []  # joined at the end: a long run stays linear
        for piece in pieces:
            if merged and (_STARTS_LOWER.match(piece) or not _WORDISH.search(piece)):
                merged[-1].append(piece)
            elif merged and _stray_close(merged[-1][-1], piece):
                merged[-1][-1] += piece[0]
                if piece[1:].strip():
                    merged.append([piece[1:].lstrip()])
            else:
                merged.append([piece])
        out.extend(" ".join(group) for group in merged)
    return out


def pysbd_sentences(para: str, seg: pysbd.Segmenter, fast: bool = True) -> list[str]:
    """pysbd's sentences of one paragraph, cut from it. ``fast``: the paragraph is cut at
    its safe sentence ends, chunks that are one plain sentence are kept, and the others go
    to pysbd in one call, one line each (pysbd always splits at a line break and reads
    each line's abbreviations apart): the same sentences at a fraction of the calls."""
    if not fast or _WHOLE.search(para) or _has_list(para):
        return _pieces(para, seg)
    chunks = _safe_chunks(para)
    hard = [k for k, chunk in enumerate(chunks) if not _plain(chunk)]
    if not hard:
        return chunks
    out: list[list[str]] = [[chunk] for chunk in chunks]
    for k in hard:
        out[k] = []
    pieces = (
        p for piece in _pieces("\n".join(chunks[k] for k in hard), seg) for p in _cut_lines(piece)
    )
    for k in hard:  # pieces never straddle a line: hand them out by visible length
        need = _visible_len(chunks[k])
        while need > 0:
            piece = next(pieces)
            out[k].append(piece)
            need -= _visible_len(piece)
    return [piece for group in out for piece in group]


def _has_list(para: str) -> bool:
    """True if pysbd finds a list in ``para`` (its own list pass changes the text): list
    items are read across the whole paragraph, so it is not cut."""
    return add_line_break(para) != para


def _plain(chunk: str) -> bool:
    """True if pysbd reads ``chunk`` as one sentence: plain characters and no . ! ? but
    the last (and no longer than a window, which ``_pieces`` would cut)."""
    if len(chunk) > _WINDOW or not _closed(chunk):
        return False
    body = chunk[:-2] if chunk[-1:] in '"”’' else chunk[:-1]
    if "." in body or "!" in body or "?" in body:
        return False
    return _PLAIN_BODY.fullmatch(chunk) is not None and _NOT_PLAIN.search(chunk) is None


def _cut_lines(piece: str) -> list[str]:
    return [line.strip() for line in piece.split("\n") if line.strip()]


def _visible_len(text: str) -> int:
    return len("".join(text.split()))


def _safe_chunks(para: str) -> list[str]:
    """``para`` cut at its safe sentence ends (see the module docstring); a chunk never
    grows past ``_WINDOW`` while looking for one (the rest is one chunk: linear)."""
    chunks: list[str] = []
    last = 0
    abbreviations = _abbreviations()
    for m in _SAFE_END.finditer(para):
        word, stop = m.group(1), m.group(2)
        if m.end() - last > _WINDOW:
            break
        lower = word.lower()
        if len(word) < 2 or lower in abbreviations or lower in _ROMAN:
            continue
        if stop == "!" and word + "!" in _EXCLAMATION_WORDS:
            continue
        if not _closed(para[last : m.end()]):
            continue
        chunks.append(para[last : m.end()].strip())
        last = m.end()
    if para[last:].strip():
        chunks.append(para[last:].strip())
    return chunks


@cache
def _abbreviations() -> frozenset[str]:
    abbr = LANGUAGE_CODES["en"].Abbreviation
    words = (*abbr.ABBREVIATIONS, *abbr.PREPOSITIVE_ABBREVIATIONS, *abbr.NUMBER_ABBREVIATIONS)
    return frozenset(w.lower() for w in words)


def _closed(text: str) -> bool:
    """True if every quotation and bracket pysbd could pair in ``text`` closes in it, and
    no closer comes before its opener (pysbd would pair it elsewhere): the fast path's
    stricter form of :func:`_balanced`."""
    return _pairs_close(text, _PAIRS, _SINGLE_OPENER) and not any(
        (j := text.find(closer)) >= 0 and not 0 <= text.find(opener) < j
        for opener, closer in _PAIRS
    )


def split_quotation(piece: str) -> list[str]:
    """A sentence holding a quotation, cut at the plain sentence ends in it (pysbd never
    cuts inside a quotation, so a quoted paragraph of several sentences stays whole)."""
    if not _DOUBLE_QUOTES.search(piece):
        return [piece]
    cuts = [0]
    abbreviations = _abbreviations()
    for m in _QUOTED_END.finditer(piece):
        lower = m.group(1).lower()
        if len(lower) >= 2 and lower not in abbreviations and lower not in _ROMAN:
            cuts.append(m.end())
    return _cut(piece, cuts)


def _stray_close(previous: str, piece: str) -> bool:
    """True if ``piece`` starts with the closing quote of ``previous`` (pysbd mispaired
    straight quotes: ``... rumours.`` then ``" So far ...``). A straight quote with a space
    after it that follows a sentence end closes that sentence even when its opener is
    sentences back (a quotation of several paragraphs written as one): in the WMT22
    English files 88 lines end in `` "`` and none starts with ``" ``."""
    if len(piece) > 1 and not piece[1].isspace():
        return False
    if piece[0] == "”":
        return True
    return piece[0] == '"' and (previous.count('"') % 2 == 1 or _ENDED.search(previous) is not None)


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
    return _pairs_close(text, _PAIRED, _SINGLE_OPEN)


def _pairs_close(text: str, pairs: tuple[tuple[str, str], ...], single: re.Pattern) -> bool:
    """True if straight double quotes and ``--`` come in pairs, the last opener of each
    of ``pairs`` is closed after it, and so is the last single quote ``single`` opens."""
    if text.count('"') % 2 or text.count("--") % 2:
        return False
    if any((k := text.rfind(o)) >= 0 and text.find(c, k) < 0 for o, c in pairs):
        return False
    opens = [m.start() for m in single.finditer(text)]
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
