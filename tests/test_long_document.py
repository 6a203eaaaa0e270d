"""Document mode on a long article pair: the speed-ups (segmentation split over the cores,
the TER search's bounds, flags shared between processes) give what the plain way gives:
sacrebleu's own statistics for every bead, split_sentences run in one call, and annotate
run bead by bead."""

from __future__ import annotations

import copy
from itertools import groupby
from pathlib import Path

import Levenshtein
import pytest
from sacrebleu.metrics import BLEU, CHRF, TER
from sacrebleu.metrics.lib_ter import BeamEditDistance

import mtcompare.core.parallel as parallel
from mtcompare import pipeline
from mtcompare.checks import annotate
from mtcompare.pipeline import ScoreOptions, score, segment_document
from mtcompare.segment import split_sentences

#: zh-en documents whose beads include some where sacrebleu's TER beam gives more edits
#: than the edit distance (the case the TER search checks with its slow path).
DOCS = (21, 129, *range(190, 200), *range(222, 230), 245)


def _article(wmt22_dir: Path, suffix: str) -> str:
    """The DOCS of one zh-en WMT22 file, each document's lines joined into a paragraph."""
    d = wmt22_dir / "zh-en"
    ids = (d / "generaltest2022.zh-en.docids").read_text(encoding="utf-8").splitlines()
    lines = (d / f"generaltest2022.zh-en.{suffix}").read_text(encoding="utf-8").splitlines()
    docs = [
        [line for _, line in g]
        for _, g in groupby(zip(ids, lines, strict=True), key=lambda r: r[0])
    ]
    return "\n".join(" ".join(docs[k]) for k in DOCS) + "\n"


@pytest.fixture(scope="module")
def article_pair(wmt22_dir, tmp_path_factory) -> tuple[Path, Path]:
    root = tmp_path_factory.mktemp("long")
    ref, mt = root / "ref.txt", root / "mt.txt"
    ref.write_text(_article(wmt22_dir, "ref.A.en"), encoding="utf-8")
    mt.write_text(_article(wmt22_dir, "hyp.Online-B.en"), encoding="utf-8")
    return ref, mt


@pytest.fixture
def forked_splits(monkeypatch) -> list[int]:
    """Segment on several processes from a few paragraphs on; records each split's size."""
    calls: list[int] = []
    real = parallel.split_map

    def recording(func, items, *args, **kwargs):
        calls.append(len(items))
        return real(func, items, *args, **kwargs)

    monkeypatch.setattr(pipeline, "SEGMENT_PARALLEL_MIN", 3)
    monkeypatch.setattr(parallel, "split_map", recording)
    monkeypatch.setattr(parallel, "available_cores", lambda: 2)
    return calls


def test_parallel_segmentation_equals_one_call(article_pair, seeds_dir, forked_splits):
    texts = [
        p.read_text(encoding="utf-8") for p in (*article_pair, *sorted(seeds_dir.glob("*.txt")))
    ]
    for text in texts:
        assert segment_document(text) == split_sentences(text)
    assert len(forked_splits) >= 2  # the long texts did go through the worker processes


def test_document_mode_equals_sacrebleu_and_annotate(article_pair, forked_splits):
    ref, mt = article_pair
    run = score(ref, [mt], ScoreOptions())
    assert run.reference["sentences"] == len(split_sentences(ref.read_text(encoding="utf-8")))
    system = run.systems[0]
    segs = system.segments
    hyps, refs = [s.hyp for s in segs], [s.ref for s in segs]
    ter = TER()
    words = [
        (ter._preprocess_segment(h).split(), ter._preprocess_segment(r).split())
        for h, r in zip(hyps, refs, strict=True)
    ]
    binding = sum(
        bool(r) and BeamEditDistance(r)(h)[0] != Levenshtein.distance(h, r) for h, r in words
    )
    assert binding >= 2  # the TER search's slow path is exercised
    for name, corpus, sentence in (
        ("bleu", BLEU(), BLEU(effective_order=True)),
        ("chrf", CHRF(), CHRF()),
        ("ter", ter, ter),
    ):
        stats = corpus._extract_corpus_statistics(hyps, [refs])  # what corpus_score sums
        assert system.corpus[name] == corpus._aggregate_and_compute(stats).score
        if name != "bleu":  # sentence BLEU needs its own statistics (effective order)
            expected = [round(sentence._compute_score_from_stats(row).score, 4) for row in stats]
        else:
            expected = [
                round(sentence.sentence_score(h, [r]).score, 4)
                for h, r in zip(hyps, refs, strict=True)
            ]
        assert [s.scores[name] for s in segs] == expected
    plain = copy.deepcopy(segs)
    annotate(plain)
    assert [s.errors for s in segs] == [s.errors for s in plain]
    assert sum(len(s.errors) for s in segs) > 0
