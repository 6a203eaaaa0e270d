"""Cross-lingual alignment of a source article to the English reference sentences.

COMET needs each segment's *source*. In document mode the source article (German,
Chinese, ...) is not line-aligned with anything, so its sentences are aligned to the
reference sentences with a length-based Gale-Church dynamic programme (character lengths,
no dictionaries or neural models) plus anchor bonuses: numbers, Latin-script names and
``#PLACEHOLDERS#``, question/exclamation marks and quotes that appear on both sides.

The source is deliberately split *finer* than needed (CJK sentence ends, spaces between
CJK clauses, German ordinals): over-splitting is repaired by 1-2/1-3 beads, while an
under-split source sentence could never be divided between two reference sentences.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING, Any, Literal

from mtcompare.core.errors import InputError

if TYPE_CHECKING:
    from mtcompare.core.options import InputMode
    from mtcompare.core.textio import TextFile

#: Bead shapes (reference sentences, source sentences) and their prior probabilities:
#: Gale & Church (1993) for the first six, small extras for 3-way merges.
BEAD_PRIORS: dict[tuple[int, int], float] = {
    (1, 1): 0.89,
    (1, 0): 0.0099 / 2,
    (0, 1): 0.0099 / 2,
    (2, 1): 0.089 / 2,
    (1, 2): 0.089 / 2,
    (2, 2): 0.011,
    (3, 1): 0.004,
    (1, 3): 0.004,
}

_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]")
# A CJK sentence end, optionally followed by closing quotes/brackets (spaces allowed).
_CJK_END = re.compile(r"(?<=[。！？!?])\s*([”’」』）)】》\"']\s*)*")
# A space between two CJK characters separates a headline from text, or two clauses.
_CJK_SPACE = re.compile(r"(?<=[\u3400-\u9fff])\s+(?=[\u3400-\u9fff])")
# A Latin-script sentence end: [.!?], closing quotes, a space, then a capital or digit.
_Q = "\"'“”»«)"
_LATIN_END = re.compile(
    rf"(?:(?<=[.!?])|(?<=[.!?][{_Q}])|(?<=[.!?][{_Q}][{_Q}]))\s+(?=[\"'„“»«(]?[A-ZÄÖÜ0-9])"
)
_NUMBER = re.compile(r"\d+(?:[.,:]\d+)*")
_NAME = re.compile(r"#\w+#|\b[A-Z][\w'’-]*[A-Za-z]\w*|\b[A-Za-z]*[A-Z][a-z]*[A-Z]\w*")
_QUOTES = re.compile(r"[\"“”„«»「」『』‚‘’]")


def is_cjk(text: str) -> bool:
    """True when CJK characters make up a good part of the letters of ``text``."""
    letters = sum(ch.isalpha() for ch in text)
    return letters > 0 and len(_CJK.findall(text)) / letters > 0.3


def split_source_sentences(text: str) -> list[str]:
    """Split a source article of any language into sentences (lines are always breaks).

    CJK text is split on 。！？ (with their closing quotes) and on spaces between CJK
    clauses; other scripts go through :func:`mtcompare.segment.split_sentences` when the
    package provides it, else a simple punctuation rule.
    """
    return [s for para in split_source_paragraphs(text) for s in para]


def split_source_paragraphs(text: str) -> list[list[str]]:
    """Like :func:`split_source_sentences`, keeping each line's sentences together."""
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
    out: list[list[str]] = []
    for para in (p.strip() for p in text.split("\n")):
        if para:
            pieces = _split_cjk(para) if is_cjk(para) else _split_latin(para)
            out.append([p for p in pieces if p])
    return [p for p in out if p]


def _split_cjk(para: str) -> list[str]:
    pieces: list[str] = []
    start = 0
    for m in _CJK_END.finditer(para):
        if m.end() > start and m.start() > start:
            pieces.append(para[start : m.end()].strip())
            start = m.end()
    pieces.append(para[start:].strip())
    out = []
    for piece in pieces:
        out.extend(p.strip() for p in _CJK_SPACE.split(piece) if p.strip())
    return out


def _split_latin(para: str) -> list[str]:
    """The package's sentence splitter, then a blunt punctuation rule on top.

    The English splitter keeps a quotation and its attribution together and treats an
    unbalanced quote as still open, which in German (``„...“``, ``sind", sagte``) can
    swallow the rest of a paragraph; the extra split only over-splits, which the aligner
    repairs with 1-2 and 1-3 beads.
    """
    from mtcompare.segment import split_sentences  # pysbd: loaded only for a Latin source

    pieces = split_sentences(para)
    out: list[str] = []
    for piece in pieces:
        out.extend(s.strip() for s in _LATIN_END.split(piece) if s.strip())
    return out


# ---------------------------------------------------------------------------------------
# Anchors


@dataclass(frozen=True)
class _Anchors:
    numbers: Counter[str]
    names: Counter[str]
    question: int
    exclaim: int
    quotes: int
    n_numbers: int = 0
    n_names: int = 0


def _anchors(text: str) -> _Anchors:
    norm = unicodedata.normalize("NFKC", text)
    # "1.000" (de) and "1,000" (en), "1,5" and "1.5" compare equal without separators.
    numbers = Counter(re.sub(r"[.,:]", "", n) for n in _NUMBER.findall(norm))
    names = Counter(n.casefold() for n in _NAME.findall(norm) if len(n) >= 3)
    return _Anchors(
        numbers=numbers,
        names=names,
        n_numbers=sum(numbers.values()),
        n_names=sum(names.values()),
        question=int("?" in norm),
        exclaim=int("!" in norm),
        quotes=int(bool(_QUOTES.search(norm))),
    )


def _merge(parts: list[_Anchors]) -> _Anchors:
    if len(parts) == 1:
        return parts[0]
    numbers: Counter[str] = Counter()
    names: Counter[str] = Counter()
    for p in parts:
        numbers.update(p.numbers)
        names.update(p.names)
    return _Anchors(
        numbers=numbers,
        names=names,
        n_numbers=sum(numbers.values()),
        n_names=sum(names.values()),
        question=max(p.question for p in parts),
        exclaim=max(p.exclaim for p in parts),
        quotes=max(p.quotes for p in parts),
    )


def _overlap(a: Counter[str], b: Counter[str]) -> int:
    if not a or not b:
        return 0
    if len(a) > len(b):
        a, b = b, a
    return sum(min(v, b[k]) for k, v in a.items() if k in b)


@dataclass(frozen=True)
class AnchorWeights:
    """Cost changes (in nats, like the length cost) for anchors on the two sides."""

    number_match: float = 2.5
    number_miss: float = 0.8
    name_match: float = 2.0
    punct_match: float = 0.7
    punct_miss: float = 0.7
    #: Gluing source sentences across a line break (a headline, a caption, page junk
    #: on its own line) is less likely than within a paragraph.
    paragraph_break: float = 2.0


def _anchor_cost(a: _Anchors, b: _Anchors, w: AnchorWeights) -> float:
    """Negative when the spans share numbers/names/punctuation, positive on mismatches.

    Names only earn a bonus: German capitalises every noun, so an unmatched capitalised
    word says nothing.
    """
    shared = _overlap(a.numbers, b.numbers)
    unmatched = a.n_numbers + b.n_numbers - 2 * shared
    cost = w.number_miss * unmatched - w.number_match * shared
    if a.names and b.names:
        cost -= w.name_match * _overlap(a.names, b.names)
    both = (a.question & b.question) + (a.exclaim & b.exclaim) + (a.quotes & b.quotes)
    either = (a.question | b.question) + (a.exclaim | b.exclaim) + (a.quotes | b.quotes)
    return cost - w.punct_match * both + w.punct_miss * (either - both)


# ---------------------------------------------------------------------------------------
# Dynamic programme


@dataclass
class SourceBead:
    """Reference sentences ``ref_ids`` translate source sentences ``src_ids``."""

    ref_ids: list[int]
    src_ids: list[int]
    cost: float = 0.0


@dataclass
class SourceAlignment:
    """The source sentences and the beads linking them to the reference sentences."""

    src_sentences: list[str]
    beads: list[SourceBead]
    n_ref: int
    joiner: str = " "

    @cached_property
    def _spans(self) -> list[list[int]]:
        out: list[list[int]] = [[] for _ in range(self.n_ref)]
        for bead in self.beads:
            for r in bead.ref_ids:
                out[r] = list(bead.src_ids)
        return out

    def spans(self) -> list[list[int]]:
        """For each reference sentence, the source sentence ids its bead covers.

        Built once (COMET asks for every segment of every system); the beads are final.
        """
        return self._spans

    def source_for(self, ref_ids: list[int]) -> str:
        """Source text for a group of reference sentences (e.g. a monolingual bead)."""
        spans = self._spans
        ids = sorted({s for r in ref_ids for s in spans[r]})
        return self.joiner.join(self.src_sentences[i] for i in ids)


def _length(text: str) -> int:
    return sum(not ch.isspace() for ch in text)


def _length_cost(ls: float, lr: float, s2: float) -> float:
    """Gale-Church: -log P(|delta|) with delta the normalised length difference."""
    if ls == 0 and lr == 0:
        return 0.0
    delta = abs(ls - lr) / math.sqrt(s2 * (ls + lr) / 2)
    return -math.log(max(math.erfc(delta / math.sqrt(2)), 1e-300))


def align_source(
    src_sentences: list[str],
    ref_sentences: list[str],
    *,
    weights: AnchorWeights | None = None,
    band: int | None = None,
    src_paragraph_starts: Collection[int] = (),
) -> SourceAlignment:
    """Align source sentences to reference sentences (both in document order).

    The length ratio and variance are estimated from the documents themselves (a first
    pass with the Gale-Church default, a second with the variance of its 1-1 beads), so
    Chinese, whose sentences are a third as long in characters, needs no tuning.
    ``band`` limits the search around the diagonal (default: unlimited up to 200x200).
    ``src_paragraph_starts``: indices of source sentences that begin a new line.
    """
    w = weights or AnchorWeights()
    joiner = "" if src_sentences and is_cjk("".join(src_sentences)) else " "
    n, m = len(ref_sentences), len(src_sentences)
    if n == 0 or m == 0:
        beads = [SourceBead([i], []) for i in range(n)] + [SourceBead([], [j]) for j in range(m)]
        return SourceAlignment(list(src_sentences), beads, n, joiner)
    ref_len = [_length(s) for s in ref_sentences]
    src_len = [_length(s) for s in src_sentences]
    ratio = max(sum(src_len), 1) / max(sum(ref_len), 1)
    ref_anchor = [_anchors(s) for s in ref_sentences]
    src_anchor = [_anchors(s) for s in src_sentences]
    if band is None and n * m > 40_000:
        band = max(60, 2 * abs(n - m) + 30)

    starts = set(src_paragraph_starts)
    breaks = [0]  # breaks[k]: paragraph starts among source sentences 0..k-1
    for j in range(m):
        breaks.append(breaks[-1] + (j in starts and j > 0))
    problem = _Problem(ref_len, src_len, ref_anchor, src_anchor, w, breaks)
    beads = _dp(problem, ratio, 6.8, band)
    # Second pass: ratio and variance re-estimated from the confident 1-1 beads.
    ones = [(b.ref_ids[0], b.src_ids[0]) for b in beads if len(b.ref_ids) == len(b.src_ids) == 1]
    if len(ones) >= 5:
        ratio = max(sum(src_len[j] for _, j in ones), 1) / max(sum(ref_len[i] for i, _ in ones), 1)
        resid = [
            (src_len[j] / ratio - ref_len[i]) ** 2 / max((src_len[j] / ratio + ref_len[i]) / 2, 1)
            for i, j in ones
        ]
        s2 = min(max(sorted(resid)[len(resid) // 2] * 2.2, 4.0), 60.0)  # median -> variance
        beads = _dp(problem, ratio, s2, band)
    return SourceAlignment(list(src_sentences), beads, n, joiner)


@dataclass(frozen=True)
class _Problem:
    """What both passes of :func:`align_source` share: per sentence, its length and
    anchors; the anchor weights; ``breaks[k]``, paragraph starts among source sentences
    0..k-1."""

    ref_len: list[int]
    src_len: list[int]
    ref_anchor: list[_Anchors]
    src_anchor: list[_Anchors]
    w: AnchorWeights
    breaks: list[int]


class _Costs:
    """Bead costs of one alignment problem: length (Gale-Church), prior and anchors."""

    def __init__(self, problem: _Problem, ratio: float, s2: float) -> None:
        w = problem.w
        self.s2, self.w, self.breaks = s2, w, problem.breaks
        self.ref_anchor, self.src_anchor = problem.ref_anchor, problem.src_anchor
        prior = {k: -math.log(p) for k, p in BEAD_PRIORS.items()}
        # Prefix sums make span lengths O(1); merged anchors are memoised per span.
        self.rpre = [0]
        for x in problem.ref_len:
            self.rpre.append(self.rpre[-1] + x)
        self.spre = [0.0]
        for x in problem.src_len:
            self.spre.append(self.spre[-1] + x / ratio)
        self._rmemo: dict[tuple[int, int], _Anchors] = {}
        self._smemo: dict[tuple[int, int], _Anchors] = {}
        # 1-0 and 0-1 beads depend on one sentence only: precompute them. No length term:
        # an unmatched sentence has nothing to compare with, and Gale-Church's length cost
        # would make long page junk cheaper to glue onto a neighbour than to leave out.
        self.skip_ref = [prior[(1, 0)] + _anchor_cost(a, _EMPTY, w) for a in self.ref_anchor]
        self.skip_src = [prior[(0, 1)] + _anchor_cost(_EMPTY, a, w) for a in self.src_anchor]
        self.merges = [(k, p) for k, p in prior.items() if k[0] and k[1]]

    def _ranch(self, i: int, k: int) -> _Anchors:
        key = (i, k)
        if key not in self._rmemo:
            self._rmemo[key] = _merge(self.ref_anchor[i - k : i])
        return self._rmemo[key]

    def _sanch(self, j: int, k: int) -> _Anchors:
        key = (j, k)
        if key not in self._smemo:
            self._smemo[key] = _merge(self.src_anchor[j - k : j])
        return self._smemo[key]

    def best(
        self, cost: dict[tuple[int, int], float], i: int, j: int
    ) -> tuple[float, tuple[int, int]]:
        """The cheapest way into cell (i, j) from the cells already in ``cost``."""
        w = self.w
        best, arg = math.inf, (0, 0)
        if i and (prev := cost.get((i - 1, j))) is not None:
            best, arg = prev + self.skip_ref[i - 1], (1, 0)
        if j and (prev := cost.get((i, j - 1))) is not None:
            c = prev + self.skip_src[j - 1]
            if c < best:
                best, arg = c, (0, 1)
        for (di, dj), pc in self.merges:
            pi, pj = i - di, j - dj
            if pi < 0 or pj < 0:
                continue
            prev = cost.get((pi, pj))
            if prev is None:
                continue
            c = (
                prev
                + pc
                + _length_cost(self.spre[j] - self.spre[pj], self.rpre[i] - self.rpre[pi], self.s2)
            )
            if dj > 1:  # line breaks inside the source span
                c += w.paragraph_break * (self.breaks[j] - self.breaks[pj + 1])
            ra = self._ranch(i, di)
            bound = w.number_match * ra.n_numbers + w.name_match * ra.n_names + 3 * w.punct_match
            if c - bound > best:
                continue  # even the largest possible anchor bonus could not win
            c += _anchor_cost(ra, self._sanch(j, dj), w)
            if c < best:
                best, arg = c, (di, dj)
        return best, arg


def _dp(problem: _Problem, ratio: float, s2: float, band: int | None) -> list[SourceBead]:
    n, m = len(problem.ref_len), len(problem.src_len)
    costs = _Costs(problem, ratio, s2)
    cost: dict[tuple[int, int], float] = {(0, 0): 0.0}
    back: dict[tuple[int, int], tuple[int, int]] = {}
    for i in range(n + 1):
        if band is None:
            jrange = range(m + 1)
        else:
            centre = i * m / n
            jrange = range(max(0, int(centre - band)), min(m, int(centre + band) + 1) + 1)
        for j in jrange:
            if i == 0 and j == 0:
                continue
            best, arg = costs.best(cost, i, j)
            if best < math.inf:
                cost[(i, j)] = best
                back[(i, j)] = arg
    if (n, m) not in cost:  # the band missed the corner: fall back to the full table
        return _dp(problem, ratio, s2, None)
    return _backtrack(cost, back, n, m)


def _backtrack(
    cost: dict[tuple[int, int], float], back: dict[tuple[int, int], tuple[int, int]], n: int, m: int
) -> list[SourceBead]:
    """The beads of the cheapest path to (n, m), each with its own (not cumulative) cost."""
    beads: list[SourceBead] = []
    i, j = n, m
    while i > 0 or j > 0:
        di, dj = back[(i, j)]
        beads.append(SourceBead(list(range(i - di, i)), list(range(j - dj, j)), cost[(i, j)]))
        i, j = i - di, j - dj
    beads.reverse()
    for k in range(len(beads) - 1, 0, -1):  # per-bead cost, not cumulative
        beads[k].cost -= beads[k - 1].cost
    return beads


_EMPTY = _Anchors(Counter(), Counter(), 0, 0, 0)


def align_source_text(source_text: str, ref_sentences: list[str]) -> SourceAlignment:
    """Split a source article and align it to the reference sentences."""
    sentences: list[str] = []
    starts: list[int] = []
    for para in split_source_paragraphs(source_text):
        starts.append(len(sentences))
        sentences.extend(para)
    return align_source(sentences, ref_sentences, src_paragraph_starts=starts)


# ---------------------------------------------------------------------------------------
# The source side of a scoring run


@dataclass
class SourceSide:
    """Where a run's source text comes from (metrics that score source, MT and reference,
    such as COMET): a file, line-aligned or aligned here, or the reference itself."""

    kind: Literal["file", "reference"]
    per_ref_unit: list[str] | None = None  # lines mode: one source line per reference line
    alignment: SourceAlignment | None = None  # document mode
    file: TextFile | None = None

    def for_segment(self, ref_ids: Sequence[int], ref_text: str) -> str:
        """The source of a bead covering reference sentences ``ref_ids``."""
        if self.kind == "reference":
            return ref_text
        if self.per_ref_unit is not None:
            return " ".join(self.per_ref_unit[i] for i in ref_ids)
        assert self.alignment is not None
        return self.alignment.source_for(list(ref_ids))

    def describe(self) -> dict[str, Any]:
        """The run's ``source`` record (JSON)."""
        if self.kind == "reference":
            return {"kind": "reference", "note": "reference used as COMET source"}
        assert self.file is not None
        info: dict[str, Any] = {
            "kind": "file",
            "path": self.file.path,
            "sha256": self.file.sha256,
            "alignment": "lines" if self.per_ref_unit is not None else "gale-church+anchors",
        }
        if self.per_ref_unit is not None:
            info["sentences"] = len(self.per_ref_unit)
        else:
            assert self.alignment is not None
            info["sentences"] = len(self.alignment.src_sentences)
            # How much of the reference found a source: low values mean a wrong --src.
            info["ref_sentences_with_source"] = sum(bool(s) for s in self.alignment.spans())
        return info


def source_side(file: TextFile | None, ref_units: list[str], mode: InputMode) -> SourceSide:
    """The source of a run: ``file`` line by line (``lines`` mode) or aligned to the reference
    sentences, or with no file the reference itself."""
    if file is None:
        return SourceSide("reference")
    if mode == "lines":
        from mtcompare.core.textio import text_lines

        src_lines = text_lines(file.text)
        if len(src_lines) != len(ref_units):
            raise InputError(
                f"line counts differ: source {file.path} has {len(src_lines)} lines, "
                f"the reference has {len(ref_units)} (--lines needs a line-aligned --src)"
            )
        return SourceSide("file", per_ref_unit=src_lines, file=file)
    return SourceSide("file", alignment=align_source_text(file.text, ref_units), file=file)
