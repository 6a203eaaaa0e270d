"""Polarity reversals: negations added or dropped, and antonym flips.

Counting negation cues on each side handles "did not" = "didn't" = "failed to". A lexical
flip (approved/rejected, likely/unlikely) cancels one cue difference, because "not approved"
vs "rejected" and "not likely" vs "unlikely" keep the meaning; what is left over is flagged.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, replace
from functools import cache
from typing import NamedTuple

from mtcompare.checks._text import Token, Words, locate, stem, window
from mtcompare.checks.base import Detection, word_list
from mtcompare.checks.lexicon import lexicon
from mtcompare.checks.source import Source
from mtcompare.core.model import ErrorFlag


@dataclass(frozen=True)
class _Lists:
    """One language's negation cues and its polarity lexicon, indexed."""

    plain_cues: frozenset[str]  # words that negate by themselves
    to_cues: frozenset[str]  # stems of verbs that negate a "to" complement (failed to reach)
    not_after: frozenset[str]  # "not only": no negation
    antonym_pairs: tuple[tuple[frozenset[str], frozenset[str]], ...]
    neg_prefixes: tuple[str, ...]
    prefix_false_friends: frozenset[str]
    prefix_starts: frozenset[str]
    lexicon: frozenset[str]  # every gram of every antonym pair
    pairs_of: dict[str, list[int]]  # gram -> indexes of the pairs it is in


@cache
def _lists(language: str) -> _Lists:
    lex = lexicon(language)
    pairs_of: dict[str, list[int]] = {}
    for k, (pos, neg) in enumerate(lex.antonym_pairs):
        for gram in pos | neg:
            pairs_of.setdefault(gram, []).append(k)
    return _Lists(
        frozenset(word_list(language, "negation_cues")),
        frozenset(stem(w, language) for w in word_list(language, "negation_to_verbs")),
        frozenset(word_list(language, "not_after")),
        lex.antonym_pairs,
        lex.neg_prefixes,
        lex.prefix_false_friends,
        frozenset(p[:2] for p in lex.neg_prefixes),
        frozenset(g for pos, neg in lex.antonym_pairs for g in pos | neg),
        pairs_of,
    )


class Cue(NamedTuple):
    """A negation cue: normalised form and the token indexes it spans."""

    kind: str
    first: int
    last: int


def find_cues(w: Words) -> list[Cue]:
    """Negation cues in reading order; 'neither ... nor' counts once."""
    text, toks, low = w.text, w.toks, w.low
    lists = _lists(w.language)
    plain, not_after, to_cues = lists.plain_cues, lists.not_after, lists.to_cues
    cues: list[Cue] = []
    for i, x in enumerate(low):
        nxt = low[i + 1] if i + 1 < len(low) else ""
        if x in plain:
            if x == "not" and nxt in not_after:
                continue
            cues.append(Cue("not" if x == "cannot" else x, i, i))
        elif x.endswith("n't"):
            cues.append(Cue("not", i, i))
        elif x == "no":
            if nxt == "one":
                cues.append(Cue("nobody", i, i + 1))
            elif not text[toks[i].end : toks[i].end + 3].replace(" ", "")[:2].startswith("."):
                cues.append(Cue("no", i, i))  # but not "No. 1"
        elif x == "nor" and not any(c.kind == "neither" for c in cues):
            cues.append(Cue("nor", i, i))
        elif nxt == "to" and w.stems[i] in to_cues:
            after = low[i + 2] if i + 2 < len(low) else ""
            if after and not after[0].isdigit():
                cues.append(Cue("fail to", i, i + 1))
    return cues


def _grams(stems: list[str], skip: set[int]) -> tuple[dict[str, int], set[str]]:
    """Stems and stem bigrams -> first token index, leaving out negation-cue tokens."""
    first: dict[str, int] = {}
    for i, s in enumerate(stems):
        if i in skip:
            continue
        first.setdefault(s, i)
        if i + 1 < len(stems) and i + 1 not in skip:
            first.setdefault(f"{s} {stems[i + 1]}", i)
    return first, set(stems)


def _prefix_flips(
    a_low: list[str], a_stems: set[str], b_stems: set[str], b_skip: set[int], language: str
) -> list[tuple[str, int]]:
    """Words of side A that are a negating prefix + a word only side B has (unlikely/likely)."""
    lists = _lists(language)
    prefix_starts = lists.prefix_starts
    out = []
    for i, w in enumerate(a_low):
        if w[:2] not in prefix_starts or i in b_skip:
            continue
        for p in lists.neg_prefixes:
            if w.startswith(p) and len(w) - len(p) >= 4:
                base = stem(w[len(p) :], language)
                whole = stem(w, language)
                if (
                    base in b_stems
                    and base not in a_stems
                    and whole not in b_stems
                    and whole not in lists.prefix_false_friends
                ):
                    out.append((base, i))
                break
    return out


def _quote(text: str, toks: list[Token], index: dict[str, int], grams: set[str]) -> str:
    """Original words of the earliest matching lexicon entry (one or two tokens)."""
    gram = min(grams, key=lambda g: index[g])
    i = index[gram]
    last = min(i + gram.count(" "), len(toks) - 1)
    return text[toks[i].start : toks[last].end]


class _Side(NamedTuple):
    """One side's negation cues, their token indexes and its cue-free stem grams."""

    cues: list[Cue]
    skip: set[int]
    grams: dict[str, int]
    stems: set[str]
    gram_set: frozenset[str]  # the keys of ``grams``, for fast set intersections


def _side(w: Words) -> _Side:
    cues = find_cues(w)
    skip = {k for c in cues for k in range(c.first, c.last + 1)}
    grams, stems = _grams(w.stems, skip)
    return _Side(cues, skip, grams, stems, frozenset(grams))


def negation_in(rw: Words, hw: Words) -> list[ErrorFlag]:
    """Flags for added/dropped negation and antonym flips that are not cancelled out."""
    ref, hyp = rw.text, hw.text
    rt, ht, rlow, hlow = rw.toks, hw.toks, rw.low, hw.low
    rc, rskip, rg, rstems, rk = rw.analysis(_side)
    hc, hskip, hg, hstems, hk = hw.analysis(_side)

    lists = _lists(rw.language)
    lexicon, pairs_of, antonym_pairs = lists.lexicon, lists.pairs_of, lists.antonym_pairs
    flips: list[tuple[str, str]] = []
    r_lex, h_lex = lexicon & rk, lexicon & hk
    candidates = sorted({k for g in r_lex for k in pairs_of[g]}) if r_lex and h_lex else ()
    for pos, neg in (antonym_pairs[k] for k in candidates):
        rp, rn = pos & rk, neg & rk
        hp, hn = pos & hk, neg & hk
        for ra, rb, ha, hb in ((rp, rn, hn, hp), (rn, rp, hp, hn)):
            if ra and not rb and ha and not hb:
                pair = (_quote(ref, rt, rg, ra), _quote(hyp, ht, hg, ha))
                if pair not in flips:
                    flips.append(pair)
    for base, h_i in _prefix_flips(hlow, hstems, rstems, hskip, rw.language):
        r_i = rw.stems.index(base)
        flips.append((rt[r_i].text, ht[h_i].text))
    for base, r_i in _prefix_flips(rlow, rstems, hstems, rskip, rw.language):
        h_i = hw.stems.index(base)
        flips.append((rt[r_i].text, ht[h_i].text))

    delta = len(rc) - len(hc)
    residual = abs(delta) - len(flips)
    if residual == 0:
        return []
    if residual < 0:
        return [ErrorFlag("negation", r, h, f"meaning reversed: '{r}' vs '{h}'") for r, h in flips]
    # Report the cues one side has more of than the other.
    more, fewer, more_text, fewer_text = (rc, hc, ref, hyp) if delta > 0 else (hc, rc, hyp, ref)
    more_toks = rt if delta > 0 else ht
    extra = Counter(c.kind for c in more) - Counter(c.kind for c in fewer)
    chosen = [c for c in more if extra[c.kind] > 0][:residual] or more[-residual:]
    flags = []
    for c in chosen:
        s, e = more_toks[c.first].start, more_toks[c.last].end
        quote = window(more_text, s, e, before=1, after=1).rstrip(".!?")
        rest = quote.replace(more_text[s:e], " ")
        other = locate(" ".join(rest.split()), fewer_text)
        if delta > 0:
            flags.append(ErrorFlag("negation", quote, other, f"negation dropped: '{quote}'"))
        else:
            flags.append(ErrorFlag("negation", other, quote, f"negation added: '{quote}'"))
    return flags


def detect(ref: Words, hyp: Words, src: Source | None = None) -> Detection:
    """``negation_in`` as a registered detector (it masks nothing). Without evidence from the
    source its differences may be paraphrase or notation: severity ``check``."""
    return Detection([replace(f, severity="check") for f in negation_in(ref, hyp)], ref, hyp)
