"""Quantities read from English text: the parse the numbers check compares.

Each number in a sentence becomes a ``Quantity``: its value, its kind (plain, percent,
money, ordinal, fraction, vague, month, weekday, clock time, score or range, date, code,
decade), its qualifier class ("more than", "about"), currency and unit, and the words
that expressed it. Digits and their notations (1,000; 10 PM; 18.01.; 61:72; E95), number
words ("twenty-one", "a quarter of a million", "two and a half"), vague magnitudes
("tens of thousands") and dates merged from their parts ("April 24th, 2021") are read;
the vocabulary comes from data/<language>/*.tsv and *.txt.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass
from functools import cache, partial
from itertools import compress
from typing import Any, NamedTuple

from text_to_num import text2num

from mtcompare.checks._text import Words, fold
from mtcompare.checks.base import number, table, word_list

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
        # a position where no token can start (spaces, most punctuation) fails at once
        r"(?=[\w#$€£¥.\-–])(?:"
        # words first (most tokens): only a "US$" before a number starts otherwise at a letter
        r"(?P<word>(?!US\$\s?\.?\d)[^\W\d_]+(?:['’][^\W\d_]+)*)"
        r"|(?P<placeholder>#NUMBER#)"
        r"|(?P<clock>(?<![\d.,])\b\d{1,2}(?:[:.]\d{2})?(?:\s?(?:[aApP]\.\s?[mM]\.|[aApP][mM]\b|Uhr\b"
        r"|[oO]['’][cC]lock\b|[cC]lock\b)|h\b))"
        r"|(?P<date>(?<![\d.,])\d{1,2}(?:[./]\d{1,2}[./]\d{1,4}\b|\.\d{1,2}\.(?!\d)"
        r"|/\d{1,2}\b(?!/)))"
        r"|(?P<pair>(?<![\d.,])\d{1,4}(?::|\s?[-–]\s?|\sto\s)\d{1,4}\b(?![.,:]\d|%|\s?[aApP]\.?[mM]\b))"
        r"|(?:(?P<cur>US\$|[$€£¥])\s?)?"
        r"(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d{1,3} \.\d{3}(?![\d.,])|\d+(?:\.\d+){2,}"
        r"|\d+(?:\.\d+)?|\.\d+)"
        rf"(?P<suf>%|{suffixes})?"
        r"|(?P<sym>[-–]))"
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


class _Tok(NamedTuple):
    """One token of a sentence for the number parser (a tuple: cheap to make, and the
    scanner makes one for every word)."""

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
#: The token regex's groups other than the parts of a number (cur, num, suf).
_KINDS = frozenset({"placeholder", "clock", "date", "pair", "sym"})


_new_tok = partial(tuple.__new__, _Tok)  # _Tok(...) without its Python-level __new__


def _scan(text: str, lists: _Lists) -> list[_Tok]:
    out: list[_Tok] = []
    for m in lists.token_re.finditer(text):
        kind = m.lastgroup
        if kind == "word":  # most tokens: first
            w = m.group()
            out.append(_new_tok(("word", w, fold(w), *m.span(), None, None)))
            continue
        kind = kind if kind in _KINDS else "num"
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
    starters = lists.starters
    # the tokens that may start a quantity (any other is passed by): the loop visits
    # those at or after ``i``, the index after the last quantity
    may_start = [t.kind != "sym" and (t.kind != "word" or t.low in starters) for t in toks]
    i = 0
    for k in compress(range(len(toks)), may_start):
        if k < i:
            continue
        i = k
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


def _quantities(w: Words) -> list[Quantity]:
    # The tokens answer maybe_number's word part without its slow case-blind alternation
    # (a word it matches is a token folding to one of these; extra hits are only slower).
    lists = _lists(w.language)
    if _DIGIT.search(w.text) or "#NUMBER#" in w.text:
        return _extract(w.text, lists)  # maybe_number's first branch: no need to run it
    if lists.number_words.isdisjoint(w.low):
        return []
    return extract_quantities(w.text, w.language)
