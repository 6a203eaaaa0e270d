"""What the source sentence says about numbers: values, times, scores, dates, qualifiers.

The source is in another language than the reference and the MT, so only what survives
translation is read: digits (German and English separators are both read: "1.000" is
1000 or 1.0, "2,5" is 2.5 or, with three digits after the comma, 2500), magnitude words
after them (Millionen, Mrd., 万, 亿), Chinese/Japanese numerals (二十, 三千五百), a few
number and qualifier words of source languages (data/en/source_*.tsv), clock times,
scores and numeric dates. Every reading is kept: the source is evidence, not a parse.
"""

from __future__ import annotations

import re
from contextlib import suppress
from dataclasses import dataclass, replace
from functools import cache

from mtcompare.checks._numbers_cjk import NUMERAL, cjk_value, phrase_readings
from mtcompare.checks.base import number, table, word_list

_DIGITS = re.compile(r"(?<![0-9A-Za-zÀ-ÿ.,])\d+(?:[.,]\d+)*")
_GAPPED = re.compile(r" ([.,]\d{3})(?![\d.,]?\d)")
_CLOCK = re.compile(
    r"(?<!\d)(\d{1,2})(?:[:.](\d{2}))?\s?(?:Uhr\b|h\b(?!\.\d))|(?<![\d.:])(\d{1,2}):(\d{2})(?![\d:])"
)
_PAIR = re.compile(r"(?<![\d.,])(\d{1,4})\s?(?::|[-–]|\s[-–]\s)\s?(\d{1,4})(?![\d.,]\d)")
_DATE = re.compile(
    r"(?<![\d.])(\d{1,2})(?:\.(\d{1,2})(?:\.\d{2,4}|\.)|/(\d{1,2})(?:/\d{2,4})?)(?![\d]|\.\d)"
)
_CJK_NUM = "[0-9〇零一二两三四五六七八九十]{1,3}"
_CJK_DATE = re.compile(rf"({_CJK_NUM})月(?:({_CJK_NUM})[日号])?")
_CJK_CLOCK = re.compile(
    rf"(上午|早上|凌晨|中午|下午|晚上|傍晚)?({_CJK_NUM})[点點时時](?:(半)|({_CJK_NUM})分)?"
)
_CJK_WEEKDAY = re.compile("(?:星期|礼拜|(?<![一二两三四五六七八九十几])周)([一二三四五六日天])")
_CJK_WEEKDAYS = {"一": 0, "二": 1, "三": 2, "四": 3, "五": 4, "六": 5, "日": 6, "天": 6}
_HAS_CJK = re.compile("[\u3000-\u9fff]")
_CJK_DAY = re.compile(rf"(?<![月\d〇零一二两三四五六七八九十])({_CJK_NUM})[日号]")
_CJK_ORDINAL = re.compile(rf"第({_CJK_NUM})")
_LONG_WORD = re.compile(r"[^\W\d_]{3,}")
_ANY_DIGIT = re.compile(r"\d")  # what every digit pattern here needs (\d: any script's)
_CODE = re.compile(r"[^\W\d_][\s-]?\d+(?:[\s.]\d+)*")


@dataclass(frozen=True)
class SourceNumbers:
    """Every reading of the source's numbers, for membership tests."""

    values: frozenset[float]
    times: frozenset[int]  # minutes after midnight
    pairs: frozenset[tuple[int, int]]
    dates: frozenset[tuple[int, int]]  # (day, month), both orders of an ambiguous date
    quals: tuple[tuple[str, frozenset[float]], ...]  # qualifier class, values it governs
    ordinals: frozenset[float] = frozenset()  # "ersten", "Zweitimpfung"
    time_quals: frozenset[tuple[str, int]] = frozenset()  # "gegen 19.15 Uhr"
    codes: frozenset[str] = frozenset()  # digits of letter-digit codes: "E 95 02" -> 9502
    months: frozenset[int] = frozenset()
    weekdays: frozenset[int] = frozenset()
    text: str = ""  # the sentence itself, for placeholders (#NUMBER#)
    currencies: frozenset[str] = frozenset()  # "Euro", "€", "美元": as currencies.tsv names
    days: frozenset[int] = frozenset()  # a day without its month: "18日" (the month said before)
    relative: frozenset[str] = frozenset()  # "year", "day": 今年, gestern (resolvable dates)
    distributive: frozenset[float] = frozenset()  # values counted for each one: "je drei"
    margins: frozenset[float] = frozenset()  # "auf acht Punkte heran": a gap, not a score
    changes: tuple[tuple[str, frozenset[float]], ...] = ()  # ("by"|"to", values): "um 5%"
    #: (value, its count-of-times form), first form of each value: "dreimal", 3-mal, 三次
    frequency: tuple[tuple[float, str], ...] = ()
    #: the values of the sentence read without those forms (empty when it has none)
    plain: frozenset[float] = frozenset()


@cache
def _lists() -> tuple[dict[str, float], dict[str, float], list[tuple[str, str, str]]]:
    words = {row[0]: float(number(row[1])) for row in table("en", "source_numerals")}
    scales = {row[0]: float(number(row[1])) for row in table("en", "source_scales")}
    quals = [(row[0], row[1], row[2]) for row in table("en", "source_qualifiers")]
    return words, scales, quals


@cache
def _ordinal_re() -> tuple[re.Pattern[str], dict[str, float]]:
    stems = {row[0]: float(number(row[1])) for row in table("en", "source_ordinals")}
    alt = "|".join(sorted(stems, key=len, reverse=True))
    return re.compile(rf"\b({alt})(?:e[nrsm]?\b|[^\W\d_]{{3,}})", re.IGNORECASE), stems


@cache
def _calendar() -> dict[str, tuple[str, int]]:
    return {row[0]: (row[1], int(row[2])) for row in table("en", "source_calendar")}


def calendar_word(word: str) -> tuple[str, int] | None:
    """("month" | "weekday", number) of a month or weekday name of a source language."""
    return _calendar().get(word.lower())


@cache
def _weekday_names() -> tuple[tuple[str, tuple[str, int]], ...]:
    """The weekday entries of ``_calendar()``, in its order."""
    return tuple((k, v) for k, v in _calendar().items() if v[0] == "weekday")


def _calendar_names(text: str) -> tuple[frozenset[int], frozenset[int]]:
    """Months and weekdays named in the source ("im Juli", "am Sonntagabend")."""
    names = _calendar()
    found: dict[str, set[int]] = {"month": set(), "weekday": set()}
    for word in map(str.lower, _LONG_WORD.findall(text)):
        hit = names.get(word)
        if hit is None and len(word) > 8:  # German compounds: Sonntagabend, Freitagnacht
            hit = next((v for k, v in _weekday_names() if word.startswith(k)), None)
        if hit is not None:
            found[hit[0]].add(hit[1])
    return frozenset(found["month"]), frozenset(found["weekday"])


@cache
def _currency_names() -> dict[str, str]:
    return {row[0].lower(): row[1] for row in table("en", "source_currencies")}


@cache
def _currency_signs() -> tuple[tuple[tuple[str, str], ...], tuple[tuple[str, str], ...]]:
    """The currency names that are no plain word (€, US$) and those in another script
    (美元), in ``_currency_names()`` order: looked for anywhere in the text."""
    names = _currency_names().items()
    return (
        tuple((n, c) for n, c in names if not n.isalpha()),
        tuple((n, c) for n, c in names if not n.isascii()),
    )


def _currencies(text: str) -> frozenset[str]:
    """The currencies the source names: signs and CJK names anywhere, words whole or as
    a hyphen-joined part ("US-Dollar"), so "Europa" is no euro."""
    names = _currency_names()
    signs, scripts = _currency_signs()
    found = {cur for name, cur in signs if name in text}
    found |= {cur for name, cur in scripts if name in text}
    found |= {names[w] for w in re.findall(r"[^\W\d_]+", text.lower()) if w in names}
    return frozenset(found)


def _readings(text: str) -> set[float]:
    """Both conventions: '.' as thousands and ',' as decimal, and the other way round."""
    out = set()
    for thousands, decimal in ((".", ","), (",", ".")):
        s = text.replace(thousands, "")
        if s.count(decimal) <= 1:
            with suppress(ValueError):
                out.add(float(s.replace(decimal, ".")))
    return out


def _scale_after(text: str, end: int, scales: dict[str, float]) -> float:
    rest = text[end : end + 14].lstrip().lower()
    for word in sorted(scales, key=len, reverse=True):
        if rest.startswith(word) and not rest[len(word) : len(word) + 1].isalpha():
            return scales[word]
        if rest.startswith(word) and not word.isascii():
            return scales[word]
    return 1.0


def _qualifier(text: str, start: int, end: int, quals: list[tuple[str, str, str]]) -> str | None:
    before = text[max(0, start - 16) : start].rstrip(" .").lower()
    after = text[end : end + 4].lstrip().lower()
    for cls, phrase, where in quals:
        if where == "before" and before.endswith(phrase):
            ok = len(before) == len(phrase) or not before[-len(phrase) - 1].isalpha()
            if ok or not phrase.isascii():
                return cls
        if where == "after" and after.startswith(phrase):
            return cls
    return None


def _small(chars: str) -> int:
    return int(chars) if chars.isdigit() else int(cjk_value(chars) or 0)


def _cjk_calendar(text: str) -> tuple[set[tuple[int, int]], set[int], set[int], set[int]]:
    """Chinese/Japanese dates (1月18日), months (十一月), clock times (下午3点半), weekdays."""
    dates, months, times, weekdays = set(), set(), set(), set()
    for m in _CJK_DATE.finditer(text):
        month = _small(m.group(1))
        if 1 <= month <= 12:
            months.add(month)
            if m.group(2):
                dates.add((_small(m.group(2)), month))
    for m in _CJK_CLOCK.finditer(text):
        hour = _small(m.group(2))
        minute = 30 if m.group(3) else _small(m.group(4)) if m.group(4) else 0
        if m.group(1) in ("下午", "晚上", "傍晚") and hour < 12:
            hour += 12
        if hour <= 24 and minute < 60:
            times.add(hour % 24 * 60 + minute)
    weekdays = {_CJK_WEEKDAYS[m.group(1)] for m in _CJK_WEEKDAY.finditer(text)}
    return dates, months, times, weekdays


@cache
def _relative_res() -> tuple[tuple[re.Pattern[str], str], ...]:
    """One expression per kind: CJK phrases anywhere, Latin-script ones as whole words."""
    kinds: dict[str, list[str]] = {}
    for phrase, kind in table("en", "source_relative_time"):
        alt = re.escape(phrase) if not phrase.isascii() else rf"(?<!\w){re.escape(phrase)}(?!\w)"
        kinds.setdefault(kind, []).append(alt)
    return tuple((re.compile("|".join(alts)), kind) for kind, alts in kinds.items())


@cache
def _relative_any() -> re.Pattern[str]:
    """Every phrase of ``_relative_res`` without its word bounds: no match, none of them
    (and it is fast to search, with no look-behind to try at every position)."""
    return re.compile("|".join(re.escape(p) for p, _ in table("en", "source_relative_time")))


def _relative(text: str) -> frozenset[str]:
    """Which relative dates the source uses ("year": 今年, letztes Jahr; "day": heute)."""
    low = text.lower()
    if not _relative_any().search(low):
        return frozenset()
    return frozenset(kind for pattern, kind in _relative_res() if pattern.search(low))


@cache
def _distributive_words() -> frozenset[str]:
    return frozenset(word_list("en", "source_distributive"))


def _distributive(text: str, spans: list[tuple[int, int, set[float]]]) -> frozenset[float]:
    """Values right after "je", "jeweils", "各" (one word between at most: "je zwei")."""
    cues = _distributive_words()
    out: set[float] = set()
    for start, _, found in spans:
        before = text[max(0, start - 12) : start]
        words = re.findall(r"[^\W\d_]+", before.lower())
        if any(w in cues for w in words[-2:]) or (before[-1:] in cues):
            out |= found
    return frozenset(out)


@cache
def _change_words() -> tuple[dict[str, str], tuple[str, ...]]:
    phrases = {row[0]: row[1] for row in table("en", "source_change")}
    return phrases, tuple(word_list("en", "source_change_verbs"))


def _changes(
    text: str, spans: list[tuple[int, int, set[float]]]
) -> tuple[tuple[str, frozenset[float]], ...]:
    """ "stieg um 5 Prozent" (by), "auf 5 Prozent gesenkt" (to), 增长了5% (by), 增至5% (to)."""
    phrases, stems = _change_words()
    out = []
    for start, _, found in spans:
        before = text[max(0, start - 16) : start]
        cjk = next(
            (rel for p, rel in phrases.items() if not p.isascii() and before.endswith(p)), None
        )
        if cjk is not None:
            out.append((cjk, frozenset(found)))
            continue
        words = re.findall(r"[^\W\d_]+", before.lower())[-2:]  # "um rund 5"
        rel = next((phrases[w] for w in reversed(words) if w.isascii() and w in phrases), None)
        if rel is None:
            continue
        left = re.split(r"[,;:!?]|\.\s", text[max(0, start - 60) : start])[-1]
        right = re.split(r"[,;:!?]|\.(?:\s|$)", text[start : start + 60])[0]
        clause = (left + right).lower()
        if any(stem in clause for stem in stems):
            out.append((rel, frozenset(found)))
    return tuple(out)


@cache
def _margin_words() -> tuple[str, ...]:
    return tuple(word_list("en", "source_margin"))


def _margins(text: str, spans: list[tuple[int, int, set[float]]]) -> frozenset[float]:
    """Values after "auf" whose clause goes on with a margin verb ("auf fünf Tore heran")."""
    stems = _margin_words()
    out: set[float] = set()
    for start, end, found in spans:
        if not re.search(r"\bauf\s+$", text[max(0, start - 8) : start]):
            continue
        clause = re.split(r"[,;.:!?]", text[end : end + 60])[0].lower()
        if any(re.search(rf"\b{re.escape(stem)}", clause) for stem in stems):
            out |= found
    return frozenset(out)


def _days(text: str) -> set[int]:
    """Days of the month named without a month (18日, 5号)."""
    return {d for m in _CJK_DAY.finditer(text) if 1 <= (d := _small(m.group(1))) <= 31}


@cache
def _frequency_forms() -> tuple[re.Pattern[str], re.Pattern[str], dict[str, float]]:
    """Count-of-times forms of source languages (dreimal, 3-mal, dreifach, 三次), as a Latin
    and a CJK pattern, and the values of their number words."""
    endings = word_list("en", "source_frequency_suffixes")
    latin = [x for x in endings if x.isascii()]
    cjk = [x for x in endings if not x.isascii()]
    words = {r[0].lower(): float(number(r[1])) for r in table("en", "source_frequency_words")}
    numerals = {row[0]: float(number(row[1])) for row in table("en", "source_numerals")}
    stems = "|".join(sorted((n for n in numerals if n.isalpha()), key=len, reverse=True))
    suffixes = "|".join(sorted(latin, key=len, reverse=True))
    alternatives = rf"(?<![\w.,])(\d+|{stems})[\s-]?(?:{suffixes})\b"
    if words:
        alternatives += rf"|\b({'|'.join(words)})\b"
    cjk_re = re.compile(rf"(?<!第)({NUMERAL.pattern})(?:{'|'.join(cjk)})")
    return re.compile(alternatives, re.IGNORECASE), cjk_re, {**numerals, **words}


def _frequency(text: str) -> tuple[dict[float, str], str]:
    """The count-of-times forms of ``text`` ({value: first form}) and ``text`` with
    them blanked out."""
    latin_re, cjk_re, values = _frequency_forms()
    found: dict[float, str] = {}
    rest = text
    for pattern in (latin_re, cjk_re):
        for m in pattern.finditer(text):
            said = next(g for g in m.groups() if g)
            value = float(said) if said.isdigit() else values.get(said.lower())
            value = cjk_value(said) if value is None else value
            if value is not None:
                found.setdefault(float(value), m.group())
                rest = rest[: m.start()] + " " * (m.end() - m.start()) + rest[m.end() :]
    return found, rest


def parse_source(text: str) -> SourceNumbers:
    """All number readings of a source sentence (see the module docstring), with its
    count-of-times forms and what it says without them."""
    parsed = _parse(text)
    frequency, rest = _frequency(text)
    if not frequency:
        return parsed
    return replace(parsed, frequency=tuple(frequency.items()), plain=_parse(rest).values)


def _clock_times(
    text: str, quals: list[tuple[str, str, str]]
) -> tuple[set[int], set[tuple[str, int]]]:
    """Clock times (minutes after midnight) and (qualifier class, minutes) of qualified ones
    ("gegen 19.15 Uhr")."""
    times: set[int] = set()
    time_quals: set[tuple[str, int]] = set()
    for m in _CLOCK.finditer(text):
        hour, minute = (m.group(1), m.group(2)) if m.group(1) else (m.group(3), m.group(4))
        if int(hour) <= 24 and int(minute or 0) < 60:
            minutes = int(hour) % 24 * 60 + int(minute or 0)
            times.add(minutes)
            cls = _qualifier(text, m.start(), m.end(), quals)
            if cls is not None:
                time_quals.add((cls, minutes))
    return times, time_quals


def _parse(text: str) -> SourceNumbers:
    """``parse_source`` but for the count-of-times forms."""
    words, scales, quals = _lists()
    digits = _ANY_DIGIT.search(text) is not None  # no digit: no match of the digit patterns
    values: set[float] = set()
    qual_rows: list[tuple[str, frozenset[float]]] = []
    spans: list[tuple[int, int, set[float]]] = []
    for m in _DIGITS.finditer(text) if digits else ():
        found = _readings(m.group())
        gap = _GAPPED.match(text, m.end())  # "25 .000 Euro": a stray space in the number
        if gap is not None:
            found |= _readings(m.group() + gap.group(1))
        scale = _scale_after(text, m.end(), scales)
        found |= {v * scale for v in found}
        spans.append((m.start(), m.end(), found))
    phrases, replaced = phrase_readings(text) if _HAS_CJK.search(text) else ([], frozenset())
    for m in NUMERAL.finditer(text):
        skip = m.start() in replaced or (m.start() and text[m.start() - 1].isdigit())
        value = None if skip else cjk_value(m.group())  # "3千": the digits' magnitude
        if value is not None:
            spans.append((m.start(), m.end(), {value}))
    for m in re.finditer(r"[^\W\d_]+", text):
        value = words.get(m.group().lower())
        if value is not None:
            spans.append((m.start(), m.end(), {value, value * _scale_after(text, m.end(), scales)}))
    for start, end, found in spans:
        values |= found
        cls = _qualifier(text, start, end, quals)
        if cls is not None:
            qual_rows.append((cls, frozenset(found)))
    for reading in phrases:  # 10多万, 两三天, 三成: their own qualifier, if any
        values |= reading.values
        if reading.qual is not None:
            qual_rows.append((reading.qual, reading.values))
    times, time_quals = _clock_times(text, quals) if digits else (set(), set())
    ordinal_re, stems = _ordinal_re()
    ordinals = {stems[m.group(1).lower()] for m in ordinal_re.finditer(text)}
    ordinals |= {float(_small(m.group(1))) for m in _CJK_ORDINAL.finditer(text)}
    pairs = {(int(m.group(1)), int(m.group(2))) for m in _PAIR.finditer(text)} if digits else set()
    pairs |= {r.pair for r in phrases if r.pair is not None}
    dates = set()
    for m in _DATE.finditer(text) if digits else ():
        a, b = int(m.group(1)), int(m.group(2) or m.group(3))
        dates |= {(d, mo) for d, mo in ((a, b), (b, a)) if 1 <= d <= 31 and 1 <= mo <= 12}
    months, weekdays = _calendar_names(text)
    codes = {re.sub(r"\D", "", m.group()) for m in _CODE.finditer(text)} if digits else set()
    if not text.isascii():
        cjk_dates, cjk_months, cjk_times, cjk_weekdays = _cjk_calendar(text)
        dates |= cjk_dates
        times |= cjk_times
        months |= cjk_months
        weekdays |= cjk_weekdays
    months |= {m for _, m in dates}
    return SourceNumbers(
        frozenset(values),
        frozenset(times),
        frozenset(pairs),
        frozenset(dates),
        tuple(qual_rows),
        frozenset(ordinals),
        frozenset(time_quals),
        frozenset(codes),
        months,
        weekdays,
        text,
        _currencies(text),
        frozenset(_days(text)) if not text.isascii() else frozenset(),
        _relative(text),
        _distributive(text, spans),
        _margins(text, spans),
        _changes(text, spans),
    )
