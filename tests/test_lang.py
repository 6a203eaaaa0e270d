"""--lang: a German and a Chinese target built from WMT22 sources (the source as the
reference, the same text with edits as the MT): sacrebleu's tokenizer and scores for the
language, the checks it has data for (digits), and what the run records."""

from __future__ import annotations

import importlib.util
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
import sacrebleu
from hypothesis import given
from hypothesis import strategies as st

from mtcompare.checks.digits import digit_flags, numbers
from mtcompare.metrics.bleu import bleu_tokenizer
from mtcompare.pipeline import DIGITS_ONLY, ScoreOptions, score

REPO = Path(__file__).resolve().parents[1]
N = 300


def _lines(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").split("\n")[:-1]


def _target(
    tmp_path: Path, source: Path, edit: re.Pattern[str], new: str
) -> tuple[Path, Path, set[int]]:
    """The first N source lines as reference; the MT replaces ``edit``'s first match in
    every fifth line that has one. Returns both files and the edited line numbers."""
    ref = _lines(source)[:N]
    mt, edited = [], set()
    for i, line in enumerate(ref):
        if i % 5 == 0 and edit.search(line):
            line = edit.sub(new, line, count=1)
            edited.add(i)
        mt.append(line)
    (tmp_path / "ref.txt").write_text("\n".join(ref) + "\n", encoding="utf-8")
    (tmp_path / "mt.txt").write_text("\n".join(mt) + "\n", encoding="utf-8")
    return tmp_path / "ref.txt", tmp_path / "mt.txt", edited


def _run(ref: Path, mt: Path, lang: str) -> tuple[dict, str]:
    done = subprocess.run(
        [sys.executable, "-m", "mtcompare", "score", "--no-save", "-q", "--lines", "--lang", lang,
         "-r", str(ref), str(mt), "-f", "json"],
        capture_output=True, text=True, env={"PYTHONPATH": str(REPO), "PATH": "/usr/bin:/bin"},
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout), done.stderr


def test_german_target(wmt22_dir: Path, tmp_path: Path) -> None:
    source = wmt22_dir / "de-en" / "generaltest2022.de-en.src.de"
    ref, mt, edited = _target(tmp_path, source, re.compile(r"\b\d+\b"), "4711")
    assert len(edited) >= 10
    run, err = _run(ref, mt, "de")
    system = run["systems"][0]
    hyp, refs = _lines(mt), [_lines(ref)]
    assert system["corpus"]["bleu"] == sacrebleu.corpus_bleu(hyp, refs).score  # 13a
    assert system["corpus"]["chrf"] == sacrebleu.corpus_chrf(hyp, refs).score
    assert system["corpus"]["ter"] == sacrebleu.corpus_ter(hyp, refs).score
    assert "|tok:13a|" in system["signatures"]["bleu"]
    assert all(sig.endswith("|lang:de") for sig in system["signatures"].values())
    assert run["meta"]["language"] == "de" and run["meta"]["checks"] == DIGITS_ONLY
    assert "--lang de: the error checks run only on numbers" in err and err.count("\n") == 1
    flagged = {g["ref_ids"][0] for g in system["segments"] if g["errors"]}
    assert flagged == edited  # every edited number, nothing else (no German word lists)
    for g in system["segments"]:
        for e in g["errors"]:
            assert e["category"] == "numbers" and e["hyp"] == "4711" and e["severity"] == "error"


def test_chinese_target(wmt22_dir: Path, tmp_path: Path) -> None:
    source = wmt22_dir / "zh-en" / "generaltest2022.zh-en.src.zh"
    ref, mt, edited = _target(tmp_path, source, re.compile(r"[0-9０-９]+"), "１９９９")
    assert len(edited) >= 5
    run, _ = _run(ref, mt, "zh")
    system = run["systems"][0]
    hyp, refs = _lines(mt), [_lines(ref)]
    assert system["corpus"]["bleu"] == sacrebleu.corpus_bleu(hyp, refs, tokenize="zh").score
    assert system["corpus"]["bleu"] != sacrebleu.corpus_bleu(hyp, refs).score
    assert system["corpus"]["chrf"] == sacrebleu.corpus_chrf(hyp, refs).score
    assert system["corpus"]["ter"] == sacrebleu.corpus_ter(hyp, refs).score
    assert "|tok:zh|" in system["signatures"]["bleu"]
    cli = subprocess.run(
        [sys.executable, "-m", "sacrebleu", str(ref), "-i", str(mt), "-l", "en-zh", "-m", "bleu",
         "-b", "-w", "8", "-f", "text"],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    assert float(cli.stdout) == round(system["corpus"]["bleu"], 8)
    flagged = {g["ref_ids"][0] for g in system["segments"] if g["errors"]}
    assert flagged == edited
    assert all(e["hyp"] == "1999" for g in system["segments"] for e in g["errors"])


def test_english_default_runs_every_check_and_keeps_sacrebleus_signature(tmp_path: Path) -> None:
    ref = REPO / "references" / "example.en.txt"
    run = score(ref, [REPO / "examples" / "mt_a.txt"], ScoreOptions())
    assert run.meta["language"] == "en"
    assert set(run.meta["checks"]) == {"names", "numbers", "negation", "omission", "addition"}
    theirs = sacrebleu.BLEU()
    theirs.corpus_score(["a"], [["a"]])
    assert run.systems[0].signatures["bleu"] == theirs.get_signature().format()
    system = run.systems[0]
    assert system.error_counts["names"] + system.check_counts["names"] > 0


def test_japanese_and_korean_fall_back_to_13a_without_mecab() -> None:
    for lang, name, module in (("ja", "ja-mecab", "MeCab"), ("ko", "ko-mecab", "mecab_ko")):
        present = importlib.util.find_spec(module) is not None
        assert bleu_tokenizer(lang) == (name if present else "13a")
    assert bleu_tokenizer("zh") == "zh" and bleu_tokenizer("de") == "13a"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--lang", "German", "--lines"], "--lang must be a language code such as en, de or zh"),
        (["--lang", "xx"], "--lang xx: no sentence splitter for it (pysbd has am, ar,"),
    ],
)
def test_bad_lang_is_one_line_error(args: list[str], message: str) -> None:
    ref = REPO / "references" / "example.en.txt"
    done = subprocess.run(
        [sys.executable, "-m", "mtcompare", "score", "--no-save", "-q", *args,
         "-r", str(ref), str(ref)],
        capture_output=True, text=True, env={"PYTHONPATH": str(REPO), "PATH": "/usr/bin:/bin"},
    )  # fmt: skip
    assert done.returncode == 2 and done.stderr.count("\n") == 1 and message in done.stderr


def test_digit_numbers_across_scripts_and_separators() -> None:
    assert numbers("Am 3. Oktober 2022 kamen 1.200 Menschen, 3,5 %") == ["3", "2022", "1200", "35"]
    assert numbers("２０２２年有１２００人") == ["2022", "1200"]
    assert numbers("1,200 vs 1200 vs 1\u202f200") == ["1200", "1200", "1200"]
    flags = digit_flags("Er kam 2021 mit 12 Leuten.", "Er kam 2022 mit 12 Leuten und 3 Hunden.")
    assert [(f.ref, f.hyp, f.severity) for f in flags] == [
        ("2021", "2022", "error"),
        ("", "3", "check"),
    ]


@given(st.text())
def test_a_text_against_itself_has_no_digit_flag(text: str) -> None:
    assert digit_flags(text, text) == []


def test_german_document_mode_splits_with_the_german_segmenter(
    wmt22_dir: Path, tmp_path: Path
) -> None:
    """Document mode passes --lang to mtcompare.segment.split_sentences (pysbd's German
    splitter: 'Okt.' ends no sentence)."""
    from mtcompare.segment import split_sentences

    assert split_sentences("Am 3. Okt. kam er. Dann ging er.", language="de") == [
        "Am 3. Okt. kam er.",
        "Dann ging er.",
    ]
    source = wmt22_dir / "de-en" / "generaltest2022.de-en.src.de"
    ref, mt, edited = _target(tmp_path, source, re.compile(r"\b\d+\b"), "4711")
    with pytest.warns(UserWarning, match="--lang de: the error checks run only on numbers"):
        run = score(ref, [mt], ScoreOptions(language="de"))
    system = run.systems[0]
    numbers_flagged = [e for g in system.segments for e in g.errors if e.category == "numbers"]
    assert len(numbers_flagged) == len(edited)
    assert all(e.hyp == "4711" for e in numbers_flagged)
    assert system.error_counts["omission"] == system.error_counts["addition"] == 0
