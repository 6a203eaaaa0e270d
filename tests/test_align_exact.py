"""The aligner's fast paths against plain definitions: the same numbers to the last bit
and the same tie-breaks, since a changed float sum can flip a tie in the programme."""

from __future__ import annotations

import re
import warnings
import zlib

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mtcompare.alignment import monolingual as M
from mtcompare.core.textio import read_text, text_lines
from mtcompare.segment import split_sentences

_WORD = re.compile(r"\w+")


@pytest.fixture(scope="module")
def seed_sentences(seed_ref, seed_hyp):
    ref = split_sentences(seed_ref.read_text(encoding="utf-8"))
    hyp = split_sentences(seed_hyp.read_text(encoding="utf-8"))
    return ref, hyp


# Letters whose lower case depends on context or changes length, the joining separator,
# CJK, digits, punctuation and spaces.
_CHARS = st.sampled_from(list("aZ 9.-'\u03a3\u03c3\u0130\u00df\u4e2d\u6587\x1e\n\u00e9\u0301_"))
_SENTENCES = st.lists(st.text(_CHARS, max_size=12), min_size=1, max_size=8)


@settings(max_examples=200, deadline=None)
@given(_SENTENCES)
def test_one_pass_tokens_equal_each_sentence_tokenized_alone(sentences):
    vocab, ids, counts = M._tokens(sentences)
    alone = [_WORD.findall(s.lower()) for s in sentences]
    assert counts.tolist() == [len(t) for t in alone]
    assert [vocab[i] for i in ids] == [w for t in alone for w in t]
    assert vocab == list(dict.fromkeys(w for t in alone for w in t))  # first occurrence


def _vectors_by_definition(sentences, cfg):
    """Each sentence's vector summed token by token in float64, word feature first then
    its trigrams in order, and rounded to float32 at the end."""
    tokens = [_WORD.findall(s.lower()) for s in sentences]
    df: dict[str, int] = {}
    for toks in tokens:
        for w in set(toks):
            df[w] = df.get(w, 0) + 1
    n = len(sentences)
    out = np.zeros((n, cfg.dim), dtype=np.float32)
    for row, toks in enumerate(tokens):
        acc = [0.0] * cfg.dim
        for w in toks:
            idf = float(np.log((1 + n) / (1 + df[w])) + 1.0)
            acc[zlib.crc32(("w" + w).encode()) % cfg.dim] += idf
            padded = f"#{w}#"
            grams = [padded[k : k + 3] for k in range(len(padded) - 2)]
            share = cfg.char_weight * idf / len(grams)
            for g in grams:
                acc[zlib.crc32(("c" + g).encode()) % cfg.dim] += share
        out[row] = acc
    return out


def test_vectors_equal_their_definition_on_the_seeds(seed_sentences):
    ref, hyp = seed_sentences
    cfg = M.AlignConfig()
    rvec, hvec = M._vectorize(ref, hyp, cfg)
    expected = _vectors_by_definition([*ref, *hyp], cfg)
    assert rvec.dtype == hvec.dtype == np.float32
    assert np.array_equal(np.vstack([rvec, hvec]), expected)


def test_vectors_equal_their_definition_across_bincount_chunks(wmt22_dir, monkeypatch):
    """More sentences than one bincount chunk, with a short last chunk."""
    lines = text_lines(read_text(wmt22_dir / "de-en" / "generaltest2022.de-en.ref.A.en").text)
    monkeypatch.setattr(M, "_CHUNK", 16)
    cfg = M.AlignConfig(dim=256)
    rvec, hvec = M._vectorize(lines[:70], lines[70:107], cfg)
    assert np.array_equal(np.vstack([rvec, hvec]), _vectors_by_definition(lines[:107], cfg))


@pytest.mark.parametrize("rows", [1, 7, 8, 9, 16, 45])
def test_block_sums_equal_the_sums_of_a_zero_padded_array(seed_sentences, rows):
    ref, hyp = seed_sentences
    vecs = np.vstack(M._vectorize(ref, hyp, M.AlignConfig()))[:rows]
    lengths = np.array([len(s) for s in (*ref, *hyp)][:rows], dtype=np.float64)
    assert len(vecs) == len(lengths) == rows
    for x in (vecs, lengths):
        blocks = -(-rows // 8)
        padded = np.zeros((blocks * 8, *x.shape[1:]), dtype=x.dtype)
        padded[:rows] = x
        expected = padded.reshape(blocks, 8, *x.shape[1:]).sum(axis=1)
        got = M._block_sum(x, 8)
        assert got.dtype == x.dtype and np.array_equal(got, expected)


def test_cosine_is_zero_without_a_norm_and_quiet():
    dot = np.array([[0.0, 0.5, 1.0], [0.0, 0.0, 0.3]])
    norm_a = np.array([[1.0], [0.0]])
    norm_b = np.array([[0.0, 0.25, 4.0], [1.0, 1.0, 1.0]])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        got = M._cos(dot, norm_a, norm_b)
    assert got.tolist() == [[0.0, 1.0, 0.5], [0.0, 0.0, 0.0]]


def _pointers_by_definition(gains, lo, hi):
    """The programme cell by cell: 1-0, then match beads in BEADS order, a later
    candidate replacing the best only when strictly better; then a 0-1 bead when it is
    strictly better than that."""
    n, width = lo.shape[0] - 1, gains.shape[2]
    neg = float("-inf")
    value: dict[tuple[int, int], float] = {}
    pointers = np.zeros((n + 1, width), dtype=np.int8)
    add = M.BEADS.index((0, 1))
    for i in range(n + 1):
        for j in range(int(lo[i]), int(lo[i]) + width):
            best, ptr = (0.0 if j == 0 else neg) if i == 0 else neg, add
            if i > 0:
                for c, (a, b) in enumerate(M._CANDIDATES):
                    if a > i:
                        continue
                    cand = value.get((i - a, j - b), neg) + float(gains[c, i, j - lo[i]])
                    if c == 0 or cand > best:
                        best, ptr = cand, M.BEADS.index((a, b))
            if j > lo[i] and value[i, j - 1] > best:
                best, ptr = value[i, j - 1], add
            value[i, j] = best if j <= hi[i] else neg
            pointers[i, j - lo[i]] = ptr
    return pointers


@st.composite
def _programmes(draw):
    n, m = draw(st.integers(1, 9)), draw(st.integers(1, 9))
    if draw(st.booleans()):  # the whole matrix
        lo, hi = np.zeros(n + 1, dtype=np.int64), np.full(n + 1, m, dtype=np.int64)
    else:  # a band around the diagonal
        band = draw(st.integers(1, 3))
        diag = np.arange(n + 1) * m // n
        lo = np.maximum.accumulate(np.clip(diag - band, 0, m))
        hi = np.maximum.accumulate(np.clip(diag + band, 0, m))
        lo[0], hi[-1] = 0, m
        lo[1:] = np.minimum(lo[1:], hi[:-1])
    band = M._Band(lo, hi)
    # Few distinct values, so that ties are common; -inf where a bead may not end.
    levels = st.sampled_from([-np.inf, -1.0, -0.5, 0.0, 0.25, 0.5, 1.0])
    shape = (len(M._CANDIDATES), n + 1, band.width)
    size = int(np.prod(shape))
    gains = np.array(draw(st.lists(levels, min_size=size, max_size=size)))
    gains = gains.reshape(shape)
    gains[0] = 0.0
    for c, (a, b) in enumerate(M._CANDIDATES[1:], 1):
        gains[c, :a] = -np.inf
        gains[c][(band.cols < b) | ~band.valid] = -np.inf
    return gains, band


@settings(max_examples=150, deadline=None)
@given(_programmes())
def test_programme_rows_break_ties_as_cell_by_cell_comparisons_do(case):
    gains, band = case
    got = M._dp_rows(gains, band)
    expected = _pointers_by_definition(gains, band.lo, band.hi)
    inside = band.valid
    assert np.array_equal(got[inside], expected[inside])
