"""Quantities compared by value: digits, number words, money, percentages, dates, qualifiers.

Strings are useless here ("12,000" = "12000" = "twelve thousand"), so each side is turned
into a list of quantities with their kind (plain, percent, money, ordinal, month, ...)
and qualifier class ("more than" = "over" != "about"; the parse is ``_numbers_parse``'s),
then the two lists are matched.
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

from mtcompare.checks._numbers_kind import (
    kind_flags,
    leading_zero_flags,
    ordinal_flags,
    placeholder_flags,
)
from mtcompare.checks._numbers_parse import Quantity, _lists, _quantities
from mtcompare.checks._numbers_parse import extract_quantities as extract_quantities
from mtcompare.checks._numbers_source import SourceNumbers, calendar_word, parse_source
from mtcompare.checks._text import Words, fold, stopwords, window
from mtcompare.checks.base import Detection
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
