"""Quantities compared by value: digits, number words, money, percentages, dates, qualifiers.

Strings are useless here ("12,000" = "12000" = "twelve thousand"), so each side is turned
into a list of quantities with their kind (plain, percent, money, ordinal, month, ...)
and qualifier class ("more than" = "over" != "about"), then the two lists are matched.
Words that are only sometimes numbers ("one", "first", "half", "hundreds") are *soft*:
they are reported only when the other side has a different quantity in their place.
Besides the value, a matched pair is compared for its unit ("5 days" vs "5 weeks"), for
by vs to ("rose by 5%" vs "rose to 5%") and, with the source, for a count for each one
("je drei") and a margin ("auf acht Punkte heran") the MT states as a plain count.
What a value both sides share counts (times or things, which one or how many) and
numbers that are none (#NUMBER# read as a noun, 0815 copied) are ``_numbers_kind``'s.
Without the source, what only the source could decide stays quiet: a qualifier only the
MT has (MT renders the source's word for word), a hedge the reference adds that admits
the bare value ("about 20" vs "20"), 100% and 1:1 alone (figures of speech).
"""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass
from functools import cache
from typing import Any

from text_to_num import text2num

from mtcompare.checks._numbers_kind import (
    kind_flags,
    leading_zero_flags,
    ordinal_flags,
    placeholder_flags,
)
from mtcompare.checks._numbers_source import SourceNumbers, calendar_word, parse_source
from mtcompare.checks._text import Words, fold, stopwords, window
from mtcompare.checks.base import Detection, number, table, word_list
from mtcompare.checks.source import Source
from mtcompare.core.model import REFERENCE_NOTE, ErrorFlag

#: Display names of the qualifier classes (message text, not vocabulary).
_QUAL_NAMES = {
    ">": "more than",
    "≥": "at least",
    "<": "less than",
    "≤": "at most",
    "~": "about",
    "≈<": "nearly",
    "≈>": "just over",
    "=": "exactly",
    "!": "emphatic",
    None: "no qualifier",
}
#: Qualifier classes that can describe the same amount: the inclusive and the strict bound,
#: "about" and the near bounds ("nearly", "a good"), a near bound and its side's bound,
#: "exactly" and a bare number. An emphatic "no less than six" sets no limit at all.
_QUALS_AGREE = {
    frozenset(pair)
    for pair in (
        (">", "≥"),
        ("<", "≤"),
        ("~", "≈<"),
        ("~", "≈>"),
        ("≈<", "<"),
        ("≈<", "≤"),
        ("≈>", ">"),
        ("≈>", "≥"),
        ("=", None),
    )
}
#: Classes that exclude the bare value ("more than 20" is not 20; "up to 20" may be 20).
_EXCLUDING = frozenset({">", "<", "≈<", "≈>"})


def _quals_agree(a: str | None, b: str | None) -> bool:
    return a == b or "!" in (a, b) or frozenset((a, b)) in _QUALS_AGREE


def _same_bound(a: str | None, b: str | None) -> bool:
    """The same claim, not only a compatible one: "about" may describe "nearly three"
    but does not say it, so a source "knapp" does not prove the reference's "about"."""
    if a == b:
        return a is not None
    return _quals_agree(a, b) and "~" not in (a, b) and None not in (a, b) and "!" not in (a, b)


_DIGIT = re.compile(r"\d")


@dataclass(frozen=True)
class _Lists:
    """One language's number vocabulary (data/<language>/*.tsv, *.txt), indexed."""

    language: str
    units: dict[str, int | float]  # zero ... ninety
    scales: dict[str, int | float]  # hundred, thousand, ...
    suffix_scales: dict[str, int | float]  # 5bn, $3m
    always_scale: frozenset[str]  # suffixes that scale without a currency sign
    ordinal_suffixes: frozenset[str]
    ordinals: dict[str, int | float]
    fractions: dict[str, int | float]  # word -> denominator
    vague: dict[str, int | float]  # dozens, hundreds, ...
    months: dict[str, int | float]
    weekdays: dict[str, int | float]
    currencies: dict[str, str]
    percent_words: frozenset[str]
    qualifiers: dict[tuple[str, ...], str]  # folded phrase before a number -> class
    qualifiers_after: dict[tuple[str, ...], str]  # "or more"
    not_one_before: frozenset[str]
    fraction_leads: frozenset[str]
    fraction_not_before: frozenset[str]
    token_re: re.Pattern[str]
    maybe_number: re.Pattern[str]  # cheap pre-filter: no match, no quantity
    number_words: frozenset[str]  # the words maybe_number looks for, folded
    scales_dozen: frozenset[str]
    multiplicatives: dict[str, int | float]  # twice = two times
    conversions: dict[str, tuple[str, float]]  # unit -> (dimension, size in the base unit)
    qualifier_not_after: frozenset[str]  # "turned around five times": a particle
    units_ordinals: frozenset[str]
    floors: frozenset[str]  # "first floor" (British) = "second floor" (American)
    decades: dict[str, int | float]  # the nineties
    folds: dict[str, int | float]  # tenfold = 10-fold
    unit_nouns: frozenset[str]  # "a decade": one unit of time, converted (= 10 years)
    scale_abbreviations: dict[str, int | float]  # "100 mln"
    distributive: frozenset[str]  # "each", "apiece", "per": a count for each one
    margin: frozenset[str]  # "within", "behind": the number is a gap
    change_verbs: frozenset[str]  # "rose", "cut": before "by N" / "to N"
    shared_signs: dict[str, frozenset[str]]  # ¥: yen and yuan
    second_unit_before: frozenset[str]  # "per second": the unit, not the ordinal
    starters: frozenset[str]  # every word ``_word_quantity`` can start a quantity with


def _values(language: str, name: str) -> dict[str, int | float]:
    return {row[0]: number(row[1]) for row in table(language, name)}


def _token_re(ordinal_suffixes: tuple[str, ...], suffix_scales: Collection[str]) -> re.Pattern[str]:
    suffixes = "|".join(rf"{re.escape(x)}\b" for x in (*ordinal_suffixes, "s", *suffix_scales))
    return re.compile(
        r"(?P<placeholder>#NUMBER#)"
        r"|(?P<clock>(?<![\d.,])\b\d{1,2}(?:[:.]\d{2})?(?:\s?(?:[aApP]\.\s?[mM]\.|[aApP][mM]\b|Uhr\b"
        r"|[oO]['’][cC]lock\b|[cC]lock\b)|h\b))"
        r"|(?P<date>(?<![\d.,])\d{1,2}(?:[./]\d{1,2}[./]\d{1,4}\b|\.\d{1,2}\.(?!\d)"
        r"|/\d{1,2}\b(?!/)))"
        r"|(?P<pair>(?<![\d.,])\d{1,4}(?::|\s?[-–]\s?|\sto\s)\d{1,4}\b(?![.,:]\d|%|\s?[aApP]\.?[mM]\b))"
        r"|(?:(?P<cur>US\$|[$€£¥])\s?)?"
        r"(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d{1,3} \.\d{3}(?![\d.,])|\d+(?:\.\d+){2,}"
        r"|\d+(?:\.\d+)?|\.\d+)"
        rf"(?P<suf>%|{suffixes})?"
        r"|(?P<word>[^\W\d_]+(?:['’][^\W\d_]+)*)"
        r"|(?P<sym>[-–])"
    )


def _shared_signs(language: str) -> dict[str, frozenset[str]]:
    out: dict[str, set[str]] = {}
    for sign, currency in table(language, "currency_signs"):
        out.setdefault(sign, set()).add(currency)
    return {sign: frozenset(names) for sign, names in out.items()}


@cache
def _lists(language: str) -> _Lists:
    units, scales, ordinals = (_values(language, n) for n in ("units", "scales", "ordinals"))
    fractions, vague = _values(language, "fractions"), _values(language, "vague")
    months, weekdays = _values(language, "months"), _values(language, "weekdays")
    suffix_rows = table(language, "suffix_scales")
    ordinal_suffixes = word_list(language, "ordinal_suffixes")
    decades = _values(language, "decades")
    folds = {w + "fold": v for w, v in (*units.items(), *scales.items()) if v >= 2}
    unit_nouns = word_list(language, "unit_nouns")
    words = {*units, *scales, *ordinals, *fractions, *vague, *decades, *folds, *unit_nouns}
    words |= {"dozen", "both"}
    words |= {row[0] for row in table(language, "multiplicatives")}
    words |= {"noon", "midday", "midnight"}
    maybe = re.compile(
        r"\d|#NUMBER#|\b(?:"
        + "|".join(sorted(words))
        + r")\b|\b(?:"
        + "|".join(sorted({m.title() for m in (*months, *weekdays)}))
        + r")\b",
        re.IGNORECASE,
    )
    return _Lists(
        language,
        units,
        scales,
        {row[0]: number(row[1]) for row in suffix_rows},
        frozenset(row[0] for row in suffix_rows if row[2] == "always"),
        frozenset(ordinal_suffixes),
        ordinals,
        fractions,
        vague,
        months,
        weekdays,
        dict(table(language, "currencies")),
        frozenset(word_list(language, "percent_words")),
        {tuple(phrase.split()): cls for cls, phrase in table(language, "qualifiers")},
        {tuple(phrase.split()): cls for phrase, cls in table(language, "qualifiers_after")},
        frozenset(word_list(language, "not_one_before")),
        frozenset(word_list(language, "fraction_leads")),
        frozenset(word_list(language, "fraction_not_before")),
        _token_re(ordinal_suffixes, [row[0] for row in suffix_rows]),
        maybe,
        frozenset(w.lower() for w in (*words, *months, *weekdays)),
        frozenset({*scales, "dozen"}),
        _values(language, "multiplicatives"),
        {row[0]: (row[1], float(row[2])) for row in table(language, "unit_conversions")},
        frozenset(word_list(language, "qualifier_not_after")),
        frozenset({*units, *ordinals}),
        frozenset(word_list(language, "floors")),
        decades,
        folds,
        frozenset(unit_nouns),
        _values(language, "scale_abbreviations"),
        frozenset(word_list(language, "distributive")),
        frozenset(word_list(language, "margin")),
        frozenset(word_list(language, "change_verbs")),
        _shared_signs(language),
        frozenset(word_list(language, "second_unit_before")),
        frozenset(
            {*months, *weekdays, *fractions, *vague, *ordinals, *units, *decades, *folds}
            | {*unit_nouns, "both", "a", "an"}
        ),
    )


@dataclass
class Quantity:
    """One quantity found in a sentence, with the original text that expressed it."""

    value: Any  # a number; minutes (time); (a, b) (pair); {(day, month, year)} (date)
    kind: str  # num, pct, ord, frac, vague, month, weekday, time, pair, date, code, decade
    start: int
    end: int
    soft: bool = False
    currency: str | None = None  # the currency, or a code's letters (E95, Covid-19)
    qual: str | None = None
    qual_start: int | None = None
    spelled: bool = False  # written in words ("two"): paraphrase often drops or adds these
    times: frozenset[int] = frozenset()  # clock readings, minutes after midnight
    raw: str = ""  # the digits as written (codes, "02")
    #: qualifier classes a few words before ("over the 1000 mark")
    loose: frozenset[str] = frozenset()
    unit: str = ""  # the unit a noun is by itself ("decade"), else the word after
    alt: float | None = None  # another reading of the value ("3.5m": 3.5 or 3,500,000)

    def family(self) -> str:
        return _FAMILY.get(self.kind, "q")


_FAMILY = {"month": "date", "date": "date", "time": "tp", "pair": "tp", "weekday": "weekday"}
_FAMILY |= {"code": "code"}


@dataclass
class _Tok:
    kind: str  # num, word, time, sym
    text: str
    low: str
    start: int
    end: int
    cur: str | None = None
    suf: str | None = None


_CAPS_BEFORE = re.compile(r"(?<![^\W\d_])([A-Z][A-Z]+|[A-Z]) $")


def _glued(text: str, start: int, currencies: Collection[str] = ()) -> str | None:
    """The letters a number is glued to (E95, COVID-19, F-16) or follows in capitals
    (E 95, SOLO 15): a code's prefix, folded. Currency codes (EUR 10) are not codes."""
    prev = text[start - 1] if start else " "
    before = text[start - 2] if start >= 2 else " "
    if prev in "xX" and before.isdigit():
        return None  # 11x15 mm
    caps = _CAPS_BEFORE.search(text, max(0, start - 12), start) if prev == " " else None
    if caps is not None:  # not "A 320 km swath", "I 5": an article or a pronoun
        word = fold(caps.group(1))
        return None if word in currencies or word in ("a", "i") else word
    k = start - 1 if prev.isalpha() else start - 2 if prev == "-" and before.isalpha() else -1
    if k < 0:
        return None
    stop = k
    while stop > 0 and text[stop - 1].isalpha():
        stop -= 1
    return fold(text[stop : k + 1])


_OF_AFTER = re.compile(r"\s+of\b")


def _scan(text: str, lists: _Lists) -> list[_Tok]:
    out: list[_Tok] = []
    for m in lists.token_re.finditer(text):
        kinds = ("placeholder", "clock", "date", "pair", "word", "sym")
        kind = m.lastgroup if m.lastgroup in kinds else "num"
        if kind == "placeholder":
            out.append(_Tok("code", m.group(), m.group(), m.start(), m.end(), cur="#"))
        elif kind in ("clock", "date", "pair"):
            if kind == "date" and _OF_AFTER.match(text, m.end()) and m.group().count("/") == 1:
                kind = "ratio"  # "1/3 of the people": a fraction, not 1 March
            code = _glued(text, m.start(), lists.currencies) if kind != "clock" else None
            if code is not None:
                kind = "code"  # Covid-19, E 95.02.: digits of a name, not a date or score
            out.append(_Tok(kind, m.group(), m.group(), m.start(), m.end(), cur=code))
        elif kind == "num":
            start = m.start("cur") if m.group("cur") else m.start("num")
            num_start = m.start("num")
            code = _glued(text, num_start, lists.currencies)
            if code is not None:
                out.append(
                    _Tok("code", m.group("num"), m.group("num"), num_start, m.end("num"), code)
                )
                continue
            out.append(
                _Tok(
                    "num",
                    m.group(),
                    m.group("num"),
                    start,
                    m.end(),
                    cur={"US$": "$"}.get(m.group("cur") or "", m.group("cur")),
                    suf=m.group("suf"),
                )
            )
        elif kind == "word":
            w = m.group("word")
            out.append(_Tok("word", w, fold(w), m.start(), m.end()))
        else:
            out.append(_Tok("sym", m.group(), m.group(), m.start(), m.end()))
    return out


def _words_value(words: list[str], lists: _Lists) -> float | None:
    """Value of a run of number words; text2num does the arithmetic, we fix its gaps."""
    units = lists.units
    if words and words[-1] == "__dozen__":
        base = _words_value(words[:-1], lists) if len(words) > 1 else 1
        return None if base is None else base * 12
    if words and words[0] in ("a", "an"):
        words = ["one", *words[1:]]
    if len(words) == 1:
        w = words[0]
        return units.get(w, lists.scales.get(w))
    try:
        return float(text2num(" ".join(words), lists.language))
    except ValueError:
        # Year-style readings text2num rejects ("nineteen eighty nine"): pairwise.
        if len(words) >= 2 and words[0] in units and 10 <= units[words[0]] < 100:
            rest = _words_value(words[1:], lists)
            if rest is not None and rest < 100:
                return units[words[0]] * 100 + rest
        return None


def _is_word(toks: list[_Tok], i: int, options: Collection[str]) -> bool:
    return 0 <= i < len(toks) and toks[i].kind == "word" and toks[i].low in options


def extract_quantities(text: str, language: str = "en") -> list[Quantity]:
    """All quantities in ``text``, with qualifier, currency and kind attached."""
    lists = _lists(language)
    if not lists.maybe_number.search(text):
        return []
    return _extract(text, lists)


def _extract(text: str, lists: _Lists) -> list[Quantity]:
    """``extract_quantities`` for a text that may hold a number (past the cheap check)."""
    toks = _scan(text, lists)
    out: list[Quantity] = []
    i = 0
    n = len(toks)
    while i < n:
        t = toks[i]
        q: Quantity | None = None
        j = i + 1  # index after the quantity
        if t.kind in _NOTATIONS:
            q = _NOTATIONS[t.kind](t)
        elif t.kind == "num":
            q = _digits(t, lists)
        elif t.kind == "word" and t.low in lists.starters:
            q, j = _word_quantity(toks, i, out, lists)
        if q is None:
            i += 1
            continue
        if (
            t.kind == "num"
            and _is_word(toks, i - 1, lists.currencies)
            and toks[i - 1].text.isupper()
        ):
            q.currency = lists.currencies[toks[i - 1].low]  # RMB 10, EUR 5
        j = _words_after(q, toks, i, j, lists)
        _attach_qualifier(q, toks, i, j, lists)
        out.append(q)
        i = j
    return _merge_dates(out, text)


def _clock(t: _Tok) -> Quantity | None:
    """10 PM, 6.30 p.m., 9:30pm, 15h, 14 Uhr, 18 o'clock: minutes after midnight."""
    m = re.match(r"(\d{1,2})(?:[:.](\d{2}))?\s?(.*)", t.text)
    assert m is not None
    hour, minute, mark = int(m.group(1)), int(m.group(2) or 0), m.group(3).lower()
    if hour > 24 or minute > 59 or (mark[:1] in ("a", "p") and not 1 <= hour <= 12):
        return None
    if mark[:1] == "p":
        hour = hour % 12 + 12
    elif mark[:1] == "a":
        hour %= 12
    base = hour % 24 * 60 + minute
    ambiguous = "clock" in mark and hour <= 12
    times = {base, (base + 720) % 1440} if ambiguous else {base}
    raw = "h" if mark == "h" and not m.group(2) else ""  # 10h: also 10 hours
    return Quantity(base, "time", t.start, t.end, times=frozenset(times), raw=raw)


def _pair(t: _Tok) -> Quantity:
    """61:72, 3-10, 1923-1998: a score, ratio or range (and 22:00 also a clock time)."""
    a, sep, b = re.match(r"(\d+)\s?([:\-–]|to)\s?(\d+)", t.text).groups()  # type: ignore[union-attr]
    x, y = int(a), int(b)
    times: set[int] = set()
    if sep == ":" and x <= 24 and y < 60 and len(b) == 2:
        times = {x % 24 * 60 + y}
        if x <= 12:
            times.add((x + 12) % 24 * 60 + y)
    if t.cur is not None:
        return Quantity(b, "code", t.start, t.end, currency=t.cur, raw=b)
    return Quantity((x, y), "pair", t.start, t.end, times=frozenset(times))


def _date(t: _Tok) -> Quantity:
    """18.01., 16.3., 01/12/21, 12/26: every (day, month, year) reading."""
    parts = [int(p) for p in re.split(r"[./]", t.text) if p]
    year = parts[2] % 100 if len(parts) > 2 else None
    a, b = parts[0], parts[1]
    orders = ((a, b), (b, a)) if "/" in t.text else ((a, b),)
    cands = {(d, mo, year) for d, mo in orders if 1 <= d <= 31 and 1 <= mo <= 12}
    return Quantity(frozenset(cands), "date", t.start, t.end)


def _code(t: _Tok) -> Quantity:
    """E95, COVID-19, 1.2.3: compared by their digits, which must not change; #NUMBER#
    (an anonymised number in WMT data) as itself."""
    if t.cur == "#":
        return Quantity(t.low, "code", t.start, t.end, currency="#", raw=t.low)
    digits = re.sub(r"\D", "", t.low)
    return Quantity(digits, "code", t.start, t.end, currency=t.cur, raw=t.low)


def _ratio(t: _Tok) -> Quantity:
    """ "2/3 of": a fraction."""
    a, b = (int(x) for x in t.low.split("/"))
    return Quantity(a / b if b else float(a), "frac", t.start, t.end, soft=True, raw=t.low)


_NOTATIONS = {"clock": _clock, "pair": _pair, "date": _date, "code": _code, "ratio": _ratio}


def _digits(t: _Tok, lists: _Lists) -> Quantity:
    """A number written in digits, with its suffix (%, 1st, 1990s, 5bn, $3m)."""
    if t.low.count(".") >= 2:
        return _code(t)
    value: float = float(t.low.replace(",", "").replace(" ", ""))  # "25 .000": copied gap
    kind = "num"
    if t.suf == "%":
        kind = "pct"
    elif t.suf in lists.ordinal_suffixes:
        kind = "ord"
    elif t.suf == "s" and len(t.low) in (2, 4):
        kind = "decade"
    elif t.suf in lists.suffix_scales and (t.cur or t.suf in lists.always_scale):
        value *= lists.suffix_scales[t.suf]
    elif t.suf in lists.suffix_scales:  # "3.5m": metres, or 3.5 million without a sign
        alt = value * lists.suffix_scales[t.suf]
        return Quantity(value, kind, t.start, t.end, raw=t.low, alt=alt)
    return Quantity(value, kind, t.start, t.end, currency=t.cur, raw=t.low)


def _word_quantity(
    toks: list[_Tok], i: int, out: list[Quantity], lists: _Lists
) -> tuple[Quantity | None, int]:
    """The quantity a word starts (month, weekday, fraction, number words...), and its end."""
    t = toks[i]
    w = t.low
    if (
        w in lists.months
        and (w != "may" or t.text == "May")
        and (len(w) > 3 or t.text[:1].isupper())
    ):
        if t.text[:1].isupper() or len(w) >= 6:  # "november" (not "march", "may")
            return Quantity(lists.months[w], "month", t.start, t.end), i + 1
    elif w in lists.weekdays and t.text[:1].isupper():
        return Quantity(lists.weekdays[w], "weekday", t.start, t.end), i + 1
    elif w == "half" and (hour := _half_hour(toks, i, lists)) is not None:
        j = i + (3 if toks[i + 1].kind == "sym" else 2)
        minutes = (hour - 1) * 60 + 30  # "half eleven" = 10:30 (British; German "halb elf")
        times = frozenset({minutes, minutes + 720})
        return Quantity(minutes, "time", t.start, toks[j - 1].end, times=times, spelled=True), j
    elif w == "half" and _is_word(toks, i + 1, ("a", "an")) and _is_word(toks, i + 2, lists.scales):
        value = 0.5 * lists.scales[toks[i + 2].low]
        return Quantity(value, "num", t.start, toks[i + 2].end), i + 3
    elif (
        w in lists.fractions
        and _is_word(toks, i + 1, ("of",))
        and _is_word(toks, i + 2, ("a", "an"))
        and _is_word(toks, i + 3, lists.scales)
    ):  # a quarter of a million = 250,000
        lead = toks[i - 1].low if i and toks[i - 1].kind == "word" else "a"
        value = lists.units.get(lead, 1) / lists.fractions[w] * lists.scales[toks[i + 3].low]
        start = toks[i - 1].start if lead in lists.fraction_leads else t.start
        if out and out[-1].start >= start:
            out.pop()
        return Quantity(value, "num", start, toks[i + 3].end), i + 4
    elif w in lists.fractions and (
        w in ("half", "halves") or _is_word(toks, i - 1, lists.fraction_leads)
    ):
        frac = _fraction(toks, i, out, lists)
        if frac is None and w in lists.ordinals:  # "a third straight win": the ordinal
            return Quantity(lists.ordinals[w], "ord", t.start, t.end, soft=True), i + 1
        return frac, i + 1
    elif w in ("noon", "midday", "midnight"):
        minutes = 0 if w == "midnight" else 720
        q = Quantity(minutes, "time", t.start, t.end, times=frozenset({minutes}), spelled=True)
        return q, i + 1
    elif w in lists.multiplicatives:
        value = lists.multiplicatives[w]
        return Quantity(value, "num", t.start, t.end, soft=True, spelled=True), i + 1
    elif w == "both":
        return Quantity(2, "num", t.start, t.end, soft=True), i + 1
    elif w in lists.vague:
        return _vague(toks, i, lists)
    elif w in lists.unit_nouns and not _is_word(toks, i - 1, lists.fractions):
        q = Quantity(1, "num", t.start, t.end, soft=True, spelled=True, unit=w)
        return q, i + 1  # "a decade" = 1 decade (= 10 years)
    elif w in lists.folds:
        return Quantity(lists.folds[w], "num", t.start, t.end, spelled=True), i + 1
    elif w in lists.decades:
        return Quantity(lists.decades[w], "decade", t.start, t.end, spelled=True), i + 1
    elif w in lists.ordinals and not _time_second(toks, i, lists):
        return Quantity(lists.ordinals[w], "ord", t.start, t.end, soft=True), i + 1
    elif w in lists.units or (w in ("a", "an") and _is_word(toks, i + 1, lists.scales_dozen)):
        return _number_words(toks, i, lists)
    return None, i + 1


def _vague(toks: list[_Tok], i: int, lists: _Lists) -> tuple[Quantity, int]:
    """ "hundreds", "tens of thousands" (10,000: the orders multiply), "dozens of millions"."""
    t = toks[i]
    value = lists.vague[t.low]
    j = i + 1
    while _is_word(toks, j, ("of",)) and _is_word(toks, j + 1, lists.vague):
        value *= lists.vague[toks[j + 1].low]
        j += 2
    return Quantity(value, "vague", t.start, toks[j - 1].end, soft=True), j


def _time_second(toks: list[_Tok], i: int, lists: _Lists) -> bool:
    """ "second" as the unit of time: after a number ("one second", "0.5 second"), "per" or
    "split", or "a" at the end of a phrase ("five hundredths of a second,")."""
    if toks[i].low != "second" or i == 0:
        return False
    prev = toks[i - 1]
    if prev.kind == "num" or (prev.kind == "word" and prev.low in lists.units):
        return True
    if not _is_word(toks, i - 1, lists.second_unit_before):
        return False
    ends = i + 1 == len(toks) or toks[i + 1].start > toks[i].end + 1  # ", " or ". "
    return prev.low != "a" or ends or toks[i + 1].kind != "word"


def _half_hour(toks: list[_Tok], i: int, lists: _Lists) -> int | None:
    """The hour of "half eleven" / "half-eleven" (a clock time), not "second half two goals"."""
    k = i + 2 if i + 1 < len(toks) and toks[i + 1].text == "-" else i + 1
    if not _is_word(toks, k, lists.units) or not 1 <= lists.units[toks[k].low] <= 12:
        return None
    if _is_word(toks, k + 1, lists.scales_dozen) or _is_word(toks, i - 1, lists.ordinals):
        return None
    return int(lists.units[toks[k].low])


def _fraction(toks: list[_Tok], i: int, out: list[Quantity], lists: _Lists) -> Quantity | None:
    """ "half", "a third", "two thirds" (not "third term"); drops the "two" read before."""
    t = toks[i]
    w = t.low
    lead = toks[i - 1].low if i and toks[i - 1].kind == "word" else "a"
    count = lists.units.get(lead, 1)
    start = toks[i - 1].start if lead in lists.fraction_leads and w != "half" else t.start
    nxt_ok = w in ("half", "halves") or not _is_word(toks, i + 1, lists.fraction_not_before)
    if not nxt_ok:
        return None
    if out and out[-1].start >= start:
        out.pop()  # "one third": the "one" was read as a number
    return Quantity(count / lists.fractions[w], "frac", start, t.end, soft=True)


def _number_words(toks: list[_Tok], i: int, lists: _Lists) -> tuple[Quantity | None, int]:
    """A run of number words from ``toks[i]`` ("twenty-one", "a dozen", "twenty-first")."""
    t = toks[i]
    n = len(toks)
    units, scales, ordinals = lists.units, lists.scales, lists.ordinals
    words = [t.low]
    k = i + 1
    while k < n:
        tk = toks[k]
        if tk.kind == "sym" and (
            _is_word(toks, k + 1, lists.units_ordinals) or _is_word(toks, k + 1, scales)
        ):  # twenty-one, ten-thousand
            k += 1
            continue
        if tk.kind == "word" and (tk.low in units or tk.low in scales):
            words.append(tk.low)
            k += 1
        elif tk.kind == "word" and tk.low == "dozen":
            words.append("__dozen__")
            k += 1
        elif (
            tk.kind == "word"
            and tk.low == "and"
            and _is_word(toks, k + 1, units)
            and words[-1] in scales
        ):
            k += 1
        elif (
            tk.kind == "word"
            and tk.low in ordinals
            and units.get(words[-1], 0) >= 20
            and ordinals[tk.low] < 10
        ):
            # twenty-first
            words = [*words, "__ord__", tk.low]
            k += 1
            break
        else:
            break
    if "__ord__" in words:
        base = _words_value(words[: words.index("__ord__")], lists) or 0
        q = Quantity(base + ordinals[words[-1]], "ord", t.start, toks[k - 1].end, soft=True)
        return q, k
    value_w = _words_value(words, lists)
    half = _and_a_half(toks, k) if value_w is not None else 0
    if value_w is not None and half:  # two and a half (million), nine-and-a-half
        value_w += 0.5
        k += half
        if _is_word(toks, k, lists.scales):
            value_w *= lists.scales[toks[k].low]
            k += 1
        return Quantity(value_w, "num", t.start, toks[k - 1].end, spelled=True), k
    one_only = words == ["one"]
    if value_w is None or (
        one_only
        and (_is_word(toks, i - 1, lists.not_one_before) or _is_word(toks, i + 1, ("another",)))
    ):
        return None, i + 1
    q = Quantity(value_w, "num", t.start, toks[k - 1].end, soft=one_only, spelled=True)
    return q, k


def _and_a_half(toks: list[_Tok], k: int) -> int:
    """Tokens of "and a half" (or "-and-a-half") from ``toks[k]``; 0 if not there."""
    words = ("and", ("a", "an"), "half")
    i = k
    for want in words:
        i += 1 if i < len(toks) and toks[i].kind == "sym" else 0
        if not _is_word(toks, i, (want,) if isinstance(want, str) else want):
            return 0
        i += 1
    return i - k


def _words_after(q: Quantity, toks: list[_Tok], i: int, j: int, lists: _Lists) -> int:
    """Magnitude, percent and currency words after the number; the index after them."""
    if q.kind == "vague" and _is_word(toks, j, ("of",)) and _is_word(toks, j + 1, lists.currencies):
        q.currency = lists.currencies[toks[j + 1].low]  # millions of dollars
        return j
    if (
        q.kind == "frac"
        and _is_word(toks, j, ("a", "an"))
        and _is_word(toks, j + 1, lists.percent_words)
    ):
        q.kind, q.soft = "pct", False  # half a percentage point = 0.5 points
        j += 2 + _is_word(toks, j + 2, ("point", "points"))
        q.end = toks[j - 1].end
        return j
    if q.kind not in ("num", "pct"):
        return j
    scale = _is_word(toks, j, lists.scales) or _is_word(toks, j, lists.scale_abbreviations)
    if scale and toks[i].kind == "num":
        q.value *= lists.scales.get(toks[j].low) or lists.scale_abbreviations[toks[j].low]
        q.end = toks[j].end
        j += 1
    if _is_word(toks, j, lists.percent_words) or (
        _is_word(toks, j, ("per",)) and _is_word(toks, j + 1, ("cent",))
    ):
        q.kind = "pct"
        j += 2 if toks[j].low == "per" else 1
        if _is_word(toks, j, ("point", "points")):
            j += 1
        q.end = toks[j - 1].end
    elif _is_word(toks, j, lists.currencies):
        q.currency = lists.currencies[toks[j].low]
        q.end = toks[j].end
        j += 1
    return j


def _attach_qualifier(q: Quantity, toks: list[_Tok], i: int, j: int, lists: _Lists) -> None:
    """Qualifier class from the words just before (or "or more" just after) the number."""
    before = [t.low for t in toks[max(0, i - 4) : i] if t.kind == "word"]
    if i and toks[i - 1].kind != "word":
        before = []
    for size in (4, 3, 2, 1):
        phrase = tuple(before[-size:])
        if len(phrase) == size and phrase in lists.qualifiers:
            if _range_end(toks, i - size) or (
                phrase[0] in ("around", "about", "over")
                and _is_word(toks, i - size - 1, lists.qualifier_not_after)
            ):
                return
            q.qual = lists.qualifiers[phrase]
            q.qual_start = toks[i - size].start
            return
    after = tuple(t.low for t in toks[j : j + 2] if t.kind == "word")
    if after in lists.qualifiers_after:
        q.qual = lists.qualifiers_after[after]
        return
    near = [t.low for t in toks[max(0, i - 6) : i] if t.kind == "word"]
    q.loose = frozenset(
        lists.qualifiers[phrase]
        for size in (1, 2)
        for phrase in (tuple(near[k : k + size]) for k in range(len(near) - size + 1))
        if phrase in lists.qualifiers
    )


def _range_end(toks: list[_Tok], k: int) -> bool:
    """ "from 15 (km) up to 150": the phrase before ``toks[k]`` ends a range, not a limit."""
    for back in (1, 2):
        if k - back >= 1 and toks[k - back].kind == "num":
            return _is_word(toks, k - back - 1, ("from", "between"))
    return False


_DATE_GAP = re.compile(r"[\s,]*(?:(?:the|of)\s+)*")


def _abbreviated(month: str) -> bool:
    return len(month) <= 4 and month.lower() not in ("may", "june", "july")


def _merge_dates(items: list[Quantity], text: str) -> list[Quantity]:
    """A day next to a month is one date: "April 24th" = "24 April" = "24.4." (+ its year);
    a code's digit groups are one code ("E95 02")."""
    out: list[Quantity] = []
    for q in items:
        prev = out[-1] if out else None
        if (
            prev is not None
            and prev.kind == "code"
            and q.kind == "num"
            and q.raw.isdigit()
            and text[prev.end : q.start] == " "
        ):
            prev.value, prev.raw, prev.end = prev.value + q.raw, prev.raw + " " + q.raw, q.end
            continue
        if prev is not None and {prev.kind, q.kind} in ({"month", "num"}, {"month", "ord"}):
            month, day = (prev, q) if prev.kind == "month" else (q, prev)
            between = text[prev.end : q.start]
            if prev is month and between[:1] == "." and _abbreviated(text[month.start : month.end]):
                between = between[1:]  # "Nov. 15"
            gap = _DATE_GAP.fullmatch(between) is not None
            if gap and float(day.value).is_integer() and 1 <= day.value <= 31:
                out[-1] = Quantity(
                    frozenset({(int(day.value), int(month.value), None)}),
                    "date",
                    min(prev.start, q.start),
                    q.end,
                    qual=day.qual,
                    qual_start=day.qual_start,
                )
                continue
        if (
            prev is not None
            and prev.kind == "date"
            and q.kind == "num"
            and 1000 <= float(q.value) <= 2100
            and q.start - prev.end < 4
            and all(y is None for _, _, y in prev.value)
        ):
            year = int(q.value) % 100
            prev.value = frozenset((d, m, year) for d, m, _ in prev.value)
            prev.end = q.end
            continue
        out.append(q)
    return out


def _show(q: Quantity, text: str) -> str:
    start = q.qual_start if q.qual_start is not None else q.start
    if q.kind == "code":  # with its letters: A3, Covid-19, E 95
        start -= 1 if start and text[start - 1] in " -" else 0
        while start and text[start - 1].isalpha():
            start -= 1
    return text[start : q.end].strip()


def _dates_match(x: frozenset, y: frozenset) -> bool:
    return any(
        d1 == d2 and m1 == m2 and (y1 is None or y2 is None or y1 == y2)
        for d1, m1, y1 in x
        for d2, m2, y2 in y
    )


def _clock_times(q: Quantity) -> frozenset[int]:
    """A quantity's clock readings; a bare decimal 23.15 may be a 24-hour time."""
    if q.times or q.kind != "num" or float(q.value).is_integer():
        return q.times
    hour, _, minute = f"{q.value:.2f}".partition(".")
    if int(hour) <= 24:
        return frozenset({int(hour) % 24 * 60 + int(minute)})
    return frozenset()


def _digits_of(q: Quantity) -> str:
    """A code's digits, a number's as written ("02"), a spelled whole number's value."""
    if q.kind == "code":
        return q.value
    if not q.raw and q.kind == "num" and float(q.value).is_integer():
        return str(int(q.value))
    return re.sub(r"\D", "", q.raw)


def _notation_match(r: Quantity, h: Quantity) -> bool | None:
    """Equal in another notation (22:00 = 10 PM, 61:72 = 61-72, 18/01 = 18.01. = January 18,
    E95 = E 95); None when neither side is such a notation."""
    kinds = {r.kind, h.kind}
    if r.times or h.times:
        if r.kind == h.kind == "pair" and r.value == h.value:
            return True
        hours, other = (r, h) if r.raw == "h" else (h, r)
        if hours.raw == "h" and other.kind == "num" and other.value * 60 == hours.value:
            return True  # "max. 10h" = "max. 10 hours"
        return bool(_clock_times(r) & _clock_times(h))
    if "pair" in kinds:
        return r.kind == h.kind and r.value == h.value
    if "date" in kinds:
        if r.kind == h.kind:
            return _dates_match(r.value, h.value)
        date, other = (r, h) if r.kind == "date" else (h, r)
        if other.kind == "month":
            return any(m == other.value for _, m, _ in date.value)
        if other.kind == "ord":  # "on January 18" = "on the 18th" (the month said before)
            return any(d == other.value for d, _, _ in date.value)
        if other.kind == "num" and not float(other.value).is_integer():
            d, _, m = f"{other.value}".partition(".")
            if not (d.isdigit() and m.isdigit()):
                return False
            return any((int(d), int(m)) == (dd, mm) for dd, mm, _ in date.value)
        return False
    if "code" in kinds:
        if r.kind == h.kind and r.currency != h.currency:
            return False
        return kinds <= {"code", "num"} and _digits_of(r) == _digits_of(h)
    return None


def _same_currency(a: str, b: str) -> bool:
    """¥ is the yen's sign and the yuan's (currency_signs.tsv): "¥100" = "100 yuan"."""
    shared = _lists("en").shared_signs
    return a == b or b in shared.get(a, ()) or a in shared.get(b, ())


def _compatible(r: Quantity, h: Quantity) -> bool:
    notation = _notation_match(r, h)
    if notation is not None:
        return notation
    if "frac" in (r.kind, h.kind) and {r.kind, h.kind} <= {"frac", "num", "pct"}:
        frac, other = (r, h) if r.kind == "frac" else (h, r)
        scale = 100.0 if other.kind == "pct" else 1.0  # half = 50%, a third = 33%
        return abs(float(frac.value) * scale - float(other.value)) < 0.01 * scale
    if r.family() != h.family():
        return False
    if r.kind in ("month", "weekday") or h.kind in ("month", "weekday"):
        return r.kind == h.kind and r.value == h.value
    if r.currency and h.currency and not _same_currency(r.currency, h.currency):
        return False
    a, b = float(r.value), float(h.value)
    if r.kind == h.kind == "decade" and min(a, b) < 100:
        return a % 100 == b % 100  # the 90s = the 1990s
    return any(
        abs(x - y) <= 1e-12 * max(1.0, abs(x), abs(y))
        for x in (a, r.alt if r.alt is not None else a)
        for y in (b, h.alt if h.alt is not None else b)
    )


def _quantities(w: Words) -> list[Quantity]:
    # The tokens answer maybe_number's word part without its slow case-blind alternation
    # (a word it matches is a token folding to one of these; extra hits are only slower).
    lists = _lists(w.language)
    if _DIGIT.search(w.text) or "#NUMBER#" in w.text:
        return _extract(w.text, lists)  # maybe_number's first branch: no need to run it
    if lists.number_words.isdisjoint(w.low):
        return []
    return extract_quantities(w.text, w.language)


def _in_source(q: Quantity, src: SourceNumbers) -> bool | None:
    """Whether the source has this quantity; None when the source cannot tell (months,
    weekdays, fractions, vague words: not read from the source)."""
    if q.times and src.times & q.times:
        return True
    if q.kind == "pair":  # 1:1, or "1 zu 1" with a word between
        found = q.value in src.pairs or bool(q.times & src.times)
        return found or all(float(v) in src.values for v in q.value)
    if q.kind == "time":
        if q.spelled and not q.times & src.times:
            return None  # noon: the source may say it in a word (Samstagmittag)
        return bool(q.times & src.times) or (q.raw == "h" and q.value / 60 in src.values)
    if q.kind == "date":
        return any((d, m) in src.dates or d in src.days for d, m, _ in q.value)
    if q.kind == "month":
        return q.value in src.months if src.months else None
    if q.kind == "weekday":
        return q.value in src.weekdays if src.weekdays else None
    if q.kind in ("frac", "vague"):
        return None
    if q.kind == "code" and q.currency == "#":
        return q.value in src.text
    if q.kind == "code":
        return q.value in src.codes or (q.value.isdigit() and float(q.value) in src.values)
    value = float(q.value)
    if value in src.values or (q.kind == "decade" and value % 100 in src.values):
        return True
    if q.kind == "ord" and value in src.ordinals:
        return True
    # Words hide in source compounds (dreifach, fünfmal): absent is no evidence for them.
    return None if q.spelled or q.kind == "ord" else False


def _source_qual(q: Quantity, src: SourceNumbers) -> str | bool | None:
    """The qualifier class the source puts on this value (None: none), False if the
    source does not have the value."""
    if not _in_source(q, src) or q.kind not in ("num", "pct", "time", "pair"):
        return False
    if q.times:
        classes = {cls for cls, minutes in src.time_quals if minutes in q.times}
    else:
        classes = {cls for cls, values in src.quals if float(q.value) in values}
    return next(iter(classes)) if len(classes) == 1 else None if not classes else False


def _flag(
    ref: str, hyp: str, detail: str, severity: str = "check", note: bool = False
) -> ErrorFlag:
    return ErrorFlag(REFERENCE_NOTE if note else "numbers", ref, hyp, detail, severity=severity)


def _qualifier_flag(
    r: Quantity, h: Quantity, ref: str, hyp: str, src: SourceNumbers | None
) -> ErrorFlag | None:
    # Without the source: a qualifier only the MT has is the source's, rendered word for
    # word (MT rarely invents "more than"; references drop it), and a hedge only the
    # reference has that admits the bare value ("about", "up to") is a paraphrase.
    if src is None and h.qual is None and r.qual not in _EXCLUDING:
        return None
    if src is None and r.qual is None:
        return None
    rs, hs = _show(r, ref), _show(h, hyp)
    rq, hq = _QUAL_NAMES[r.qual], _QUAL_NAMES[h.qual]
    sq = _source_qual(r, src) if src is not None else False
    if sq is not False and _quals_agree(sq, h.qual) and not _quals_agree(sq, r.qual):
        return _flag(rs, hs, f"reference has {rq!r} ('{rs}'), source and MT {hq!r}", note=True)
    if sq is not False and sq is not None and _same_bound(sq, r.qual):
        return _flag(
            rs, hs, f"qualifier {rq!r} vs {hq!r}: '{rs}' vs '{hs}' (source: {rq})", "error"
        )
    return _flag(rs, hs, f"qualifier {rq!r} vs {hq!r}: '{rs}' vs '{hs}'")


def _currency_flag(
    r: Quantity, h: Quantity, ref: str, hyp: str, src: SourceNumbers
) -> ErrorFlag | None:
    """The MT names a currency the reference leaves out ("millions" vs "millions of
    dollars"): a check when the source names no currency, an error when it names only
    others; nothing when the source has the MT's."""
    if h.kind == "code" or any(_same_currency(h.currency, c) for c in src.currencies):
        return None
    rs, hs = _show(r, ref), _show(h, hyp)
    if src.currencies:
        named = ", ".join(sorted(src.currencies))
        return _flag(rs, hs, f"currency {h.currency} added in MT (source: {named})", "error")
    return _flag(rs, hs, f"currency {h.currency} added in MT (source names none)")


def _pair_up(rq: list[Quantity], hq: list[Quantity]) -> tuple[list, list[Quantity], list[Quantity]]:
    """Matched (r, h) pairs by value; what is left on each side. A range or score on one
    side matches its two numbers on the other ("15-20" = "15 to 20")."""
    matched = []
    h_left = list(hq)
    r_left: list[Quantity] = []
    for r in sorted(rq, key=lambda q: q.soft):  # "two" before "both": hard words first
        options = [x for x in h_left if _compatible(r, x)]
        h = next((x for x in options if x.soft == r.soft), options[0] if options else None)
        if h is None:
            r_left.append(r)
        else:
            h_left.remove(h)
            matched.append((r, h))
    r_left.sort(key=lambda q: q.start)
    for side, other in ((r_left, h_left), (h_left, r_left)):
        for q in [x for x in side if x.kind == "pair"]:
            parts = [
                next((o for o in other if o.kind in ("num", "pct") and o.value == v), None)
                for v in q.value
            ]
            if all(parts) and parts[0] is not parts[1]:
                side.remove(q)
                for o in parts:
                    other.remove(o)  # type: ignore[arg-type]
    return matched, r_left, h_left


def _quote(q: Quantity, text: str, language: str) -> str:
    """The quantity with the word after it (its unit or noun: "45 Mbit", "43°C")."""
    start = q.qual_start if q.qual_start is not None else q.start
    end = q.end
    while end < len(text) and not text[end].isspace() and text[end] not in ",;:.)]":
        end += 1
    if start and end < len(text) and text[start - 1] + text[end] in ("[]", "()"):
        start, end = start - 1, end + 1  # a footnote mark [5] or (3)
    quote = window(text, start, end, before=0, after=1).rstrip(".,;:)")
    last = quote.split()[-1] if " " in quote else ""
    return quote if last and fold(last) not in stopwords(language) else text[start:end]


def _unit_after(q: Quantity, text: str) -> str:
    """The word after a quantity; after a fraction, past "(of) a": "half an hour"."""
    if q.unit:
        return q.unit
    lead = r"[\s-]*(?:of\s+)?(?:an?\s+)?" if q.kind == "frac" else r"[\s-]*"
    m = re.match(lead + r"([^\W\d_]+)", text[q.end : q.end + 20])
    return fold(m.group(1)) if m else ""


_TEMPERATURE = re.compile(r"\s?(?:°\s?|degrees?\s+)(c|f|celsius|centigrade|fahrenheit)\b", re.I)


def _temperatures(r: Quantity, h: Quantity, ref: str, hyp: str) -> bool:
    """68 °F = 20 °C (within a degree Celsius: converted figures are rounded)."""
    a, b = _TEMPERATURE.match(ref, r.end), _TEMPERATURE.match(hyp, h.end)
    if a is None or b is None or r.kind != "num" or h.kind != "num":
        return False
    scales = [m.group(1)[0].lower() for m in (a, b)]
    if scales[0] == scales[1]:
        return False
    x, y = (
        float(q.value) if s != "f" else (float(q.value) - 32) * 5 / 9
        for q, s in zip((r, h), scales, strict=True)
    )
    return abs(x - y) <= 1.0


def _converted(r: Quantity, h: Quantity, ref: str, hyp: str) -> bool:
    """320 km = 200 miles, 50 hectares = 124 acres, half an hour = 30 minutes: the same
    amount in another unit (within 10%: translators round what they convert)."""
    if _temperatures(r, h, ref, hyp):
        return True
    table = _lists("en").conversions
    a, b = table.get(_unit_after(r, ref)), table.get(_unit_after(h, hyp))
    kinds = {r.kind, h.kind}
    if a is None or b is None or a[0] != b[0] or a[1] == b[1] or not kinds <= {"num", "frac"}:
        return False
    x, y = float(r.value) * a[1], float(h.value) * b[1]
    return abs(x - y) <= 0.1 * max(abs(x), abs(y))


def _storeys(r: Quantity, h: Quantity, ref: str, hyp: str) -> bool:
    """ "first floor" = "second floor": storeys counted from the ground floor or from one."""
    if r.kind != "ord" or h.kind != "ord" or abs(float(r.value) - float(h.value)) != 1:
        return False
    floors = _lists("en").floors
    return _unit_after(r, ref) in floors and _unit_after(h, hyp) in floors


def _within_order(r: Quantity, h: Quantity) -> bool:
    """ "tens of thousands" vs "more than 10,000", "hundreds" vs 300: a vague magnitude and
    a number of its order (at least the magnitude, under ten times it)."""
    if {r.kind, h.kind} != {"vague", "num"}:
        return False
    vague, other = (r, h) if r.kind == "vague" else (h, r)
    return float(vague.value) <= float(other.value) < 10 * float(vague.value)


def _change(q: Quantity, w: Words) -> str | None:
    """ "rose by 5%" -> "by", "cut to 5%" -> "to", "up 5%" -> "by": what the number of a
    change is (the amount or the new level); None when no verb of change is before it."""
    if q.kind not in ("num", "pct"):
        return None
    start = q.qual_start if q.qual_start is not None else q.start
    words = re.findall(r"[^\W\d_]+", w.text[max(0, start - 50) : start].lower())[-5:]
    verbs = _lists(w.language).change_verbs
    if not words or "from" in words:  # "from 5 to 7": a range of levels
        return None
    if words[-1] in ("by", "to") and not verbs.isdisjoint(words[:-1]):
        return words[-1]
    return "by" if words[-1] in ("up", "down") else None


def _change_flag(
    r: Quantity, h: Quantity, rw: Words, hw: Words, src: SourceNumbers | None
) -> ErrorFlag | None:
    """By vs to: "rose by 5%" is a change of 5 points, "rose to 5%" a new level of 5%."""
    rc, hc = _change(r, rw), _change(h, hw)
    if rc is None or hc is None or rc == hc:
        return None
    rs, hs = _show(r, rw.text), _show(h, hw.text)
    said = {rel for rel, values in src.changes if float(r.value) in values} if src else set()
    if said == {hc}:
        return _flag(rs, hs, f"reference has '{rc} {rs}', source and MT '{hc}'", note=True)
    if said == {rc}:
        return _flag(rs, hs, f"change '{rc} {rs}' vs '{hc} {hs}' (source: {rc})", "error")
    return _flag(rs, hs, f"change '{rc} {rs}' vs '{hc} {hs}'")


def _per_each(q: Quantity, w: Words) -> bool:
    """A word near the quantity makes it a count for each one ("three each", "three on
    each side", "three of them on both sides", "each of the three")."""
    cues = _lists(w.language).distributive
    before = re.findall(r"[^\W\d_]+", w.text[max(0, q.start - 20) : q.start].lower())[-2:]
    after = re.findall(r"[^\W\d_]+", w.text[q.end : q.end + 40].lower())[:6]
    return not cues.isdisjoint(before) or not cues.isdisjoint(after)


def _distributive_flag(
    r: Quantity, h: Quantity, rw: Words, hw: Words, src: SourceNumbers
) -> ErrorFlag | None:
    """The source counts for each one ("zu je drei"), the reference says so ("three on
    each side"), the MT states the bare number: a total where the source has a rate."""
    if r.kind not in ("num", "pct") or float(r.value) not in src.distributive:
        return None
    if not _per_each(r, rw) or _per_each(h, hw):
        return None
    rs, hs = _show(r, rw.text), _show(h, hw.text)
    detail = f"count for each one lost: '{rs}' vs '{hs}' (source and reference: each)"
    return _flag(rs, hs, detail)


def _margin_flags(hq: list[Quantity], hw: Words, src: SourceNumbers) -> list[ErrorFlag]:
    """The source gives a margin ("kamen bis auf acht Punkte heran": within eight points);
    the MT's number has no word saying so ("came up to eight points"): read as a score."""
    cues = _lists(hw.language).margin
    out = []
    for q in hq:
        if q.kind not in ("num", "pair") or q.value not in src.margins:
            continue
        before = re.findall(r"[^\W\d_]+", hw.text[max(0, q.start - 40) : q.start].lower())[-4:]
        after = re.findall(r"[^\W\d_]+", hw.text[q.end : q.end + 30].lower())[:3]
        if cues.isdisjoint(before) and cues.isdisjoint(after):
            shown = _quote(q, hw.text, hw.language)
            detail = f"margin read as a count: '{shown}' (source: a gap of {shown})"
            out.append(_flag("", shown, detail))
    return out


def _unit_flag(r: Quantity, h: Quantity, ref: str, hyp: str) -> ErrorFlag | None:
    """The same number in another unit of the same dimension: "5 days" vs "5 weeks"."""
    if r.kind not in ("num", "frac") or h.kind != r.kind:
        return None
    table = _lists("en").conversions
    ru, hu = _unit_after(r, ref), _unit_after(h, hyp)
    a, b = table.get(ru), table.get(hu)
    if a is None or b is None or a[0] != b[0] or a[1] == b[1]:
        return None
    rs, hs = f"{_show(r, ref)} {ru}", f"{_show(h, hyp)} {hu}"
    return _flag(rs, hs, f"unit {ru} vs {hu}: '{rs}' vs '{hs}'")


def _same_place(r: Quantity, h: Quantity, ref: str, hyp: str) -> bool:
    """Two soft words ("first", "second") stand in each other's place when the word after
    them is the same ("its second title" vs "its third title"); "since the first
    immunization" vs "since the second vaccination" may say two things."""
    a, b = _unit_after(r, ref), _unit_after(h, hyp)
    return a.rstrip("s") == b.rstrip("s") if a and b else not a and not b


def _value_flag(r: Quantity, h: Quantity, ref: str, hyp: str, src: SourceNumbers | None):
    if _converted(r, h, ref, hyp) or _storeys(r, h, ref, hyp):
        return None
    rs, hs = _show(r, ref), _show(h, hyp)
    sr = _in_source(r, src) if src is not None else None
    sh = _in_source(h, src) if src is not None else None
    if _within_order(r, h):  # the MT vaguer than a figure the source gives: a check
        vaguer = h.kind == "vague" and sr
        return _flag(rs, hs, f"number {rs} vs {hs} (source: {rs})") if vaguer else None
    if sh and not sr:
        return _flag(rs, hs, f"reference has {rs}, source and MT {hs}", note=True)
    if sr and not sh:
        return _flag(rs, hs, f"number {rs} vs {hs} (source: {rs})", "error")
    if r.soft and h.soft:  # "second" may be a unit of time, "one" and "both" pronouns
        same = r.kind == h.kind != "num" and _same_place(r, h, ref, hyp)
        return _flag(rs, hs, f"number {rs} vs {hs}") if same else None
    if src is not None and not sr and not sh:
        return _flag(rs, hs, f"number {rs} vs {hs}")  # the source has neither: a paraphrase?
    if sr and sh and not (r.raw and r.raw != h.raw and _digits_of(r) == _digits_of(h)):
        return _flag(rs, hs, f"number {rs} vs {hs} (source has both)")  # another pick
    confident = not (r.soft or h.soft or r.spelled or h.spelled)
    if r.kind == "code" or h.kind == "code":  # A3 vs A4: the same letters, other digits
        confident = r.kind == h.kind and r.currency == h.currency
    if sr and sh:  # 20,000 vs 20.000: the same digits, a separator read the German way
        return _flag(rs, hs, f"number {rs} vs {hs} (separator; source: {rs})", "error")
    return _flag(rs, hs, f"number {rs} vs {hs}", "error" if confident else "check")


_CONVERSION_BEFORE = re.compile(
    r"\d[^()\d]{0,24}\(\s*(?:about|around|approximately|roughly|some|nearly|almost|c\.|ca\.|~)?\s*$",
    re.IGNORECASE,
)


def _conversion_note(q: Quantity, text: str) -> bool:
    """ "1,000 yuan (about $140)": an amount converted in brackets after another one, a
    translator's note on the one before, not a number of its own."""
    start = q.qual_start if q.qual_start is not None else q.start
    if not q.currency or q.kind == "code":
        return False
    return _CONVERSION_BEFORE.search(text, max(0, start - 40), start) is not None


def _bracketed(q: Quantity, text: str) -> bool:
    """The quantity is all there is in a pair of brackets: "(2021-2025)", "(1923-1998)"."""
    start = q.qual_start if q.qual_start is not None else q.start
    return text[:start].rstrip().endswith("(") and text[q.end :].lstrip().startswith(")")


def _kept_untranslated(q: Quantity, other: str) -> bool:
    """A weekday or month the other side keeps in the source language: "Picture on Sunday"
    vs the title "Bild am Sonntag"."""
    if q.kind not in ("weekday", "month"):
        return False
    english = _lists("en")
    for word in re.findall(r"[^\W\d_]{3,}", other):
        low = word.lower()
        if low in english.months or low in english.weekdays:
            continue  # an English name is read as a quantity already ("April", "Mars"?)
        if calendar_word(low) == (q.kind, q.value):
            return True
    return False


def _resolved(q: Quantity, src: SourceNumbers | None) -> bool:
    """A year or a day the MT adds where the source says "this year", "yesterday"."""
    if src is None or not src.relative:
        return False
    if q.kind in ("date", "weekday"):
        return "day" in src.relative
    year = q.kind == "num" and not q.spelled and float(q.value).is_integer()
    return year and 1900 <= q.value <= 2100 and "year" in src.relative


def _idiom(q: Quantity) -> bool:
    """100% and 1:1 ("1 zu 1 mein Kind", "100% sicher") often say "fully", "exactly like":
    alone on one side they are a figure of speech unless the source shows the figure."""
    return (q.kind == "pct" and q.value == 100) or (q.kind == "pair" and q.value == (1, 1))


def _lone_flag(q: Quantity, text: str, missing: bool, src: SourceNumbers | None, language: str):
    """A quantity only one side has: an error when the source confirms it is missing (or
    has no such number where the MT adds one), a note when the reference lacks what the
    source and the MT have, else a check (paraphrase often moves numbers)."""
    if (src is None and _idiom(q)) or _conversion_note(q, text):
        return None
    shown = _quote(q, text, language)
    soft = q.soft or (q.kind == "code" and q.currency != "#") or (q.spelled and q.value < 13)
    found = _in_source(q, src) if src is not None else None
    side = "missing in MT" if missing else "added in MT"
    args = (shown, "") if missing else ("", shown)
    if found:
        if not missing:
            return _flag(*args, f"reference lacks {shown} (source and MT have it)", note=True)
        small = isinstance(q.value, (int, float)) and q.value < 2
        if (q.soft and q.kind == "num") or (soft and small):
            return None  # "one", "both", "first": too often an article or a pronoun
        sure = "check" if q.spelled or q.kind == "ord" else "error"  # "the Magi", "twice"
        return _flag(*args, f"number {shown} {side} (source: {shown})", sure)
    if soft:
        return None
    if not missing and found is not True and _resolved(q, src):
        return None  # "今年" -> "in 2022", "gestern" -> "on Monday": a date made explicit
    if found is False and not missing and _bracketed(q, text):
        return None  # "the 14th Five-Year Plan (2021-2025)": a gloss the translator adds
    if found is False and not missing:  # the source may say it in words we do not read
        return _flag(*args, f"number {shown} {side} (not in source)")
    if found is False and not q.spelled:  # digits the source does not have: the ref adds them
        return _flag(*args, f"reference has {shown}, source and MT do not", note=True)
    return _flag(*args, f"number {shown} {side}")


def numbers_in(rw: Words, hw: Words, src: SourceNumbers | None = None) -> list[ErrorFlag]:
    """Flags for quantities whose value, kind or qualifier differ between the two sides,
    decided by the source's numbers when given (see ``_numbers_source``)."""
    ref, hyp = rw.text, hw.text
    rq, hq = rw.analysis(_quantities), hw.analysis(_quantities)
    kinds = kind_flags(rw, hw, rq, hq, src)  # "thrice vaccinated" vs "three people"
    if not rq and not hq:
        return kinds
    flags: list[ErrorFlag | None] = []
    matched, r_left, h_left = _pair_up(rq, hq)
    for r, h in matched:
        if (
            r.kind != "code"
            and not _quals_agree(r.qual, h.qual)
            and not (r.soft or h.soft or r.qual in h.loose or h.qual in r.loose)
            and not (src is not None and src.margins and r.value in src.margins)  # within
        ):
            flags.append(_qualifier_flag(r, h, ref, hyp, src))
        if h.currency and not r.currency and src is not None:
            flags.append(_currency_flag(r, h, ref, hyp, src))
        flags.append(_unit_flag(r, h, ref, hyp))
        if src is not None and src.distributive:
            flags.append(_distributive_flag(r, h, rw, hw, src))
        flags.append(_change_flag(r, h, rw, hw, src))
    for r in r_left:
        h = next((x for x in h_left if x.family() == r.family()), None)
        if h is not None:
            h_left.remove(h)
            flags.append(_value_flag(r, h, ref, hyp, src))
        elif not _kept_untranslated(r, hyp):
            flags.append(_lone_flag(r, ref, True, src, rw.language))
    kept = [h for h in h_left if not _kept_untranslated(h, ref)]
    flags += [_lone_flag(h, hyp, False, src, hw.language) for h in kept]
    flags += kinds
    flags += placeholder_flags(rw, hw)
    flags += leading_zero_flags(rw, hw, hq, src)
    flags += ordinal_flags(rw, hw, rq, hq, src)
    if src is not None and src.margins:
        flags += _margin_flags(hq, hw, src)
    return [f for f in flags if f is not None]


def detect(ref: Words, hyp: Words, src: Source | None = None) -> Detection:
    """``numbers_in`` as a registered detector (it masks nothing), with the source's
    numbers as evidence when the pair has a source."""
    numbers = src.memo("numbers", parse_source) if src is not None else None
    return Detection(numbers_in(ref, hyp, numbers), ref, hyp)
