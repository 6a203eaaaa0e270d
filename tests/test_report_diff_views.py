"""Flagged spans, the source line and ``diff --by-reference`` in the terminal views, and
the pure functions behind them (``worddiff.flag_spans``/``marked_runs``,
``review.review_groups``), on the seeds and WMT22 lines."""

from __future__ import annotations

import itertools
import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mtcompare.alignment.worddiff import (
    diff_words,
    flag_spans,
    marked_runs,
    span_offsets,
    tokens,
)
from mtcompare.cli.app import main
from mtcompare.core.model import RunResult
from mtcompare.render.resultfile import load_result
from mtcompare.render.review import Review, review_groups

SGR = re.compile(r"\x1b\[([0-9;]*)m")
FIXES = (("Lepen", "Le Pen"), ("Emanuel", "Emmanuel"))


@pytest.fixture(autouse=True)
def _plain_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for var in ("FORCE_COLOR", "NO_COLOR", "TTY_COMPATIBLE", "TTY_INTERACTIVE"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("COLUMNS", "99")  # stacked: a wrapped line goes on indented


def unwrapped(out: str) -> str:
    """The stacked diff with its wrapped lines joined again."""
    return re.sub(r" *\n {3,4}(?=\S)", " ", out)


@pytest.fixture(scope="module")
def fixed_hyp(tmp_path_factory: pytest.TempPathFactory, seed_hyp: Path) -> Path:
    """Seed 000 with its two misspelt names corrected: a second, better MT version."""
    text = seed_hyp.read_text("utf-8")
    for bad, good in FIXES:
        text = text.replace(bad, good)
    path = tmp_path_factory.mktemp("fixed") / "mt_b.txt"
    path.write_text(text, "utf-8")
    return path


def run_cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def two_systems(seed_ref: Path, seed_hyp: Path, fixed_hyp: Path) -> list[str]:
    return ["--ref", str(seed_ref), str(seed_hyp), str(fixed_hyp), "-q", "-n", "mt_a", "-n", "mt_b"]


# --- flag spans in the plain and colour diff --------------------------------------------


def test_plain_diff_marks_flagged_words_with_their_category(
    capsys: pytest.CaptureFixture[str], seed_ref: Path, seed_hyp: Path
) -> None:
    code, out, _ = run_cli(capsys, "diff", "--ref", str(seed_ref), str(seed_hyp), "-q")
    assert code == 0
    out = unwrapped(out)
    # The misspelt name is marked as a names flag on both sides, around its diff marker.
    assert "⟪names: [-Emmanuel-] Macron⟫" in out and "⟪names: {+Emanuel+} Macron⟫" in out
    assert "⟪names: {+Lepen+}⟫" in out
    # The dropped qualifier: the flag covers 'less than four', of which 'four' is no edit.
    assert "⟪numbers: [-less than-] four⟫" in out
    # An ordinary edit with no flag is not marked as one.
    assert "{+angered+}" in out and "⟪negation: {+angered+}" not in out
    assert "⟪negation: {+surpass+}⟫" in out


def test_colour_diff_underlines_flagged_words_only(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    seed_ref: Path,
    seed_hyp: Path,
) -> None:
    monkeypatch.setenv("FORCE_COLOR", "1")
    code, out, _ = run_cli(capsys, "diff", "--ref", str(seed_ref), str(seed_hyp), "-q")
    assert code == 0 and "⟪" not in out
    styles: dict[str, set[str]] = {}
    for m in re.finditer(r"\x1b\[([0-9;]*)m([^\x1b]+)", out):
        styles.setdefault(m.group(2).strip(), set()).update(m.group(1).split(";"))
    assert "4" in styles["Lepen"] and "4" in styles["surpass"]  # underlined: flagged
    assert "4" not in styles["angered"] and "4" not in styles["Once"]  # plain edits


# --- the source line and --by-reference ------------------------------------------------


@pytest.fixture(scope="module")
def wmt_slice(tmp_path_factory: pytest.TempPathFactory, wmt22_dir: Path) -> dict[str, Path]:
    """The first 60 lines of WMT22 de-en: source, reference A, two systems, doc ids."""
    d = wmt22_dir / "de-en"
    out = tmp_path_factory.mktemp("wmt")
    files = {
        "src": "generaltest2022.de-en.src.de",
        "ref": "generaltest2022.de-en.ref.A.en",
        "a": "generaltest2022.de-en.hyp.Online-A.en",
        "b": "generaltest2022.de-en.hyp.LT22.en",
        "docids": "generaltest2022.de-en.docids",
    }
    paths = {}
    for key, name in files.items():
        lines = (d / name).read_text("utf-8").splitlines()[:60]
        paths[key] = out / name
        paths[key].write_text("\n".join(lines) + "\n", "utf-8")
    return paths


def test_diff_shows_the_source_with_each_pair(
    capsys: pytest.CaptureFixture[str], wmt_slice: dict[str, Path]
) -> None:
    w = wmt_slice
    args = ["diff", "--lines", "--ref", str(w["ref"]), str(w["a"]), "--src", str(w["src"])]
    code, out, _ = run_cli(capsys, *args, "-q")
    assert code == 0
    first_src = w["src"].read_text("utf-8").splitlines()[0]
    assert re.search(rf"^SRC {re.escape(first_src[:40])}", out, re.M)
    assert len(re.findall(r"^SRC ", out, re.M)) == 60  # one per pair


def test_by_reference_lists_every_version_best_first(
    capsys: pytest.CaptureFixture[str], seed_ref: Path, seed_hyp: Path, fixed_hyp: Path
) -> None:
    args = ["diff", *two_systems(seed_ref, seed_hyp, fixed_hyp), "--by-reference"]
    code, out, _ = run_cli(capsys, *args)
    assert code == 0
    out = unwrapped(out)
    blocks = re.split(r"^ref [\d-]+ ─+$", out, flags=re.M)[1:]
    shown, total = map(
        int, re.search(r"^(\d+) of (\d+) reference groups shown$", out, re.M).groups()
    )
    assert len(blocks) == shown == total >= 25
    for block in blocks:
        ranked = re.findall(r"^(\d)\. (mt_[ab])  BLEU [\d.]+ · chrF ([\d.]+)", block, re.M)
        assert [r[0] for r in ranked] == ["1", "2"] and {r[1] for r in ranked} == {"mt_a", "mt_b"}
        assert float(ranked[0][2]) >= float(ranked[1][2])  # best first
    lepen = next(b for b in blocks if "⟪names: {+Lepen+}⟫" in b)
    # mt_b has the name right, so it ranks first and has no names flag there.
    assert lepen.index("1. mt_b") < lepen.index("2. mt_a") < lepen.index("⟪names:")


def test_by_reference_filters_and_refusals(
    capsys: pytest.CaptureFixture[str], seed_ref: Path, seed_hyp: Path, fixed_hyp: Path
) -> None:
    base = ["diff", *two_systems(seed_ref, seed_hyp, fixed_hyp), "--by-reference"]
    code, out, _ = run_cli(capsys, *base, "-c", "numbers", "--system", "mt_b")
    assert code == 0
    out = unwrapped(out)
    assert "mt_a" not in out and "⟪numbers:" in out
    code, out, _ = run_cli(capsys, *base, "--worst", "3")
    assert code == 0 and re.search(r"^3 of \d+ reference groups shown$", out, re.M)
    for extra, message in (
        (["--against", "mt_a"], "--by-reference compares every system to the reference"),
        (["-f", "tsv"], "--by-reference shows a diff"),
    ):
        code, out, err = run_cli(capsys, *base, *extra)
        assert code == 2 and out == "" and err.count("\n") == 1 and message in err


# --- the pure functions ------------------------------------------------------------------


def test_review_groups_cover_each_reference_sentence_once(
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    seed_ref: Path,
    seed_hyp: Path,
    fixed_hyp: Path,
) -> None:
    saved = tmp_path / "run.json"
    args = ["score", *two_systems(seed_ref, seed_hyp, fixed_hyp), "--no-save", "-f", "json"]
    assert main([*args, "-o", str(saved)]) == 0
    run: RunResult = load_result(saved)
    groups, total = review_groups(run, Review())
    assert total == len(groups)
    covered = [i for g in groups for i in g.ref_ids]
    assert covered == list(range(run.reference["sentences"]))
    for k, s in enumerate(run.systems):  # every bead of every system in exactly one group
        beads = sorted(b for g in groups for v in g.versions if v.index == k for b in v.beads)
        assert beads == list(range(len(s.segments)))
    assert all(g.versions[0].scores["chrf"] >= g.versions[1].scores["chrf"] for g in groups)


def _words() -> st.SearchStrategy[str]:
    word = st.sampled_from(
        ["Le", "Pen", "12,000", "not", "the", "Macron", ",", ".", "four", "less"]
    )
    return st.lists(word, min_size=0, max_size=12).map(" ".join)


@given(ref=_words(), hyp=_words(), flags=st.lists(st.tuples(_words(), _words()), max_size=4))
def test_marked_runs_give_the_text_back_and_spans_point_at_the_words(
    ref: str, hyp: str, flags: list[tuple[str, str]]
) -> None:
    ops = diff_words(ref, hyp)
    spans = flag_spans(ops, flags)
    for side, text in ((0, ref), (1, hyp)):
        runs = marked_runs(ops, spans, side)
        assert "".join(t for r in runs for t, _ in r.parts) == " ".join(text.split())
        words = [t.casefold() for t in tokens(text)]
        mine = sorted((s for s in spans if s.side == side), key=lambda s: s.start)
        for a, b in itertools.pairwise(mine):
            assert a.end <= b.start  # spans never overlap
        for s in mine:
            assert words[s.start : s.end] == [t.casefold() for t in tokens(flags[s.flag][side])]
        flagged = [r for r in runs if r.flag is not None]
        assert sorted(r.flag for r in flagged) == sorted(s.flag for s in mine)
        side_text = " ".join(text.split())
        for start, end, k in span_offsets(ops, spans, side):  # the HTML report's offsets
            found = [t.casefold() for t in tokens(side_text[start:end])]
            assert found == [t.casefold() for t in tokens(flags[k][side])]
            assert not side_text[start:end].startswith(" ")
        for r in flagged:  # a marked run holds exactly its flag's words
            assert (
                tokens("".join(t for t, _ in r.parts))
                == tokens(text)[
                    next(s for s in mine if s.flag == r.flag).start : next(
                        s for s in mine if s.flag == r.flag
                    ).end
                ]
            )


def test_flag_span_prefers_the_changed_occurrence() -> None:
    ref = "Le Pen met Le Pen."
    hyp = "Le Pen met Lepen."
    ops = diff_words(ref, hyp)
    spans = flag_spans(ops, [("Le Pen", "Lepen")])
    ref_span = next(s for s in spans if s.side == 0)
    assert (ref_span.start, ref_span.end) == (3, 5)  # the second 'Le Pen', the one changed
    assert flag_spans(ops, [("Chirac", "Sarkozy")]) == []  # words not there: no span


def test_flag_spans_cover_whole_words_only() -> None:
    ref = "The fee was (12,000 euros) and $5."
    hyp = "The fee was (1,200 euros) and $5 at \x1b]52;c;x\x07."
    ops = diff_words(ref, hyp)
    spans = flag_spans(ops, [("12,000 euros", "1,200 euros"), ("", "52"), ("$5", "$5")])
    # '52' inside the escape sequence is no word: only the amounts are marked.
    assert sorted((s.side, s.flag) for s in spans) == [(0, 0), (0, 2), (1, 0), (1, 2)]
    hyp_text = " ".join(hyp.split())
    marked = [hyp_text[a:b] for a, b, _ in span_offsets(ops, spans, 1)]
    assert marked == ["1,200 euros", "$5"]  # after '(' and before ')'
    assert not flag_spans(ops, [("", "52")])  # inside an escape sequence: not a word
