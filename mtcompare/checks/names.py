"""Names (people, places, organisations) that differ between reference and MT.

Without an NER model, a name is a run of capitalised words that is not a title, month,
weekday or function word. A sentence-initial capitalised word is only a *weak* candidate
(it may be an ordinary word): weak names are reported only as near-spellings of a name on
the other side. Matching ignores case, accents, dots (U.S. = US), hyphens, possessives,
word order, shortened forms (Emmanuel Macron ~ Macron), acronyms (United States ~ US) and
demonyms (Russia ~ Russian); it reports spelling variants, substitutions, missing and added.
Localised forms (Thüringen ~ Thuringia, Lukaschenko ~ Lukashenko), inflections and
capitalised common words (PM, Euro, K2, We'll, Nov.) are not differences.

Severity: without the source every flag is a ``check``. With it (``detect``), a name the
source and the reference share that the MT lacks or garbles is an ``error`` (unless the
MT's form adapts or translates it: Hanover, direct bank, Press Service); a reference
naming someone other than the source and the MT is a note on the reference; a difference
of which a Latin-script source has no trace (a translated common word) is dropped. A
source in another script is read romanised (Xi Jinping in 习近平): that corroborates a
side but never convicts the MT, and a one-word name on one side that it does not show
even romanised is dropped (names there are mostly written phonetically).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from functools import cache
from itertools import compress, pairwise

from Levenshtein import ratio

from mtcompare.checks._names_source import (
    SourceNames,
    close_in_source,
    romanised_shows,
    source_names,
    supported,
)
from mtcompare.checks._text import Token, Words, fold, stem, stopwords, tokens
from mtcompare.checks.base import Detection, table, word_list
from mtcompare.checks.source import Source
from mtcompare.core.model import REFERENCE_NOTE, ErrorFlag


@dataclass(frozen=True)
class _Lists:
    """The word lists of one language (data/<language>/*.txt)."""

    not_names: frozenset[str]  # titles, honorifics, calendar words: not names by themselves
    particles: frozenset[str]  # lower-case words inside a name (Charles de Gaulle)
    suffixes: tuple[str, ...]  # demonym / derivation suffixes (Russia -> Russian)
    demonyms: dict[str, str]  # irregular ones (France -> French)
    initials_skip: frozenset[str]  # left out of initials (United States of America -> USA)
    stopwords: frozenset[str]
    generic: frozenset[str]  # generic parts (Saint, Republic, Ltd): not a name by themselves
    contractions: frozenset[str]  # endings of We'll, They're: a pronoun, not a name
    determiners: frozenset[str]  # "this Vitrine": a kept common noun, not a name


@cache
def _lists(language: str) -> _Lists:
    calendar = {row[0] for name in ("months", "weekdays") for row in table(language, name)}
    return _Lists(
        frozenset(word_list(language, "not_names")) | calendar,  # Nov., Tue: not names
        frozenset(word_list(language, "name_particles")),
        word_list(language, "name_suffixes"),
        dict(table(language, "demonyms")),
        frozenset(word_list(language, "initials_skip")),
        stopwords(language),
        frozenset(word_list(language, "name_generic")),
        frozenset(word_list(language, "contractions")),
        frozenset(word_list(language, "name_determiners")),
    )


_WEAK_MIN = 0.75  # a weak (sentence-initial) candidate needs a closer match
_NEAR = 0.75  # a name this close to a source word is its adapted form, not another name
_MISSPELT = 0.5  # a differing word this close to the other side's is a misspelling
_SPELT = 0.85  # a source word this close is the name in the source's spelling
_COGNATE = 0.75  # an MT word this close to a lost name word is its translation or cognate
_TRACE = 0.6  # below this, nothing of a name is in the source (translated, not a name)


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
    while k >= 0 and text[k] in " \t\n\"“”‘'«»(>*•":
        if text[k] in "\"“‘'«(>*•":
            return True
        k -= 1
    if k >= 0 and text[k] in ")]":
        return True  # list item "2) Retailers ...", or after a stage note "(Laughter) Now"
    return k < 0 or text[k] in ".!?:;—–"


def _after_number(text: str, start: int) -> bool:
    """A word right after a number is a unit or a counted noun (45 Mbit, 3 Million)."""
    k = start
    while k > 0 and text[k - 1].isspace():
        k -= 1
    return 0 < k < start and text[k - 1].isdigit()


def mentions(w: Words) -> list[Mention]:
    """Name mentions (capitalised runs), split at punctuation."""
    text, toks, low = w.text, w.toks, w.low
    lists = _lists(w.language)
    not_names, particles, stop = lists.not_names, lists.particles, lists.stopwords
    out: list[Mention] = []
    cur: Mention | None = None
    pending: list[str] = []  # particles waiting for a following capitalised word
    for idx, t in enumerate(toks):
        word = t.text
        if cur is None and not word[:1].isupper():
            continue  # no mention open (nor particles pending): nothing to end or join
        key = low[idx]
        if word[:1].isupper() and key not in not_names and not _code_like(t, key, text, lists):
            weak = _initial(text, t.start) or _after_number(text, t.start)
            # anti-Semitic, pro-Russian: part of a lower-case compound, not a name
            weak = weak or (
                text[t.start - 1 : t.start] == "-" and text[t.start - 2 : t.start - 1].islower()
            )
            acronym = len(word) > 1 and word.replace(".", "").isupper()
            # X-A, Jong-Un: a capital glued by a hyphen to a name is part of it, stop word or not
            glued_on = cur is not None and text[cur.end : t.start] in ("-", "‐") and word.isupper()
            if not (acronym or glued_on) and (
                key in stop or (weak and key in w.analysis(_lower_set))
            ):
                cur, pending = None, []
                continue
            if cur is not None and _joined(text, cur, t.start, pending):
                cur.keys.extend([*(fold(p) for p in pending), key])
                cur.end = t.end
                cur.strong = cur.strong or not weak
            else:
                cur = Mention([key], t.start, t.end, _strong(weak, toks, idx, text, not_names))
                out.append(cur)
            pending = []
        elif (
            cur is not None
            and key in particles
            and len(pending) < 2
            and _joined(text, cur, t.start, pending)
        ):
            pending.append(word)
        else:
            cur, pending = None, []
    # only a strong one-word mention can be weakened by a title's capitals
    titled = any(m.strong and len(m.keys) == 1 for m in out) and _title_case(w, stop)
    for m in out:
        m.text = text[m.start : m.end]
        m.strong = m.strong and not (titled and len(m.keys) == 1)
    # A lone letter (the P of "G-Lock P" aside) or a generic word alone (St., Republic)
    # names nothing by itself.
    return [m for m in out if any(len(k) > 1 and k not in lists.generic for k in m.keys)]


def _code_like(t: Token, key: str, text: str, lists: _Lists) -> bool:
    """A capitalised word that is no name: glued to digits (40C, 5km, K2, E95, LokSound5:
    a unit or a code), an anonymisation placeholder (#NAME#, #NUMBER#) or a pronoun's
    contraction (We'll)."""
    start, end = t.start, t.end
    if (start > 0 and text[start - 1].isdigit()) or text[end : end + 1].isdigit():
        return True
    if "'" in key and key.rsplit("'", 1)[1] in lists.contractions:
        return True
    return text[start - 1 : start] == "#" and text[end : end + 1] == "#"


def _joined(text: str, cur: Mention, start: int, pending: list[str]) -> bool:
    """Only the pending particles (and spaces or hyphens) lie between the mention ``cur``
    and the word at ``start``: the word continues it."""
    return " ".join(text[cur.end : start].split()).strip(" -‐") == " ".join(pending)


def _strong(weak: bool, toks: list[Token], idx: int, text: str, not_names: frozenset[str]) -> bool:
    """A new mention at ``idx`` is strong unless weak, or weak but followed straight by
    another capitalised word that may be a name ("Unfortunately I've" is not)."""
    nxt = toks[idx + 1] if idx + 1 < len(toks) else None
    return not weak or (
        nxt is not None
        and nxt.text[:1].isupper()
        and text[toks[idx].end : nxt.start].strip() in ("", "-")
        and fold(nxt.text).split("'")[0] not in not_names
    )


def _title_case(w: Words, stop: frozenset[str]) -> bool:
    """A headline or product title: most content words capitalised, so capitals prove nothing."""
    content = [t.text for t, k in zip(w.toks, w.low, strict=True) if k not in stop]
    if len(content) < 5:
        return False
    return sum(1 for c in content if c[:1].isupper()) >= 0.8 * len(content)


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
        # a bare -n only after a vowel (Russia ~ Russian; Krogman ~ Krogmann is a slip)
        if b == a + suf and (suf != "n" or a[-1] in "aeiouy"):
            return True
        if a[-1] in "aeyo" and b == a[:-1] + suf:
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


def _lower_mask(w: Words) -> list[bool]:
    """Which tokens are written in lower case."""
    return [t.text[:1].islower() for t in w.toks]


def _lower_set(w: Words) -> frozenset[str]:
    """Words written in lower case: common nouns, whatever the other side capitalises."""
    return frozenset(compress(w.low, w.analysis(_lower_mask)))


def _lower_stems(w: Words) -> frozenset[str]:
    return frozenset(compress(w.stems, w.analysis(_lower_mask)))


def _stem1(key: str) -> str:
    """The crude lemma of a folded name word (Euros -> euro), as the other side's stems are."""
    return stem(key)


def _cover(m: Mention, other: Words, other_keys: frozenset[str], lists: _Lists) -> None:
    """Mark the keys of ``m`` the other side also has: as any word (Euro ~ euros), a related
    name, the head of a compound (Corona ~ coronavirus), or a generic part (St ~ Saint)."""
    words = other.analysis(_word_set)
    lower, lower_stems = other.analysis(_lower_set), other.analysis(_lower_stems)
    for k in m.keys:
        if _has(k, words, lower, lower_stems, lists) or _related_any(k, other_keys, lists):
            m.covered.add(k)


def _has(
    k: str, words: frozenset[str], lower: frozenset[str], lower_stems: frozenset[str], lists: _Lists
) -> bool:
    """The other side has ``k`` as a word, a generic part, a lower-case inflection (euros)
    or compound head (coronavirus), or a part of a hyphenated ``k``."""
    if k in words or k in lists.generic or any(part in words for part in k.split("-")):
        return True
    if len(k) < 4:
        return False
    return _stem1(k) in lower_stems or any(x.startswith(k) and len(x) - len(k) >= 4 for x in lower)


def _related_any(k: str, other_keys: frozenset[str], lists: _Lists) -> bool:
    """``k`` is a demonym of, or derived from, a name on the other side (Dutch ~ Dutchman)."""
    demonym = lists.demonyms.get(k, "")
    if demonym and any(o.startswith(demonym) for o in other_keys):
        return True
    if any(k.startswith(lists.demonyms.get(o, "\0")) for o in other_keys):
        return True
    return any(_related(k, o, lists) for o in other_keys if o[:2] == k[:2])


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


def names_in(
    ref: Words, hyp: Words, attested: Callable[[list[str]], bool] | None = None
) -> list[ErrorFlag]:
    """Flags for names spelled differently, substituted, missing or added in the MT.
    ``attested`` tells which reference names the source shows: a sentence-initial one is
    then a name, not a capitalised word (Madagascar is ... -> Boston is ...)."""
    # Fresh copies of the memoised mentions: matching below marks them ``covered``.
    rm = [m.fresh() for m in ref.analysis(mentions)]
    hm = [m.fresh() for m in hyp.analysis(mentions)]
    if attested is not None:
        for m in rm:
            m.strong = m.strong or attested(m.keys)
    if not rm and not hm:
        return []
    lists = _lists(ref.language)
    hkeys, rkeys = hyp.analysis(_name_keys), ref.analysis(_name_keys)
    for m in rm:
        _cover(m, hyp, hkeys, lists)
    for m in hm:
        _cover(m, ref, rkeys, lists)
    flags: list[ErrorFlag] = []
    used: set[int] = set()
    for r in rm:
        if len(r.covered) == len(r.keys):
            continue
        if r.covered:
            flags.extend(_partly_matched(r, hm, used, hyp, attested))
            continue
        if _acronym_match(r, hm, lists):
            continue
        cands = [(k, _sim(r, h)) for k, h in enumerate(hm) if k not in used and not h.covered]
        k, best = max(cands, key=lambda c: c[1], default=(-1, 0.0))
        # Two strong names in the same place are one name translated differently; a weak
        # (sentence-initial) candidate must also be spelled alike.
        if k >= 0 and ((r.strong and hm[k].strong) or best >= _WEAK_MIN):
            used.add(k)
            if not _variant(r, hm[k], lists):
                flags.append(_pair_flag(r, hm[k]))
        elif r.strong:
            flags.append(ErrorFlag("names", r.text, "", f"name '{r.text}' missing in MT"))
    for k, h in enumerate(hm):
        if k in used or h.covered or not h.strong or _acronym_match(h, rm, lists):
            continue
        flags.append(ErrorFlag("names", "", h.text, f"name '{h.text}' added in MT"))
    return flags


def _partly_matched(
    r: Mention,
    hm: list[Mention],
    used: set[int],
    hyp: Words,
    attested: Callable[[list[str]], bool] | None,
) -> list[ErrorFlag]:
    """A reference name the MT has in part (Marin Le Pen / Marine Le Pen): compared with the
    overlapping MT mention; extra words on one side only are a shortened form, unless the
    MT lost the surname or the name's distinctive word (DACH Advent Calendar -> ROOF ...)."""
    r_rest = [x for x in r.keys if x not in r.covered]
    for k, h in enumerate(hm):
        if k in used or not (set(h.keys) & r.covered or h.covered & set(r.keys)):
            continue
        h_rest = [x for x in h.keys if x not in h.covered]
        if r_rest and not h_rest and _surname_lost(r, r_rest, hyp):
            # Heiko Wasser -> Heiko water; a shortened form keeps the surname (Macron).
            used.add(k)
            return [_lost_part(r, r_rest)]
        if not (r_rest and h_rest):
            return []
        if _notation(r.text, h.text):
            return []
        if _misspelt(r_rest, h_rest) and not _localised(r_rest, h_rest):
            used.add(k)
            return [_pair_flag(r, h)]
    else:
        # no MT mention overlaps: a distinctive word the source shows may be gone
        lost = [x for x in r_rest if attested and attested([x]) and _gone(x, hyp)]
        if r.strong and lost:
            return [_lost_part(r, lost)]
    return []


def _gone(key: str, hyp: Words) -> bool:
    """No MT word is spelled like ``key`` (a distinctive word, not a generic one)."""
    if len(key) < 2:
        return False
    forms = {key, key.replace("k", "c")}  # Debakel ~ debacle: the word kept, anglicised
    return not any(ratio(f, w) >= _NEAR for f in forms for w in hyp.analysis(_word_set))


def _surname_lost(r: Mention, rest: list[str], hyp: Words) -> bool:
    """The last word of the name is gone from the MT, in any spelling or inflection
    (Bad Kreuznacher ~ Bad Kreuznach and Derby-Debakel ~ Derby debacle keep it)."""
    last = r.keys[-1]
    return last in rest and _gone(last, hyp)


def _lost_part(r: Mention, rest: list[str]) -> ErrorFlag:
    return ErrorFlag("names", r.text, "", f"name '{r.text}' cut short in MT: no '{rest[-1]}'")


def _misspelt(r_rest: list[str], h_rest: list[str]) -> bool:
    """Some differing word of a partly matched name is a near-spelling of the other side's
    (Klara ~ Clara, Bölk ~ Böl); wholly different words are a descriptive part translated
    differently (MHP Riesen ~ MHP Giants, Kennedy-Straße ~ Kennedy Street)."""
    return any(ratio(a, b) >= _MISSPELT for a in r_rest for b in h_rest)


def _variant(r: Mention, h: Mention, lists: _Lists) -> bool:
    """Not a name difference: a localised or adapted form (Thüringen ~ Thuringia), or two
    sentence-initial words that are one word inflected (Return ~ Returning) or short
    common words alike in spelling (Note ~ Notice, Take ~ Make)."""
    if _localised(r.keys, h.keys) or _notation(r.text, h.text):
        return True
    if r.strong or h.strong or len(r.keys) > 1 or len(h.keys) > 1:
        return False
    a, b = r.keys[0], h.keys[0]
    if not (r.text[1:].islower() and h.text[1:].islower()):
        return False  # an acronym or a coined spelling (AvPD, HiFi) is a name
    return stem(a) == stem(b) or min(len(a), len(b)) < 5


def _same_letters(rk: list[str], hk: list[str]) -> bool:
    """The same letters split or joined otherwise (Xi Jinping ~ Xi Jin Ping, Hongkong ~
    Hong Kong): for a name romanised from another script, one romanisation spaced two
    ways (in Latin script the spacing is the name's own: Le Pen, not Lepen)."""
    return bool(rk) and _letters(rk) == _letters(hk)


def _notation(a: str, b: str) -> bool:
    """The reference's name ``a`` in another notation ``b``: hyphenated or not (Fujifilm
    X-A ~ XA, Rhineland-Palatinate ~ Rhineland Palatinate), or its umlaut written out
    (Müller ~ Mueller). Not the other way: an umlaut for the reference's 'oe' is a
    misspelling (Groener -> Gröner; Goethe is no Göthe)."""
    if _umlauts_out(a) == b.casefold() and a.casefold() != b.casefold():
        return True
    a, b = fold(a), fold(b)
    return "-" in a + b and any(a.replace("-", j) == b.replace("-", j) for j in ("", " "))


_UMLAUTS = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue"})


def _umlauts_out(text: str) -> str:
    return text.translate(_UMLAUTS).casefold()


def _letters(keys: list[str]) -> str:
    return "".join(c for k in keys for c in k if c.isalpha())


def _pair_flag(r: Mention, h: Mention) -> ErrorFlag:
    return ErrorFlag("names", r.text, h.text, f"name '{r.text}' vs '{h.text}'")


def detect(ref: Words, hyp: Words, src: Source | None = None) -> Detection:
    """``names_in`` as a registered detector (it masks nothing). Without the source a
    difference may be paraphrase, notation or localisation: severity ``check``; with it,
    the source decides what it can (see ``_judge``)."""
    if src is None:
        return Detection([replace(f, severity="check") for f in names_in(ref, hyp)], ref, hyp)
    ev = src.memo("names.evidence", source_names)
    lists = _lists(ref.language)
    skip = lists.particles | lists.generic
    flags = names_in(ref, hyp, lambda keys: _shown(keys, ev.named, skip))
    judged = (_judge(f, ev, lists, ref, hyp) for f in flags)
    return Detection([f for f in judged if f is not None], ref, hyp)


def _shown(keys: list[str], named: frozenset[str], skip: frozenset[str]) -> bool:
    """The source has a capitalised word spelled as the (sentence-initial) name, exactly
    or in its own spelling (Madagaskar): a name. An inflected match (Beginne, Bringen for
    Begin, Bring) is a source verb or noun the reference translated, not evidence that an
    opening word is a name."""
    core = [k for k in keys if k not in skip and len(k) > 1]
    if core and all(k in named for k in core):
        return True
    if len(core) != 1 or len(keys) != 1 or len(core[0]) <= 3:
        return False
    k = core[0]
    return any(ratio(k, w) >= _SPELT and not w.startswith(k[:-1]) for w in named)


def _attested(keys: list[str], words: frozenset[str], skip: frozenset[str]) -> bool:
    """The source shows the name, as it is or in its own spelling (Madagaskar)."""
    if supported(keys, words, skip):
        return True
    core = [k for k in keys if k not in skip and len(k) > 3]
    return len(core) == 1 and len(keys) == 1 and close_in_source(core, words) >= _SPELT


def _keys(text: str) -> list[str]:
    return [fold(t.text) for t in tokens(text)]


def _judge(
    f: ErrorFlag, ev: SourceNames, lists: _Lists, ref: Words, hyp: Words
) -> ErrorFlag | None:
    """Severity from what the source shows: a name the source (verbatim, in Latin script)
    and the reference share that the MT lacks or garbles is an error (unless the MT's
    form adapts or translates it, ``_adapted``); a name the source and the MT share that
    the reference lacks or replaces by another is a note on the reference; a difference
    of which a Latin-script source has no trace, or a one-sided one a source in another
    script does not show (``_unshown``), is dropped (None); anything else is a check."""
    skip = lists.particles | lists.generic
    rk, hk = _keys(f.ref), _keys(f.hyp)
    words, named, latin = ev.words, ev.named, ev.latin
    r_src = bool(rk) and (_attested(rk, named, skip) or romanised_shows(rk, ev.romanised, skip))
    h_src = bool(hk) and (supported(hk, named, skip) or romanised_shows(hk, ev.romanised, skip))
    if latin and _untraced(rk, hk, words, skip):
        return None
    if not latin and (_unshown(f, rk, r_src, h_src) or _same_letters(rk, hk)):
        return None
    if not rk and h_src and not _opaque(f.hyp):
        # The MT keeps a source word the reference does not have: a name the reference
        # left out (Minttu) or a word kept as it is (Bundesliga); an opaque abbreviation
        # kept (PKV) stays a check.
        note = f"reference lacks '{f.hyp}', which source and MT have"
        return ErrorFlag(REFERENCE_NOTE, "", f.hyp, note, severity="check")
    kept_noun = len(rk) == 1 and _after_determiner(ref.text, f.ref, lists)
    if (
        r_src
        and (latin or _attested(rk, ev.verbatim, skip))
        and not h_src
        and not kept_noun
        and not _adapted(f, rk, hk, hyp)
    ):
        return replace(f, severity="error", detail=f"{f.detail} (source: {f.ref})")
    exact = all(k in named for k in hk if k not in skip and len(k) > 1)
    acronym = any(x.isupper() for x in (f.ref, f.hyp))
    if h_src and exact and rk and not (r_src or acronym) and close_in_source(rk, words) < _NEAR:
        # The reference names someone else (Rießle for the source's Riiber).
        note = f"reference has '{f.ref}', source and MT '{f.hyp}'"
        return ErrorFlag(REFERENCE_NOTE, f.ref, f.hyp, note, severity="check")
    return replace(f, severity="check")


def _adapted(f: ErrorFlag, rk: list[str], hk: list[str], hyp: Words) -> bool:
    """The MT's form may be the source's name adapted or translated, not a wrong name, so
    the source's agreement with the reference convicts nothing (a check): a localised
    form (Thüringen ~ Thuringia), one doubled letter single (Hannover ~ Hanover: an exonym
    or a slip), a rendering (see ``_rendered``), or, where the MT has no name, a short
    acronym it may have spelled out, or a cognate of every lost word among its words
    (Politik ~ politics, Direktbank ~ direct bank): the reference kept a source word that
    the MT translated."""
    if hk:
        return _localised(rk, hk) or _undoubled(rk, hk) or _rendered(f, rk, hk)
    if f.ref.isupper() and len(f.ref) <= 4:
        return True  # an acronym the MT may have spelled out (OVP -> original packaging)
    lost = [k for k in rk if len(k) > 3 and k not in hyp.analysis(_word_set)]
    return bool(lost) and all(_cognate(k, hyp) for k in lost)


def _undoubled(rk: list[str], hk: list[str]) -> bool:
    """The names differ in one doubled letter written single (Hannover ~ Hanover)."""
    a, b = sorted((_letters(rk), _letters(hk)), key=len)
    if len(b) != len(a) + 1:
        return False
    i = _prefix_len(a, b)
    return i > 0 and b[i] == b[i - 1] and b[:i] + b[i + 1 :] == a


def _cognate(key: str, hyp: Words) -> bool:
    """An MT word, or two adjacent ones joined, spelled nearly as ``key`` once German
    spellings are anglicised (direct bank ~ Direktbank): in lower case, a common word;
    capitalised, only as the same word with an English ending (Politics ~ Politik), since
    a capitalised near-spelling inside the word is another name (Jamaica for Jamanka)."""
    forms = {key, _anglicise(key), key.replace("k", "c")}
    toks = [(k, t.text[:1].islower()) for t, k in zip(hyp.toks, hyp.low, strict=True)]
    joined = [(a + b, la and lb) for (a, la), (b, lb) in pairwise(toks)]
    for w, lower in toks + joined:
        for form in forms:
            close = w[:1] == key[:1] and ratio(form, w) >= _COGNATE
            if close and (lower or _prefix_len(form, w) >= len(form) - 1):
                return True
    return False


def _prefix_len(a: str, b: str) -> int:
    return next(
        (i for i, (x, y) in enumerate(zip(a, b, strict=False)) if x != y), min(len(a), len(b))
    )


def _unshown(f: ErrorFlag, rk: list[str], r_src: bool, h_src: bool) -> bool:
    """A one-sided difference that a source in another script does not show even
    romanised: weak evidence, dropped. Names there are mostly written phonetically (拜登
    for Biden), so nothing says the MT invented a name it adds (the reference paraphrased
    or the MT capitalised a common word; an acronym, Latin in any script, is kept), and
    a one-word name the MT lacks is mostly a paraphrase or a title-case common word. Of
    the de-en flags whose names the German source does not spell: 0 of 8 such missing
    words or acronyms are real (5 of 11 whole multi-word names: kept), 5 of 16 added
    names that are not acronyms."""
    if r_src or h_src or (f.ref and f.hyp):
        return False
    if not rk:
        return not _acronym(f.hyp)
    return " " not in f.ref.strip()


def _after_determiner(text: str, span: str, lists: _Lists) -> bool:
    """The reference uses a single source word as a common noun ("this Vitrine"): it kept a
    word the MT may rightly translate, which is no evidence of a wrong name."""
    at = text.find(span)
    before = text[:at].split()
    return at > 0 and bool(before) and fold(before[-1]) in lists.determiners


def _rendered(f: ErrorFlag, rk: list[str], hk: list[str]) -> bool:
    """The MT's form may translate the source's: an acronym of the target language (EG ->
    EC), or several words unlike the reference's (Königspalast -> Royal Palace), where a
    wrong name would be one name (Madagascar -> Boston) or a near-spelling."""
    if f.ref.isupper() and f.hyp.isupper():
        return True
    ra = [k for k in rk if k not in hk]
    ha = [k for k in hk if k not in rk]
    # more MT words than the reference's: a compound rendered word by word (Pressedienst
    # -> Press Service, Mediathek -> Media Library)
    word_by_word = len(ha) > len(ra) >= 1 and ha[0][:4] == ra[0][:4]
    return len(ha) > 1 and (not _misspelt(ra, ha) or word_by_word)


def _acronym(name: str) -> bool:
    """One word with several capitals (PKV, UBs, iOS)."""
    return " " not in name and sum(c.isupper() for c in name) > 1


def _opaque(name: str) -> bool:
    """An abbreviation (PKV, UBs, Ref): kept untranslated it may mean nothing to a reader."""
    return " " not in name and (len(name) <= 4 or sum(c.isupper() for c in name) >= 2)


def _untraced(rk: list[str], hk: list[str], words: frozenset[str], skip: frozenset[str]) -> bool:
    """Nothing of the difference is in the source, not even approximately: a capitalised
    common word (Chairperson, Section), a gloss, or two translations of a source common
    noun (Transport ~ Transportation Museum). Names survive translation; these did not."""
    ra = [k for k in rk if k not in hk and k not in skip and len(k) > 1]
    ha = [k for k in hk if k not in rk and k not in skip and len(k) > 1]
    if not ra and not ha:
        return False
    if not rk or (len(rk) > 1 and not hk):
        # A name the MT adds that the source lacks may be invented (Reuters for afp), and
        # a whole multi-word name missing is worth a look: keep those.
        return False
    return close_in_source(ra + ha, words) < _TRACE


def _localised(rk: list[str], hk: list[str]) -> bool:
    """Only the ending of a name word differs: an exonym or adapted form (Thüringen ~
    Thuringia, Teneriffa ~ Tenerife, Mosel ~ Moselle), not a garble (Holetschek ~ Holeschek)."""
    ra = [k for k in rk if k not in hk] or rk
    ha = [k for k in hk if k not in rk] or hk
    if len(ra) != 1 or len(ha) != 1:
        return False
    ra = [_anglicise(ra[0])]  # the reference's form as English would spell it
    a, b = sorted((ra[0], ha[0]), key=len)
    common = 0
    while common < len(a) and a[common] == b[common]:
        common += 1
    if common == len(a):  # an ending the MT adds (Mosel ~ Moselle); one it drops is a garble
        return common >= 5 and b == ha[0] and len(b) - len(a) <= 2
    tails = (a[common:], b[common:])
    if common >= 5 and common >= 0.75 * len(a) and all(set(t) & set("aeiouy") for t in tails):
        return True  # an ending changed (Thüringen ~ Thuringia); Baerbock ~ Baerbok is a slip
    return _same_skeleton(a, b)


_VOWELS = str.maketrans("", "", "aeiouy")


def _anglicise(word: str) -> str:
    """German spellings as English writes them (Lukaschenko -> lukashenko, Statistik ->
    statistic). Only the reference's form is anglicised: an MT that keeps the German
    spelling where the reference has the English one (Omikron for Omicron) is flagged."""
    word = word.replace("sch", "sh")
    return word[:-1] + "c" if word.endswith("k") and len(word) > 4 else word


def _same_skeleton(a: str, b: str) -> bool:
    """Transliterated forms: the same consonants once German spellings are anglicised and
    vowels dropped (Lukaschenko ~ Lukashenko, Rhein ~ Rhine), or an ending of at most two
    consonants added (München ~ Munich, Hessen ~ Hessians); a consonant lost inside the
    word is a garble (Holetschek ~ Holeschek)."""
    sa, sb = sorted((a.translate(_VOWELS), b.translate(_VOWELS)), key=len)
    if sa == sb:  # vowels moved, not changed (Rhein ~ Rhine; Zwartyes ~ Zwarties is a slip)
        return sorted(a) == sorted(b) and len(sa) >= 3
    extra = sb[len(sa) :]
    return len(sa) >= 4 and sb.startswith(sa) and len(extra) <= 2 and extra[0] != sa[-1]
