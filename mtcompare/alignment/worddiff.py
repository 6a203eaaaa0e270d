"""Word-level diff of two sentences, for the review views (terminal diff, HTML report).

Tokens are numbers (``12,000`` is one token, so it differs from ``1,200`` as a whole),
words (with inner apostrophes/hyphens) and single punctuation marks, so ``Russia.`` vs
``Russia`` differs by the full stop only. Each token keeps the single
space before it (``piece``), so joining the pieces of one side gives that side's text
back with its whitespace normalised; tokens are compared without that space. The edit
script is rapidfuzz's LCS one (``Indel.opcodes``, in C): it keeps the longest run of
common words, where a minimal Levenshtein script would pair unrelated words as
substitutions ("not resign" -> "resign today"); adjacent deletes and inserts are then
merged into one ``replace``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from rapidfuzz.distance import Indel

Tag = Literal["equal", "insert", "delete", "replace"]

#: A number with its separators and suffix (12,000 / 2.5 / 10:30 / 24th), a word with inner
#: apostrophes or hyphens, or one other character; each with the space before it.
_TOKEN = re.compile(r" ?(?:\d+(?:[.,:]\d+)*\w*|\w+(?:['’\-]\w+)*|[^\w\s])")


def pieces(text: str) -> list[str]:
    """Tokens of ``text`` with their leading space (if any); joined they give the text."""
    return _TOKEN.findall(" ".join(text.split()))


def tokens(text: str) -> list[str]:
    """Tokens of ``text`` without spacing: what the diff compares."""
    return [p.lstrip(" ") for p in pieces(text)]


@dataclass(frozen=True)
class DiffOp:
    """One run of the edit script: ``ref_pieces`` become ``hyp_pieces``.

    ``equal``: same tokens (spacing may differ); ``delete``: only in the reference;
    ``insert``: only in the MT; ``replace``: different tokens on both sides.
    """

    tag: Tag
    ref_pieces: tuple[str, ...]
    hyp_pieces: tuple[str, ...]

    @property
    def ref(self) -> list[str]:
        return [p.lstrip(" ") for p in self.ref_pieces]

    @property
    def hyp(self) -> list[str]:
        return [p.lstrip(" ") for p in self.hyp_pieces]

    @property
    def ref_text(self) -> str:
        return "".join(self.ref_pieces)

    @property
    def hyp_text(self) -> str:
        return "".join(self.hyp_pieces)


def diff_words(ref: str, hyp: str) -> list[DiffOp]:
    """The token edit script turning ``ref`` into ``hyp``, as merged runs in text order."""
    ref_p, hyp_p = pieces(ref), pieces(hyp)
    vocab: dict[str, int] = {}
    ref_ids = [vocab.setdefault(p.lstrip(" "), len(vocab)) for p in ref_p]
    hyp_ids = [vocab.setdefault(p.lstrip(" "), len(vocab)) for p in hyp_p]
    ops: list[DiffOp] = []
    for code in Indel.opcodes(ref_ids, hyp_ids):
        tag: Tag = code.tag
        ref_run = tuple(ref_p[code.src_start : code.src_end])
        hyp_run = tuple(hyp_p[code.dest_start : code.dest_end])
        if tag != "equal" and ops and ops[-1].tag != "equal":
            # A delete next to an insert is one change ("be ahead of" -> "surpass").
            prev = ops.pop()
            ref_run, hyp_run = prev.ref_pieces + ref_run, prev.hyp_pieces + hyp_run
            tag = "replace" if ref_run and hyp_run else tag
        ops.append(DiffOp(tag, ref_run, hyp_run))
    return ops


def changed_fraction(ops: list[DiffOp]) -> float:
    """Share of tokens (both sides) not in an ``equal`` run: 0 identical, 1 all changed."""
    total = sum(len(o.ref_pieces) + len(o.hyp_pieces) for o in ops)
    changed = sum(len(o.ref_pieces) + len(o.hyp_pieces) for o in ops if o.tag != "equal")
    return changed / total if total else 0.0


def compact(ops: list[DiffOp]) -> list[str | list[str]]:
    """JSON form for the HTML report: the diff *is* the text, so nothing is stored twice.

    An equal run with identical spacing is a string; a change is ``[ref, hyp]`` (one side
    may be empty); an equal run whose spacing differs is ``[ref, hyp, "="]``.
    """
    out: list[str | list[str]] = []
    for op in ops:
        if op.tag != "equal":
            out.append([op.ref_text, op.hyp_text])
            continue
        for r, h in zip(op.ref_pieces, op.hyp_pieces, strict=True):
            if r != h:
                out.append([r, h, "="])
            elif out and isinstance(out[-1], str):
                out[-1] += r
            else:
                out.append(r)
    return out


# --- flagged spans ---------------------------------------------------------------------


@dataclass(frozen=True)
class FlagSpan:
    """Where error flag ``flag`` (its index in the pair's flags) points on one side:
    ``side`` 0 is the reference, 1 the MT; ``start``/``end`` are token indices."""

    side: int
    start: int
    end: int
    flag: int


@dataclass(frozen=True)
class Marked:
    """A run of one side's text: inside flag ``flag`` (None: no flag), as ``parts`` of
    ``(text, changed)`` where ``changed`` says the diff marks that text as an edit."""

    flag: int | None
    parts: tuple[tuple[str, bool], ...]


def _changed_tokens(ops: list[DiffOp], side: int) -> list[bool]:
    out: list[bool] = []
    for op in ops:
        out += [op.tag != "equal"] * len(op.hyp_pieces if side else op.ref_pieces)
    return out


#: Marks that may stand right before a flagged word, no space between (``(12,000)``,
#: ``“Lepen``, ``$5``); after one, any punctuation may follow.
_OPENING = frozenset("“\"‘'([{«„‹¿¡$€£¥+-−±~≈<>#/")


def _bounded(pieces: list[str], i: int, n: int) -> bool:
    """Tokens ``i`` to ``i + n`` are whole words: a space, an opening mark or the text's
    edge before them, a space, punctuation or the edge after them (so a flag never
    points into ``]52;c`` of an escape sequence or the middle of a word)."""
    before = i == 0 or pieces[i].startswith(" ") or pieces[i - 1].strip() in _OPENING
    after = i + n == len(pieces) or pieces[i + n].startswith(" ") or not pieces[i + n].isalnum()
    return before and after


def _find(
    words: list[str], pieces: list[str], phrase: list[str], changed: list[bool], taken: set[int]
) -> int:
    """Start of ``phrase`` in ``words`` (case-folded) as whole words, preferring an
    occurrence the diff marks as changed and one no earlier flag took; -1 if absent."""
    n = len(phrase)
    hits = [
        i
        for i in range(len(words) - n + 1)
        if words[i : i + n] == phrase and _bounded(pieces, i, n)
    ]
    if not hits:
        return -1
    return min(hits, key=lambda i: (not any(changed[i : i + n]), i in taken, i))


def flag_spans(ops: list[DiffOp], flags: list[tuple[str, str]]) -> list[FlagSpan]:
    """The tokens each flag's ``(ref, hyp)`` words point at, found in the diffed pair.

    Pure, so the terminal diff and the HTML report mark the same words. A phrase that
    does not occur as whole tokens is not marked (the flag's badge still says it);
    a span overlapping an earlier one on its side is dropped, so spans never nest.
    """
    spans: list[FlagSpan] = []
    for side in (0, 1):
        pieces = [p for o in ops for p in (o.hyp_pieces if side else o.ref_pieces)]
        words = [p.lstrip(" ").casefold() for p in pieces]
        changed = _changed_tokens(ops, side)
        taken: set[int] = set()
        found = []
        for k, pair in enumerate(flags):
            phrase = [t.casefold() for t in tokens(pair[side])]
            start = _find(words, pieces, phrase, changed, taken) if phrase else -1
            if start >= 0:
                taken.add(start)
                found.append(FlagSpan(side, start, start + len(phrase), k))
        end = 0
        for span in sorted(found, key=lambda s: (s.start, -s.end)):
            if span.start >= end:
                spans.append(span)
                end = span.end
    return spans


def span_offsets(ops: list[DiffOp], spans: list[FlagSpan], side: int) -> list[list[int]]:
    """``[start, end, flag]`` of each span on ``side`` as character offsets into that
    side's text (its pieces joined), the leading space left out; in text order."""
    starts, ends, at = [], [], 0
    for op in ops:
        for piece in op.hyp_pieces if side else op.ref_pieces:
            starts.append(at + (piece[:1] == " "))
            at += len(piece)
            ends.append(at)
    mine = sorted((s for s in spans if s.side == side), key=lambda s: s.start)
    return [[starts[s.start], ends[s.end - 1], s.flag] for s in mine]


def marked_runs(ops: list[DiffOp], spans: list[FlagSpan], side: int) -> list[Marked]:
    """One side of the diff cut into runs inside and outside flagged spans.

    A span's leading space stays outside it; within a run, consecutive pieces with the
    same ``changed`` are joined. Joined, the runs give the side's text back.
    """
    flag_of: dict[int, int] = {}
    for s in spans:
        if s.side == side:
            flag_of.update(dict.fromkeys(range(s.start, s.end), s.flag))
    runs: list[tuple[int | None, list[tuple[str, bool]]]] = []
    index = 0
    for op in ops:
        changed = op.tag != "equal"
        for piece in op.hyp_pieces if side else op.ref_pieces:
            flag = flag_of.get(index)
            index += 1
            if not runs or runs[-1][0] != flag:
                if flag is not None and piece.startswith(" "):
                    if not runs or runs[-1][0] is not None:
                        runs.append((None, []))
                    _add(runs[-1][1], " ", False)  # the space before a span is outside it
                    piece = piece[1:]
                runs.append((flag, []))
            _add(runs[-1][1], piece, changed)
    return [Marked(flag, tuple(parts)) for flag, parts in runs]


def _add(parts: list[tuple[str, bool]], text: str, changed: bool) -> None:
    if parts and parts[-1][1] == changed:
        parts[-1] = (parts[-1][0] + text, changed)
    else:
        parts.append((text, changed))
