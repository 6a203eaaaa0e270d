"""Word-level diff of two sentences, for the review views (terminal diff, HTML report).

Tokens are words (with inner apostrophes/hyphens) and single punctuation marks, so
``Russia.`` vs ``Russia`` differs by the full stop only. Each token keeps the single
space before it (``piece``), so joining the pieces of one side gives that side's text
back with its whitespace normalised; tokens are compared without that space. Edit
operations come from python-Levenshtein (minimal token edit script, fast in C).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

import Levenshtein

Tag = Literal["equal", "insert", "delete", "replace"]

_TOKEN = re.compile(r" ?(?:\w+(?:['’\-]\w+)*|[^\w\s])")


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
    for tag, i1, i2, j1, j2 in Levenshtein.opcodes(ref_ids, hyp_ids):
        ref_run, hyp_run = tuple(ref_p[i1:i2]), tuple(hyp_p[j1:j2])
        if tag != "equal" and ops and ops[-1].tag != "equal":
            # A replace next to a delete/insert reads as one change ("be ahead of" ->
            # "surpass"), not as two.
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
        ref, hyp = op.ref_text, op.hyp_text
        if op.tag != "equal":
            out.append([ref, hyp])
        elif ref == hyp:
            out.append(ref)
        else:
            out.append([ref, hyp, "="])
    return out
