"""The verdict: one or two sentences, computed from a run, that say which version is
better, by how much and whether that is known to be real.

Pure: reads only the run's JSON-level fields (``corpus``, ``corpus_ci``,
``comparisons``, ``meta.significance``, ``error_counts``), so a stored run gets the same
sentence as a fresh one, in the terminal table and in the HTML report alike.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from mtcompare.core.model import CATEGORIES, Comparison, RunResult, SystemResult
from mtcompare.metrics import SENTENCE_PREFERENCE, format_score, higher_is_better, label

_UNTESTED = "untested (run with --significance bootstrap to test it)"


@dataclass(frozen=True)
class Verdict:
    """The sentences of a verdict, in reading order."""

    sentences: tuple[str, ...]

    @property
    def text(self) -> str:
        return " ".join(self.sentences)


def verdict(result: RunResult) -> Verdict:
    """The verdict of ``result``: two systems are compared on every metric and on
    confident errors; with three or more the top cluster (or, untested, the best) per
    metric is named; one system gets its scores."""
    systems = result.systems
    if not systems:
        return Verdict(("The run has no systems.",))
    metrics = _ordered(result.metrics)
    if len(systems) == 1:
        return Verdict((_single(systems[0], metrics),))
    sentences = _pair(result, metrics) if len(systems) == 2 else _many(result, metrics)
    return Verdict(tuple(s for s in sentences if s))


# -- helpers -----------------------------------------------------------------------------


def _ordered(metrics: Sequence[str]) -> list[str]:
    """The run's metrics, the one views rank by first (chrF before BLEU)."""
    rank = {m: i for i, m in enumerate(SENTENCE_PREFERENCE)}
    return sorted(metrics, key=lambda m: (rank.get(m, len(rank)), list(metrics).index(m)))


def _and(items: Sequence[str]) -> str:
    items = list(items)
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def _p(p: float) -> str:
    return "p < 0.001" if p < 0.001 else f"p = {p:.3f}"


def _errors(n: int) -> str:
    return f"{n} confident error{'' if n == 1 else 's'}"


def _breakdown(counts: dict[str, int]) -> str:
    return ", ".join(f"{c} {counts[c]}" for c in CATEGORIES if counts.get(c))


def _score(s: SystemResult, m: str) -> float | None:
    value = s.corpus.get(m)
    return None if value is None else float(value)


def _alpha(result: RunResult) -> float:
    return float((result.meta.get("significance") or {}).get("alpha", 0.05))


def _single(s: SystemResult, metrics: Sequence[str]) -> str:
    scores = [f"{label(m)} {format_score(m, _score(s, m))}" for m in metrics]
    text = f"{s.name} scores {_and(scores)}" if scores else f"{s.name} has no scores"
    if s.error_counts:
        total = sum(s.error_counts.get(c, 0) for c in CATEGORIES)
        detail = _breakdown(s.error_counts)
        text += f" and has {_errors(total)}" + (f" ({detail})" if detail else "")
    return text + "."


# -- two systems -------------------------------------------------------------------------


@dataclass(frozen=True)
class _Diff:
    metric: str
    scores: dict[str, float]  # system name -> corpus score
    winner: str | None  # None: equal scores
    p_value: float | None  # None: untested


def _test(result: RunResult, a: str, b: str, metric: str) -> Comparison | None:
    return next(
        (c for c in result.comparisons if c.metric == metric and {c.baseline, c.system} == {a, b}),
        None,
    )


def _diffs(result: RunResult, a: SystemResult, b: SystemResult, metrics: Sequence[str]):
    out = []
    for m in metrics:
        sa, sb = _score(a, m), _score(b, m)
        if sa is None or sb is None:
            continue
        test = _test(result, a.name, b.name, m)
        p = None if test is None else float(test.p_value)
        winner = None if sa == sb else b.name if (sb > sa) == higher_is_better(m) else a.name
        out.append(_Diff(m, {a.name: sa, b.name: sb}, winner, p))
    return out


def _clause(d: _Diff, result: RunResult, subject: str, first: bool = False) -> str:
    """``chrF (+2.15, p = 0.003; 80.23, 95% CI 79.10–81.36)``: the subject's score minus
    the other's; then, for the first metric, the subject's score and its interval."""
    other = next(n for n in d.scores if n != subject)
    parts = [format_score(d.metric, d.scores[subject] - d.scores[other], signed=True)]
    if d.p_value is not None:
        parts.append(_p(d.p_value))
    text = ", ".join(parts)
    ci = next(s for s in result.systems if s.name == subject).corpus_ci.get(d.metric)
    if first and ci:
        low, high = (format_score(d.metric, v) for v in ci)
        text += f"; {format_score(d.metric, d.scores[subject])}, 95% CI {low}–{high}"
    return f"{label(d.metric)} ({text})"


def _untested(result: RunResult, subject: str, other: str, diffs: list[_Diff]) -> str:
    wins = [d for d in diffs if d.winner == subject]
    losses = [d for d in diffs if d.winner == other]
    same = [d for d in diffs if d.winner is None]
    if not wins and not losses:
        return f"{subject} and {other} score the same on " + _and([label(d.metric) for d in same])
    text = f"{subject} scores better than {other} on " + _and(
        [_clause(d, result, subject) for d in wins]
    )
    if losses:
        text += ", worse on " + _and([_clause(d, result, subject) for d in losses])
    if same:
        text += ", the same on " + _and([label(d.metric) for d in same])
    return text + f"; the difference is {_UNTESTED}"


def _tested(result: RunResult, subject: str, other: str, diffs: list[_Diff]) -> str:
    alpha = _alpha(result)
    real = [d for d in diffs if d.winner and d.p_value is not None and d.p_value < alpha]
    wins = [d for d in real if d.winner == subject]
    losses = [d for d in real if d.winner == other]
    same = [d for d in diffs if d not in real]
    if not real:
        return f"{subject}'s differences from {other} are not significant: " + _and(
            [_clause(d, result, subject) for d in same]
        )
    text = f"{subject} is better than {other} on " + _and(
        [_clause(d, result, subject, i == 0) for i, d in enumerate(wins)]
    )
    if losses:
        text += " but worse on " + _and([_clause(d, result, subject) for d in losses])
    if same:
        text += "; no significant difference on " + _and(
            [_clause(d, result, subject) for d in same]
        )
    return text


def _pair_scores(result: RunResult, a: SystemResult, b: SystemResult, metrics) -> tuple[str, str]:
    """The score sentence and its subject: the winner of the first metric (in
    SENTENCE_PREFERENCE order) with a significant difference, or with any difference
    when the run is untested."""
    diffs = _diffs(result, a, b, metrics)
    if not diffs:
        return "", b.name
    alpha = _alpha(result)
    tested = any(d.p_value is not None for d in diffs)
    real = [d for d in diffs if d.winner and (not tested or (d.p_value or 1.0) < alpha)]
    subject = real[0].winner if real else (diffs[0].winner or b.name)
    other = a.name if subject == b.name else b.name
    sentence = (_tested if tested else _untested)(result, subject, other, diffs)
    return sentence + ".", str(subject)


def _pair_errors(a: SystemResult, b: SystemResult) -> str:
    """``mt_b has 8 fewer confident errors than mt_a (names 5, numbers 2, negation 1).``"""
    if not (a.error_counts and b.error_counts):
        return "" if a.error_counts or b.error_counts else "Errors were not checked."
    diff = {c: a.error_counts.get(c, 0) - b.error_counts.get(c, 0) for c in CATEGORIES}
    total = sum(diff.values())
    if total == 0:
        n = sum(a.error_counts.get(c, 0) for c in CATEGORIES)
        return f"Both have {_errors(n)}."
    word = "fewer" if total > 0 else "more"
    same_way = all(v * total >= 0 for v in diff.values())
    parts = [
        f"{c} {abs(v) if same_way else format(-v, '+d')}" for c in CATEGORIES if (v := diff[c])
    ]
    noun = "confident error" + ("" if abs(total) == 1 else "s")
    return f"{b.name} has {abs(total)} {word} {noun} than {a.name} ({', '.join(parts)})."


def _pair(result: RunResult, metrics: Sequence[str]) -> list[str]:
    baseline = (result.meta.get("significance") or {}).get("baseline")
    a, b = result.systems
    if b.name == baseline:
        a, b = b, a
    scores, subject = _pair_scores(result, a, b, metrics)
    if subject == a.name:
        a, b = b, a
    return [scores, _pair_errors(a, b)]


# -- three or more -----------------------------------------------------------------------


def _ranked(systems: Sequence[SystemResult], m: str) -> list[SystemResult]:
    scored = [s for s in systems if _score(s, m) is not None]
    sign = -1.0 if higher_is_better(m) else 1.0
    return sorted(scored, key=lambda s: sign * (_score(s, m) or 0.0))


def _top(result: RunResult, m: str) -> str:
    ranked = _ranked(result.systems, m)
    if not ranked:
        return ""
    clusters = ((result.meta.get("significance") or {}).get("clusters") or {}).get(m)

    def named(s: SystemResult) -> str:
        return f"{s.name} ({format_score(m, _score(s, m))})"

    if not clusters:
        best = ranked[0]
        nxt = f", next {named(ranked[1])}" if len(ranked) > 1 else ""
        return f"best on {label(m)}: {named(best)}{nxt}"
    top = [s for s in ranked if clusters.get(s.name) == 1]
    if len(top) == len(ranked):
        return (
            f"on {label(m)} all {len(ranked)} systems form one cluster (no significant difference)"
        )
    if len(top) == 1:
        head = f"top cluster on {label(m)}: {named(top[0])} alone"
        return f"{head}, significantly ahead of {ranked[1].name}"
    members = _and([named(s) for s in top])
    return f"top cluster on {label(m)}: {members}, not significantly different from each other"


def _many_errors(systems: Sequence[SystemResult]) -> str:
    checked = [s for s in systems if s.error_counts]
    if not checked:
        return "Errors were not checked."
    total = {s.name: sum(s.error_counts.get(c, 0) for c in CATEGORIES) for s in checked}
    low, high = min(total.values()), max(total.values())
    if low == high:
        return f"All have {_errors(low)}."

    def who(n: int) -> str:
        names = [s for s in checked if total[s.name] == n]
        if not n:
            return f"{_and([s.name for s in names])} (0)"
        return "; ".join(f"{s.name} ({n}: {_breakdown(s.error_counts)})" for s in names)

    return f"Fewest confident errors: {who(low)}; most: {who(high)}."


def _many(result: RunResult, metrics: Sequence[str]) -> list[str]:
    parts = [p for p in (_top(result, m) for m in metrics) if p]
    tested = bool(result.comparisons and (result.meta.get("significance") or {}).get("clusters"))
    text = "; ".join(parts)
    if text:
        text = text[0].upper() + text[1:]
        text += "." if tested else f"; the differences are {_UNTESTED.replace('it)', 'them)')}."
    return [text, _many_errors(result.systems)]
