"""Polarity reversals: negations added or dropped, and antonym flips.

Counting negation cues on each side handles "did not" = "didn't" = "failed to". A lexical
flip (approved/rejected, likely/unlikely) cancels one cue difference, because "not approved"
vs "rejected" and "not likely" vs "unlikely" keep the meaning; what is left over is flagged.
Where the cues agree, a shared negator over a word of absence on one side only ("hardly
behind" vs "hardly keep up") is a double negation, flagged too.

A German source decides cue-count differences (``_judge``). Without one (none given, or a
source in a language with no cue list) a cue difference is raised only when it is plain:
the other side states the negated words themselves, un-negated ("nothing worked" / "has
worked"); reworded text ("doesn't look good" / "looks ugly") is most often a paraphrase.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, replace
from functools import cache
from typing import NamedTuple

from mtcompare.checks._negation_qualifier import in_qualifier, number_qualifier_flip
from mtcompare.checks._negation_source import SourceCues, german_cues
from mtcompare.checks._negation_stance import stance_flags
from mtcompare.checks._text import Token, Words, locate, stem, stopwords, window
from mtcompare.checks.base import Detection, table, word_list
from mtcompare.checks.lexicon import lexicon
from mtcompare.checks.source import Source
from mtcompare.core.model import REFERENCE_NOTE, ErrorFlag


@dataclass(frozen=True)
class _Lists:
    """One language's negation cues and its polarity lexicon, indexed."""

    plain_cues: frozenset[str]  # words that negate by themselves
    to_cues: frozenset[str]  # stems of verbs that negate a "to" complement (failed to reach)
    not_after: frozenset[str]  # "not only": no negation
    idioms: frozenset[tuple[str, str]]  # (cue kind, next word): "no matter", "can't help"
    hedges: frozenset[str]  # degree words after a negation: "not very", "not that"
    weak: frozenset[str]  # cues often paraphrased away: "without", "free of"
    antonym_pairs: tuple[tuple[frozenset[str], frozenset[str]], ...]
    neg_prefixes: tuple[str, ...]
    prefix_false_friends: frozenset[str]
    prefix_starts: frozenset[str]
    lexicon: frozenset[str]  # every gram of every antonym pair
    pairs_of: dict[str, list[int]]  # gram -> indexes of the pairs it is in
    numbers: frozenset[str]  # number and fraction words: "not even half" is a bound
    near: frozenset[str]  # stems that may carry a negation: rarely, little, avoid, out
    negative: frozenset[str]  # stems of words of absence or loss: behind, miss, lose
    contest: frozenset[str]  # stems of contest words: "lost against" names an opponent
    #: every word ``find_cues`` looks at besides those ending in n't or followed by "to"
    triggers: frozenset[str]


@cache
def _lists(language: str) -> _Lists:
    lex = lexicon(language)
    pairs_of: dict[str, list[int]] = {}
    plain = frozenset(word_list(language, "negation_cues"))
    for k, (pos, neg) in enumerate(lex.antonym_pairs):
        for gram in pos | neg:
            pairs_of.setdefault(gram, []).append(k)
    return _Lists(
        plain,
        frozenset(stem(w, language) for w in word_list(language, "negation_to_verbs")),
        frozenset(word_list(language, "not_after")),
        frozenset((a, b) for a, b in table(language, "negation_idioms")),
        frozenset(word_list(language, "negation_hedges")),
        frozenset(word_list(language, "negation_weak_cues")),
        lex.antonym_pairs,
        lex.neg_prefixes,
        lex.prefix_false_friends,
        frozenset(p[:2] for p in lex.neg_prefixes),
        frozenset(g for pos, neg in lex.antonym_pairs for g in pos | neg),
        pairs_of,
        frozenset(row[0] for name in ("units", "fractions") for row in table(language, name)),
        frozenset(stem(w, language) for w in word_list(language, "negation_near_cues")),
        frozenset(stem(w, language) for w in word_list(language, "negation_negative_predicates")),
        frozenset(stem(w, language) for w in word_list(language, "negation_contest_verbs")),
        plain | _OTHER_CUES,
    )


_WITHOUT = ("free", "void")  # "free of sugar", "energy-free"
_PRIVATIVE = ("poor", "low")  # "meat-poor", "low in salt"
#: The words other than plain cues that ``find_cues`` may read as a cue (its branches).
_OTHER_CUES = frozenset({"no", "non", "nor", *_WITHOUT, *_PRIVATIVE})
_BOUNDS = frozenset({"more", "less", "fewer", "over", "under", "above", "below", "quite"})


class Cue(NamedTuple):
    """A negation cue: normalised form and the token indexes it spans."""

    kind: str
    first: int
    last: int


def _clause_end(text: str, toks: list[Token], i: int) -> bool:
    """Punctuation follows token ``i``."""
    after = text[toks[i].end : toks[i].end + 2].strip()
    return bool(after) and after[0] in ",;:.!?-–—)"


def _idiom(low: list[str], i: int, kind: str, lists: _Lists, text: str, toks: list[Token]) -> bool:
    """The cue at ``i`` is part of an idiom that negates nothing: "no matter", "not only",
    "can't help", "whether or not", "not ... until" (= only then)."""
    j = i + 1
    while j < len(low) and (low[j] in ("a", "an", "the") or low[j] in lists.hedges):
        j += 1  # "not a bad thing", "not that bad"
    nxt = low[j] if j < len(low) else ""
    if (kind, nxt) in lists.idioms or (kind, " ".join(low[j : j + 2])) in lists.idioms:
        return True
    if nxt == "help" and low[i] in ("can't", "cannot", "couldn't", "cant"):
        return True  # "can't help laughing"
    if kind == "not" and nxt in lists.not_after:
        return True  # "not only", "doesn't just" (X but also Y)
    if kind in ("not", "nothing") and nxt == "even" and _number_after(text, toks, j, lists):
        return True  # "within not even three months": a bound (fewer than), no negation
    if kind not in ("not", "never"):
        return False
    if (kind == "not" and i and low[i - 1] == "or") and (
        "whether" in low[max(0, i - 12) : i] or not nxt or _clause_end(text, toks, i)
    ):
        return True  # "whether or not", "believe it or not -"
    return any(x in ("until", "till") for x in low[i + 1 : i + 7])


def _number_after(text: str, toks: list[Token], j: int, lists: _Lists) -> bool:
    """A number follows token ``j``: digits, a number or fraction word ("not even 3", "not
    even half the race", "not even a third")."""
    if j >= len(toks):
        return False
    after = text[toks[j].end :].lstrip().lower()
    if after.startswith(("a ", "an ")):
        after = after.split(" ", 1)[1]  # "not even a third"
    word = after.split(" ", 1)[0].strip(",;:.!?")
    return after[:1].isdigit() or word in lists.numbers


def _kind(x: str, lists: _Lists) -> str:
    """The normalised cue a plain word is, or ''."""
    if x in lists.plain_cues:
        return "not" if x == "cannot" else x
    return "not" if x.endswith("n't") else ""


def _without(text: str, toks: list[Token], low: list[str], i: int) -> bool:
    """'free'/'void' at ``i`` means "without": "free of sugar", "energy-free" (not "free of
    charge", which is gratis)."""
    nxt = low[i + 1] if i + 1 < len(low) else ""
    if "charge" in low[i + 1 : i + 3]:
        return False
    return nxt in ("of", "from") or text[toks[i].start - 1 : toks[i].start] == "-"


def _repeated(low: list[str], i: int, cues: list[Cue]) -> bool:
    """The word at ``i`` repeats the cue just before it, with only punctuation or an
    intensifier ("ever") between: "never, never" and "never, ever" negate once."""
    if not cues or low[i] != low[cues[-1].last] or i - cues[-1].last > 4:
        return False
    return all(x in (low[i], "ever") for x in low[cues[-1].last + 1 : i])


def _privative(text: str, toks: list[Token], low: list[str], i: int, stop: frozenset[str]) -> bool:
    """'poor'/'low' at ``i`` says "containing little of": "meat-poor", "low-meat", "poor in
    iron", "low in salt" (German -arm), not "poor people" or "low in the table"."""
    if low[i] == "poor" and text[toks[i].start - 1 : toks[i].start] == "-":
        return True  # "meat-poor"
    if low[i] == "low" and text[toks[i].end : toks[i].end + 1] == "-":
        return i + 1 < len(toks) and toks[i + 1].start == toks[i].end + 1  # "low-meat"
    if i + 2 < len(toks) and low[i + 1] == "in":
        following = toks[i + 2].text
        return following.islower() and following not in stop  # "low in salt"
    return False


def find_cues(w: Words) -> list[Cue]:
    """Negation cues in reading order; 'neither ... nor' counts once, idioms not at all."""
    text, toks, low = w.text, w.toks, w.low
    lists = _lists(w.language)
    to_cues, stop = lists.to_cues, stopwords(w.language)
    triggers = lists.triggers
    cues: list[Cue] = []
    # the words that may be a cue (the branches below pass every other word by): a
    # trigger, a word with an apostrophe (n't) or one before "to"
    nxts = [*low[1:], ""]  # the word after each (zip stops at the last word)
    for i, x, nxt in [
        (i, x, nxt)
        for i, (x, nxt) in enumerate(zip(low, nxts, strict=False))
        if x in triggers or nxt == "to" or "'" in x
    ]:
        kind = _kind(x, lists)
        if _repeated(low, i, cues):
            continue  # "never, never, never!", "no, no": one negation, said emphatically
        if kind:
            if not _idiom(low, i, kind, lists, text, toks) and not (
                nxt in _BOUNDS and in_qualifier(text, toks[i].start, w.language)
            ):
                cues.append(Cue(kind, i, i))
        elif x == "no":
            if _idiom(low, i, "no", lists, text, toks):
                continue
            if nxt in _BOUNDS and in_qualifier(text, toks[i].start, w.language):
                continue  # "no fewer than 50": a bound, read by the numbers check
            if nxt == "one":
                cues.append(Cue("nobody", i, i + 1))
            elif not text[toks[i].end : toks[i].end + 3].replace(" ", "")[:2].startswith("."):
                cues.append(Cue("no", i, i))  # but not "No. 1"
        elif x == "non":
            cues.append(Cue("non", i, i))  # "non-daily", "non profit"
        elif x == "nor" and not any(c.kind == "neither" for c in cues):
            cues.append(Cue("nor", i, i))
        elif x in _WITHOUT and _without(text, toks, low, i):
            cues.append(Cue("free of", i, i))  # "free of", "energy-free": without
        elif x in _PRIVATIVE and _privative(text, toks, low, i, stop):
            cues.append(Cue("low in", i, i))  # "meat-poor", "low-fat", "poor in iron"
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


def _prefixed(w: Words) -> list[tuple[int, str, str]]:
    """Words of ``w`` that may be a negating prefix + a word of four letters or more, as
    (index, stem without the first such prefix, stem of the whole word)."""
    lists, language = _lists(w.language), w.language
    out = []
    for i, x in enumerate(w.low):
        if x[:2] not in lists.prefix_starts:
            continue
        for p in lists.neg_prefixes:
            if x.startswith(p) and len(x) - len(p) >= 4:
                out.append((i, stem(x[len(p) :], language), stem(x, language)))
                break
    return out


def _prefix_flips(
    a: Words, a_stems: set[str], b_stems: set[str], b_skip: set[int]
) -> list[tuple[str, int]]:
    """Words of side A that are a negating prefix + a word only side B has (unlikely/likely)."""
    false_friends = _lists(a.language).prefix_false_friends
    return [
        (base, i)
        for i, base, whole in a.analysis(_prefixed)
        if i not in b_skip
        and base in b_stems
        and base not in a_stems
        and whole not in b_stems
        and whole not in false_friends
    ]


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
    wordnet: set[str]  # grams with a WordNet antonym
    lexical: frozenset[str]  # grams in the built-in antonym lexicon


def _side(w: Words) -> _Side:
    cues = find_cues(w)
    skip = {k for c in cues for k in range(c.first, c.last + 1)}
    grams, stems = _grams(w.stems, skip)
    at = grams.get("against")
    if at is not None and set(w.stems[max(0, at - 2) : at]) & _lists(w.language).contest:
        del grams["against"]  # "lost against Bayern": the opponent, no opposition
    wordnet = lexicon(w.language).wordnet
    in_wordnet = set(filter(wordnet.__contains__, grams))
    # frozenset.intersection(dict) walks the dict; ``frozenset & keys`` walks the lexicon
    lexical = _lists(w.language).lexicon.intersection(grams)
    return _Side(cues, skip, grams, stems, in_wordnet, lexical)


class Flip(NamedTuple):
    """A word and its opposite, one side each; ``sign`` +1 when the reference has the
    negative one (rejected, unlikely, nameless), -1 when the MT has it."""

    ref: str
    hyp: str
    sign: int
    affix: bool = False  # the negative word is the other + a negating affix (un-, -less)


def _lexical_flips(rw: Words, hw: Words, rs: _Side, hs: _Side) -> list[Flip]:
    """Antonym pairs of the built-in lexicon, negating prefixes and "-less", one side each."""
    ref, hyp, rt, ht = rw.text, hw.text, rw.toks, hw.toks
    rg, hg = rs.grams, hs.grams
    lists = _lists(rw.language)
    flips: list[Flip] = []
    r_lex, h_lex = rs.lexical, hs.lexical
    candidates = sorted({k for g in r_lex for k in lists.pairs_of[g]}) if r_lex and h_lex else ()
    for pos, neg in (lists.antonym_pairs[k] for k in candidates):
        rp, rn = pos & rg.keys(), neg & rg.keys()
        hp, hn = pos & hg.keys(), neg & hg.keys()
        for ra, rb, ha, hb, sign in ((rp, rn, hn, hp, -1), (rn, rp, hp, hn, 1)):
            if ra and not rb and ha and not hb:
                flip = Flip(_quote(ref, rt, rg, ra), _quote(hyp, ht, hg, ha), sign)
                if flip not in flips:
                    flips.append(flip)
    for base, h_i in _prefix_flips(hw, hs.stems, rs.stems, hs.skip):
        flips.append(Flip(rt[rw.stems.index(base)].text, ht[h_i].text, -1, True))
    for base, r_i in _prefix_flips(rw, rs.stems, hs.stems, rs.skip):
        flips.append(Flip(rt[r_i].text, ht[hw.stems.index(base)].text, 1, True))
    for base, h_i in _less_flips(hw, hs.stems, rs.stems):
        flips.append(Flip(rt[rw.stems.index(base)].text, ht[h_i].text, -1, True))
    for base, r_i in _less_flips(rw, rs.stems, hs.stems):
        flips.append(Flip(rt[r_i].text, ht[hw.stems.index(base)].text, 1, True))
    return flips


def _less_words(w: Words) -> list[tuple[int, str, str]]:
    """Words of ``w`` that may be a word + "-less", as (index, stem of the word, stem of
    the whole)."""
    return [
        (i, stem(x[:-4], w.language), stem(x, w.language))
        for i, x in enumerate(w.low)
        if x.endswith("less") and len(x) >= 8
    ]


def _less_flips(a: Words, a_stems: set[str], b_stems: set[str]) -> list[tuple[str, int]]:
    """Words of side A that are a word only side B has + "-less" (nameless/named)."""
    return [
        (base, i)
        for i, base, whole in a.analysis(_less_words)
        if base in b_stems and base not in a_stems and whole not in b_stems
    ]


def _wordnet_flips(rw: Words, hw: Words, rs: _Side, hs: _Side) -> tuple[list[tuple[str, str]], int]:
    """WordNet antonyms one side each (more/less, bought/sold): how many there are (each
    cancels a negation difference) and those in the same spot, sharing a neighbouring word
    (only those are reported as reversals: elsewhere the pair is often unrelated)."""
    lists = _lists(rw.language)
    wordnet = lexicon(rw.language).wordnet
    rg, hg = rs.grams, hs.grams
    shown: list[tuple[str, str]] = []
    count = 0
    for g in rs.wordnet - hg.keys():
        for b in wordnet[g] & hg.keys():
            if b in rg or b.endswith(g) or g.endswith(b):
                continue  # unlike/like: a prefix flip, counted there
            if set(lists.pairs_of.get(g, ())) & set(lists.pairs_of.get(b, ())):
                continue  # a pair of the built-in lexicon, counted there
            count += 1
            i, j = rg[g], hg[b]
            i2, j2 = i + g.count(" ") + 1, j + b.count(" ") + 1
            same_before = i and j and rw.stems[i - 1] == hw.stems[j - 1]
            same_after = i2 < len(rw.stems) and j2 < len(hw.stems) and rw.stems[i2] == hw.stems[j2]
            if same_before or same_after:
                shown.append((_quote(rw.text, rw.toks, rg, {g}), _quote(hw.text, hw.toks, hg, {b})))
    return shown, count


def _context(w: Words, c: Cue) -> set[str]:
    """Content stems within two words of a cue: what it negates."""
    stop = stopwords(w.language)
    span = range(max(0, c.first - 2), min(len(w.stems), c.last + 3))
    return {w.stems[k] for k in span if not c.first <= k <= c.last and w.low[k] not in stop}


def _unshared(more: list[Cue], more_w: Words, fewer: list[Cue], fewer_w: Words) -> list[Cue]:
    """``more``'s cues, those with no counterpart on the other side first: a cue whose
    context shares a content word with a cue of the other side ("no more power" / "no more
    electricity" share none; "didn't expect" / "did not expect" do) is the shared one, so a
    flag points at the reworded spot rather than at a negation both sides have. Kinds that
    one side has more of come before the rest, as before."""
    extra = Counter(c.kind for c in more) - Counter(c.kind for c in fewer)
    free = [(c, _context(fewer_w, c)) for c in fewer]
    unmatched, matched = [], []
    for c in more:
        ctx = _context(more_w, c)
        hit = next(
            (k for k, (f, f_ctx) in enumerate(free) if f.kind == c.kind and ctx & f_ctx), None
        )
        if hit is None:
            unmatched.append(c)
        else:
            matched.append(c)
            free.pop(hit)
    return sorted(unmatched, key=lambda c: extra[c.kind] == 0) + matched


_LEXICAL = frozenset({"like", "say", "said", "says", "tell", "told"})  # verbs among stop words


def _scope(w: Words, c: Cue) -> list[int]:
    """Indexes of the first two content words a cue negates ("would not raise rates" ->
    raise, rates; "doesn't look good" -> look, good; "do not dare to give" -> dare), the
    first within three words of it, up to the end of its clause or an infinitive's "to"."""
    stop, hedges = stopwords(w.language), _lists(w.language).hedges
    out: list[int] = []
    for k in range(c.last + 1, min(len(w.low), c.last + 6)):
        if k > c.last + 1 and _clause_end(w.text, w.toks, k - 1):
            break
        if (not out and k > c.last + 3) or (out and w.low[k] == "to"):
            break  # "do not dare to give": the negated word is "dare"
        if (w.low[k] not in stop or w.low[k] in _LEXICAL) and w.low[k] not in hedges:
            out.append(k)
            if len(out) == 2:
                break
    return out


def _negator(word: str) -> bool:
    """A negation word, counted as a cue or not ("not" of "not just", "no" of "no doubt")."""
    return word in ("not", "no", "never", "cannot") or word.endswith("n't")


def _reaches(w: Words, c: Cue, at: int) -> bool:
    """Cue ``c`` may negate the word at ``at``: at most four words on, in the same clause."""
    if not c.first - 1 <= at <= c.last + 4:
        return False
    return not any(_clause_end(w.text, w.toks, k) for k in range(c.last, at))


def _bare_infinitive(w: Words, at: int) -> bool:
    """The word at ``at`` follows a "to" that opens its clause ("Namely, to move the ball"),
    not one after a verb ("continued to dare", which asserts)."""
    if at < 1 or w.low[at - 1] != "to":
        return False
    return at == 1 or _clause_end(w.text, w.toks, at - 2) or w.low[at - 2] in ("namely", "and")


def _contradicted(more_w: Words, c: Cue, fewer_w: Words, fewer: _Side) -> bool:
    """The other side states, in the same order and with no negation or word of negative
    degree (rarely, little) near them, the very words the cue negates ("nothing worked" vs
    "has worked", "not a lot of time" vs "a lot of time"): a plain contradiction, not a
    rewording ("doesn't look good" vs "looks ugly" is one). A weak cue ("without") needs
    the word before it on the other side too ("signed without" vs "signed with")."""
    scope = [more_w.stems[k] for k in _scope(more_w, c)]
    if not scope or scope[0] not in fewer.stems:
        return False
    stems = fewer_w.stems
    at = stems.index(scope[0])
    if len(scope) > 1 and scope[1] not in stems[at + 1 : at + 4]:
        return False
    lists = _lists(more_w.language)
    negators = [Cue("not", k, k) for k in range(max(0, at - 4), at) if _negator(fewer_w.low[k])]
    if any(_reaches(fewer_w, f, at) for f in fewer.cues + negators):
        return False  # the other side negates there too, if only in an idiom ("not just")
    if lists.near & set(stems[max(0, at - 4) : at + 4]):
        return False
    if _bare_infinitive(fewer_w, at) and more_w.low[c.last] != "to":
        return False  # "didn't move the ball" vs "To move the ball.": it states nothing
    if c.kind in ("free of", "fail to") or more_w.low[c.first] in lists.weak:
        before = more_w.stems[c.first - 1] if c.first else ""
        return bool(before) and before in stems[max(0, at - 3) : at]
    return True


def _hyphenated(text: str, s: int, e: int) -> tuple[int, int]:
    """The span ``s:e`` widened to the whole hyphenated word it is part of."""
    while s > 1 and text[s - 1] == "-" and text[s - 2].isalnum():
        s -= 2
        while s > 0 and text[s - 1].isalnum():
            s -= 1
    while e + 1 < len(text) and text[e] == "-" and text[e + 1].isalnum():
        e += 2
        while e < len(text) and text[e].isalnum():
            e += 1
    return s, e


def _cue_flags(
    rw: Words, hw: Words, rs: _Side, hs: _Side, residual: int
) -> list[tuple[ErrorFlag, bool]]:
    """The cues one side has more of than the other, quoted with a word either side, each
    with whether the other side plainly contradicts it (``_contradicted``)."""
    rc, hc = rs.cues, hs.cues
    delta = len(rc) - len(hc)
    more, fewer, more_text, fewer_text = (
        (rc, hc, rw.text, hw.text) if delta > 0 else (hc, rc, hw.text, rw.text)
    )
    more_w, fewer_w = (rw, hw) if delta > 0 else (hw, rw)
    fewer_side = hs if delta > 0 else rs
    more_toks = more_w.toks
    chosen = _unshared(more, more_w, fewer, fewer_w)[:residual]
    flags = []
    for c in chosen:
        s, e = more_toks[c.first].start, more_toks[c.last].end
        s, e = _hyphenated(more_text, s, e)  # the whole word: "meat-poor", "low-fat"
        quote = window(more_text, s, e, before=1, after=1).rstrip(".!?")
        rest = quote.replace(more_text[s:e], " ")
        other = locate(" ".join(rest.split()), fewer_text)
        if delta > 0:
            flag = ErrorFlag("negation", quote, other, f"negation dropped: '{quote}'")
        else:
            flag = ErrorFlag("negation", other, quote, f"negation added: '{quote}'")
        flags.append((flag, _contradicted(more_w, c, fewer_w, fewer_side)))
    return flags


_DEGREE = frozenset({"hardly", "barely", "scarcely"})  # one negator class: "hardly" = "barely"


def _negated(w: Words) -> list[tuple[str, int, int]]:
    """(negator, its index, the index of the word it negates) for each negation word or
    degree word (hardly, barely) of ``w``; the negated word is the next one that is a word
    of absence or loss (behind, miss) or not a stop word, within two words."""
    lists, stop = _lists(w.language), stopwords(w.language)
    out = []
    for i, x in enumerate(w.low):
        negator = "hardly" if x in _DEGREE else _kind(x, lists) or ("no" if x == "no" else "")
        if not negator:
            continue
        for k in range(i + 1, min(len(w.low), i + 3)):
            if w.stems[k] in lists.negative or w.low[k] not in stop:
                out.append((negator, i, k))
                break
    return out


def _double_negation(rw: Words, hw: Words) -> list[ErrorFlag]:
    """Both sides have the same negator at the spot, but only one negates a word of
    absence or loss ("are hardly behind" = nearly caught up, vs "can hardly deal with"):
    the two claims are opposite though the negation cues agree."""
    if not (rw.analysis(_side).cues or _DEGREE & set(rw.low)):
        return []  # nothing negated on the reference side (most pairs): nothing to compare
    negative = _lists(rw.language).negative
    r, h = rw.analysis(_negated), hw.analysis(_negated)
    for a, b, a_w, b_w, a_is_ref in ((r, h, rw, hw, True), (h, r, hw, rw, False)):
        for negator, i, k in a:
            if a_w.stems[k] not in negative or a_w.stems[k] in b_w.stems:
                continue
            other = next((x for x in b if x[0] == negator), None)
            if other is None or b_w.stems[other[2]] in negative:
                continue
            a_q = a_w.text[a_w.toks[i].start : a_w.toks[k].end]
            b_q = b_w.text[b_w.toks[other[1]].start : b_w.toks[other[2]].end]
            side, other_side = ("reference", "MT") if a_is_ref else ("MT", "reference")
            detail = (
                f"double negation: {side} '{a_q}' negates a word of absence (a positive"
                f" claim), {other_side} '{b_q}' does not"
            )
            ref_q, hyp_q = (a_q, b_q) if a_is_ref else (b_q, a_q)
            return [ErrorFlag("negation", ref_q, hyp_q, detail)]
    return []


def _found(rw: Words, hw: Words) -> list[tuple[ErrorFlag, bool]]:
    """``negation_in``'s flags, each with whether it is plain without a source: a flip, a
    change of stance, or a negation the other side plainly contradicts."""
    rs, hs = rw.analysis(_side), hw.analysis(_side)
    lang = rw.language
    flips = [
        f
        for f in _lexical_flips(rw, hw, rs, hs)
        if not number_qualifier_flip(rw.text, f.ref, hw.text, f.hyp, lang)
    ]
    wn_pairs, wn_count = _wordnet_flips(rw, hw, rs, hs)
    wn_shown = [
        p for p in wn_pairs if not number_qualifier_flip(rw.text, p[0], hw.text, p[1], lang)
    ]
    wn_count -= len(wn_pairs) - len(wn_shown)
    delta = len(rs.cues) - len(hs.cues)
    direction = (delta > 0) - (delta < 0)
    cancelling = [f for f in flips if delta and f.sign == -direction]
    reported = [f for f in flips if f not in cancelling]
    residual = abs(delta) - len(cancelling) - wn_count
    if residual < 0:
        reported += cancelling + [Flip(r, h, 0) for r, h in wn_shown]
    found = [(f, True) for f in stance_flags(rw, hw)]
    for f in reported:
        detail = f"meaning reversed: '{f.ref}' vs '{f.hyp}'"
        if f.affix:
            detail += f" (negative affix in {'reference' if f.sign > 0 else 'MT'})"
        found.append((ErrorFlag("negation", f.ref, f.hyp, detail), True))
    if residual > 0:
        found += _cue_flags(rw, hw, rs, hs, residual)
    elif not found and not delta:
        found = [(f, True) for f in _double_negation(rw, hw)]
    return found


def negation_in(rw: Words, hw: Words) -> list[ErrorFlag]:
    """Flags for added/dropped negation, antonym flips that are not cancelled out, and
    changes of stance (be ahead vs surpass). A flip cancels a negation the other side has
    ("not likely" vs "unlikely"); one that goes the same way as the extra negation adds to
    it ("nameless ... not" vs "named") and is reported. WordNet pairs carry no polarity:
    each cancels one difference either way."""
    return [flag for flag, _ in _found(rw, hw)]


def _hedged(flag: ErrorFlag, added: bool) -> bool:
    """The flagged negation is followed by a degree word ("not very"): a hedge."""
    quote = (flag.hyp if added else flag.ref).split()
    return bool(quote) and quote[-1].lower().strip(",;:") in _lists("en").hedges


def _privative_only(flag: ErrorFlag, added: bool) -> bool:
    """The flagged cue is a privative "meat-poor" / "low in salt": a degree, never confident."""
    quote = Words.of(flag.hyp if added else flag.ref)
    return bool(quote.low) and {c.kind for c in find_cues(quote)} == {"low in"}


def _decided(flag: ErrorFlag) -> bool:
    """A privative cue ("meat-poor") that the source's count sides with (``_judge``)."""
    added = flag.detail.startswith("negation added")
    return "(source negation:" in flag.detail and _privative_only(flag, added)


def _judge_affix(flag: ErrorFlag, source: SourceCues) -> ErrorFlag:
    """A flip by a negating affix, where the source has a negating-affix word (ungekürzt)."""
    evidence = f"(source: {', '.join(source.affixed)})"
    if flag.detail.endswith("affix in reference)"):
        return replace(flag, severity="error", detail=f"{flag.detail} {evidence}")
    words = flag.detail.split(": ", 1)[1]
    detail = f"reference lacks the negative affix the source and MT have: {words} {evidence}"
    return replace(flag, category=REFERENCE_NOTE, severity="check", detail=detail)


def _judge(
    flag: ErrorFlag, n_ref: range, n_hyp: range, source: SourceCues | None, polar: str = ""
) -> ErrorFlag | None:
    """A cue-count flag decided by the German source's negation cues where they are decisive.
    The source allows from its cue count to that plus its negating-affix words (unschön may
    be "doesn't look good"), each side likewise (``_count_range``): the reference's count
    allowed and the MT's not -> error; the MT's allowed and the reference's not -> a note on
    the reference; both allowed -> no flag (both render the source). Else a check. An error
    needs exact counts: no negating affix on any side and no hedge ("not very"). A flip by a
    negating affix (unshortened/shortened) sides with the side that has it when the source
    has a negating-affix word too (ungekürzt). A privative ("meat-poor", "low-fat") is raised
    only where the source's count sides with the reference, as a check."""
    added = flag.detail.startswith("negation added")
    affix_flip = flag.detail.endswith(("affix in MT)", "affix in reference)"))
    if source is not None and source.affixed and affix_flip:
        return _judge_affix(flag, source)
    if source is None or not (added or flag.detail.startswith("negation dropped")):
        return replace(flag, severity="check")
    low, high = len(source.cues), len(source.cues) + len(source.affixed)
    ref_ok = n_ref.start <= high and low < n_ref.stop
    hyp_ok = n_hyp.start <= high and low < n_hyp.stop
    cues = ", ".join(source.cues + source.affixed) or "none"
    if _privative_only(flag, added) and (added or hyp_ok or not ref_ok):
        return None  # "low-cost" / "cheap": only a reference privative the source has counts
    if ref_ok and not hyp_ok:
        exact = (
            len(n_ref) == len(n_hyp) == 1
            and not source.affixed
            and not _hedged(flag, added)
            and not _privative_only(flag, added)
        )
        severity = "error" if exact else "check"
        return replace(flag, severity=severity, detail=f"{flag.detail} (source negation: {cues})")
    if hyp_ok and not ref_ok and not polar:
        what = (
            "drops a negation the source and MT have"
            if added
            else "adds a negation the source and MT lack"
        )
        quote = flag.hyp if added else flag.ref
        detail = f"reference {what}: '{quote}' (source negation: {cues})"
        return replace(flag, category=REFERENCE_NOTE, severity="check", detail=detail)
    if ref_ok and hyp_ok:
        return None
    if polar and hyp_ok:
        detail = f"{flag.detail} (source negation: {cues}; MT has '{polar}' there)"
        return replace(flag, severity="check", detail=detail)
    return replace(flag, severity="check")


def _weak(flag: ErrorFlag, language: str) -> bool:
    """The flagged negation is only a weak cue (``negation_weak_cues.txt``, "refuses to")."""
    if not flag.detail.startswith(("negation added", "negation dropped")):
        return False
    lists = _lists(language)
    quote = flag.hyp if flag.detail.startswith("negation added") else flag.ref
    words = Words.of(quote, language)
    weak = {
        i for i, w in enumerate(words.low) if w in lists.weak or words.stems[i] in lists.to_cues
    }
    strong = {i for i, w in enumerate(words.low) if _kind(w, lists) or w in ("no", "nor")}
    return bool(weak) and not strong - weak


@cache
def _positive_poles(language: str) -> frozenset[str]:
    """Stems that state the positive pole: the built-in lexicon's positive poles and the
    stance members that state a lead (ahead, lead)."""
    lists = _lists(language)
    pos = {g for p, _ in lists.antonym_pairs for g in p if " " not in g}
    lead = {
        stem(m, language) for m, _, gloss in table(language, "stance") if gloss == "states a lead"
    }
    return frozenset(pos | {m for m in lead if " " not in m})


def _polar_at(flag: ErrorFlag, ref: Words, hyp: Words) -> str:
    """Where the reference has a negation, the MT's word of a positive pole that the
    reference lacks ("not living up to" vs "ahead of"), or "": the reference may render a
    source polarity word (hinter) by a negation, and the MT's positive word there reverses
    it, so a source without a negation word does not make this a reference note."""
    if not flag.hyp or not flag.detail.startswith("negation dropped"):
        return ""
    positive, ref_stems = _positive_poles(hyp.language), set(ref.stems)
    spot = Words.of(flag.hyp, hyp.language)
    return next(
        (
            spot.toks[i].text
            for i, s in enumerate(spot.stems)
            if s not in ref_stems and s in positive and spot.low[i] not in stopwords(hyp.language)
        ),
        "",
    )


def _count_range(w: Words) -> range:
    """How many negations a side expresses: its cues, plus perhaps its words with a negating
    prefix (WordNet: impossible, irrelevant), which may render a source's "nicht"."""
    affixed = lexicon(w.language).affixed
    n = len(w.analysis(_side).cues)
    return range(n, n + 1 + sum(1 for s in w.stems if s in affixed))


def _negative_word(word: str, affixed: frozenset[str], language: str) -> bool:
    """A word that may carry a negation by its form: WordNet's affixed words, and any
    un-/non- word or -less word (unvaccinated, unobservable, nonbinding, careless)."""
    if word in affixed or stem(word, language) in affixed:
        return True
    return (word.startswith(("un", "non")) and len(word) >= 7) or (
        word.endswith("less") and len(word) >= 8
    )


def _affix_only_in_reference(ref: Words, hyp: Words, src: Source | None) -> list[ErrorFlag]:
    """Both sides have as many negation cues, but only the reference renders the source's
    negation, by a negating-prefix word ("nicht ersichtlich" = "unnoticed"), and the MT has
    neither a cue nor such a word there ("apparent"): the MT drops the source's negation.
    Needs a German source with plain negation cues and no negating-affix word of its own."""
    affixed = lexicon(ref.language).affixed
    r_aff = [i for i, s in enumerate(ref.stems) if s in affixed and s not in hyp.stems]
    if src is None or not r_aff or any(_negative_word(x, affixed, hyp.language) for x in hyp.low):
        return []
    source = src.memo("negation.de", german_cues)
    if source is None or not source.cues or source.affixed:
        return []
    n_ref, n_hyp = _count_range(ref), _count_range(hyp)
    if len(source.cues) not in n_ref or len(source.cues) in n_hyp:
        return []
    word = ref.toks[r_aff[0]].text
    cues = ", ".join(source.cues)
    detail = f"negation dropped: reference '{word}' renders the source's negation ({cues}), MT none"
    return [ErrorFlag("negation", word, "", detail, severity="check")]


def detect(ref: Words, hyp: Words, src: Source | None = None) -> Detection:
    """``negation_in`` as a registered detector (it masks nothing). Cue-count differences are
    decided by a German source where it is decisive (``_judge``); flips and changes of stance
    may be paraphrase: severity ``check``. Without a source that reads as German (none
    given, or one in a language with no cue list, such as Chinese: nothing confirms
    anything) only plain differences are raised, as checks: flips, changes of stance and
    negations the other side plainly contradicts; a cue-count difference in reworded text
    is most often a paraphrase (``"doesn't look good"`` / ``"looks ugly"``)."""
    found = _found(ref, hyp)
    if not found:
        return Detection(_affix_only_in_reference(ref, hyp, src), ref, hyp)
    source = src.memo("negation.de", german_cues) if src is not None else None
    if source is None:
        kept = [f for f, plain in found if plain or _polar_at(f, ref, hyp)]
        return Detection([replace(f, severity="check") for f in kept], ref, hyp)
    n_ref, n_hyp, lang = _count_range(ref), _count_range(hyp), ref.language
    judged = [_judge(f, n_ref, n_hyp, source, _polar_at(f, ref, hyp)) for f, _ in found]
    # a weak cue ("without") is most often a paraphrase, unless it is a privative ("meat-poor")
    # that the source's own privative (fleischarm) decides
    kept = [
        f
        for f in judged
        if f is not None and not (f.severity == "check" and _weak(f, lang) and not _decided(f))
    ]
    return Detection(kept, ref, hyp)
