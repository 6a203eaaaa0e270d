"""Quantities compared by value: digits, number words, money, percentages, dates, qualifiers.

Strings are useless here ("12,000" = "12000" = "twelve thousand"), so each side is turned
into a list of quantities with their kind (plain, percent, money, ordinal, month, ...)
and qualifier class ("more than" = "over" != "about"), then the two lists are matched.
Words that are only sometimes numbers ("one", "first", "half", "hundreds") are *soft*:
they are reported only when the other side has a different quantity in their place.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass, replace
from functools import cache
from itertools import pairwise

from text_to_num import text2num

from mtcompare.checks._text import Words, fold
from mtcompare.checks.base import Detection, number, table, word_list
from mtcompare.checks.source import Source
from mtcompare.core.model import ErrorFlag

#: Display names of the qualifier classes (message text, not vocabulary).
_QUAL_NAMES = {
    ">": "more than",
    "<": "less than",
    "~": "about",
    "≈<": "nearly",
    "=": "exactly",
    None: "no qualifier",
}
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
    units_ordinals: frozenset[str]
    starters: frozenset[str]  # every word ``_word_quantity`` can start a quantity with


def _values(language: str, name: str) -> dict[str, int | float]:
    return {row[0]: number(row[1]) for row in table(language, name)}


def _token_re(ordinal_suffixes: tuple[str, ...], suffix_scales: Collection[str]) -> re.Pattern[str]:
    suffixes = "|".join(rf"{re.escape(x)}\b" for x in (*ordinal_suffixes, "s", *suffix_scales))
    return re.compile(
        r"(?P<time>\b\d{1,2}:\d{2}\b)"
        r"|(?:(?P<cur>US\$|[$€£¥])\s?)?"
        r"(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+){2,}|\d+(?:\.\d+)?|\.\d+)"
        rf"(?P<suf>%|{suffixes})?"
        r"|(?P<word>[^\W\d_]+(?:['’][^\W\d_]+)*)"
        r"|(?P<sym>[-–])"
    )


@cache
def _lists(language: str) -> _Lists:
    units, scales, ordinals = (_values(language, n) for n in ("units", "scales", "ordinals"))
    fractions, vague = _values(language, "fractions"), _values(language, "vague")
    months, weekdays = _values(language, "months"), _values(language, "weekdays")
    suffix_rows = table(language, "suffix_scales")
    ordinal_suffixes = word_list(language, "ordinal_suffixes")
    words = {*units, *scales, *ordinals, *fractions, *vague, "dozen", "both"}
    maybe = re.compile(
        r"\d|\b(?:"
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
        frozenset({*units, *ordinals}),
        frozenset({*months, *weekdays, *fractions, *vague, *ordinals, *units, "both", "a", "an"}),
    )


@dataclass
class Quantity:
    """One quantity found in a sentence, with the original text that expressed it."""

    value: float | int
    kind: str  # num, pct, ord, frac, vague, month, weekday, time, decade
    start: int
    end: int
    soft: bool = False
    currency: str | None = None
    qual: str | None = None
    qual_start: int | None = None

    def family(self) -> str:
        return self.kind if self.kind in ("month", "weekday", "time", "frac") else "q"


@dataclass
class _Tok:
    kind: str  # num, word, time, sym
    text: str
    low: str
    start: int
    end: int
    cur: str | None = None
    suf: str | None = None


def _scan(text: str, lists: _Lists) -> list[_Tok]:
    out: list[_Tok] = []
    for m in lists.token_re.finditer(text):
        if m.group("time"):
            out.append(_Tok("time", m.group(), m.group(), m.start(), m.end()))
        elif m.group("num") is not None:
            start = m.start("cur") if m.group("cur") else m.start("num")
            num_start = m.start("num")
            prev = text[num_start - 1] if num_start else " "
            # Digits glued to letters are names or codes (G7, COVID-19, F-16), not quantities.
            before = text[num_start - 2] if num_start >= 2 else " "
            if prev in "xX" and before.isdigit():
                pass  # 11x15 mm
            elif prev.isalpha() or (prev == "-" and before.isalpha()):
                continue
            if m.group("num").count(".") >= 2:  # 03.01.21: a date, read part by part
                pos = num_start
                for part in m.group("num").split("."):
                    out.append(_Tok("num", part, part, pos, pos + len(part)))
                    pos += len(part) + 1
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
        elif m.group("word"):
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
        if t.kind == "time":
            q = Quantity(t.text, "time", t.start, t.end)
        elif t.kind == "num":
            q = _digits(t, lists)
        elif t.kind == "word" and t.low in lists.starters:
            q, j = _word_quantity(toks, i, out, lists)
        if q is None:
            i += 1
            continue
        j = _words_after(q, toks, i, j, lists)
        _attach_qualifier(q, toks, i, j, lists)
        out.append(q)
        i = j
    _merge_dates(out)
    return out


def _digits(t: _Tok, lists: _Lists) -> Quantity:
    """A number written in digits, with its suffix (%, 1st, 1990s, 5bn, $3m)."""
    value: float = float(t.low.replace(",", ""))
    kind = "num"
    if t.suf == "%":
        kind = "pct"
    elif t.suf in lists.ordinal_suffixes:
        kind = "ord"
    elif t.suf == "s" and len(t.low) == 4:
        kind = "decade"
    elif t.suf in lists.suffix_scales and (t.cur or t.suf in lists.always_scale):
        value *= lists.suffix_scales[t.suf]
    return Quantity(value, kind, t.start, t.end, currency=t.cur)


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
        if t.text[:1].isupper():
            return Quantity(lists.months[w], "month", t.start, t.end), i + 1
    elif w in lists.weekdays and t.text[:1].isupper():
        return Quantity(lists.weekdays[w], "weekday", t.start, t.end), i + 1
    elif w == "half" and _is_word(toks, i + 1, ("a", "an")) and _is_word(toks, i + 2, lists.scales):
        value = 0.5 * lists.scales[toks[i + 2].low]
        return Quantity(value, "num", t.start, toks[i + 2].end), i + 3
    elif w in lists.fractions and (
        w in ("half", "halves") or _is_word(toks, i - 1, lists.fraction_leads)
    ):
        return _fraction(toks, i, out, lists), i + 1
    elif w == "both":
        return Quantity(2, "num", t.start, t.end, soft=True), i + 1
    elif w in lists.vague:
        return Quantity(lists.vague[w], "vague", t.start, t.end, soft=True), i + 1
    elif w in lists.ordinals:
        return Quantity(lists.ordinals[w], "ord", t.start, t.end, soft=True), i + 1
    elif w in lists.units or (w in ("a", "an") and _is_word(toks, i + 1, lists.scales_dozen)):
        return _number_words(toks, i, lists)
    return None, i + 1


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
        if tk.kind == "sym" and _is_word(toks, k + 1, lists.units_ordinals):
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
    one_only = words == ["one"]
    if value_w is None or (
        one_only
        and (_is_word(toks, i - 1, lists.not_one_before) or _is_word(toks, i + 1, ("another",)))
    ):
        return None, i + 1
    return Quantity(value_w, "num", t.start, toks[k - 1].end, soft=one_only), k


def _words_after(q: Quantity, toks: list[_Tok], i: int, j: int, lists: _Lists) -> int:
    """Magnitude, percent and currency words after the number; the index after them."""
    if q.kind not in ("num", "pct"):
        return j
    if _is_word(toks, j, lists.scales) and toks[i].kind == "num":
        q.value *= lists.scales[toks[j].low]
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
            q.qual = lists.qualifiers[phrase]
            q.qual_start = toks[i - size].start
            return
    after = tuple(t.low for t in toks[j : j + 2] if t.kind == "word")
    if after in lists.qualifiers_after:
        q.qual = lists.qualifiers_after[after]


def _merge_dates(items: list[Quantity]) -> None:
    """A day next to a month is a plain day number: "April 24th" = "24 April" = "April 24"."""
    for a, b in pairwise(items):
        for day, month in ((a, b), (b, a)):
            if (
                month.kind == "month"
                and day.kind in ("ord", "num")
                and abs(day.start - month.start) < 20
            ):
                day.kind = "num"
                day.soft = False


def _show(q: Quantity, text: str) -> str:
    start = q.qual_start if q.qual_start is not None else q.start
    return text[start : q.end].strip()


def _compatible(r: Quantity, h: Quantity) -> bool:
    if r.family() != h.family() and not (r.kind == "frac" and h.kind in ("num", "pct")):
        return False
    if r.kind in ("month", "weekday", "time") or h.kind in ("month", "weekday", "time"):
        return r.kind == h.kind and r.value == h.value
    if r.currency and h.currency and r.currency != h.currency:
        return False
    a, b = float(r.value), float(h.value)
    return abs(a - b) <= 1e-9 * max(1.0, abs(a), abs(b))


def _quantities(w: Words) -> list[Quantity]:
    # The tokens answer maybe_number's word part without its slow case-blind alternation
    # (a word it matches is a token folding to one of these; extra hits are only slower).
    lists = _lists(w.language)
    if _DIGIT.search(w.text):
        return _extract(w.text, lists)  # maybe_number's first branch: no need to run it
    if lists.number_words.isdisjoint(w.low):
        return []
    return extract_quantities(w.text, w.language)


def numbers_in(rw: Words, hw: Words) -> list[ErrorFlag]:
    """Flags for quantities whose value, kind or qualifier differ between the two sides."""
    ref, hyp = rw.text, hw.text
    rq, hq = rw.analysis(_quantities), hw.analysis(_quantities)
    if not rq and not hq:
        return []
    flags: list[ErrorFlag] = []
    used: set[int] = set()
    r_left: list[Quantity] = []
    for r in rq:
        match = next((k for k, h in enumerate(hq) if k not in used and _compatible(r, h)), None)
        if match is None:
            r_left.append(r)
            continue
        used.add(match)
        h = hq[match]
        if r.qual != h.qual and not (r.soft or h.soft):
            rs, hs = _show(r, ref), _show(h, hyp)
            flags.append(
                ErrorFlag(
                    "numbers",
                    rs,
                    hs,
                    f"qualifier {_QUAL_NAMES[r.qual]!r} vs {_QUAL_NAMES[h.qual]!r}: "
                    f"'{rs}' vs '{hs}'",
                )
            )
    h_left = [h for k, h in enumerate(hq) if k not in used]
    for r in r_left:
        h = next((x for x in h_left if x.family() == r.family()), None)
        if h is not None:
            h_left.remove(h)
            rs, hs = _show(r, ref), _show(h, hyp)
            flags.append(ErrorFlag("numbers", rs, hs, f"number {rs} vs {hs}"))
        elif not r.soft:
            rs = _show(r, ref)
            flags.append(ErrorFlag("numbers", rs, "", f"number {rs} missing in MT"))
    for h in h_left:
        if not h.soft:
            hs = _show(h, hyp)
            flags.append(ErrorFlag("numbers", "", hs, f"number {hs} added in MT"))
    return flags


def detect(ref: Words, hyp: Words, src: Source | None = None) -> Detection:
    """``numbers_in`` as a registered detector (it masks nothing). Without evidence from the
    source its differences may be paraphrase or notation: severity ``check``."""
    return Detection([replace(f, severity="check") for f in numbers_in(ref, hyp)], ref, hyp)
