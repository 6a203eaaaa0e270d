"""Quantities compared by value: digits, number words, money, percentages, dates, qualifiers.

Strings are useless here ("12,000" = "12000" = "twelve thousand"), so each side is turned
into a list of quantities with their kind (plain, percent, money, ordinal, month, ...)
and qualifier class ("more than" = "over" != "about"), then the two lists are matched.
Words that are only sometimes numbers ("one", "first", "half", "hundreds") are *soft*:
they are reported only when the other side has a different quantity in their place.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import pairwise

from text_to_num import text2num

from mtcompare.checks._text import Words, fold
from mtcompare.core.model import ErrorFlag

_TOKEN_RE = re.compile(
    r"(?P<time>\b\d{1,2}:\d{2}\b)"
    r"|(?:(?P<cur>US\$|[$€£¥])\s?)?"
    r"(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+){2,}|\d+(?:\.\d+)?|\.\d+)"
    r"(?P<suf>%|st\b|nd\b|rd\b|th\b|s\b|bn\b|tn\b|trn\b|m\b|k\b)?"
    r"|(?P<word>[^\W\d_]+(?:['’][^\W\d_]+)*)"
    r"|(?P<sym>[-–])"
)

_UNITS = {
    "zero": 0,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
}
_SCALES = {"hundred": 100, "thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12}
_SUFFIX_SCALES = {"bn": 1e9, "tn": 1e12, "trn": 1e12, "m": 1e6, "k": 1e3}
_ORDINALS = {
    "first": 1,
    "second": 2,
    "third": 3,
    "fourth": 4,
    "fifth": 5,
    "sixth": 6,
    "seventh": 7,
    "eighth": 8,
    "ninth": 9,
    "tenth": 10,
    "eleventh": 11,
    "twelfth": 12,
    "thirteenth": 13,
    "fourteenth": 14,
    "fifteenth": 15,
    "sixteenth": 16,
    "seventeenth": 17,
    "eighteenth": 18,
    "nineteenth": 19,
    "twentieth": 20,
    "thirtieth": 30,
    "fortieth": 40,
    "fiftieth": 50,
    "hundredth": 100,
}
_FRACTIONS = {"half": 2, "halves": 2, "third": 3, "thirds": 3, "quarter": 4, "quarters": 4}
_VAGUE = {"dozens": 12, "hundreds": 100, "thousands": 1e3, "millions": 1e6, "billions": 1e9}
_MONTHS = {
    m: i + 1
    for i, ms in enumerate(
        (
            "january jan",
            "february feb",
            "march mar",
            "april apr",
            "may",
            "june jun",
            "july jul",
            "august aug",
            "september sep sept",
            "october oct",
            "november nov",
            "december dec",
        )
    )
    for m in ms.split()
}
_WEEKDAYS = {
    d: i
    for i, d in enumerate(
        ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
    )
}
_CURRENCY_WORDS = {
    "dollar": "$",
    "dollars": "$",
    "usd": "$",
    "euro": "€",
    "euros": "€",
    "eur": "€",
    "pound": "£",
    "pounds": "£",
    "gbp": "£",
    "sterling": "£",
    "yen": "¥",
    "yuan": "yuan",
    "renminbi": "yuan",
    "rouble": "rub",
    "roubles": "rub",
    "ruble": "rub",
    "rubles": "rub",
    "franc": "chf",
    "francs": "chf",
    "rupee": "inr",
    "rupees": "inr",
}
_PERCENT_WORDS = {"percent", "pct", "percentage"}

#: Qualifier phrases (as folded word tuples) -> class. "more than" = "over" = "at least".
_QUALIFIERS: dict[tuple[str, ...], str] = {}
for _cls, _phrases in {
    ">": "more than|over|above|in excess of|upwards of|exceeding|at least|no fewer than|"
    "no less than|well over|just over|greater than|higher than",
    "<": "less than|fewer than|under|below|up to|at most|no more than|not more than|"
    "lower than|as few as|as little as",
    "~": "about|around|approximately|roughly|some|an estimated|estimated|circa|"
    "approx|or so|give or take",
    "≈<": "nearly|almost|close to|just under|just below|just shy of|not quite",
    "=": "exactly|precisely|a full|fully",
}.items():
    for _p in _phrases.split("|"):
        _QUALIFIERS[tuple(_p.split())] = _cls
_QUAL_AFTER = {("or", "more"): ">", ("or", "less"): "<", ("or", "fewer"): "<", ("or", "so"): "~"}
_QUAL_NAMES = {
    ">": "more than",
    "<": "less than",
    "~": "about",
    "≈<": "nearly",
    "=": "exactly",
    None: "no qualifier",
}
#: Cheap pre-filter: a sentence without any of these has no quantity at all.
_MAYBE_NUMBER = re.compile(
    r"\d|\b(?:"
    + "|".join(sorted({*_UNITS, *_SCALES, *_ORDINALS, *_FRACTIONS, *_VAGUE, "dozen", "both"}))
    + r")\b|\b(?:"
    + "|".join(sorted({m.title() for m in (*_MONTHS, *_WEEKDAYS)}))
    + r")\b",
    re.IGNORECASE,
)
_NUMBER_WORDS = frozenset(
    w.lower()
    for group in (_UNITS, _SCALES, _ORDINALS, _FRACTIONS, _VAGUE, _MONTHS, _WEEKDAYS)
    for w in group
) | {"dozen", "both"}
_DIGIT = re.compile(r"\d")
_NOT_ONE_BEFORE = {"no", "any", "every", "some", "the", "this", "that", "which", "each"}
_FRACTION_LEAD = {"a", "an", "one", "two", "three", "four"}


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


def _scan(text: str) -> list[_Tok]:
    out: list[_Tok] = []
    for m in _TOKEN_RE.finditer(text):
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


def _words_value(words: list[str]) -> float | None:
    """Value of a run of number words; text2num does the arithmetic, we fix its gaps."""
    if words and words[-1] == "__dozen__":
        base = _words_value(words[:-1]) if len(words) > 1 else 1
        return None if base is None else base * 12
    if words and words[0] in ("a", "an"):
        words = ["one", *words[1:]]
    if len(words) == 1:
        w = words[0]
        return _UNITS.get(w, _SCALES.get(w))
    try:
        return float(text2num(" ".join(words), "en"))
    except ValueError:
        # Year-style readings text2num rejects ("nineteen eighty nine"): pairwise.
        if len(words) >= 2 and words[0] in _UNITS and 10 <= _UNITS[words[0]] < 100:
            rest = _words_value(words[1:])
            if rest is not None and rest < 100:
                return _UNITS[words[0]] * 100 + rest
        return None


def _is_word(toks: list[_Tok], i: int, *options: str) -> bool:
    return 0 <= i < len(toks) and toks[i].kind == "word" and toks[i].low in options


def extract_quantities(text: str) -> list[Quantity]:
    """All quantities in ``text``, with qualifier, currency and kind attached."""
    if not _MAYBE_NUMBER.search(text):
        return []
    return _extract(text)


def _extract(text: str) -> list[Quantity]:
    """``extract_quantities`` for a text that may hold a number (past the cheap check)."""
    toks = _scan(text)
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
            value: float = float(t.low.replace(",", ""))
            kind = "num"
            if t.suf == "%":
                kind = "pct"
            elif t.suf in ("st", "nd", "rd", "th"):
                kind = "ord"
            elif t.suf == "s" and len(t.low) == 4:
                kind = "decade"
            elif t.suf in _SUFFIX_SCALES and (t.cur or t.suf in ("bn", "tn", "trn")):
                value *= _SUFFIX_SCALES[t.suf]
            q = Quantity(value, kind, t.start, t.end, currency=t.cur)
        elif t.kind == "word":
            w = t.low
            if (
                w in _MONTHS
                and (w != "may" or t.text == "May")
                and (len(w) > 3 or t.text[:1].isupper())
            ):
                if t.text[:1].isupper():
                    q = Quantity(_MONTHS[w], "month", t.start, t.end)
            elif w in _WEEKDAYS and t.text[:1].isupper():
                q = Quantity(_WEEKDAYS[w], "weekday", t.start, t.end)
            elif (
                w == "half" and _is_word(toks, i + 1, "a", "an") and _is_word(toks, i + 2, *_SCALES)
            ):
                q = Quantity(0.5 * _SCALES[toks[i + 2].low], "num", t.start, toks[i + 2].end)
                j = i + 3
            elif w in _FRACTIONS and (
                w in ("half", "halves") or _is_word(toks, i - 1, *_FRACTION_LEAD)
            ):
                lead = toks[i - 1].low if i and toks[i - 1].kind == "word" else "a"
                count = _UNITS.get(lead, 1)
                start = toks[i - 1].start if lead in _FRACTION_LEAD and w != "half" else t.start
                nxt_ok = w in ("half", "halves") or not _is_word(
                    toks, i + 1, "term", "round", "time"
                )
                if nxt_ok:
                    q = Quantity(count / _FRACTIONS[w], "frac", start, t.end, soft=True)
                    if out and out[-1].start >= start:
                        out.pop()  # "one third": the "one" was read as a number
            elif w == "both":
                q = Quantity(2, "num", t.start, t.end, soft=True)
            elif w in _VAGUE:
                q = Quantity(_VAGUE[w], "vague", t.start, t.end, soft=True)
            elif w in _ORDINALS:
                q = Quantity(_ORDINALS[w], "ord", t.start, t.end, soft=True)
            elif w in _UNITS or (w in ("a", "an") and _is_word(toks, i + 1, *_SCALES, "dozen")):
                words = [w]
                k = i + 1
                while k < n:
                    tk = toks[k]
                    if tk.kind == "sym" and _is_word(toks, k + 1, *_UNITS, *_ORDINALS):
                        k += 1
                        continue
                    if tk.kind == "word" and (tk.low in _UNITS or tk.low in _SCALES):
                        words.append(tk.low)
                        k += 1
                    elif tk.kind == "word" and tk.low == "dozen":
                        words.append("__dozen__")
                        k += 1
                    elif (
                        tk.kind == "word"
                        and tk.low == "and"
                        and _is_word(toks, k + 1, *_UNITS)
                        and words[-1] in _SCALES
                    ):
                        k += 1
                    elif (
                        tk.kind == "word"
                        and tk.low in _ORDINALS
                        and _UNITS.get(words[-1], 0) >= 20
                        and _ORDINALS[tk.low] < 10
                    ):
                        # twenty-first
                        words = [*words, "__ord__", tk.low]
                        k += 1
                        break
                    else:
                        break
                if "__ord__" in words:
                    base = _words_value(words[: words.index("__ord__")]) or 0
                    q = Quantity(
                        base + _ORDINALS[words[-1]], "ord", t.start, toks[k - 1].end, soft=True
                    )
                    j = k
                else:
                    value_w = _words_value(words)
                    one_only = words == ["one"]
                    if value_w is not None and not (
                        one_only
                        and (
                            _is_word(toks, i - 1, *_NOT_ONE_BEFORE)
                            or _is_word(toks, i + 1, "another")
                        )
                    ):
                        q = Quantity(value_w, "num", t.start, toks[k - 1].end, soft=one_only)
                        j = k
        if q is None:
            i += 1
            continue
        # Magnitude, percent and currency words after the number.
        if q.kind in ("num", "pct"):
            if _is_word(toks, j, *_SCALES) and toks[i].kind == "num":
                q.value *= _SCALES[toks[j].low]
                q.end = toks[j].end
                j += 1
            if _is_word(toks, j, *_PERCENT_WORDS) or (
                _is_word(toks, j, "per") and _is_word(toks, j + 1, "cent")
            ):
                q.kind = "pct"
                j += 2 if toks[j].low == "per" else 1
                if _is_word(toks, j, "point", "points"):
                    j += 1
                q.end = toks[j - 1].end
            elif _is_word(toks, j, *_CURRENCY_WORDS):
                q.currency = _CURRENCY_WORDS[toks[j].low]
                q.end = toks[j].end
                j += 1
        _attach_qualifier(q, toks, i, j)
        out.append(q)
        i = j
    _merge_dates(out)
    return out


def _attach_qualifier(q: Quantity, toks: list[_Tok], i: int, j: int) -> None:
    """Qualifier class from the words just before (or "or more" just after) the number."""
    before = [t.low for t in toks[max(0, i - 4) : i] if t.kind == "word"]
    if i and toks[i - 1].kind != "word":
        before = []
    for size in (4, 3, 2, 1):
        phrase = tuple(before[-size:])
        if len(phrase) == size and phrase in _QUALIFIERS:
            q.qual = _QUALIFIERS[phrase]
            q.qual_start = toks[i - size].start
            return
    after = tuple(t.low for t in toks[j : j + 2] if t.kind == "word")
    if after in _QUAL_AFTER:
        q.qual = _QUAL_AFTER[after]


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
    # The tokens answer _MAYBE_NUMBER's word part without its slow case-blind alternation
    # (a word it matches is a token folding to one of these; extra hits are only slower).
    if _DIGIT.search(w.text):
        return _extract(w.text)  # _MAYBE_NUMBER's first branch: no need to run it
    if _NUMBER_WORDS.isdisjoint(w.low):
        return []
    return extract_quantities(w.text)


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
