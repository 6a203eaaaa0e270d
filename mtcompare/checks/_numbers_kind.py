"""What a number counts, where both sides agree on its value: times or things.

"thrice vaccinated" vs "three vaccinated people", "only once" vs "a single locomotive",
"10% of the time" vs "10% of the book": the value survives translation, its kind does
not. A count of times (twice, three times, three-time, tenfold, triple-vaccinated, N% of
the time) on one side against the same value counting things on the other is flagged,
unless the things are acts or events ("won three times" = "three wins"; event_nouns.txt,
from WordNet, and event_nouns_extra.txt: doses, finishes). The source decides what it
can read: the value as a plain number there ("zwei Regelbrüche") makes either reading a
paraphrase; a count-of-times form there ("dreimal", "3-mal", "dreifach", 三次:
source_frequency_*) is named in the detail, and where the MT has it and the reference
counts things, the flag is a reference note. Every flag is a check, even with the
source: "zweimal getroffen" may be "scored two goals", "dreimal Gold" "three gold
medals"; only a reader can tell a paraphrase.

Also here: the WMT placeholder #NUMBER# read as the noun "number" ("a #NUMBER# of
problems") where the other side uses it as a number.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING

from mtcompare.checks._numbers_source import SourceNumbers
from mtcompare.checks.base import number, table, word_list
from mtcompare.core.model import REFERENCE_NOTE, ErrorFlag

if TYPE_CHECKING:
    from mtcompare.checks._numbers_parse import Quantity
    from mtcompare.checks._text import Words


@dataclass(frozen=True)
class _Form:
    """A number as written on one side, with what it counts."""

    value: float
    start: int
    end: int
    times: bool  # a count of times (twice, three times) rather than of things
    share: bool  # a percentage or fraction ("10% of the time", "half the time")
    factor: bool = False  # a multiple (tripled, tenfold, "three times as many")


@dataclass(frozen=True)
class _Vocab:
    multiplicatives: dict[str, float]  # once, twice, thrice; doubled, tripled
    adjectives: dict[str, float]  # triple(-vaccinated): times only before a participle
    once_before: frozenset[str]  # "only once", "at least once": a count of times
    once_after: frozenset[str]  # "once per match", "once every year"
    time_units: frozenset[str]  # "once a week": "a" + a unit of time
    count_one: frozenset[str]  # "a single locomotive": a count of one thing
    events: frozenset[str]  # nouns of acts and events: a count of them counts times
    stop: frozenset[str]
    cues: frozenset[str]  # a side without one of these words has no count of times
    verbs: frozenset[str]  # doubled, tripled: a factor
    words_re: re.Pattern[str]  # the words ``_words_forms`` reads


@cache
def _vocab(language: str) -> _Vocab:
    return _Vocab(
        {
            row[0]: float(number(row[1]))
            for name in ("multiplicatives", "times_verbs")
            for row in table(language, name)
        },
        {row[0]: float(number(row[1])) for row in table(language, "times_adjectives")},
        frozenset(word_list(language, "once_before")),
        frozenset(word_list(language, "once_after")),
        frozenset(row[0] for row in table(language, "unit_conversions") if row[1] == "time"),
        frozenset(word_list(language, "count_one")),
        frozenset(word_list(language, "event_nouns") + word_list(language, "event_nouns_extra")),
        frozenset(word_list(language, "stopwords")),
        _cues(language),
        frozenset(row[0] for row in table(language, "times_verbs")),
        _words_re(language),
    )


def _words_re(language: str) -> re.Pattern[str]:
    names = ("multiplicatives", "times_verbs", "times_adjectives")
    words = {row[0] for name in names for row in table(language, name)}
    words |= set(word_list(language, "count_one"))
    return re.compile(rf"(?<![\w-])(?:{'|'.join(sorted(words))})\b", re.IGNORECASE)


def _cues(language: str) -> frozenset[str]:
    names = ("multiplicatives", "times_verbs", "times_adjectives")
    words = {row[0] for name in names for row in table(language, name)}
    numerals = {row[0] for name in ("units", "scales") for row in table(language, name)}
    return frozenset(words | {w + "fold" for w in numerals} | {"time", "times", "fold", "x"})


def _has_cue(w: Words) -> bool:
    return not _vocab(w.language).cues.isdisjoint(w.low) or "×" in w.text


_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")
_PLAIN_WORD = re.compile(r"[^\W\d_]+")
_TIMES_AFTER = re.compile(r"\s*times\b|-time\b|[\s-]*fold\b", re.IGNORECASE)
_ONE_TIME = re.compile(r"\s+time\b", re.IGNORECASE)  # "one time" (not "one-time" = former)
_BY_X = re.compile(r"[x×](?!\s?\d)")  # 2x, 2× (not 11x15 mm)
_COMPARATIVE = frozenset({"as", "more", "less", "fewer", "than", "the", "over"})
_FACTOR_AFTER = re.compile(
    r"[\s-]*fold\b|\s*times\s+(?:as|more|less|fewer|the|over|[^\W\d_]+er\b)", re.IGNORECASE
)
_SHARE_TIME = re.compile(r"\s*(?:of\s+)?the\s+time\b", re.IGNORECASE)
_PARTICIPLE = re.compile(r"[\s-]*([^\W\d_]+ed)\b", re.IGNORECASE)


def _words_forms(text: str, vocab: _Vocab) -> list[_Form]:
    """twice, thrice, a framed "once" (only once, once a week), triple-vaccinated, and
    "a single" (a count of one thing): forms the quantity parser does not read."""
    out = []
    for m in vocab.words_re.finditer(text):
        w = m.group().lower()
        before = _LAST_WORD.search(text, max(0, m.start() - 24), m.start())
        prev = before.group(1).lower() if before else ""
        after = [x.lower() for x in (_NEXT_WORDS.match(text, m.end()) or _NO_WORDS).groups("")]
        if w in vocab.multiplicatives:
            value = vocab.multiplicatives[w]
            if value >= 2 or prev in vocab.once_before or _once_per(after, vocab):
                factor = w in vocab.verbs or after[0] in _COMPARATIVE
                out.append(_Form(value, m.start(), m.end(), True, False, factor))
        elif w in vocab.adjectives and _PARTICIPLE.match(text, m.end()):
            out.append(_Form(vocab.adjectives[w], m.start(), m.end(), True, False))
        elif w in vocab.count_one and prev in ("a", "an", "one") and after[0] not in _TIME_WORDS:
            out.append(_Form(1.0, before.start(1) if before else m.start(), m.end(), False, False))
    return out


_LAST_WORD = re.compile(r"([^\W\d_]+)[^\w]*$")
_NEXT_WORDS = re.compile(r"[^\w]+([^\W\d_]+)(?:[^\w]+([^\W\d_]+))?")
_NO_WORDS = re.compile(r"()()").match("")
_TIME_WORDS = ("time", "times")


def _once_per(after: list[str], vocab: _Vocab) -> bool:
    """ "once per match", "once every year", "once a week" (not "once a man drove")."""
    if after[0] not in vocab.once_after:
        return False
    return after[0] not in ("a", "an") or after[1] in vocab.time_units


def _forms(w: Words, quants: list[Quantity]) -> list[_Form]:
    """Every number of one side that counts something: its value and its kind."""
    text = w.text
    out = _words_forms(text, _vocab(w.language))
    for q in quants:
        if q.kind == "num" and isinstance(q.value, (int, float)):
            said = text[q.start : q.end].lower()
            times = said.endswith("fold") or _TIMES_AFTER.match(text, q.end) is not None
            times = times or (q.value == 1 and _ONE_TIME.match(text, q.end) is not None)
            times = times or _BY_X.match(text, q.end) is not None  # 2x: two times
            factor = times and (
                said.endswith("fold") or _FACTOR_AFTER.match(text, q.end) is not None
            )
            out.append(_Form(float(q.value), q.start, q.end, times, False, factor))
        elif q.kind in ("pct", "frac"):
            times = _SHARE_TIME.match(text, q.end) is not None
            share = float(q.value) / (100 if q.kind == "pct" else 1)
            out.append(_Form(share, *_span(q), times, True))
    return out


def _span(q: Quantity) -> tuple[int, int]:
    return (q.qual_start if q.qual_start is not None else q.start), q.end


def _counts_events(form: _Form, text: str, vocab: _Vocab) -> bool:
    """The thing counted is an act or an event ("three wins", "in 10% of cases"): the
    first content words after the number, singular, looked up in event_nouns.txt."""
    seen = 0
    for m in _WORD.finditer(text, form.end, min(len(text), form.end + 60)):
        low = m.group().lower()
        if low in vocab.stop:
            if seen or low not in ("of", "the", "a", "an", "these", "those", "its", "their"):
                break
            continue
        if low in vocab.events or _singular(low) in vocab.events:
            return True
        seen += 1
        if seen == 3 or text[m.end() : m.end() + 1] in ",;.:":
            break
    return False


def _flag(ref: str, hyp: str, detail: str, note: bool = False) -> ErrorFlag:
    return ErrorFlag(REFERENCE_NOTE if note else "numbers", ref, hyp, detail, severity="check")


def _describe(form: _Form, text: str) -> str:
    shown = text[form.start : form.end]
    m = _TIMES_AFTER.match(text, form.end) or _SHARE_TIME.match(text, form.end)
    if form.times and m is not None:
        shown += text[form.end : m.end()]
    return shown


def _source_says(value: float, src: SourceNumbers | None) -> str | None:
    """The source's count-of-times form of ``value`` ("dreimal"); "" when the source
    has the value only as a plain number (either reading may then be a paraphrase:
    "zwei Regelbrüche" = "broke the rules twice"); None when it cannot tell."""
    if src is None:
        return None
    freq = dict(src.frequency)
    if value in freq and value not in src.plain:
        return freq[value]
    return "" if value in src.values else None


def kind_flags(
    rw: Words, hw: Words, rq: list[Quantity], hq: list[Quantity], src: SourceNumbers | None
) -> list[ErrorFlag]:
    """A count of times on one side, the same value counting things (not acts) on the
    other, and no count of times of that value there."""
    if not rw.analysis(_has_cue) and not hw.analysis(_has_cue):
        return []
    sides = {"ref": (rw, _forms(rw, rq)), "hyp": (hw, _forms(hw, hq))}
    if not any(f.times for _, forms in sides.values() for f in forms):
        return []
    out = []
    for name, other in (("ref", "hyp"), ("hyp", "ref")):
        words, forms = sides[name]
        owords, oforms = sides[other]
        vocab = _vocab(owords.language)
        for f in (f for f in forms if f.times):
            if any(o.times and o.value == f.value for o in oforms) or any(
                not x.times and x.value == f.value and x.share == f.share for x in forms
            ):
                continue  # both count times, or this side counts things of that value too
            count = next(
                (
                    o
                    for o in oforms
                    if o.value == f.value
                    and o.share == f.share
                    and not _counts_events(o, owords.text, vocab)
                ),
                None,
            )
            if count is not None:
                out.append(_kind_flag(name == "ref", f, count, words.text, owords.text, src))
    return [f for f in out if f is not None]


def _kind_flag(
    on_ref: bool, times: _Form, count: _Form, text: str, other: str, src: SourceNumbers | None
) -> ErrorFlag | None:
    """The flag for a count of times on one side (the reference when ``on_ref``) against
    a count of things on the other: a note when the source counts times and the MT does."""
    mine, theirs = _describe(times, text), _describe(count, other)
    said = None if times.share else _source_says(times.value, src)
    if said == "":
        return None
    if times.share:
        what, other_what = "a share of the time", "a share of a thing"
    else:
        what, other_what = "a factor" if times.factor else "a count of times", "a count of things"
    parts = [f"{mine!r} ({what})", f"{theirs!r} ({other_what})"]
    evidence = f"; source: {said}" if said else ""
    detail = " vs ".join(parts if on_ref else parts[::-1]) + evidence
    rs, hs = (mine, theirs) if on_ref else (theirs, mine)
    if said and not on_ref:
        return _flag(rs, hs, f"reference counts things, source and MT times: {detail}", True)
    return _flag(rs, hs, detail)


_PLACEHOLDER_NOUN = re.compile(r"\ban?\s+#NUMBER#\s+of\b", re.IGNORECASE)  # not "the 3 of us"


def placeholder_flags(rw: Words, hw: Words) -> list[ErrorFlag]:
    """ "a #NUMBER# of problems": the anonymised number read as the noun "number" (a
    number after "a" and before "of" is no numeral), where the other side has the
    placeholder but not in that frame (a note where the reference is the one)."""
    out: list[ErrorFlag] = []
    if "#NUMBER#" not in rw.text or "#NUMBER#" not in hw.text:
        return out
    for side, other in ((rw, hw), (hw, rw)):
        m = _PLACEHOLDER_NOUN.search(side.text)
        if m is None or "#NUMBER#" not in other.text or _PLACEHOLDER_NOUN.search(other.text):
            continue
        end = re.match(r"\s*[^\W\d_]+", side.text[m.end() :])
        shown = side.text[m.start() : m.end() + (end.end() if end else 0)]
        detail = f"#NUMBER# read as the word 'number': {shown!r}"
        if side is rw:  # the MT has it as a number: the reference misreads it
            out.append(_flag(shown, "", f"reference has {detail}", note=True))
        else:
            out.append(_flag("", shown, detail))
    return out


_LEADING_ZERO = re.compile(r"0\d+")
_HOURS_AFTER = re.compile(r"\s*(?:hours|hrs|h)\b", re.IGNORECASE)


def leading_zero_flags(
    rw: Words, hw: Words, hq: list[Quantity], src: SourceNumbers | None
) -> list[ErrorFlag]:
    """ "An 0815 advertising channel": digits with a leading zero are no English number
    (a code, a 24-hour time "0815 hours", or a source idiom such as German "0815" = run of
    the mill, copied as digits); flagged in the MT where the reference lacks those digits.
    Leading-zero digits only the reference has are an omission (the lone-number check)."""
    out = []
    for q in hq:
        if q.kind != "num" or not _LEADING_ZERO.fullmatch(q.raw) or q.raw in rw.text:
            continue
        if _HOURS_AFTER.match(hw.text, q.end):
            continue  # 0815 hours: a time
        said = "; source: the same digits" if src is not None and q.raw in src.text else ""
        detail = f"{q.raw!r} with a leading zero: a code or idiom copied as digits, not a number"
        out.append(_flag("", q.raw, detail + said))
    return out


_NEXT_WORD = re.compile(r"[\s-]+([^\W\d_]+)")


def _noun_after(q: Quantity, text: str) -> str:
    m = _NEXT_WORD.match(text, q.end)
    return m.group(1).lower() if m else ""


def _singular(word: str) -> str:
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith(("ches", "shes", "sses", "xes")):
        return word[:-2]
    return word[:-1] if word.endswith("s") and not word.endswith("ss") else word


def ordinal_flags(
    rw: Words, hw: Words, rq: list[Quantity], hq: list[Quantity], src: SourceNumbers | None
) -> list[ErrorFlag]:
    """ "the third vaccination" vs "three vaccinations": which one vs how many, the same
    value before the same noun (an ordinal before it, a cardinal before its plural). A
    cardinal after the noun ("place nine" = "ninth place") is a name, not a count; "first"
    and "one" are left alone (articles, pronouns, "at first")."""
    out = []
    for side, other, quants, oquants in ((rw, hw, rq, hq), (hw, rw, hq, rq)):
        for q in (q for q in quants if q.kind == "ord" and float(q.value) >= 2):
            noun = _noun_after(q, side.text)
            if not noun or any(o.kind == "ord" and o.value == q.value for o in oquants):
                continue
            count = next(
                (
                    o
                    for o in oquants
                    if o.kind == "num"
                    and o.value == q.value
                    and (plural := _noun_after(o, other.text)) != noun
                    and _singular(plural) == noun
                ),
                None,
            )
            if count is None or any(x.kind == "num" and x.value == q.value for x in quants):
                continue
            out.append(_ordinal_flag(side is rw, q, count, side.text, other.text, src))
    return out


def _ordinal_flag(
    on_ref: bool, q: Quantity, count: Quantity, text: str, other: str, src: SourceNumbers | None
) -> ErrorFlag:
    mine = f"{text[q.start : q.end]} {_noun_after(q, text)}"
    theirs = f"{other[count.start : count.end]} {_noun_after(count, other)}"
    parts = [f"{mine!r} (an ordinal: which one)", f"{theirs!r} (a count: how many)"]
    detail = " vs ".join(parts if on_ref else parts[::-1])
    value = float(q.value)
    ordinal = src is not None and value in src.ordinals and value not in src.values
    cardinal = src is not None and value in src.values and value not in src.ordinals
    if cardinal and src is not None and re.search(rf"(?<![\d.,]){int(value)}\.\s", src.text):
        cardinal = False  # "eine Verbrennung 2. Grades": a German ordinal in digits
    detail += "; source: an ordinal" if ordinal else "; source: a count" if cardinal else ""
    rs, hs = (mine, theirs) if on_ref else (theirs, mine)
    if (ordinal and not on_ref) or (cardinal and on_ref):
        return _flag(rs, hs, f"reference departs from the source: {detail}", True)
    return _flag(rs, hs, detail)
