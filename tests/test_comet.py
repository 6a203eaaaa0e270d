"""COMET through unbabel-comet, with a tiny real checkpoint built here (no downloads).

The checkpoint is a genuine COMET ``RegressionMetric`` on a 2-layer, 32-unit BERT
encoder with a vocabulary written by the test, saved the way COMET's loader expects
(``checkpoints/model.ckpt`` + ``hparams.yaml``) and loaded through
``comet.load_from_checkpoint``. Its scores are meaningless but deterministic, which is
all parity tests need.
"""

from __future__ import annotations

import hashlib
import importlib.util
import math
import os
import re
import shutil
import subprocess
import sys
import time
import warnings
from pathlib import Path

import pytest

from mtcompare.core.errors import InputError

pytestmark = [
    pytest.mark.comet,
    pytest.mark.skipif(importlib.util.find_spec("comet") is None, reason="needs the [comet] extra"),
]

REPO = Path(__file__).resolve().parents[1]

_WORDS = """the a an cat dog sat on mat and is was in of to he she it they said house city
president minister police people year million government der die das und ist ein eine hund
katze haus stadt"""
VOCAB = [
    "[PAD]",
    "[UNK]",
    "[CLS]",
    "[SEP]",
    "[MASK]",
    *"abcdefghijklmnopqrstuvwxyz0123456789.,;:!?'\"-",
    *_WORDS.split(),
    *("##s", "##ed", "##ing", "##er", "##ly"),
]


def build_comet_checkpoint(
    root: Path, encoder_dir: Path | None = None, seed: int = 0, hidden_sizes=(16,)
) -> Path:
    """Write a real COMET regression checkpoint under ``root``; return the model folder.

    Without ``encoder_dir`` a tiny random BERT (2 layers, hidden 32) and its vocab.txt are
    written first; with it, that (BERT-architecture) folder is used as the encoder.
    """
    import torch
    import yaml

    from mtcompare.metrics.comet import import_comet

    import_comet()
    import pytorch_lightning as ptl
    from comet.models import RegressionMetric
    from transformers import BertConfig, BertModel

    pretrained = encoder_dir is not None
    if encoder_dir is None:
        encoder_dir = root / "encoder"
        encoder_dir.mkdir(parents=True, exist_ok=True)
        (encoder_dir / "vocab.txt").write_text("\n".join(VOCAB) + "\n", encoding="utf-8")
        config = BertConfig(
            vocab_size=len(VOCAB),
            hidden_size=32,
            num_hidden_layers=2,
            num_attention_heads=2,
            intermediate_size=64,
            max_position_embeddings=128,
        )
        torch.manual_seed(seed)
        BertModel(config, add_pooling_layer=False).save_pretrained(encoder_dir)
    torch.manual_seed(seed)
    model = RegressionMetric(
        encoder_model="BERT",
        pretrained_model=str(encoder_dir),
        load_pretrained_weights=pretrained,
        hidden_sizes=list(hidden_sizes),
        layer="mix",
        pool="avg",
    )
    model_dir = root / "model"
    (model_dir / "checkpoints").mkdir(parents=True, exist_ok=True)
    hparams = dict(model.hparams)
    # The fields Lightning's ModelCheckpoint writes and COMET's loader reads back.
    torch.save(
        {
            "state_dict": model.state_dict(),
            "hyper_parameters": hparams,
            "pytorch-lightning_version": ptl.__version__,
            "epoch": 0,
            "global_step": 0,
        },
        model_dir / "checkpoints" / "model.ckpt",
    )
    (model_dir / "hparams.yaml").write_text(yaml.safe_dump(hparams), encoding="utf-8")
    return model_dir


TRIPLES = [
    ("der hund sat", "the dog sat on the mat.", "the dog sat on the mat."),
    ("die katze", "a cat.", "the cat is in the house."),
    ("das haus", "the house of the president", "the president's house"),
    ("ein", "", "a minister said."),
    ("und", "they said it was 2 million.", "they said it was 3 million."),
    ("x" * 30, "the city " * 20, "the city " * 15),
    ("die stadt", "police said", "the police said."),
    ("das ist", "it is", "it is"),
]


@pytest.fixture(scope="session")
def tiny_model_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_comet_checkpoint(tmp_path_factory.mktemp("tiny_comet"))


@pytest.fixture(scope="session")
def tiny_ckpt(tiny_model_dir: Path) -> Path:
    return tiny_model_dir / "checkpoints" / "model.ckpt"


@pytest.fixture(scope="session")
def comet_predict(tiny_ckpt: Path):
    """COMET's own predict on the same checkpoint (the reference for parity)."""
    import comet

    model = comet.load_from_checkpoint(str(tiny_ckpt))
    samples = [{"src": s, "mt": m, "ref": r} for s, m, r in TRIPLES]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # Lightning's own deprecation notices
        return model.predict(samples, batch_size=3, gpus=0, progress_bar=False)


def test_scores_equal_comet_predict(tiny_ckpt: Path, comet_predict) -> None:
    from mtcompare.metrics.comet import CometMetric

    metric = CometMetric(str(tiny_ckpt), batch_size=4, progress=False)
    result = metric.score(TRIPLES)
    assert result.segments == pytest.approx(comet_predict.scores, abs=1e-6)
    assert result.system == pytest.approx(comet_predict.system_score, abs=1e-6)
    # COMET's system score is the plain mean of the segment scores.
    assert comet_predict.system_score == pytest.approx(
        sum(comet_predict.scores) / len(comet_predict.scores), abs=1e-9
    )
    assert result.system == pytest.approx(math.fsum(result.segments) / len(TRIPLES), abs=1e-12)
    assert len(set(round(s, 6) for s in result.segments)) > 4, "scores should vary"
    # Significance tests resample rows of the statistics: [score, 1] per scored bead,
    # [0, 0] for a bead COMET cannot score (an addition), which then counts nothing.
    stats = metric.stats_from_scores(result.segments)
    assert stats.shape == (len(TRIPLES), 2)
    assert metric.corpus_score(stats) == pytest.approx(result.system, abs=1e-12)
    assert metric.corpus_score(stats[[0, 0, 2]]) == pytest.approx(
        (2 * result.segments[0] + result.segments[2]) / 3, abs=1e-12
    )
    assert list(metric.sentence_scores(stats)) == result.segments
    with_addition = metric.stats_from_scores([*result.segments, None])
    assert metric.corpus_score(with_addition) == metric.corpus_score(stats)
    assert math.isnan(metric.sentence_scores(with_addition)[-1])


@pytest.mark.parametrize("batch_size", [1, 3, 64])
def test_batch_size_does_not_change_scores(tiny_ckpt: Path, comet_predict, batch_size) -> None:
    from mtcompare.metrics.comet import CometMetric

    result = CometMetric(str(tiny_ckpt), batch_size=batch_size, progress=False).score(TRIPLES)
    assert result.segments == pytest.approx(comet_predict.scores, abs=1e-6)


def test_duplicates_scored_once_and_groups_in_one_pass(
    tiny_ckpt: Path, comet_predict, monkeypatch: pytest.MonkeyPatch
) -> None:
    from mtcompare.metrics.comet import CometMetric

    metric = CometMetric(str(tiny_ckpt), batch_size=2, progress=False)
    model = metric.load()
    seen: list[int] = []
    original = model.prepare_for_inference

    def spy(samples):
        seen.append(len(samples))
        return original(samples)

    monkeypatch.setattr(model, "prepare_for_inference", spy)
    sys_a = TRIPLES + TRIPLES[:3]  # duplicates within a system
    sys_b = list(reversed(TRIPLES))  # the same triples again in another system
    a, b = metric.score_groups([sys_a, sys_b])
    assert sum(seen) == len(TRIPLES), "each distinct triple is encoded exactly once"
    expected = list(comet_predict.scores)
    assert a.segments == pytest.approx(expected + expected[:3], abs=1e-6)
    assert b.segments == pytest.approx(list(reversed(expected)), abs=1e-6)
    assert b.system == pytest.approx(comet_predict.system_score, abs=1e-6)


def test_signature_records_model_hash_and_version(tiny_model_dir: Path, tiny_ckpt: Path) -> None:
    import comet

    from mtcompare.metrics.comet import CometMetric

    digest = hashlib.sha256(tiny_ckpt.read_bytes()).hexdigest()
    for given in (str(tiny_ckpt), str(tiny_model_dir)):
        sig = CometMetric(given, progress=False).signature(source="ref")
        assert (
            sig
            == f"comet|model:model|ckpt:sha256-{digest[:16]}|version:{comet.__version__}|src:ref"
        )
    assert re.fullmatch(
        r"comet\|model:model\|ckpt:sha256-[0-9a-f]{16}\|version:[\w.]+",
        CometMetric(str(tiny_model_dir)).signature(),
    )


@pytest.mark.parametrize(
    ("from_source", "hint"),
    [(False, "pip install 'mtcompare[comet]'"), (True, "pip install -e '.[comet]'")],
)
def test_extra_missing_says_how_to_install(
    tiny_ckpt: Path, monkeypatch: pytest.MonkeyPatch, from_source: bool, hint: str
) -> None:
    import mtcompare.metrics.comet as comet_module

    monkeypatch.setattr(comet_module, "_from_source", lambda: from_source)
    monkeypatch.setitem(sys.modules, "comet", None)  # makes `import comet` fail
    with pytest.raises(InputError, match=re.escape(hint)):
        comet_module.CometMetric(str(tiny_ckpt), progress=False).score(TRIPLES[:1])


def test_unknown_model_name_offline_fails_fast() -> None:
    from mtcompare.metrics.comet import CometMetric

    start = time.monotonic()
    with pytest.raises(InputError) as err:
        CometMetric("Unbabel/no-such-comet-model-xyz", progress=False).score(TRIPLES[:1])
    assert time.monotonic() - start < 10
    msg = str(err.value)
    assert "\n" not in msg
    assert "Unbabel/no-such-comet-model-xyz" in msg
    assert "huggingface" in msg  # where it looked
    assert "--allow-download" in msg and "checkpoint" in msg  # how to get it


def test_download_keyerror_is_translated(monkeypatch: pytest.MonkeyPatch) -> None:
    """COMET's download_model says "KeyError: ... not supported" for any failure offline."""
    import comet

    from mtcompare.metrics.comet import CometMetric

    def offline(model, *args, **kwargs):
        raise KeyError(f"Model '{model}' not supported by COMET.")

    monkeypatch.setattr(comet, "download_model", offline)
    with pytest.raises(InputError, match=r"could not download COMET model 'Unbabel/x-y'.*network"):
        CometMetric("Unbabel/x-y", allow_download=True, progress=False).score(TRIPLES[:1])


def test_bad_paths_and_broken_checkpoints(tmp_path: Path, tiny_model_dir: Path) -> None:
    from mtcompare.metrics.comet import CometMetric

    def error(model: str) -> str:
        with pytest.raises(InputError) as err:
            CometMetric(model, progress=False).score(TRIPLES[:1])
        assert "\n" not in str(err.value)
        return str(err.value)

    assert "not found" in error(str(tmp_path / "missing" / "model.ckpt"))
    assert "expected checkpoints/model.ckpt" in error(str(tmp_path))

    junk = tmp_path / "junk"
    (junk / "checkpoints").mkdir(parents=True)
    (junk / "checkpoints" / "model.ckpt").write_bytes(b"this is not a checkpoint\n" * 10)
    assert "hparams.yaml is missing" in error(str(junk))
    shutil.copy(tiny_model_dir / "hparams.yaml", junk / "hparams.yaml")
    assert "not a valid COMET checkpoint" in error(str(junk / "checkpoints" / "model.ckpt"))

    # A checkpoint whose encoder (tokenizer/config) is no longer available locally.
    orphan = build_comet_checkpoint(tmp_path / "orphan", seed=1)
    shutil.rmtree(tmp_path / "orphan" / "encoder")
    assert "encoder is not available locally" in error(str(orphan))

    with pytest.raises(InputError, match="batch-size"):
        CometMetric(str(tiny_model_dir), batch_size=0)


def test_import_is_quiet_and_offline(tiny_ckpt: Path) -> None:
    """A fresh process: no chatter on stderr, root logger untouched, HF offline, 1 thread."""
    code = f"""
import logging, os, sys
logging.getLogger().setLevel(logging.WARNING)
from mtcompare.metrics.comet import CometMetric
m = CometMetric({str(tiny_ckpt)!r}, progress=False, batch_size=2)
print(m.score([("a", "the cat", "the cat")] * 3 + [("b", "a dog", "the dog")]).system)
import torch
root = logging.getLogger()
print(root.level == logging.WARNING, len(root.handlers), os.environ.get("HF_HUB_OFFLINE"))
"""
    env = {k: v for k, v in os.environ.items() if k != "HF_HUB_OFFLINE"}
    proc = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        cwd=REPO,
        env=env,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.split("\n")
    float(lines[0])
    assert lines[1] == "True 0 1"
    assert proc.stderr.strip() == ""


# ---------------------------------------------------------------------------------------
# End to end through the CLI

ARTICLE_REF = """Council approves new harbour bridge

The city council on Tuesday approved a plan to build a second bridge across the harbour.
The bridge will cost about 1.2 billion euros and should open in 2031, Mayor Ahmed Aboutaleb said.
"We did not take this decision lightly," he said.
Thirty-one of the 45 council members voted for the plan.
"""
ARTICLE_MT = """Council approves new port bridge
The city council approved on Tuesday a plan to build a second bridge over the port. The bridge \
will cost about 1.2 million euros and open in 2031, said mayor Ahmed Abutaleb.
"We took this decision lightly," he said. Thirty-one of 45 council members voted for it.
"""
JUNK = "Ersatzinhalt, während die Aktionen des Artikels geladen werden"
ARTICLE_SRC = [
    "Stadtrat genehmigt neue Hafenbrücke",
    "Der Stadtrat hat am Dienstag einen Plan zum Bau einer zweiten Brücke über den Hafen "
    "genehmigt.",
    "Die Brücke soll rund 1,2 Milliarden Euro kosten und 2031 eröffnet werden, sagte "
    "Bürgermeister Ahmed Aboutaleb.",
    "„Wir haben diese Entscheidung nicht leichtfertig getroffen“, sagte er.",
    "Einunddreißig der 45 Ratsmitglieder stimmten für den Plan.",
]


@pytest.fixture()
def article(tmp_path: Path) -> dict[str, Path]:
    files = {
        "ref": (tmp_path / "ref.en.txt", ARTICLE_REF),
        "mt": (tmp_path / "mt.en.txt", ARTICLE_MT),
        # The source has a page-junk line, and paragraphs that differ from the reference.
        "src": (
            tmp_path / "src.de.txt",
            "\n".join(
                [ARTICLE_SRC[0], JUNK, " ".join(ARTICLE_SRC[1:3]), " ".join(ARTICLE_SRC[3:])]
            ),
        ),
    }
    for path, text in files.values():
        path.write_text(text, encoding="utf-8")
    return {k: v[0] for k, v in files.items()}


def _cli(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    from mtcompare.cli.app import main

    code = main(args)
    out, err = capsys.readouterr()
    return code, out, err


def test_cli_document_mode_aligns_source_and_scores(
    article: dict[str, Path], tiny_model_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import json

    from mtcompare.metrics.comet import CometMetric

    code, out, err = _cli(
        ["score", "--ref", str(article["ref"]), str(article["mt"]), "--metrics",
         "bleu,chrf,ter,comet", "--src", str(article["src"]), "--comet-model",
         str(tiny_model_dir), "--batch-size", "2", "--gpus", "0", "--format", "json",
         "--no-save", "-q"],
        capsys,
    )  # fmt: skip
    assert code == 0, err
    assert err.strip() == ""
    run = json.loads(out)
    assert run["metrics"] == ["bleu", "chrf", "ter", "comet"]
    assert run["source"]["kind"] == "file" and run["source"]["path"] == str(article["src"])
    system = run["systems"][0]
    assert system["signatures"]["comet"].startswith("comet|model:model|ckpt:sha256-")
    assert system["signatures"]["comet"].endswith("|src:file")
    assert run["meta"]["comet"]["checkpoint_sha256"].startswith(
        system["signatures"]["comet"].split("sha256-")[1].split("|")[0]
    )
    # Every reference sentence got its German source sentence; the junk line none.
    segs = [s for s in system["segments"] if s["ref_ids"]]
    for seg in segs:
        expected = " ".join(ARTICLE_SRC[i] for i in seg["ref_ids"])
        assert seg["src"] == expected, seg
    assert all(JUNK not in s["src"] for s in segs)
    # The scores are COMET's on exactly those triples; the corpus score is their mean.
    triples = [(s["src"], s["hyp"], s["ref"]) for s in segs]
    direct = CometMetric(str(tiny_model_dir), progress=False).score(triples)
    assert [s["scores"]["comet"] for s in segs] == pytest.approx(direct.segments, abs=1e-5)
    assert system["corpus"]["comet"] == pytest.approx(direct.system, abs=1e-6)


def test_cli_lines_mode_and_source_choices(
    tmp_path: Path, tiny_model_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import json

    ref = tmp_path / "ref.txt"
    hyp = tmp_path / "hyp.txt"
    src = tmp_path / "src.txt"
    ref.write_text("the cat sat on the mat.\nthe dog is in the house.\n", encoding="utf-8")
    hyp.write_text("the cat sat on a mat.\na dog is in the house.\n", encoding="utf-8")
    src.write_text("die katze.\nder hund ist im haus.\n", encoding="utf-8")
    base = ["score", "--lines", "--ref", str(ref), str(hyp), "--metrics", "bleu,comet",
            "--comet-model", str(tiny_model_dir), "-f", "json", "--no-save", "-q"]  # fmt: skip

    code, out, err = _cli([*base, "--src", str(src)], capsys)
    assert code == 0, err
    run = json.loads(out)
    assert [s["src"] for s in run["systems"][0]["segments"]] == [
        "die katze.",
        "der hund ist im haus.",
    ]
    assert run["source"]["alignment"] == "lines"

    # No source: a one-line error, exit 2, nothing scored (COMET is not dropped silently).
    code, out, err = _cli(base, capsys)
    assert code == 2 and out == "" and err.count("\n") == 1
    assert "COMET needs the source text" in err and "--comet-src-from-ref" in err

    # The reference as source, when the user asks for it, and the output says so.
    code, out, err = _cli([*base, "--comet-src-from-ref"], capsys)
    assert code == 0, err
    run = json.loads(out)
    assert run["source"]["kind"] == "reference"
    assert run["systems"][0]["signatures"]["comet"].endswith("|src:reference")
    assert [s["src"] for s in run["systems"][0]["segments"]] == [
        s["ref"] for s in run["systems"][0]["segments"]
    ]

    # A source with a different line count is a one-line error, exit 2.
    src.write_text("nur eine zeile\n", encoding="utf-8")
    code, out, err = _cli([*base, "--src", str(src)], capsys)
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and "line counts differ" in err and str(src) in err


def test_cli_comet_errors_exit_2(
    tmp_path: Path, tiny_model_dir: Path, capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    ref = tmp_path / "ref.txt"
    ref.write_text("the cat sat.\n", encoding="utf-8")
    base = ["score", "--lines", "--ref", str(ref), str(ref), "--metrics", "comet",
            "--comet-src-from-ref", "-f", "json", "--no-save", "-q"]  # fmt: skip
    code, out, err = _cli([*base, "--comet-model", "Unbabel/not-a-cached-model"], capsys)
    assert code == 2 and out == "" and err.count("\n") == 1
    assert "Unbabel/not-a-cached-model" in err and "--allow-download" in err
    code, out, err = _cli([*base, "--comet-model", str(tmp_path / "nope.ckpt")], capsys)
    assert code == 2 and "not found" in err
    code, out, err = _cli(
        [*base, "--comet-model", str(tiny_model_dir), "--batch-size", "0"], capsys
    )
    assert code == 2 and "batch-size" in err
    import torch

    if not torch.cuda.is_available():
        code, out, err = _cli([*base, "--comet-model", str(tiny_model_dir), "--gpus", "1"], capsys)
        assert code == 2 and "--gpus 1 but 0 CUDA GPU(s)" in err
    monkeypatch.setitem(sys.modules, "comet", None)
    monkeypatch.setattr("mtcompare.metrics.comet._from_source", lambda: False)
    code, out, err = _cli([*base, "--comet-model", str(tiny_model_dir)], capsys)
    assert code == 2 and "pip install 'mtcompare[comet]'" in err


def test_comet_document_scores_and_significance_go_through_the_common_path(
    tmp_path: Path, tiny_model_dir: Path
) -> None:
    """COMET's per-document scores with --docids are the means of their lines' scores, and
    its statistics are the same [score, 1] rows in the corpus score and the tests."""
    from mtcompare.analysis.significance import SignificanceConfig
    from mtcompare.pipeline import ScoreOptions, score

    ref, hyp, src, ids = (tmp_path / n for n in ("ref.txt", "hyp.txt", "src.txt", "ids"))
    ref.write_text("".join(f"{r}\n" for _, _, r in TRIPLES), encoding="utf-8")
    hyp.write_text("".join(f"{m}\n" for _, m, _ in TRIPLES), encoding="utf-8")
    src.write_text("".join(f"{s}\n" for s, _, _ in TRIPLES), encoding="utf-8")
    docs = ["d1", "d1", "d2", "d1", "d2", "d3", "d3", "d2"]
    ids.write_text("\n".join(docs) + "\n", encoding="utf-8")
    run = score(
        ref,
        [hyp, ref],
        ScoreOptions(
            metrics=["comet"],
            lines=True,
            docids=ids,
            src=src,
            comet_model=str(tiny_model_dir),
            significance=SignificanceConfig("bootstrap", resamples=200),
            errors=False,
        ),
    )
    system = run.systems[0]
    scores = [s.scores["comet"] for s in system.segments]
    assert [s.src for s in system.segments] == [s for s, _, _ in TRIPLES]
    for doc in ("d1", "d2", "d3"):
        mine = [v for v, d in zip(scores, docs, strict=True) if d == doc]
        assert system.doc_scores[doc]["comet"] == pytest.approx(sum(mine) / len(mine), abs=1e-6)
    assert system.corpus["comet"] == pytest.approx(sum(scores) / len(scores), abs=1e-6)
    (test,) = run.comparisons
    other = run.systems[1].corpus["comet"]
    assert test.delta == pytest.approx(other - system.corpus["comet"], abs=1e-6)
    assert run.meta["comet"]["source"]["alignment"] == "lines"
    assert system.signatures["comet"].endswith("|src:file")


def test_a_worker_without_the_checkpoint_is_one_line(tmp_path: Path) -> None:
    """A Dask worker lacking the model at the path this machine resolved: an InputError
    (one line on the CLI), not a FileNotFoundError traceback from the worker."""
    from mtcompare.metrics.comet import _Runner, _score_batch

    runner = _Runner(str(tmp_path / "elsewhere" / "model.ckpt"), False, "cpu", 1)
    with pytest.raises(InputError, match="every Dask worker needs the model at the same path"):
        _score_batch([{"src": "ein", "mt": "a", "ref": "a"}], runner)


def _die(batch, runner):  # a scoring process killed mid-run (e.g. by the OOM killer)
    os._exit(1)


def test_a_dying_scoring_process_is_one_line(tiny_ckpt: Path, monkeypatch) -> None:
    import mtcompare.metrics.comet as comet_module

    monkeypatch.setattr(comet_module, "_score_batch", _die)
    metric = comet_module.CometMetric(str(tiny_ckpt), batch_size=2, progress=False, workers=2)
    with pytest.raises(InputError, match=r"a COMET scoring process died .* fewer --jobs"):
        metric.score(TRIPLES)
