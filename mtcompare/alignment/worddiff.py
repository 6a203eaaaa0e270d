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
