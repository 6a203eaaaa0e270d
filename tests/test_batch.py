"""Batch input: many WMT22 articles x several engines in one ``mtcompare score`` run."""

from __future__ import annotations

import importlib.util
import json
import os
import pty
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import sacrebleu

from devtools.articles import DE_EN, write_articles
from mtcompare.batch import discover, read_manifest, score_batch
from mtcompare.cli.app import main
from mtcompare.pipeline import ScoreOptions, score

N = 5


@pytest.fixture(scope="module")
def articles(tmp_path_factory, wmt22_dir) -> tuple[Path, list[str]]:
    root = tmp_path_factory.mktemp("batch")
    docs = write_articles(wmt22_dir / "de-en", root, N, {**DE_EN, "src": "src.de"})
    return root, docs


def run_cli(capsys, *args: object) -> tuple[int, str, str]:
    code = main([*map(str, args)])
    out, err = capsys.readouterr()
    return code, out, err


def _copy(root: Path, tmp_path: Path) -> Path:
    shutil.copytree(root, tmp_path / "copy")
    return tmp_path / "copy"


def test_each_article_scores_as_its_own_single_run(articles):
    """doc_scores of a batch are exactly the corpus scores of one run per article."""
    root, docs = articles
    run = score_batch(
        discover(root / "ref", [root / "Online-A", root / "Online-B"], None),
        ScoreOptions(errors=False, jobs=2),
    )
    assert [s.name for s in run.systems] == ["Online-A", "Online-B"]
    assert run.meta["articles"] == sorted(docs)
    for doc in docs[:3]:
        single = score(
            root / "ref" / f"{doc}.txt",
            [root / "Online-A" / f"{doc}.txt", root / "Online-B" / f"{doc}.txt"],
            ScoreOptions(errors=False, names=["Online-A", "Online-B"]),
        )
        for mine, theirs in zip(run.systems, single.systems, strict=True):
            assert mine.doc_scores[doc] == theirs.corpus
            segs = [g for g in mine.segments if g.doc_id == doc]
            assert [(g.ref, g.hyp) for g in segs] == [(g.ref, g.hyp) for g in theirs.segments]


def test_reference_ids_unique_across_articles(articles):
    root, _ = articles
    run = score_batch(discover(root / "ref", [root / "PROMT"], None), ScoreOptions(errors=False))
    n_ref = run.reference["sentences"]
    ids = [i for g in run.systems[0].segments for i in g.ref_ids]
    assert sorted(ids) == list(range(n_ref))  # every reference sentence exactly once
    assert all(g.doc_id for g in run.systems[0].segments)


def test_lines_batch_matches_sacrebleu_and_missing_article_is_omitted(articles, tmp_path):
    """--lines: corpus BLEU over all articles is sacrebleu's on the concatenated lines,
    with an article the engine lacks scored as empty lines (all omitted)."""
    root = _copy(articles[0], tmp_path)
    docs = sorted(articles[1])
    (root / "Online-B" / f"{docs[1]}.txt").unlink()
    warnings: list[str] = []
    run = score_batch(
        discover(root / "ref", [root / "Online-A", root / "Online-B"], None),
        ScoreOptions(mode="lines", errors=False, warn=warnings.append),
    )
    assert any(docs[1] in w and "Online-B" in w and "omitted" in w for w in warnings)
    refs, hyps = [], []
    for doc in docs:
        lines = (root / "ref" / f"{doc}.txt").read_text(encoding="utf-8").splitlines()
        refs += lines
        if doc == docs[1]:
            hyps += [""] * len(lines)
        else:
            hyps += (root / "Online-B" / f"{doc}.txt").read_text(encoding="utf-8").splitlines()
    expected = sacrebleu.corpus_bleu(hyps, [refs]).score
    assert run.systems[1].corpus["bleu"] == pytest.approx(expected, abs=1e-6)
    omitted = [g for g in run.systems[1].segments if g.doc_id == docs[1]]
    assert omitted and all(g.hyp_ids == [] and g.hyp == "" for g in omitted)


def test_cli_batch_json_warnings_and_per_article_table(articles, tmp_path, capsys):
    root = _copy(articles[0], tmp_path)
    docs = sorted(articles[1])
    (root / "Online-A" / "not-in-ref.txt").write_text("An extra article.\n", encoding="utf-8")
    (root / "PROMT" / f"{docs[0]}.txt").unlink()
    args = ["score", "--no-save", "--ref", root / "ref", root / "Online-A", root / "PROMT"]
    code, out, err = run_cli(capsys, *args, "-f", "json", "--no-errors")
    assert code == 0, err
    assert "not-in-ref" in err and "ignored" in err
    assert f"PROMT has no file for 1 article(s), counted as omitted: {docs[0]}" in err
    data = json.loads(out)
    for system in data["systems"]:
        assert sorted(system["doc_scores"]) == docs
        assert {g["doc_id"] for g in system["segments"]} == set(docs)
    code, out, err = run_cli(capsys, *args, "--per-article", "--no-errors")
    assert code == 0, err
    assert out.index("Corpus scores") < out.index("Per-article scores")
    assert "Aligned segments" not in out  # batch tables list no segments unless asked


def test_batch_significance_uses_article_units(articles, capsys):
    root, _ = articles
    args = ["score", "--no-save", "--ref", root / "ref", root / "Online-A", root / "Online-B"]
    args += ["--no-errors", "--significance", "bootstrap", "--resamples", "200", "-f", "json"]
    code, out, err = run_cli(capsys, *args)
    assert code == 0, err
    meta = json.loads(out)["meta"]["significance"]
    assert (meta["unit"], meta["units"]) == ("document", N)
    code, out, err = run_cli(capsys, *args, "--bootstrap-unit", "segment")
    assert code == 0, err
    meta = json.loads(out)["meta"]["significance"]
    assert meta["unit"] == "segment" and meta["units"] > N


def test_bad_file_fails_or_is_skipped(articles, tmp_path, capsys):
    root = _copy(articles[0], tmp_path)
    docs = sorted(articles[1])
    bad = root / "Online-B" / f"{docs[2]}.txt"
    bad.write_bytes("Le président a démissionné.".encode("latin-1"))
    args = ["score", "--no-save", "--ref", root / "ref", root / "Online-A", root / "Online-B"]
    code, out, err = run_cli(capsys, *args, "--no-errors", "-f", "json")
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and str(bad) in err and "UTF-8" in err
    code, out, err = run_cli(capsys, *args, "--no-errors", "-f", "json", "--skip-bad")
    assert code == 0, err
    assert "skipped" in err and str(bad) in err
    b = json.loads(out)["systems"][1]
    assert all(g["hyp_ids"] == [] for g in b["segments"] if g["doc_id"] == docs[2])


def test_bad_reference_is_skipped_as_whole_article(articles, tmp_path, capsys):
    root = _copy(articles[0], tmp_path)
    docs = sorted(articles[1])
    (root / "ref" / f"{docs[0]}.txt").write_text("  \n", encoding="utf-8")
    args = ["score", "--no-save", "--ref", root / "ref", root / "Online-A", "--no-errors"]
    code, _, err = run_cli(capsys, *args, "-f", "json")
    assert code == 2 and "reference is empty" in err
    code, out, err = run_cli(capsys, *args, "-f", "json", "--skip-bad")
    assert code == 0, err
    assert json.loads(out)["meta"]["articles"] == docs[1:]


def test_manifest_gives_the_same_run_as_directories(articles, tmp_path):
    root, docs = articles
    rows = ["article,system,path"]
    for doc in docs:
        rows.append(f"{doc},ref,{root / 'ref' / doc}.txt")
        rows.append(f"{doc},engine-x,{root / 'Online-A' / doc}.txt")
    manifest = tmp_path / "day.csv"
    manifest.write_text("\n".join(rows) + "\n", encoding="utf-8")
    opts = ScoreOptions(errors=False)
    from_manifest = score_batch(read_manifest(manifest), opts)
    from_dirs = score_batch(discover(root / "ref", [root / "Online-A"], ["engine-x"]), opts)
    assert from_manifest.systems[0].name == "engine-x"
    assert from_manifest.systems[0].corpus == from_dirs.systems[0].corpus
    assert from_manifest.systems[0].doc_scores == from_dirs.systems[0].doc_scores


def test_jobs_do_not_change_the_result(articles):
    root, _ = articles
    batch = [root / "ref", [root / "Online-A", root / "Online-B", root / "PROMT"], None]
    one = score_batch(discover(*batch), ScoreOptions(jobs=1))
    two = score_batch(discover(*batch), ScoreOptions(jobs=2))
    assert one.systems == two.systems


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (["--jobs", "2"], "--skip-bad, --jobs and --scheduler are for batch input"),
        (["--manifest", "m.tsv"], "--manifest lists every file"),
    ],
)
def test_batch_options_refused_with_single_files(seed_ref, seed_hyp, capsys, extra, message):
    code, _, err = run_cli(capsys, "score", "--no-save", "--ref", seed_ref, seed_hyp, *extra)
    assert code == 2 and message in err


def test_mt_file_with_ref_dir_and_bad_manifest(articles, tmp_path, seed_hyp, capsys):
    root, _ = articles
    code, _, err = run_cli(capsys, "score", "--no-save", "--ref", root / "ref", seed_hyp)
    assert code == 2 and "MT input is not a directory" in err
    manifest = tmp_path / "m.tsv"
    manifest.write_text("doc\tengine\tfile\na\tref\tx.txt\n", encoding="utf-8")
    code, _, err = run_cli(capsys, "score", "--no-save", "--manifest", manifest)
    assert code == 2 and "columns article, system, path" in err


def test_stored_batch_run_keeps_every_article(articles, tmp_path, capsys):
    from mtcompare.store import Store

    root, docs = articles
    db = f"sqlite:///{tmp_path / 'runs.sqlite'}"
    args = ["score", "--db", db, "--ref", root / "ref", root / "Online-A", root / "Online-B"]
    code, out, err = run_cli(capsys, *args, "--no-errors", "-f", "json")
    assert code == 0, err
    with Store(db) as store:
        run = store.load("latest")
    assert run.to_dict() == json.loads(out)
    assert sorted(run.systems[0].doc_scores) == sorted(docs)
    assert {g.doc_id for g in run.systems[1].segments} == set(docs)


def test_lines_batch_line_count_mismatch_names_the_file(articles, tmp_path, capsys):
    root = _copy(articles[0], tmp_path)
    docs = sorted(articles[1])
    short = root / "Online-A" / f"{docs[3]}.txt"
    short.write_text("Only one line.\n", encoding="utf-8")
    args = ["score", "--no-save", "--ref", root / "ref", root / "Online-A", root / "Online-B"]
    args += ["--lines", "-j", "2"]  # 10 pairs: split over two processes
    code, _, err = run_cli(capsys, *args, "--no-errors", "-f", "json")
    assert code == 2 and err.count("\n") == 1
    assert "line counts differ" in err and str(short) in err
    code, out, err = run_cli(capsys, *args, "--no-errors", "-f", "json", "--skip-bad")
    assert code == 0 and "skipped" in err
    segs = json.loads(out)["systems"][0]["segments"]
    assert all(g["hyp"] == "" for g in segs if g["doc_id"] == docs[3])


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (["--lines", "--docids", "x.txt"], "--docids does not apply to batch input"),
        (["--src", "x.txt"], "source is not a directory: x.txt"),
        (["--jobs", "0"], "--jobs must be at least 1"),
        (["-n", "a", "-n", "b"], "got 2 --name values for 1 MT directories"),
    ],
)
def test_batch_option_errors(articles, capsys, extra, message):
    root, _ = articles
    args = ["score", "--no-save", "--ref", root / "ref", root / "Online-A", *extra]
    code, out, err = run_cli(capsys, *args)
    assert code == 2 and out == "" and message in err and err.count("\n") == 1


def test_diff_shows_one_article_of_a_batch_run(articles, capsys, tmp_path):
    """``diff --article`` keeps the pairs of that article only, vs the reference and
    ``--against`` another engine; an article the run lacks is a one-line error."""
    root, docs = articles
    saved = tmp_path / "run.json"
    args = ["score", "--ref", root / "ref", root / "Online-A", root / "Online-B"]
    code, _, _ = run_cli(capsys, *args, "-f", "json", "-o", saved, "--no-save", "-q")
    assert code == 0
    run = json.loads(saved.read_text(encoding="utf-8"))
    doc = docs[1]
    refs = {g["ref"] for g in run["systems"][0]["segments"] if g["doc_id"] == doc and g["ref"]}
    others = {g["ref"] for g in run["systems"][0]["segments"] if g["doc_id"] != doc and g["ref"]}
    code, out, err = run_cli(capsys, "diff", saved, "--article", doc, "-s", "Online-A")
    assert code == 0, err
    shown = int(out.rsplit(" of ", 1)[0].split()[-1])
    assert shown == sum(1 for g in run["systems"][0]["segments"] if g["doc_id"] == doc)
    assert any(r.split()[0] in out for r in refs)
    assert not any(r in out for r in others - refs if len(r) > 40)
    code, out, err = run_cli(capsys, "diff", saved, "--article", doc, "--against", "Online-A")
    assert code == 0, err
    assert int(out.rsplit(" of ", 1)[0].split()[-1]) > 0
    code, _, err = run_cli(capsys, "diff", saved, "--article", "no-such-article")
    assert code == 2 and err.count("\n") == 1 and "unknown --article 'no-such-article'" in err


def test_runs_compare_lists_the_articles_that_got_worse(articles, capsys, tmp_path):
    """Two batch runs of one engine, the second with one article's MT replaced by
    another engine's: runs compare names that article among those that got worse."""
    root, docs = articles
    worse = _copy(root, tmp_path)
    victim = docs[2]
    shutil.copy(worse / "ref" / f"{docs[0]}.txt", worse / "Online-A" / f"{victim}.txt")
    db = tmp_path / "runs.sqlite"
    for folder in (root, worse):
        code, _, err = run_cli(
            capsys, "score", "--ref", folder / "ref", folder / "Online-A", "--db", db, "-q",
            "-f", "json", "-o", tmp_path / "x.json",
        )  # fmt: skip
        assert code == 0, err
    code, out, err = run_cli(
        capsys, "runs", "compare", "latest~1", "latest", "--db", db, "-f", "json"
    )
    assert code == 0, err
    result = json.loads(out)
    listed = [a for a in result["articles"] if a["delta"] < 0]
    assert listed[0]["article"] == victim and listed[0]["system"] == "Online-A"
    assert {a["article"] for a in result["articles"]} == set(docs)
    assert all(a["delta"] == 0 for a in result["articles"] if a["article"] != victim)
    code, out, _ = run_cli(capsys, "runs", "compare", "latest~1", "latest", "--db", db)
    assert code == 0 and "Articles that got worse" in out and victim in out


def test_article_units_with_an_added_sentence(articles, capsys, tmp_path):
    """Document-mode batch significance (article units, the default) with an MT addition
    (a 0-1 bead): the addition joins its article's unit (it crashed with IndexError)."""
    root, docs = articles
    copy = _copy(root, tmp_path)
    target = copy / "Online-B" / f"{docs[1]}.txt"
    target.write_text(
        target.read_text(encoding="utf-8") + "Subscribe to our newsletter for more news.\n",
        encoding="utf-8",
    )
    out = tmp_path / "sig.json"
    args = ["score", "--ref", copy / "ref", copy / "Online-A", copy / "Online-B"]
    code, _, err = run_cli(capsys, *args, "--significance", "bootstrap", "--resamples", "100",
                           "-f", "json", "-o", out, "--no-save", "-q")  # fmt: skip
    assert code == 0, err
    run = json.loads(out.read_text(encoding="utf-8"))
    kinds = {g["hyp_ids"] and not g["ref_ids"] for g in run["systems"][1]["segments"]}
    assert True in kinds  # the addition is there as a 0-1 bead
    sig = run["meta"]["significance"]
    assert sig["unit"] == "document" and sig["units"] == len(docs)


def _beads(segments, doc=None):
    """What a bead shows (the ids too unless one article's beads are taken)."""
    return [
        (g.ref_ids if doc is None else None, g.ref, g.hyp, g.src, list(g.errors))
        for g in segments
        if doc in (None, g.doc_id)
    ]


def test_src_dir_gives_each_article_what_single_article_src_gives(articles):
    """--src DIR: each article's beads carry the source a single-article ``--src`` run
    aligns for them, and the source-aware checks flag exactly what that run flags."""
    root, docs = articles
    names = ["Online-A", "Online-B"]
    run = score_batch(
        discover(root / "ref", [root / n for n in names], None),
        ScoreOptions(src=root / "src", jobs=2),
    )
    assert run.source["kind"] == "file" and run.source["path"] == str(root / "src")
    assert run.source["ref_sentences_with_source"] == run.reference["sentences"]
    for doc in docs:
        single = score(
            root / "ref" / f"{doc}.txt",
            [root / n / f"{doc}.txt" for n in names],
            ScoreOptions(src=root / "src" / f"{doc}.txt", names=names),
        )
        for mine, theirs in zip(run.systems, single.systems, strict=True):
            assert _beads(mine.segments, doc) == [(None, *b[1:]) for b in _beads(theirs.segments)]
            assert mine.doc_scores[doc] == theirs.corpus
    german = (root / "src" / f"{docs[0]}.txt").read_text(encoding="utf-8")
    first = [g for g in run.systems[0].segments if g.doc_id == docs[0] and g.ref_ids]
    assert first and all(g.src and g.src.split()[0] in german for g in first)


def test_src_lines_mode_gives_each_reference_line_its_source_line(articles):
    root, docs = articles
    run = score_batch(
        discover(root / "ref", [root / "PROMT"], None),
        ScoreOptions(mode="lines", src=root / "src", errors=False),
    )
    expected = [
        line
        for doc in sorted(docs)
        for line in (root / "src" / f"{doc}.txt").read_text(encoding="utf-8").splitlines()
    ]
    assert [g.src for g in run.systems[0].segments] == expected
    assert run.source["sentences"] == len(expected)


def test_missing_source_article_is_a_warning_naming_it(articles, tmp_path):
    root = _copy(articles[0], tmp_path)
    docs = sorted(articles[1])
    (root / "src" / f"{docs[1]}.txt").unlink()
    (root / "src" / "stray.txt").write_text("Ein Satz.\n", encoding="utf-8")
    warnings: list[str] = []
    run = score_batch(
        discover(root / "ref", [root / "Online-A"], None),
        ScoreOptions(src=root / "src", warn=warnings.append),
    )
    assert any(docs[1] in w and "no source for 1 article(s)" in w for w in warnings), warnings
    assert any("stray" in w and "ignored" in w for w in warnings)
    segs = run.systems[0].segments
    assert all(g.src is None for g in segs if g.doc_id == docs[1])
    assert all(g.src for g in segs if g.doc_id == docs[0] and g.ref_ids)


def test_manifest_src_rows_equal_the_src_dir(articles, tmp_path, capsys):
    root, docs = articles
    rows = ["article\tsystem\tpath"]
    for doc in docs:
        rows += [f"{doc}\t{k}\t{root / d / doc}.txt" for k, d in
                 (("ref", "ref"), ("src", "src"), ("Online-A", "Online-A"))]  # fmt: skip
    manifest = tmp_path / "day.tsv"
    manifest.write_text("\n".join(rows) + "\n", encoding="utf-8")
    opts = ScoreOptions(errors=True)
    listed = score_batch(read_manifest(manifest), opts)
    assert [s.name for s in listed.systems] == ["Online-A"]  # "src" is no engine
    folders = score_batch(discover(root / "ref", [root / "Online-A"], None),
                          ScoreOptions(src=root / "src"))  # fmt: skip
    assert _beads(listed.systems[0].segments) == _beads(folders.systems[0].segments)
    assert listed.source["sha256"] == folders.source["sha256"]
    code, out, err = run_cli(capsys, "score", "--manifest", manifest, "--src", root / "src")
    assert code == 2 and out == "" and "give no --ref, --src" in err


def test_bad_source_fails_or_is_skipped(articles, tmp_path, capsys):
    root = _copy(articles[0], tmp_path)
    docs = sorted(articles[1])
    bad = root / "src" / f"{docs[3]}.txt"
    bad.write_bytes(b"\x00\x01binary\x00")
    args = ["score", "--no-save", "--ref", root / "ref", root / "Online-A", "--src", root / "src"]
    code, out, err = run_cli(capsys, *args, "-f", "json")
    assert code == 2 and out == "" and err.count("\n") == 1 and str(bad) in err
    code, out, err = run_cli(capsys, *args, "-f", "json", "--skip-bad")
    assert code == 0, err
    assert "skipped" in err and str(bad) in err and f"{docs[3]} has no source" in err
    segs = json.loads(out)["systems"][0]["segments"]
    assert all(g["src"] is None for g in segs if g["doc_id"] == docs[3])
    assert any(g["src"] for g in segs if g["doc_id"] == docs[2])


needs_comet = pytest.mark.skipif(
    importlib.util.find_spec("comet") is None, reason="needs the [comet] extra"
)


@pytest.fixture(scope="module")
def tiny_comet(tmp_path_factory) -> Path:
    from test_comet import build_comet_checkpoint  # the tiny real checkpoint, no download

    return build_comet_checkpoint(tmp_path_factory.mktemp("comet"))


@needs_comet
def test_batch_comet_loads_the_model_once_per_process(articles, tiny_comet, monkeypatch, tmp_path):
    """COMET over all articles: the model is loaded once per scoring process (not per
    article), two CPU processes (--jobs 2) give exactly the one-process scores, and
    without --jobs COMET stays in one process."""
    import comet

    import mtcompare.metrics.comet as module

    root, docs = articles
    loads = tmp_path / "loads"
    real = comet.load_from_checkpoint

    def counting(*args, **kwargs):
        with loads.open("a") as fh:  # forked workers inherit the patch and append too
            fh.write(f"{os.getpid()}\n")
        return real(*args, **kwargs)

    monkeypatch.setattr(comet, "load_from_checkpoint", counting)
    runs, names = {}, [root / "Online-A", root / "Online-B"]
    for jobs in (1, 2, None):  # None: --jobs not given, COMET stays in this process
        monkeypatch.setattr(module, "_MODEL_CACHE", {})
        opts = ScoreOptions(metrics=["bleu", "comet"], comet_model=str(tiny_comet),
                            src=root / "src", jobs=jobs, batch_size=4)  # fmt: skip
        runs[jobs] = score_batch(discover(root / "ref", names, None), opts).to_dict()
        runs[jobs]["meta"].pop("created")
        pids = loads.read_text().split()
        loads.unlink()
        assert len(pids) == len(set(pids))  # each process loaded it once
        if jobs != 2:
            assert pids == [str(os.getpid())]
        else:  # the workers loaded it, not this process, at most once each
            assert 1 <= len(pids) <= 2 and str(os.getpid()) not in pids
    assert runs[1] == runs[2] == runs[None]
    segs = runs[1]["systems"][0]["segments"]
    assert sum("comet" in g["scores"] for g in segs) > 4 * len(docs)  # many batches of 4
    assert all(g["src"] for g in segs if g["ref_ids"])


@needs_comet
def test_batch_comet_article_scores_match_single_article_runs(articles, tiny_comet):
    root, docs = articles
    names = ["Online-A", "PROMT"]
    common = {"metrics": ["comet"], "comet_model": str(tiny_comet), "errors": False}
    run = score_batch(
        discover(root / "ref", [root / n for n in names], None),
        ScoreOptions(src=root / "src", jobs=2, **common),
    )
    for doc in docs[:3]:
        single = score(
            root / "ref" / f"{doc}.txt",
            [root / n / f"{doc}.txt" for n in names],
            ScoreOptions(src=root / "src" / f"{doc}.txt", names=names, **common),
        )
        for mine, theirs in zip(run.systems, single.systems, strict=True):
            # other batch neighbours, other padding: equal up to float noise
            assert mine.doc_scores[doc]["comet"] == pytest.approx(theirs.corpus["comet"], abs=1e-5)


@needs_comet
def test_batch_comet_without_a_source_article_is_one_line(articles, tiny_comet, tmp_path, capsys):
    root = _copy(articles[0], tmp_path)
    doc = sorted(articles[1])[2]
    (root / "src" / f"{doc}.txt").unlink()
    args = ["score", "--no-save", "--ref", root / "ref", root / "Online-A", "--src", root / "src"]
    code, out, err = run_cli(capsys, *args, "-m", "comet", "--comet-model", tiny_comet)
    assert code == 2 and out == "" and err.count("\n") == 1
    assert f"no source for 1 article(s) in {root / 'src'}: {doc}" in err
    assert "COMET needs the source of every article" in err
    code, out, err = run_cli(capsys, *args, "-m", "bleu", "-f", "json")
    assert code == 0 and "warning" in err and doc in err  # without COMET: a warning


REPO = Path(__file__).resolve().parents[1]
ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")


def _stderr_of(args: list[object], tty: bool) -> tuple[int, str]:
    """Run ``mtcompare`` in a fresh interpreter, its stderr a pty (``tty``) or a pipe;
    returns the exit code and everything written to stderr, control sequences removed."""
    env = {k: v for k, v in os.environ.items() if k not in ("FORCE_COLOR", "TTY_COMPATIBLE")}
    env.update(PYTHONPATH=str(REPO), TERM="xterm", COLUMNS="100")
    cmd = [sys.executable, "-m", "mtcompare", *map(str, args)]
    if not tty:
        done = subprocess.run(cmd, env=env, stdout=subprocess.DEVNULL, capture_output=False,
                              stderr=subprocess.PIPE, timeout=600)  # fmt: skip
        return done.returncode, ANSI.sub("", done.stderr.decode())
    master, slave = pty.openpty()
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=slave)
    os.close(slave)
    chunks = []
    while True:
        try:
            chunk = os.read(master, 65536)
        except OSError:  # EIO: the child closed the terminal
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(master)
    return proc.wait(timeout=600), ANSI.sub("", b"".join(chunks).decode(errors="replace"))


def test_progress_bar_over_articles_only_on_a_terminal(articles, tmp_path):
    root, _ = articles
    args = ["score", "--no-save", "--ref", root / "ref", root / "Online-A", root / "Online-B"]
    args += ["-f", "json", "-o", tmp_path / "out.json", "--src", root / "src"]
    code, shown = _stderr_of(args, tty=True)
    assert code == 0, shown
    assert "reading references" in shown and "aligning" in shown and "━" in shown
    counts = {int(m) for m in re.findall(r"aligning\s+[━╸╺]*\s*(\d+)/5", shown)}
    assert {0, 5} <= counts <= set(range(6)), shown  # over the 5 articles, to the end
    assert json.loads((tmp_path / "out.json").read_text(encoding="utf-8"))["systems"]
    code, piped = _stderr_of(args, tty=False)
    assert code == 0 and piped == ""  # not a terminal: no bar, nothing else either
    code, quiet = _stderr_of([*args, "-q"], tty=True)
    assert code == 0 and "━" not in quiet and "aligning" not in quiet


@needs_comet
def test_progress_bar_over_comet_batches(articles, tiny_comet, tmp_path):
    root, _ = articles
    args = ["score", "--no-save", "--ref", root / "ref", root / "Online-A", "--src", root / "src"]
    args += ["-m", "comet", "--comet-model", tiny_comet, "--batch-size", "4", "--no-errors"]
    code, shown = _stderr_of([*args, "-f", "json", "-o", tmp_path / "out.json"], tty=True)
    assert code == 0, shown
    totals = {int(t) for t in re.findall(r"scoring comet\s+[━╸╺]*\s*\d+/(\d+)", shown)}
    assert totals and max(totals) > 4, shown  # segments, advanced batch by batch


def test_low_coverage_warns_as_a_single_article_run(articles, tmp_path):
    """An MT file that is another article's translation: the batch warns, naming the
    file, with the message a single-article run gives for the same pair."""
    root = _copy(articles[0], tmp_path)
    docs = sorted(articles[1])
    wrong = root / "Online-A" / f"{docs[3]}.txt"
    shutil.copy(root / "Online-A" / f"{docs[4]}.txt", wrong)
    batch_warnings: list[str] = []
    score_batch(
        discover(root / "ref", [root / "Online-A"], None),
        ScoreOptions(errors=False, warn=batch_warnings.append),
    )
    single_warnings: list[str] = []
    score(root / "ref" / f"{docs[3]}.txt", [wrong],
          ScoreOptions(errors=False, warn=single_warnings.append))  # fmt: skip
    assert (
        len(single_warnings) == 1
        and "of the reference sentences found a match" in single_warnings[0]
    )
    assert batch_warnings == single_warnings
    assert batch_warnings[0].startswith(f"{wrong}: only ")
