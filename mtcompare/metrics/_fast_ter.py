"""sacrebleu's TER edit counts, the same integers, several times faster.

sacrebleu's TER (``sacrebleu.metrics.lib_ter``) spends nearly all its time in a
pure-Python beam edit distance, called once for the current hypothesis (whose trace
drives the shift search) and once per candidate shift. This module follows that search
step for step (same candidates in the same order, same ranking, same caps) and changes
only how the distances are obtained:

* A candidate is scored with python-Levenshtein's C distance when that provably equals
  sacrebleu's beam distance (which is never below it): when the full distance is below
  the cheapest path through a cell outside the beam (a path through cell (i, j) costs
  at least ``|j - i| + |(n_ref - n_hyp) - (j - i)|``), or when the optimal path
  python-Levenshtein returns stays inside the beam. Otherwise the beam distance is
  computed as sacrebleu does.
* The current hypothesis's trace is computed on plain integer rows with sacrebleu's
  tie-breaking (substitution/match, then deletion, then insertion), reusing the rows of
  the prefix that the last shift left unchanged.
* lib_ter keeps the candidate of the greatest key, which does not depend on the order
  they are scored in (equal keys are the same shift), so they are scored in the order
  that lets bounds skip most of them: longest shifts first (a shift of L words past P
  words gains at most 2 min(L, P) plus the beam's excess over C Levenshtein on the
  hypothesis), and within a length best first by the bound C Levenshtein gives (the
  beam distance is never below it).
* Candidates that need the beam distance computed (long segments, where the beam binds)
  are filled together, up to 16 at a time, with numpy.
* The final distance is the one the last shift search already computed.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from operator import itemgetter

import numpy as np
from Levenshtein import distance as _levenshtein
from Levenshtein import opcodes as _opcodes
from sacrebleu.metrics.lib_ter import (
    _BEAM_WIDTH,
    _MAX_SHIFT_CANDIDATES,
    _MAX_SHIFT_DIST,
    _MAX_SHIFT_SIZE,
    _flip_trace,
    _perform_shift,
    trace_to_alignment,
)

_INF = 10**16  # sacrebleu's _INT_INFINITY: cells outside the beam
#: Candidates whose beam distances one numpy fill computes at most; from _NUMPY_MIN on
#: (per row, numpy's call overhead is about four Python-filled rows of a long segment).
_BATCH, _NUMPY_MIN = 16, 4
_NOP, _SUB, _INS, _DEL = " ", "s", "i", "d"


def translation_edit_rate(words_hyp: Sequence[str], words_ref: Sequence[str]) -> tuple[int, int]:
    """(number of edits, reference length), as ``lib_ter.translation_edit_rate`` returns."""
    n_ref = len(words_ref)
    if n_ref == 0:
        return len(words_hyp), 0
    ids: dict[str, int] = {}
    ref = [ids.setdefault(w, len(ids)) for w in words_ref]
    hyp = [ids.setdefault(w, len(ids)) for w in words_hyp]
    search = _ShiftSearch(ref, len(hyp))
    shifts = checked = 0
    while True:
        distance, delta, shifted, checked = search.best_shift(hyp, checked)
        if checked >= _MAX_SHIFT_CANDIDATES or delta <= 0:
            return shifts + distance, n_ref
        shifts += 1
        hyp = shifted


def segment_statistics(
    words_hyp: Sequence[str], refs_words: Sequence[Sequence[str]]
) -> list[float]:
    """[fewest edits over the references, mean reference length]: TER's statistics row.

    The same row as ``TER._compute_segment_statistics`` (hypothesis already tokenised).
    """
    best, total_len = _INF, 0
    for words_ref in refs_words:
        edits, ref_len = translation_edit_rate(words_hyp, words_ref)
        total_len += ref_len
        best = min(best, edits)
    return [best, total_len / len(refs_words)]


def _passed(start: int, length: int, target: int) -> int:
    """How many words ``lib_ter._perform_shift(words, start, length, target)`` moves the
    block past: the shifted words are 2 x min(length, that) edits from the words."""
    if target < start:
        return start - target
    if target > start + length:
        return target - start - length
    return target - start


def _cheapest_path_through(i: int, j_from: int, j_to: int, delta: int) -> int:
    """Least cost of a path through any cell (i, j_from..j_to) of the edit matrix."""
    lo, hi = min(0, delta), max(0, delta)
    k_from, k_to = j_from - i, j_to - i
    if k_to < lo:
        k = k_to
    elif k_from > hi:
        k = k_from
    else:
        return abs(delta)
    return abs(k) + abs(delta - k)


class _ShiftSearch:
    """TER's greedy shift search for one reference and hypotheses of one length."""

    def __init__(self, ref: list[int], n_hyp: int) -> None:
        self.ref = ref
        n_ref = len(ref)
        ratio = n_ref / n_hyp if n_hyp else 1
        width = math.ceil(ratio / 2 + _BEAM_WIDTH) if ratio / 2 > _BEAM_WIDTH else _BEAM_WIDTH
        self.bands = [(0, n_ref + 1)]
        for i in range(1, n_hyp + 1):
            diagonal = math.floor(i * ratio)
            hi = n_ref + 1 if i == n_hyp else min(n_ref + 1, diagonal + width)
            self.bands.append((max(0, diagonal - width), hi))
        # The cheapest path leaving the beam: below it, C Levenshtein == beam distance.
        delta = n_ref - n_hyp
        self.outside = _INF
        for i, (lo, hi) in enumerate(self.bands[1:], 1):
            if lo > 0:
                self.outside = min(self.outside, _cheapest_path_through(i, 0, lo - 1, delta))
            if hi <= n_ref:
                self.outside = min(self.outside, _cheapest_path_through(i, hi, n_ref, delta))
        self.positions: dict[int, list[int]] = {}
        for j, word in enumerate(ref):
            self.positions.setdefault(word, []).append(j)
        self._hyp: list[int] = []
        self._rows: list[list[int]] = [list(range(n_ref + 1))]

    def _fill(self, hyp: list[int], rows: list[list[int]]) -> list[list[int]]:
        """Extend ``rows`` (a prefix of the beam matrix) to all of ``hyp``, in place."""
        ref, n_ref = self.ref, len(self.ref)
        for i in range(len(rows), len(hyp) + 1):
            lo, hi = self.bands[i]
            prev = rows[i - 1]
            row = [_INF] * (n_ref + 1)
            word = hyp[i - 1]
            first = lo
            if first == 0:
                row[0] = prev[0] + 1
                first = 1
            left = row[first - 1]
            for j in range(first, hi):
                v = prev[j - 1] + (word != ref[j - 1])
                up = prev[j] + 1
                if up < v:
                    v = up
                left += 1
                if left < v:
                    v = left
                row[j] = left = v
            rows.append(row)
        return rows

    def _prefix_rows(self, hyp: list[int]) -> list[list[int]]:
        """The last matrix's rows that ``hyp`` shares (its common prefix with the last)."""
        last, p = self._hyp, 0
        n = min(len(last), len(hyp))
        while p < n and last[p] == hyp[p]:
            p += 1
        return self._rows[: p + 1]

    def _trace(self, hyp: list[int]) -> tuple[int, str]:
        """Beam distance and sacrebleu's trace of edit operations for ``hyp``."""
        rows = self._fill(hyp, self._prefix_rows(hyp))
        self._hyp, self._rows = hyp, rows
        ref = self.ref
        i, j = len(hyp), len(ref)
        ops: list[str] = []
        while i > 0 or j > 0:
            if i == 0:
                op = _INS
            elif j == 0:
                op = _DEL
            else:
                v = rows[i][j]
                same = hyp[i - 1] == ref[j - 1]
                if rows[i - 1][j - 1] + (not same) == v:
                    op = _NOP if same else _SUB
                elif rows[i - 1][j] + 1 == v:
                    op = _DEL
                else:
                    op = _INS
            ops.append(op)
            if op == _INS:
                j -= 1
            elif op == _DEL:
                i -= 1
            else:
                i -= 1
                j -= 1
        return rows[-1][-1], "".join(reversed(ops))

    def _resolve(
        self,
        bounds: list[tuple[tuple[int, int, int, int], int, list[int]]],
        k: int,
        best: tuple[int, int, int, int] | None,
        beam: dict[int, int],
    ) -> None:
        """Put the beam distance of candidate ``k`` (C Levenshtein at or above
        :attr:`outside`) in ``beam``; when it needs the beam matrix, also those of the
        next candidates (up to _BATCH) that need it and may still beat ``best``, all
        filled together (with numpy from _NUMPY_MIN of them)."""
        if self._path_in_beam(bounds[k][2]):
            beam[k] = bounds[k][1]
            return
        need = [k]
        for q in range(k + 1, min(k + _BATCH, len(bounds))):
            key, lower, words = bounds[q]
            if best is not None and key <= best:
                break
            if lower < self.outside:
                continue
            if self._path_in_beam(words):
                beam[q] = lower
            else:
                need.append(q)
        hyps = [bounds[q][2] for q in need]
        if len(hyps) >= _NUMPY_MIN:
            found = self._numpy_fill(hyps)
        else:
            found = [self._fill(hyp, self._prefix_rows(hyp))[-1][-1] for hyp in hyps]
        beam.update(zip(need, found, strict=True))

    def _numpy_fill(self, hyps: list[list[int]]) -> list[int]:
        """The last cells of the beam matrices of ``hyps``, filled together row by row
        from the rows they all share with the last matrix; each row is
        ``min(diagonal, up)`` then the insertions, ``j + cumulative min(cell - j)``."""
        p = min(len(self._prefix_rows(hyp)) for hyp in hyps) - 1
        words = np.array(hyps, dtype=np.int64)
        ref = np.array(self.ref, dtype=np.int64)
        n_ref = len(self.ref)
        # one row at a time, in place: the cells of the last row's band outside this
        # row's are set back to _INF (bands move right; row 0 is the whole row)
        row = np.tile(np.array(self._rows[p], dtype=np.int64), (len(hyps), 1))
        cols = np.arange(n_ref + 1, dtype=np.int64)
        left, right = self.bands[p]
        for i in range(p + 1, len(hyps[0]) + 1):
            lo, hi = self.bands[i]
            first = max(lo, 1)
            cells = row[:, first - 1 : hi - 1] + (words[:, i - 1 : i] != ref[first - 1 : hi - 1])
            np.minimum(cells, row[:, first:hi] + 1, out=cells)
            if lo == 0:
                cells = np.concatenate((row[:, :1] + 1, cells), axis=1)
            cells -= cols[lo:hi]
            np.minimum.accumulate(cells, axis=1, out=cells)
            cells += cols[lo:hi]
            row[:, left:lo] = _INF
            row[:, hi:right] = _INF
            row[:, lo:hi] = cells
            left, right = lo, hi
        return row[:, n_ref].tolist()

    def _path_in_beam(self, hyp: list[int]) -> bool:
        """True if one optimal (full) edit path stays inside the beam: then the beam
        distance equals the full one."""
        bands = self.bands
        for tag, i1, i2, j1, j2 in _opcodes(hyp, self.ref):
            if tag == "insert":  # cells (i1, j1 + 1 .. j2)
                if i1 and not (bands[i1][0] <= j1 + 1 and j2 < bands[i1][1]):
                    return False
            elif tag == "delete":  # cells (i1 + 1 .. i2, j1)
                for i in range(i1 + 1, i2 + 1):
                    if not bands[i][0] <= j1 < bands[i][1]:
                        return False
            else:  # equal, replace: the diagonal (i1 + t, j1 + t)
                for t in range(1, i2 - i1 + 1):
                    lo, hi = bands[i1 + t]
                    if not lo <= j1 + t < hi:
                        return False
        return True

    def _shifted_pairs(self, hyp: list[int]):
        """(start_h, start_r, length) of matching runs, in lib_ter's order."""
        ref, n_h, n_r = self.ref, len(hyp), len(self.ref)
        for start_h, word in enumerate(hyp):
            for start_r in self.positions.get(word, ()):
                if abs(start_r - start_h) > _MAX_SHIFT_DIST:
                    continue
                length = 0
                while hyp[start_h + length] == ref[start_r + length] and length < _MAX_SHIFT_SIZE:
                    length += 1
                    yield start_h, start_r, length
                    if n_h == start_h + length or n_r == start_r + length:
                        break

    def _candidates(
        self, hyp: list[int], trace: str, checked: int
    ) -> tuple[list[tuple[int, int, int]], int]:
        """lib_ter's shift candidates of ``hyp``: (length, start_h, idx), in its order and
        under its cap, and the candidates counted so far."""
        align, ref_err, hyp_err = trace_to_alignment(_flip_trace(trace))
        found = []
        for start_h, start_r, length in self._shifted_pairs(hyp):
            if sum(hyp_err[start_h : start_h + length]) == 0:
                continue
            if sum(ref_err[start_r : start_r + length]) == 0:
                continue
            if start_h <= align[start_r] < start_h + length:
                continue
            prev_idx = -1
            for offset in range(-1, length):
                if start_r + offset == -1:
                    idx = 0
                elif start_r + offset in align:
                    idx = align[start_r + offset] + 1
                else:
                    break
                if idx == prev_idx:
                    continue
                prev_idx = idx
                found.append((length, start_h, idx))
                checked += 1
            if checked >= _MAX_SHIFT_CANDIDATES:
                break
        return found, checked

    def best_shift(self, hyp: list[int], checked: int) -> tuple[int, int, list[int], int]:
        """(distance of ``hyp``, gain of the best shift, shifted words, candidates so far).

        lib_ter keeps the candidate of the greatest key (gain, length, -start_h, -idx);
        equal keys are the same shift, so the best does not depend on the order the
        candidates are scored in. Two bounds of a key spare most of the scoring:

        * a shift of ``length`` words past P others is ``2 * min(length, P)`` edits from
          ``hyp``, so it gains at most that plus the beam's excess over C Levenshtein on
          ``hyp``: the lengths are taken longest first, the search stops at the first
          that cannot win, and a candidate that cannot is not shifted;
        * C Levenshtein never exceeds the beam distance: within a length the candidates
          are scored best bound first, down to the first bound that cannot win.
        """
        pre_score, trace = self._trace(hyp)
        found, checked = self._candidates(hyp, trace, checked)
        excess = pre_score - _levenshtein(hyp, self.ref)
        by_length: dict[int, list[tuple[int, int]]] = {}
        for length, start_h, idx in found:
            by_length.setdefault(length, []).append((start_h, idx))
        best: tuple[int, int, int, int] | None = None
        best_words = hyp
        for length in sorted(by_length, reverse=True):
            if best is not None and (excess + 2 * length, length) < best[:2]:
                break
            bounds = []
            for start_h, idx in by_length[length]:
                most = excess + 2 * min(length, _passed(start_h, length, idx))
                if best is not None and (most, length, -start_h, -idx) <= best:
                    continue
                shifted = _perform_shift(hyp, start_h, length, idx)
                lower = _levenshtein(shifted, self.ref)
                bounds.append(((pre_score - lower, length, -start_h, -idx), lower, shifted))
            bounds.sort(key=itemgetter(0), reverse=True)
            beam: dict[int, int] = {}  # candidate -> beam distance, where it may exceed lower
            for k, (key, lower, shifted) in enumerate(bounds):
                if best is not None and key <= best:
                    break
                if lower >= self.outside:
                    if k not in beam:
                        self._resolve(bounds, k, best, beam)
                    key = (pre_score - beam[k], *key[1:])
                if best is None or key > best:
                    best, best_words = key, shifted
        if best is None:
            return pre_score, 0, hyp, checked
        return pre_score, best[0], best_words, checked
