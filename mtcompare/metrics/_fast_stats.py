"""sacrebleu's BLEU and chrF sufficient statistics for many segments at once, with numpy.

sacrebleu extracts statistics one segment at a time with ``Counter`` objects (about
1.5 ms per WMT segment for BLEU and chrF together). Both statistics are clipped n-gram
counts, ``sum_g min(count_hyp(g), count_ref(g))`` per order, plus n-gram totals and
lengths, so they can be computed for a whole corpus with sorts and binary searches
over integer arrays. The units (characters without whitespace for chrF, sacrebleu's
own tokenizer output for BLEU) come from sacrebleu's code, so the integers are the same.

**Exact n-gram codes of unbounded size.** An n-gram of a reference is coded as (index
of its (reference, (n-1)-gram prefix) in the previous order's sorted keys) x base + its
last unit: exact integers (no hashing) whatever the alphabet or vocabulary size. A
hypothesis n-gram is looked up under its own reference, and one whose prefix does not
occur there can never match, so it is dropped before the next order (the work shrinks
with the order).

The reference side (vocabulary and per-reference counts per order) is prepared once per
distinct set of references and reused for every system.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

_I64 = np.int64


@dataclass
class _Units:
    """Sentences as one concatenated array of unit ids (characters or tokens)."""

    ids: np.ndarray  # unit id per position (-1: a unit that occurs in no reference)
    seg: np.ndarray  # sentence index per position
    room: np.ndarray  # units from this position to the end of its sentence (>= 1)
    lens: np.ndarray  # units per sentence


def _units(ids: np.ndarray, lens: np.ndarray) -> _Units:
    ids = np.asarray(ids, dtype=_I64)
    seg = np.repeat(np.arange(len(lens), dtype=_I64), lens)
    room = np.cumsum(lens)[seg] - np.arange(len(ids), dtype=_I64)
    return _Units(ids, seg, room, lens.astype(_I64))


class _RefSide:
    """Reference n-gram tables for orders 1..max_order.

    Per order, ``keys`` are the sorted distinct (reference, n-gram) codes and ``counts``
    their occurrences in that reference. A code is ``reference * base + unit`` at order
    1 and ``(index of the (n-1)-gram prefix in the previous keys) * base + last unit``
    above: exact integers below (positions x base), no hashing. ``base`` is the alphabet
    size + 1: unit id ``alphabet`` stands for "in no reference" and never matches.
    """

    def __init__(self, units: _Units, alphabet: int, max_order: int) -> None:
        self.alphabet = alphabet
        base = alphabet + 1
        self.keys: list[np.ndarray] = []
        self.counts: list[np.ndarray] = []
        rank = units.seg  # the prefix of a unigram is its reference
        for n in range(1, max_order + 1):
            idx = np.flatnonzero(units.room >= n)
            codes = rank[idx] * base + units.ids[idx + n - 1]
            keys, inverse, counts = np.unique(codes, return_inverse=True, return_counts=True)
            self.keys.append(keys)
            self.counts.append(counts)
            rank = np.full(len(units.ids), -1, dtype=_I64)
            rank[idx] = inverse.reshape(-1)


def _matches(hyp: _Units, hyp_ref: np.ndarray, refs: _RefSide) -> np.ndarray:
    """Clipped matches per hypothesis and order, ``(n_hyp, max_order)``.

    ``hyp_ref[i]`` is the index of hypothesis i's reference in ``refs``. An n-gram is
    looked up only if its prefix occurs in the hypothesis's own reference. Units are
    laid out with an "unknown" unit after every sentence (and ``max_order`` at the end),
    so a window that crosses a sentence end simply is not found.
    """
    n_hyp, max_order = len(hyp.lens), len(refs.keys)
    out = np.zeros((n_hyp, max_order), dtype=_I64)
    unknown = refs.alphabet
    idx = np.arange(len(hyp.ids), dtype=_I64) + hyp.seg  # one separator per sentence
    ids = np.full(len(hyp.ids) + n_hyp + max_order, unknown, dtype=_I64)
    ids[idx] = np.where(hyp.ids >= 0, hyp.ids, unknown)
    seg = np.zeros(len(ids), dtype=_I64)
    seg[idx] = hyp.seg
    prev = hyp_ref[hyp.seg]
    for k, (keys, counts) in enumerate(zip(refs.keys, refs.counts, strict=True)):
        at = _lookup(keys, prev * (unknown + 1) + ids[idx + k])
        found = at >= 0
        idx, prev = idx[found], at[found]
        if len(idx) == 0:
            break
        size = len(keys)
        hkeys, hcounts = np.unique(seg[idx] * size + prev, return_counts=True)
        clipped = np.minimum(hcounts, counts[hkeys % size])
        out[:, k] = np.bincount(hkeys // size, weights=clipped, minlength=n_hyp).astype(_I64)
    return out


def _lookup(sorted_values: np.ndarray, values: np.ndarray) -> np.ndarray:
    """Index of each value (>= 0) in ``sorted_values``, -1 where absent.

    The needles are sorted first: a binary search over sorted needles stays in cache and
    is several times faster than in random order. When value and position fit in 63 bits
    together they are packed into one integer and sorted with a plain (SIMD) sort, about
    3x faster than ``argsort``.
    """
    n = len(values)
    if len(sorted_values) == 0 or n == 0:
        return np.full(n, -1, dtype=_I64)
    shift = max(1, (n - 1).bit_length())
    if int(values.max()).bit_length() + shift <= 63:
        packed = np.sort((values << shift) | np.arange(n, dtype=_I64))
        needles, order = packed >> shift, packed & ((1 << shift) - 1)
    else:
        order = np.argsort(values)
        needles = values[order]
    pos = np.searchsorted(sorted_values, needles)
    pos[pos == len(sorted_values)] = 0
    out = np.empty(n, dtype=_I64)
    out[order] = np.where(sorted_values[pos] == needles, pos, -1)
    return out


def _token_ids(
    sentences: Sequence[list[str]], vocab: dict[str, int], grow: bool
) -> tuple[np.ndarray, np.ndarray]:
    """Token ids (-1 for a token not in ``vocab`` unless ``grow``) and sentence lengths."""
    if grow:
        flat = [vocab.setdefault(t, len(vocab)) for s in sentences for t in s]
    else:
        get = vocab.get
        flat = [get(t, -1) for s in sentences for t in s]
    return np.asarray(flat, dtype=_I64), np.asarray([len(s) for s in sentences], dtype=_I64)


def _char_ids(texts: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
    """Code points of all texts, concatenated, and each text's length."""
    joined = "".join(texts).encode("utf-32-le", "surrogatepass")
    cps = np.frombuffer(joined, dtype=np.uint32).astype(_I64)
    return cps, np.asarray([len(t) for t in texts], dtype=_I64)


#: Pairs that exercise what the fast paths reproduce of sacrebleu (13a's rules, entities,
#: ``<skipped>``, line breaks, repeated and clipped n-grams, non-BMP characters, empty
#: sides): checked against sacrebleu itself before a fast path is used.
_PROBE: tuple[tuple[str, str], ...] = (
    ("The cat, the cat sat.", "The cat sat on the mat."),
    ("&quot;Hi&quot; &amp; &lt;b&gt; <skipped> end .", '"Hi" & <b> end.'),
    ("line-\nbreak\nhere 3,500.25 a-b", "linebreak here 3,500.25 a - b"),
    ("{[(<>)]} `~@#$%^&*_+=|\\/?!;:'", "{ [ ( < > ) ] }"),
    ("Emoji 😀😀 ok 北京 说 ÄÖÜ", "Emoji 😀 ok 北京说 äöü"),
    ("aaaa aaaa aaaa", "aaa aaaaaaa"),
    ("", "A reference sentence."),
    ("A hypothesis.", ""),
)
#: What a fast path raises when a sacrebleu internal it reads has moved or changed.
_MOVED = (AttributeError, ImportError, TypeError, ValueError, KeyError, IndexError)


def _batch_13a(tokenizer: Any) -> Any:
    """sacrebleu's 13a tokenizer over many lines at once, or None.

    None for another tokenizer, and when sacrebleu's Tokenizer13a internals this follows
    have moved or no longer give the tokenizer's own output on :data:`_PROBE` (the
    caller then tokenizes line by line with sacrebleu).

    ``Tokenizer13a`` pads a line with spaces, then applies four regex substitutions whose
    matches never include a newline or cross the padding, so joining padded lines with
    newlines and substituting once over the whole text gives every line's own result
    (tests check this against the tokenizer itself on WMT data and tricky strings). The
    first substitution surrounds each character of a class with spaces: done with
    ``str.replace`` per character, space first, so inserted spaces are not padded again.
    """
    try:
        from sacrebleu.tokenizers.tokenizer_13a import Tokenizer13a

        if type(tokenizer) is not Tokenizer13a:
            return None
        tokenize = _tokenize_13a(tokenizer._post_tokenizer._re)
        probe = [text for pair in _PROBE for text in pair]
        if tokenize(probe) != [tokenizer(line).split() for line in probe]:
            return None
    except _MOVED:
        return None
    return tokenize


def _tokenize_13a(rules: Sequence[tuple[Any, str]]) -> Any:
    """The batch tokenizer over TokenizerRegexp's ``(pattern, replacement)`` rules."""
    (first, _), *rest = rules
    spaced = sorted((chr(c) for c in range(128) if first.fullmatch(chr(c))), key=lambda c: c != " ")

    def tokenize(lines: Sequence[str]) -> list[list[str]]:
        padded = []
        for line in lines:  # Tokenizer13a.__call__'s replacements, line by line
            line = line.replace("<skipped>", "").replace("-\n", "").replace("\n", " ")
            if "&" in line:
                line = line.replace("&quot;", '"').replace("&amp;", "&")
                line = line.replace("&lt;", "<").replace("&gt;", ">")
            padded.append(f" {line} ")
        text = "\n".join(padded)
        for char in spaced:
            if char in text:
                text = text.replace(char, f" {char} ")
        for pattern, repl in rest:
            text = pattern.sub(repl, text)
        return [line.split() for line in text.split("\n")]

    return tokenize


class FastStats:
    """Exact vectorised statistics for one sacrebleu BLEU or chrF object, or None.

    ``for_metric`` returns None for configurations it does not cover (chrF with word
    n-grams, i.e. chrF++) and when it no longer reproduces sacrebleu (an internal it
    reads has moved, or its rows differ from sacrebleu's on :data:`_PROBE`): the caller
    then keeps using sacrebleu's own extraction, slower but never wrong.
    """

    def __init__(self, metric: Any, bleu: bool) -> None:
        self.metric = metric
        self.bleu = bleu
        self._refs_key: tuple[str, ...] | None = None
        self._refs: Any = None
        self._tokenize = _batch_13a(metric.tokenizer) if bleu else None

    @classmethod
    def for_metric(cls, metric: Any) -> FastStats | None:
        from sacrebleu.metrics import BLEU, CHRF

        if isinstance(metric, BLEU):
            bleu = True
        elif isinstance(metric, CHRF) and metric.word_order == 0:
            bleu = False
        else:
            return None
        try:
            fast = cls(metric, bleu)
            hyps, refs = [h for h, _ in _PROBE], [r for _, r in _PROBE]
            theirs = metric._extract_corpus_statistics(hyps, [refs])
            agrees = fast.stats(hyps, refs).tolist() == np.asarray(theirs, float).tolist()
        except _MOVED:
            return None
        return fast if agrees else None

    def stats(
        self, hyps: Sequence[str], refs: Sequence[str], universe: Sequence[str] | None = None
    ) -> np.ndarray:
        """One row per (hyp, ref) pair, the integers sacrebleu's extraction gives.

        ``universe``: the distinct references to prepare (default: those of ``refs``);
        passing the same universe on every call (one per system) reuses the reference
        side, which is then prepared once for all systems.
        """
        distinct = self.prepare(universe if universe is not None else refs)
        index = {r: i for i, r in enumerate(distinct)}
        which = np.asarray([index[r] for r in refs], dtype=_I64)
        if self.bleu:
            return self._bleu(hyps, which)
        return self._chrf(hyps, which)

    def prepare(self, universe: Sequence[str]) -> list[str]:
        """Build (or keep) the reference side for these references; their distinct list.

        Called before forking workers, so that they inherit it instead of rebuilding it.
        """
        distinct = list(dict.fromkeys(universe))
        key = tuple(distinct)
        if key != self._refs_key:
            build = self._bleu_refs if self.bleu else self._chrf_refs
            self._refs_key, self._refs = key, build(distinct)
        return distinct

    # chrF: [hyp, ref, match] per character order
    def _chrf_text(self, sent: str) -> str:
        sent = self.metric._preprocess_segment(sent)
        return sent if self.metric.whitespace else "".join(sent.split())

    def _chrf_refs(self, refs: list[str]) -> tuple[np.ndarray, _RefSide, np.ndarray]:
        order = self.metric.char_order
        cps, lens = _char_ids([self._chrf_text(r) for r in refs])
        alphabet, ids = np.unique(cps, return_inverse=True)
        side = _RefSide(_units(ids, lens), max(1, len(alphabet)), order)
        return alphabet, side, np.maximum(lens[:, None] - np.arange(order), 0)

    def _chrf(self, hyps: Sequence[str], which: np.ndarray) -> np.ndarray:
        order = self.metric.char_order
        alphabet, ref_side, ref_totals = self._refs
        hyp_cps, hyp_lens = _char_ids([self._chrf_text(h) for h in hyps])
        hyp_ids = _lookup(alphabet, hyp_cps)
        matches = _matches(_units(hyp_ids, hyp_lens), which, ref_side)
        ref_tot = ref_totals[which]
        hyp_tot = np.maximum(hyp_lens[:, None] - np.arange(order), 0)
        hyp_tot = np.where(ref_tot > 0, hyp_tot, 0)  # sacrebleu: no reference n-gram, no hits
        out = np.stack([hyp_tot, ref_tot, matches], axis=2).reshape(len(hyps), 3 * order)
        return out.astype(np.float64)

    # BLEU: [hyp_len, ref_len, correct_1..N, total_1..N]
    def _tokens(self, sents: Sequence[str]) -> list[list[str]]:
        """sacrebleu's ``_preprocess_segment`` (lowercase, rstrip, tokenize), split."""
        metric = self.metric
        if self._tokenize is None:
            return [metric._preprocess_segment(s).split() for s in sents]
        lines = [(s.lower() if metric.lowercase else s).rstrip() for s in sents]
        return self._tokenize(lines)

    def _bleu_refs(self, refs: list[str]) -> tuple[dict[str, int], _RefSide, np.ndarray]:
        vocab: dict[str, int] = {}
        ids, lens = _token_ids(self._tokens(refs), vocab, grow=True)
        return (
            vocab,
            _RefSide(_units(ids, lens), max(1, len(vocab)), self.metric.max_ngram_order),
            lens,
        )

    def _bleu(self, hyps: Sequence[str], which: np.ndarray) -> np.ndarray:
        order = self.metric.max_ngram_order
        vocab, ref_side, ref_lens = self._refs
        hyp_ids, hyp_lens = _token_ids(self._tokens(hyps), vocab, grow=False)
        matches = _matches(_units(hyp_ids, hyp_lens), which, ref_side)
        totals = np.maximum(hyp_lens[:, None] - np.arange(order), 0)
        out = np.column_stack([hyp_lens, ref_lens[which], matches, totals])
        return out.astype(np.float64)
