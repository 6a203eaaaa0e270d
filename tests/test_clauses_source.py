"""Clause omissions and additions are confident only where the source confirms them by
length (``checks.clauses.confirmed_by_source``); on real output most are paraphrases."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from mtcompare.checks import detect_pair_errors
from mtcompare.checks.flagging import flag_systems
from mtcompare.checks.source import MIN_LENGTH_PAIRS, LengthModel, Source, length_model
from mtcompare.core.model import SegmentPair

DATA = Path(__file__).parent / "data"
REF = "The factory will close next year, leaving hundreds of workers in the region without a job."
HYP = "The factory will close next year."
#: A source as long as the reference (ratio 1 below): it has the clause the MT lacks.
SRC = "Die Fabrik schließt im nächsten Jahr, und Hunderte Arbeiter der Region verlieren ihren Job."


def _clause(flags):
    (flag,) = [f for f in flags if f.category in ("omission", "addition")]
    return flag


def test_length_model_is_the_median_ratio_in_any_script() -> None:
    pairs = [("源" * n, "w" * (3 * n)) for n in range(5, 5 + MIN_LENGTH_PAIRS)]
    model = length_model(pairs)
    assert model is not None and model.ratio == pytest.approx(3.0) and model.spread == 0
    assert model.predict("一二 三") == pytest.approx(9.0)  # characters, spaces not counted
    assert length_model(pairs[:-1]) is None  # too few pairs to learn from


def test_omission_the_source_confirms_is_an_error_with_its_evidence() -> None:
    src = Source(SRC, LengthModel(ratio=1.0, spread=0.1))
    flag = _clause(detect_pair_errors(REF, HYP, src=src))
    assert flag.category == "omission" and flag.severity == "error"
    assert "characters expected, the MT has 28" in flag.detail
    added = _clause(
        detect_pair_errors(
            HYP, REF, src=Source(HYP.replace("factory", "Fabrik"), LengthModel(1.0, 0.1))
        )
    )
    assert added.category == "addition" and added.severity == "error"


def test_clause_the_source_lacks_too_is_only_a_check() -> None:
    """A source as short as the MT: the reference says more than the source, so the
    missing clause may be the reference's (or a rewording), not the MT's omission."""
    short_src = Source("Die Fabrik schließt im nächsten Jahr.", LengthModel(1.0, 0.1))
    flag = _clause(detect_pair_errors(REF, HYP, src=short_src))
    assert flag.severity == "check" and flag.detail.endswith("(or reworded)")


def test_without_source_or_length_model_a_clause_flag_is_a_check() -> None:
    assert _clause(detect_pair_errors(REF, HYP)).severity == "check"
    assert _clause(detect_pair_errors(REF, HYP, src=SRC)).severity == "check"  # no model


def _wmt_lengths(wmt22_dir: Path) -> LengthModel:
    d = wmt22_dir / "de-en"
    src = (d / "generaltest2022.de-en.src.de").read_text(encoding="utf-8").splitlines()
    ref = (d / "generaltest2022.de-en.ref.A.en").read_text(encoding="utf-8").splitlines()
    model = length_model(zip(src, ref, strict=True))
    assert model is not None
    return model


def test_confident_clause_flags_on_labelled_wmt22_output(wmt22_dir: Path) -> None:
    """The 63 clause flags of the 9 WMT22 de-en systems and ref.B, labelled by reading the
    German source (7 + 1 real omissions): confident ones are real at >= 0.8."""
    rows = [json.loads(x) for x in (DATA / "clauses_dev_de-en.jsonl").open(encoding="utf-8")]
    model = _wmt_lengths(wmt22_dir)
    confident = []
    for row in rows:
        flags = detect_pair_errors(row["ref"], row["hyp"], src=Source(row["src"], model))
        same = [f for f in flags if f.category == row["category"] and f.severity == "error"]
        confident += [row["label"]] * bool(same)
    assert len(confident) >= 5  # not vacuous: most real omissions stay confident
    assert confident.count("real") / len(confident) >= 0.8
    real = sum(r["label"] == "real" for r in rows)
    assert real / len(rows) < 0.2  # why all the others are only checks


def test_the_length_model_is_the_runs_whatever_the_workers(wmt22_dir: Path) -> None:
    d, n = wmt22_dir / "de-en", 700
    read = lambda name: (d / f"generaltest2022.de-en.{name}").read_text("utf-8").splitlines()[:n]  # noqa: E731
    src, ref, hyp = read("src.de"), read("ref.A.en"), read("hyp.LT22.en")

    def flags(workers: int) -> list[list[tuple[str, str, str]]]:
        segs = [
            SegmentPair([k], [k], r, h, src=s)
            for k, (s, r, h) in enumerate(zip(src, ref, hyp, strict=True))
        ]
        flag_systems([segs], workers=workers, use_source=True)
        return [[(f.category, f.severity, f.detail) for f in s.errors] for s in segs]

    one = flags(1)
    assert one == flags(2)
    assert any(sev == "error" and cat == "omission" for s in one for cat, sev, _ in s)
