"""Chinese/Japanese numerals of a source sentence, and the number phrases built on them.

Plain numerals (二十, 三千五百万, 二〇二二) are read by ``cjk_value``. Around them, Chinese
says some amounts in ways a digit scan misreads: an approximate magnitude (10多万 = over
100,000, 上万 = upwards of 10,000), neighbouring digits as a range (两三天 = two or three
days, 三四十 = 30-40, not 23 or 340), tenths (三成 = 30%), percent and per mille
(百分之五十 = 50%), halves (一个半小时 = 1.5 hours, 两年半, 半小时 = 30 minutes) and
"ten-some" (十几 = more than ten, a dozen). ``phrase_readings`` returns these, each with
the qualifier class it carries (qualifiers.tsv classes), and the numeral runs they
replace. Every reading is evidence only: a source may say more than one thing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

DIGITS = {"〇": 0, "零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5}
DIGITS |= {"六": 6, "七": 7, "八": 8, "九": 9}
UNITS = {"十": 10, "百": 100, "千": 1000}
BIG = {"万": 10**4, "萬": 10**4, "亿": 10**8, "億": 10**8}
NUMERAL = re.compile("[" + "".join([*DIGITS, *UNITS, *BIG]) + "]+")

_NUM = r"(\d+(?:\.\d+)?|[〇零一二两三四五六七八九十百千]+)"
_SCALE = "[十百千万亿萬億]"
#: after a number: 多/余 "more than", 几 "-some", 来 "about"
_APPROX = {"多": ">", "余": ">", "几": ">", "来": "~"}
#: before a bare magnitude: 上万 "upwards of 10,000", 近万 "nearly 10,000"
_LEADS = {"上": ">", "逾": ">", "过": ">", "破": ">", "近": "≈<"}
_MAGNITUDE = re.compile(rf"{_NUM}([多余几来])({_SCALE}+)")
_TRAILING = re.compile(rf"(?<![\d.]){_NUM}({_SCALE}+)[多余]")
_LEAD = re.compile(r"(?<![\d〇零一二两三四五六七八九十百千])([上逾过破近])([万萬亿億])")
_NEIGHBOURS = re.compile(
    r"(?<![\d〇零一二两三四五六七八九十百千万亿])([一二两三四五六七八])([二三四五六七八九])"
    rf"({_SCALE}{{0,2}})(?![〇零一二两三四五六七八九\d])"
)
_TENTHS = re.compile(rf"{_NUM}成(?![为功立员绩本果熟长])")
_PER = re.compile(rf"([百千])分之{_NUM}")
_AND_A_HALF = re.compile(rf"{_NUM}(?:个|年|个月|天|个小时|小时)半")
_HALF = re.compile(r"(?<![\d〇零一二两三四五六七八九十百千个])半(个)?(小时|钟头|年|天)")
_NOT_AFTER_NUMERAL = r"(?<![\d〇零一二两三四五六七八九十百千])"
_TEN_SOME = re.compile(rf"{_NOT_AFTER_NUMERAL}([二三四五六七八九]?)十几(?!{_SCALE})")
_HALF_OF = {"小时": 30.0, "钟头": 30.0, "年": 6.0, "天": 12.0}  # minutes, months, hours


@dataclass(frozen=True)
class Reading:
    """Values a source phrase may be translated as, with its qualifier class."""

    start: int
    end: int
    values: frozenset[float]
    qual: str | None = None
    pair: tuple[int, int] | None = None  # a range: 两三 = 2-3


def cjk_value(chars: str) -> float | None:
    """二十 = 20, 三千五百万 = 35,000,000, 二〇二二 = 2022 (digit by digit); None if no value."""
    total = section = digit = 0
    seen = False
    for ch in chars:
        if ch in DIGITS:
            digit = digit * 10 + DIGITS[ch] if digit and seen else DIGITS[ch]
            seen = True
        elif ch in UNITS:
            section += (digit or 1) * UNITS[ch]
            digit, seen = 0, False
        else:
            total = (total + section + digit) * BIG[ch]
            section = digit = 0
            seen = False
    if digit and not seen_zero(chars) and len(chars) >= 3 and chars[-2] in {**UNITS, **BIG}:
        digit *= _lower(chars[-2])  # 一万二 = 12,000, 三千五 = 3,500 (the next unit down)
    value = total + section + digit
    return float(value) if value or "零" in chars or "〇" in chars else None


def seen_zero(chars: str) -> bool:
    return "零" in chars or "〇" in chars


def _lower(unit: str) -> int:
    """The unit below 万 is 千, below 千 百, below 百 十 (十 has none below: 十五 = 15)."""
    size = UNITS.get(unit) or BIG[unit]
    return 1 if size == 10 else size // 10


def _number(text: str) -> float | None:
    return float(text) if text[0].isdigit() else cjk_value(text)


def _scale(chars: str) -> float:
    """万 = 10,000, 千万 = 10,000,000, 百亿 = 10,000,000,000: units multiply."""
    out = 1.0
    for ch in chars:
        out *= UNITS.get(ch) or BIG[ch]
    return out


def _magnitudes(text: str) -> list[Reading]:
    out = []
    for m in _MAGNITUDE.finditer(text):
        n = _number(m.group(1))
        if n is not None:
            value = n * _scale(m.group(3))
            out.append(Reading(m.start(), m.end(), frozenset({value}), _APPROX[m.group(2)]))
    for m in _TRAILING.finditer(text):
        n = _number(m.group(1))
        if n is not None:
            value = n * _scale(m.group(2))
            out.append(Reading(m.start(), m.end(), frozenset({value}), ">"))
    for m in _LEAD.finditer(text):
        value = float(BIG[m.group(2)])
        out.append(Reading(m.start(2), m.end(), frozenset({value}), _LEADS[m.group(1)]))
    return out


def _ranges(text: str) -> list[Reading]:
    """两三天, 三四十人, 五六万: two neighbouring digits are "two or three", not 23."""
    out = []
    for m in _NEIGHBOURS.finditer(text):
        a, b = DIGITS[m.group(1)], DIGITS[m.group(2)]
        if b != a + 1:
            continue
        scale = _scale(m.group(3))
        x, y = a * scale, b * scale
        pair = (int(x), int(y)) if x.is_integer() and y.is_integer() else None
        out.append(Reading(m.start(), m.end(), frozenset({x, y}), None, pair))
    return out


def _parts(text: str) -> list[Reading]:
    """Tenths, percent, per mille, halves, ten-some."""
    out = []
    for m in _TENTHS.finditer(text):
        n = _number(m.group(1))
        if n is not None and n <= 10:
            out.append(Reading(m.start(), m.end(), frozenset({n * 10})))
    for m in _PER.finditer(text):
        n = _number(m.group(2))
        if n is not None:
            value = n if m.group(1) == "百" else n / 10  # per mille, as a percentage
            out.append(Reading(m.start(), m.end(), frozenset({value, n})))
    for m in _AND_A_HALF.finditer(text):
        n = _number(m.group(1))
        if n is not None:
            out.append(Reading(m.start(), m.end(), frozenset({n + 0.5})))
    for m in _HALF.finditer(text):
        out.append(Reading(m.start(), m.end(), frozenset({0.5, _HALF_OF[m.group(2)]})))
    for m in _TEN_SOME.finditer(text):
        tens = DIGITS[m.group(1)] if m.group(1) else 1
        values = {tens * 10.0} | ({12.0} if tens == 1 else set())  # 十几 = "a dozen"
        out.append(Reading(m.start(), m.end(), frozenset(values), ">"))
    return out


def phrase_readings(text: str) -> tuple[list[Reading], frozenset[int]]:
    """The phrases above, and the start offsets of the numeral runs they stand for (their
    plain reading is wrong: 两三 is not 23, the 百 of 百分之 is no hundred)."""
    readings = [*_magnitudes(text), *_ranges(text), *_parts(text)]
    replaced = {r.start for r in readings if r.pair is not None}
    replaced |= {m.start() for m in _PER.finditer(text)}
    return readings, frozenset(replaced)
