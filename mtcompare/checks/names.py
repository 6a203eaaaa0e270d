"""Names (people, places, organisations) that differ between reference and MT.

Without an NER model, a name is a run of capitalised words that is not a title, month,
weekday or function word. A sentence-initial capitalised word is only a *weak* candidate
(it may be an ordinary word): weak names are reported only as near-spellings of a name on
the other side. Matching ignores case, accents, dots (U.S. = US), hyphens, possessives,
word order, shortened forms (Emmanuel Macron ~ Macron), acronyms (United States ~ US) and
demonyms (Russia ~ Russian); it reports spelling variants, substitutions, missing and added.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from functools import cache

from Levenshtein import ratio

from mtcompare.checks._text import Words, fold, stopwords
from mtcompare.checks.base import Detection, table, word_list
from mtcompare.checks.source import Source
from mtcompare.core.model import ErrorFlag


@dataclass(frozen=True)
class _Lists:
    """The word lists of one language (data/<language>/*.txt)."""

    not_names: frozenset[str]  # titles, honorifics, calendar words: not names by themselves
    particles: frozenset[str]  # lower-case words inside a name (Charles de Gaulle)
    suffixes: tuple[str, ...]  # demonym / derivation suffixes (Russia -> Russian)
    demonyms: dict[str, str]  # irregular ones (France -> French)
    initials_skip: frozenset[str]  # left out of initials (United States of America -> USA)
    stopwords: frozenset[str]


@cache
def _lists(language: str) -> _Lists:
    return _Lists(
        frozenset(word_list(language, "not_names")),
        frozenset(word_list(language, "name_particles")),
        word_list(language, "name_suffixes"),
        dict(table(language, "demonyms")),
        frozenset(word_list(language, "initials_skip")),
        stopwords(language),
    )


_WEAK_MIN = 0.75  # a weak (sentence-initial) candidate needs a closer match


@dataclass
class Mention:
    """A run of name words, as folded keys and as the original span."""

    keys: list[str]
    start: int
    end: int
    strong: bool
    text: str = ""
    covered: set[str] = field(default_factory=set)

    def fresh(self) -> Mention:
        """A copy with nothing covered yet (the keys list is shared, never mutated)."""
        return Mention(self.keys, self.start, self.end, self.strong, self.text)


def _initial(text: str, start: int) -> bool:
    """True if the word at ``start`` opens a sentence, quote or bracket."""
    k = start - 1
    while k >= 0 and text[k] in " \t\n\"“”‘'«»(":
        if text[k] in "\"“‘'«(":
            return True
        k -= 1
    if k >= 1 and text[k] == ")" and text[k - 1].isalnum() and (k < 2 or text[k - 2] in " (\n"):
        return True  # list item "2) Retailers ..."
    return k < 0 or text[k] in ".!?:;—–"


def mentions(w: Words) -> list[Mention]:
    """Name mentions (capitalised runs), split at punctuation."""
    text, toks = w.text, w.toks
    lists = _lists(w.language)
    not_names, particles, stop = lists.not_names, lists.particles, lists.stopwords
    out: list[Mention] = []
    lower_words = {k for t, k in zip(toks, w.low, strict=True) if t.text[:1].islower()}
    cur: Mention | None = None
    pending: list[str] = []  # particles waiting for a following capitalised word
    for idx, t in enumerate(toks):
        word = t.text
        key = w.low[idx]
        gap = text[cur.end : t.start] if cur else ""
        joined = cur is not None and " ".join(gap.split()).strip(" -‐") == " ".join(pending)
        glued = t.start > 0 and text[t.start - 1].isdigit()  # 40C, 5km
        contraction = key.startswith("i'")  # I'm, I've: the pronoun, not a name
        if word[:1].isupper() and key not in not_names and not glued and not contraction:
            weak = _initial(text, t.start)
            acronym = len(word) > 1 and word.replace(".", "").isupper()
            if not acronym and (key in stop or (weak and key in lower_words)):
                cur, pending = None, []
                continue
            if joined and cur is not None:
                cur.keys.extend([*(fold(p) for p in pending), key])
                cur.end = t.end
                cur.strong = cur.strong or not weak
            else:
                nxt = toks[idx + 1] if idx + 1 < len(toks) else None
                strong = not weak or (
                    nxt is not None
                    and nxt.text[:1].isupper()
                    and text[t.end : nxt.start].strip() in ("", "-")
                    and fold(nxt.text) not in not_names
                )
                cur = Mention([key], t.start, t.end, strong)
                out.append(cur)
            pending = []
        elif cur is not None and joined and key in particles and len(pending) < 2:
            pending.append(word)
        else:
            cur, pending = None, []
    for m in out:
        m.text = text[m.start : m.end]
    return out


def _word_set(w: Words) -> frozenset[str]:
    return frozenset(w.low)


def _related(a: str, b: str, lists: _Lists) -> bool:
    """Same name up to a demonym/derivation suffix: Russia~Russian, Islamist~Islamic."""
    if a == b:
        return True
    demonyms, suffixes = lists.demonyms, lists.suffixes
    if demonyms.get(a) == b or demonyms.get(b) == a:
        return True
    if len(a) > len(b):
        a, b = b, a
    for suf in suffixes:
        if b == a + suf or (a[-1] in "aeyo" and b == a[:-1] + suf):
            return True
    roots_a = {a[: -len(s)] for s in suffixes if a.endswith(s)}
    roots_b = {b[: -len(s)] for s in suffixes if b.endswith(s)}
    return any(len(r) >= 4 for r in roots_a & roots_b)


def _initials(keys: list[str], lists: _Lists) -> str:
    skip = lists.initials_skip
    return "".join(k[0] for k in keys if k not in lists.particles and k not in skip)


def _name_keys(w: Words) -> frozenset[str]:
    """Every key of every name mention of ``w``."""
    return frozenset(k for m in w.analysis(mentions) for k in m.keys)


def _cover(m: Mention, words: frozenset[str], other_keys: frozenset[str], lists: _Lists) -> None:
    """Mark the keys of ``m`` the other side also has (as any word, or a related name)."""
    for k in m.keys:
        if k in words or any(_related(k, o, lists) for o in other_keys if o[:2] == k[:2]):
            m.covered.add(k)
        else:
            for part in k.split("-"):
                if part in words:
                    m.covered.add(k)


def _acronym_match(m: Mention, others: list[Mention], lists: _Lists) -> bool:
    """United States ~ US, European Union ~ EU, Federal Reserve ~ Fed (either direction)."""
    mine = "".join(m.keys)
    init = _initials(m.keys, lists)
    for o in others:
        if len(m.keys) > 1 and len(o.keys) == 1 and o.keys[0] == init:
            return True
        short, full = (m, o) if len(m.keys) < len(o.keys) else (o, m)
        head, abbr = full.keys[0], short.keys[0]
        truncated = head.startswith(abbr) and head != abbr  # Federal Reserve ~ Fed
        if truncated and len(short.keys) == 1 < len(full.keys) and len(abbr) >= 3:
            return True
        if len(m.keys) == 1 and len(o.keys) > 1 and _initials(o.keys, lists) == mine:
            return True
    return False


def _sim(a: Mention, b: Mention) -> float:
    return ratio(" ".join(a.keys), " ".join(b.keys))


def names_in(ref: Words, hyp: Words) -> list[ErrorFlag]:
    """Flags for names spelled differently, substituted, missing or added in the MT."""
    # Fresh copies of the memoised mentions: matching below marks them ``covered``.
    rm = [m.fresh() for m in ref.analysis(mentions)]
    hm = [m.fresh() for m in hyp.analysis(mentions)]
    if not rm and not hm:
        return []
    lists = _lists(ref.language)
    rwords, hwords = ref.analysis(_word_set), hyp.analysis(_word_set)
    hkeys, rkeys = hyp.analysis(_name_keys), ref.analysis(_name_keys)
    for m in rm:
        _cover(m, hwords, hkeys, lists)
    for m in hm:
        _cover(m, rwords, rkeys, lists)
    flags: list[ErrorFlag] = []
    used: set[int] = set()
    for r in rm:
        if len(r.covered) == len(r.keys):
            continue
        if r.covered:
            # Partly matched (Marin Le Pen / Marine Le Pen): compare with the overlapping
            # MT mention; extra words only on one side are a shortened form, not an error.
            for k, h in enumerate(hm):
                if k in used or not (set(h.keys) & r.covered or h.covered & set(r.keys)):
                    continue
                r_rest = [x for x in r.keys if x not in r.covered]
                h_rest = [x for x in h.keys if x not in h.covered]
                if r_rest and h_rest:
                    used.add(k)
                    flags.append(_pair_flag(r, h))
                break
            continue
        if _acronym_match(r, hm, lists):
            continue
        cands = [(k, _sim(r, h)) for k, h in enumerate(hm) if k not in used and not h.covered]
        k, best = max(cands, key=lambda c: c[1], default=(-1, 0.0))
        # Two strong names in the same place are one name translated differently; a weak
        # (sentence-initial) candidate must also be spelled alike.
        if k >= 0 and ((r.strong and hm[k].strong) or best >= _WEAK_MIN):
            used.add(k)
            flags.append(_pair_flag(r, hm[k]))
        elif r.strong:
            flags.append(ErrorFlag("names", r.text, "", f"name '{r.text}' missing in MT"))
    for k, h in enumerate(hm):
        if k in used or h.covered or not h.strong or _acronym_match(h, rm, lists):
            continue
        flags.append(ErrorFlag("names", "", h.text, f"name '{h.text}' added in MT"))
    return flags


def _pair_flag(r: Mention, h: Mention) -> ErrorFlag:
    return ErrorFlag("names", r.text, h.text, f"name '{r.text}' vs '{h.text}'")


def detect(ref: Words, hyp: Words, src: Source | None = None) -> Detection:
    """``names_in`` as a registered detector (it masks nothing). Without evidence from the
    source its differences may be paraphrase or notation: severity ``check``."""
    return Detection([replace(f, severity="check") for f in names_in(ref, hyp)], ref, hyp)
