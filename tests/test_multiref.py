"""Several references (``--ref`` repeated): sacrebleu's multi-reference scores, flags
another reference disputes dropped, document mode aligned through the first reference."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
import sacrebleu

from mtcompare.core.model import RunResult
from mtcompare.metrics import create
from mtcompare.pipeline import ScoreOptions, score

REPO = Path(__file__).resolve().parents[1]


def _lines(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").split("\n")[:-1]


@pytest.fixture(scope="module")
def de_en(wmt22_dir: Path) -> tuple[Path, Path, list[Path]]:
    pair = wmt22_dir / "de-en"
    hyps = sorted(pair.glob("generaltest2022.de-en.hyp.*.en"))
    assert len(hyps) == 9
    return pair / "generaltest2022.de-en.ref.A.en", pair / "generaltest2022.de-en.ref.B.en", hyps


@pytest.fixture(scope="module")
def two_ref_run(de_en: tuple[Path, Path, list[Path]]) -> RunResult:
    ref_a, ref_b, hyps = de_en
    return score(
        [ref_a, ref_b], hyps, ScoreOptions(lines=True, metrics=["bleu", "chrf"], errors=False)
    )


def test_bleu_and_chrf_equal_sacrebleu_multi_reference_on_all_wmt22_de_en_systems(
    de_en: tuple[Path, Path, list[Path]], two_ref_run: RunResult
) -> None:
    ref_a, ref_b, hyps = de_en
    refs = [_lines(ref_a), _lines(ref_b)]
    for path, system in zip(hyps, two_ref_run.systems, strict=True):
        hyp = _lines(path)
        assert system.corpus["bleu"] == sacrebleu.corpus_bleu(hyp, refs).score, path.name
        assert system.corpus["chrf"] == sacrebleu.corpus_chrf(hyp, refs).score, path.name
        assert system.signatures["bleu"].startswith("nrefs:2|")
        assert system.signatures["chrf"].startswith("nrefs:2|")
        single = sacrebleu.corpus_bleu(hyp, refs[:1]).score
        assert system.corpus["bleu"] > single  # a second reference can only add matches
    assert two_ref_run.reference["paths"] == [str(ref_a), str(ref_b)]
    assert two_ref_run.reference["others"][0]["sentences"] == 1984


def test_sentence_scores_are_sacrebleus_multi_reference_sentence_scores(
    de_en: tuple[Path, Path, list[Path]], two_ref_run: RunResult
) -> None:
    ref_a, ref_b, hyps = de_en
    a, b, hyp = _lines(ref_a), _lines(ref_b), _lines(hyps[0])
    for i in range(0, 1984, 97):
        seg = two_ref_run.systems[0].segments[i]
        assert seg.other_refs == [b[i]]
        want = sacrebleu.sentence_bleu(hyp[i], [a[i], b[i]]).score
        assert seg.scores["bleu"] == round(want, 4)
        assert seg.scores["chrf"] == round(sacrebleu.sentence_chrf(hyp[i], [a[i], b[i]]).score, 4)


def test_ter_equals_sacrebleu_multi_reference_on_all_systems(
    de_en: tuple[Path, Path, list[Path]], tmp_path: Path
) -> None:
    """sacrebleu's TER takes ~18 s a system here, so every system is checked on its
    first 150 lines (benchmarks/check_multiref.py checks all lines of all nine)."""
    ref_a, ref_b, hyps = de_en
    n = 150
    cut = {}
    for path in (ref_a, ref_b, *hyps):
        cut[path] = tmp_path / path.name
        cut[path].write_text("\n".join(_lines(path)[:n]) + "\n", encoding="utf-8")
    run = score(
        [cut[ref_a], cut[ref_b]],
        [cut[h] for h in hyps],
        ScoreOptions(lines=True, metrics=["ter"], errors=False),
    )
    refs = [_lines(ref_a)[:n], _lines(ref_b)[:n]]
    for path, system in zip(hyps, run.systems, strict=True):
        assert system.corpus["ter"] == sacrebleu.corpus_ter(_lines(path)[:n], refs).score
        assert system.signatures["ter"].startswith("nrefs:2|")
    # a stored run rebuilds the same TER statistics (mean reference length, whole edits)
    metric = create("ter")
    stored = RunResult.from_dict(json.loads(json.dumps(run.to_dict())))
    for system in stored.systems[:3]:
        rows = metric.stored_stats(system.segments)
        assert metric.corpus_score(rows) == pytest.approx(system.corpus["ter"], abs=1e-9)


def test_equal_to_the_sacrebleu_cli(
    de_en: tuple[Path, Path, list[Path]], two_ref_run: RunResult
) -> None:
    ref_a, ref_b, hyps = de_en
    out = subprocess.run(
        [sys.executable, "-m", "sacrebleu", str(ref_a), str(ref_b), "-i", str(hyps[0]),
         "-m", "bleu", "chrf", "-b", "-w", "8", "-f", "text"],
        capture_output=True, text=True, check=True,
    ).stdout.split()  # fmt: skip
    system = two_ref_run.systems[0]
    assert [float(x) for x in out] == [
        round(system.corpus["bleu"], 8),
        round(system.corpus["chrf"], 8),
    ]


def test_flags_a_second_reference_shares_with_the_mt_are_dropped(tmp_path: Path) -> None:
    a = "Mayor Ahmed Aboutaleb said that 12 people came to the meeting on Monday.\n"
    b = "Mayor Ahmed Abutaleb said that 12 people came to the meeting on Monday.\n"
    mt = "Mayor Ahmed Abutaleb said that 15 people came to the meeting on Monday.\n"
    paths = {}
    for name, text in (("a", a), ("b", b), ("mt", mt)):
        paths[name] = tmp_path / f"{name}.txt"
        paths[name].write_text(text + "The council did not approve the plan.\n", encoding="utf-8")
    (tmp_path / "mt.txt").write_text(mt + "The council approved the plan.\n", encoding="utf-8")

    def flags(refs: list[Path]) -> list[list[tuple[str, str]]]:
        run = score(refs, [paths["mt"]], ScoreOptions(lines=True))
        return [[(e.category, e.hyp) for e in s.errors] for s in run.systems[0].segments]

    one = flags([paths["a"]])
    assert ("names", "Ahmed Abutaleb") in one[0] and ("numbers", "15") in one[0]
    two = flags([paths["a"], paths["b"]])
    assert ("names", "Ahmed Abutaleb") not in two[0]  # reference B spells it as the MT does
    assert ("numbers", "15") in two[0]  # both references say 12
    assert two[1] == one[1] and any(c == "negation" for c, _ in two[1])


def test_document_mode_aligns_the_other_reference_to_the_first(
    seed_ref: Path, seed_hyp: Path, tmp_path: Path
) -> None:
    """Reference B is reference A re-paragraphed (one line): every bead gets A's own
    sentences from B, so scores and flags are those of A alone."""
    joined = tmp_path / "ref_b.txt"
    joined.write_text(" ".join(seed_ref.read_text(encoding="utf-8").split()) + "\n")
    opts = ScoreOptions(metrics=["bleu", "chrf", "ter"])
    single = score(seed_ref, [seed_hyp], opts)
    double = score([seed_ref, joined], [seed_hyp], opts)
    s1, s2 = single.systems[0], double.systems[0]
    assert [g.ref for g in s1.segments] == [g.ref for g in s2.segments]
    matched = [g for g in s2.segments if g.ref_ids]
    found = [g for g in matched if g.other_refs[0] is not None]
    # the page junk at the top ("United states", "Substitute while ...") is segmented
    # differently once the lines are joined; every other bead gets its own sentences
    assert len(found) >= len(matched) - 3
    assert all(g.ref in g.other_refs[0] for g in found)
    assert sum(g.other_refs == [g.ref] for g in found) >= len(found) - 1
    assert abs(s2.corpus["bleu"] - s1.corpus["bleu"]) < 0.5
    assert s2.signatures["bleu"].split("|")[0] in ("nrefs:2", "nrefs:var")
    assert s2.error_counts == s1.error_counts or sum(s2.error_counts.values()) <= sum(
        s1.error_counts.values()
    )


def test_other_reference_with_other_line_count_is_one_line_error(
    de_en: tuple[Path, Path, list[Path]], tmp_path: Path
) -> None:
    ref_a, _, hyps = de_en
    short = tmp_path / "short.en"
    short.write_text("one line\n")
    done = subprocess.run(
        [sys.executable, "-m", "mtcompare", "score", "--no-save", "-q", "--lines",
         "-r", str(ref_a), "-r", str(short), str(hyps[0])],
        capture_output=True, text=True, env={"PYTHONPATH": str(REPO), "PATH": "/usr/bin:/bin"},
    )  # fmt: skip
    assert done.returncode == 2 and done.stderr.count("\n") == 1
    assert "line counts differ: reference" in done.stderr and "short.en has 1 lines" in done.stderr


def test_a_stored_run_keeps_every_reference(tmp_path: Path) -> None:
    from mtcompare.store import Store

    ref = REPO / "references" / "example.en.txt"
    other = tmp_path / "ref_b.txt"
    other.write_text(ref.read_text(encoding="utf-8").replace("Aboutaleb", "Abutaleb"))
    run = score([ref, other], [REPO / "examples" / "mt_a.txt"], ScoreOptions())
    with Store(f"sqlite:///{tmp_path}/runs.sqlite") as store:
        run_id = store.save(run)
        back = store.load(run_id)
    assert back.reference["paths"] == [str(ref), str(other)]
    assert back.reference["others"] == run.reference["others"]
    got = [g.other_refs for g in back.systems[0].segments]
    assert got == [g.other_refs for g in run.systems[0].segments]
    assert any(o and "Abutaleb" in o[0] for o in got)
    names = [e.hyp for g in back.systems[0].segments for e in g.errors if e.category == "names"]
    assert "Ahmed Abutaleb" not in names  # reference B spells it as the MT does
    single = score(ref, [REPO / "examples" / "mt_a.txt"], ScoreOptions())
    assert "Ahmed Abutaleb" in [
        e.hyp for g in single.systems[0].segments for e in g.errors if e.category == "names"
    ]


def test_an_other_reference_without_the_sentence_agrees_with_an_omission() -> None:
    from mtcompare.core.model import ErrorFlag, SegmentPair
    from mtcompare.pipeline import _shares

    omission = ErrorFlag("omission", "A sentence.", "", "sentence omitted")
    number = ErrorFlag("numbers", "12", "15", "number 12 vs 15")
    assert not _shares(omission, None)  # B has no counterpart either: not an MT error
    assert _shares(number, None)  # no evidence: the flag stays
    alt = SegmentPair([0], [0], "B text", "MT text", errors=[ErrorFlag("numbers", "13", "15", "")])
    assert _shares(number, alt)
    assert not _shares(ErrorFlag("numbers", "12", "16", ""), alt)


def test_several_reference_folders_are_refused(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    done = subprocess.run(
        [sys.executable, "-m", "mtcompare", "score", "--no-save", "-q",
         "-r", str(tmp_path / "a"), "-r", str(tmp_path / "b"), str(tmp_path / "a")],
        capture_output=True, text=True, env={"PYTHONPATH": str(REPO), "PATH": "/usr/bin:/bin"},
    )  # fmt: skip
    assert done.returncode == 2 and done.stderr.count("\n") == 1
    assert "batch input (--ref DIR) takes one reference folder, not several" in done.stderr
